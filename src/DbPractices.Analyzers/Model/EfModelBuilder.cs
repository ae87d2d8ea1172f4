namespace DbPractices.Analyzers.Model;

/// <summary>
/// Joins what the compilation's symbols say (DbSets, configuration classes, annotations, navigations)
/// with the fluent facts of every tree and EF Core's conventions into an <see cref="EfModel"/>.
/// </summary>
internal sealed class EfModelBuilder
{
    private readonly EfSymbols _symbols;
    private readonly EfModel _model;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, INamedTypeSymbol> _sourceTypesByKey = new(StringComparer.Ordinal);
    private readonly List<ConfigFact> _facts = new();
    private readonly HashSet<string> _ownedTypeKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _complexTypeKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<ITypeSymbol, string> _dbSetNames = new(SymbolEqualityComparer.Default);

    /// <summary>DbSet element types by DbContext (each context's own declared entity types).</summary>
    private readonly Dictionary<INamedTypeSymbol, List<(INamedTypeSymbol Entity, string Name)>> _dbSetsByContext = new(SymbolEqualityComparer.Default);

    /// <summary>Type keys of the source classes implementing IEntityTypeConfiguration&lt;T&gt;.</summary>
    private readonly List<string> _configurationClassKeys = new();

    /// <summary>The entity types each configuration class (by type key) configures.</summary>
    private readonly Dictionary<string, List<INamedTypeSymbol>> _configuredByClass = new(StringComparer.Ordinal);

    // nearest configuration sites in source, for entities with members declared in another assembly
    private readonly Dictionary<ITypeSymbol, Location> _configurationClassSites = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ITypeSymbol, Location> _entityCallSites = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ITypeSymbol, Location> _dbSetSites = new(SymbolEqualityComparer.Default);

    // exposed by a DbSet of a context compiled into another assembly (IdentityDbContext's Users): its compiled
    // OnModelCreating, which the model cannot read, may configure their members
    private readonly HashSet<ITypeSymbol> _configuredByCompiledContext = new(SymbolEqualityComparer.Default);

    private EfModelBuilder(EfSymbols symbols, CancellationToken cancellationToken)
    {
        _symbols = symbols;
        _model = new EfModel(symbols);
        _cancellationToken = cancellationToken;
    }

    /// <summary>A builder of one context's model, sharing the compilation-wide tables of <paramref name="parent"/>.</summary>
    private EfModelBuilder(EfModelBuilder parent, INamedTypeSymbol context)
    {
        _symbols = parent._symbols;
        _model = new EfModel(_symbols) { Context = context };
        _cancellationToken = parent._cancellationToken;
        _sourceTypesByKey = parent._sourceTypesByKey;
    }

    public static EfModel Build(EfSymbols symbols, CancellationToken cancellationToken)
    {
        var builder = new EfModelBuilder(symbols, cancellationToken);
        builder.Run();
        return builder._model;
    }

    private void Run()
    {
        _model.Providers = DetectProviders(_symbols.Compilation);

        var candidates = new List<INamedTypeSymbol>();
        CollectSourceTypes(_symbols.Compilation.Assembly.GlobalNamespace, candidates);

        var factTrees = new List<SyntaxTree>();
        foreach (var tree in _symbols.Compilation.SyntaxTrees)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var facts = FluentConfigurationReader.Read(tree, _symbols, _cancellationToken);
            if (!facts.IsEmpty)
            {
                _facts.AddRange(facts);
                factTrees.Add(tree);
            }
        }

