using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPractices.Analyzers.Rules.Mapping;

/// <summary>
/// DBP001: a column that is used to look rows up by another entity's key, but that no index leads with.
/// Reported on the property, from the property's own symbol action (live in the IDE, fixable locally).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ForeignKeyWithoutIndexAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: the column's CLR property name.</summary>
    public const string PropertyKey = "Property";

    /// <summary>Diagnostic property: the configuration block's builder parameter, when a fluent fix is possible.</summary>
    public const string BuilderKey = "Builder";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.ForeignKeyWithoutIndex,
        "Foreign key column has no index",
        "'{0}' {1}",
        RuleCategories.Performance,
        DiagnosticSeverity.Warning,
        "A column that joins or filters by another entity's key needs an index that leads with it, or every lookup by it scans the table.");

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

        // judged in each context that maps the entity (its indexes and relationships are that context's); once per entity type
        MemberScope.InEachContext(context, model, property, Analyze);
    }

    private static bool Analyze(MemberScope context, EfModel model, EntityModel entity, IPropertySymbol property)
    {
        if (entity.IsKeyless || entity.IsOwned || !entity.IsMappedScalar(property))
        {
            return false;
        }

        var column = ImmutableArray.Create(property.Name);
        var conventionRemoved = model.IsConventionRemoved("ForeignKeyIndexConvention");
        var isForeignKey = false;
        foreach (var relationship in model.GetRelationshipsAsDependent(entity))
        {
            if (relationship.IsManyToMany || relationship.ForeignKey.IsDefaultOrEmpty || !relationship.ForeignKey.Contains(property.Name))
            {
                continue;
            }

            isForeignKey = true;
            if (relationship.ForeignKey[0] != property.Name)
            {
                continue;
            }

            var foreignKey = relationship.ForeignKey;
            if (conventionRemoved && !entity.IsCoveredByIndexOrKey(foreignKey, unfilteredOnly: false))
            {
                Report(context, entity, property, $"is a foreign key of '{relationship.Principal.Name}', but ForeignKeyIndexConvention is removed and no index leads with it");
                return true;
            }

            // efcore#28144: a user index covering the key replaces the key's own index, even a filtered one
            if (!entity.IsCoveredByIndexOrKey(foreignKey, unfilteredOnly: true) && entity.HasFilteredIndexLeadingWith(foreignKey))
            {
                Report(context, entity, property, $"is a foreign key of '{relationship.Principal.Name}' whose only index is filtered: EF Core then drops the key's own index, so unfiltered lookups scan");
                return true;
            }
        }

        if (entity.IsCoveredByIndexOrKey(column, unfilteredOnly: false))
        {
            return false;
        }

        var tenant = TenantConvention.From(context.Options, context.Tree);
        if (SymbolEqualityComparer.Default.Equals(tenant.GetTenantProperty(entity), property) && (!isForeignKey || conventionRemoved))
        {
            Report(context, entity, property, "is a tenant key and no index leads with it: every tenant-filtered query scans the table");
            return true;
        }

        if (!isForeignKey && FindReferencedEntity(model, entity, property) is { } referenced)
        {
            Report(context, entity, property, $"references '{referenced.Name}' by id without a relationship: the column gets neither an index nor a foreign-key constraint");
            return true;
        }

        return false;
    }

    /// <summary><c>{X}Id</c> or <c>{X}{X's key}</c> where X is another entity of the model whose key type matches.</summary>
    internal static EntityModel? FindReferencedEntity(EfModel model, EntityModel entity, IPropertySymbol property)
    {
        var name = property.Name;
        for (var split = name.Length - 1; split >= 1; split--)
        {
            if (model.FindEntityByName(name.Substring(0, split)) is not { IsOwned: false, IsKeyless: false } candidate)
            {
                continue;
            }

            // a class of the property's own hierarchy (BlogBase.BlogId beside Blog : BlogBase) is no reference by id
            if (candidate.Type.IsOrInheritsFrom(property.ContainingType) || property.ContainingType.IsOrInheritsFrom(candidate.Type))
            {
                continue;
            }

            var key = candidate.EffectivePrimaryKey;
            var suffix = name.Substring(split);
            var keyMatches = key.Length == 1
                ? string.Equals(suffix, key[0], StringComparison.OrdinalIgnoreCase) || (string.Equals(suffix, "Id", StringComparison.OrdinalIgnoreCase) && string.Equals(key[0], "Id", StringComparison.OrdinalIgnoreCase))
                : key.IsEmpty && string.Equals(suffix, "Id", StringComparison.OrdinalIgnoreCase);
            if (!keyMatches)
            {
                continue;
            }

            if (key.Length == 1 && candidate.FindProperty(key[0]) is { } keyProperty &&
                !SymbolEqualityComparer.Default.Equals(keyProperty.Type.UnwrapNullable(), property.Type.UnwrapNullable()))
            {
                continue;
            }

            if (key.IsEmpty && !IsKeyLikeType(property.Type.UnwrapNullable()))
            {
                continue;
            }

            // "{Entity}Id" on the entity itself is its own key, handled by the key check.
            if (!ReferenceEquals(candidate, entity) || key.IsEmpty || !key.Contains(name))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsKeyLikeType(ITypeSymbol type) =>
        type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16 or SpecialType.System_String ||
        type is { Name: "Guid", ContainingNamespace.Name: "System" };


    private static void Report(MemberScope context, EntityModel entity, IPropertySymbol property, string reason)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[PropertyKey] = property.Name;
        var additional = new List<Location>();

        // [0]: the entity class to annotate; [1]: a fluent configuration block of the entity, when there is one.
        // At a configuration site (a member declared in another assembly) the fix writes HasIndex there instead.
        if (context.Site is null && FindClassDeclaration(entity.Type, context.CancellationToken) is { } classDeclaration)
        {
            additional.Add(classDeclaration.Identifier.GetLocation());
            foreach (var block in entity.ConfigurationBlocks)
            {
                if (block.Location.IsInSource)
                {
                    properties[BuilderKey] = block.Builder;
                    additional.Add(block.Location);
                    break;
                }
            }
        }

        context.Report(Diagnostic.Create(Rule, context.Location, additional, context.WithSite(properties.ToImmutable()), entity.Name + "." + property.Name + entity.Model.ContextSuffix, reason));
    }

    private static ClassDeclarationSyntax? FindClassDeclaration(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is ClassDeclarationSyntax declaration)
            {
                return declaration;
            }
        }

        return null;
    }
}
