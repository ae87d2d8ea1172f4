namespace DbPractices.CodeFixes.Common;

internal static class SyntaxEditing
{
    /// <summary>The end-of-line the document already uses.</summary>
    public static SyntaxTrivia EndOfLine(SyntaxNode node)
    {
        foreach (var trivia in node.SyntaxTree.GetRoot().DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia.ToFullString() == "\r\n" ? SyntaxFactory.CarriageReturnLineFeed : SyntaxFactory.LineFeed;
            }
        }

        return SyntaxFactory.LineFeed;
    }

    /// <summary>
    /// Adds <c>using {ns};</c> unless the file (or a namespace around <paramref name="near"/>) already imports it.
    /// The directive goes among the file's usings in ordinal order, System first, as `dotnet format` sorts them.
    /// </summary>
    public static CompilationUnitSyntax EnsureUsing(CompilationUnitSyntax root, string ns, SyntaxNode? near = null)
    {
        if (root.Usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == ns))
        {
            return root;
        }

        if (near is not null)
        {
            foreach (var declaration in near.AncestorsAndSelf().OfType<BaseNamespaceDeclarationSyntax>())
            {
                if (declaration.Usings.Any(u => u.Alias is null && u.Name?.ToString() == ns))
                {
                    return root;
                }
            }
        }

        var eol = EndOfLine(root);
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns).WithLeadingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(eol);

        if (root.Usings.Count == 0)
        {
            // keep a file header comment above the new using
            var first = root.ChildNodes().FirstOrDefault();
            if (first is null)
            {
                return root.AddUsings(directive);
            }

            var leading = first.GetLeadingTrivia();
            var withBlankLine = directive.WithTrailingTrivia(eol, eol);
            var updated = root.ReplaceNode(first, first.WithLeadingTrivia(SyntaxFactory.TriviaList()));
            return updated.WithUsings(SyntaxFactory.SingletonList(withBlankLine.WithLeadingTrivia(leading)));
        }

        var index = 0;
        while (index < root.Usings.Count && Compare(root.Usings[index], ns) < 0)
        {
            index++;
        }

        if (index == 0)
        {
            // the first using carries the file header: move it to the new first line
            var oldFirst = root.Usings[0];
            var usings = root.Usings.Replace(oldFirst, oldFirst.WithLeadingTrivia(SyntaxFactory.TriviaList()))
                .Insert(0, directive.WithLeadingTrivia(oldFirst.GetLeadingTrivia()));
            return root.WithUsings(usings);
        }

        return root.WithUsings(root.Usings.Insert(index, directive));
    }

    private static int Compare(UsingDirectiveSyntax existing, string ns)
    {
        if (existing.Alias is not null || !existing.StaticKeyword.IsKind(SyntaxKind.None) || existing.Name is null)
        {
            return 1;
        }

        var name = existing.Name.ToString();
        var existingIsSystem = name == "System" || name.StartsWith("System.", StringComparison.Ordinal);
        var newIsSystem = ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal);
        if (existingIsSystem != newIsSystem)
        {
            return existingIsSystem ? -1 : 1;
        }

        return string.CompareOrdinal(name, ns);
    }
}
