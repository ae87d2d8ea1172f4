namespace DbPractices.CodeFixes.Rules.Hygiene;

/// <summary>Edits the hygiene fixers share: attributes on members, statements appended to blocks, lambda bodies joined with &amp;&amp;.</summary>
internal static class HygieneEditing
{
    /// <summary>
    /// Adds <paramref name="attribute"/> (e.g. "Precision(18, 2)") to a member: after its last attribute list, in the
    /// same layout (same line or own line), or on its own line above a member that starts a line (doc comment kept above).
    /// </summary>
    public static MemberDeclarationSyntax AddAttribute(MemberDeclarationSyntax member, string attribute)
    {
        var list = SyntaxFactory.ParseCompilationUnit("[" + attribute + "] class C { }").Members[0]
            .AttributeLists[0].WithoutTrivia();
        var eol = SyntaxEditing.EndOfLine(member);
        if (member.AttributeLists.Count > 0)
        {
            var last = member.AttributeLists[member.AttributeLists.Count - 1];
            var ownLine = last.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var newList = ownLine
                ? list.WithLeadingTrivia(Indentation(member)).WithTrailingTrivia(eol)
                : list.WithTrailingTrivia(SyntaxFactory.Space);
            return member.WithAttributeLists(member.AttributeLists.Add(newList));
        }

        var leading = member.GetLeadingTrivia();
        if (StartsLine(member))
        {
            return member.WithoutLeadingTrivia().WithLeadingTrivia(Indentation(member))
                .WithAttributeLists(SyntaxFactory.SingletonList(list.WithLeadingTrivia(leading).WithTrailingTrivia(eol)));
        }

        return member.WithoutLeadingTrivia().WithAttributeLists(SyntaxFactory.SingletonList(list.WithLeadingTrivia(leading).WithTrailingTrivia(SyntaxFactory.Space)));
    }

    private static bool StartsLine(SyntaxNode node)
    {
        if (node.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
        {
            return true;
        }

        var previous = node.GetFirstToken().GetPreviousToken();
        return previous.IsKind(SyntaxKind.None) || previous.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
    }

    /// <summary>The whitespace that indents the node's line.</summary>
    public static SyntaxTriviaList Indentation(SyntaxNode node)
    {
        var leading = node.GetLeadingTrivia();
        return leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
            : SyntaxFactory.TriviaList();
    }

    /// <summary>
    /// Appends statements at the end of a block, each on its own line indented like the block's last statement
    /// (or one level deeper than the braces when the block is empty).
    /// </summary>
    public static BlockSyntax AppendStatements(BlockSyntax block, IEnumerable<string> statements)
    {
        var eol = SyntaxEditing.EndOfLine(block);
        SyntaxTriviaList indentation;
        if (block.Statements.Count > 0)
        {
            indentation = Indentation(block.Statements.Last());
        }
        else
        {
            // the close brace's own indentation, one level deeper
            var closeLeading = block.CloseBraceToken.LeadingTrivia.ToFullString();
            var braces = closeLeading.Length > 0 && closeLeading.Trim().Length == 0 ? closeLeading : string.Empty;
            indentation = SyntaxFactory.TriviaList(SyntaxFactory.Whitespace(braces + "    "));
        }

        var added = statements.Select(s => SyntaxFactory.ParseStatement(s).WithLeadingTrivia(indentation).WithTrailingTrivia(eol)).ToArray();
        var result = block.AddStatements(added);
        if (!block.OpenBraceToken.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) && block.Statements.Count == 0)
        {
            result = result.WithOpenBraceToken(result.OpenBraceToken.WithTrailingTrivia(eol));
        }

        return result;
    }

    /// <summary><c>a &amp;&amp; b</c>, parenthesizing either side when its precedence is lower than &amp;&amp;.</summary>
    public static ExpressionSyntax And(ExpressionSyntax left, ExpressionSyntax right) =>
        SyntaxFactory.BinaryExpression(
            SyntaxKind.LogicalAndExpression,
            Operand(left.WithoutTrivia()).WithTrailingTrivia(SyntaxFactory.Space),
            SyntaxFactory.Token(SyntaxKind.AmpersandAmpersandToken).WithTrailingTrivia(SyntaxFactory.Space),
            Operand(right.WithoutTrivia()));

