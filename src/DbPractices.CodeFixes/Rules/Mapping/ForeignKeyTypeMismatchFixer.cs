using DbPractices.Analyzers.Rules.Mapping;
using Microsoft.CodeAnalysis.Simplification;

namespace DbPractices.CodeFixes.Rules.Mapping;

/// <summary>DBP024: give the foreign-key property the principal key's type, keeping its nullability.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ForeignKeyTypeMismatchFixer))]
public sealed class ForeignKeyTypeMismatchFixer : GuardedCodeFixProvider
{
    public const string ChangeTypeKey = "DBP024.ChangeType";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ForeignKeyTypeMismatch);

    protected override FixAllProvider CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            // a property of another project (reported at a configuration site): its type cannot be changed from here
            if (ConfigurationSiteFix.IsAtSite(diagnostic) ||
                !diagnostic.Properties.TryGetValue(ForeignKeyTypeMismatchAnalyzer.KeyTypeKey, out var keyTypeName) || keyTypeName is null ||
                root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<PropertyDeclarationSyntax>() is not { } declaration ||
                semanticModel.Compilation.GetTypeByMetadataName(keyTypeName) is not { } keyType)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Change the type to {keyType.ToMinimalDisplayString(semanticModel, declaration.SpanStart)}",
                    ct => ChangeTypeAsync(document, declaration, keyType, ct),
                    ChangeTypeKey),
                diagnostic);
        }
    }

    private static async Task<Document> ChangeTypeAsync(Document document, PropertyDeclarationSyntax declaration, INamedTypeSymbol keyType, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return document;
        }

        var oldType = declaration.Type;
        var nullable = oldType is NullableTypeSyntax;
        TypeSyntax newType = SyntaxFactory.ParseTypeName(keyType.ToMinimalDisplayString(semanticModel, declaration.SpanStart));
        if (nullable)
        {
            newType = SyntaxFactory.NullableType(newType);
        }

        newType = newType.WithTriviaFrom(oldType).WithAdditionalAnnotations(Simplifier.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(oldType, newType));
    }
}
