using Microsoft.CodeAnalysis;

namespace DbPractices.CodeFixes.Rules.Queries;

internal static class LambdaNames
{
    private static readonly string[] Candidates = { "e", "x", "entity", "item" };

    /// <summary>A lambda parameter name that nothing in scope at <paramref name="position"/> already uses.</summary>
    public static string Choose(SemanticModel? semanticModel, int position)
    {
        if (semanticModel is null)
        {
            return Candidates[0];
        }

        foreach (var name in Candidates)
        {
            if (semanticModel.LookupSymbols(position, name: name).IsEmpty)
            {
                return name;
            }
        }

        return "row";
    }
}
