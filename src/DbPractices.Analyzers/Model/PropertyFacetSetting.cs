namespace DbPractices.Analyzers.Model;

/// <summary>
/// One fluent facet set on a property (<c>Property(e => e.Name).HasMaxLength(100)</c>): which member, which facet,
/// the value as written. Holds names only (no symbols), so a reused model shares it.
/// </summary>
internal sealed class PropertyFacetSetting
{
    public PropertyFacetSetting(string member, PropertyFacet facet, string? value, Location location)
    {
        Member = member;
        Facet = facet;
        Value = value;
        Location = location;
    }

    /// <summary>The configured member's name; a path ("ShippingAddress.City") for a member of a complex property.</summary>
    public string Member { get; }

    public PropertyFacet Facet { get; }

    /// <summary>The argument as written ("100", "false" for <c>IsRequired(false)</c>), null when there is none or it is not a constant.</summary>
    public string? Value { get; }

    /// <summary>The facet's call.</summary>
    public Location Location { get; }

    /// <summary>Sets the facet on <paramref name="member"/>; <c>IsRequired(false)</c> does not set <see cref="PropertyFacet.Required"/> (unless <paramref name="countOptional"/>).</summary>
    internal bool Sets(string member, PropertyFacet facet, bool countOptional = false) =>
        Facet == facet && Member == member && (countOptional || !(facet == PropertyFacet.Required && Value == "false"));
}
