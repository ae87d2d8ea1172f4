namespace DbPractices.Analyzers.Model;

/// <summary>
/// Where diagnostics about an entity's members that are declared in another assembly (a Domain project, a
/// shared kernel's BaseEntity) are reported: the nearest configuration of the entity in this compilation —
/// its configuration class, else its first <c>Entity&lt;T&gt;()</c> call, else its first DbSet property.
/// Such members have no symbol action in this compilation, and their fix writes fluent configuration here.
/// </summary>
internal sealed class ConfigurationSite
{
    public ConfigurationSite(ConfigurationSiteKind kind, Location location)
    {
        Kind = kind;
        Location = location;
    }

    public ConfigurationSiteKind Kind { get; }

    public Location Location { get; }

    /// <summary>The diagnostic property naming the site kind, read by the fixers.</summary>
    public const string KindKey = "Site";

    /// <summary>The diagnostic property naming the entity's member the diagnostic is about (for the fluent fix).</summary>
    public const string MemberKey = "Member";

    /// <summary>Present when the diagnostic sits elsewhere (a query) and its first additional location is the configuration site.</summary>
    public const string AtAdditionalLocationKey = "SiteAtAdditionalLocation";
}
