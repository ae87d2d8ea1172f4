using DbPractices.Analyzers.Model;

namespace DbPractices.CodeFixes.Rules.Tenancy;

/// <summary>What both tenant fixers share: the tenant value in scope, and <c>query.Where(e =&gt; e.TenantId == value)</c>.</summary>
internal static class TenantWhere
{
    /// <summary>The tenant key's type on the entity of a <c>DbSet&lt;T&gt;</c>/<c>IQueryable&lt;T&gt;</c> expression.</summary>
    public static ITypeSymbol? GetTenantPropertyType(SemanticModel model, ExpressionSyntax query, string tenantProperty)
    {
        if (model.GetTypeInfo(query).Type is not INamedTypeSymbol { TypeArguments.Length: 1 } queryType)
        {
            return null;
        }

        foreach (var property in queryType.TypeArguments[0].GetInstanceProperties())
        {
            if (property.Name == tenantProperty)
            {
                return property.Type;
            }
        }

        return null;
    }

    /// <summary>
    /// A parameter, local, field or property visible at the position, named for the current tenant and of a
    /// type that compares with the key; locals and parameters first, exact names before "…TenantId".
    /// </summary>
    public static string? FindTenantValue(SemanticModel model, int position, ITypeSymbol tenantType, string tenantProperty)
    {
        var enclosing = model.GetEnclosingSymbol(position);
        var staticContext = IsStaticContext(enclosing);
        ISymbol? best = null;
        var bestRank = int.MaxValue;
        foreach (var symbol in model.LookupSymbols(position))
        {
            var (type, kindRank) = symbol switch
            {
                ILocalSymbol local when IsDeclaredBefore(local, position) => (local.Type, 0),
                IParameterSymbol parameter => (parameter.Type, 0),
                IFieldSymbol { IsImplicitlyDeclared: false } field when field.IsStatic || !staticContext => (field.Type, 2),
                IPropertySymbol { IsIndexer: false, GetMethod: not null } property when property.IsStatic || !staticContext => (property.Type, 2),
                _ => ((ITypeSymbol?)null, 0),
            };

            if (type is null || !TenantConvention.IsTenantValueName(symbol.Name, tenantProperty) ||
                !TenantConvention.IsCompatibleTenantValue(model.Compilation, type, tenantType))
            {
                continue;
            }

            var trimmed = symbol.Name.TrimStart('_');
            var exact = string.Equals(trimmed, "tenantId", StringComparison.OrdinalIgnoreCase) ||
                        string.Equals(trimmed, "currentTenantId", StringComparison.OrdinalIgnoreCase) ||
                        string.Equals(trimmed, tenantProperty, StringComparison.OrdinalIgnoreCase);
            var rank = kindRank + (exact ? 0 : 1);
            if (rank < bestRank || (rank == bestRank && best is not null && string.CompareOrdinal(symbol.Name, best.Name) < 0))
            {
                best = symbol;
                bestRank = rank;
            }
        }

        return best?.Name;
    }

    /// <summary>A lambda parameter name that nothing in scope at the position uses.</summary>
    public static string ChooseParameterName(SemanticModel model, int position) => LambdaNames.Choose(model, position);

    /// <summary><c>query</c> → <c>query.Where(e =&gt; e.TenantId == value)</c>, the query's trivia kept outside.</summary>
    public static ExpressionSyntax AppendWhere(ExpressionSyntax query, string parameter, string tenantProperty, string value)
    {
        var lambda = SyntaxFactory.ParseExpression($"{parameter} => {parameter}.{tenantProperty} == {value}");
        var receiver = query is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
            ? query.WithoutTrivia()
            : SyntaxFactory.ParenthesizedExpression(query.WithoutTrivia());
        return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("Where")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(lambda))))
            .WithTriviaFrom(query);
    }

    /// <summary>Adds <c>using System.Linq;</c> unless the file or a global using already imports it.</summary>
    public static SyntaxNode EnsureLinq(SyntaxNode root, Compilation compilation)
    {
        if (root is not CompilationUnitSyntax unit)
        {
            return root;
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.GetRoot() is CompilationUnitSyntax other &&
                other.Usings.Any(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && u.Alias is null && u.Name?.ToString() is "System.Linq" or "global::System.Linq"))
            {
                return root;
            }
        }

        return SyntaxEditing.EnsureUsing(unit, "System.Linq");
    }

    private static bool IsDeclaredBefore(ILocalSymbol local, int position)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.Span.End > position)
            {
                return false;
            }
        }

        return local.DeclaringSyntaxReferences.Length > 0;
    }

    private static bool IsStaticContext(ISymbol? enclosing)
    {
        for (var symbol = enclosing; symbol is not null; symbol = symbol.ContainingSymbol)
        {
            if (symbol.IsStatic && symbol is IMethodSymbol or IPropertySymbol or IFieldSymbol)
            {
                return true;
            }

            if (symbol is INamedTypeSymbol)
            {
                return false;
            }
        }

        return false;
    }
}
