using System.Text;

namespace DbPractices.CodeFixes.Rules.Queries;

/// <summary>
/// DBP013 and EF Core's EF1003 (which ships no fix): rewrite <c>FromSqlRaw(text)</c> to <c>FromSql($"...")</c>
/// (<c>ExecuteSql</c>, <c>ExecuteSqlAsync</c>, <c>SqlQuery</c>; <c>FromSqlInterpolated</c>/<c>ExecuteSqlInterpolated</c>
/// where the referenced EF Core has no <c>FromSql(FormattableString)</c>, i.e. EF Core 6) when the text is one
/// interpolated string or one concatenation: each value becomes a parameter.
/// No fix where a parameter cannot stand: a value in an identifier or list position (after FROM/JOIN/INTO/
/// UPDATE/TABLE/BY/SELECT, next to quotes, brackets or a dot, inside IN (...)), a constant value (it is
/// SQL text, not a value), a format or alignment clause, extra arguments besides a cancellation token.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RawSqlFromNonConstantTextFixer))]
public sealed class RawSqlFromNonConstantTextFixer : GuardedCodeFixProvider
{
    public const string EquivalenceKey = "DBP013.Parameterize";

    /// <summary>EF Core's "string concatenation in raw queries" diagnostic (EF Core 10+), for which EF Core offers no fix.</summary>
    public const string EfCoreConcatenationId = "EF1003";

