namespace DbPractices.Analyzers.Model;

/// <summary>What kind of declaration a <see cref="ConfigurationSite"/> is.</summary>
internal enum ConfigurationSiteKind
{
    /// <summary>An <c>IEntityTypeConfiguration&lt;T&gt;</c> class (the location is its name).</summary>
    ConfigurationClass,

    /// <summary>A <c>modelBuilder.Entity&lt;T&gt;()</c> invocation (the location is the invocation).</summary>
    EntityCall,

    /// <summary>A <c>DbSet&lt;T&gt;</c> property of a context (the location is its name).</summary>
    DbSetProperty,
}
