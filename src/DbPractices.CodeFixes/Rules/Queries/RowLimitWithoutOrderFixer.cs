using System.Text;
using DbPractices.Analyzers.Rules.Queries;
using Microsoft.CodeAnalysis.Text;

namespace DbPractices.CodeFixes.Rules.Queries;

/// <summary>DBP012: insert <c>.OrderBy(e => e.Key)</c> (composite keys: <c>.ThenBy(..)</c>) right before the row-limiting operator.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RowLimitWithoutOrderFixer))]
public sealed class RowLimitWithoutOrderFixer : GuardedCodeFixProvider
{
    public const string EquivalenceKey = "DBP012.OrderByPrimaryKey";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.RowLimitWithoutOrder);

    protected override FixAllProvider CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(RowLimitWithoutOrderAnalyzer.KeyProperty, out var key) || string.IsNullOrEmpty(key) ||
                root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.Parent is not MemberAccessExpressionSyntax)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Order by the primary key ({key!.Replace(",", ", ")})",
                    ct => ApplyAsync(document, diagnostic, key, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, string key, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.Parent is not MemberAccessExpressionSyntax access)
        {
            return document;
        }

        var parameter = LambdaNames.Choose(semanticModel, access.SpanStart);
        var columns = key.Split(',');
        var call = new StringBuilder();
        for (var i = 0; i < columns.Length; i++)
        {
            call.Append(i == 0 ? ".OrderBy(" : ".ThenBy(").Append(parameter).Append(" => ").Append(parameter).Append('.').Append(columns[i]).Append(')');
        }

        call.Append(IncludesWithoutSplitQueryFixer.LineBreakBefore(access, root));

        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(new TextChange(new TextSpan(access.OperatorToken.SpanStart, 0), call.ToString())));
    }
}
