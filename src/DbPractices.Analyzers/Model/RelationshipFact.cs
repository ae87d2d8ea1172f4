namespace DbPractices.Analyzers.Model;

/// <summary>
/// The relationship a <see cref="ConfigFactKind.Relationship"/> fact configures (<c>HasOne/HasMany(..).WithOne/WithMany(..)</c>
/// and what follows). Its setters are for the readers, which fill it call by call along the chain; nothing changes it after.
/// </summary>
internal sealed class RelationshipFact
{
    /// <summary>Navigation on the builder's entity (HasOne/HasMany argument), null when none.</summary>
    public string? Navigation { get; set; }

    /// <summary>Navigation on the target (WithOne/WithMany argument), null when none.</summary>
    public string? Inverse { get; set; }

    public bool IsCollection { get; set; }

    public bool WithCalled { get; set; }

    public bool InverseIsCollection { get; set; }

    /// <summary>Type key given to HasForeignKey&lt;T&gt;/HasPrincipalKey&lt;T&gt; in one-to-one relationships.</summary>
    public string? DependentHint { get; set; }

    public ImmutableArray<string> ForeignKey { get; set; } = ImmutableArray<string>.Empty;

    public ImmutableArray<string> PrincipalKey { get; set; } = ImmutableArray<string>.Empty;

    public bool IsRequired { get; set; }

    /// <summary><c>IsRequired()</c>/<c>IsRequired(true)</c> → true, <c>IsRequired(false)</c> → false, not called → null.</summary>
    public bool? Required { get; set; }

    /// <summary>Location of HasForeignKey (for rules about the key); falls back to the chain's start.</summary>
    public Location? ForeignKeyLocation { get; set; }
}
