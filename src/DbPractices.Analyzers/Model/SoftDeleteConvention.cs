namespace DbPractices.Analyzers.Model;

/// <summary>
/// What marks an entity's rows as soft-deleted: a property named like <c>dbpractices.soft_delete_properties</c>
/// (IsDeleted, DeletedAt) or declared by an interface named like <c>dbpractices.soft_delete_interfaces</c>
/// (ISoftDelete), of a type a filter can test (<see cref="Condition"/>). Read by DBP017 and DBP027.
/// </summary>
internal static class SoftDeleteConvention
{
    public static readonly ImmutableArray<string> DefaultProperties = ImmutableArray.Create("IsDeleted", "DeletedAt");
    public static readonly ImmutableArray<string> DefaultInterfaces = ImmutableArray.Create("ISoftDelete", "ISoftDeletable");

    /// <summary>The entity's soft-delete properties under the options of <paramref name="tree"/>, a bool one first.</summary>
    public static List<IPropertySymbol> Properties(EntityModel entity, AnalyzerOptions options, SyntaxTree tree) =>
        Properties(
            entity,
            Options.GetList(options, tree, Options.SoftDeleteProperties, DefaultProperties),
            Options.GetList(options, tree, Options.SoftDeleteInterfaces, DefaultInterfaces));

    /// <summary>The entity's soft-delete properties, a bool one first (it is the one reported and filtered on).</summary>
    public static List<IPropertySymbol> Properties(EntityModel entity, ImmutableArray<string> names, ImmutableArray<string> interfaces)
    {
        var result = new List<IPropertySymbol>();
        foreach (var property in entity.ScalarProperties)
        {
            if (Condition(property.Type) is not null && !entity.IgnoredMembers.Contains(property.Name) &&
                (names.Contains(property.Name) || DeclaredByInterface(entity.Type, property.Name, interfaces)))
            {
                result.Add(property);
            }
        }

        result.Sort((a, b) => IsBool(b.Type).CompareTo(IsBool(a.Type)));
        return result;
    }

    private static bool IsBool(ITypeSymbol type) => type.SpecialType == SpecialType.System_Boolean;

    private static bool DeclaredByInterface(INamedTypeSymbol type, string property, ImmutableArray<string> interfaces)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (interfaces.Contains(implemented.Name) && !implemented.GetMembers(property).IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The filter condition for a soft-delete property of this type, <c>{0}</c> standing for the lambda parameter.</summary>
    public static string? Condition(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Boolean)
        {
            return "!{0}.{1}";
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            var inner = nullable.TypeArguments[0];
            if (inner.SpecialType == SpecialType.System_Boolean)
            {
                return "{0}.{1} != true";
            }

            if (inner.SpecialType == SpecialType.System_DateTime ||
                inner is { Name: "DateTimeOffset", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return "{0}.{1} == null";
            }
        }

        return null;
    }
}
