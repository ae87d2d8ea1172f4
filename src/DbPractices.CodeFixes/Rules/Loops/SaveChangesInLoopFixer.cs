using DbPractices.Analyzers.Rules.Loops;

namespace DbPractices.CodeFixes.Rules.Loops;

/// <summary>DBP010: move a trailing <c>SaveChanges()</c> (or <c>await SaveChangesAsync()</c>) from the loop body to after the loop.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SaveChangesInLoopFixer))]
public sealed class SaveChangesInLoopFixer : GuardedCodeFixProvider
{
    public const string MoveAfterLoopKey = "DBP010.MoveAfterLoop";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.SaveChangesInLoop);

    protected override FixAllProvider CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(SaveChangesInLoopAnalyzer.MoveAfterLoopKey) || root is null ||
                Find(root, diagnostic) is not { } target)
            {
                continue;
            }

            var name = target.Invocation.Expression is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : "SaveChanges";
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Move {name} after the loop",
                    ct => Task.FromResult(context.Document.WithSyntaxRoot(Move(root, target))),
                    MoveAfterLoopKey),
                diagnostic);
        }
    }

    private sealed record Target(InvocationExpressionSyntax Invocation, ExpressionStatementSyntax Statement, StatementSyntax Loop, BlockSyntax Outer);

    private static Target? Find(SyntaxNode root, Diagnostic diagnostic)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation ||
            invocation.FirstAncestorOrSelf<ExpressionStatementSyntax>() is not { Parent: BlockSyntax { Parent: StatementSyntax loop } } statement ||
            loop is not (ForEachStatementSyntax or ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax) ||
            loop.Parent is not BlockSyntax outer)
        {
            return null;
        }

        return new Target(invocation, statement, loop, outer);
    }

    private static SyntaxNode Move(SyntaxNode root, Target target)
    {
        var eol = SyntaxEditing.EndOfLine(target.Loop);
        var indentation = target.Loop.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));

        // comments before the call travel with it, re-indented to the loop's level
        var leading = target.Statement.GetLeadingTrivia()
            .Select(t => t.IsKind(SyntaxKind.WhitespaceTrivia) ? indentation : t)
            .Where(t => !t.IsKind(SyntaxKind.None));
        var moved = target.Statement
            .WithLeadingTrivia(SyntaxFactory.TriviaList(leading))
            .WithTrailingTrivia(target.Statement.GetTrailingTrivia().Where(t => !t.IsKind(SyntaxKind.EndOfLineTrivia)).Append(eol));

        var loop = target.Loop.RemoveNode(target.Statement, SyntaxRemoveOptions.KeepNoTrivia)!;
        var statements = target.Outer.Statements;
        var index = statements.IndexOf(target.Loop);
        var newStatements = statements.Replace(target.Loop, loop).Insert(index + 1, moved);
        return root.ReplaceNode(target.Outer, target.Outer.WithStatements(newStatements));
    }
}
