using DbPractices.Analyzers.Rules.Hygiene;
using Microsoft.CodeAnalysis.Editing;

namespace DbPractices.CodeFixes.Rules.Hygiene;

/// <summary>
/// DBP022: merge an entity's unnamed query filters into the first one, joined with <c>&amp;&amp;</c>, and remove the
/// other HasQueryFilter calls. Offered when every filter is an expression lambda in the same method.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(QueryFilterOverwrittenFixer))]
public sealed class QueryFilterOverwrittenFixer : GuardedCodeFixProvider
{
    public const string MergeFiltersKey = "DBP022.MergeFilters";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.QueryFilterOverwritten);

    protected override FixAllProvider CreateFixAllProvider() => new SolutionFixAllProvider(ApplyAsync);

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(QueryFilterOverwrittenAnalyzer.MergeableKey) || diagnostic.AdditionalLocations.Count < 2)
            {
                continue;
            }

            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || semanticModel is null || Plan(root, semanticModel, diagnostic.AdditionalLocations, context.CancellationToken) is null)
            {
                continue;
            }

            var solution = context.Document.Project.Solution;
            context.RegisterCodeFix(
                CodeAction.Create("Merge the query filters with &&", ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), MergeFiltersKey, ct), MergeFiltersKey),
                diagnostic);
        }
    }

    private sealed record MergePlan(LambdaExpressionSyntax Keep, ExpressionSyntax MergedBody, List<InvocationExpressionSyntax> Removed);

    /// <summary>The merge, or null when the filters are not all expression lambdas in one method of this document, or would not compile there.</summary>
    private static MergePlan? Plan(SyntaxNode root, SemanticModel semanticModel, IReadOnlyList<Location> locations, CancellationToken cancellationToken)
    {
        var invocations = new List<InvocationExpressionSyntax>();
        foreach (var location in locations)
        {
            if (location.SourceTree != root.SyntaxTree ||
                root.FindNode(location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation ||
                invocation.Span != location.SourceSpan || HygieneEditing.FilterLambda(invocation) is null ||
                invocation.Expression is not MemberAccessExpressionSyntax)
            {
                return null;
            }

            invocations.Add(invocation);
        }

        invocations.Sort((a, b) => a.SpanStart.CompareTo(b.SpanStart));
        var member = invocations[0].FirstAncestorOrSelf<MemberDeclarationSyntax>();
        if (member is null || invocations.Any(i => i.FirstAncestorOrSelf<MemberDeclarationSyntax>() != member))
        {
            return null;
        }

        var keep = HygieneEditing.FilterLambda(invocations[0])!;
        var keepName = HygieneEditing.ParameterName(keep);
        var merged = (ExpressionSyntax)keep.ExpressionBody!;
        foreach (var invocation in invocations.Skip(1))
        {
            var lambda = HygieneEditing.FilterLambda(invocation)!;
            if (Rename(lambda, keepName, invocations[0], semanticModel, cancellationToken) is not { } body)
            {
                return null;
            }

            merged = HygieneEditing.And(merged, body);
        }

        return new MergePlan(keep, merged, invocations.Skip(1).ToList());
    }

    /// <summary>The lambda's body with its parameter renamed, when everything else it reads is in scope at <paramref name="target"/>.</summary>
    private static ExpressionSyntax? Rename(LambdaExpressionSyntax lambda, string name, SyntaxNode target, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var parameter = semanticModel.GetDeclaredSymbol(lambda switch
        {
            SimpleLambdaExpressionSyntax simple => simple.Parameter,
            ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.ParameterList.Parameters[0],
            _ => null!,
        }, cancellationToken);
        var body = (ExpressionSyntax)lambda.ExpressionBody!;
        var renamed = new List<IdentifierNameSyntax>();
        foreach (var identifier in body.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            var symbol = semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol;
            if (SymbolEqualityComparer.Default.Equals(symbol, parameter))
            {
                renamed.Add(identifier);
            }
            else if (identifier.Identifier.ValueText == name)
            {
                return null;
            }
            else if (symbol is ILocalSymbol or IParameterSymbol &&
                     !symbol.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken).SpanStart >= lambda.SpanStart && lambda.Span.Contains(r.Span)) &&
                     !InScope(symbol, target, cancellationToken))
            {
                return null;
            }
        }

        return body.ReplaceNodes(renamed, (original, _) => SyntaxFactory.IdentifierName(name).WithTriviaFrom(original));
    }

    private static bool InScope(ISymbol symbol, SyntaxNode target, CancellationToken cancellationToken)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            var scope = symbol is IParameterSymbol ? declaration.Parent?.Parent : declaration.FirstAncestorOrSelf<BlockSyntax>();
            if (scope is null || !scope.Span.Contains(target.Span) || (symbol is ILocalSymbol && declaration.SpanStart > target.SpanStart))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
    {
        var seen = new HashSet<(string?, int)>();
        var groups = new List<(Location, IReadOnlyList<Location>)>();
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Properties.ContainsKey(QueryFilterOverwrittenAnalyzer.MergeableKey) && diagnostic.AdditionalLocations.Count >= 2 &&
                seen.Add((diagnostic.AdditionalLocations[0].SourceTree?.FilePath, diagnostic.AdditionalLocations[0].SourceSpan.Start)))
            {
                groups.Add((diagnostic.AdditionalLocations[0], diagnostic.AdditionalLocations));
            }
        }

        return await HygieneEditing.EditDocumentsAsync(solution, groups, async (document, root, items, ct) =>
        {
            var semanticModel = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
            var editor = await DocumentEditor.CreateAsync(document, ct).ConfigureAwait(false);
            foreach (var (_, locations) in items)
            {
                if (semanticModel is null || Plan(root, semanticModel, locations, ct) is not { } plan)
                {
                    continue;
                }

                editor.ReplaceNode(plan.Keep.ExpressionBody!, plan.MergedBody.WithTriviaFrom(plan.Keep.ExpressionBody!));
                foreach (var removed in plan.Removed)
                {
                    var receiver = ((MemberAccessExpressionSyntax)removed.Expression).Expression;
                    if (removed.Parent is ExpressionStatementSyntax statement && IsPlainBuilder(receiver))
                    {
                        editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
                    }
                    else
                    {
                        editor.ReplaceNode(removed, receiver.WithTriviaFrom(removed));
                    }
                }
            }

            return editor.GetChangedRoot();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>b</c> or <c>modelBuilder.Entity&lt;T&gt;()</c>: a statement of just that does nothing and can go.</summary>
    private static bool IsPlainBuilder(ExpressionSyntax receiver) =>
        receiver is IdentifierNameSyntax ||
        receiver is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name: GenericNameSyntax { Identifier.ValueText: "Entity" }, Expression: IdentifierNameSyntax } };
}
