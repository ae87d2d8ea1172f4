using System.Text;
using DbPractices.Analyzers.Model;

namespace DbPractices.CodeFixes.Common;

/// <summary>
/// The fix of a member name given as a string (DBP003 <c>RelationshipMemberNamedByStringFixer</c>, DBP004
/// <c>RelationshipStringNamesNoMemberFixer</c>), as the diagnostic's properties (<see cref="RelationshipStrings"/>)
/// describe it: <c>nameof(Type.Member)</c>, the lambda overload (<c>HasForeignKey(p => p.BlogId)</c>), or an
/// <c>Include(b => b.Posts).ThenInclude(p => p.Comments)</c> chain.
/// </summary>
internal static class RelationshipStringFix
{
    /// <summary>Registers, under <paramref name="equivalenceKey"/>, the fix each diagnostic's properties describe.</summary>
    public static async Task RegisterAsync(CodeFixContext context, string equivalenceKey)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(RelationshipStrings.FixKey, out var fix) || fix is null ||
                !diagnostic.Properties.TryGetValue(RelationshipStrings.TypeKey, out var typeKey) || typeKey is null ||
                semanticModel.Compilation.GetTypeByMetadataName(typeKey) is not { } type ||
                root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression)
            {
                continue;
            }

            var member = diagnostic.Properties.TryGetValue(RelationshipStrings.MemberKey, out var m) ? m : null;
            var document = context.Document;
            SyntaxNode? replaced = null;
            SyntaxNode? replacement = null;
            string? title = null;

            switch (fix)
            {
                case RelationshipStrings.NameofFix when member is not null:
                    replaced = expression;
                    replacement = Nameof(semanticModel, expression, type, member).WithTriviaFrom(expression);
                    title = $"Use {replacement}";
                    break;
                case RelationshipStrings.LambdaFix when member is not null && expression.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } invocation:
                    var parameter = ParameterName(semanticModel, invocation, type);
                    var lambda = SyntaxFactory.ParseExpression($"{parameter} => {parameter}.{member}");
                    var newInvocation = invocation.WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(lambda))).WithTriviaFrom(invocation.ArgumentList));
                    if (invocation.Expression is MemberAccessExpressionSyntax { Name: GenericNameSyntax { Identifier.ValueText: "Property" } generic } access)
                    {
                        // Property<T>("X") → Property(e => e.X): the lambda carries the property's own type
                        newInvocation = newInvocation.WithExpression(access.WithName(SyntaxFactory.IdentifierName(generic.Identifier)));
                    }

                    replaced = invocation;
                    replacement = newInvocation;
                    title = $"Use the lambda overload ({parameter} => {parameter}.{member})";
                    break;
                case RelationshipStrings.IncludeFix when diagnostic.Properties.TryGetValue(RelationshipStrings.PathKey, out var path) && path is not null &&
                                                                 expression.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } include &&
                                                                 include.Expression is MemberAccessExpressionSyntax includeAccess:
                    replaced = include;
                    replacement = BuildInclude(semanticModel, include, includeAccess, type, path);
                    title = $"Use Include(..){(path.Contains('.') ? ".ThenInclude(..)" : string.Empty)} with lambdas";
                    break;
            }

            if (replaced is null || replacement is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(title!, ct => ReplaceAsync(document, replaced, replacement, ct), equivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode oldNode, SyntaxNode newNode, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(oldNode, newNode));
    }

    /// <summary><c>nameof(Member)</c> inside the type itself, else <c>nameof(Type.Member)</c> with the type as it can be written there.</summary>
    private static ExpressionSyntax Nameof(SemanticModel semanticModel, SyntaxNode at, INamedTypeSymbol type, string member)
    {
        var containing = semanticModel.GetEnclosingSymbol(at.SpanStart)?.ContainingType;
        if (at.FirstAncestorOrSelf<AttributeSyntax>() is { } attribute && attribute.Parent?.Parent is TypeDeclarationSyntax declaration)
        {
            containing = semanticModel.GetDeclaredSymbol(declaration);
        }
        else if (at.FirstAncestorOrSelf<AttributeSyntax>() is not null && at.FirstAncestorOrSelf<MemberDeclarationSyntax>()?.Parent is TypeDeclarationSyntax owner)
        {
            containing = semanticModel.GetDeclaredSymbol(owner);
        }

        var inside = false;
        for (var t = containing; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, type.OriginalDefinition))
            {
                inside = true;
                break;
            }
        }

        var text = inside ? member : type.ToMinimalDisplayString(semanticModel, at.SpanStart) + "." + member;
        return SyntaxFactory.ParseExpression($"nameof({text})");
    }

    private static ExpressionSyntax BuildInclude(SemanticModel semanticModel, InvocationExpressionSyntax include, MemberAccessExpressionSyntax access, INamedTypeSymbol root, string path)
    {
        var segments = path.Split('.');
        var builder = new StringBuilder();
        INamedTypeSymbol? type = root;
        var used = new HashSet<string>();
        for (var i = 0; i < segments.Length; i++)
        {
            var parameter = type is null ? "x" : ParameterName(semanticModel, include, type, used);
            used.Add(parameter);
            builder.Append(i == 0 ? "Include" : ".ThenInclude").Append('(').Append(parameter).Append(" => ").Append(parameter).Append('.').Append(segments[i]).Append(')');
            type = type is null ? null : NextType(semanticModel, type, segments[i]);
        }

        var receiver = access.Expression;
        var text = receiver.ToFullString() + access.OperatorToken.ToFullString() + builder;
        return SyntaxFactory.ParseExpression(text).WithTriviaFrom(include);
    }

    private static INamedTypeSymbol? NextType(SemanticModel semanticModel, INamedTypeSymbol type, string member)
    {
        var symbol = RelationshipStrings.FindMember(type, member);
        var memberType = symbol switch
        {
            IPropertySymbol p => p.Type,
            IFieldSymbol f => f.Type,
            _ => null,
        };
        if (memberType is null || EfSymbols.For(semanticModel.Compilation) is not { } symbols)
        {
            return null;
        }

        return NavigationTypes.GetNavigationTarget(memberType, symbols, out _);
    }

    /// <summary>The type's initial in lower case (b for Blog), unless that name is taken where the lambda goes.</summary>
    private static string ParameterName(SemanticModel semanticModel, SyntaxNode at, INamedTypeSymbol type, HashSet<string>? used = null) =>
        LambdaNames.Choose(semanticModel, at.SpanStart, LambdaNames.Initial(type.Name), used);
}