        ExpandGenericHelpers();
        BuildEntities(candidates);
        AssignExternalSites();
        _model.Seal(factTrees);
        BuildContextModels();
    }

    /// <summary>The entities the facts and candidate types make, read, configured and related (the same for the compilation's model and a context's).</summary>
    private void BuildEntities(List<INamedTypeSymbol> candidates)
    {
        ApplyModelLevelFacts(candidates);
        DiscoverEntities(candidates);
        foreach (var entity in _model.Entities)
        {
            ReadEntity(entity);
        }

        ApplyEntityFacts();
        foreach (var entity in _model.Entities)
        {
            ResolvePrimaryKey(entity);
        }

        new RelationshipDiscovery(_model, _facts, Resolve).Run();
        ResolveRequiredness();
    }

    /// <summary>
    /// One model per DbContext, as EF Core builds each context separately: its DbSets, the configuration its
    /// OnModelCreating/ConfigureConventions/OnConfiguring reaches (helpers it calls, <c>base.OnModelCreating</c>,
    /// the configuration classes it applies) and the facts no context reaches. With one context (or none) the
    /// compilation's model is that context's model: nothing is built twice.
    /// </summary>
    private void BuildContextModels()
    {
        var contexts = _model.Contexts;
        if (contexts.Count <= 1)
        {
            if (contexts.Count == 1)
            {
                _model.Context = contexts[0];
            }

            _model.SetContextModels(new[] { _model });
            return;
        }

        var ownership = new FactOwnership(this);
        var reached = new List<List<int>>(contexts.Count);
        var applied = new List<List<INamedTypeSymbol>>(contexts.Count);
        var reachedOwners = new HashSet<string>(StringComparer.Ordinal);
        var appliedClasses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var context in contexts)
        {
            var configured = new List<INamedTypeSymbol>();
            reached.Add(ownership.FactsOf(context, reachedOwners, appliedClasses, configured));
            applied.Add(configured);
        }

        // what no context reaches (an unapplied configuration class, options outside any context) holds in every one, as before
        var orphanIndexes = ownership.Orphans(reachedOwners);
        var orphanConfigured = new List<INamedTypeSymbol>();
        foreach (var pair in _configuredByClass)
        {
            if (!appliedClasses.Contains(pair.Key))
            {
                orphanConfigured.AddRange(pair.Value);
            }
        }

        var models = new List<EfModel>(contexts.Count);
        for (var i = 0; i < contexts.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var indexes = reached[i];
            indexes.AddRange(orphanIndexes);
            indexes.Sort();
            var facts = new List<ConfigFact>(indexes.Count);
            var last = -1;
            foreach (var index in indexes)
            {
                if (index != last)
                {
                    facts.Add(_facts[index]);
                    last = index;
                }
            }

            var builder = new EfModelBuilder(this, contexts[i]);
            applied[i].AddRange(orphanConfigured);
            builder.RunForContext(_model.Providers, _dbSetsByContext.TryGetValue(contexts[i], out var dbSets) ? dbSets : new List<(INamedTypeSymbol, string)>(), applied[i], facts);
            models.Add(builder._model);
        }

        _model.SetContextModels(models);
    }

    /// <summary>The steps of <see cref="Run"/> for one context, on the facts attributed to it.</summary>
    private void RunForContext(DatabaseProvider providers, List<(INamedTypeSymbol Entity, string Name)> dbSets, List<INamedTypeSymbol> configured, List<ConfigFact> facts)
    {
        _model.Providers = providers;
        _model.AddBuiltContext(_model.Context!);
        _facts.AddRange(facts);
        var candidates = new List<INamedTypeSymbol>(dbSets.Count + configured.Count);
        candidates.AddRange(configured);
        foreach (var (entity, name) in dbSets)
        {
            candidates.Add(entity);
            if (!_dbSetNames.ContainsKey(entity.OriginalDefinition))
            {
                _dbSetNames[entity.OriginalDefinition] = name;
            }
        }

        BuildEntities(candidates);
        _model.Seal(null);
    }

    /// <summary>Which facts each DbContext reaches: the owners of its configuration methods and what they call or apply.</summary>
    private sealed class FactOwnership
    {
        private static readonly string[] RootMethods = { "OnModelCreating", "ConfigureConventions", "OnConfiguring" };

        private readonly EfModelBuilder _builder;
        private readonly Dictionary<string, List<int>> _factsByOwner = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _calls = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _applies = new(StringComparer.Ordinal);
        private readonly List<int> _ownerless = new();

        public FactOwnership(EfModelBuilder builder)
        {
            _builder = builder;
            var facts = builder._facts;
            for (var i = 0; i < facts.Count; i++)
            {
                var fact = facts[i];
                if (fact.Owner is not { } owner)
                {
                    _ownerless.Add(i);
                    continue;
                }

                if (!_factsByOwner.TryGetValue(owner, out var list))
                {
                    _factsByOwner[owner] = list = new List<int>();
                }

                list.Add(i);
                switch (fact.Kind)
                {
                    case ConfigFactKind.Call when fact.Name is not null:
                        AddCall(owner, fact.Name);
                        break;
                    case ConfigFactKind.ApplyConfiguration when fact.Target is not null:
                        Add(_applies, owner, fact.Target);
                        break;
                    case ConfigFactKind.ApplyConfigurationsFromAssembly:
                        foreach (var configuration in builder._configurationClassKeys)
                        {
                            Add(_applies, owner, configuration);
                        }

                        break;
                }
            }
        }

        /// <summary>Indexes of the facts the context reaches; adds the owners it reaches to <paramref name="reachedOwners"/>.</summary>
        public List<int> FactsOf(INamedTypeSymbol context, HashSet<string> reachedOwners, HashSet<string> appliedClasses, List<INamedTypeSymbol> configured)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<string>();
            foreach (var name in RootMethods)
            {
                // EF Core calls the most derived override; base.OnModelCreating(..) is a call like any other
                for (var type = context; type is not null && type.Locations.Length > 0 && type.Locations[0].IsInSource; type = type.BaseType)
                {
                    if (type.GetMembers(name).Length > 0)
                    {
                        if (seen.Add(ConfigFact.OwnerKey(type, name)))
                        {
                            queue.Enqueue(ConfigFact.OwnerKey(type, name));
                        }

                        break;
                    }
                }
            }

            var indexes = new List<int>();
            while (queue.Count > 0)
            {
                var owner = queue.Dequeue();
                reachedOwners.Add(owner);
                if (_factsByOwner.TryGetValue(owner, out var facts))
                {
                    indexes.AddRange(facts);
                }

                if (_calls.TryGetValue(owner, out var callees))
                {
                    foreach (var callee in callees)
                    {
                        if (seen.Add(callee))
                        {
                            queue.Enqueue(callee);
                        }
                    }
                }

                if (_applies.TryGetValue(owner, out var configurations))
                {
                    foreach (var configuration in configurations)
                    {
                        // the configured entity joins the context even when Configure is empty or expression-bodied
                        if (seen.Add("apply:" + configuration))
                        {
                            appliedClasses.Add(configuration);
                            if (_builder._configuredByClass.TryGetValue(configuration, out var types))
                            {
                                configured.AddRange(types);
                            }

                            if (ConfigureOwner(configuration) is { } configure && seen.Add(configure))
                            {
                                queue.Enqueue(configure);
                            }
                        }
                    }
                }
            }

            return indexes;
        }

        /// <summary>Facts no context reaches: read outside configuration methods, or in methods nothing reached calls.</summary>
        public List<int> Orphans(HashSet<string> reachedOwners)
        {
            var orphans = new List<int>(_ownerless);
            foreach (var pair in _factsByOwner)
            {
                if (!reachedOwners.Contains(pair.Key))
                {
                    orphans.AddRange(pair.Value);
                }
            }

            orphans.Sort();
            return orphans;
        }

        private void AddCall(string caller, string callee) => Add(_calls, caller, callee);

        private static void Add(Dictionary<string, List<string>> map, string key, string value)
        {
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = new List<string>();
            }

            list.Add(value);
        }

        /// <summary>The owner key of the Configure method a configuration class runs (declared by it or a base class).</summary>
        private string? ConfigureOwner(string? configurationKey)
        {
            for (var type = _builder.Resolve(configurationKey); type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                if (type.GetMembers("Configure").Length > 0)
                {
                    return ConfigFact.OwnerKey(type, "Configure");
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Configuration a generic helper writes on its type parameter holds for the type arguments it is called with
    /// (<c>ConfigureSoftDelete(modelBuilder.Entity&lt;Order&gt;())</c>, <c>Configure&lt;Order&gt;(modelBuilder)</c>, also through
    /// another generic helper that passes its own type parameter on): each such fact is replaced by one copy per type
    /// argument, taking effect where the call is. A helper invoked for every entity type (named in a GetEntityTypes()
    /// loop, given to MakeGenericMethod), or one no call of which is seen, keeps the reading by its constraints:
    /// its facts hold for every entity meeting them, except filters (the loop's own fact), relationships and owned
    /// types, and nothing when it has no constraint.
    /// </summary>
    private void ExpandGenericHelpers()
    {
        Dictionary<string, List<ConfigFact>>? calls = null;
        HashSet<string>? forAll = null;
        var any = false;
        foreach (var fact in _facts)
        {
            switch (fact.Kind)
            {
                case ConfigFactKind.GenericHelperCall when fact.Name is not null:
                    calls ??= new Dictionary<string, List<ConfigFact>>(StringComparer.Ordinal);
                    if (!calls.TryGetValue(fact.Name, out var list))
                    {
                        calls[fact.Name] = list = new List<ConfigFact>();
                    }

                    list.Add(fact);
                    break;
                case ConfigFactKind.GenericHelperForAll when fact.Name is not null:
                    (forAll ??= new HashSet<string>(StringComparer.Ordinal)).Add(fact.Name);
                    break;
            }

            any |= fact.Helper is not null;
        }

        if (!any)
        {
            return;
        }

        var expanded = new List<ConfigFact>(_facts.Count);
        foreach (var fact in _facts)
        {
            if (fact.Helper is null)
            {
                expanded.Add(fact);
                continue;
            }

            var targets = new List<(string Entity, Location At)>();
            var everyEntity = false;
            CollectHelperTargets(fact.Helper, fact.HelperTypeParameter, null, targets, ref everyEntity, new HashSet<string>(StringComparer.Ordinal));
            var byConstraints = everyEntity || targets.Count == 0;
            if (byConstraints && !fact.Types.IsEmpty &&
                fact.Kind is not (ConfigFactKind.QueryFilter or ConfigFactKind.Relationship or ConfigFactKind.EntityBlock or ConfigFactKind.Owned))
            {
                // every type argument meets the constraints: the calls add nothing
                expanded.Add(fact);
                continue;
            }

            if (everyEntity && fact.Kind == ConfigFactKind.QueryFilter)
            {
                // the loop's own filter stands for it
                continue;
            }

            foreach (var (entity, at) in targets)
            {
                expanded.Add(fact.ForCall(entity, at));
            }
        }

        _facts.Clear();
        _facts.AddRange(expanded);

        void CollectHelperTargets(string helper, int ordinal, Location? outerCall, List<(string, Location)> found, ref bool every, HashSet<string> visited)
        {
            if (!visited.Add(helper + "#" + ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                return;
            }

            every |= forAll?.Contains(helper) == true;
            if (calls is null || !calls.TryGetValue(helper, out var helperCalls))
            {
                return;
            }

            foreach (var call in helperCalls)
            {
                if (ordinal >= call.Types.Length)
                {
                    continue;
                }

                var argument = call.Types[ordinal];
                var at = outerCall ?? call.Location;
                if (!argument.StartsWith(ConfigFact.GenericEntity, StringComparison.Ordinal))
                {
                    found.Add((argument, at));
                    continue;
                }

                // a type parameter of the calling helper: whatever that helper is called with
                var rest = argument.Substring(ConfigFact.GenericEntity.Length);
                var colon = rest.IndexOf(':');
                if (colon > 0 && int.TryParse(rest.Substring(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var callerOrdinal))
                {
                    CollectHelperTargets(rest.Substring(colon + 1), callerOrdinal, outerCall, found, ref every, visited);
                }
            }
        }
    }

    private static DatabaseProvider DetectProviders(Compilation compilation)
    {
        var providers = DatabaseProvider.None;
        foreach (var assembly in compilation.ReferencedAssemblyNames)
        {
            providers |= assembly.Name switch
            {
                "Microsoft.EntityFrameworkCore.SqlServer" => DatabaseProvider.SqlServer,
                "Npgsql.EntityFrameworkCore.PostgreSQL" => DatabaseProvider.PostgreSql,
                "Microsoft.EntityFrameworkCore.Sqlite" => DatabaseProvider.Sqlite,
                "Pomelo.EntityFrameworkCore.MySql" or "MySql.EntityFrameworkCore" or "MySql.Data.EntityFrameworkCore" => DatabaseProvider.MySql,
                "Microsoft.EntityFrameworkCore.Cosmos" => DatabaseProvider.Cosmos,
                "Microsoft.EntityFrameworkCore.InMemory" => DatabaseProvider.InMemory,
                "Oracle.EntityFrameworkCore" => DatabaseProvider.Oracle,
                _ => DatabaseProvider.None,
            };
        }

        return providers;
    }

    /// <summary>DbContexts, their DbSets and configuration classes, from declarations only (no body is bound).</summary>
    private void CollectSourceTypes(INamespaceOrTypeSymbol container, List<INamedTypeSymbol> candidates)
    {
        foreach (var member in container.GetMembers())
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (member is INamespaceSymbol ns)
            {
                CollectSourceTypes(ns, candidates);
                continue;
            }

            if (member is not INamedTypeSymbol type)
            {
                continue;
            }

            _sourceTypesByKey[type.GetTypeKey()] = type;
            if (type.TypeKind == TypeKind.Class && type.MayHaveBaseList())
            {
                if (_symbols.IsDbContext(type))
                {
                    _model.AddBuiltContext(type);
                    var dbSets = _dbSetsByContext[type] = new List<(INamedTypeSymbol, string)>();
                    foreach (var property in type.GetInstanceProperties())
                    {
                        if (_symbols.GetDbSetElementType(property.Type) is INamedTypeSymbol entity)
                        {
                            candidates.Add(entity);
                            dbSets.Add((entity, property.Name));
                            if (!_dbSetNames.ContainsKey(entity.OriginalDefinition))
                            {
                                _dbSetNames[entity.OriginalDefinition] = property.Name;
                            }

                            if (!SymbolEqualityComparer.Default.Equals(property.ContainingAssembly, _symbols.Compilation.Assembly))
                            {
                                _configuredByCompiledContext.Add(entity.OriginalDefinition);
                            }
                            else if (!_dbSetSites.ContainsKey(entity.OriginalDefinition) && property.Locations.Length > 0)
                            {
                                _dbSetSites[entity.OriginalDefinition] = property.Locations[0];
                            }
                        }
                    }
                }
                else if (_symbols.IEntityTypeConfiguration is { } configuration)
                {
                    foreach (var implemented in type.AllInterfaces)
                    {
                        if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, configuration) &&
                            implemented.TypeArguments[0] is INamedTypeSymbol configured)
                        {
                            candidates.Add(configured);
                            var key = type.GetTypeKey();
                            if (!_configuredByClass.TryGetValue(key, out var configuredTypes))
                            {
                                _configurationClassKeys.Add(key);
                                _configuredByClass[key] = configuredTypes = new List<INamedTypeSymbol>();
                            }

                            configuredTypes.Add(configured);

                            if (!_configurationClassSites.ContainsKey(configured.OriginalDefinition) && type.Locations.Length > 0)
                            {
                                _configurationClassSites[configured.OriginalDefinition] = type.Locations[0];
                            }
                        }
                    }
                }
            }

            if (type.TypeKind == TypeKind.Interface)
            {
                // a context interface (IApplicationDbContext) in a project without the DbContext: its DbSet<T>
                // properties name the entity types the query rules judge there (RULES.md "Query root")
                foreach (var property in type.GetMembers())
                {
                    if (property is IPropertySymbol { IsStatic: false } dbSet && _symbols.GetDbSetElementType(dbSet.Type) is INamedTypeSymbol entity)
                    {
                        candidates.Add(entity);
                    }
                }
            }

            if (type.GetTypeMembers().Length > 0)
            {
                CollectSourceTypes(type, candidates);
            }
        }
    }

    private INamedTypeSymbol? Resolve(string? key)
    {
        if (key is null)
        {
            return null;
        }

        #pragma warning disable RS0030 // the model build resolves a referenced type a fact names, once per build
        return _sourceTypesByKey.TryGetValue(key, out var type) ? type : _symbols.Compilation.GetTypeByMetadataName(key);
        #pragma warning restore RS0030
    }

    private void ApplyModelLevelFacts(List<INamedTypeSymbol> candidates)
    {
        foreach (var fact in _facts)
        {
            switch (fact.Kind)
            {
                case ConfigFactKind.EntityDeclared:
                case ConfigFactKind.EntityBlock:
                    if (Resolve(fact.Entity) is { } declared)
                    {
                        candidates.Add(declared);
                        if (fact.Kind == ConfigFactKind.EntityDeclared && !_entityCallSites.ContainsKey(declared.OriginalDefinition))
                        {
                            _entityCallSites[declared.OriginalDefinition] = fact.Location;
                        }
                    }

                    break;
                case ConfigFactKind.Owned:
                    if (fact.Target is not null)
                    {
                        _ownedTypeKeys.Add(fact.Target);
                    }

                    break;
                case ConfigFactKind.Relationship:
                    // HasMany<Tag>().WithOne(): EF Core adds the related type to the model even without a navigation
                    if (Resolve(fact.Target) is { } related)
                    {
                        candidates.Add(related);
                    }

                    break;
                case ConfigFactKind.ComplexProperty when fact.Target is not null:
                    _complexTypeKeys.Add(fact.Target);
                    break;
                case ConfigFactKind.ConventionRemoved:
                    _model.RemoveConvention(fact.Name!);
                    break;
                case ConfigFactKind.BulkConvention:
                    if (fact.Target is not null)
                    {
                        _model.AddBulkConvention(new BulkConvention(fact.Target, fact.Facet, fact.Location));
                    }

                    break;
                case ConfigFactKind.LoopQueryFilter:
                    _model.AddLoopQueryFilter(new LoopQueryFilter(fact.Name, fact.Members, fact.Types, fact.Location));
                    break;
                case ConfigFactKind.LazyLoading:
                    _model.LazyLoadingEnabled = true;
                    break;
                case ConfigFactKind.SplitQueryDefault:
                    _model.SplitQueryByDefault = true;
                    break;
                case ConfigFactKind.RetryingStrategy:
                    _model.RetryingStrategyContexts.Add(fact.Name ?? string.Empty);
                    break;
                case ConfigFactKind.NoTrackingDefault:
                    _model.NoTrackingContexts.Add(fact.Name ?? string.Empty);
                    break;
            }
        }
    }

    /// <summary>The declared entity types and everything their navigations reach (EF Core's discovery).</summary>
    private void DiscoverEntities(List<INamedTypeSymbol> candidates)
    {
        var queue = new Queue<INamedTypeSymbol>();
        foreach (var candidate in candidates)
        {
            Enqueue(candidate);
        }

        while (queue.Count > 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var type = queue.Dequeue();
            foreach (var property in type.GetInstanceProperties())
            {
                if (IsMappedCandidate(property) && GetNavigationTarget(property.Type, out var isCollection) is { } target && IsNavigationCandidate(property, isCollection))
                {
                    Enqueue(target);
                }
            }
        }

        // Base types that are entities make a hierarchy; derived ones share the root's key.
        foreach (var entity in _model.Entities)
        {
            for (var b = entity.Type.BaseType; b is not null; b = b.BaseType)
            {
                if (_model.GetEntity(b) is { } baseEntity)
                {
                    entity.BaseEntity = baseEntity;
                    break;
                }
            }
        }

        void Enqueue(INamedTypeSymbol type)
        {
            type = (INamedTypeSymbol)type.OriginalDefinition;
            if (type.TypeKind != TypeKind.Class || type.IsStatic || _model.EntityMap.ContainsKey(type) ||
                type.HasAttribute(_symbols.NotMappedAttribute) || type.HasAttribute(_symbols.ComplexTypeAttribute) ||
                (_complexTypeKeys.Count > 0 && _complexTypeKeys.Contains(type.GetTypeKey())) ||
                _symbols.IsDbContext(type))
            {
                return;
            }

            var entity = new EntityModel(type)
            {
                IsOwned = type.HasAttribute(_symbols.OwnedAttribute) || _ownedTypeKeys.Contains(type.GetTypeKey()),
                IsKeyless = type.HasAttribute(_symbols.KeylessAttribute),
                DbSetName = _dbSetNames.TryGetValue(type, out var dbSetName) ? dbSetName : null,
            };
            _model.EntityMap[type] = entity;
            queue.Enqueue(type);
        }
    }

    /// <summary>
    /// The entity a property navigates to: a class outside the framework (reference navigation), or the
    /// element of a collection of such classes.
    /// </summary>
    internal INamedTypeSymbol? GetNavigationTarget(ITypeSymbol type, out bool isCollection) =>
        NavigationTypes.GetNavigationTarget(type, _symbols, out isCollection);

    /// <summary>
    /// EF Core's navigation candidates (MemberClassifier): a collection needs a public getter only; a reference also needs a
    /// setter (of any accessibility, here or on an overridden property). A computed or get-only reference
    /// (<c>public Author DefaultAuthor => Authors.First();</c>, <c>public Blog Blog { get; }</c>) is no navigation.
    /// </summary>
    private static bool IsNavigationCandidate(IPropertySymbol property, bool isCollection)
    {
        if (isCollection)
        {
            return true;
        }

        for (var p = property; p is not null; p = p.OverriddenProperty)
        {
            if (p.SetMethod is not null)
            {
                return true;
            }
        }

        return false;
    }

    private bool IsMappedCandidate(IPropertySymbol property) =>
        property.DeclaredAccessibility == Accessibility.Public && property.GetMethod is not null &&
        !property.HasAttribute(_symbols.NotMappedAttribute);

    private void ReadEntity(EntityModel entity)
    {
        var type = entity.Type;
        if (type.GetAttribute(_symbols.TableAttribute) is { ConstructorArguments.Length: > 0 } table &&
            table.ConstructorArguments[0].Value is string tableName)
        {
            entity.TableName = tableName;
        }

        if (type.GetAttribute(_symbols.PrimaryKeyAttribute) is { } primaryKey)
        {
            entity.PrimaryKey = ReadNames(primaryKey);
        }

        var indexAttributes = _symbols.IndexAttribute is not null && type.MayHaveAttribute(_symbols.IndexAttribute.Name)
            ? type.GetAttributes()
            : ImmutableArray<AttributeData>.Empty;
        foreach (var attribute in indexAttributes)
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _symbols.IndexAttribute))
            {
                var unique = false;
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "IsUnique" && named.Value.Value is true)
                    {
                        unique = true;
                    }
                }

                entity.AddIndex(new IndexModel(ReadNames(attribute), isFiltered: false, unique, attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation()));
            }
        }

        foreach (var property in type.GetInstanceProperties())
        {
            if (!IsMappedCandidate(property))
            {
                if (property.HasAttribute(_symbols.NotMappedAttribute))
                {
                    entity.Ignore(property.Name, removeMapped: false);
                }

                continue;
            }

            // a complex property (EF Core 8+): neither a navigation nor a column of its own
            if (GetComplexType(property.Type, out var isComplexCollection) is { } complexType)
            {
                AddComplexProperty(entity, property.Name, complexType, isComplexCollection, parent: null);
                continue;
            }

            if (GetNavigationTarget(property.Type, out var isCollection) is { } target && _model.GetEntity(target) is { } targetEntity &&
                IsNavigationCandidate(property, isCollection))
            {
                entity.AddNavigation(new NavigationModel(entity, property, targetEntity, isCollection));
                continue;
            }

            // Scalars need a setter (EF Core does not map get-only properties by convention).
            if (property.SetMethod is null && !MayHaveHiddenSetter(property))
            {
                continue;
            }

            entity.AddScalarProperty(property);
            if (property.GetAttribute(_symbols.ColumnAttribute) is { ConstructorArguments.Length: > 0 } column &&
                column.ConstructorArguments[0].Value is string columnName)
            {
                entity.SetColumnName(property.Name, columnName);
            }
        }

        if (_symbols.ILazyLoader is { } lazyLoader)
        {
            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (SymbolEqualityComparer.Default.Equals(parameter.Type, lazyLoader))
                    {
                        _model.LazyLoadingEnabled = true;
                    }
                }
            }
        }
    }

    /// <summary>The complex type of a property (<c>[ComplexType]</c>, or configured by <c>ComplexProperty</c>/<c>ComplexCollection</c>), or null.</summary>
    private INamedTypeSymbol? GetComplexType(ITypeSymbol type, out bool isCollection)
    {
        isCollection = false;
        if (_complexTypeKeys.Count == 0 && _symbols.ComplexTypeAttribute is null)
        {
            return null;
        }

        var candidate = type.UnwrapNullable();
        if (candidate is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic && candidate.SpecialType == SpecialType.None &&
            _symbols.IEnumerableOfT is { } enumerable && Implements(generic, enumerable))
        {
            candidate = generic.TypeArguments[0].UnwrapNullable();
            isCollection = true;
        }
        else if (candidate is IArrayTypeSymbol array)
        {
            candidate = array.ElementType;
            isCollection = true;
        }

        return candidate is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, SpecialType: SpecialType.None } named &&
               (named.HasAttribute(_symbols.ComplexTypeAttribute) || (_complexTypeKeys.Count > 0 && _complexTypeKeys.Contains(named.GetTypeKey())))
            ? named
            : null;
    }

    private void AddComplexProperty(EntityModel entity, string path, INamedTypeSymbol type, bool isCollection, ComplexPropertyModel? parent)
    {
        var complex = new ComplexPropertyModel(entity.Name, path, type.GetTypeKey(), isCollection, parent, entity.ColumnNames, entity.PropertyFacets)
        {
            // EF Core maps complex collections to JSON
            IsJson = isCollection,
        };
        entity.AddComplexProperty(complex);
        if (path.Length > 256 || path.Split('.').Length > 8)
        {
            return;
        }

        foreach (var member in type.GetInstanceProperties())
        {
            if (!IsMappedCandidate(member))
            {
                continue;
            }

            if (GetComplexType(member.Type, out var nestedCollection) is { } nested)
            {
                AddComplexProperty(entity, path + "." + member.Name, nested, nestedCollection, complex);
            }
            else if (member.GetAttribute(_symbols.ColumnAttribute) is { ConstructorArguments.Length: > 0 } column &&
                     column.ConstructorArguments[0].Value is string columnName)
            {
                complex.AttributeColumnNames[member.Name] = columnName;
            }
        }
    }

    /// <summary>
    /// An auto-property of a compiled reference with no visible setter: its private setter (<c>{ get; private set; }</c>,
    /// the usual shape of a domain entity) is not part of the reference's public metadata, so it cannot be told
    /// from a get-only auto-property; taken as mapped, as the former is far more common on entities.
    /// </summary>
    private static bool MayHaveHiddenSetter(IPropertySymbol property)
    {
        if (!property.DeclaringSyntaxReferences.IsEmpty || property.GetMethod is not { } getter)
        {
            return false;
        }

        foreach (var attribute in getter.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "CompilerGeneratedAttribute" })
            {
                return true;
            }
        }

        return false;
    }

    private static ImmutableArray<string> ReadNames(AttributeData attribute)
    {
        var names = ImmutableArray.CreateBuilder<string>();
        foreach (var argument in attribute.ConstructorArguments)
        {
            if (argument.Kind == TypedConstantKind.Array)
            {
                foreach (var element in argument.Values)
                {
                    if (element.Value is string name)
                    {
                        names.Add(name);
                    }
                }
            }
            else if (argument.Value is string single)
            {
                names.Add(single);
            }
        }

        return names.ToImmutable();
    }

    private void ApplyEntityFacts()
    {
        foreach (var fact in _facts)
        {
            if (fact.Entity == ConfigFact.GenericEntity)
            {
                foreach (var entity in _model.Entities)
                {
                    if (SatisfiesAll(entity.Type, fact.Types))
                    {
                        ApplyEntityFact(fact, entity);
                    }
                }

                continue;
            }

            if (fact.Entity is null || Resolve(fact.Entity) is not { } type || _model.GetEntity(type) is not { } target)
            {
                continue;
            }

            ApplyEntityFact(fact, target);
        }

        ApplyLoopQueryFilters();
        foreach (var entity in _model.Entities)
        {
            entity.KeptQueryFilters = KeptQueryFilters(entity.QueryFilters);
        }
    }

    /// <summary>
    /// The filters EF Core keeps: named filters (EF Core 10) accumulate, a filter replaces an earlier one with the same
    /// key (null for the unnamed filter, in every version). The order is known only between filters that take effect in
    /// one method body (source order; a chain's calls run receiver first); filters written in different methods
    /// (OnModelCreating and a configuration class, two configuration classes) or on exclusive paths (if/else, switch
    /// arms) are all kept, as if none replaced another. A GetEntityTypes() loop takes effect where the loop is written.
    /// </summary>
    internal static IReadOnlyList<QueryFilterModel> KeptQueryFilters(IReadOnlyList<QueryFilterModel> filters)
    {
        if (filters.Count < 2)
        {
            return filters;
        }

        var kept = new List<QueryFilterModel>(filters.Count);
        foreach (var filter in filters)
        {
            var replaced = false;
            foreach (var other in filters)
            {
                if (!ReferenceEquals(other, filter) && other.Name == filter.Name && RunsLater(other, filter))
                {
                    replaced = true;
                    break;
                }
            }

            if (!replaced)
            {
                kept.Add(filter);
            }
        }

        return kept;
    }

    /// <summary>True when both filters take effect in one method body, on one path, and <paramref name="later"/> after <paramref name="earlier"/>.</summary>
    private static bool RunsLater(QueryFilterModel later, QueryFilterModel earlier)
    {
        if ((later.AppliedAt ?? later.Location) is not { SourceTree: { } tree } a ||
            (earlier.AppliedAt ?? earlier.Location) is not { } b || b.SourceTree != tree || a.SourceSpan == b.SourceSpan)
        {
            return false;
        }

        var root = tree.GetRoot();
        var nodeA = root.FindNode(a.SourceSpan, getInnermostNodeForTie: true);
        var nodeB = root.FindNode(b.SourceSpan, getInnermostNodeForTie: true);
        if (EnclosingBody(nodeA) is not { } body || body != EnclosingBody(nodeB))
        {
            return false;
        }

        // exclusive paths: the two sit in different arms of one if/else or switch
        for (var node = nodeA.Parent; node is not null && node != body; node = node.Parent)
        {
            if (!node.Span.Contains(b.SourceSpan))
            {
                continue;
            }

            if (node is Microsoft.CodeAnalysis.CSharp.Syntax.IfStatementSyntax ifStatement &&
                ifStatement.Else is { } elseClause &&
                (elseClause.Span.Contains(a.SourceSpan) != elseClause.Span.Contains(b.SourceSpan)) &&
                !ifStatement.Condition.Span.Contains(a.SourceSpan) && !ifStatement.Condition.Span.Contains(b.SourceSpan))
            {
                return false;
            }

            if (node is Microsoft.CodeAnalysis.CSharp.Syntax.SwitchStatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.SwitchExpressionSyntax or
                Microsoft.CodeAnalysis.CSharp.Syntax.ConditionalExpressionSyntax)
            {
                return false;
            }

            break;
        }

        // a chain: the receiver's call (it ends first) runs first
        return a.SourceSpan.Start != b.SourceSpan.Start ? a.SourceSpan.Start > b.SourceSpan.Start : a.SourceSpan.End > b.SourceSpan.End;
    }

    private static SyntaxNode? EnclosingBody(SyntaxNode node)
    {
        for (var n = node; n is not null; n = n.Parent)
        {
            if (n is Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax or
                Microsoft.CodeAnalysis.CSharp.Syntax.AccessorDeclarationSyntax)
            {
                return n;
            }
        }

        return null;
    }

    private bool SatisfiesAll(INamedTypeSymbol type, ImmutableArray<string> constraints)
    {
        foreach (var key in constraints)
        {
            if (Resolve(key) is not { } constraint || !(type.IsOrInheritsFrom(constraint) || Implements(type, constraint)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Implements(INamedTypeSymbol type, INamedTypeSymbol candidate)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, candidate))
            {
                return true;
            }
        }

        return false;
    }

    private void ApplyEntityFact(ConfigFact fact, EntityModel entity)
    {
        switch (fact.Kind)
        {
            case ConfigFactKind.EntityBlock:
                if (fact.Name is not null)
                {
                    entity.AddConfigurationBlock(new ConfigurationBlock(fact.Name, fact.Location, fact.IsConfigurationClass));
                }

                break;
            case ConfigFactKind.Key when fact.IsPrimaryKey:
                entity.PrimaryKey = fact.Members;
                break;
            case ConfigFactKind.Key:
                entity.AddAlternateKey(fact.Members);
                break;
            case ConfigFactKind.NoKey:
                entity.IsKeyless = true;
                break;
            case ConfigFactKind.Index:
                entity.AddIndex(new IndexModel(fact.Members, fact.IsFiltered, fact.IsUnique, fact.Location));
                break;
            case ConfigFactKind.Ignore:
                foreach (var member in fact.Members)
                {
                    entity.Ignore(member, removeMapped: true);
                }

                break;
            case ConfigFactKind.ToTable:
                entity.TableName = fact.Name;
                break;
            case ConfigFactKind.View:
                entity.IsView = true;
                break;
            case ConfigFactKind.ColumnName:
                entity.SetColumnName(fact.Members[0], fact.Name!);
                break;
            case ConfigFactKind.ShadowProperty:
                if (entity.FindProperty(fact.Name!) is null)
                {
                    entity.SetShadowProperty(fact.Name!, fact.Target);
                }

                break;
            case ConfigFactKind.PropertyFacet when fact.Members.Length == 1:
                entity.AddPropertyFacet(new PropertyFacetSetting(fact.Members[0], fact.Facet, fact.Name, fact.Location));
                break;
            case ConfigFactKind.QueryFilter:
                entity.AddQueryFilter(new QueryFilterModel(fact.Name, fact.Members, fact.Location, fromLoop: false) { AppliedAt = fact.AppliedAt });
                break;
            case ConfigFactKind.Discriminator:
                entity.DiscriminatorConfigured = true;
                if (fact.Name is not null && entity.FindProperty(fact.Name) is null)
                {
                    entity.SetShadowProperty(fact.Name, fact.Target);
                }

                break;
            case ConfigFactKind.Temporal when fact.Members.Length == 2:
                entity.Temporal = new TemporalTable(fact.Members[0], fact.Members[1], fact.Location);
                break;
            case ConfigFactKind.AutoInclude when fact.Name is not null:
                entity.AddAutoInclude(fact.Name);
                break;
            case ConfigFactKind.ComplexProperty when fact.IsJson && fact.Members.Length == 1:
                foreach (var complex in entity.ComplexProperties)
                {
                    if (complex.Path == fact.Members[0])
                    {
                        complex.IsJson = true;
                    }
                }

                break;
            case ConfigFactKind.Owned when fact.Name is not null:
                // the owning navigation is not a relationship to an entity of its own
                break;
        }
    }

    private void ApplyLoopQueryFilters()
    {
        foreach (var loop in _model.LoopQueryFilters)
        {
            foreach (var entity in _model.Entities)
            {
                if (LoopCovers(loop, entity.Type))
                {
                    entity.AddQueryFilter(new QueryFilterModel(loop.Name, loop.ReadMembers, loop.Location, fromLoop: true));
                }
            }
        }
    }

    private bool LoopCovers(LoopQueryFilter loop, INamedTypeSymbol type)
    {
        if (loop.TypeTests.IsDefaultOrEmpty)
        {
            return true;
        }

        foreach (var key in loop.TypeTests)
        {
            if (Resolve(key) is not { } tested)
            {
                continue;
            }

            if (type.IsOrInheritsFrom(tested))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, tested))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Gives every entity with mapped members declared in another assembly (a Domain project, a shared kernel's
    /// base class) its nearest configuration site in source: configuration class, else <c>Entity&lt;T&gt;()</c>
    /// call, else DbSet property (see <see cref="ConfigurationSite"/>).
    /// </summary>
    private void AssignExternalSites()
    {
        foreach (var entity in _model.Entities)
        {
            var type = entity.Type;
            if (_configuredByCompiledContext.Contains(type) || !HasExternalMember(entity))
            {
                continue;
            }

            entity.ExternalSite =
                _configurationClassSites.TryGetValue(type, out var configurationClass) ? new ConfigurationSite(ConfigurationSiteKind.ConfigurationClass, configurationClass) :
                _entityCallSites.TryGetValue(type, out var call) ? new ConfigurationSite(ConfigurationSiteKind.EntityCall, call) :
                _dbSetSites.TryGetValue(type, out var dbSet) ? new ConfigurationSite(ConfigurationSiteKind.DbSetProperty, dbSet) :
                null;
        }
    }

    private bool HasExternalMember(EntityModel entity)
    {
        foreach (var _ in _model.GetExternalMembers(entity))
        {
            return true;
        }

        return false;
    }

    /// <summary>Sets <see cref="RelationshipModel.RequiredBy"/> on every one-to-many and one-to-one relationship.</summary>
    private void ResolveRequiredness()
    {
        // fluent IsRequired(..) on a relationship chain (by the chain's location) or on Navigation(..) (by dependent + navigation)
        var fluentByLocation = new Dictionary<Location, bool>();
        var navigationRequired = new Dictionary<(string Entity, string Navigation), bool>();
        foreach (var fact in _facts)
        {
            if (fact.Kind == ConfigFactKind.Relationship && fact.Relationship?.Required is { } required)
            {
                fluentByLocation[fact.Location] = required;
            }
            else if (fact.Kind == ConfigFactKind.NavigationRequired && fact.Entity is not null && fact.Name is not null)
            {
                navigationRequired[(fact.Entity, fact.Name)] = fact.IsRequired;
            }
        }

        foreach (var relationship in _model.Relationships)
        {
            if (relationship.IsManyToMany || _model.GetEntity(relationship.Dependent) is not { } dependent)
            {
                continue;
            }

            var navigation = relationship.DependentNavigation is null ? null : dependent.FindNavigation(relationship.DependentNavigation);
            bool? explicitRequired = relationship.Location is not null && fluentByLocation.TryGetValue(relationship.Location, out var byChain) ? byChain : null;
            if (explicitRequired is null && navigation is not null &&
                navigationRequired.TryGetValue((dependent.Type.GetTypeKey(), navigation.Name), out var byNavigation))
            {
                explicitRequired = byNavigation;
            }

            relationship.RequiredBy = explicitRequired switch
            {
                true => RequiredReason.Fluent,
                false => RequiredReason.None,
                null when navigation is not null && navigation.Property.HasAttribute(_symbols.RequiredAttribute) => RequiredReason.RequiredAttribute,
                null when ForeignKeyNullability(dependent, relationship.ForeignKey) is { } nullable =>
                    nullable ? RequiredReason.None : RequiredReason.NonNullableForeignKey,
                null when navigation is not null && !navigation.IsCollection &&
                          navigation.Property.Type.IsReferenceType && navigation.Property.NullableAnnotation == NullableAnnotation.NotAnnotated
                    => RequiredReason.NonNullableNavigation,
                _ => RequiredReason.None,
            };
        }
    }

    /// <summary>
    /// Whether the foreign key's CLR properties accept null (EF Core then makes the relationship optional, whatever the
    /// navigation's nullability says); null when the key is a shadow property, so the navigation decides.
    /// </summary>
    private static bool? ForeignKeyNullability(EntityModel dependent, ImmutableArray<string> foreignKey)
    {
        if (foreignKey.IsDefaultOrEmpty)
        {
            return null;
        }

        foreach (var name in foreignKey)
        {
            var property = dependent.FindProperty(name);
            for (var e = dependent.BaseEntity; property is null && e is not null; e = e.BaseEntity)
            {
                property = e.FindProperty(name);
            }

            if (property is null)
            {
                return null;
            }

            var type = property.Type;
            var nullable = type.IsReferenceType
                ? property.NullableAnnotation != NullableAnnotation.NotAnnotated
                : type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
            if (nullable)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>HasKey / [PrimaryKey] / [Key] / EF Core's convention: "Id" or "{Type}Id" (case-insensitive).</summary>
    private void ResolvePrimaryKey(EntityModel entity)
    {
        if (!entity.PrimaryKey.IsEmpty || entity.IsKeyless || entity.BaseEntity is not null)
        {
            return;
        }

        var keys = ImmutableArray.CreateBuilder<string>();
        foreach (var property in entity.ScalarProperties)
        {
            if (property.HasAttribute(_symbols.KeyAttribute))
            {
                keys.Add(property.Name);
            }
        }

        if (keys.Count > 0)
        {
            entity.PrimaryKey = keys.ToImmutable();
            return;
        }

        if (entity.IsOwned)
        {
            return;
        }

        IPropertySymbol? byTypeName = null;
        foreach (var property in entity.ScalarProperties)
        {
            if (string.Equals(property.Name, "Id", StringComparison.OrdinalIgnoreCase))
            {
                entity.PrimaryKey = ImmutableArray.Create(property.Name);
                return;
            }

            if (string.Equals(property.Name, entity.Name + "Id", StringComparison.OrdinalIgnoreCase))
            {
                byTypeName = property;
            }
        }

        if (byTypeName is not null)
        {
            entity.PrimaryKey = ImmutableArray.Create(byTypeName.Name);
        }
    }
}
