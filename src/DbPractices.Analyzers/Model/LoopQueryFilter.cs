namespace DbPractices.Analyzers.Model;

/// <summary>
/// A query filter set for many entity types at once: by a loop over <c>modelBuilder.Model.GetEntityTypes()</c>, or by a
/// generic helper invoked for every entity type.
/// </summary>
internal sealed class LoopQueryFilter
{
    public LoopQueryFilter(string? name, ImmutableArray<string> readMembers, ImmutableArray<string> typeTests, Location location)
    {
        Name = name;
        ReadMembers = readMembers;
        TypeTests = typeTests;
        Location = location;
    }

    /// <summary>The EF Core 10 filter key when the loop sets a named filter ("?" when not a literal), else null.</summary>
    public string? Name { get; }

    /// <summary>Members the filter reads from the entity.</summary>
    public ImmutableArray<string> ReadMembers { get; }

    /// <summary>Type keys the loop tests with <c>typeof(..)</c> (an entity is covered when it is assignable to one); empty: every entity.</summary>
    public ImmutableArray<string> TypeTests { get; }

    public Location Location { get; }
}
