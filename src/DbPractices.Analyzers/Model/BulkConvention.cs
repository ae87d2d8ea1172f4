namespace DbPractices.Analyzers.Model;

/// <summary>A bulk property convention in <c>ConfigureConventions</c>: <c>configurationBuilder.Properties&lt;string&gt;().HaveMaxLength(..)</c>.</summary>
internal sealed class BulkConvention
{
    public BulkConvention(string typeKey, PropertyFacet facet, Location location)
    {
        TypeKey = typeKey;
        Facet = facet;
        Location = location;
    }

    /// <summary>The property type's key (<see cref="SymbolExtensions.GetTypeKey"/>), nullable unwrapped.</summary>
    public string TypeKey { get; }

    public PropertyFacet Facet { get; }

    public Location Location { get; }
}
