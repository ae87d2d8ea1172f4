namespace DbPractices.Analyzers.Model;

/// <summary>
/// An entity type of one context model: its keys, indexes, mapped properties, navigations, query filters and the
/// configuration written for it. Collections are read-only; the builder fills them through the internal Add methods.
/// </summary>
internal sealed class EntityModel
{
    private readonly SymbolSpace? _space;
    private INamedTypeSymbol? _type;
    private string? _typeKey;
    private readonly List<IPropertySymbol>? _builtScalars;
    private IReadOnlyList<IPropertySymbol>? _scalars;
    private ImmutableArray<string> _scalarNames;

    // Without symbols, and not changed once the model is built: a reused model's entity shares them.
    private readonly List<ImmutableArray<string>> _alternateKeys;
    private readonly List<IndexModel> _indexes;
    private readonly ReadOnlyNameSet _ignoredMembers;
    private readonly Dictionary<string, string?> _shadowProperties;
    private readonly List<QueryFilterModel> _queryFilters;
    private readonly Dictionary<string, string> _columnNames;
    private readonly List<PropertyFacetSetting> _propertyFacets;
    private readonly List<ConfigurationBlock> _configurationBlocks;
    private readonly ReadOnlyNameSet _autoIncludedNavigations;
    private readonly List<ComplexPropertyModel> _complexProperties;

    private readonly List<NavigationModel> _navigations = new();

    public EntityModel(INamedTypeSymbol type)
    {
        _type = type;
        Name = type.Name;
        _builtScalars = new List<IPropertySymbol>();
        _alternateKeys = new();
        _indexes = new();
        _ignoredMembers = ReadOnlyNameSet.Create();
        _shadowProperties = new(StringComparer.Ordinal);
        _queryFilters = new();
        _columnNames = new(StringComparer.Ordinal);
        _propertyFacets = new();
        _configurationBlocks = new();
        _autoIncludedNavigations = ReadOnlyNameSet.Create();
        _complexProperties = new();
    }

