namespace DbPractices.CodeFixes.Rules.Loops;

/// <summary>
/// Adds a navigation path to a query as <c>.Include(..)</c>/<c>.ThenInclude(..)</c> right after its root
/// (after <c>FromSql*</c> and the includes already there), or extends an existing chain that ends where the
/// path continues; a path the query already includes is left alone.
/// </summary>
internal static class IncludeInsertion
{
    private sealed class Chain
    {
        public List<string> Path { get; } = new();

        public InvocationExpressionSyntax Last { get; set; } = null!;

        public bool Extensible { get; set; }
    }

    /// <param name="root">The document root.</param>
    /// <param name="queryRoot">The query root expression (<c>ctx.Blogs</c>, <c>ctx.Set&lt;Blog&gt;()</c>).</param>
    /// <param name="path">Navigation names from the root entity.</param>
    /// <param name="parameterNames">The lambda parameter name for each step.</param>
    /// <returns>The new document root (unchanged when the path is already included).</returns>
    public static SyntaxNode AddInclude(SyntaxNode root, ExpressionSyntax queryRoot, IReadOnlyList<string> path, IReadOnlyList<string> parameterNames)
    {
        var operations = new List<(InvocationExpressionSyntax Invocation, string Name)>();
        ExpressionSyntax current = queryRoot;
        while (current.Parent is MemberAccessExpressionSyntax access && access.Expression == current &&
               access.Parent is InvocationExpressionSyntax invocation && invocation.Expression == access)
        {
            operations.Add((invocation, access.Name.Identifier.ValueText));
            current = invocation;
        }

        // the insertion point: after FromSql* (they need the DbSet itself) and the includes that follow the root
        ExpressionSyntax anchor = queryRoot;
        var index = 0;
        while (index < operations.Count && operations[index].Name.StartsWith("FromSql", StringComparison.Ordinal))
        {
            anchor = operations[index++].Invocation;
        }

        while (index < operations.Count && operations[index].Name is "Include" or "ThenInclude")
        {
            anchor = operations[index++].Invocation;
        }

        var chains = ReadChains(operations);
        if (chains.Any(c => StartsWith(c.Path, path)))
        {
            return root;
        }

        var extend = chains
            .Where(c => c.Extensible && c.Path.Count < path.Count && StartsWith(path, c.Path))
            .OrderByDescending(c => c.Path.Count)
            .FirstOrDefault();

        var calls = new List<(string Name, string Lambda)>();
        var start = extend?.Path.Count ?? 0;
        for (var i = start; i < path.Count; i++)
        {
            var parameter = parameterNames[i];
            calls.Add((i == 0 ? "Include" : "ThenInclude", $"{parameter} => {parameter}.{path[i]}"));
        }

        var target = (ExpressionSyntax?)extend?.Last ?? anchor;
        return root.ReplaceNode(target, Append(target, calls));
    }

    private static List<Chain> ReadChains(List<(InvocationExpressionSyntax Invocation, string Name)> operations)
    {
        var chains = new List<Chain>();
        Chain? current = null;
        foreach (var (invocation, name) in operations)
        {
            var argument = invocation.ArgumentList.Arguments.Count == 1 ? invocation.ArgumentList.Arguments[0].Expression : null;
            if (name == "Include" && argument is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal)
            {
                var chain = new Chain { Last = invocation, Extensible = false };
                chain.Path.AddRange(literal.Token.ValueText.Split('.'));
                chains.Add(chain);
                current = null;
            }
            else if (name == "Include" && LambdaPath(argument) is { } first)
            {
                current = new Chain { Last = invocation, Extensible = true };
                current.Path.AddRange(first);
                chains.Add(current);
            }
            else if (name == "ThenInclude" && current is not null && LambdaPath(argument) is { } next)
            {
                current.Path.AddRange(next);
                current.Last = invocation;
            }
            else
            {
                current = null;
            }
        }

        return chains;
    }

