namespace DbPractices.Analyzers.Model;

/// <summary>What a <see cref="ConfigFact"/> says (which of its members are set depends on the kind).</summary>
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

    /// <summary><c>Navigation(e => e.X).IsRequired(bool)</c>: Name = navigation, <see cref="ConfigFact.IsRequired"/> = the value.</summary>
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

    /// <summary><c>ToView</c>, <c>ToSqlQuery</c>, <c>ToFunction</c>: the entity is read from a view, a query or a function, not a table.</summary>
    View,

    /// <summary>
    /// <c>EnableRetryOnFailure</c> / <c>ExecutionStrategy(..)</c> in provider options: Name = the DbContext's simple name when the
    /// options are those of <c>OnConfiguring</c> or of an <c>AddDbContext&lt;T&gt;</c>-style registration, null when unknown (see <see cref="ExecutionStrategies"/>).
    /// </summary>
    RetryingStrategy,

    /// <summary>
    /// A context whose queries do not track by default: <c>UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking*)</c> in its
    /// options, or <c>ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking*</c> in its constructor. Name = the
    /// DbContext's simple name, null when unknown (see <see cref="TrackingDefaults"/>).
    /// </summary>
    NoTrackingDefault,
}
