using DbPractices.Analyzers.Rules.Queries;

namespace DbPractices.CodeFixes.Rules.Queries;

/// <summary>
/// DBP027 (soft-delete case): <c>q.ExecuteDelete()</c> → <c>q.ExecuteUpdate(s =&gt; s.SetProperty(e =&gt; e.IsDeleted, true))</c>,
/// async kept async (<c>ExecuteDeleteAsync(ct)</c> → <c>ExecuteUpdateAsync(s =&gt; ..., ct)</c>). The rows are then kept and
/// marked deleted: a change of behaviour, said in the title. The whole-table case has no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BulkOperationBypassesGuardsFixer))]
public sealed class BulkOperationBypassesGuardsFixer : GuardedCodeFixProvider
{
    public const string EquivalenceKey = "DBP027.SoftDeleteWithExecuteUpdate";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.BulkOperationBypassesGuards);

    protected override FixAllProvider? CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(BulkOperationBypassesGuardsAnalyzer.CaseKey, out var kind) || kind != BulkOperationBypassesGuardsAnalyzer.SoftDelete ||
                !diagnostic.Properties.TryGetValue(BulkOperationBypassesGuardsAnalyzer.PropertyKey, out var property) || property is null ||
                !diagnostic.Properties.TryGetValue(BulkOperationBypassesGuardsAnalyzer.ValueKey, out var value) || value is null ||
                FindInvocation(root, diagnostic) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Set '{property}' with ExecuteUpdate instead of deleting (rows are kept and marked deleted)",
                    ct => FixAsync(context.Document, diagnostic, property, value, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static InvocationExpressionSyntax? FindInvocation(SyntaxNode? root, Diagnostic diagnostic) =>
        root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is SimpleNameSyntax { Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } access } name &&
        access.Name == name && name.Identifier.ValueText.StartsWith("ExecuteDelete", System.StringComparison.Ordinal)
            ? invocation
            : null;

    private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, string property, string value, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (FindInvocation(root, diagnostic) is not { } invocation || invocation.Expression is not MemberAccessExpressionSyntax access)
        {
            return document;
        }

        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var position = invocation.SpanStart;
        var setters = LambdaNames.Choose(semanticModel, position, "s");
        var row = LambdaNames.Choose(semanticModel, position, "e", new[] { setters });
        var valueText = Qualify(value, semanticModel, position);
        var lambda = SyntaxFactory.ParseExpression($"{setters} => {setters}.SetProperty({row} => {row}.{property}, {valueText})");

        var isAsync = access.Name.Identifier.ValueText.EndsWith("Async", System.StringComparison.Ordinal);
        var newName = SyntaxFactory.IdentifierName(isAsync ? "ExecuteUpdateAsync" : "ExecuteUpdate").WithTriviaFrom(access.Name);
        var arguments = invocation.ArgumentList.Arguments.Insert(0, SyntaxFactory.Argument(lambda));
        var newInvocation = invocation
            .WithExpression(access.WithName(newName))
            .WithArgumentList(invocation.ArgumentList.WithArguments(arguments.Count > 1
                ? SyntaxFactory.SeparatedList(arguments, Enumerable.Repeat(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space), arguments.Count - 1))
                : arguments));
        return document.WithSyntaxRoot(root!.ReplaceNode(invocation, newInvocation));
    }

    /// <summary><c>DateTime.UtcNow</c> when <c>System</c> is imported where the fix writes, else <c>System.DateTime.UtcNow</c>.</summary>
    private static string Qualify(string value, SemanticModel? semanticModel, int position)
    {
        var dot = value.IndexOf('.');
        if (dot < 0 || semanticModel is null)
        {
            return value;
        }

        var typeName = value.Substring(0, dot);
        foreach (var symbol in semanticModel.LookupNamespacesAndTypes(position, name: typeName))
        {
            if (symbol is INamedTypeSymbol { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return value;
            }
        }

        return "System." + value;
    }
}