    /// <summary>
    /// <paramref name="original"/> carried over to a later compilation (see <see cref="EfModel.ReuseFor"/>): its type found
    /// again by <paramref name="typeKey"/> (own source) or kept as <paramref name="type"/> (a referenced assembly's), the
    /// same names and collections (with their locations moved by <paramref name="map"/> when trees they point into were
    /// edited); base entity and navigations are set by the copy.
    /// </summary>
    internal EntityModel(EntityModel original, SymbolSpace space, INamedTypeSymbol? type, string? typeKey, IReadOnlyList<IPropertySymbol>? scalars, LocationMap? map)
    {
        Name = original.Name;
        _space = space;
        _type = type;
        _typeKey = typeKey;
        _scalars = scalars;
        _scalarNames = original.ScalarNames();
        IsOwned = original.IsOwned;
        IsKeyless = original.IsKeyless;
        IsView = original.IsView;
        PrimaryKey = original.PrimaryKey;
        TableName = original.TableName;
        DbSetName = original.DbSetName;
        DiscriminatorConfigured = original.DiscriminatorConfigured;
        Temporal = original.Temporal;
        ExternalSite = original.ExternalSite;
        KeptQueryFilters = original.KeptQueryFilters;
        _alternateKeys = original._alternateKeys;
        _indexes = original._indexes;
        _ignoredMembers = original._ignoredMembers;
        _shadowProperties = original._shadowProperties;
        _queryFilters = original._queryFilters;
        _columnNames = original._columnNames;
        _propertyFacets = original._propertyFacets;
        _configurationBlocks = original._configurationBlocks;
        _autoIncludedNavigations = original._autoIncludedNavigations;
        _complexProperties = original._complexProperties;
        if (map is null || map.IsEmpty)
        {
            return;
        }

        Temporal = Temporal is null ? null : map.Remap(Temporal);
        ExternalSite = ExternalSite is null ? null : map.Remap(ExternalSite);
        _indexes = map.RemapAll(_indexes, map.Remap);
        _queryFilters = map.RemapAll(_queryFilters, map.Remap);
        KeptQueryFilters = map.RemapAll(KeptQueryFilters, map.Remap);
        _configurationBlocks = map.RemapAll(_configurationBlocks, map.Remap);
        _propertyFacets = map.RemapAll(_propertyFacets, map.Remap);
        if (_complexProperties.Count > 0 && !ReferenceEquals(_propertyFacets, original._propertyFacets))
        {
            // complex properties read the entity's facets through the list they were built with: build the model again
            map.Fail();
        }
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

    public IReadOnlyList<ImmutableArray<string>> AlternateKeys => _alternateKeys;

    public IReadOnlyList<IndexModel> Indexes => _indexes;

    /// <summary>CLR properties excluded from the model ([NotMapped], Ignore).</summary>
    public ReadOnlyNameSet IgnoredMembers => _ignoredMembers;

    /// <summary>Shadow properties declared with <c>Property&lt;T&gt;("Name")</c>, by name → type key.</summary>
    public IReadOnlyDictionary<string, string?> ShadowProperties => _shadowProperties;

    public IReadOnlyList<NavigationModel> Navigations => _navigations;

    /// <summary>Every query filter configured for this entity, in configuration order as far as it is known (DBP022 reads them all).</summary>
    public IReadOnlyList<QueryFilterModel> QueryFilters => _queryFilters;

    /// <summary>
    /// The query filters EF Core keeps: an unnamed filter replaced by a later unnamed one, or a named one by a later
    /// one with the same key, is left out when the order is known (see <see cref="EfModelBuilder"/>). Rules that ask
    /// whether a filter applies read these.
    /// </summary>
    public IReadOnlyList<QueryFilterModel> KeptQueryFilters { get; internal set; } = Array.Empty<QueryFilterModel>();

    /// <summary>Table name set by [Table]/ToTable, null when the default (DbSet or type name) applies.</summary>
    public string? TableName { get; internal set; }

    /// <summary>The name of the first DbSet property exposing this entity, null when none (EF then names the table after the type).</summary>
    public string? DbSetName { get; internal set; }

    /// <summary>The table name EF Core uses by convention when <see cref="TableName"/> is null: the DbSet property name, else the type name.</summary>
    public string DefaultTableName => DbSetName ?? Name;

    /// <summary>Column names set by [Column]/HasColumnName, by property name (a path for a complex property's member).</summary>
    public IReadOnlyDictionary<string, string> ColumnNames => _columnNames;

    /// <summary>Fluent property facets (HasMaxLength, HasPrecision, ...) set on this entity's properties (and complex properties' members).</summary>
    public IReadOnlyList<PropertyFacetSetting> PropertyFacets => _propertyFacets;

    /// <summary>Where this entity is configured fluently: configuration classes and Entity&lt;T&gt;(b => { }) blocks.</summary>
    public IReadOnlyList<ConfigurationBlock> ConfigurationBlocks => _configurationBlocks;

    public bool DiscriminatorConfigured { get; internal set; }

    /// <summary>
    /// Where diagnostics about this entity's members declared in another assembly are reported (see
    /// <see cref="ConfigurationSite"/>); null when it has none, or when no configuration of it is in source.
    /// </summary>
    public ConfigurationSite? ExternalSite { get; internal set; }

    /// <summary>Temporal table configuration, null when the entity is not temporal.</summary>
    public TemporalTable? Temporal { get; internal set; }

    public ReadOnlyNameSet AutoIncludedNavigations => _autoIncludedNavigations;

    /// <summary>
    /// Complex properties (EF Core 8+ <c>[ComplexType]</c>, <c>ComplexProperty</c>, <c>ComplexCollection</c>), nested ones
    /// included (path "ShippingAddress.Geo"): neither navigations nor scalar columns; their members map to columns.
    /// </summary>
    public IReadOnlyList<ComplexPropertyModel> ComplexProperties => _complexProperties;

    /// <summary>Mapped CLR properties that are not navigations: scalar columns.</summary>
    public IReadOnlyList<IPropertySymbol> ScalarProperties => _builtScalars ?? _scalars ?? ResolveScalars();

    /// <summary>A fluent facet set on this entity's own property (<c>IsRequired(false)</c> does not count as Required).</summary>
    public bool HasFacet(string property, PropertyFacet facet)
    {
        foreach (var setting in _propertyFacets)
        {
            if (setting.Sets(property, facet))
            {
                return true;
            }
        }

        return false;
    }

    internal void AddScalarProperty(IPropertySymbol property) => _builtScalars!.Add(property);

    internal void AddAlternateKey(ImmutableArray<string> key) => _alternateKeys.Add(key);

    internal void AddIndex(IndexModel index) => _indexes.Add(index);

    /// <summary>Excludes a member from the model ([NotMapped], Ignore): no longer a scalar property or a navigation.</summary>
    internal void Ignore(string member, bool removeMapped)
    {
        _ignoredMembers.Add(member);
        if (removeMapped)
        {
            _builtScalars!.RemoveAll(p => p.Name == member);
            _navigations.RemoveAll(n => n.Name == member);
        }
    }

    internal void SetShadowProperty(string name, string? typeKey) => _shadowProperties[name] = typeKey;

    internal void AddNavigation(NavigationModel navigation) => _navigations.Add(navigation);

    internal void AddQueryFilter(QueryFilterModel filter) => _queryFilters.Add(filter);

    internal void SetColumnName(string property, string column) => _columnNames[property] = column;

    internal void AddPropertyFacet(PropertyFacetSetting setting) => _propertyFacets.Add(setting);

    internal void AddConfigurationBlock(ConfigurationBlock block) => _configurationBlocks.Add(block);

    internal void AddAutoInclude(string navigation) => _autoIncludedNavigations.Add(navigation);

    internal void AddComplexProperty(ComplexPropertyModel complex) => _complexProperties.Add(complex);

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

    /// <summary>The type symbol when it is known (always in a built model; in a reused one once resolved or when of a referenced assembly).</summary>
    internal INamedTypeSymbol? KnownType => _type;

    /// <summary>The scalar property symbols when they are known (see <see cref="KnownType"/>).</summary>
    internal IReadOnlyList<IPropertySymbol>? KnownScalars => _builtScalars ?? _scalars;

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

    /// <summary>The source property is one of this entity's mapped scalar properties (not ignored; the same declaration, not a namesake).</summary>
    public bool IsMappedScalar(IPropertySymbol property) =>
        !_ignoredMembers.Contains(property.Name) &&
        FindProperty(property.Name) is { } mapped &&
        SymbolEqualityComparer.Default.Equals(mapped.OriginalDefinition, property.OriginalDefinition);

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
