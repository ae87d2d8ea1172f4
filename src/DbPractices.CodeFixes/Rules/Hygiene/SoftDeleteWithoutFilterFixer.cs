using DbPractices.Analyzers.Rules.Hygiene;

namespace DbPractices.CodeFixes.Rules.Hygiene;

/// <summary>
/// DBP017: add <c>HasQueryFilter(e =&gt; !e.IsDeleted)</c> (or <c>e.DeletedAt == null</c>) where the entity is configured,
/// or join the condition to the entity's existing unnamed filter with <c>&amp;&amp;</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SoftDeleteWithoutFilterFixer))]
public sealed class SoftDeleteWithoutFilterFixer : GuardedCodeFixProvider
{
    public const string AddFilterKey = "DBP017.AddFilter";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.SoftDeleteWithoutFilter);

    protected override FixAllProvider CreateFixAllProvider() => new SolutionFixAllProvider(ApplyAsync);

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(FilterTargets.ModeKey, out var mode) || diagnostic.AdditionalLocations.Count == 0 ||
                !diagnostic.Properties.TryGetValue(SoftDeleteWithoutFilterAnalyzer.ConditionKey, out var condition) || condition is null)
            {
                continue;
            }

            if (mode == FilterTargets.ModeMerge && await FindLambdaAsync(context.Document.Project.Solution, diagnostic.AdditionalLocations[0], context.CancellationToken).ConfigureAwait(false) is null)
            {
                continue;
            }

            var solution = context.Document.Project.Solution;
            var title = mode == FilterTargets.ModeMerge
                ? $"Add '{string.Format(condition, "e")}' to the existing query filter"
                : $"Add HasQueryFilter(e => {string.Format(condition, "e")})";
            context.RegisterCodeFix(CodeAction.Create(title, ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), AddFilterKey, ct), AddFilterKey), diagnostic);
        }
    }

    private static async Task<LambdaExpressionSyntax?> FindLambdaAsync(Solution solution, Location location, CancellationToken cancellationToken)
    {
        if (location.SourceTree is not { } tree || solution.GetDocument(tree) is not { } document ||
            await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
        {
            return null;
        }

        return root.FindNode(location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } invocation
            ? HygieneEditing.FilterLambda(invocation)
            : null;
    }

    private static Task<Solution> ApplyAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
    {
        var targets = new List<(Location, (Diagnostic Diagnostic, string Condition))>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start))
        {
            if (diagnostic.AdditionalLocations.Count > 0 &&
                diagnostic.Properties.TryGetValue(SoftDeleteWithoutFilterAnalyzer.ConditionKey, out var condition) && condition is not null &&
                !targets.Any(t => t.Item2.Diagnostic.Properties[FilterTargets.EntityTypeKey] == diagnostic.Properties[FilterTargets.EntityTypeKey]))
            {
                targets.Add((diagnostic.AdditionalLocations[0], (diagnostic, condition)));
            }
        }

        return HygieneEditing.EditDocumentsAsync(solution, targets, (document, root, items, ct) =>
        {
            var newRoot = root;
            foreach (var group in items.GroupBy(i => i.Location.SourceSpan).OrderByDescending(g => g.Key.Start))
            {
                var first = group.First().Item.Diagnostic;
                if (first.Properties[FilterTargets.ModeKey] == FilterTargets.ModeMerge)
                {
                    if (newRoot.FindNode(group.Key, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } invocation &&
                        HygieneEditing.FilterLambda(invocation) is { } lambda)
                    {
                        var parameter = HygieneEditing.ParameterName(lambda);
                        var body = (ExpressionSyntax)lambda.ExpressionBody!;
                        var added = SyntaxFactory.ParseExpression(group.First().Item.Condition.Replace("{0}", parameter));
                        newRoot = newRoot.ReplaceNode(body, HygieneEditing.And(body, added).WithTriviaFrom(body));
                    }
                }
                else
                {
                    var filters = group
                        .Select(i => FilterStatements.From(i.Item.Diagnostic, i.Item.Condition, i.Item.Diagnostic.Properties.TryGetValue(SoftDeleteWithoutFilterAnalyzer.FilterNameKey, out var name) ? name : null))
                        .Where(f => f is not null)
                        .ToList();
                    newRoot = FilterStatements.Append(newRoot, group.First().Location, filters!);
                }
            }

            return Task.FromResult(newRoot);
        }, cancellationToken);
    }
}