    /// <summary><c>b => b.Posts</c>, <c>b => b.Blog.Owner</c>, <c>b => b.Posts.Where(..)</c> → member names.</summary>
    private static List<string>? LambdaPath(ExpressionSyntax? argument)
    {
        if (argument is not SimpleLambdaExpressionSyntax { ExpressionBody: { } body } lambda)
        {
            return null;
        }

        while (body is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax call })
        {
            body = call.Expression;
        }

        var names = new List<string>();
        while (body is MemberAccessExpressionSyntax access)
        {
            names.Insert(0, access.Name.Identifier.ValueText);
            body = access.Expression;
        }

        return body is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == lambda.Parameter.Identifier.ValueText && names.Count > 0
            ? names
            : null;
    }

    private static bool StartsWith(IReadOnlyList<string> path, IReadOnlyList<string> prefix)
    {
        if (prefix.Count > path.Count)
        {
            return false;
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            if (!string.Equals(path[i], prefix[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>target.Include(..).ThenInclude(..)</c>, one call per line when the chain is written one call per line.</summary>
    private static ExpressionSyntax Append(ExpressionSyntax target, List<(string Name, string Lambda)> calls)
    {
        var trailing = target.GetTrailingTrivia();
        var multiline = trailing.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) && target.Parent is MemberAccessExpressionSyntax;
        var indentation = multiline ? ((MemberAccessExpressionSyntax)target.Parent!).OperatorToken.LeadingTrivia : SyntaxTriviaList.Empty;
        var lineBreak = trailing.FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));

        var expression = target.WithoutTrailingTrivia();
        foreach (var (name, lambda) in calls)
        {
            var dot = SyntaxFactory.Token(SyntaxKind.DotToken);
            if (multiline)
            {
                expression = expression.WithTrailingTrivia(lineBreak);
                dot = dot.WithLeadingTrivia(indentation);
            }

            expression = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression, dot, SyntaxFactory.IdentifierName(name)),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(lambda)))));
        }

        return expression.WithTrailingTrivia(trailing);
    }

    /// <summary>A lambda parameter name for an entity type: its initial (b for Blog), or x/e/... when that is in scope at the position.</summary>
    public static string ParameterName(SemanticModel? model, int position, string typeName, ISet<string> taken) =>
        LambdaNames.Choose(model, position, LambdaNames.Initial(typeName), taken);

    /// <summary>Adds the path to every query root (each way the loop's query was built), then the EF Core using.</summary>
    public static async Task<Document> AddIncludesAsync(Document document, ImmutableArray<SyntaxNode> roots, string[] path, string[] types, CancellationToken cancellationToken, SyntaxNode? removeStatement = null)
    {
        var syntaxRoot = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (syntaxRoot is null || path.Length != types.Length || roots.Any(r => r is not ExpressionSyntax))
        {
            return document;
        }

        // lambda parameter names, chosen against the scope at each root before anything moves
        var names = roots.Select(r =>
        {
            var taken = new HashSet<string>();
            return types.Select(t => ParameterName(model, r.SpanStart, t, taken)).ToArray();
        }).ToArray();

        var tracked = removeStatement is null ? roots : roots.Add(removeStatement);
        syntaxRoot = syntaxRoot.TrackNodes(tracked);
        if (removeStatement is not null && syntaxRoot.GetCurrentNode(removeStatement) is { } statement)
        {
            // the statement (and a comment about it) goes: the include replaces it
            syntaxRoot = syntaxRoot.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia)!;
        }

        for (var i = 0; i < roots.Length; i++)
        {
            if (syntaxRoot.GetCurrentNode(roots[i]) is ExpressionSyntax current)
            {
                syntaxRoot = AddInclude(syntaxRoot, current, path, names[i]);
            }
        }

        if (syntaxRoot is CompilationUnitSyntax unit)
        {
            syntaxRoot = SyntaxEditing.EnsureUsing(unit, "Microsoft.EntityFrameworkCore", unit.GetCurrentNode(roots[0]));
        }

        return document.WithSyntaxRoot(syntaxRoot);
    }
}
