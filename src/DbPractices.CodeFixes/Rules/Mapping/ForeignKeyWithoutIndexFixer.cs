namespace DbPractices.CodeFixes.Rules.Mapping;

/// <summary>DBP001: add <c>[Index(nameof(P))]</c> to the entity, or <c>b.HasIndex(e => e.P);</c> to its fluent configuration (<see cref="IndexFix"/>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ForeignKeyWithoutIndexFixer))]
public sealed class ForeignKeyWithoutIndexFixer : GuardedCodeFixProvider
{
    public const string AddIndexAttributeKey = "DBP001.AddIndexAttribute";
    public const string AddHasIndexKey = "DBP001.AddHasIndex";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ForeignKeyWithoutIndex);

    protected override FixAllProvider CreateFixAllProvider() => new SolutionFixAllProvider(ApplyAsync);

    protected override Task RegisterFixesAsync(CodeFixContext context) => IndexFix.RegisterAsync(context, AddIndexAttributeKey, AddHasIndexKey);

    private static Task<Solution> ApplyAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken) =>
        IndexFix.ApplyAsync(solution, diagnostics, key == AddHasIndexKey, cancellationToken);
}
