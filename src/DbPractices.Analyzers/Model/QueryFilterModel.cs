namespace DbPractices.Analyzers.Model;

/// <summary>A global query filter of an entity (<c>HasQueryFilter</c>, or a loop over every entity type) and the members it reads.</summary>
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
