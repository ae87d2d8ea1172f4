namespace DbPractices.Analyzers.Model;

/// <summary>An index of an entity (<c>[Index]</c>, <c>HasIndex</c>): its columns, filtered or unique, where it is declared.</summary>
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
