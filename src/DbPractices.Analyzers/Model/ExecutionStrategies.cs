using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPractices.Analyzers.Model;

/// <summary>
/// Which DbContexts run under a retrying execution strategy: provider options that call <c>EnableRetryOnFailure</c>
/// (<c>UseSqlServer(cs, o =&gt; o.EnableRetryOnFailure())</c>, <c>UseNpgsql(..)</c>, <c>UseMySql(..)</c>, ...) or set a strategy
/// (<c>ExecutionStrategy(..)</c>), in the context's <c>OnConfiguring</c> or in an <c>AddDbContext&lt;T&gt;</c>,
/// <c>AddDbContextPool&lt;T&gt;</c>, <c>AddDbContextFactory&lt;T&gt;</c> or <c>AddPooledDbContextFactory&lt;T&gt;</c> registration.
/// EF Core then rejects a user transaction that is not run inside <c>CreateExecutionStrategy().Execute*</c>.
/// Options elsewhere (a shared helper) are attributed to no context in particular: every context counts as retrying.
/// </summary>
internal static class ExecutionStrategies
{
    /// <summary>True when the context of this type (or a base context) retries, or retrying options exist whose context is unknown.</summary>
    public static bool UsesRetryingStrategy(this EfModel model, ITypeSymbol? contextType)
    {
        var names = model.Root?.RetryingStrategyContexts ?? model.RetryingStrategyContexts;
        foreach (var name in names)
        {
            if (name.Length == 0 || contextType is null or { TypeKind: TypeKind.Interface })
            {
                return true;
            }

            if (contextType.IsOrDerivesFromName(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The simple name of the DbContext whose options an options call configures: the class declaring the enclosing
    /// <c>OnConfiguring</c>, or <c>T</c> of the enclosing <c>AddDbContext&lt;T&gt;(..)</c>-style call; null when unknown.
    /// Read from syntax (the options reader binds nothing).
    /// </summary>
    public static string? ContextNameOf(InvocationExpressionSyntax invocation)
    {
        for (var node = invocation.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Name: GenericNameSyntax { Identifier.ValueText: "AddDbContext" or "AddDbContextPool" or "AddDbContextFactory" or "AddPooledDbContextFactory" } generic },
                }:
                    // AddDbContext<TService, TImplementation>: the context is the implementation; AddDbContextFactory<TContext, TFactory>: the first
                    var arguments = generic.TypeArgumentList.Arguments;
                    return arguments.Count == 0 ? null : SimpleName(generic.Identifier.ValueText.EndsWith("Factory", System.StringComparison.Ordinal) ? arguments[0] : arguments[arguments.Count - 1]);
                case MethodDeclarationSyntax { Identifier.ValueText: "OnConfiguring", Parent: ClassDeclarationSyntax declaration }:
                    return declaration.Identifier.ValueText;
                case MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    private static string? SimpleName(TypeSyntax type) => type switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        QualifiedNameSyntax qualified => SimpleName(qualified.Right),
        AliasQualifiedNameSyntax alias => SimpleName(alias.Name),
        _ => null,
    };
}
