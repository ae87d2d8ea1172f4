namespace DbPractices.CodeFixes.Common;

/// <summary>
/// Fix All through <see cref="FixGuard"/>: the combined change is checked like a single fix. When it would add a
/// compile error, Fix All is computed again over only the diagnostics whose own fix is offered (the guard passes
/// them one by one); when even that would not compile, Fix All changes nothing.
/// </summary>
internal sealed class GuardedFixAllProvider : FixAllProvider
{
    private readonly FixAllProvider _inner;

    public GuardedFixAllProvider(FixAllProvider inner)
    {
        _inner = inner;
    }

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => _inner.GetSupportedFixAllScopes();

    public override IEnumerable<string> GetSupportedFixAllDiagnosticIds(CodeFixProvider originalCodeFixProvider) =>
        _inner.GetSupportedFixAllDiagnosticIds(originalCodeFixProvider);

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var action = await _inner.GetFixAsync(fixAllContext).ConfigureAwait(false);
        if (action is null)
        {
            return null;
        }

        var solution = fixAllContext.Solution;
        return CodeAction.Create(
            action.Title,
            async cancellationToken =>
            {
                var changed = await FixGuard.ChangedSolutionAsync(action, cancellationToken).ConfigureAwait(false);
                if (changed is null)
                {
                    return solution;
                }

                if (await FixGuard.CheckAsync(solution, changed, cancellationToken).ConfigureAwait(false) is { } checkedSolution)
                {
                    return checkedSolution;
                }

                var filtered = Filtered(fixAllContext, cancellationToken);
                var retry = await _inner.GetFixAsync(filtered).ConfigureAwait(false);
                var retried = retry is null ? null : await FixGuard.ChangedSolutionAsync(retry, cancellationToken).ConfigureAwait(false);
                return retried is null ? solution : await FixGuard.CheckAsync(solution, retried, cancellationToken).ConfigureAwait(false) ?? solution;
            },
            action.EquivalenceKey);
    }

    private static FixAllContext Filtered(FixAllContext context, CancellationToken cancellationToken)
    {
        var provider = new OfferedOnly(context);
        return context.Document is not null && context.Scope == FixAllScope.Document
            ? new FixAllContext(context.Document, context.CodeFixProvider, context.Scope, context.CodeActionEquivalenceKey, context.DiagnosticIds, provider, cancellationToken)
            : new FixAllContext(context.Project, context.CodeFixProvider, context.Scope, context.CodeActionEquivalenceKey, context.DiagnosticIds, provider, cancellationToken);
    }

    /// <summary>The original context's diagnostics for which the (guarded) fixer offers the action being fixed.</summary>
    private sealed class OfferedOnly : FixAllContext.DiagnosticProvider
    {
        private readonly FixAllContext _original;

        public OfferedOnly(FixAllContext original)
        {
            _original = original;
        }

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            await FilterAsync(document, await _original.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(Enumerable.Empty<Diagnostic>());

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        {
            var result = new List<Diagnostic>();
            foreach (var document in project.Documents)
            {
                result.AddRange(await GetDocumentDiagnosticsAsync(document, cancellationToken).ConfigureAwait(false));
            }

            return result;
        }

        private async Task<IEnumerable<Diagnostic>> FilterAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var kept = new List<Diagnostic>();
            foreach (var diagnostic in diagnostics)
            {
                var offered = false;
                var context = new CodeFixContext(
                    document,
                    diagnostic,
                    (action, _) => offered |= action.EquivalenceKey == _original.CodeActionEquivalenceKey,
                    cancellationToken);
                await _original.CodeFixProvider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
                if (offered)
                {
                    kept.Add(diagnostic);
                }
            }

            return kept;
        }
    }
}
