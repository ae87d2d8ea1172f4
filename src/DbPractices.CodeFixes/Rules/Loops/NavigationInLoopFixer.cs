using DbPractices.Analyzers.Rules.Loops;

namespace DbPractices.CodeFixes.Rules.Loops;

/// <summary>DBP008: add <c>.Include(..)</c>/<c>.ThenInclude(..)</c> for the navigation path to the loop's source query.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NavigationInLoopFixer))]
public sealed class NavigationInLoopFixer : GuardedCodeFixProvider
{
    public const string AddIncludeKey = "DBP008.AddInclude";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.NavigationInLoop);

    /// <summary>One query gets every missing path once: fixes run in sequence and each sees the includes already added.</summary>
    protected override FixAllProvider CreateFixAllProvider() => new SequentialFixAllProvider(FixAsync, (d, _) => CanFix(d));

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!CanFix(diagnostic))
            {
                continue;
            }

            var target = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var roots = diagnostic.AdditionalLocations.Select(l => root.FindNode(l.SourceSpan, getInnermostNodeForTie: true)).ToImmutableArray();
            var path = diagnostic.Properties[NavigationInLoopAnalyzer.PathKey]!;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Include '{path}' in the query",
                    ct => FixAsync(context.Document, target, roots, diagnostic, ct),
                    AddIncludeKey),
                diagnostic);
        }
    }

    private static bool CanFix(Diagnostic diagnostic) =>
        diagnostic.AdditionalLocations.Count > 0 &&
        diagnostic.Properties.TryGetValue(NavigationInLoopAnalyzer.PathKey, out var path) && !string.IsNullOrEmpty(path) &&
        diagnostic.Properties.TryGetValue(NavigationInLoopAnalyzer.TypesKey, out var types) && !string.IsNullOrEmpty(types);

    private static Task<Document> FixAsync(Document document, SyntaxNode target, ImmutableArray<SyntaxNode> roots, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        IncludeInsertion.AddIncludesAsync(
            document,
            roots,
            diagnostic.Properties[NavigationInLoopAnalyzer.PathKey]!.Split('.'),
            diagnostic.Properties[NavigationInLoopAnalyzer.TypesKey]!.Split(','),
            cancellationToken);
}
