namespace DbPractices.Analyzers.Rules.Hygiene;

/// <summary>
/// DBP019: a mapped <c>decimal</c> property with no precision, scale or store type, on a provider that then
/// picks a fixed default (SQL Server's decimal(18,2): EF Core's own warning 30000 at run time).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DecimalWithoutPrecisionAnalyzer : DbpAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.DecimalWithoutPrecision,
        "Decimal property without precision",
        "'{0}' is a decimal without precision or column type: the provider's default (decimal(18,2) on SQL Server) silently rounds or rejects values that do not fit",
        RuleCategories.Reliability,
        DiagnosticSeverity.Warning,
        "Give every decimal column an explicit precision and scale ([Precision], HasPrecision, HasColumnType or a Properties<decimal>() convention); the provider's default truncates amounts silently.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        HygieneModel.RegisterColumnRule(context, symbols, SpecialType.System_Decimal, (scope, model, entities, property) => Analyze(scope, symbols, model, entities, property));
    }

    private static void Analyze(MemberScope context, EfSymbols symbols, EfModel model, System.Collections.Generic.IEnumerable<EntityModel> entities, IPropertySymbol property)
    {
        if (property.Type.UnwrapNullable().SpecialType != SpecialType.System_Decimal ||
            property.HasAttribute(symbols.PrecisionAttribute) || HygieneModel.HasColumnTypeAttribute(property, symbols))
        {
            return;
        }

        var checkedProviders = false;
        HashSet<ITypeSymbol>? reported = null;
        foreach (var entity in entities)
        {
            // each context's ConfigureConventions and configuration hold for its own model only
            if (HygieneModel.HasBulkConvention(entity.Model, property.Type, PropertyFacet.Precision) ||
                HygieneModel.HasBulkConvention(entity.Model, property.Type, PropertyFacet.ColumnType) ||
                HygieneModel.HasBulkConvention(entity.Model, property.Type, PropertyFacet.Conversion) ||
                HygieneModel.HasFacet(entity, property.Name, PropertyFacet.Precision) ||
                HygieneModel.HasFacet(entity, property.Name, PropertyFacet.ColumnType) ||
                HygieneModel.HasFacet(entity, property.Name, PropertyFacet.Conversion) ||
                HygieneModel.IsForeignKey(entity.Model, entity, property.Name) ||
                !HygieneModel.FirstFor(entity, ref reported))
            {
                // EF Core gives a foreign key its principal key's store type
                continue;
            }

            if (!checkedProviders)
            {
                if (!HygieneModel.ColumnSizesMatter(model, context.Options, context.Tree))
                {
                    return;
                }

                checkedProviders = true;
            }

            context.Report(Diagnostic.Create(Rule, context.Location, context.WithSite(ImmutableDictionary<string, string?>.Empty, property), entity.Name + "." + property.Name + entity.Model.ContextSuffix));
        }

        // a member of a complex type maps to a decimal column of each owner's table: reported once, naming the first such use
        if (context.Site is null && HygieneModel.ComplexUseLacking(model, property, PropertyFacet.Precision, PropertyFacet.ColumnType, PropertyFacet.Conversion) is { } usage &&
            (checkedProviders || HygieneModel.ColumnSizesMatter(model, context.Options, context.Tree)))
        {
            context.Report(Diagnostic.Create(Rule, context.Location, usage.OwnerName + "." + usage.Path + "." + property.Name));
        }
    }
}