    private static ExpressionSyntax Operand(ExpressionSyntax expression) =>
        expression.Kind() is SyntaxKind.LogicalOrExpression or SyntaxKind.ConditionalExpression or SyntaxKind.CoalesceExpression or
            SyntaxKind.SimpleLambdaExpression or SyntaxKind.ParenthesizedLambdaExpression or SyntaxKind.SimpleAssignmentExpression or
            SyntaxKind.IsPatternExpression or SyntaxKind.SwitchExpression
            ? SyntaxFactory.ParenthesizedExpression(expression)
            : expression;

    /// <summary>The lambda a HasQueryFilter call passes as its filter (last argument), when it is expression-bodied with one parameter.</summary>
    public static LambdaExpressionSyntax? FilterLambda(InvocationExpressionSyntax invocation)
    {
        var arguments = invocation.ArgumentList.Arguments;
        if (arguments.Count == 0)
        {
            return null;
        }

        return arguments[arguments.Count - 1].Expression switch
        {
            SimpleLambdaExpressionSyntax { ExpressionBody: not null } simple => simple,
            ParenthesizedLambdaExpressionSyntax { ExpressionBody: not null, ParameterList.Parameters.Count: 1 } parenthesized => parenthesized,
            _ => null,
        };
    }

    public static string ParameterName(LambdaExpressionSyntax lambda) => lambda switch
    {
        SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText,
        ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.ParameterList.Parameters[0].Identifier.ValueText,
        _ => "e",
    };

    /// <summary>A lambda parameter name not used anywhere in <paramref name="scope"/> (so it shadows and clashes with nothing).</summary>
    public static string FreshName(SyntaxNode scope, params string[] candidates)
    {
        // a lambda's own parameter (x => x.Id in a sibling statement) does not clash with a new lambda's parameter
        var used = new HashSet<string>(scope.DescendantTokens()
            .Where(t => t.IsKind(SyntaxKind.IdentifierToken) && !IsLambdaParameter(t, scope))
            .Select(t => t.ValueText));
        foreach (var candidate in candidates)
        {
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }

        var i = 1;
        while (used.Contains("e" + i))
        {
            i++;
        }

        return "e" + i;
    }

    private static bool IsLambdaParameter(SyntaxToken token, SyntaxNode scope)
    {
        foreach (var lambda in token.Parent!.AncestorsAndSelf().OfType<LambdaExpressionSyntax>().Where(l => scope.Span.Contains(l.Span)))
        {
            var parameters = lambda switch
            {
                SimpleLambdaExpressionSyntax simple => new[] { simple.Parameter },
                ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.ParameterList.Parameters.ToArray(),
                _ => System.Array.Empty<ParameterSyntax>(),
            };
            if (parameters.Any(p => p.Identifier.ValueText == token.ValueText))
            {
                return true;
            }
        }

        return false;
    }

    public static async Task<Solution> EditDocumentsAsync<T>(
        Solution solution,
        IEnumerable<(Location Location, T Item)> targets,
        System.Func<Document, SyntaxNode, List<(Location Location, T Item)>, CancellationToken, Task<SyntaxNode>> edit,
        CancellationToken cancellationToken)
    {
        var byDocument = new Dictionary<DocumentId, List<(Location, T)>>();
        foreach (var target in targets)
        {
            if (target.Location.SourceTree is not { } tree || solution.GetDocumentId(tree) is not { } id)
            {
                continue;
            }

            if (!byDocument.TryGetValue(id, out var list))
            {
                byDocument[id] = list = new List<(Location, T)>();
            }

            list.Add(target);
        }

        foreach (var pair in byDocument)
        {
            var document = solution.GetDocument(pair.Key)!;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                continue;
            }

            solution = solution.WithDocumentSyntaxRoot(pair.Key, await edit(document, root, pair.Value, cancellationToken).ConfigureAwait(false));
        }

        return solution;
    }
}
