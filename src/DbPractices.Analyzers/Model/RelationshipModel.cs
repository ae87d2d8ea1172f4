namespace DbPractices.Analyzers.Model;

/// <summary>A relationship between two entities as EF Core resolves it: navigations, keys, cardinality, requiredness, and where it is configured.</summary>
internal sealed class RelationshipModel
{
    public RelationshipModel(EntityModel principal, EntityModel dependent)
    {
        PrincipalEntity = principal;
        DependentEntity = dependent;
    }

    public EntityModel PrincipalEntity { get; }

    public EntityModel DependentEntity { get; }

    public INamedTypeSymbol Principal => PrincipalEntity.Type;

    public INamedTypeSymbol Dependent => DependentEntity.Type;

    /// <summary>Navigation on the principal pointing at the dependent(s).</summary>
    public string? PrincipalNavigation { get; internal set; }

    /// <summary>Navigation on the dependent pointing at the principal.</summary>
    public string? DependentNavigation { get; internal set; }

    public bool IsOneToOne { get; internal set; }

    public bool IsManyToMany { get; internal set; }

    /// <summary>Foreign-key CLR or shadow property names on the dependent; empty when EF would create a shadow key.</summary>
    public ImmutableArray<string> ForeignKey { get; internal set; } = ImmutableArray<string>.Empty;

    /// <summary>Principal key the foreign key references; the primary key unless HasPrincipalKey says otherwise.</summary>
    public ImmutableArray<string> PrincipalKey { get; internal set; } = ImmutableArray<string>.Empty;

    public ConfigurationSource Source { get; internal set; }

    /// <summary>The fluent chain or attribute that configured it, null for conventions.</summary>
    public Location? Location { get; internal set; }

    public bool IsRequired { get; internal set; }

    /// <summary>
    /// Dependent properties whose names make them the conventional foreign key but whose types differ from the
    /// principal key's (nullability aside): EF Core ignores them and creates a shadow key (<c>BlogId1</c>, event 10625).
    /// Set only when <see cref="ForeignKey"/> is empty, i.e. when no compatible property was found.
    /// </summary>
    public ImmutableArray<string> IncompatibleForeignKey { get; internal set; } = ImmutableArray<string>.Empty;

    /// <summary>
    /// Whether EF Core makes this relationship required, and why (<see cref="RequiredReason.None"/>: optional),
    /// resolved with EF Core's precedence: fluent <c>IsRequired(..)</c> (on the relationship or
    /// <c>Navigation(..)</c>), then <c>[Required]</c> on the dependent's navigation, then the nullability of the
    /// foreign-key CLR properties (a nullable one makes it optional), and only for a shadow foreign key a
    /// non-nullable reference navigation on the dependent (nullable context). Checked against EF Core 10.
    /// </summary>
    public RequiredReason RequiredBy { get; internal set; }

    public override string ToString() =>
        $"{PrincipalEntity.Name}.{PrincipalNavigation ?? "-"} 1<-{(IsOneToOne ? "1" : "*")} {DependentEntity.Name}.{DependentNavigation ?? "-"} fk({string.Join(",", ForeignKey)})";
}
