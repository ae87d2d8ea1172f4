namespace DbPractices.Analyzers.Model;

internal static class NavigationTypes
{
    /// <summary>
    /// The entity type a property of this type would navigate to: a class outside the framework, or the
    /// element type of a collection of such classes; null for scalars (string, byte[], primitives, structs).
    /// </summary>
    public static INamedTypeSymbol? GetNavigationTarget(ITypeSymbol type, EfSymbols symbols, out bool isCollection)
    {
        isCollection = false;
        if (IsEntityLike(type))
        {
            return (INamedTypeSymbol)type;
        }

        if (type.SpecialType == SpecialType.System_String || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte })
        {
            return null;
        }

        ITypeSymbol? element = type is IArrayTypeSymbol array ? array.ElementType : null;
        if (element is null && symbols.IEnumerableOfT is { } enumerable)
        {
            if (type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, enumerable))
            {
                element = named.TypeArguments[0];
            }
            else
            {
                foreach (var implemented in type.AllInterfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, enumerable))
                    {
                        element = implemented.TypeArguments[0];
                        break;
                    }
                }
            }
        }

        if (element is not null && IsEntityLike(element))
        {
            isCollection = true;
            return (INamedTypeSymbol)element;
        }

        return null;
    }

    private static bool IsEntityLike(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class } named || named.SpecialType != SpecialType.None || named.IsStatic)
        {
            return false;
        }

        // Framework types (string, Uri, collections, JSON documents, ...) are never entities.
        var ns = named.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is null || ns.IsGlobalNamespace || (ns.Name != "System" && ns.Name != "Microsoft" && ns.Name != "Newtonsoft" && ns.Name != "NetTopologySuite");
    }
}
