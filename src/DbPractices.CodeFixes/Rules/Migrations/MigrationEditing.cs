namespace DbPractices.CodeFixes.Rules.Migrations;

/// <summary>Layout helpers shared by the migration fixers: they write code the way EF Core's scaffolder does.</summary>
internal static class MigrationEditing
{
    /// <summary>The whitespace in front of the first token of <paramref name="node"/> on its line.</summary>
    public static string Indentation(SyntaxNode node)
    {
        var leading = node.GetLeadingTrivia();
        return leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? leading[leading.Count - 1].ToString()
            : string.Empty;
    }

    /// <summary>One indentation level in the style of <paramref name="indentation"/>.</summary>
    public static string Unit(string indentation) => indentation.Contains('\t') ? "\t" : "    ";

    /// <summary>The migration builder parameter of the method around <paramref name="node"/>.</summary>
    public static string BuilderName(SyntaxNode node) =>
        node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { ParameterList.Parameters.Count: 1 } method
            ? method.ParameterList.Parameters[0].Identifier.ValueText
            : "migrationBuilder";

    /// <summary>
    /// Replaces (text) or removes (null) whole statements, keeping the replaced statements' comments and the layout of
    /// the block: when the first statement goes, the next one takes its place without a blank line above it.
    /// </summary>
    public static SyntaxNode EditStatements(SyntaxNode root, IReadOnlyDictionary<StatementSyntax, string?> edits)
    {
        var blocks = edits.Keys.Select(s => s.Parent).OfType<BlockSyntax>().Distinct().ToList();
        return root.ReplaceNodes(blocks, (original, _) =>
        {
            var statements = new List<StatementSyntax>();
            foreach (var statement in original.Statements)
            {
                if (!edits.TryGetValue(statement, out var replacement))
                {
                    statements.Add(statement);
                }
                else if (replacement is not null)
                {
                    statements.Add(SyntaxFactory.ParseStatement(replacement)
                        .WithLeadingTrivia(statement.GetLeadingTrivia())
                        .WithTrailingTrivia(statement.GetTrailingTrivia()));
                }
            }

            if (original.Statements.Count > 0 && statements.Count > 0 && edits.ContainsKey(original.Statements[0]) &&
                edits[original.Statements[0]] is null)
            {
                // the new first statement keeps its comments, not the blank line that separated it from the removed one
                var own = statements[0].GetLeadingTrivia();
                var firstContent = 0;
                while (firstContent < own.Count && (own[firstContent].IsKind(SyntaxKind.WhitespaceTrivia) || own[firstContent].IsKind(SyntaxKind.EndOfLineTrivia)))
                {
                    firstContent++;
                }

                var leading = original.Statements[0].GetLeadingTrivia().AddRange(own.Skip(firstContent));
                statements[0] = statements[0].WithLeadingTrivia(leading);
            }

            return original.WithStatements(SyntaxFactory.List(statements));
        });
    }
}
