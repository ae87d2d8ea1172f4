namespace DbPractices.CodeFixes.Rules.Hygiene;

/// <summary>
/// DBP032: wraps the saves in one transaction — <c>using var transaction = ctx.Database.BeginTransaction();</c> before the
/// first save and <c>transaction.Commit();</c> after the last one (<c>await using</c>/<c>BeginTransactionAsync</c>/<c>CommitAsync</c>
/// when the saves are awaited). Offered when every save on that context is a statement of the same block, and not in a
/// project that configures <c>EnableRetryOnFailure</c> (EF Core rejects user transactions under a retrying strategy unless
/// they run inside <c>CreateExecutionStrategy().Execute*</c>, a rewrite this fix does not make).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SaveChangesWithoutTransactionFixer))]
public sealed class SaveChangesWithoutTransactionFixer : GuardedCodeFixProvider
{
    public const string EquivalenceKey = "DBP032.WrapInTransaction";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.SaveChangesWithoutTransaction);

    protected override FixAllProvider? CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        if (await UsesRetryingStrategyAsync(context.Document.Project, context.CancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan(root, diagnostic) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Wrap the saves in one transaction", ct => FixAsync(context.Document, diagnostic, ct), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static async Task<bool> UsesRetryingStrategyAsync(Project project, CancellationToken cancellationToken)
    {
        foreach (var document in project.Documents)
        {
            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            if (text.ToString().IndexOf("EnableRetryOnFailure", StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class FixPlan
    {
        public FixPlan(BlockSyntax block, StatementSyntax first, StatementSyntax last, ExpressionSyntax? context, bool isAsync, ArgumentListSyntax arguments)
        {
            Block = block;
            First = first;
            Last = last;
            Context = context;
            IsAsync = isAsync;
            Arguments = arguments;
        }

        public BlockSyntax Block { get; }
        public StatementSyntax First { get; }
        public StatementSyntax Last { get; }
        public ExpressionSyntax? Context { get; }
        public bool IsAsync { get; }
        public ArgumentListSyntax Arguments { get; }
    }

    private static FixPlan? Plan(SyntaxNode? root, Diagnostic diagnostic)
    {
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax reported ||
            Statement(reported) is not { Parent: BlockSyntax block })
        {
            return null;
        }

        var receiver = Receiver(reported);
        var saves = new List<(StatementSyntax Statement, InvocationExpressionSyntax Call)>();
        foreach (var statement in block.Statements)
        {
            foreach (var call in statement.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
            {
                if (IsSaveOn(call, receiver))
                {
                    // every save on that context must be a statement of this block (not nested in a branch)
                    if (Statement(call) != statement)
                    {
                        return null;
                    }

                    saves.Add((statement, call));
                }
            }
        }

        if (saves.Count < 2 || block.DescendantNodes().OfType<InvocationExpressionSyntax>().Count(c => IsSaveOn(c, receiver)) != saves.Count)
        {
            return null;
        }

        var first = saves[0].Call;
        var isAsync = first.Parent is AwaitExpressionSyntax || first.Parent?.Parent is AwaitExpressionSyntax;
        return new FixPlan(block, saves[0].Statement, saves[saves.Count - 1].Statement, receiver, isAsync, first.ArgumentList);
    }

    private static ExpressionSyntax? Receiver(InvocationExpressionSyntax call) =>
        call.Expression is MemberAccessExpressionSyntax access ? access.Expression : null;

    private static bool IsSaveOn(InvocationExpressionSyntax call, ExpressionSyntax? receiver)
    {
        var (name, target) = call.Expression switch
        {
            MemberAccessExpressionSyntax access => (access.Name.Identifier.ValueText, (ExpressionSyntax?)access.Expression),
            IdentifierNameSyntax identifier => (identifier.Identifier.ValueText, null),
            _ => ("", null),
        };
        return name is "SaveChanges" or "SaveChangesAsync" &&
               (target is null ? receiver is null or ThisExpressionSyntax : receiver is not null && SyntaxFactory.AreEquivalent(target, receiver));
    }

    /// <summary>The statement the call is the whole of: <c>ctx.SaveChanges();</c>, <c>await ctx.SaveChangesAsync(ct);</c>, <c>var n = ...;</c>.</summary>
    private static StatementSyntax? Statement(InvocationExpressionSyntax call)
    {
        SyntaxNode node = call;
        if (node.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configure })
        {
            node = configure;
        }

        if (node.Parent is AwaitExpressionSyntax awaited)
        {
            node = awaited;
        }

        return node.Parent switch
        {
            ExpressionStatementSyntax statement => statement,
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax local } } } => local,
            _ => null,
        };
    }

    private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (Plan(root, diagnostic) is not { } plan)
        {
            return document;
        }

        var name = "transaction";
        for (var i = 2; semanticModel is not null && !semanticModel.LookupSymbols(plan.First.SpanStart, name: name).IsEmpty; i++)
        {
            name = "transaction" + i;
        }

        var database = plan.Context is null || plan.Context is ThisExpressionSyntax ? "Database" : plan.Context.WithoutTrivia().ToFullString() + ".Database";
        // pass the save's cancellation token on; any other argument (acceptAllChangesOnSuccess) is the save's own
        var arguments = plan.Arguments.Arguments.Count == 1 && plan.Arguments.Arguments[0].NameColon is null &&
                        semanticModel?.GetTypeInfo(plan.Arguments.Arguments[0].Expression, cancellationToken).Type is { Name: "CancellationToken" }
            ? "(" + plan.Arguments.Arguments[0].Expression.WithoutTrivia().ToFullString() + ")"
            : "()";
        var begin = plan.IsAsync
            ? $"await using var {name} = await {database}.BeginTransactionAsync{arguments};"
            : $"using var {name} = {database}.BeginTransaction();";
        var commit = plan.IsAsync ? $"await {name}.CommitAsync{arguments};" : $"{name}.Commit();";

        var indentation = plan.First.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
        var endOfLine = plan.Last.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var eol = endOfLine == default ? SyntaxFactory.EndOfLine("\n") : endOfLine;
        var beginStatement = SyntaxFactory.ParseStatement(begin)
            .WithLeadingTrivia(plan.First.GetLeadingTrivia())
            .WithTrailingTrivia(eol);
        var commitStatement = SyntaxFactory.ParseStatement(commit)
            .WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation))
            .WithTrailingTrivia(plan.Last.GetTrailingTrivia());

        var statements = plan.Block.Statements;
        var firstIndex = statements.IndexOf(plan.First);
        var lastIndex = statements.IndexOf(plan.Last);
        var list = new List<StatementSyntax>(statements);
        list[lastIndex] = plan.Last.WithTrailingTrivia(eol);
        list.Insert(lastIndex + 1, commitStatement);
        list[firstIndex] = list[firstIndex].WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation));
        list.Insert(firstIndex, beginStatement);
        return document.WithSyntaxRoot(root!.ReplaceNode(plan.Block, plan.Block.WithStatements(SyntaxFactory.List(list))));
    }
}
