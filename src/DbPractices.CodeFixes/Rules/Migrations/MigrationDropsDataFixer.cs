using DbPractices.Analyzers.Rules.Migrations;

namespace DbPractices.CodeFixes.Rules.Migrations;

/// <summary>
/// DBP015: turns a DropColumn + AddColumn pair that reads as a rename into <c>RenameColumn</c> in Up, and the matching
/// pair of the generated Down into the rename back.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MigrationDropsDataFixer))]
public sealed class MigrationDropsDataFixer : GuardedCodeFixProvider
{
    public const string RenameColumnKey = "DBP015.RenameColumn";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.MigrationDropsData);

    // several pairs in one Up touch neighbouring statements: apply them together, per document
    protected override FixAllProvider CreateFixAllProvider() => new SolutionFixAllProvider(ApplyAsync);

    protected override Task RegisterFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.ContainsKey(MigrationDropsDataAnalyzer.UpKey) && diagnostic.AdditionalLocations.Count >= 2)
            {
                var solution = context.Document.Project.Solution;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Rename the column instead of dropping it",
                        ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), RenameColumnKey, ct),
                        RenameColumnKey),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
    {
        foreach (var group in diagnostics
                     .Where(d => d.Properties.ContainsKey(MigrationDropsDataAnalyzer.UpKey) && d.AdditionalLocations.Count >= 2)
                     .GroupBy(d => d.Location.SourceTree))
        {
            if (group.Key is null || solution.GetDocument(group.Key) is not { } document ||
                await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            var eol = SyntaxEditing.EndOfLine(root).ToString();
            var edits = new Dictionary<StatementSyntax, string?>();
            foreach (var diagnostic in group)
            {
                var locations = diagnostic.AdditionalLocations;
                Edit(root, locations[0], null, eol, edits);
                Edit(root, locations[1], diagnostic.Properties[MigrationDropsDataAnalyzer.UpKey], eol, edits);
                if (locations.Count >= 4 && diagnostic.Properties.TryGetValue(MigrationDropsDataAnalyzer.DownKey, out var down) && down is not null)
                {
                    Edit(root, locations[2], down, eol, edits);
                    Edit(root, locations[3], null, eol, edits);
                }
            }

            solution = solution.WithDocumentSyntaxRoot(document.Id, MigrationEditing.EditStatements(root, edits));
        }

        return solution;
    }

    private static void Edit(SyntaxNode root, Location location, string? encoded, string eol, Dictionary<StatementSyntax, string?> edits)
    {
        if (root.FindNode(location.SourceSpan).FirstAncestorOrSelf<StatementSyntax>() is not { } statement || edits.ContainsKey(statement))
        {
            return;
        }

        if (encoded is null)
        {
            edits[statement] = null;
            return;
        }

        var indentation = MigrationEditing.Indentation(statement);
        edits[statement] = MigrationCode.Render(encoded, MigrationEditing.BuilderName(statement), indentation, indentation + MigrationEditing.Unit(indentation), eol);
    }
}
