using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPractices.Analyzers.Model;

/// <summary>
/// Which DbContexts do not track query results by default: <c>UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)</c>
/// (or <c>NoTrackingWithIdentityResolution</c>) in the context's <c>OnConfiguring</c> or its <c>AddDbContext&lt;T&gt;</c>-style
/// registration, or <c>ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking</c> in its constructor.
/// Options whose context is unknown (a shared helper) are attributed to no context: the rules that read this stay silent
/// rather than guess.
/// </summary>
internal static class TrackingDefaults
{
    /// <summary>True when queries on a context of this type (or of a base context) do not track by default.</summary>
    public static bool UsesNoTrackingByDefault(this EfModel model, ITypeSymbol? contextType)
    {
        if (contextType is null)
        {
            return false;
        }

        foreach (var name in model.Root?.NoTrackingContexts ?? model.NoTrackingContexts)
        {
            if (name.Length > 0 && contextType.IsOrDerivesFromName(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>QueryTrackingBehavior.NoTracking</c> or <c>QueryTrackingBehavior.NoTrackingWithIdentityResolution</c> (read by name).</summary>
    public static bool IsNoTracking(ExpressionSyntax value) =>
        value is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "NoTracking" or "NoTrackingWithIdentityResolution" };

    /// <summary>
    /// The context class whose constructor assigns <c>ChangeTracker.QueryTrackingBehavior</c> (or <c>this.ChangeTracker...</c>)
    /// a no-tracking value; null for any other assignment.
    /// </summary>
    public static string? NoTrackingInConstructor(AssignmentExpressionSyntax assignment)
    {
        if (assignment.Left is not MemberAccessExpressionSyntax
            {
                Name.Identifier.ValueText: "QueryTrackingBehavior",
                Expression: IdentifierNameSyntax { Identifier.ValueText: "ChangeTracker" } or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name.Identifier.ValueText: "ChangeTracker" },
            } || !IsNoTracking(assignment.Right))
        {
            return null;
        }

        for (var node = assignment.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case ConstructorDeclarationSyntax { Parent: ClassDeclarationSyntax declaration }:
                    return declaration.Identifier.ValueText;
                case MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return null;
            }
        }

        return null;
    }
}
