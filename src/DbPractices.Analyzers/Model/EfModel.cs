using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace DbPractices.Analyzers.Model;

/// <summary>
/// The EF model index: one view of every entity type of the compilation's DbContexts (their keys,
/// indexes, navigations, relationships, query filters, mappings) and of model-wide settings. Built at
/// most once per compilation (<see cref="For"/>), from annotations, fluent configuration and EF Core's
/// conventions; rules only read it. Not mutated after it is built.
/// </summary>
internal sealed class EfModel
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

        for (var type = named; type is not null; type = type.BaseType)
        {
            foreach (var model in models)
            {
                if (SymbolEqualityComparer.Default.Equals(model.Context, type.OriginalDefinition))
                {
                    return new[] { model };
                }
            }
        }

        return models;
    }

    /// <summary>The DbContexts declared in source.</summary>
    public IReadOnlyList<INamedTypeSymbol> Contexts => _contexts ?? ResolveContexts();

    /// <summary>What the builder fills; unused in a model reused from an earlier compilation (<see cref="ModelReuse"/>).</summary>
    internal List<INamedTypeSymbol> BuiltContexts { get; } = new();

    /// <summary>Entities by type while the model is built; in a reused model only entities of referenced assemblies (see <see cref="GetEntity"/>).</summary>
    internal Dictionary<ITypeSymbol, EntityModel> EntityMap { get; } = new(SymbolEqualityComparer.Default);

    public IEnumerable<EntityModel> Entities => (IEnumerable<EntityModel>?)_entities ?? EntityMap.Values;

    public List<RelationshipModel> Relationships { get; } = new();

    /// <summary>Simple names of conventions removed in ConfigureConventions (ForeignKeyIndexConvention, ...).</summary>
    public HashSet<string> RemovedConventions { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Bulk property conventions: <c>Properties&lt;T&gt;().HaveMaxLength(..)</c> etc., by type key.</summary>
    public List<ConfigFact> BulkConventions { get; private set; } = new();

    /// <summary>Filters applied by a loop over <c>modelBuilder.Model.GetEntityTypes()</c>.</summary>
    public List<ConfigFact> LoopQueryFilters { get; private set; } = new();

    public bool LazyLoadingEnabled { get; internal set; }

    public bool SplitQueryByDefault { get; internal set; }

    /// <summary>DbContexts whose provider options retry (simple names; empty: options of an unknown context). Read through <see cref="ExecutionStrategies"/>.</summary>
    internal List<string> RetryingStrategyContexts { get; private set; } = new();

    /// <summary>Database providers whose assemblies the compilation references.</summary>
    public DatabaseProvider Providers { get; internal set; }

    private List<EntityModel>? _entities;
    private IReadOnlyList<INamedTypeSymbol>? _contexts;
    private readonly Dictionary<string, EntityModel> _entitiesByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<ITypeSymbol, List<EntityModel>> _entitiesByUnmappedBase = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<EntityModel, List<RelationshipModel>> _relationshipsByDependent = new();
    private readonly Dictionary<EntityModel, List<RelationshipModel>> _relationshipsByPrincipal = new();
    private readonly Dictionary<RelationshipModel, int> _relationshipOrder = new();
    private readonly Dictionary<Location, List<EntityModel>> _entitiesBySite = new();

    /// <summary>Set in a model reused from an earlier compilation: finds types by metadata name instead of by symbol.</summary>
    private ReusedLookups? _reused;

    /// <summary>Carried over from an earlier compilation rather than built (<see cref="ModelReuse"/>).</summary>
    internal bool IsReused => _reused is not null;

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
        _contexts = BuiltContexts;
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

        // a context model's trees are among the compilation model's, which is the one a later compilation checks
        ContributingTrees = factTrees is null ? new HashSet<SyntaxTree>() : ModelReuse.CollectContributingTrees(this, factTrees);

        // names a later compilation will need to take this model over: computed now, not on the next keystroke
        foreach (var entity in _entities)
        {
            entity.PrepareForReuse();
        }

        _unmappedBasesByKey = UnmappedBasesByKey();
        _contextKeys = ContextKeys();
    }

    private void SealLookups()
    {
        for (var i = 0; i < Relationships.Count; i++)
        {
            var relationship = Relationships[i];
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

    public bool IsConventionRemoved(string conventionName) => RemovedConventions.Contains(conventionName);

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
    /// Trees any part of this model was read from or points into (declarations of its entities, their base
    /// types, properties and property types, of the contexts; every location it holds; every tree with
    /// configuration facts). A later compilation may reuse the model only if none of them changed.
    /// </summary>
    internal HashSet<SyntaxTree> ContributingTrees { get; private set; } = new();

    private readonly object _treesGate = new();
    private HashSet<SyntaxTree>? _trees;
    private Dictionary<string, SyntaxTree?>? _treesByPath;

    /// <summary>The syntax trees of this model's compilation (asked when a later compilation considers reusing it).</summary>
    internal HashSet<SyntaxTree> Trees
    {
        get
        {
            lock (_treesGate)
            {
                return _trees ??= new HashSet<SyntaxTree>(Compilation.SyntaxTrees);
            }
        }
    }

    /// <summary>This compilation's tree with the given path; null when none or several have it.</summary>
    internal SyntaxTree? FindTree(string path)
    {
        lock (_treesGate)
        {
            if (_treesByPath is null)
            {
                _treesByPath = new Dictionary<string, SyntaxTree?>(StringComparer.Ordinal);
                foreach (var tree in Compilation.SyntaxTrees)
                {
                    _treesByPath[tree.FilePath] = _treesByPath.ContainsKey(tree.FilePath) ? null : tree;
                }
            }

            return _treesByPath.TryGetValue(path, out var found) ? found : null;
        }
    }

    private IReadOnlyList<INamedTypeSymbol> ResolveContexts()
    {
        var keys = _reused!.ContextKeys;
        var contexts = new List<INamedTypeSymbol>(keys.Length);
        foreach (var key in keys)
        {
            contexts.Add(_reused.Space.ResolveType(key));
        }

        return _contexts = contexts;
    }

    /// <summary>
    /// This model for a later compilation of the same declarations (see <see cref="ModelReuse"/>): the same
    /// entities, relationships and facts, with every symbol found again in that compilation when a rule first
    /// reads it. Own-source types are carried by metadata name, properties by name, never as symbols of the
    /// earlier compilation, so a chain of reused models keeps no earlier compilation alive. Null when two
    /// entities share a metadata name.
    /// </summary>
    internal EfModel? ReuseFor(EfSymbols symbols)
    {
        var space = new SymbolSpace(symbols.Compilation);
        var ownAssembly = Compilation.Assembly;
        var model = new EfModel(symbols)
        {
            RemovedConventions = RemovedConventions,
            BulkConventions = BulkConventions,
            LoopQueryFilters = LoopQueryFilters,
            LazyLoadingEnabled = LazyLoadingEnabled,
            SplitQueryByDefault = SplitQueryByDefault,
            RetryingStrategyContexts = RetryingStrategyContexts,
            Providers = Providers,
            ContributingTrees = ContributingTrees,
            _contextKey = _contextKey,
            ContextName = ContextName,
        };

        var entities = new Dictionary<EntityModel, EntityModel>(_entities!.Count);
        var byKey = new Dictionary<string, EntityModel>(_entities.Count, StringComparer.Ordinal);
        model._entities = new List<EntityModel>(_entities.Count);
        foreach (var entity in _entities)
        {
            var copy = entity.CopyFor(space, ownAssembly, out var key);
            entities[entity] = copy;
            model._entities.Add(copy);
            if (key is null)
            {
                model.EntityMap[copy.Type] = copy;
            }
            else if (byKey.ContainsKey(key))
            {
                // two types with one metadata name (code that does not compile yet): names cannot tell them apart
                return null;
            }
            else
            {
                byKey[key] = copy;
            }
        }

        var navigations = new Dictionary<NavigationModel, NavigationModel>();
        foreach (var entity in _entities)
        {
            entity.CopyShapeTo(entities[entity], entities, navigations);
        }

        var relationships = new Dictionary<RelationshipModel, RelationshipModel>(Relationships.Count);
        foreach (var relationship in Relationships)
        {
            var copy = relationship.CopyWith(entities);
            relationships[relationship] = copy;
            model.Relationships.Add(copy);
        }

        foreach (var pair in navigations)
        {
            pair.Key.CopyLinksTo(pair.Value, navigations, relationships);
        }

        var unmappedByKey = new Dictionary<string, List<EntityModel>>(StringComparer.Ordinal);
        foreach (var pair in _reused?.UnmappedByKey ?? _unmappedBasesByKey!)
        {
            var list = new List<EntityModel>(pair.Value.Count);
            foreach (var entity in pair.Value)
            {
                list.Add(entities[entity]);
            }

            unmappedByKey[pair.Key] = list;
        }

        model._complexByType = _complexByType;
        var contextKeys = _reused?.ContextKeys ?? _contextKeys;
        model._reused = new ReusedLookups(space, byKey, unmappedByKey, contextKeys);
        model.SealLookups();
        if (_contextModels is null || (_contextModels.Count == 1 && ReferenceEquals(_contextModels[0], this)))
        {
            model.SetContextModels(new[] { model });
            return model;
        }

        var contextModels = new List<EfModel>(_contextModels.Count);
        foreach (var contextModel in _contextModels)
        {
            if (contextModel.ReuseFor(symbols) is not { } copy)
            {
                return null;
            }

            contextModels.Add(copy);
        }

        model.SetContextModels(contextModels);
        return model;
    }

    private Dictionary<string, List<EntityModel>>? _unmappedBasesByKey;
    private ImmutableArray<string> _contextKeys;

    private Dictionary<string, List<EntityModel>> UnmappedBasesByKey()
    {
        var byKey = new Dictionary<string, List<EntityModel>>(StringComparer.Ordinal);
        foreach (var pair in _entitiesByUnmappedBase)
        {
            byKey[pair.Key.GetTypeKey()] = pair.Value;
        }

        return byKey;
    }

    private ImmutableArray<string> ContextKeys()
    {
        var keys = ImmutableArray.CreateBuilder<string>(BuiltContexts.Count);
        foreach (var context in BuiltContexts)
        {
            keys.Add(context.GetTypeKey());
        }

        return keys.MoveToImmutable();
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

    /// <summary>Lookups of a reused model: types of the new compilation are matched to entities by metadata name, once per type.</summary>
    private sealed class ReusedLookups
    {
        private readonly Dictionary<string, EntityModel> _byKey;
        private readonly ConcurrentDictionary<ITypeSymbol, EntityModel?> _entities = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ITypeSymbol, IReadOnlyList<EntityModel>> _unmapped = new(SymbolEqualityComparer.Default);

        public ReusedLookups(SymbolSpace space, Dictionary<string, EntityModel> byKey, Dictionary<string, List<EntityModel>> unmappedByKey, ImmutableArray<string> contextKeys)
        {
            Space = space;
            _byKey = byKey;
            UnmappedByKey = unmappedByKey;
            ContextKeys = contextKeys;
        }

        public SymbolSpace Space { get; }

        public Dictionary<string, List<EntityModel>> UnmappedByKey { get; }

        public ImmutableArray<string> ContextKeys { get; }

        public EntityModel? GetEntity(ITypeSymbol definition)
        {
            if (definition is not INamedTypeSymbol || !Space.IsOwn(definition))
            {
                return null;
            }

            return _entities.GetOrAdd(definition, d => _byKey.TryGetValue(d.GetTypeKey(), out var entity) ? entity : null);
        }

        public IReadOnlyList<EntityModel> GetEntitiesDerivingFromUnmappedBase(ITypeSymbol definition)
        {
            if (definition is not INamedTypeSymbol || UnmappedByKey.Count == 0)
            {
                return Array.Empty<EntityModel>();
            }

            return _unmapped.GetOrAdd(definition, d => UnmappedByKey.TryGetValue(d.GetTypeKey(), out var list) ? list : Array.Empty<EntityModel>());
        }
    }
}

/// <summary>Finds the types of a model reused from an earlier compilation in its own compilation, once per name.</summary>
internal sealed class SymbolSpace
{
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _types = new(StringComparer.Ordinal);

    public SymbolSpace(Compilation compilation)
    {
        _compilation = compilation;
    }

    /// <summary>Declared in the compilation's own source (carried by name); other types are shared by compilations with the same references.</summary>
    public bool IsOwn(ITypeSymbol type) => SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly);

    public INamedTypeSymbol ResolveType(string key) =>
        _types.GetOrAdd(key, k => _compilation.Assembly.GetTypeByMetadataName(k)) ??
        throw new InvalidOperationException($"The reused EF model names type '{key}', which this compilation does not declare.");
}

[Flags]
internal enum DatabaseProvider
{
    None = 0,
    SqlServer = 1,
    PostgreSql = 2,
    Sqlite = 4,
    MySql = 8,
    Cosmos = 16,
    InMemory = 32,
    Oracle = 64,
}

internal sealed class EntityModel
{
    private readonly SymbolSpace? _space;
    private INamedTypeSymbol? _type;
    private string? _typeKey;
    private readonly List<IPropertySymbol>? _builtScalars;
    private IReadOnlyList<IPropertySymbol>? _scalars;
    private ImmutableArray<string> _scalarNames;

    public EntityModel(INamedTypeSymbol type)
    {
        _type = type;
        Name = type.Name;
        _builtScalars = new List<IPropertySymbol>();
    }

    private EntityModel(string name, SymbolSpace space, INamedTypeSymbol? type, string? typeKey, IReadOnlyList<IPropertySymbol>? scalars, ImmutableArray<string> scalarNames)
    {
        Name = name;
        _space = space;
        _type = type;
        _typeKey = typeKey;
        _scalars = scalars;
        _scalarNames = scalarNames;
    }

    public INamedTypeSymbol Type => _type ??= _space!.ResolveType(_typeKey!);

    /// <summary>The model (of one DbContext, see <see cref="EfModel.ContextModels"/>) this entity belongs to.</summary>
    public EfModel Model { get; internal set; } = null!;

    /// <summary>The entity's name, followed by its DbContext's when the compilation has several: for messages.</summary>
    public string DisplayName => Name + Model?.ContextSuffix;

    public string Name { get; }

    public bool IsOwned { get; internal set; }

    public bool IsKeyless { get; internal set; }

    /// <summary>Mapped to a view, a SQL query or a function (<c>ToView</c>, <c>ToSqlQuery</c>, <c>ToFunction</c>): no index of its own.</summary>
    public bool IsView { get; internal set; }

    /// <summary>The nearest base type that is also an entity (TPH/TPT/TPC hierarchy), or null.</summary>
    public EntityModel? BaseEntity { get; internal set; }

    /// <summary>Primary key property names, empty when keyless or not found.</summary>
    public ImmutableArray<string> PrimaryKey { get; internal set; } = ImmutableArray<string>.Empty;

    public List<ImmutableArray<string>> AlternateKeys { get; private set; } = new();

    public List<IndexModel> Indexes { get; private set; } = new();

    /// <summary>CLR properties excluded from the model ([NotMapped], Ignore).</summary>
    public HashSet<string> IgnoredMembers { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Shadow properties declared with <c>Property&lt;T&gt;("Name")</c>, by name → type key.</summary>
    public Dictionary<string, string?> ShadowProperties { get; private set; } = new(StringComparer.Ordinal);

    public List<NavigationModel> Navigations { get; } = new();

    /// <summary>Every query filter configured for this entity, in configuration order as far as it is known (DBP022 reads them all).</summary>
    public List<QueryFilterModel> QueryFilters { get; private set; } = new();

    /// <summary>
    /// The query filters EF Core keeps: an unnamed filter replaced by a later unnamed one, or a named one by a later
    /// one with the same key, is left out when the order is known (see <see cref="EfModelBuilder"/>). Rules that ask
    /// whether a filter applies read these.
    /// </summary>
    public List<QueryFilterModel> KeptQueryFilters { get; internal set; } = new();

    /// <summary>Table name set by [Table]/ToTable, null when the default (DbSet or type name) applies.</summary>
    public string? TableName { get; internal set; }

    /// <summary>The name of the first DbSet property exposing this entity, null when none (EF then names the table after the type).</summary>
    public string? DbSetName { get; internal set; }

    /// <summary>The table name EF Core uses by convention when <see cref="TableName"/> is null: the DbSet property name, else the type name.</summary>
    public string DefaultTableName => DbSetName ?? Name;

    /// <summary>Column names set by [Column]/HasColumnName, by property name.</summary>
    public Dictionary<string, string> ColumnNames { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Fluent property facets (HasMaxLength, HasPrecision, ...) by property name.</summary>
    public List<ConfigFact> PropertyFacets { get; private set; } = new();

    /// <summary>Where this entity is configured fluently: configuration classes and Entity&lt;T&gt;(b => { }) blocks.</summary>
    public List<ConfigFact> ConfigurationBlocks { get; private set; } = new();

    public bool DiscriminatorConfigured { get; internal set; }

    /// <summary>
    /// Where diagnostics about this entity's members declared in another assembly are reported (see
    /// <see cref="ConfigurationSite"/>); null when it has none, or when no configuration of it is in source.
    /// </summary>
    public ConfigurationSite? ExternalSite { get; internal set; }

    /// <summary>Temporal table configuration, null when the entity is not temporal.</summary>
    public ConfigFact? Temporal { get; internal set; }

    public HashSet<string> AutoIncludedNavigations { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Complex properties (EF Core 8+ <c>[ComplexType]</c>, <c>ComplexProperty</c>, <c>ComplexCollection</c>), nested ones
    /// included (path "ShippingAddress.Geo"): neither navigations nor scalar columns; their members map to columns.
    /// </summary>
    public List<ComplexPropertyModel> ComplexProperties { get; private set; } = new();

    /// <summary>Mapped CLR properties that are not navigations: scalar columns.</summary>
    public IReadOnlyList<IPropertySymbol> ScalarProperties => _builtScalars ?? _scalars ?? ResolveScalars();

    /// <summary>What the builder fills; null in a reused model.</summary>
    internal List<IPropertySymbol> BuiltScalarProperties => _builtScalars!;

    private IReadOnlyList<IPropertySymbol> ResolveScalars()
    {
        var wanted = new Dictionary<string, IPropertySymbol?>(StringComparer.Ordinal);
        foreach (var name in _scalarNames)
        {
            wanted[name] = null;
        }

        foreach (var property in Type.GetInstanceProperties())
        {
            if (wanted.TryGetValue(property.Name, out var found) && found is null)
            {
                wanted[property.Name] = property;
            }
        }

        var scalars = new List<IPropertySymbol>(_scalarNames.Length);
        foreach (var name in _scalarNames)
        {
            if (wanted[name] is { } property)
            {
                scalars.Add(property);
            }
        }

        return _scalars = scalars;
    }

    /// <summary>The entity type's key (<see cref="SymbolExtensions.GetTypeKey"/>).</summary>
    internal string TypeKey => _typeKey ??= _type!.GetTypeKey();

    /// <summary>What a later compilation needs to find this entity again (computed when the model is built, not on the next keystroke).</summary>
    internal void PrepareForReuse()
    {
        _typeKey ??= _type!.GetTypeKey();
        ScalarNames();
    }

    private ImmutableArray<string> ScalarNames()
    {
        if (_scalarNames.IsDefault)
        {
            var scalars = _builtScalars ?? _scalars!;
            var builder = ImmutableArray.CreateBuilder<string>(scalars.Count);
            foreach (var property in scalars)
            {
                builder.Add(property.Name);
            }

            _scalarNames = builder.MoveToImmutable();
        }

        return _scalarNames;
    }

    /// <summary>The first half of <see cref="EfModel.ReuseFor"/>: this entity without its links; <paramref name="key"/> is null for a type of a referenced assembly (kept as a symbol).</summary>
    internal EntityModel CopyFor(SymbolSpace space, IAssemblySymbol ownAssembly, out string? key)
    {
        var own = _type is null || SymbolEqualityComparer.Default.Equals(_type.ContainingAssembly, ownAssembly);
        key = own ? _typeKey ??= _type!.GetTypeKey() : null;
        var scalars = _builtScalars ?? _scalars;
        return new EntityModel(Name, space, own ? null : _type, key, own ? null : scalars, ScalarNames())
        {
            IsOwned = IsOwned,
            IsKeyless = IsKeyless,
            IsView = IsView,
            PrimaryKey = PrimaryKey,
            TableName = TableName,
            DbSetName = DbSetName,
            DiscriminatorConfigured = DiscriminatorConfigured,
            Temporal = Temporal,
            ExternalSite = ExternalSite,
        };
    }

    /// <summary>The second half: collections, base entity and navigations (copied, their links set later).</summary>
    internal void CopyShapeTo(EntityModel copy, Dictionary<EntityModel, EntityModel> entities, Dictionary<NavigationModel, NavigationModel> navigations)
    {
        // Collections without symbols are not changed once the model is built: both models share them.
        copy.BaseEntity = BaseEntity is null ? null : entities[BaseEntity];
        copy.AlternateKeys = AlternateKeys;
        copy.Indexes = Indexes;
        copy.IgnoredMembers = IgnoredMembers;
        copy.ShadowProperties = ShadowProperties;
        copy.QueryFilters = QueryFilters;
        copy.KeptQueryFilters = KeptQueryFilters;
        copy.ColumnNames = ColumnNames;
        copy.PropertyFacets = PropertyFacets;
        copy.ConfigurationBlocks = ConfigurationBlocks;
        copy.AutoIncludedNavigations = AutoIncludedNavigations;
        copy.ComplexProperties = ComplexProperties;
        foreach (var navigation in Navigations)
        {
            var navigationCopy = navigation.CopyFor(copy, entities[navigation.TargetEntity]);
            navigations[navigation] = navigationCopy;
            copy.Navigations.Add(navigationCopy);
        }
    }

    public IPropertySymbol? FindProperty(string name)
    {
        foreach (var property in ScalarProperties)
        {
            if (property.Name == name)
            {
                return property;
            }
        }

        return null;
    }

    public NavigationModel? FindNavigation(string name)
    {
        foreach (var navigation in Navigations)
        {
            if (navigation.Name == name)
            {
                return navigation;
            }
        }

        return null;
    }

    /// <summary>Indexes of this entity and of its base entities (an index on a TPH base covers derived types).</summary>
    public IEnumerable<IndexModel> AllIndexes()
    {
        for (var e = this; e is not null; e = e.BaseEntity)
        {
            foreach (var index in e.Indexes)
            {
                yield return index;
            }
        }
    }

    /// <summary>The primary key of the hierarchy root (derived entities share it).</summary>
    public ImmutableArray<string> EffectivePrimaryKey
    {
        get
        {
            var root = this;
            while (root.BaseEntity is not null)
            {
                root = root.BaseEntity;
            }

            return root.PrimaryKey;
        }
    }

    /// <summary>
    /// True when the given columns lead some key, alternate key or index of the entity (or its base);
    /// <paramref name="unfilteredOnly"/> ignores filtered indexes, which do not serve every lookup.
    /// </summary>
    public bool IsCoveredByIndexOrKey(ImmutableArray<string> columns, bool unfilteredOnly)
    {
        if (StartsWith(EffectivePrimaryKey, columns))
        {
            return true;
        }

        for (var e = this; e is not null; e = e.BaseEntity)
        {
            foreach (var key in e.AlternateKeys)
            {
                if (StartsWith(key, columns))
                {
                    return true;
                }
            }
        }

        foreach (var index in AllIndexes())
        {
            if ((!unfilteredOnly || !index.IsFiltered) && StartsWith(index.Properties, columns))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The filtered indexes that lead with the given columns.</summary>
    public bool HasFilteredIndexLeadingWith(ImmutableArray<string> columns)
    {
        foreach (var index in AllIndexes())
        {
            if (index.IsFiltered && StartsWith(index.Properties, columns))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsWith(ImmutableArray<string> indexColumns, ImmutableArray<string> columns)
    {
        if (columns.IsDefaultOrEmpty || indexColumns.IsDefaultOrEmpty || indexColumns.Length < columns.Length)
        {
            return false;
        }

        for (var i = 0; i < columns.Length; i++)
        {
            if (!string.Equals(indexColumns[i], columns[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Name;
}

/// <summary>
/// A complex property of an entity (EF Core 8+): <c>Order.ShippingAddress</c> of a <c>[ComplexType]</c> or
/// <c>ComplexProperty(e => e.ShippingAddress)</c>, or a nested one (<see cref="Path"/> "ShippingAddress.Geo").
/// Holds names only (no symbols), so a reused model shares it.
/// </summary>
internal sealed class ComplexPropertyModel
{
    private readonly Dictionary<string, string> _entityColumnNames;
    private readonly List<ConfigFact> _entityFacets;

    public ComplexPropertyModel(string ownerName, string path, string typeKey, bool isCollection, ComplexPropertyModel? parent, Dictionary<string, string> entityColumnNames, List<ConfigFact> entityFacets)
    {
        _entityFacets = entityFacets;
        OwnerName = ownerName;
        Path = path;
        TypeKey = typeKey;
        IsCollection = isCollection;
        Parent = parent;
        _entityColumnNames = entityColumnNames;
    }

    /// <summary>The entity's name.</summary>
    public string OwnerName { get; }

    /// <summary>Property path from the entity: "ShippingAddress", "ShippingAddress.Geo".</summary>
    public string Path { get; }

    /// <summary>Type key of the complex type (the element type of a complex collection).</summary>
    public string TypeKey { get; }

    public bool IsCollection { get; }

    public ComplexPropertyModel? Parent { get; }

    /// <summary>Mapped to one JSON column (<c>ComplexCollection</c>, <c>ToJson()</c>): its members are JSON properties, not columns.</summary>
    public bool IsJson { get; internal set; }

    /// <summary>Column names set by <c>[Column]</c> on the complex type's members, by member name.</summary>
    internal Dictionary<string, string> AttributeColumnNames { get; } = new(StringComparer.Ordinal);

    public bool IsInJson => IsJson || (Parent?.IsInJson ?? false);

    /// <summary>
    /// The column a scalar member maps to: the name set by <c>HasColumnName</c>/<c>[Column]</c> (explicit), else EF Core's
    /// default <c>{Property}_{Member}</c> (<c>ShippingAddress_Geo_Lat</c> when nested). Null inside a JSON column.
    /// </summary>
    public (string Name, bool Explicit)? Column(string member)
    {
        if (IsInJson)
        {
            return null;
        }

        if (_entityColumnNames.TryGetValue(Path + "." + member, out var configured) || AttributeColumnNames.TryGetValue(member, out configured))
        {
            return (configured, true);
        }

        return (Path.Replace('.', '_') + "_" + member, false);
    }

    /// <summary>A fluent facet (HasMaxLength, HasPrecision, ...) set on a member in this use's complex property builder.</summary>
    public bool HasFacet(string member, PropertyFacet facet)
    {
        var path = Path + "." + member;
        foreach (var fact in _entityFacets)
        {
            if (fact.Facet == facet && fact.Members.Length == 1 && fact.Members[0] == path)
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => OwnerName + "." + Path;
}

internal sealed class IndexModel
{
    public IndexModel(ImmutableArray<string> properties, bool isFiltered, bool isUnique, Location? location)
    {
        Properties = properties;
        IsFiltered = isFiltered;
        IsUnique = isUnique;
        Location = location;
    }

    public ImmutableArray<string> Properties { get; }

    public bool IsFiltered { get; }

    public bool IsUnique { get; }

    public Location? Location { get; }
}

internal sealed class NavigationModel
{
    private IPropertySymbol? _property;

    public NavigationModel(EntityModel owner, IPropertySymbol property, EntityModel target, bool isCollection)
    {
        Owner = owner;
        _property = property;
        Name = property.Name;
        TargetEntity = target;
        IsCollection = isCollection;
    }

    private NavigationModel(EntityModel owner, string name, EntityModel target, bool isCollection)
    {
        Owner = owner;
        Name = name;
        TargetEntity = target;
        IsCollection = isCollection;
    }

    /// <summary>The entity declaring (or inheriting) this navigation.</summary>
    public EntityModel Owner { get; }

    public IPropertySymbol Property => _property ??= ResolveProperty();

    public string Name { get; }

    /// <summary>The entity type the navigation points at (the element type for a collection).</summary>
    public INamedTypeSymbol Target => TargetEntity.Type;

    public EntityModel TargetEntity { get; }

    public bool IsCollection { get; }

    /// <summary>The relationship this navigation belongs to (null for owned navigations).</summary>
    public RelationshipModel? Relationship { get; internal set; }

    /// <summary>
    /// EF Core cannot pair this navigation: there are navigations in both directions between the two types,
    /// several on at least one side (or three or more self-references), and nothing pairs this one
    /// (EF Core throws "Unable to determine the relationship represented by navigation"). The index still
    /// gives it a one-directional <see cref="Relationship"/> so other rules see its foreign key.
    /// </summary>
    public bool IsAmbiguous { get; internal set; }

    /// <summary>For an ambiguous navigation: the unpaired navigations of the target pointing back, each a possible inverse.</summary>
    public List<NavigationModel> AmbiguousInverses { get; } = new();

    private IPropertySymbol ResolveProperty()
    {
        foreach (var property in Owner.Type.GetInstanceProperties())
        {
            if (property.Name == Name)
            {
                return property;
            }
        }

        throw new InvalidOperationException($"The reused EF model names navigation '{Owner.Name}.{Name}', which this compilation does not declare.");
    }

    internal NavigationModel CopyFor(EntityModel owner, EntityModel target) => new(owner, Name, target, IsCollection) { IsAmbiguous = IsAmbiguous };

    internal void CopyLinksTo(NavigationModel copy, Dictionary<NavigationModel, NavigationModel> navigations, Dictionary<RelationshipModel, RelationshipModel> relationships)
    {
        copy.Relationship = Relationship is null ? null : relationships[Relationship];
        foreach (var inverse in AmbiguousInverses)
        {
            copy.AmbiguousInverses.Add(navigations[inverse]);
        }
    }

    public override string ToString() => Owner.Name + "." + Name;
}

internal enum ConfigurationSource
{
    Convention,
    DataAnnotation,
    Fluent,
}

internal sealed class RelationshipModel
{
    public RelationshipModel(EntityModel principal, EntityModel dependent)
    {
        PrincipalEntity = principal;
        DependentEntity = dependent;
    }

    public EntityModel PrincipalEntity { get; }

    public EntityModel DependentEntity { get; }

    public INamedTypeSymbol Principal => PrincipalEntity.Type;

    public INamedTypeSymbol Dependent => DependentEntity.Type;

    /// <summary>Navigation on the principal pointing at the dependent(s).</summary>
    public string? PrincipalNavigation { get; internal set; }

    /// <summary>Navigation on the dependent pointing at the principal.</summary>
    public string? DependentNavigation { get; internal set; }

    public bool IsOneToOne { get; internal set; }

    public bool IsManyToMany { get; internal set; }

    /// <summary>Foreign-key CLR or shadow property names on the dependent; empty when EF would create a shadow key.</summary>
    public ImmutableArray<string> ForeignKey { get; internal set; } = ImmutableArray<string>.Empty;

    /// <summary>Principal key the foreign key references; the primary key unless HasPrincipalKey says otherwise.</summary>
    public ImmutableArray<string> PrincipalKey { get; internal set; } = ImmutableArray<string>.Empty;

    public ConfigurationSource Source { get; internal set; }

    /// <summary>The fluent chain or attribute that configured it, null for conventions.</summary>
    public Location? Location { get; internal set; }

    public bool IsRequired { get; internal set; }

    /// <summary>
    /// Dependent properties whose names make them the conventional foreign key but whose types differ from the
    /// principal key's (nullability aside): EF Core ignores them and creates a shadow key (<c>BlogId1</c>, event 10625).
    /// Set only when <see cref="ForeignKey"/> is empty, i.e. when no compatible property was found.
    /// </summary>
    public ImmutableArray<string> IncompatibleForeignKey { get; internal set; } = ImmutableArray<string>.Empty;

    /// <summary>
    /// Whether EF Core makes this relationship required, and why (<see cref="RequiredReason.None"/>: optional),
    /// resolved with EF Core's precedence: fluent <c>IsRequired(..)</c> (on the relationship or
    /// <c>Navigation(..)</c>), then <c>[Required]</c> on the dependent's navigation, then the nullability of the
    /// foreign-key CLR properties (a nullable one makes it optional), and only for a shadow foreign key a
    /// non-nullable reference navigation on the dependent (nullable context). Checked against EF Core 10.
    /// </summary>
    public RequiredReason RequiredBy { get; internal set; }

    internal RelationshipModel CopyWith(Dictionary<EntityModel, EntityModel> entities) =>
        new(entities[PrincipalEntity], entities[DependentEntity])
        {
            PrincipalNavigation = PrincipalNavigation,
            DependentNavigation = DependentNavigation,
            IsOneToOne = IsOneToOne,
            IsManyToMany = IsManyToMany,
            ForeignKey = ForeignKey,
            PrincipalKey = PrincipalKey,
            Source = Source,
            Location = Location,
            IsRequired = IsRequired,
            IncompatibleForeignKey = IncompatibleForeignKey,
            RequiredBy = RequiredBy,
        };

    public override string ToString() =>
        $"{PrincipalEntity.Name}.{PrincipalNavigation ?? "-"} 1<-{(IsOneToOne ? "1" : "*")} {DependentEntity.Name}.{DependentNavigation ?? "-"} fk({string.Join(",", ForeignKey)})";
}

/// <summary>What makes a relationship required (see <see cref="RelationshipModel.RequiredBy"/>).</summary>
internal enum RequiredReason
{
    None,
    Fluent,
    RequiredAttribute,
    NonNullableForeignKey,
    NonNullableNavigation,
}

internal sealed class QueryFilterModel
{
    public QueryFilterModel(string? name, ImmutableArray<string> readMembers, Location? location, bool fromLoop)
    {
        Name = name;
        ReadMembers = readMembers;
        Location = location;
        FromLoop = fromLoop;
    }

    /// <summary>EF Core 10 filter name; null for the unnamed filter.</summary>
    public string? Name { get; }

    /// <summary>Members the filter reads from the entity (paths like "Blog.TenantId" for nested reads).</summary>
    public ImmutableArray<string> ReadMembers { get; }

    public Location? Location { get; }

    /// <summary>Set by a loop over GetEntityTypes() rather than for this entity alone.</summary>
    public bool FromLoop { get; }

    /// <summary>Where the filter takes effect: the call of the generic helper that writes it, else <see cref="Location"/>.</summary>
    public Location? AppliedAt { get; init; }

    public bool Reads(string member)
    {
        foreach (var read in ReadMembers)
        {
            if (string.Equals(read, member, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
