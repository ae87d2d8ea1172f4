using DbPractices.Analyzers.Rules.Migrations;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace DbPractices.CodeFixes.Rules.Migrations;

/// <summary>DBP014: give the added column <c>defaultValue: &lt;default of T&gt;</c>, or make it <c>nullable: true</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MigrationAddsRequiredColumnFixer))]
public sealed class MigrationAddsRequiredColumnFixer : GuardedCodeFixProvider
{
    public const string AddDefaultValueKey = "DBP014.AddDefaultValue";
    public const string MakeNullableKey = "DBP014.MakeNullable";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.MigrationAddsRequiredColumn);

    protected override FixAllProvider CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override Task RegisterFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            diagnostic.Properties.TryGetValue(MigrationAddsRequiredColumnAnalyzer.KindKey, out var kind);
            if (kind == MigrationAddsRequiredColumnAnalyzer.MissingDefault &&
                diagnostic.Properties.TryGetValue(MigrationAddsRequiredColumnAnalyzer.DefaultValueKey, out var literal) && literal is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Add 'defaultValue: {literal}'",
                        ct => ApplyAsync(context.Document, diagnostic, makeNullable: false, ct),
                        AddDefaultValueKey),
                    diagnostic);
            }

            if (kind is MigrationAddsRequiredColumnAnalyzer.MissingDefault or MigrationAddsRequiredColumnAnalyzer.SentinelForeignKey)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Make the column 'nullable: true'",
                        ct => ApplyAsync(context.Document, diagnostic, makeNullable: true, ct),
                        MakeNullableKey),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, bool makeNullable, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null ||
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation ||
            semanticModel.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
        {
            return document;
        }

        // written arguments by parameter name: positional and named alike
        var arguments = new Dictionary<string, ArgumentSyntax>();
        foreach (var argument in operation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue && argument.Parameter is { } parameter && argument.Syntax is ArgumentSyntax syntax)
            {
                arguments[parameter.Name] = syntax;
            }
        }

        var list = invocation.ArgumentList;
        var changes = new List<TextChange>();
        var eol = SyntaxEditing.EndOfLine(invocation).ToString();
        var needsSystem = false;
        if (makeNullable)
        {
            SetOrAdd(list, arguments, "nullable", "true", "type", eol, changes);
            if (arguments.TryGetValue("defaultValue", out var defaultValue))
            {
                var index = list.Arguments.IndexOf(defaultValue);
                var start = index > 0 ? list.Arguments.GetSeparator(index - 1).SpanStart : defaultValue.SpanStart;
                var end = index == 0 && list.Arguments.SeparatorCount > 0 ? list.Arguments.GetSeparator(0).Span.End : defaultValue.Span.End;
                changes.Add(new TextChange(TextSpan.FromBounds(start, end), string.Empty));
            }
        }
        else
        {
            if (!diagnostic.Properties.TryGetValue(MigrationAddsRequiredColumnAnalyzer.DefaultValueKey, out var literal) || literal is null)
            {
                return document;
            }

            needsSystem = diagnostic.Properties.ContainsKey(MigrationAddsRequiredColumnAnalyzer.NeedsSystemKey);
            SetOrAdd(list, arguments, "defaultValue", literal, "nullable", eol, changes);
        }

        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var fixedDocument = document.WithText(text.WithChanges(changes));
        if (needsSystem && await fixedDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is CompilationUnitSyntax unit)
        {
            fixedDocument = fixedDocument.WithSyntaxRoot(SyntaxEditing.EnsureUsing(unit, "System"));
        }

        return fixedDocument;
    }

    /// <summary>
    /// Replaces the value of a written argument, or adds it as a named argument after <paramref name="after"/> (when every
    /// argument after that one is named) or at the end, on its own line when the arguments are laid out one per line.
    /// </summary>
    private static void SetOrAdd(ArgumentListSyntax list, Dictionary<string, ArgumentSyntax> arguments, string parameter, string value, string after, string eol, List<TextChange> changes)
    {
        if (arguments.TryGetValue(parameter, out var existing))
        {
            changes.Add(new TextChange(existing.Expression.Span, value));
            return;
        }

        if (list.Arguments.Count == 0)
        {
            changes.Add(new TextChange(new TextSpan(list.OpenParenToken.Span.End, 0), parameter + ": " + value));
            return;
        }

        var anchor = list.Arguments[list.Arguments.Count - 1];
        if (arguments.TryGetValue(after, out var preferred))
        {
            var index = list.Arguments.IndexOf(preferred);
            if (list.Arguments.Skip(index + 1).All(a => a.NameColon is not null))
            {
                anchor = preferred;
            }
        }

        var onOwnLine = IsFirstOnLine(anchor);
        var separator = onOwnLine ? "," + eol + MigrationEditing.Indentation(anchor) : ", ";
        changes.Add(new TextChange(new TextSpan(anchor.Span.End, 0), separator + parameter + ": " + value));
    }

    private static bool IsFirstOnLine(SyntaxNode node)
    {
        var previous = node.GetFirstToken().GetPreviousToken();
        return previous.TrailingTrivia.Any(t => t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.EndOfLineTrivia));
    }
}