    private static readonly string[] IdentifierKeywords = { "FROM", "JOIN", "INTO", "UPDATE", "TABLE", "BY", "SELECT", "EXEC", "EXECUTE" };

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.RawSqlFromNonConstantText, EfCoreConcatenationId);

    protected override FixAllProvider CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (TryCreateReplacement(root, semanticModel, diagnostic, context.CancellationToken) is not { } replacement)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use {replacement.NewName} with parameters",
                    _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(replacement.Invocation, replacement.NewInvocation))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private sealed class Replacement
    {
        public Replacement(InvocationExpressionSyntax invocation, InvocationExpressionSyntax newInvocation, string newName)
        {
            Invocation = invocation;
            NewInvocation = newInvocation;
            NewName = newName;
        }

        public InvocationExpressionSyntax Invocation { get; }

        public InvocationExpressionSyntax NewInvocation { get; }

        public string NewName { get; }
    }

    private static Replacement? TryCreateReplacement(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var name = node.FirstAncestorOrSelf<SimpleNameSyntax>();
        if (name?.Parent is not MemberAccessExpressionSyntax access || access.Name != name ||
            access.Parent is not InvocationExpressionSyntax invocation || invocation.ArgumentList.Arguments.Count == 0 ||
            semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol { ReducedFrom: not null } method)
        {
            return null;
        }

        var arguments = invocation.ArgumentList.Arguments;
        var sqlArgument = arguments[0];
        if (sqlArgument.NameColon is { } nameColon && nameColon.Name.Identifier.ValueText != "sql")
        {
            return null;
        }

        // only a trailing CancellationToken may stay beside the text (ExecuteSqlRawAsync(sql, ct))
        for (var i = 1; i < arguments.Count; i++)
        {
            if (method.Name != "ExecuteSqlRawAsync" ||
                semanticModel.GetTypeInfo(arguments[i].Expression, cancellationToken).ConvertedType is not { Name: "CancellationToken" })
            {
                return null;
            }
        }

        var newName = NewMethodName(method, semanticModel.Compilation);
        if (newName is null)
        {
            return null;
        }

        var interpolation = sqlArgument.Expression switch
        {
            InterpolatedStringExpressionSyntax interpolated when IsParameterizable(interpolated, semanticModel, cancellationToken) => interpolated,
            BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression) => FromConcatenation(binary, semanticModel, cancellationToken),
            _ => null,
        };
        if (interpolation is null)
        {
            return null;
        }

        var newArgument = sqlArgument.WithExpression(interpolation.WithTriviaFrom(sqlArgument.Expression));
        var identifier = SyntaxFactory.Identifier(newName).WithTriviaFrom(name.Identifier);
        SimpleNameSyntax newNameSyntax = name is GenericNameSyntax generic ? generic.WithIdentifier(identifier) : SyntaxFactory.IdentifierName(identifier);
        var newInvocation = invocation
            .WithExpression(access.WithName(newNameSyntax))
            .WithArgumentList(invocation.ArgumentList.WithArguments(arguments.Replace(sqlArgument, newArgument)));
        return new Replacement(invocation, newInvocation, newName);
    }

    /// <summary>FromSql/ExecuteSql/ExecuteSqlAsync/SqlQuery (EF Core 7+), else the *Interpolated forms (EF Core 6).</summary>
    private static string? NewMethodName(IMethodSymbol method, Compilation compilation)
    {
        var (modern, legacy) = method.Name switch
        {
            "FromSqlRaw" => ("FromSql", "FromSqlInterpolated"),
            "ExecuteSqlRaw" => ("ExecuteSql", "ExecuteSqlInterpolated"),
            "ExecuteSqlRawAsync" => ("ExecuteSqlAsync", "ExecuteSqlInterpolatedAsync"),
            "SqlQueryRaw" => ("SqlQuery", (string?)null),
            _ => ((string?)null, (string?)null),
        };
        if (modern is null)
        {
            return null;
        }

        var type = method.ReducedFrom!.ContainingType;
        if (HasFormattableOverload(type, modern))
        {
            return modern;
        }

        return legacy is not null && HasFormattableOverload(type, legacy) ? legacy : null;
    }

    private static bool HasFormattableOverload(INamedTypeSymbol type, string name) =>
        type.GetMembers(name).OfType<IMethodSymbol>().Any(m => m.Parameters.Length > 1 && m.Parameters[1].Type.Name == "FormattableString");

    private static bool IsParameterizable(InterpolatedStringExpressionSyntax interpolated, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var before = new StringBuilder();
        var contents = interpolated.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            switch (contents[i])
            {
                case InterpolatedStringTextSyntax text:
                    before.Append(text.TextToken.ValueText);
                    break;
                case InterpolationSyntax hole:
                    var after = i + 1 < contents.Count && contents[i + 1] is InterpolatedStringTextSyntax next ? next.TextToken.ValueText : "";
                    if (hole.AlignmentClause is not null || hole.FormatClause is not null ||
                        !IsValuePosition(before.ToString(), after) || !IsValue(hole.Expression, semanticModel, cancellationToken))
                    {
                        return false;
                    }

                    before.Clear();
                    break;
            }
        }

        return true;
    }

    private static InterpolatedStringExpressionSyntax? FromConcatenation(BinaryExpressionSyntax concatenation, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var parts = new List<ExpressionSyntax>();
        if (!Flatten(concatenation, semanticModel, parts, cancellationToken))
        {
            return null;
        }

        var text = new StringBuilder("$\"");
        var pendingText = new StringBuilder();
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i] is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                pendingText.Append(literal.Token.ValueText);
                text.Append(Escape(literal.Token.ValueText));
                continue;
            }

            var after = new StringBuilder();
            for (var j = i + 1; j < parts.Count && parts[j] is LiteralExpressionSyntax next && next.IsKind(SyntaxKind.StringLiteralExpression); j++)
            {
                after.Append(next.Token.ValueText);
            }

            if (!IsValuePosition(pendingText.ToString(), after.ToString()) || !IsValue(parts[i], semanticModel, cancellationToken))
            {
                return null;
            }

            pendingText.Clear();
            var expression = parts[i].WithoutTrivia();
            var hole = expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ThisExpressionSyntax
                ? expression.ToString()
                : "(" + expression + ")";
            text.Append('{').Append(hole).Append('}');
        }

        text.Append('"');
        return SyntaxFactory.ParseExpression(text.ToString()) as InterpolatedStringExpressionSyntax;
    }

    /// <summary>Leaves of a string concatenation, left to right, through parentheses of string-typed sub-concatenations.</summary>
    private static bool Flatten(ExpressionSyntax expression, SemanticModel semanticModel, List<ExpressionSyntax> parts, CancellationToken cancellationToken)
    {
        var unwrapped = expression;
        while (unwrapped is ParenthesizedExpressionSyntax parenthesized)
        {
            unwrapped = parenthesized.Expression;
        }

        if (unwrapped is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.AddExpression) &&
            semanticModel.GetTypeInfo(binary, cancellationToken).Type?.SpecialType == SpecialType.System_String)
        {
            return Flatten(binary.Left, semanticModel, parts, cancellationToken) && Flatten(binary.Right, semanticModel, parts, cancellationToken);
        }

        if (unwrapped is InterpolatedStringExpressionSyntax)
        {
            return false;
        }

        parts.Add(unwrapped);
        return true;
    }

    /// <summary>A value that a parameter can carry: not a constant (constants are SQL text), not a joined list.</summary>
    private static bool IsValue(ExpressionSyntax expression, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (semanticModel.GetConstantValue(expression, cancellationToken).HasValue)
        {
            return false;
        }

        return semanticModel.GetSymbolInfo(expression, cancellationToken).Symbol is not IMethodSymbol { Name: "Join" or "Concat" or "Format", ContainingType.SpecialType: SpecialType.System_String };
    }

    /// <summary>False where the SQL around a hole expects an identifier, a quoted literal or a list.</summary>
    private static bool IsValuePosition(string before, string after)
    {
        var trimmedBefore = before.TrimEnd();
        var trimmedAfter = after.TrimStart();
        if (trimmedBefore.Length > 0)
        {
            var last = trimmedBefore[trimmedBefore.Length - 1];
            if (last is '.' or '[' or '"' or '`' or '\'' ||
                (last == '(' && EndsWithWord(trimmedBefore.Substring(0, trimmedBefore.Length - 1).TrimEnd(), "IN")))
            {
                return false;
            }
        }

        if (trimmedAfter.Length > 0 && trimmedAfter[0] is '.' or ']' or '"' or '`' or '\'')
        {
            return false;
        }

        foreach (var keyword in IdentifierKeywords)
        {
            if (EndsWithWord(trimmedBefore, keyword))
            {
                return false;
            }
        }

        return true;
    }

    private static bool EndsWithWord(string text, string word) =>
        text.EndsWith(word, StringComparison.OrdinalIgnoreCase) &&
        (text.Length == word.Length || !char.IsLetterOrDigit(text[text.Length - word.Length - 1]));

    private static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '{' => "{{",
                '}' => "}}",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
