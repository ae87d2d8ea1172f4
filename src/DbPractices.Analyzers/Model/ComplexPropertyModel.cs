namespace DbPractices.Analyzers.Model;

/// <summary>
/// A complex property of an entity (EF Core 8+): <c>Order.ShippingAddress</c> of a <c>[ComplexType]</c> or
/// <c>ComplexProperty(e => e.ShippingAddress)</c>, or a nested one (<see cref="Path"/> "ShippingAddress.Geo").
/// Holds names only (no symbols), so a reused model shares it.
/// </summary>
internal sealed class ComplexPropertyModel
{
    private readonly IReadOnlyDictionary<string, string> _entityColumnNames;
    private readonly IReadOnlyList<PropertyFacetSetting> _entityFacets;

    public ComplexPropertyModel(string ownerName, string path, string typeKey, bool isCollection, ComplexPropertyModel? parent, IReadOnlyDictionary<string, string> entityColumnNames, IReadOnlyList<PropertyFacetSetting> entityFacets)
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
        foreach (var setting in _entityFacets)
        {
            if (setting.Sets(path, facet, countOptional: true))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => OwnerName + "." + Path;
}
