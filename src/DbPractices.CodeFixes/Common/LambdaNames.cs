namespace DbPractices.CodeFixes.Common;

/// <summary>Names for the lambda parameters fixes write (<c>e =&gt; e.TenantId == tenantId</c>).</summary>
internal static class LambdaNames
{
    private static readonly string[] Defaults = { "e", "x", "entity", "item" };

    /// <summary>
    /// The first of <paramref name="preferred"/> (e.g. the entity's initial), e, x, entity, item, then x1, x2, …
    /// that is not a keyword, not in <paramref name="taken"/> (names the same fix already wrote) and not a
    /// symbol in scope at <paramref name="position"/> (a clash would not compile: CS0136).
    /// </summary>
    public static string Choose(SemanticModel? semanticModel, int position, string? preferred = null, ICollection<string>? taken = null)
    {
        if (preferred is { Length: > 0 } && IsFree(preferred, semanticModel, position, taken))
        {
            return preferred;
        }

        foreach (var name in Defaults)
        {
            if (IsFree(name, semanticModel, position, taken))
            {
                return name;
            }
        }

        for (var i = 1; ; i++)
        {
            var numbered = "x" + i;
            if (IsFree(numbered, semanticModel, position, taken))
            {
                return numbered;
            }
        }
    }

    /// <summary>The lower-case initial of a type name (b for Blog), or null.</summary>
    public static string? Initial(string typeName) =>
        typeName.Length > 0 && char.IsLetter(typeName[0]) ? char.ToLowerInvariant(typeName[0]).ToString() : null;

    private static bool IsFree(string name, SemanticModel? semanticModel, int position, ICollection<string>? taken) =>
        SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None &&
        (taken is null || !taken.Contains(name)) &&
        (semanticModel is null || semanticModel.LookupSymbols(position, name: name).IsEmpty);
}
