namespace DbPractices.Analyzers.Model;

/// <summary>
/// A block where an entity is configured fluently and a fix can add configuration: the body of an
/// <c>IEntityTypeConfiguration&lt;T&gt;.Configure</c> method (or another method taking the entity's builder), or of an
/// <c>Entity&lt;T&gt;(b => { .. })</c> lambda.
/// </summary>
internal sealed class ConfigurationBlock
{
    public ConfigurationBlock(string builder, Location location, bool isConfigurationClass)
    {
        Builder = builder;
        Location = location;
        IsConfigurationClass = isConfigurationClass;
    }

    /// <summary>The name of the block's <c>EntityTypeBuilder&lt;T&gt;</c> parameter: what added configuration is written on.</summary>
    public string Builder { get; }

    /// <summary>The block (its braces).</summary>
    public Location Location { get; }

    /// <summary>The block is the <c>Configure</c> method of a configuration class.</summary>
    public bool IsConfigurationClass { get; }
}
