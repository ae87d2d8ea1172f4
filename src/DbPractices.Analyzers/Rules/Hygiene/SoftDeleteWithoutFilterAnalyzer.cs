namespace DbPractices.Analyzers.Rules.Hygiene;

/// <summary>
/// DBP017: an entity with a soft-delete property (IsDeleted, DeletedAt, or a property of ISoftDelete) and no
/// query filter reading it, so deleted rows come back in every query. Reported on the soft-delete property.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SoftDeleteWithoutFilterAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: the condition the fix adds (<c>!e.IsDeleted</c> with the parameter written as <c>{0}</c>).</summary>
    public const string ConditionKey = "Condition";

    /// <summary>Diagnostic property: the filter name to use on EF Core 10 when the entity has only named filters.</summary>
    public const string FilterNameKey = "FilterName";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.SoftDeleteWithoutFilter,
        "Soft-delete entity without a query filter reading that property",
        "'{0}' marks rows of '{1}' as deleted, but no query filter reads it: deleted rows come back in every query",
        RuleCategories.Reliability,
        DiagnosticSeverity.Warning,
        "A soft-delete flag needs a global query filter (HasQueryFilter(e => !e.IsDeleted)), or every query has to remember to exclude deleted rows.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        context.RegisterSymbolAction(AnalyzeProperty, SymbolKind.Property);
        ExternalMembers.Register(context, symbols, (scope, model, entity, property) =>
        {
            if (SoftDeleteConvention.Condition(property.Type) is not null)
            {
                Analyze(scope, model, entity, property);
            }
        });
    }

    private static void AnalyzeProperty(SymbolAnalysisContext context)
    {
        var property = (IPropertySymbol)context.Symbol;
        if (SoftDeleteConvention.Condition(property.Type) is null)
        {
            return;
        }

        var model = EfModel.For(context.Compilation, context.CancellationToken);
        if (model is null)
        {
            return;
        }

        var tree = property.Locations.Length > 0 ? property.Locations[0].SourceTree : null;
        if (tree is null)
        {
            return;
        }

        // each context has its own filters: a filter in one does not cover the entity in another; reported once
        HashSet<ITypeSymbol>? reported = null;
        foreach (var entity in HygieneModel.EntitiesMapping(model, property))
        {
            if (reported?.Contains(entity.Type) != true && Analyze(MemberScope.OnMember(context, property), entity.Model, entity, property))
            {
                HygieneModel.FirstFor(entity, ref reported);
            }
        }
    }

    private static bool Analyze(MemberScope context, EfModel model, EntityModel entity, IPropertySymbol property)
    {
        // filters live on the root of a hierarchy; owned types cannot have one
        if (entity.IsOwned || entity.BaseEntity is not null)
        {
            return false;
        }

        var softDelete = SoftDeleteConvention.Properties(entity, context.Options, context.Tree);
        if (softDelete.Count == 0 || !SymbolEqualityComparer.Default.Equals(softDelete[0].OriginalDefinition, property.OriginalDefinition) ||
            IsFiltered(entity, softDelete))
        {
            return false;
        }

        Report(context, model, entity, property);
        return true;
    }

    private static bool IsFiltered(EntityModel entity, List<IPropertySymbol> softDelete)
    {
        foreach (var filter in entity.KeptQueryFilters)
        {
            foreach (var property in softDelete)
            {
                if (filter.Reads(property.Name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void Report(MemberScope context, EfModel model, EntityModel entity, IPropertySymbol property)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        var additional = new List<Location>();
        properties[ConditionKey] = string.Format(System.Globalization.CultureInfo.InvariantCulture, SoftDeleteConvention.Condition(property.Type)!, "{0}", property.Name);
        properties[FilterTargets.EntityTypeKey] = FilterTargets.FullyQualified(entity.Type);

        var unnamed = new List<QueryFilterModel>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        var fromLoop = false;
        foreach (var filter in entity.QueryFilters)
        {
            fromLoop |= filter.FromLoop;
            if (filter.Name is null)
            {
                unnamed.Add(filter);
            }
            else
            {
                named.Add(filter.Name);
            }
        }

        // a loop's filter cannot take another condition here, and a second unnamed filter would replace it (DBP022)
        if (!fromLoop)
        {
            if (unnamed.Count == 1 && unnamed[0].Location is { IsInSource: true } existing)
            {
                properties[FilterTargets.ModeKey] = FilterTargets.ModeMerge;
                additional.Add(existing);
            }
            else if (unnamed.Count == 0 && FilterTargets.Find(model, entity, context.CancellationToken) is { } target)
            {
                properties[FilterTargets.ModeKey] = target.Mode;
                properties[FilterTargets.BuilderKey] = target.Builder;
                additional.Add(target.Location);
                if (named.Count > 0)
                {
                    // EF Core 10 throws when unnamed and named filters are mixed
                    var name = "SoftDelete";
                    for (var i = 2; named.Contains(name); i++)
                    {
                        name = "SoftDelete" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }

                    properties[FilterNameKey] = name;
                }
            }
        }

        context.Report(Diagnostic.Create(Rule, context.Location, additional, context.WithSite(properties.ToImmutable(), property), property.Name, entity.DisplayName));
    }
}
