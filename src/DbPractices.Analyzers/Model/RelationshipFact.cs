namespace DbPractices.Analyzers.Model;

/// <summary>The relationship a <see cref="ConfigFactKind.Relationship"/> fact configures (<c>HasOne/HasMany(..).WithOne/WithMany(..)</c> and what follows).</summary>
internal sealed class RelationshipFact
{
    /// <summary>Navigation on the builder's entity (HasOne/HasMany argument), null when none.</summary>
    public string? Navigation { get; init; }

    /// <summary>Navigation on the target (WithOne/WithMany argument), null when none.</summary>
    public string? Inverse { get; init; }

    public bool IsCollection { get; init; }

    public bool WithCalled { get; init; }

    public bool InverseIsCollection { get; init; }

    /// <summary>Type key given to HasForeignKey&lt;T&gt;/HasPrincipalKey&lt;T&gt; in one-to-one relationships.</summary>
    public string? DependentHint { get; init; }

    public ImmutableArray<string> ForeignKey { get; init; } = ImmutableArray<string>.Empty;

    public ImmutableArray<string> PrincipalKey { get; init; } = ImmutableArray<string>.Empty;

    public bool IsRequired { get; init; }

    /// <summary><c>IsRequired()</c>/<c>IsRequired(true)</c> → true, <c>IsRequired(false)</c> → false, not called → null.</summary>
    public bool? Required { get; init; }

    /// <summary>Location of HasForeignKey (for rules about the key); falls back to the chain's start.</summary>
    public Location? ForeignKeyLocation { get; init; }
}
