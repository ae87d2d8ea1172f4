using System.Runtime.CompilerServices;

namespace DbPractices.Analyzers.Model;

/// <summary>
/// The EF model index: one view of every entity type of the compilation's DbContexts (their keys,
/// indexes, navigations, relationships, query filters, mappings) and of model-wide settings. Built at
/// most once per compilation (<see cref="For"/>), from annotations, fluent configuration and EF Core's
/// conventions; rules only read it. Not mutated after it is built.
/// </summary>
internal sealed partial class EfModel
{
    private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new();

    private sealed class Holder
    {
        public EfModel? Value;
    }

    internal EfModel(EfSymbols symbols)
    {
        Symbols = symbols;
    }

    public EfSymbols Symbols { get; }

    internal Compilation Compilation => Symbols.Compilation;

    private INamedTypeSymbol? _context;
    private string? _contextKey;
    private IReadOnlyList<EfModel>? _contextModels;

    /// <summary>
    /// The DbContext this model is of; null for the compilation's model when it has no DbContext or several
    /// (it then joins them all, see <see cref="ContextModels"/>).
    /// </summary>
    public INamedTypeSymbol? Context
    {
        get => _context ??= _contextKey is null ? null : _reused?.Space.ResolveType(_contextKey);
        internal set
        {
            _context = value;
            _contextKey = value?.GetTypeKey();
            ContextName = value?.Name;
        }
    }

    /// <summary>The simple name of <see cref="Context"/>, for messages.</summary>
    public string? ContextName { get; private set; }

    /// <summary>
    /// One model per DbContext, each what EF Core builds for that context (its DbSets, the configuration its
    /// OnModelCreating reaches, conventions). With one DbContext (or none) this is just this model.
    /// </summary>
    public IReadOnlyList<EfModel> ContextModels => _contextModels ?? new[] { this };

    /// <summary>The compilation has several DbContexts: messages about an entity name the context.</summary>
    public bool HasSeveralContexts => ContextModels.Count > 1;

    /// <summary>The compilation's model this context model belongs to (itself when it is the compilation's).</summary>
    public EfModel Root { get; private set; } = null!;

    internal void SetContextModels(IReadOnlyList<EfModel> models)
    {
        _contextModels = models;
        foreach (var model in models)
        {
            model.Root = this;
        }
    }

    /// <summary>" (in context 'X')" when the compilation has several DbContexts, else empty: appended to an entity's name in messages.</summary>
    public string ContextSuffix => Root is { HasSeveralContexts: true } && ContextName is { } name ? $" (in {name})" : string.Empty;

    /// <summary>The entity of this type in every context that maps it (one per context; the same entity type may be configured differently in each).</summary>
    public IReadOnlyList<EntityModel> GetEntities(ITypeSymbol? type)
    {
        var models = ContextModels;
        if (models.Count == 1)
        {
            return models[0].GetEntity(type) is { } single ? new[] { single } : Array.Empty<EntityModel>();
        }

        // the compilation's model joins every context's entities: most types are no entity of any context
        if (type is null || GetEntity(type) is null)
        {
            return Array.Empty<EntityModel>();
        }

        // one lookup by type key, not one per context: cost must not grow with contexts × entities
        var definition = type.OriginalDefinition;
        return ContextIndex().Entities.TryGetValue(definition.GetTypeKey(), out var entities) ? Matching(entities, definition) : Array.Empty<EntityModel>();
    }

    /// <summary><see cref="GetEntitiesOf"/> in every context model: the entities a source property belongs to, once per context mapping them.</summary>
    public IReadOnlyList<EntityModel> GetContextEntitiesOf(IPropertySymbol property)
    {
        var models = ContextModels;
        if (models.Count == 1)
        {
            var own = models[0].GetEntitiesOf(property);
            return own as IReadOnlyList<EntityModel> ?? new List<EntityModel>(own);
        }

        if (property.IsStatic || property.IsIndexer || property.ContainingType is not { TypeKind: TypeKind.Class } containing ||
            property.Locations.Length == 0 || !property.Locations[0].IsInSource)
        {
            return Array.Empty<EntityModel>();
        }

        var entities = GetEntities(containing);
        if (entities.Count > 0)
        {
            return entities;
        }

        if (GetEntitiesDerivingFromUnmappedBase(containing).Count == 0)
        {
            return Array.Empty<EntityModel>();
        }

        return ContextIndex().ByUnmappedBase.TryGetValue(containing.OriginalDefinition.GetTypeKey(), out var derived) ? derived : Array.Empty<EntityModel>();
    }

