namespace DbPractices.Analyzers.Model;

/// <summary>An entity mapped to a temporal table (<c>ToTable(t => t.IsTemporal())</c>) and its period columns.</summary>
internal sealed class TemporalTable
{
    /// <summary>EF Core's period column names when <c>HasPeriodStart</c>/<c>HasPeriodEnd</c> do not name them.</summary>
    public const string DefaultPeriodStart = "PeriodStart";

    /// <inheritdoc cref="DefaultPeriodStart"/>
    public const string DefaultPeriodEnd = "PeriodEnd";

    public TemporalTable(string periodStart, string periodEnd, Location location)
    {
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
        Location = location;
    }

    /// <summary>The period start column (a shadow property unless the entity declares it).</summary>
    public string PeriodStart { get; }

    public string PeriodEnd { get; }

    /// <summary>Where the table is made temporal.</summary>
    public Location Location { get; }

    /// <summary>Neither period column is renamed.</summary>
    public bool HasDefaultPeriodNames => PeriodStart == DefaultPeriodStart && PeriodEnd == DefaultPeriodEnd;

    /// <summary>The name is one of the two period columns.</summary>
    public bool IsPeriodColumn(string name) => string.Equals(name, PeriodStart, StringComparison.Ordinal) || string.Equals(name, PeriodEnd, StringComparison.Ordinal);
}
