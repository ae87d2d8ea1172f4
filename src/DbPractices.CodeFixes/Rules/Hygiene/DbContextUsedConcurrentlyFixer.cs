using DbPractices.Analyzers.Rules.Hygiene;

namespace DbPractices.CodeFixes.Rules.Hygiene;

/// <summary>
/// DBP026: <c>await Task.WhenAll(ctx.A.ToListAsync(), ctx.SaveChangesAsync());</c> as a statement of its own, every operand
/// an EF call written inline on one context → one <c>await</c> statement per operand, in the same order
/// (<c>.ConfigureAwait(..)</c> kept on each). Other shapes have no fix: the right rewrite depends on what the code needs.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DbContextUsedConcurrentlyFixer))]
public sealed class DbContextUsedConcurrentlyFixer : GuardedCodeFixProvider
{
    public const string EquivalenceKey = "DBP026.AwaitOneAfterTheOther";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DbContextUsedConcurrently);

    protected override FixAllProvider? CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.ContainsKey(DbContextUsedConcurrentlyAnalyzer.SequentialKey) && Find(root, diagnostic) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Await the operations one after the other", ct => FixAsync(context.Document, diagnostic, ct), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static (ExpressionStatementSyntax Statement, IReadOnlyList<ExpressionSyntax> Operands, ArgumentListSyntax? ConfigureAwait)? Find(SyntaxNode? root, Diagnostic diagnostic)
    {
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax whenAll)
        {
            return null;
        }

        ArgumentListSyntax? configureAwait = null;
        SyntaxNode node = whenAll;
        if (node.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configure })
        {
            configureAwait = configure.ArgumentList;
            node = configure;
        }

        if (node.Parent is not AwaitExpressionSyntax { Parent: ExpressionStatementSyntax statement } || statement.Parent is not BlockSyntax)
        {
            return null;
        }

        var arguments = whenAll.ArgumentList.Arguments;
        IReadOnlyList<ExpressionSyntax> operands = arguments.Count switch
        {
            > 1 => arguments.Select(a => a.Expression).ToList(),
            1 when arguments[0].Expression is ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions.ToList(),
            1 when arguments[0].Expression is ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions.ToList(),
            _ => new List<ExpressionSyntax>(),
        };
        return operands.Count > 1 ? (statement, operands, configureAwait) : null;
    }

    private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (Find(root, diagnostic) is not { } found)
        {
            return document;
        }

        var (statement, operands, configureAwait) = found;
        var statements = new List<StatementSyntax>();
        for (var i = 0; i < operands.Count; i++)
        {
            ExpressionSyntax awaited = operands[i].WithoutTrivia();
            if (configureAwait is not null)
            {
                awaited = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, awaited, SyntaxFactory.IdentifierName("ConfigureAwait")),
                    configureAwait.WithoutTrivia());
            }

            var next = SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(awaited))
                .WithLeadingTrivia(i == 0 ? statement.GetLeadingTrivia() : IndentationOf(statement))
                .WithTrailingTrivia(i == operands.Count - 1 ? statement.GetTrailingTrivia() : SyntaxFactory.TriviaList(SyntaxFactory.EndOfLine("\n")));
            statements.Add(next);
        }

        var endOfLine = statement.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        if (endOfLine != default)
        {
            for (var i = 0; i < statements.Count - 1; i++)
            {
                statements[i] = statements[i].WithTrailingTrivia(endOfLine);
            }
        }

        return document.WithSyntaxRoot(root!.ReplaceNode(statement, statements));
    }

    private static SyntaxTriviaList IndentationOf(StatementSyntax statement) =>
        SyntaxFactory.TriviaList(statement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse().Take(1));
}
