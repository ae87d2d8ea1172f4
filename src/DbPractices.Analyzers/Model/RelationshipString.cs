namespace DbPractices.Analyzers.Model;

/// <summary>
/// One member name EF Core is given as a string (read by <see cref="RelationshipStrings"/>): the member it names
/// (DBP003: use a compile-checked reference instead) or, when it names none EF Core can find, the closest one (DBP004).
/// </summary>
internal sealed class RelationshipString
{
    public RelationshipString(Location location, string name, string ownerName, string? member, string? use, string? closest, ImmutableDictionary<string, string?> properties)
    {
        Location = location;
        Name = name;
        OwnerName = ownerName;
        Member = member;
        Use = use;
        Closest = closest;
        Properties = properties;
    }

    /// <summary>The string argument (or the whole <c>Include</c> path).</summary>
    public Location Location { get; }

    /// <summary>The name as written; for a path naming nothing, the first segment that names nothing.</summary>
    public string Name { get; }

    /// <summary>The type the name is looked up on (for a path, the type of the segment).</summary>
    public string OwnerName { get; }

    /// <summary>The member (or path) it names; null when it names none.</summary>
    public string? Member { get; }

    /// <summary>When it names a member: what to write instead ("nameof", "the lambda overload", ...).</summary>
    public string? Use { get; }

    /// <summary>When it names none: the closest member (or corrected path), or null when none is close.</summary>
    public string? Closest { get; }

    /// <summary>The fixer hand-off (<see cref="RelationshipStrings.TypeKey"/>, ...).</summary>
    public ImmutableDictionary<string, string?> Properties { get; }

    public bool NamesMember => Member is not null;
}
