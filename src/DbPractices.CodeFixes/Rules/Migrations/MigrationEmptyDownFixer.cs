using System.Text;
using DbPractices.Analyzers.Rules.Migrations;

namespace DbPractices.CodeFixes.Rules.Migrations;

/// <summary>DBP016: writes Down as the inverse of Up, in reverse order, the way EF Core scaffolds it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MigrationEmptyDownFixer))]
public sealed class MigrationEmptyDownFixer : GuardedCodeFixProvider
{
    public const string GenerateDownKey = "DBP016.GenerateDown";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.MigrationEmptyDown);

    protected override FixAllProvider CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override Task RegisterFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(MigrationEmptyDownAnalyzer.DownKey, out var down) && down is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Write Down as the inverse of Up",
                        ct => ApplyAsync(context.Document, diagnostic, down, ct),
                        GenerateDownKey),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, string encoded, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } declaration ||
            declaration.Members.OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.ValueText == "Up") is not { Body: { } upBody } up)
        {
            return document;
        }

        var eol = SyntaxEditing.EndOfLine(root).ToString();
        var methodIndentation = MigrationEditing.Indentation(up);
        var unit = MigrationEditing.Unit(methodIndentation);
        var indentation = upBody.Statements.Count > 0 ? MigrationEditing.Indentation(upBody.Statements[0]) : methodIndentation + unit;
        var argumentIndentation = indentation + MigrationEditing.Unit(indentation);

        var down = declaration.Members.OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.ValueText == "Down");
        if (down is { Body: { } body })
        {
            var builder = down.ParameterList.Parameters.Count == 1 ? down.ParameterList.Parameters[0].Identifier.ValueText : "migrationBuilder";
            var braceIndentation = MigrationEditing.Indentation(body);
            var text = new StringBuilder("{").Append(eol);

            // comments inside the empty body stay, above the new statements
            foreach (var trivia in body.OpenBraceToken.TrailingTrivia.Concat(body.CloseBraceToken.LeadingTrivia))
            {
                if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
                {
                    text.Append(indentation).Append(trivia.ToString()).Append(eol);
                }
            }

            text.Append(indentation).Append(MigrationCode.Render(encoded, builder, indentation, argumentIndentation, eol)).Append(eol)
                .Append(braceIndentation).Append('}');
            var block = SyntaxFactory.ParseStatement(text.ToString())
                .WithLeadingTrivia(body.GetLeadingTrivia())
                .WithTrailingTrivia(body.GetTrailingTrivia());
            return document.WithSyntaxRoot(root.ReplaceNode(body, block));
        }

        if (down is not null)
        {
            return document;
        }

        // no Down at all: add one after Up, with Up's modifiers and parameter, and its <inheritdoc /> when it has one
        var upBuilder = up.ParameterList.Parameters.Count == 1 ? up.ParameterList.Parameters[0].Identifier.ValueText : "migrationBuilder";
        var method = new StringBuilder(eol);
        if (up.GetLeadingTrivia().ToString().Contains("<inheritdoc"))
        {
            method.Append(methodIndentation).Append("/// <inheritdoc />").Append(eol);
        }

        method.Append(methodIndentation).Append(up.Modifiers.ToString()).Append(" void Down").Append(up.ParameterList.ToString()).Append(eol)
            .Append(methodIndentation).Append('{').Append(eol)
            .Append(indentation).Append(MigrationCode.Render(encoded, upBuilder, indentation, argumentIndentation, eol)).Append(eol)
            .Append(methodIndentation).Append('}').Append(eol);
        if (SyntaxFactory.ParseMemberDeclaration(method.ToString()) is not { } member)
        {
            return document;
        }

        var index = declaration.Members.IndexOf(up);
        return document.WithSyntaxRoot(root.ReplaceNode(declaration, declaration.WithMembers(declaration.Members.Insert(index + 1, member))));
    }
}
