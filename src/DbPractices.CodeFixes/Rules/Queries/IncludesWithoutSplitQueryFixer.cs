using Microsoft.CodeAnalysis.Text;

namespace DbPractices.CodeFixes.Rules.Queries;

/// <summary>
/// DBP018: insert <c>.AsSplitQuery()</c> right before the query's first <c>Include</c> (where the reader looks
/// for the loading strategy; also correct when the query is composed through locals). Fix All inserts it
/// once per Include even when several materializations share the query.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IncludesWithoutSplitQueryFixer))]
public sealed class IncludesWithoutSplitQueryFixer : GuardedCodeFixProvider
{
    public const string EquivalenceKey = "DBP018.AsSplitQuery";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.IncludesWithoutSplitQuery);

    protected override FixAllProvider CreateFixAllProvider() => new SolutionFixAllProvider(ApplyAsync);

    protected override Task RegisterFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.AdditionalLocations.Count == 0)
            {
                continue;
            }

            var solution = context.Document.Project.Solution;
            context.RegisterCodeFix(
                CodeAction.Create("Use AsSplitQuery()", ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), EquivalenceKey, ct), EquivalenceKey),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
    {
        var byDocument = new Dictionary<DocumentId, HashSet<int>>();
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.AdditionalLocations.Count == 0 || solution.GetDocumentId(diagnostic.AdditionalLocations[0].SourceTree) is not { } id)
            {
                continue;
            }

            if (!byDocument.TryGetValue(id, out var spans))
            {
                byDocument[id] = spans = new HashSet<int>();
            }

            spans.Add(diagnostic.AdditionalLocations[0].SourceSpan.Start);
        }

        foreach (var pair in byDocument)
        {
            var document = solution.GetDocument(pair.Key)!;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                continue;
            }

            var changes = new List<TextChange>();
            foreach (var start in pair.Value.OrderBy(s => s))
            {
                if (root.FindToken(start).Parent?.Parent is not MemberAccessExpressionSyntax access)
                {
                    continue;
                }

                changes.Add(new TextChange(new TextSpan(access.OperatorToken.SpanStart, 0), ".AsSplitQuery()" + LineBreakBefore(access, root)));
            }

            solution = solution.WithDocumentText(pair.Key, text.WithChanges(changes));
        }

        return solution;
    }

    /// <summary>A chain written one operator per line gets the new operator on its own line, same indentation.</summary>
    internal static string LineBreakBefore(MemberAccessExpressionSyntax access, SyntaxNode root)
    {
        var dot = access.OperatorToken;
        return dot.LeadingTrivia.Count > 0 && dot.GetPreviousToken().TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia))
            ? SyntaxEditing.EndOfLine(root).ToFullString() + dot.LeadingTrivia.ToFullString()
            : "";
    }
}
