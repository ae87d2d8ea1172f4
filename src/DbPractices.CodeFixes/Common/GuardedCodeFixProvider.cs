namespace DbPractices.CodeFixes.Common;

/// <summary>
/// The base of every fixer in the package: what a fixer registers in <see cref="RegisterFixesAsync"/> is offered
/// only after <see cref="FixGuard"/> has applied it and found no new compile error in the code it changed (or in
/// the code that uses a declaration it changed); a using directive the fix added that a global using already
/// provides is dropped. Fix All goes through the same guard (<see cref="GuardedFixAllProvider"/>).
/// </summary>
public abstract class GuardedCodeFixProvider : CodeFixProvider
{
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var offered = new List<(CodeAction Action, ImmutableArray<Diagnostic> Diagnostics)>();
        var inner = new CodeFixContext(
            context.Document,
            context.Span,
            context.Diagnostics,
            (action, diagnostics) =>
            {
                lock (offered)
                {
                    offered.Add((action, diagnostics));
                }
            },
            context.CancellationToken);
        await RegisterFixesAsync(inner).ConfigureAwait(false);

        var solution = context.Document.Project.Solution;
        foreach (var (action, diagnostics) in offered)
        {
            if (await FixGuard.GuardAsync(solution, action, context.CancellationToken).ConfigureAwait(false) is { } guarded)
            {
                context.RegisterCodeFix(guarded, diagnostics);
            }
        }
    }

    public sealed override FixAllProvider? GetFixAllProvider() =>
        CreateFixAllProvider() is { } inner ? new GuardedFixAllProvider(inner) : null;

    /// <summary>The fixer's actions, before the guard.</summary>
    protected abstract Task RegisterFixesAsync(CodeFixContext context);

    /// <summary>The fixer's Fix All, before the guard (none by default).</summary>
    protected virtual FixAllProvider? CreateFixAllProvider() => null;
}
