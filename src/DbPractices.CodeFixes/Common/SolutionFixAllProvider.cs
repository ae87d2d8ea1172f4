namespace DbPractices.CodeFixes.Common;

/// <summary>
/// Fix All for fixes that edit documents other than the diagnostic's (an entity class, a configuration
/// class): collects every diagnostic in scope, then lets the fixer apply them all in one solution edit,
/// so several fixes that touch the same class or block do not conflict.
/// </summary>
internal sealed class SolutionFixAllProvider : FixAllProvider
{
    private readonly Func<Solution, ImmutableArray<Diagnostic>, string, CancellationToken, Task<Solution>> _apply;

    public SolutionFixAllProvider(Func<Solution, ImmutableArray<Diagnostic>, string, CancellationToken, Task<Solution>> apply)
    {
        _apply = apply;
    }

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var diagnostics = await CollectAsync(fixAllContext).ConfigureAwait(false);
        if (diagnostics.IsEmpty || fixAllContext.CodeActionEquivalenceKey is not { } key)
        {
            return null;
        }

        var solution = fixAllContext.Solution;
        return CodeAction.Create(
            "Fix all",
            cancellationToken => _apply(solution, diagnostics, key, cancellationToken),
            key);
    }

    private static async Task<ImmutableArray<Diagnostic>> CollectAsync(FixAllContext context)
    {
        var documents = context.Scope switch
        {
            FixAllScope.Document when context.Document is not null => new[] { context.Document },
            FixAllScope.Project => context.Project.Documents.ToArray(),
            FixAllScope.Solution => context.Solution.Projects.SelectMany(p => p.Documents).ToArray(),
            _ => Array.Empty<Document>(),
        };

        var all = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var document in documents)
        {
            all.AddRange(await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false));
        }

        return all.ToImmutable();
    }
}
