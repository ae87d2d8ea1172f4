using DbPractices.Analyzers.Rules.Hygiene;

namespace DbPractices.CodeFixes.Rules.Hygiene;

/// <summary>DBP020: add <c>[MaxLength(n)]</c>, n from <c>dbpractices.default_max_length</c> (256).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StringWithoutMaxLengthFixer))]
public sealed class StringWithoutMaxLengthFixer : GuardedCodeFixProvider
{
    public const string AddMaxLengthKey = "DBP020.AddMaxLength";
    public const string AddHasMaxLengthKey = "DBP020.AddHasMaxLength";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.StringWithoutMaxLength);

    protected override FixAllProvider CreateFixAllProvider() => new SolutionFixAllProvider(ApplyAsync);

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var solution = context.Document.Project.Solution;
            // a property of another project: HasMaxLength at the configuration site the diagnostic sits on
            if (await ConfigurationSiteFix.TryRegisterAtSiteAsync(
                context, diagnostic, $"Add HasMaxLength({Length(diagnostic)}) to the entity's configuration", AddHasMaxLengthKey,
                ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), AddHasMaxLengthKey, ct)).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Add [MaxLength({Length(diagnostic)})]", ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), AddMaxLengthKey, ct), AddMaxLengthKey),
                diagnostic);
        }
    }

    private static string Length(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(StringWithoutMaxLengthAnalyzer.MaxLengthKey, out var length) && length is not null
            ? length
            : StringWithoutMaxLengthAnalyzer.DefaultMaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Task<Solution> ApplyAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken) =>
        key == AddHasMaxLengthKey
            ? ConfigurationSiteFix.ApplyAsync(solution, diagnostics.Where(ConfigurationSiteFix.IsAtSite).Select(d => (d, ConfigurationSiteFix.PropertyConfiguration(d, $"HasMaxLength({Length(d)})"))), cancellationToken)
            : PropertyAttributeFix.ApplyAsync(solution, diagnostics.Where(d => !ConfigurationSiteFix.IsAtSite(d)).Select(d => (d.Location, $"MaxLength({Length(d)})")), "System.ComponentModel.DataAnnotations", cancellationToken);
}
