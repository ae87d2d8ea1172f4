namespace DbPractices.CodeFixes.Rules.Hygiene;

/// <summary>Adds an attribute to the properties the diagnostics sit on (each property once) and the using it needs.</summary>
internal static class PropertyAttributeFix
{
    public static Task<Solution> ApplyAsync(Solution solution, System.Collections.Generic.IEnumerable<(Location Location, string Attribute)> targets, string usingNamespace, CancellationToken cancellationToken) =>
        HygieneEditing.EditDocumentsAsync(solution, targets, (document, root, items, ct) =>
        {
            var byProperty = items
                .Select(i => (Property: root.FindToken(i.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<PropertyDeclarationSyntax>(), i.Item))
                .Where(i => i.Property is not null)
                .GroupBy(i => i.Property!)
                .ToDictionary(g => g.Key, g => g.First().Item);
            var newRoot = root.ReplaceNodes(byProperty.Keys, (original, _) => HygieneEditing.AddAttribute(original, byProperty[original]));
            if (byProperty.Count > 0 && newRoot is CompilationUnitSyntax unit)
            {
                newRoot = SyntaxEditing.EnsureUsing(unit, usingNamespace);
            }

            return Task.FromResult(newRoot);
        }, cancellationToken);
}
