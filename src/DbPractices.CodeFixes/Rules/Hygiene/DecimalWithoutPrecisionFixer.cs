namespace DbPractices.CodeFixes.Rules.Hygiene;

/// <summary>DBP019: add <c>[Precision(18, 2)]</c> to the decimal property.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DecimalWithoutPrecisionFixer))]
public sealed class DecimalWithoutPrecisionFixer : GuardedCodeFixProvider
{
    public const string AddPrecisionKey = "DBP019.AddPrecision";
    public const string AddHasPrecisionKey = "DBP019.AddHasPrecision";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DecimalWithoutPrecision);

    protected override FixAllProvider CreateFixAllProvider() => new SolutionFixAllProvider(ApplyAsync);

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var solution = context.Document.Project.Solution;
            // a property of another project: HasPrecision at the configuration site the diagnostic sits on
            if (await ConfigurationSiteFix.TryRegisterAtSiteAsync(
                context, diagnostic, "Add HasPrecision(18, 2) to the entity's configuration", AddHasPrecisionKey,
                ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), AddHasPrecisionKey, ct)).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Add [Precision(18, 2)]", ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), AddPrecisionKey, ct), AddPrecisionKey),
                diagnostic);
        }
    }

    private static Task<Solution> ApplyAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken) =>
        key == AddHasPrecisionKey
            ? ConfigurationSiteFix.ApplyPropertyAsync(solution, diagnostics, "HasPrecision(18, 2)", cancellationToken)
            : PropertyAttributeFix.ApplyAsync(solution, diagnostics.Where(d => !ConfigurationSiteFix.IsAtSite(d)).Select(d => (d.Location, "Precision(18, 2)")), "Microsoft.EntityFrameworkCore", cancellationToken);
}