    private static IReadOnlyList<EntityModel> Matching(List<EntityModel> entities, ITypeSymbol definition)
    {
        foreach (var entity in entities)
        {
            if (!SymbolEqualityComparer.Default.Equals(entity.Type, definition))
            {
                // two types with one key (code that does not compile yet): keep the ones of this type
                return entities.FindAll(e => SymbolEqualityComparer.Default.Equals(e.Type, definition));
            }
        }

        return entities;
    }

    private readonly object _indexGate = new();
    private ContextEntityIndex? _contextIndex;

    private ContextEntityIndex ContextIndex()
    {
        lock (_indexGate)
        {
            return _contextIndex ??= new ContextEntityIndex(ContextModels);
        }
    }

    /// <summary>The entities of every context model by type key, and the entities deriving from an unmapped base by the base's key.</summary>
    private sealed class ContextEntityIndex
    {
        public ContextEntityIndex(IReadOnlyList<EfModel> models)
        {
            foreach (var model in models)
            {
                if (model.Context is { } context && !ByContext.ContainsKey(context))
                {
                    ByContext[context] = new[] { model };
                }

                foreach (var entity in model.Entities)
                {
                    Add(Entities, entity.TypeKey, entity);
                }

                if (model._reused is { } reused)
                {
                    foreach (var pair in reused.UnmappedByKey)
                    {
                        foreach (var entity in pair.Value)
                        {
                            Add(ByUnmappedBase, pair.Key, entity);
                        }
                    }
                }
                else
                {
                    foreach (var pair in model._unmappedBasesByKey ?? model.UnmappedBasesByKey())
                    {
                        foreach (var entity in pair.Value)
                        {
                            Add(ByUnmappedBase, pair.Key, entity);
                        }
                    }
                }
            }
        }

        public Dictionary<string, List<EntityModel>> Entities { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<EntityModel>> ByUnmappedBase { get; } = new(StringComparer.Ordinal);

        /// <summary>Each context's model (as a one-model list, what <see cref="ModelsForReceiver"/> returns) by the context's type.</summary>
        public Dictionary<ISymbol, IReadOnlyList<EfModel>> ByContext { get; } = new(SymbolEqualityComparer.Default);

        private static void Add(Dictionary<string, List<EntityModel>> map, string key, EntityModel entity)
        {
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = new List<EntityModel>();
            }

            list.Add(entity);
        }
    }

    /// <summary>
    /// The context models a query through <paramref name="receiverType"/> runs in: the model of that DbContext when
    /// the receiver is a DbContext of the compilation (or derives from one), else every context model.
    /// </summary>
    public IReadOnlyList<EfModel> ModelsForReceiver(ITypeSymbol? receiverType)
    {
        var models = ContextModels;
        if (models.Count == 1 || receiverType is not INamedTypeSymbol named)
        {
            return models;
        }

        // a lookup per base type, not a scan of every context model: a query's cost must not grow with the contexts
        var byContext = ContextIndex().ByContext;
        for (var type = named; type is not null; type = type.BaseType)
        {
            if (byContext.TryGetValue(type.OriginalDefinition, out var model))
            {
                return model;
            }
        }

        return models;
    }

    /// <summary>The DbContexts declared in source.</summary>
    public IReadOnlyList<INamedTypeSymbol> Contexts => _contexts ?? ResolveContexts();

    /// <summary>Entities by type while the model is built; in a reused model only entities of referenced assemblies (see <see cref="GetEntity"/>).</summary>
    internal Dictionary<ITypeSymbol, EntityModel> EntityMap { get; } = new(SymbolEqualityComparer.Default);

    public IEnumerable<EntityModel> Entities => (IEnumerable<EntityModel>?)_entities ?? EntityMap.Values;

