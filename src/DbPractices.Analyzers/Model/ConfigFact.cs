namespace DbPractices.Analyzers.Model;

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

    /// <summary>Key: <c>HasKey</c> (the primary key), not <c>HasAlternateKey</c>.</summary>
    public bool IsPrimaryKey { get; init; }

    /// <summary>Index: <c>HasFilter</c> with a filter.</summary>
    public bool IsFiltered { get; init; }

    /// <summary>Index: <c>IsUnique()</c>.</summary>
    public bool IsUnique { get; init; }

    /// <summary>EntityBlock: the <c>Configure</c> method of a configuration class (not an <c>Entity&lt;T&gt;(b => { })</c> lambda).</summary>
    public bool IsConfigurationClass { get; init; }

    /// <summary>ComplexProperty: mapped to a JSON column (<c>ToJson()</c>, or a <c>ComplexCollection</c>).</summary>
    public bool IsJson { get; init; }

    /// <summary>NavigationRequired: the value given to <c>IsRequired(..)</c>.</summary>
    public bool IsRequired { get; init; }

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
            IsPrimaryKey = IsPrimaryKey,
            IsFiltered = IsFiltered,
            IsUnique = IsUnique,
            IsConfigurationClass = IsConfigurationClass,
            IsJson = IsJson,
            IsRequired = IsRequired,
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
            IsPrimaryKey = IsPrimaryKey,
            IsFiltered = IsFiltered,
            IsUnique = IsUnique,
            IsConfigurationClass = IsConfigurationClass,
            IsJson = IsJson,
            IsRequired = IsRequired,
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
