using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DbPractices.Analyzers.Model;

internal enum ConfigFactKind
{
    EntityDeclared,
    EntityBlock,
    Key,
    NoKey,
    Index,
    Ignore,
    Owned,
    ToTable,
    ColumnName,
    ShadowProperty,
    PropertyFacet,
    Relationship,
    QueryFilter,
    LoopQueryFilter,
    ConventionRemoved,
    BulkConvention,
    LazyLoading,
    SplitQueryDefault,
    Discriminator,
    Temporal,
    AutoInclude,
    ComplexProperty,

    /// <summary><c>Navigation(e => e.X).IsRequired(bool)</c>: Name = navigation, Flag = the value.</summary>
    NavigationRequired,

    /// <summary>
    /// A call of a generic configuration helper declared in source (<c>ConfigureSoftDelete(modelBuilder.Entity&lt;Order&gt;())</c>,
    /// <c>Configure&lt;Order&gt;(modelBuilder)</c>): Name = the helper's key, Types = its type arguments (a type parameter of
    /// the calling helper written as <see cref="ConfigFact.HelperTypeArgument"/>).
    /// </summary>
    GenericHelperCall,

    /// <summary>A generic helper invoked for every entity type (named in a GetEntityTypes() loop or given to MakeGenericMethod): Name = the helper's key.</summary>
    GenericHelperForAll,

    /// <summary>
    /// A configuration method calls a method declared in source (a helper, <c>base.OnModelCreating</c>):
    /// Name = the callee's owner key (see <see cref="ConfigFact.Owner"/>). Says which context a fact belongs to.
    /// </summary>
    Call,

    /// <summary><c>ApplyConfiguration(new X())</c>: Target = the configuration class's type key.</summary>
    ApplyConfiguration,

    /// <summary><c>ApplyConfigurationsFromAssembly(..)</c>: every configuration class of the assembly.</summary>
    ApplyConfigurationsFromAssembly,
}

/// <summary>What a piece of property configuration sets (HasMaxLength, HasPrecision, ...).</summary>
internal enum PropertyFacet
{
    MaxLength,
    Precision,
    ColumnType,
    Required,
    Conversion,

    /// <summary><c>IsRowVersion()</c> / <c>IsConcurrencyToken()</c> (Name = "false" for <c>IsConcurrencyToken(false)</c>).</summary>
    ConcurrencyToken,
}

/// <summary>
/// One fact read from fluent configuration code. Facts name types by <see cref="SymbolExtensions.GetTypeKey"/>
/// and members by name, never by symbol, so a tree's facts stay valid in the next compilation when
/// that tree did not change (the IDE creates a new compilation on every keystroke).
/// </summary>
internal sealed class ConfigFact
{
    public ConfigFact(ConfigFactKind kind, string? entity, Location location)
    {
        Kind = kind;
        Entity = entity;
        Location = location;
    }

    /// <summary>
    /// <see cref="Entity"/> of a fact written in a generic helper on <c>EntityTypeBuilder&lt;T&gt;</c>
    /// (<c>void Configure&lt;T&gt;(ModelBuilder b) where T : TenantEntity</c>): it applies to every entity that
    /// satisfies the constraints listed in <see cref="Types"/>.
    /// </summary>
    public const string GenericEntity = "<T>";

    public ConfigFactKind Kind { get; }

    /// <summary>Type key of the entity the fact is about (the builder's entity).</summary>
    public string? Entity { get; }

    /// <summary>Where the fact is written (the invocation, or the block for <see cref="ConfigFactKind.EntityBlock"/>).</summary>
    public Location Location { get; }

    /// <summary>Member names: key/index/foreign-key properties, the ignored or configured property, filter reads.</summary>
    public ImmutableArray<string> Members { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>
    /// A name: table, column, filter name, navigation, convention, builder parameter, facet value. For a
    /// LoopQueryFilter: the EF Core 10 filter key when the loop sets a named filter ("?" when not a literal), else null.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>A second type key: relationship target, owned type, shadow property type, bulk convention type.</summary>
    public string? Target { get; init; }

    public PropertyFacet Facet { get; init; }

    /// <summary>Index: filtered. Key: primary. EntityBlock: a configuration class. Relationship: HasMany.</summary>
    public bool Flag { get; init; }

    /// <summary>Index: unique. Relationship: WithMany. Owned: OwnsMany.</summary>
    public bool Flag2 { get; init; }

    public RelationshipFact? Relationship { get; init; }

    /// <summary>
    /// The method whose body holds the fact, as "{type key}.{method name}" (a local function's: its containing
    /// method's); null for facts read outside configuration methods. Set once when the tree is read. The model
    /// attributes the fact to the DbContext whose OnModelCreating/ConfigureConventions/OnConfiguring reaches it.
    /// </summary>
    public string? Owner { get; internal set; }

    /// <summary>The owner key of a method (see <see cref="Owner"/>).</summary>
    public static string OwnerKey(ITypeSymbol containingType, string methodName) => containingType.GetTypeKey() + "." + methodName;

    /// <summary>
    /// LoopQueryFilter: type keys the loop tests with typeof(...) (empty: every entity).
    /// A <see cref="GenericEntity"/> fact: the type parameter's constraint types.
    /// </summary>
    public ImmutableArray<string> Types { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>
    /// A <see cref="GenericEntity"/> fact written in a generic method on its own type parameter: the method's key
    /// (<see cref="HelperKey"/>); null for a type parameter of a class.
    /// </summary>
    public string? Helper { get; init; }

    /// <summary>The ordinal of the helper's type parameter the fact is about.</summary>
    public int HelperTypeParameter { get; init; }

    /// <summary>For a fact applied through a generic helper's call: where the call is (the place it takes effect).</summary>
    public Location? AppliedAt { get; init; }

    /// <summary>A copy for a generic helper's type parameter (<see cref="GenericEntity"/>) constrained to <paramref name="constraints"/>.</summary>
    public ConfigFact ForTypeParameter(ImmutableArray<string> constraints, string? helper = null, int ordinal = 0) =>
        new(Kind, GenericEntity, Location)
        {
            Members = Members,
            Name = Name,
            Target = Target,
            Facet = Facet,
            Flag = Flag,
            Flag2 = Flag2,
            Relationship = Relationship,
            Types = constraints,
            Helper = helper,
            HelperTypeParameter = ordinal,
            Owner = Owner,
        };

    /// <summary>A generic helper's fact as it holds for one type argument it is called with.</summary>
    public ConfigFact ForCall(string entity, Location appliedAt) =>
        new(Kind, entity, Location)
        {
            Members = Members,
            Name = Name,
            Target = Target,
            Facet = Facet,
            Flag = Flag,
            Flag2 = Flag2,
            Relationship = Relationship,
            AppliedAt = appliedAt,
        };

    /// <summary>A key for a generic method that stays the same in the next compilation: its documentation id, else (local functions) its place.</summary>
    public static string HelperKey(IMethodSymbol method)
    {
        var definition = method.OriginalDefinition;
        if (definition.MethodKind != MethodKind.LocalFunction && definition.GetDocumentationCommentId() is { } id)
        {
            return id;
        }

        var location = definition.Locations.Length > 0 ? definition.Locations[0] : null;
        return "local:" + location?.SourceTree?.FilePath + ":" + location?.SourceSpan.Start + ":" + definition.Name;
    }

    /// <summary>How a <see cref="ConfigFactKind.GenericHelperCall"/> names a type parameter of the calling helper.</summary>
    public static string HelperTypeArgument(string helper, int ordinal) => GenericEntity + ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + helper;
}

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