    public IReadOnlyList<RelationshipModel> Relationships => _relationships;

    /// <summary>Bulk property conventions: <c>Properties&lt;T&gt;().HaveMaxLength(..)</c> etc.</summary>
    public IReadOnlyList<BulkConvention> BulkConventions => _bulkConventions;

    /// <summary>Filters applied by a loop over <c>modelBuilder.Model.GetEntityTypes()</c> (or a generic helper invoked for every entity type).</summary>
    public IReadOnlyList<LoopQueryFilter> LoopQueryFilters => _loopQueryFilters;

    public bool LazyLoadingEnabled { get; internal set; }

    public bool SplitQueryByDefault { get; internal set; }

    /// <summary>DbContexts whose provider options retry (simple names; empty: options of an unknown context). Read through <see cref="ExecutionStrategies"/>.</summary>
    internal List<string> RetryingStrategyContexts { get; private set; } = new();

    /// <summary>DbContexts whose queries do not track by default (simple names; empty: options of an unknown context). Read through <see cref="TrackingDefaults"/>.</summary>
    internal List<string> NoTrackingContexts { get; private set; } = new();

    /// <summary>Database providers whose assemblies the compilation references.</summary>
    public DatabaseProvider Providers { get; internal set; }

    /// <summary>What the builder fills; unused in a model reused from an earlier compilation (<see cref="ModelReuse"/>).</summary>
    private readonly List<INamedTypeSymbol> _builtContexts = new();
    private readonly List<RelationshipModel> _relationships = new();

    // Without symbols, and not changed once the model is built: a reused model shares them.
    private ReadOnlyNameSet _removedConventions = ReadOnlyNameSet.Create();
    private List<BulkConvention> _bulkConventions = new();
    private List<LoopQueryFilter> _loopQueryFilters = new();

    private List<EntityModel>? _entities;
    private IReadOnlyList<INamedTypeSymbol>? _contexts;
    private readonly Dictionary<string, EntityModel> _entitiesByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<ITypeSymbol, List<EntityModel>> _entitiesByUnmappedBase = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<EntityModel, List<RelationshipModel>> _relationshipsByDependent = new();
    private readonly Dictionary<EntityModel, List<RelationshipModel>> _relationshipsByPrincipal = new();
    private readonly Dictionary<RelationshipModel, int> _relationshipOrder = new();
    private readonly Dictionary<Location, List<EntityModel>> _entitiesBySite = new();

    public EntityModel? GetEntity(ITypeSymbol? type)
    {
        if (type is null)
        {
            return null;
        }

        var definition = type.OriginalDefinition;
        if (EntityMap.TryGetValue(definition, out var entity))
        {
            return entity;
        }

        return _reused?.GetEntity(definition);
    }

    /// <summary>Entity with this simple name (ignoring case); the first one when several share it.</summary>
    public EntityModel? FindEntityByName(string name) =>
        _entitiesByName.TryGetValue(name, out var entity) ? entity : null;

    /// <summary>Entities deriving from a class that is not itself an entity (a BaseEntity with TenantId, ...).</summary>
    public IReadOnlyList<EntityModel> GetEntitiesDerivingFromUnmappedBase(ITypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        if (_entitiesByUnmappedBase.TryGetValue(definition, out var entities))
        {
            return entities;
        }

        return _reused?.GetEntitiesDerivingFromUnmappedBase(definition) ?? Array.Empty<EntityModel>();
    }

    /// <summary>
    /// Relationships whose dependent is this entity or one of its base entities, in <see cref="Relationships"/> order.
    /// A lookup, so that per-property rules do not scan every relationship of the model (quadratic at scale).
    /// </summary>
    public IReadOnlyList<RelationshipModel> GetRelationshipsAsDependent(EntityModel entity)
    {
        if (entity.BaseEntity is null)
        {
            return _relationshipsByDependent.TryGetValue(entity, out var own) ? own : Array.Empty<RelationshipModel>();
        }

        var all = new List<RelationshipModel>();
        for (var e = entity; e is not null; e = e.BaseEntity)
        {
            if (_relationshipsByDependent.TryGetValue(e, out var list))
            {
                all.AddRange(list);
            }
        }

        all.Sort((a, b) => _relationshipOrder[a].CompareTo(_relationshipOrder[b]));
        return all;
    }

