using System.Collections.Concurrent;

namespace DbPractices.Analyzers.Model;

/// <summary>
/// How a model is carried over to a later compilation (<see cref="ModelReuse"/> decides when): what is kept
/// for it when the model is built, the copy, and the lookups of a copy, which find symbols again by name.
/// </summary>
internal sealed partial class EfModel
{
    /// <summary>Set in a model reused from an earlier compilation: finds types by metadata name instead of by symbol.</summary>
    private ReusedLookups? _reused;

    /// <summary>Carried over from an earlier compilation rather than built (<see cref="ModelReuse"/>).</summary>
    internal bool IsReused => _reused is not null;

    /// <summary>What a later compilation needs to take this model over: computed when it is built, not on the next keystroke.</summary>
    private void PrepareForReuse(IEnumerable<SyntaxTree>? factTrees)
    {
        // a context model's trees are among the compilation model's, which is the one a later compilation checks
        ContributingTrees = factTrees is null ? new HashSet<SyntaxTree>() : ModelReuse.CollectContributingTrees(this, factTrees);
        foreach (var entity in _entities!)
        {
            entity.PrepareForReuse();
        }

        _unmappedBasesByKey = UnmappedBasesByKey();
        _contextKeys = ContextKeys();
    }

    /// <summary>
    /// Trees any part of this model was read from or points into (declarations of its entities, their base
    /// types, properties and property types, of the contexts; every location it holds; every tree with
    /// configuration facts). A later compilation may reuse the model if none of them changed, or if those that changed
    /// kept their declarations and facts (see <see cref="ModelReuse"/>); their locations are then moved.
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
    /// earlier compilation, so a chain of reused models keeps no earlier compilation alive. Locations in trees that
    /// were edited are moved by <paramref name="map"/>. Null when two entities share a metadata name, or when a
    /// location cannot be moved.
    /// </summary>
    internal EfModel? ReuseFor(EfSymbols symbols, LocationMap? map = null)
    {
        if (map is { IsEmpty: true })
        {
            map = null;
        }

        var space = new SymbolSpace(symbols.Compilation);
        var ownAssembly = Compilation.Assembly;
        var model = new EfModel(symbols)
        {
            _removedConventions = _removedConventions,
            _bulkConventions = map is null ? _bulkConventions : map.RemapAll(_bulkConventions, map.Remap),
            _loopQueryFilters = map is null ? _loopQueryFilters : map.RemapAll(_loopQueryFilters, map.Remap),
            LazyLoadingEnabled = LazyLoadingEnabled,
            SplitQueryByDefault = SplitQueryByDefault,
            RetryingStrategyContexts = RetryingStrategyContexts,
            NoTrackingContexts = NoTrackingContexts,
            Providers = Providers,
            ContributingTrees = map is null ? ContributingTrees : MapTrees(ContributingTrees, map),
            _contextKey = _contextKey,
            ContextName = ContextName,
        };

        var entities = new Dictionary<EntityModel, EntityModel>(_entities!.Count);
        var byKey = new Dictionary<string, EntityModel>(_entities.Count, StringComparer.Ordinal);
        model._entities = new List<EntityModel>(_entities.Count);
        foreach (var entity in _entities)
        {
            var copy = CopyEntity(entity, space, ownAssembly, map, out var key);
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

        // then the links between entities: base entities, navigations, relationships
        var navigations = new Dictionary<NavigationModel, NavigationModel>();
        foreach (var entity in _entities)
        {
            var copy = entities[entity];
            copy.BaseEntity = entity.BaseEntity is null ? null : entities[entity.BaseEntity];
            foreach (var navigation in entity.Navigations)
            {
                var navigationCopy = new NavigationModel(copy, navigation.Name, entities[navigation.TargetEntity], navigation.IsCollection) { IsAmbiguous = navigation.IsAmbiguous };
                navigations[navigation] = navigationCopy;
                copy.AddNavigation(navigationCopy);
            }
        }

        var relationships = new Dictionary<RelationshipModel, RelationshipModel>(_relationships.Count);
        foreach (var relationship in _relationships)
        {
            var copy = CopyRelationship(relationship, entities, map);
            relationships[relationship] = copy;
            model.AddRelationship(copy);
        }

        foreach (var pair in navigations)
        {
            var copy = pair.Value;
            copy.Relationship = pair.Key.Relationship is null ? null : relationships[pair.Key.Relationship];
            foreach (var inverse in pair.Key.AmbiguousInverses)
            {
                copy.AddAmbiguousInverse(navigations[inverse]);
            }
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

        if (map is { Failed: true })
        {
            return null;
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
            if (contextModel.ReuseFor(symbols, map) is not { } copy)
            {
                return null;
            }

            contextModels.Add(copy);
        }

        model.SetContextModels(contextModels);
        return model;
    }

    /// <summary>The entity without its links; <paramref name="key"/> is null for a type of a referenced assembly (kept as a symbol).</summary>
    private static EntityModel CopyEntity(EntityModel entity, SymbolSpace space, IAssemblySymbol ownAssembly, LocationMap? map, out string? key)
    {
        var type = entity.KnownType;
        var own = type is null || SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, ownAssembly);
        key = own ? entity.TypeKey : null;
        return new EntityModel(entity, space, own ? null : type, key, own ? null : entity.KnownScalars, map);
    }

    private static HashSet<SyntaxTree> MapTrees(HashSet<SyntaxTree> trees, LocationMap map)
    {
        var mapped = new HashSet<SyntaxTree>();
        foreach (var tree in trees)
        {
            mapped.Add(map.MapTree(tree));
        }

        return mapped;
    }

    private static RelationshipModel CopyRelationship(RelationshipModel relationship, Dictionary<EntityModel, EntityModel> entities, LocationMap? map) =>
        new(entities[relationship.PrincipalEntity], entities[relationship.DependentEntity])
        {
            PrincipalNavigation = relationship.PrincipalNavigation,
            DependentNavigation = relationship.DependentNavigation,
            IsOneToOne = relationship.IsOneToOne,
            IsManyToMany = relationship.IsManyToMany,
            ForeignKey = relationship.ForeignKey,
            PrincipalKey = relationship.PrincipalKey,
            Source = relationship.Source,
            Location = map is null ? relationship.Location : map.MapOptional(relationship.Location),
            IsRequired = relationship.IsRequired,
            IncompatibleForeignKey = relationship.IncompatibleForeignKey,
            RequiredBy = relationship.RequiredBy,
        };

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
        var keys = ImmutableArray.CreateBuilder<string>(_builtContexts.Count);
        foreach (var context in _builtContexts)
        {
            keys.Add(context.GetTypeKey());
        }

        return keys.MoveToImmutable();
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
