namespace DbPractices.Analyzers.Rules.Hygiene;

/// <summary>
/// DBP020: a mapped <c>string</c> property with no maximum length, which SQL Server maps to nvarchar(max)
/// (MySQL to longtext). A suggestion: reported in the IDE, shown by the command-line build only as a message.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StringWithoutMaxLengthAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: the length the fix writes (<c>dbpractices.default_max_length</c>).</summary>
    public const string MaxLengthKey = "MaxLength";

    public const int DefaultMaxLength = 256;

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.StringWithoutMaxLength,
        "String property without a maximum length",
        "'{0}' has no maximum length: it becomes an unbounded column (nvarchar(max) on SQL Server), which cannot be indexed and is stored off-row",
        RuleCategories.Design,
        DiagnosticSeverity.Info,
        "Bound string columns with [MaxLength], [StringLength], HasMaxLength, a column type or a Properties<string>() convention, so the database enforces the size and can index the column.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        HygieneModel.RegisterColumnRule(context, symbols, SpecialType.System_String, (scope, model, entities, property) => Analyze(scope, symbols, model, entities, property));
    }

    private static void Analyze(MemberScope context, EfSymbols symbols, EfModel model, System.Collections.Generic.IEnumerable<EntityModel> entities, IPropertySymbol property)
    {
        if (property.Type.SpecialType != SpecialType.System_String ||
            property.HasAttribute(symbols.MaxLengthAttribute) || property.HasAttribute(symbols.StringLengthAttribute) ||
            HygieneModel.HasColumnTypeAttribute(property, symbols))
        {
            return;
        }

        var checkedProviders = false;
        HashSet<ITypeSymbol>? reported = null;
        foreach (var entity in entities)
        {
            // each context's ConfigureConventions and configuration hold for its own model only
            if (entity.IsKeyless ||
                HygieneModel.HasBulkConvention(entity.Model, property.Type, PropertyFacet.MaxLength) ||
                HygieneModel.HasBulkConvention(entity.Model, property.Type, PropertyFacet.ColumnType) ||
                HygieneModel.HasBulkConvention(entity.Model, property.Type, PropertyFacet.Conversion) ||
                HygieneModel.HasFacet(entity, property.Name, PropertyFacet.MaxLength) ||
                HygieneModel.HasFacet(entity, property.Name, PropertyFacet.ColumnType) ||
                HygieneModel.HasFacet(entity, property.Name, PropertyFacet.Conversion) ||
                IsKeyOrIndexed(entity.Model, entity, property.Name) ||
                !HygieneModel.FirstFor(entity, ref reported))
            {
                continue;
            }

            var tree = context.Tree;
            if (!checkedProviders)
            {
                if (!HygieneModel.ColumnSizesMatter(model, context.Options, tree))
                {
                    return;
                }

                checkedProviders = true;
            }

            var length = Options.Get(context.Options, tree, Options.DefaultMaxLength) is { } text &&
                int.TryParse(text.Trim(), out var parsed) && parsed > 0
                ? parsed
                : DefaultMaxLength;
            var properties = ImmutableDictionary<string, string?>.Empty.Add(MaxLengthKey, length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            context.Report(Diagnostic.Create(Rule, context.Location, context.WithSite(properties, property), entity.Name + "." + property.Name + entity.Model.ContextSuffix));
        }

        // a member of a complex type maps to a string column of each owner's table: reported once, naming the first such use
        if (context.Site is null && HygieneModel.ComplexUseLacking(model, property, PropertyFacet.MaxLength, PropertyFacet.ColumnType, PropertyFacet.Conversion) is { } usage)
        {
            var tree = context.Tree;
            if (checkedProviders || HygieneModel.ColumnSizesMatter(model, context.Options, tree))
            {
                var length = Options.Get(context.Options, tree, Options.DefaultMaxLength) is { } text &&
                    int.TryParse(text.Trim(), out var parsed) && parsed > 0
                    ? parsed
                    : DefaultMaxLength;
                var properties = ImmutableDictionary<string, string?>.Empty.Add(MaxLengthKey, length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                context.Report(Diagnostic.Create(Rule, context.Location, properties, usage.OwnerName + "." + usage.Path + "." + property.Name));
            }
        }
    }

    /// <summary>Keys, alternate keys, foreign keys and indexed columns get a bounded type from the provider (nvarchar(450) on SQL Server).</summary>
    private static bool IsKeyOrIndexed(EfModel model, EntityModel entity, string property)
    {
        foreach (var name in entity.EffectivePrimaryKey)
        {
            if (name == property)
            {
                return true;
            }
        }

        for (var e = entity; e is not null; e = e.BaseEntity)
        {
            foreach (var key in e.AlternateKeys)
            {
                if (key.Contains(property))
                {
                    return true;
                }
            }
        }

        foreach (var index in entity.AllIndexes())
        {
            if (index.Properties.Contains(property))
            {
                return true;
            }
        }

        foreach (var relationship in model.GetRelationshipsAsPrincipal(entity))
        {
            if (!relationship.IsManyToMany && relationship.PrincipalKey.Contains(property))
            {
                return true;
            }
        }

        return HygieneModel.IsForeignKey(model, entity, property);
    }
}