    /// <summary>Relationships whose principal is exactly this entity, in <see cref="Relationships"/> order (a lookup).</summary>
    public IReadOnlyList<RelationshipModel> GetRelationshipsAsPrincipal(EntityModel entity) =>
        _relationshipsByPrincipal.TryGetValue(entity, out var list) ? list : Array.Empty<RelationshipModel>();

    /// <summary>
    /// The entities a source property belongs to: its containing entity, or every entity deriving from the
    /// unmapped base class that declares it (a BaseEntity with TenantId). Empty for properties of other types.
    /// The one place rules that report on an entity's property find its entities.
    /// </summary>
    public IEnumerable<EntityModel> GetEntitiesOf(IPropertySymbol property)
    {
        if (property.IsStatic || property.IsIndexer || property.ContainingType is not { TypeKind: TypeKind.Class } containing ||
            property.Locations.Length == 0 || !property.Locations[0].IsInSource)
        {
            return Array.Empty<EntityModel>();
        }

        return GetEntity(containing) is { } entity ? new[] { entity } : GetEntitiesDerivingFromUnmappedBase(containing);
    }

    /// <summary>True when some entity has members declared in another assembly (see <see cref="ConfigurationSite"/>).</summary>
    public bool HasExternalSites => _entitiesBySite.Count > 0;

    /// <summary>The entities whose members declared in another assembly are reported at this configuration site.</summary>
    public IReadOnlyList<EntityModel> GetEntitiesConfiguredAt(Location location) =>
        _entitiesBySite.TryGetValue(location, out var list) ? list : Array.Empty<EntityModel>();

