using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using DbPractices.Analyzers.Model;

namespace DbPractices.Analyzers.Rules.Model;

/// <summary>Shared by the model rules that report on an entity's property from the property's own symbol action.</summary>
internal static class EntityMembers
{
    /// <summary>
    /// The entities a source property belongs to: its containing entity, or every entity deriving from the
    /// unmapped base class that declares it. Empty for properties of non-entity types.
    /// </summary>
    public static IEnumerable<EntityModel> EntitiesOf(EfModel model, IPropertySymbol property)
    {
        if (property.IsStatic || property.IsIndexer || property.ContainingType is not { TypeKind: TypeKind.Class } containing ||
            property.Locations.Length == 0 || !property.Locations[0].IsInSource)
        {
            yield break;
        }

        if (model.GetEntity(containing) is { } entity)
        {
            yield return entity;
            yield break;
        }

        foreach (var derived in model.GetEntitiesDerivingFromUnmappedBase(containing))
        {
            yield return derived;
        }
    }

    public static bool IsSame(IPropertySymbol a, IPropertySymbol b) =>
        SymbolEqualityComparer.Default.Equals(a.OriginalDefinition, b.OriginalDefinition);
}
