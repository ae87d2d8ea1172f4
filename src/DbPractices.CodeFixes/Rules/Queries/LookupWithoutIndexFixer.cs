namespace DbPractices.CodeFixes.Rules.Queries;

/// <summary>
/// DBP030: DBP001's two fixes (<see cref="IndexFix"/>): add <c>[Index(nameof(P))]</c> to the entity, or <c>b.HasIndex(e =&gt; e.P);</c>
/// to its fluent configuration (at the configuration site for an entity of another assembly). Fix All adds each index once,
/// however many lookups use the column.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LookupWithoutIndexFixer))]
public sealed class LookupWithoutIndexFixer : GuardedCodeFixProvider
{
    public const string AddIndexAttributeKey = "DBP030.AddIndexAttribute";
    public const string AddHasIndexKey = "DBP030.AddHasIndex";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.LookupWithoutIndex);

    protected override FixAllProvider CreateFixAllProvider() => new SolutionFixAllProvider(ApplyAsync);

    protected override Task RegisterFixesAsync(CodeFixContext context) => IndexFix.RegisterAsync(context, AddIndexAttributeKey, AddHasIndexKey);

    private static Task<Solution> ApplyAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken) =>
        IndexFix.ApplyAsync(solution, diagnostics, key == AddHasIndexKey, cancellationToken);
}
