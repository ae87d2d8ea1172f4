using DbPractices.Analyzers.Rules.Queries;

namespace DbPractices.CodeFixes.Rules.Queries;

/// <summary>
/// DBP011: move the in-memory operator into the query, keeping sync/async:
/// <c>q.ToList().Count(p)</c> → <c>q.Count(p)</c>; <c>(await q.ToListAsync(ct)).Count(p)</c> → <c>await q.CountAsync(p, ct)</c>;
/// <c>q.ToList().Where(p)</c> → <c>q.Where(p).ToList()</c>; <c>q.ToList().Where(p).ToArray()</c> → <c>q.Where(p).ToArray()</c>;
/// <c>(await q.ToListAsync()).Select(s).ToList()</c> → <c>await q.Select(s).ToListAsync()</c> (Where/Select have no async
/// form: the materialization moves after them). For a local (<c>var all = await q.ToListAsync(); all.Count()</c>)
/// the use is rewritten and the local's declaration removed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MaterializedBeforeFilteringFixer))]
public sealed class MaterializedBeforeFilteringFixer : GuardedCodeFixProvider
{
    public const string EquivalenceKey = "DBP011.MoveIntoQuery";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.MaterializedBeforeFiltering);

    protected override FixAllProvider CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.ContainsKey(MaterializedBeforeFilteringAnalyzer.NoFixKey) || Rewrite(root, diagnostic) is null)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Move the operator into the query",
                    ct => ApplyAsync(document, diagnostic, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is not null && Rewrite(root, diagnostic) is { } newRoot ? document.WithSyntaxRoot(newRoot) : document;
    }

    private static SyntaxNode? Rewrite(SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.AdditionalLocations.Count == 0 ||
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not SimpleNameSyntax consumerName ||
            consumerName.Parent is not MemberAccessExpressionSyntax consumerAccess ||
            root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan) is not InvocationExpressionSyntax materialization ||
            materialization.Expression is not MemberAccessExpressionSyntax materializationAccess)
        {
            return null;
        }

        var name = consumerName.Identifier.ValueText;
        ExpressionSyntax target;
        string consumerArguments;
        if (consumerAccess.Parent is InvocationExpressionSyntax consumerCall && consumerCall.Expression == consumerAccess)
        {
            target = consumerCall;
            consumerArguments = string.Join(", ", consumerCall.ArgumentList.Arguments.Select(a => a.ToString()));
        }
        else
        {
            // List<T>.Count property
            target = consumerAccess;
            consumerArguments = "";
        }

        var query = materializationAccess.Expression.ToString();
        var materializationName = materializationAccess.Name.Identifier.ValueText;
        var materializationArguments = materialization.ArgumentList.Arguments.Select(a => a.ToString()).ToList();
        var isAsync = materializationName.EndsWith("Async", StringComparison.Ordinal);
        var configureAwait = ConfigureAwaitOf(materialization);

        string replacement;
        if (name is "Where" or "Select")
        {
            // ...Where(p).ToList() after the in-memory operator: that materialization is the one that stays
            if (target.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToList" or "ToArray" } nextAccess &&
                nextAccess.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } next && next.Expression == nextAccess)
            {
                var nextName = nextAccess.Name.Identifier.ValueText;
                replacement = isAsync
                    ? $"await {query}.{name}({consumerArguments}).{nextName}Async({string.Join(", ", materializationArguments)}){configureAwait}"
                    : $"{query}.{name}({consumerArguments}).{nextName}()";
                target = next;
            }
            else
            {
                replacement = (isAsync ? "await " : "") +
                    $"{query}.{name}({consumerArguments}).{materializationName}({string.Join(", ", materializationArguments)}){(isAsync ? configureAwait : "")}";
            }
        }
        else
        {
            var arguments = string.Join(", ", new[] { consumerArguments }.Where(a => a.Length > 0).Concat(isAsync ? materializationArguments : Enumerable.Empty<string>()));
            replacement = isAsync ? $"await {query}.{name}Async({arguments}){configureAwait}" : $"{query}.{name}({arguments})";
        }

        if (isAsync && target.Parent is MemberAccessExpressionSyntax or ConditionalAccessExpressionSyntax or ElementAccessExpressionSyntax or PostfixUnaryExpressionSyntax)
        {
            replacement = "(" + replacement + ")";
        }

        var newExpression = SyntaxFactory.ParseExpression(replacement).WithTriviaFrom(target);
        if (diagnostic.Properties.TryGetValue(MaterializedBeforeFilteringAnalyzer.FormKey, out var form) && form == MaterializedBeforeFilteringAnalyzer.LocalForm)
        {
            if (materialization.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is not { } declaration)
            {
                return null;
            }

            var tracked = root.TrackNodes(target, declaration);
            tracked = tracked.ReplaceNode(tracked.GetCurrentNode(target)!, newExpression);
            return tracked.RemoveNode(tracked.GetCurrentNode(declaration)!, SyntaxRemoveOptions.KeepNoTrivia);
        }

        return root.ReplaceNode(target, newExpression);
    }

    /// <summary><c>.ConfigureAwait(false)</c> when the awaited materialization had it.</summary>
    private static string ConfigureAwaitOf(InvocationExpressionSyntax materialization) =>
        materialization.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access &&
        access.Parent is InvocationExpressionSyntax call
            ? "." + access.Name + call.ArgumentList
            : "";
}
