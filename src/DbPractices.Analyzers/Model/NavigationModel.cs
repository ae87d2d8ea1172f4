namespace DbPractices.Analyzers.Model;

/// <summary>A navigation of an entity to another entity (reference or collection), with the relationship it belongs to.</summary>
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

    /// <summary>A navigation of a reused model (see <see cref="EfModel.ReuseFor"/>): its property is found again by name when first read.</summary>
    internal NavigationModel(EntityModel owner, string name, EntityModel target, bool isCollection)
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
    public IReadOnlyList<NavigationModel> AmbiguousInverses => _ambiguousInverses;

    private readonly List<NavigationModel> _ambiguousInverses = new();

    internal void AddAmbiguousInverse(NavigationModel inverse) => _ambiguousInverses.Add(inverse);

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

    public override string ToString() => Owner.Name + "." + Name;
}
