using System.Text;
using DbPractices.Analyzers.Rules.Hygiene;
using Microsoft.CodeAnalysis.Text;

namespace DbPractices.CodeFixes.Rules.Hygiene;

/// <summary>
/// DBP032: wraps the saves in one transaction — <c>using var transaction = ctx.Database.BeginTransaction();</c> before the
/// first save and <c>transaction.Commit();</c> after the last one (<c>await using</c>/<c>BeginTransactionAsync</c>/<c>CommitAsync</c>
/// when the saves are awaited). Offered when every save on that context is a statement of the same block. When the context
/// runs under a retrying execution strategy (the analyzer's <see cref="SaveChangesWithoutTransactionAnalyzer.RetryingKey"/>,
/// from the model), EF Core rejects a user transaction outside the strategy: the statements are then wrapped in
/// <c>var strategy = ctx.Database.CreateExecutionStrategy(); strategy.Execute(() =&gt; { using var transaction = ...; ...; transaction.Commit(); });</c>
/// (<c>await strategy.ExecuteAsync(async () =&gt; { ... })</c>), only when they are self-contained: no <c>return</c>, <c>yield</c>,
/// <c>goto</c>, <c>break</c>/<c>continue</c> out of them, no <c>ref</c> locals or by-reference parameters, no <c>await</c> in a
/// synchronous wrap, no multi-line string literals, and no local declared inside that is used after them. Otherwise no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SaveChangesWithoutTransactionFixer))]
public sealed class SaveChangesWithoutTransactionFixer : GuardedCodeFixProvider
{
    public const string EquivalenceKey = "DBP032.WrapInTransaction";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.SaveChangesWithoutTransaction);

    protected override FixAllProvider? CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? semanticModel = null;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan(root, diagnostic) is not { } plan)
            {
                continue;
            }

            if (IsRetrying(diagnostic))
            {
                semanticModel ??= await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
                if (semanticModel is null || !IsSelfContained(plan, semanticModel, context.CancellationToken))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create("Wrap the saves in the execution strategy and one transaction", ct => FixAsync(context.Document, diagnostic, ct), EquivalenceKey),
                    diagnostic);
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Wrap the saves in one transaction", ct => FixAsync(context.Document, diagnostic, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static bool IsRetrying(Diagnostic diagnostic) => diagnostic.Properties.ContainsKey(SaveChangesWithoutTransactionAnalyzer.RetryingKey);

    /// <summary>The statements from the first save to the last can move into a lambda unchanged in meaning.</summary>
    private static bool IsSelfContained(FixPlan plan, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var statements = plan.Block.Statements;
        var firstIndex = statements.IndexOf(plan.First);
        var lastIndex = statements.IndexOf(plan.Last);
        for (var i = firstIndex; i <= lastIndex; i++)
        {
            var statement = statements[i];
            foreach (var token in statement.DescendantTokens())
            {
                // re-indenting would change a verbatim/raw string's text
                if (token.Text.IndexOf('\n') >= 0)
                {
                    return false;
                }
            }

            foreach (var node in statement.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                switch (node)
                {
                    case ReturnStatementSyntax or YieldStatementSyntax or GotoStatementSyntax or RefTypeSyntax or RefExpressionSyntax:
                        return false;
                    case BreakStatementSyntax or ContinueStatementSyntax when !HasTargetInside(node, statement):
                        return false;
                    case AwaitExpressionSyntax when !plan.IsAsync:
                        return false;
                    case ForEachStatementSyntax { AwaitKeyword.RawKind: not 0 } when !plan.IsAsync:
                        return false;
                    case UsingStatementSyntax { AwaitKeyword.RawKind: not 0 } when !plan.IsAsync:
                        return false;
                    case LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: not 0 } when !plan.IsAsync:
                        return false;
                }
            }
        }

        var flow = semanticModel.AnalyzeDataFlow(plan.First, plan.Last);
        if (flow is null || !flow.Succeeded)
        {
            return false;
        }

        // a local declared inside and used after the wrap would be out of scope there
        foreach (var declared in flow.VariablesDeclared)
        {
            if (flow.ReadOutside.Contains(declared) || flow.WrittenOutside.Contains(declared))
            {
                return false;
            }
        }

        // what a lambda cannot capture: by-reference parameters, ref locals, ref struct values
        foreach (var used in flow.ReadInside.Concat(flow.WrittenInside))
        {
            if (used is IParameterSymbol { RefKind: not RefKind.None } || used is ILocalSymbol { IsRef: true } ||
                (used is ILocalSymbol { Type.IsRefLikeType: true } or IParameterSymbol { Type.IsRefLikeType: true } && !flow.VariablesDeclared.Contains(used)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A <c>break</c>/<c>continue</c> whose loop (or, for <c>break</c>, switch) is inside the statement.</summary>
    private static bool HasTargetInside(SyntaxNode jump, StatementSyntax statement)
    {
        for (var node = jump.Parent; node is not null; node = node.Parent)
        {
            if (node is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax ||
                (jump is BreakStatementSyntax && node is SwitchSectionSyntax))
            {
                return true;
            }

            if (node == statement)
            {
                return false;
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

        var name = FreeName(semanticModel, plan.First.SpanStart, "transaction");

        var database = plan.Context is null || plan.Context is ThisExpressionSyntax ? "Database" : plan.Context.WithoutTrivia().ToFullString() + ".Database";
        // pass the save's cancellation token on; any other argument (acceptAllChangesOnSuccess) is the save's own
        var arguments = plan.Arguments.Arguments.Count == 1 && plan.Arguments.Arguments[0].NameColon is null &&
                        semanticModel?.GetTypeInfo(plan.Arguments.Arguments[0].Expression, cancellationToken).Type is { Name: "CancellationToken" }
            ? "(" + plan.Arguments.Arguments[0].Expression.WithoutTrivia().ToFullString() + ")"
            : "()";
        if (IsRetrying(diagnostic))
        {
            return semanticModel is not null && IsSelfContained(plan, semanticModel, cancellationToken)
                ? await WrapInStrategyAsync(document, plan, database, arguments, name, FreeName(semanticModel, plan.First.SpanStart, "strategy"), cancellationToken).ConfigureAwait(false)
                : document;
        }

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

    private static string FreeName(SemanticModel? semanticModel, int position, string name)
    {
        var candidate = name;
        for (var i = 2; semanticModel is not null && !semanticModel.LookupSymbols(position, name: candidate).IsEmpty; i++)
        {
            candidate = name + i;
        }

        return candidate;
    }

    /// <summary>
    /// <c>var strategy = db.CreateExecutionStrategy(); strategy.Execute(() =&gt; { using var transaction = ...; &lt;statements&gt; transaction.Commit(); });</c>
    /// in place of the statements from the first save to the last, re-indented one level, comments kept.
    /// </summary>
    private static async Task<Document> WrapInStrategyAsync(Document document, FixPlan plan, string database, string arguments, string transaction, string strategy, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var leading = plan.First.GetLeadingTrivia();
        var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia) ? leading[leading.Count - 1].ToString() : string.Empty;
        var endOfLine = plan.Last.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var eol = endOfLine == default ? "\n" : endOfLine.ToString();
        var unit = indentation.StartsWith("\t", StringComparison.Ordinal) ? "\t" : "    ";

        // the statements without the first one's leading trivia (that stays before the strategy), one level deeper
        var body = text.ToString(TextSpan.FromBounds(plan.First.SpanStart, plan.Last.FullSpan.End));
        var lines = body.Split('\n');
        var indented = new StringBuilder(unit + lines[0]);
        for (var i = 1; i < lines.Length; i++)
        {
            indented.Append('\n');
            indented.Append(lines[i].Trim().Length == 0 ? lines[i] : unit + lines[i]);
        }

        if (!body.EndsWith("\n", StringComparison.Ordinal))
        {
            indented.Append(eol);
        }

        var inner = indentation + unit;
        var replacement = new StringBuilder()
            .Append(leading.ToFullString())
            .Append($"var {strategy} = {database}.CreateExecutionStrategy();").Append(eol)
            .Append(indentation).Append(plan.IsAsync ? $"await {strategy}.ExecuteAsync(async () =>" : $"{strategy}.Execute(() =>").Append(eol)
            .Append(indentation).Append('{').Append(eol)
            .Append(inner).Append(plan.IsAsync
                ? $"await using var {transaction} = await {database}.BeginTransactionAsync{arguments};"
                : $"using var {transaction} = {database}.BeginTransaction();").Append(eol)
            .Append(indentation).Append(indented)
            .Append(inner).Append(plan.IsAsync ? $"await {transaction}.CommitAsync{arguments};" : $"{transaction}.Commit();").Append(eol)
            .Append(indentation).Append("});").Append(eol);

        var changed = text.WithChanges(new TextChange(TextSpan.FromBounds(plan.First.FullSpan.Start, plan.Last.FullSpan.End), replacement.ToString()));
        return document.WithText(changed);
    }
}
