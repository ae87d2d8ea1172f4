namespace DbPractices.Analyzers.Rules.Hygiene;

/// <summary>
/// DBP023: a required reference navigation from an entity without a query filter to one that has a filter
/// (EF Core's warning 10622): when the principal is filtered out, the inner join drops the dependent too.
/// Reported on the dependent's navigation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RequiredNavigationToFilteredEntityAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: "true" when making the navigation optional makes the relationship optional.</summary>
    public const string CanMakeOptionalKey = "CanMakeOptional";

    /// <summary>Diagnostic property: the navigation's name (the dependent's filter reads the principal through it).</summary>
    public const string NavigationKey = "Navigation";

    /// <summary>Diagnostic property: the principal's filter name (EF Core 10), when it has one.</summary>
    public const string FilterNameKey = "FilterName";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.RequiredNavigationToFilteredEntity,
        "Required navigation to an entity that has a query filter, from an entity that has none",
        "'{0}' is a required navigation to '{1}', which has a query filter, from '{2}', which has none: '{2}' rows whose '{1}' is filtered out silently disappear from results (EF Core warning 10622)",
        RuleCategories.Reliability,
        DiagnosticSeverity.Warning,
        "Queries join a required navigation with an inner join, so the principal's query filter also removes its dependents. Make the navigation optional, or give the dependent the matching filter.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        context.RegisterSymbolAction(AnalyzeProperty, SymbolKind.Property);
        ExternalMembers.Register(context, symbols, (scope, model, entity, property) => Analyze(scope, model, entity, property));
    }

    private static void AnalyzeProperty(SymbolAnalysisContext context)
    {
        var property = (IPropertySymbol)context.Symbol;
        if (property.Type is not INamedTypeSymbol { TypeKind: TypeKind.Class })
        {
            return;
        }

        var model = EfModel.For(context.Compilation, context.CancellationToken);
        if (model is null)
        {
            return;
        }

        // judged in each context that maps the entity (filters and requiredness are each context's); reported once per entity type
        MemberScope.InEachContext(context, model, property, Analyze);
    }

    private static bool Analyze(MemberScope context, EfModel model, EntityModel entity, IPropertySymbol property)
    {
        if (entity.IsOwned || entity.FindNavigation(property.Name) is not { IsCollection: false } navigation ||
            !SymbolEqualityComparer.Default.Equals(navigation.Property.OriginalDefinition, property.OriginalDefinition) ||
            navigation.Relationship is not { IsManyToMany: false, RequiredBy: not RequiredReason.None } relationship ||
            relationship.DependentNavigation != navigation.Name ||
            !SymbolEqualityComparer.Default.Equals(relationship.Dependent, entity.Type) ||
            model.GetEntity(relationship.Principal) is not { } principal ||
            principal.KeptQueryFilters.Count == 0 || entity.KeptQueryFilters.Count > 0)
        {
            return false;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[NavigationKey] = navigation.Name;
        // the navigation of an entity of another project cannot be edited from here
        if (context.Site is null && relationship.RequiredBy is RequiredReason.NonNullableNavigation or RequiredReason.RequiredAttribute &&
            !HasNonNullableForeignKeyProperty(entity, relationship))
        {
            properties[CanMakeOptionalKey] = "true";
        }

        // [0] the principal's filter, [1] where the dependent's filter goes: only for one filter written for the principal itself
        var additional = new List<Location>();
        if (principal.KeptQueryFilters.Count == 1 && principal.KeptQueryFilters[0] is { FromLoop: false, Location: { IsInSource: true } filterLocation } filter &&
            FilterTargets.Find(model, entity, context.CancellationToken) is { } target)
        {
            additional.Add(filterLocation);
            additional.Add(target.Location);
            properties[FilterTargets.ModeKey] = target.Mode;
            properties[FilterTargets.BuilderKey] = target.Builder;
            properties[FilterTargets.EntityTypeKey] = FilterTargets.FullyQualified(entity.Type);
            if (filter.Name is not null)
            {
                properties[FilterNameKey] = filter.Name;
            }
        }

        context.Report(Diagnostic.Create(
            Rule, context.Location, additional, context.WithSite(properties.ToImmutable(), property), entity.Name + "." + navigation.Name + model.ContextSuffix, principal.Name, entity.Name));
        return true;
    }

    private static bool HasNonNullableForeignKeyProperty(EntityModel dependent, RelationshipModel relationship)
    {
        foreach (var name in relationship.ForeignKey)
        {
            if (dependent.FindProperty(name) is { } property &&
                (property.Type.IsValueType
                    ? property.Type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T
                    : property.NullableAnnotation == NullableAnnotation.NotAnnotated))
            {
                return true;
            }
        }

        return false;
    }
}
