using System;
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

    public List<INamedTypeSymbol> Contexts { get; } = new();

    internal Dictionary<ITypeSymbol, EntityModel> EntityMap { get; } = new(SymbolEqualityComparer.Default);

    public IEnumerable<EntityModel> Entities => EntityMap.Values;

    public List<RelationshipModel> Relationships { get; } = new();

    /// <summary>Simple names of conventions removed in ConfigureConventions (ForeignKeyIndexConvention, ...).</summary>
    public HashSet<string> RemovedConventions { get; } = new(StringComparer.Ordinal);

    /// <summary>Bulk property conventions: <c>Properties&lt;T&gt;().HaveMaxLength(..)</c> etc., by type key.</summary>
    public List<ConfigFact> BulkConventions { get; } = new();

    /// <summary>Filters applied by a loop over <c>modelBuilder.Model.GetEntityTypes()</c>.</summary>
    public List<ConfigFact> LoopQueryFilters { get; } = new();

    public bool LazyLoadingEnabled { get; internal set; }

    public bool SplitQueryByDefault { get; internal set; }

    /// <summary>Database providers whose assemblies the compilation references.</summary>
    public DatabaseProvider Providers { get; internal set; }

    public EntityModel? GetEntity(ITypeSymbol? type) =>
        type is not null && EntityMap.TryGetValue(type.OriginalDefinition, out var entity) ? entity : null;

    private readonly Dictionary<string, EntityModel> _entitiesByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<ITypeSymbol, List<EntityModel>> _entitiesByUnmappedBase = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ITypeSymbol, List<RelationshipModel>> _relationshipsByDependent = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<RelationshipModel, int> _relationshipOrder = new();

    /// <summary>Entity with this simple name (ignoring case); the first one when several share it.</summary>
    public EntityModel? FindEntityByName(string name) =>
        _entitiesByName.TryGetValue(name, out var entity) ? entity : null;

    /// <summary>Entities deriving from a class that is not itself an entity (a BaseEntity with TenantId, ...).</summary>
    public IReadOnlyList<EntityModel> GetEntitiesDerivingFromUnmappedBase(ITypeSymbol type) =>
        _entitiesByUnmappedBase.TryGetValue(type.OriginalDefinition, out var entities) ? entities : Array.Empty<EntityModel>();

    /// <summary>
    /// Relationships whose dependent is this entity or one of its base entities, in <see cref="Relationships"/> order.
    /// A lookup, so that per-property rules do not scan every relationship of the model (quadratic at scale).
    /// </summary>
    public IReadOnlyList<RelationshipModel> GetRelationshipsAsDependent(EntityModel entity)
    {
        if (entity.BaseEntity is null)
        {
            return _relationshipsByDependent.TryGetValue(entity.Type, out var own) ? own : Array.Empty<RelationshipModel>();
        }

        var all = new List<RelationshipModel>();
        for (var e = entity; e is not null; e = e.BaseEntity)
        {
            if (_relationshipsByDependent.TryGetValue(e.Type, out var list))
            {
                all.AddRange(list);
            }
        }

        all.Sort((a, b) => _relationshipOrder[a].CompareTo(_relationshipOrder[b]));
        return all;
    }

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

    /// <summary>Builds the lookup tables; called once when the builder is done.</summary>
    internal void Seal()
    {
        for (var i = 0; i < Relationships.Count; i++)
        {
            var relationship = Relationships[i];
            if (!_relationshipsByDependent.TryGetValue(relationship.Dependent, out var list))
            {
                _relationshipsByDependent[relationship.Dependent] = list = new List<RelationshipModel>();
            }

            list.Add(relationship);
            _relationshipOrder[relationship] = i;
        }

        foreach (var entity in EntityMap.Values)
        {
            if (!_entitiesByName.ContainsKey(entity.Name))
            {
                _entitiesByName[entity.Name] = entity;
            }

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
    }

    public bool IsConventionRemoved(string conventionName) => RemovedConventions.Contains(conventionName);

    /// <summary>
    /// The model of this compilation, built on first use and shared by every rule; <c>null</c> when the
    /// compilation does not reference EF Core.
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
                holder.Value = EfModelBuilder.Build(symbols, cancellationToken);
            }

            return holder.Value;
        }
    }
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
    public EntityModel(INamedTypeSymbol type)
    {
        Type = type;
    }

    public INamedTypeSymbol Type { get; }

    public string Name => Type.Name;

    public bool IsOwned { get; internal set; }

    public bool IsKeyless { get; internal set; }

    /// <summary>The nearest base type that is also an entity (TPH/TPT/TPC hierarchy), or null.</summary>
    public EntityModel? BaseEntity { get; internal set; }

    /// <summary>Primary key property names, empty when keyless or not found.</summary>
    public ImmutableArray<string> PrimaryKey { get; internal set; } = ImmutableArray<string>.Empty;

    public List<ImmutableArray<string>> AlternateKeys { get; } = new();

    public List<IndexModel> Indexes { get; } = new();

    /// <summary>CLR properties excluded from the model ([NotMapped], Ignore).</summary>
    public HashSet<string> IgnoredMembers { get; } = new(StringComparer.Ordinal);

    /// <summary>Shadow properties declared with <c>Property&lt;T&gt;("Name")</c>, by name → type key.</summary>
    public Dictionary<string, string?> ShadowProperties { get; } = new(StringComparer.Ordinal);

    public List<NavigationModel> Navigations { get; } = new();

    public List<QueryFilterModel> QueryFilters { get; } = new();

    /// <summary>Table name set by [Table]/ToTable, null when the default (DbSet or type name) applies.</summary>
    public string? TableName { get; internal set; }

    /// <summary>The name of the first DbSet property exposing this entity, null when none (EF then names the table after the type).</summary>
    public string? DbSetName { get; internal set; }

    /// <summary>The table name EF Core uses by convention when <see cref="TableName"/> is null: the DbSet property name, else the type name.</summary>
    public string DefaultTableName => DbSetName ?? Name;

    /// <summary>Column names set by [Column]/HasColumnName, by property name.</summary>
    public Dictionary<string, string> ColumnNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Fluent property facets (HasMaxLength, HasPrecision, ...) by property name.</summary>
    public List<ConfigFact> PropertyFacets { get; } = new();

    /// <summary>Where this entity is configured fluently: configuration classes and Entity&lt;T&gt;(b => { }) blocks.</summary>
    public List<ConfigFact> ConfigurationBlocks { get; } = new();

    public bool DiscriminatorConfigured { get; internal set; }

    /// <summary>Temporal table configuration, null when the entity is not temporal.</summary>
    public ConfigFact? Temporal { get; internal set; }

    public HashSet<string> AutoIncludedNavigations { get; } = new(StringComparer.Ordinal);

    /// <summary>Mapped CLR properties that are not navigations: scalar columns.</summary>
    public List<IPropertySymbol> ScalarProperties { get; } = new();

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

    public override string ToString() => Type.Name;
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
    public NavigationModel(IPropertySymbol property, INamedTypeSymbol target, bool isCollection)
    {
        Property = property;
        Target = target;
        IsCollection = isCollection;
    }

    public IPropertySymbol Property { get; }

    public string Name => Property.Name;

    public INamedTypeSymbol Target { get; }

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

    public override string ToString() => Property.ContainingType.Name + "." + Name;
}

internal enum ConfigurationSource
{
    Convention,
    DataAnnotation,
    Fluent,
}

internal sealed class RelationshipModel
{
    public RelationshipModel(INamedTypeSymbol principal, INamedTypeSymbol dependent)
    {
        Principal = principal;
        Dependent = dependent;
    }

    public INamedTypeSymbol Principal { get; internal set; }

    public INamedTypeSymbol Dependent { get; internal set; }

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

    public override string ToString() =>
        $"{Principal.Name}.{PrincipalNavigation ?? "-"} 1<-{(IsOneToOne ? "1" : "*")} {Dependent.Name}.{DependentNavigation ?? "-"} fk({string.Join(",", ForeignKey)})";
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
