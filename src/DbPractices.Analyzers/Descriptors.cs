namespace DbPractices.Analyzers;

internal static class Descriptors
{
    /// <summary>Builds a descriptor whose help link points at <c>docs/rules/ID.md</c>.</summary>
    public static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity severity,
        string description,
        bool enabledByDefault = true,
        params string[] customTags) =>
        new(id, title, messageFormat, category, severity, enabledByDefault, description, RuleIdentifiers.HelpLink(id), customTags);
}