    /// <summary>Declared outside this compilation: in a referenced project or assembly (read from metadata).</summary>
    public bool IsExternal(ISymbol symbol) =>
        !SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, Compilation.Assembly);

    /// <summary>
    /// The mapped properties of the entity that are declared in another assembly, by the entity itself or an
    /// unmapped base class (a shared kernel's BaseEntity), not by a base entity (reported for that one):
    /// scalars first, then navigations. No symbol action of this compilation ever sees them.
    /// </summary>
    public IEnumerable<IPropertySymbol> GetExternalMembers(EntityModel entity)
    {
        foreach (var property in entity.ScalarProperties)
        {
            if (IsExternalMemberOf(entity, property))
            {
                yield return property;
            }
        }

        foreach (var navigation in entity.Navigations)
        {
            if (IsExternalMemberOf(entity, navigation.Property))
            {
                yield return navigation.Property;
            }
        }
    }

    private bool IsExternalMemberOf(EntityModel entity, IPropertySymbol property) =>
        !entity.IgnoredMembers.Contains(property.Name) && IsExternal(property) &&
        (GetEntity(property.ContainingType) is not { } declaring || ReferenceEquals(declaring, entity));

    /// <summary>Builds the lookup tables; called once when the builder is done.</summary>
    internal void Seal(IEnumerable<SyntaxTree>? factTrees)
    {
        _entities = new List<EntityModel>(EntityMap.Values);
        _contexts = _builtContexts;
        foreach (var entity in _entities)
        {
            for (var b = entity.Type.BaseType; b is not null && b.SpecialType != SpecialType.System_Object; b = b.BaseType)
            {
                if (EntityMap.ContainsKey(b.OriginalDefinition))
                {
                    break;
                }

                if (!_entitiesByUnmappedBase.TryGetValue(b.OriginalDefinition, out var list))
                {
                    _entitiesByUnmappedBase[b.OriginalDefinition] = list = new List<EntityModel>();
                }

                list.Add(entity);
            }
        }

        SealLookups();
        IndexComplexTypes();
        PrepareForReuse(factTrees);
    }

    private void SealLookups()
    {
        for (var i = 0; i < _relationships.Count; i++)
        {
            var relationship = _relationships[i];
            if (!_relationshipsByDependent.TryGetValue(relationship.DependentEntity, out var list))
            {
                _relationshipsByDependent[relationship.DependentEntity] = list = new List<RelationshipModel>();
            }

            list.Add(relationship);
            _relationshipOrder[relationship] = i;
            if (!_relationshipsByPrincipal.TryGetValue(relationship.PrincipalEntity, out var asPrincipal))
            {
                _relationshipsByPrincipal[relationship.PrincipalEntity] = asPrincipal = new List<RelationshipModel>();
            }

            asPrincipal.Add(relationship);
        }

        foreach (var entity in _entities!)
        {
            entity.Model = this;
            if (!_entitiesByName.ContainsKey(entity.Name))
            {
                _entitiesByName[entity.Name] = entity;
            }

            if (entity.ExternalSite is { } site)
            {
                if (!_entitiesBySite.TryGetValue(site.Location, out var atSite))
                {
                    _entitiesBySite[site.Location] = atSite = new List<EntityModel>();
                }

                atSite.Add(entity);
            }
        }
    }

    /// <summary>The convention (a simple name: ForeignKeyIndexConvention, ...) is removed in ConfigureConventions.</summary>
    public bool IsConventionRemoved(string conventionName) => _removedConventions.Contains(conventionName);

    /// <summary>A bulk convention (<c>Properties&lt;T&gt;().HaveX(..)</c>) sets the facet for properties of this type (nullable unwrapped).</summary>
    public bool HasBulkConvention(ITypeSymbol type, PropertyFacet facet)
    {
        if (_bulkConventions.Count == 0)
        {
            return false;
        }

        var key = type.UnwrapNullable().GetTypeKey();
        foreach (var convention in _bulkConventions)
        {
            if (convention.Facet == facet && string.Equals(convention.TypeKey, key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    internal void AddBuiltContext(INamedTypeSymbol context) => _builtContexts.Add(context);

    internal void AddRelationship(RelationshipModel relationship) => _relationships.Add(relationship);

    internal void RemoveConvention(string conventionName) => _removedConventions.Add(conventionName);

    internal void AddBulkConvention(BulkConvention convention) => _bulkConventions.Add(convention);

    internal void AddLoopQueryFilter(LoopQueryFilter filter) => _loopQueryFilters.Add(filter);

    private Dictionary<string, List<ComplexPropertyModel>> _complexByType = new(StringComparer.Ordinal);

    /// <summary>Where a complex type is used: every complex property (of any entity, at any depth) of this type. Empty for other types.</summary>
    public IReadOnlyList<ComplexPropertyModel> GetComplexUsages(ITypeSymbol type)
    {
        if (_complexByType.Count == 0 || type is not INamedTypeSymbol || type.Locations.Length == 0)
        {
            return Array.Empty<ComplexPropertyModel>();
        }

        return _complexByType.TryGetValue(type.GetTypeKey(), out var usages) ? usages : Array.Empty<ComplexPropertyModel>();
    }

    private void IndexComplexTypes()
    {
        foreach (var entity in _entities!)
        {
            foreach (var complex in entity.ComplexProperties)
            {
                if (!_complexByType.TryGetValue(complex.TypeKey, out var list))
                {
                    _complexByType[complex.TypeKey] = list = new List<ComplexPropertyModel>();
                }

                list.Add(complex);
            }
        }
    }

    /// <summary>
    /// The model of this compilation, built on first use and shared by every rule; <c>null</c> when the
    /// compilation does not reference EF Core. A compilation that differs from an earlier one only in
    /// method bodies that configure nothing (a keystroke in a repository) reuses that one's model.
    /// </summary>
    public static EfModel? For(Compilation compilation, CancellationToken cancellationToken)
    {
        var symbols = EfSymbols.For(compilation);
        if (symbols is null)
        {
            return null;
        }

        var holder = Cache.GetValue(compilation, static _ => new Holder());
        if (Volatile.Read(ref holder.Value) is { } built)
        {
            return built;
        }

        // One build per compilation even when many analyzers ask at once; a cancelled build stores nothing.
        lock (holder)
        {
            if (holder.Value is null)
            {
                var model = ModelReuse.TryReuse(symbols, cancellationToken) ?? EfModelBuilder.Build(symbols, cancellationToken);
                ModelReuse.Remember(model);
                holder.Value = model;
            }

            return holder.Value;
        }
    }
}
