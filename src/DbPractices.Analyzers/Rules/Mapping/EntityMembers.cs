namespace DbPractices.Analyzers.Rules.Mapping;

/// <summary>Shared by the model rules that report on an entity's property from the property's own symbol action.</summary>
internal static class EntityMembers
{
    public static bool IsSame(IPropertySymbol a, IPropertySymbol b) =>
        SymbolEqualityComparer.Default.Equals(a.OriginalDefinition, b.OriginalDefinition);
}
