using DbPractices.Analyzers.Rules.Hygiene;

namespace DbPractices.CodeFixes.Rules.Hygiene;

/// <summary>
/// DBP025: remove the inline <c>AsNoTracking()</c> from the query that loads the entity (the query then tracks what it returns),
/// or insert <c>ctx.Update(entity);</c> before the <c>SaveChanges*</c> call (which marks every property modified).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UntrackedEntitySavedFixer))]
public sealed class UntrackedEntitySavedFixer : GuardedCodeFixProvider
{
    public const string RemoveAsNoTrackingKey = "DBP025.RemoveAsNoTracking";
    public const string UpdateBeforeSaveKey = "DBP025.UpdateBeforeSave";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.UntrackedEntitySaved);

    protected override FixAllProvider? CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.AdditionalLocations.Count < 2 || !diagnostic.Properties.TryGetValue(UntrackedEntitySavedAnalyzer.LocalKey, out var local) || local is null)
            {
                continue;
            }

            if (diagnostic.Properties.ContainsKey(UntrackedEntitySavedAnalyzer.RemovableKey) && FindAsNoTracking(root, diagnostic) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Remove AsNoTracking() (the query then tracks what it loads)", ct => RemoveAsync(context.Document, diagnostic, ct), RemoveAsNoTrackingKey),
                    diagnostic);
            }

            // the entity must be in scope at the save (not a foreach variable when the save follows the loop)
            if (SaveStatement(root, diagnostic) is { } save &&
                semanticModel?.LookupSymbols(save.Statement.SpanStart, name: local).Any(s => s is ILocalSymbol) == true)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Call Update({local}) before saving", ct => UpdateAsync(context.Document, diagnostic, local, ct), UpdateBeforeSaveKey),
                    diagnostic);
            }
        }
    }

    private static InvocationExpressionSyntax? FindAsNoTracking(SyntaxNode? root, Diagnostic diagnostic) =>
        root?.FindNode(diagnostic.AdditionalLocations[1].SourceSpan, getInnermostNodeForTie: true)
            .DescendantNodesAndSelf()
            .OfType<InvocationExpressionSyntax>()
            .FirstOrDefault(i => i.ArgumentList.Arguments.Count == 0 &&
                                 i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsNoTracking" });

    private static (StatementSyntax Statement, ExpressionSyntax? Receiver)? SaveStatement(SyntaxNode? root, Diagnostic diagnostic)
    {
        if (root?.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax save)
        {
            return null;
        }

        var statement = save.FirstAncestorOrSelf<StatementSyntax>();
        return statement?.Parent is BlockSyntax
            ? (statement, save.Expression is MemberAccessExpressionSyntax access ? access.Expression : null)
            : null;
    }

    private static async Task<Document> RemoveAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (FindAsNoTracking(root, diagnostic) is not { Expression: MemberAccessExpressionSyntax access } call)
        {
            return document;
        }

        return document.WithSyntaxRoot(root!.ReplaceNode(call, access.Expression.WithTrailingTrivia(call.GetTrailingTrivia())));
    }

    private static async Task<Document> UpdateAsync(Document document, Diagnostic diagnostic, string local, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (SaveStatement(root, diagnostic) is not { } save)
        {
            return document;
        }

        var receiver = save.Receiver is null or ThisExpressionSyntax ? "" : save.Receiver.WithoutTrivia().ToFullString() + ".";
        var indentation = save.Statement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
        var endOfLine = save.Statement.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var update = SyntaxFactory.ParseStatement($"{receiver}Update({local});")
            .WithLeadingTrivia(save.Statement.GetLeadingTrivia())
            .WithTrailingTrivia(endOfLine == default ? SyntaxFactory.EndOfLine("\n") : endOfLine);
        var moved = save.Statement.WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation));
        return document.WithSyntaxRoot(root!.ReplaceNode(save.Statement, new[] { update, moved }));
    }
}
