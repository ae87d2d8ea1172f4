namespace DbPractices.Analyzers.Rules.Mapping;

/// <summary>
/// DBP024: a foreign-key property whose type differs from the principal key's (nullability aside). Named by
/// convention, EF Core ignores it and creates a shadow key (<c>BlogId1</c>, event 10625); configured by
/// <c>[ForeignKey]</c>/<c>HasForeignKey</c>, EF Core rejects the model.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ForeignKeyTypeMismatchAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: the principal key's type, as a metadata name (System.Guid).</summary>
    public const string KeyTypeKey = "KeyType";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.ForeignKeyTypeMismatch,
        "Foreign-key type mismatch",
        "'{0}' is {1} but the key of '{2}' ('{3}') is {4}: {5}",
        RuleCategories.Reliability,
        DiagnosticSeverity.Error,
        "A foreign key must have the principal key's type (nullability aside). Otherwise EF Core ignores the property and creates a shadow foreign key (BlogId1), or rejects a configured one.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        context.RegisterSymbolAction(AnalyzeProperty, SymbolKind.Property);
        ExternalMembers.Register(context, symbols, (scope, model, entity, property) => Analyze(scope, model, entity, property));
    }

    private static void AnalyzeProperty(SymbolAnalysisContext context)
    {
        var property = (IPropertySymbol)context.Symbol;
        var model = EfModel.For(context.Compilation, context.CancellationToken);
        if (model is null)
        {
            return;
        }

        // judged in each context that maps the entity (its relationships are that context's); reported once, for the first where it holds
        foreach (var entity in model.GetContextEntitiesOf(property))
        {
            if (Analyze(MemberScope.OnMember(context, property), model, entity, property))
            {
                return;
            }
        }
    }

    /// <summary>True when it reported.</summary>
    private static bool Analyze(MemberScope context, EfModel model, EntityModel entity, IPropertySymbol property)
    {
        if (entity.IgnoredMembers.Contains(property.Name) || entity.FindProperty(property.Name) is not { } mapped || !EntityMembers.IsSame(mapped, property))
        {
            return false;
        }

        // the relationships where this entity (or a base entity) is the dependent: a lookup, not a scan of the model per property
        foreach (var relationship in entity.Model.GetRelationshipsAsDependent(entity))
        {
            if (relationship.IsManyToMany)
            {
                continue;
            }

            var principal = relationship.PrincipalEntity;

            if (relationship.IncompatibleForeignKey.Contains(property.Name) && relationship.PrincipalKey.Length == 1 &&
                principal.FindProperty(relationship.PrincipalKey[0]) is { } conventionalKey)
            {
                Report(context, entity, property, principal, conventionalKey, "EF Core ignores it and creates a shadow foreign key (event 10625)");
                return true;
            }

            var index = relationship.ForeignKey.IndexOf(property.Name);
            if (index >= 0 && index < relationship.PrincipalKey.Length &&
                principal.FindProperty(relationship.PrincipalKey[index]) is { } key &&
                !SymbolEqualityComparer.Default.Equals(key.Type.UnwrapNullable(), property.Type.UnwrapNullable()))
            {
                Report(context, entity, property, principal, key, "EF Core rejects the configured foreign key when it builds the model");
                return true;
            }
        }

        return false;
    }

    private static void Report(MemberScope context, EntityModel entity, IPropertySymbol property, EntityModel principal, IPropertySymbol key, string consequence)
    {
        var keyType = key.Type.UnwrapNullable();
        var properties = ImmutableDictionary<string, string?>.Empty.Add(KeyTypeKey, keyType.GetTypeKey());
        context.Report(Diagnostic.Create(
            Rule,
            context.Location,
            context.WithSite(properties, property),
            entity.Name + "." + property.Name + entity.Model.ContextSuffix,
            property.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            principal.Name,
            key.Name,
            keyType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            consequence));
    }
}
