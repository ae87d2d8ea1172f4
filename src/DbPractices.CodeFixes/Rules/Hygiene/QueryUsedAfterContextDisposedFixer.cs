using DbPractices.Analyzers.Rules.Hygiene;

namespace DbPractices.CodeFixes.Rules.Hygiene;

/// <summary>
/// DBP028: a query returned from inside its context's <c>using</c>, from a method whose return type a list satisfies →
/// materialize it where it is returned: <c>return q.ToList();</c>, or <c>return await q.ToListAsync(ct);</c> in an async method
/// (the <c>CancellationToken</c> parameter in scope passed on). Other escapes (a field, a lambda, an <c>IQueryable</c> or
/// <c>IAsyncEnumerable</c> return type) have no local fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(QueryUsedAfterContextDisposedFixer))]
public sealed class QueryUsedAfterContextDisposedFixer : GuardedCodeFixProvider
{
    public const string EquivalenceKey = "DBP028.MaterializeInsideScope";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.QueryUsedAfterContextDisposed);

    protected override FixAllProvider? CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(QueryUsedAfterContextDisposedAnalyzer.FixKey, out var fix) && fix is not null &&
                Find(root, diagnostic) is not null)
            {
                var title = fix == QueryUsedAfterContextDisposedAnalyzer.ToListAsync ? "Materialize the query inside the 'using' (ToListAsync)" : "Materialize the query inside the 'using' (ToList)";
                context.RegisterCodeFix(CodeAction.Create(title, ct => FixAsync(context.Document, diagnostic, fix, ct), EquivalenceKey), diagnostic);
            }
        }
    }

    private static ExpressionSyntax? Find(SyntaxNode? root, Diagnostic diagnostic) =>
        root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax expression &&
        expression.Parent is ReturnStatementSyntax
            ? expression
            : null;

    private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, string fix, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (Find(root, diagnostic) is not { } query)
        {
            return document;
        }

        var receiver = query is InvocationExpressionSyntax or MemberAccessExpressionSyntax or IdentifierNameSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax
            ? query.WithoutTrivia()
            : SyntaxFactory.ParenthesizedExpression(query.WithoutTrivia());
        ExpressionSyntax replacement;
        string ns;
        if (fix == QueryUsedAfterContextDisposedAnalyzer.ToListAsync)
        {
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var token = semanticModel is null ? null : CancellationTokenInScope(semanticModel, query, cancellationToken);
            var arguments = token is null
                ? SyntaxFactory.ArgumentList()
                : SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(token))));
            replacement = SyntaxFactory.AwaitExpression(Call(receiver, "ToListAsync", arguments));
            ns = "Microsoft.EntityFrameworkCore";
        }
        else
        {
            replacement = Call(receiver, "ToList", SyntaxFactory.ArgumentList());
            ns = "System.Linq";
        }

        var newRoot = root!.ReplaceNode(query, replacement.WithTriviaFrom(query));
        if (newRoot is CompilationUnitSyntax unit)
        {
            newRoot = SyntaxEditing.EnsureUsing(unit, ns, newRoot.FindNode(query.Span, getInnermostNodeForTie: true));
        }

        return document.WithSyntaxRoot(newRoot);
    }

    private static InvocationExpressionSyntax Call(ExpressionSyntax receiver, string name, ArgumentListSyntax arguments) =>
        SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName(name)),
            arguments);

    /// <summary>A <c>CancellationToken</c> parameter of the method (or of a function around it), else a local declared before the return.</summary>
    private static string? CancellationTokenInScope(SemanticModel semanticModel, ExpressionSyntax at, CancellationToken cancellationToken)
    {
        string? local = null;
        foreach (var symbol in semanticModel.LookupSymbols(at.SpanStart))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (type, isParameter) = symbol switch
            {
                IParameterSymbol parameter => (parameter.Type, true),
                ILocalSymbol candidate when candidate.DeclaringSyntaxReferences.All(r => r.Span.End <= at.SpanStart) => (candidate.Type, false),
                _ => ((ITypeSymbol?)null, false),
            };
            if (type is { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } })
            {
                if (isParameter)
                {
                    return symbol.Name;
                }

                local ??= symbol.Name;
            }
        }

        return local;
    }
}
