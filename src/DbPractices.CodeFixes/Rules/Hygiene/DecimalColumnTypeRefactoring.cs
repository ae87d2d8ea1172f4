using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CodeRefactorings;

namespace DbPractices.CodeFixes.Rules.Hygiene;

/// <summary>
/// DBP019's companion refactoring: <c>HasColumnType("decimal(18, 2)")</c> → <c>HasPrecision(18, 2)</c> on a decimal
/// property, which states the same facet without tying the model to one provider's type name. A refactoring
/// (offered on the call, never reported) because the column type is not wrong, only less portable.
/// </summary>
[ExportCodeRefactoringProvider(LanguageNames.CSharp, Name = nameof(DecimalColumnTypeRefactoring))]
public sealed class DecimalColumnTypeRefactoring : CodeRefactoringProvider
{
    public const string EquivalenceKey = "DBP019.HasPrecision";

    private static readonly Regex DecimalType = new(@"^\s*(?:decimal|numeric|dec)\s*\(\s*(\d{1,2})\s*(?:,\s*(\d{1,2})\s*)?\)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public override async Task ComputeRefactoringsAsync(CodeRefactoringContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not
            {
                Expression: MemberAccessExpressionSyntax { Name: IdentifierNameSyntax { Identifier.ValueText: "HasColumnType" } name },
                ArgumentList.Arguments: { Count: 1 } arguments,
            } invocation ||
            arguments[0].Expression is not LiteralExpressionSyntax literal || !literal.IsKind(SyntaxKind.StringLiteralExpression) ||
            DecimalType.Match(literal.Token.ValueText) is not { Success: true } match)
        {
            return;
        }

        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var receiver = semanticModel?.GetTypeInfo(((MemberAccessExpressionSyntax)invocation.Expression).Expression, context.CancellationToken).Type;
        // PropertyBuilder<decimal> / PropertyBuilder<decimal?> (HasPrecision exists since EF Core 5)
        if (receiver is not INamedTypeSymbol { Name: "PropertyBuilder", TypeArguments.Length: 1 } builder ||
            !IsDecimal(builder.TypeArguments[0]) ||
            (builder.GetMembers("HasPrecision").IsEmpty && !HasPrecisionInBase(builder)))
        {
            return;
        }

        var precision = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var scale = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : (int?)null;
        if (precision < 1 || precision > 38 || scale > precision)
        {
            return;
        }

        var text = scale is { } s ? $"HasPrecision({precision}, {s})" : $"HasPrecision({precision})";
        context.RegisterRefactoring(CodeAction.Create(
            $"Use {text}",
            _ =>
            {
                var newArguments = SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(
                    new[] { precision }.Concat(scale is { } sc ? new[] { sc } : System.Array.Empty<int>())
                        .Select(v => SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(v))))))
                    .WithTriviaFrom(invocation.ArgumentList);
                var newInvocation = invocation
                    .ReplaceNode(name, SyntaxFactory.IdentifierName("HasPrecision").WithTriviaFrom(name))
                    .WithArgumentList(newArguments);
                return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(invocation, newInvocation)));
            },
            EquivalenceKey));
    }

    private static bool IsDecimal(ITypeSymbol type) =>
        (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type).SpecialType == SpecialType.System_Decimal;

    private static bool HasPrecisionInBase(ITypeSymbol type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (!t.GetMembers("HasPrecision").IsEmpty)
            {
                return true;
            }
        }

        return false;
    }
}
