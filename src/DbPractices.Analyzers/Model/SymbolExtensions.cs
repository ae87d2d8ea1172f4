using System.Text;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPractices.Analyzers.Model;

internal static class SymbolExtensions
{
    public static bool InheritsFrom(this ITypeSymbol type, INamedTypeSymbol baseType)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsOrInheritsFrom(this ITypeSymbol type, INamedTypeSymbol baseType) =>
        SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, baseType) || type.InheritsFrom(baseType);

    public static bool HasAttribute(this ISymbol symbol, INamedTypeSymbol? attribute) =>
        attribute is not null && symbol.GetAttribute(attribute) is not null;

    public static AttributeData? GetAttribute(this ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null || !MayHaveAttribute(symbol, attribute.Name))
        {
            return null;
        }

        foreach (var data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return data;
            }
        }

        return null;
    }

    /// <summary>
    /// False when no declaration of the source type writes a base list: it then derives from object and implements
    /// nothing, so it is neither a DbContext nor a configuration class, and its base list need not be bound.
    /// Types from metadata, and declarations of unknown shape, answer true.
    /// </summary>
    public static bool MayHaveBaseList(this INamedTypeSymbol type)
    {
        var references = type.DeclaringSyntaxReferences;
        if (references.IsEmpty)
        {
            return true;
        }

        foreach (var reference in references)
        {
            if (reference.GetSyntax() is not BaseTypeDeclarationSyntax declaration || declaration.BaseList is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// False when no attribute written on the symbol's declarations can be <paramref name="attributeName"/>
    /// (compared by the attribute's simple name, with or without the "Attribute" suffix). Binding a symbol's
    /// attributes is the costliest part of reading a model on every new compilation (every keystroke in the
    /// IDE); most properties carry no attribute at all, and most attributes are not the one asked for.
    /// Symbols from metadata, and declarations of unknown shape, always answer true. Not seen through: a
    /// <c>using</c> alias that renames the attribute.
    /// </summary>
    public static bool MayHaveAttribute(this ISymbol symbol, string attributeName)
    {
        var references = symbol.DeclaringSyntaxReferences;
        if (references.IsEmpty)
        {
            return true;
        }

        var shortName = attributeName.EndsWith("Attribute", System.StringComparison.Ordinal)
            ? attributeName.Substring(0, attributeName.Length - "Attribute".Length)
            : attributeName;
        foreach (var reference in references)
        {
            var syntax = reference.GetSyntax();
            SyntaxList<AttributeListSyntax> lists;
            switch (syntax)
            {
                case MemberDeclarationSyntax member:
                    lists = member.AttributeLists;
                    break;
                case ParameterSyntax parameter:
                    lists = parameter.AttributeLists;
                    break;
                case VariableDeclaratorSyntax { Parent.Parent: MemberDeclarationSyntax field }:
                    lists = field.AttributeLists;
                    break;
                default:
                    return true;
            }

            foreach (var list in lists)
            {
                foreach (var attribute in list.Attributes)
                {
                    var name = attribute.ShortName();
                    if (name is null || name == shortName)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The name an attribute is written with, without namespace, alias or <c>Attribute</c> suffix ("Index" for
    /// <c>[Microsoft.EntityFrameworkCore.IndexAttribute]</c>); null for a shape it cannot read.
    /// </summary>
    public static string? ShortName(this AttributeSyntax attribute)
    {
        var name = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };

        const string suffix = "Attribute";
        return name is not null && name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal)
            ? name.Substring(0, name.Length - suffix.Length)
            : name;
    }

    /// <summary>
    /// A stable key for a type that survives across compilations (the per-tree caches store facts by
    /// it): namespace + metadata name, nested types joined by '+'. Built without display formatting.
    /// </summary>
    public static string GetTypeKey(this ITypeSymbol type)
    {
        var builder = new StringBuilder();
        Append(builder, type.OriginalDefinition);
        return builder.ToString();

        static void Append(StringBuilder sb, ISymbol symbol)
        {
            if (symbol.ContainingType is { } outer)
            {
                Append(sb, outer);
                sb.Append('+');
            }
            else if (symbol.ContainingNamespace is { IsGlobalNamespace: false } ns)
            {
                AppendNamespace(sb, ns);
                sb.Append('.');
            }

            sb.Append(symbol.MetadataName);
        }

        static void AppendNamespace(StringBuilder sb, INamespaceSymbol ns)
        {
            if (ns.ContainingNamespace is { IsGlobalNamespace: false } parent)
            {
                AppendNamespace(sb, parent);
                sb.Append('.');
            }

            sb.Append(ns.Name);
        }
    }

    /// <summary>Unwraps <c>Nullable&lt;T&gt;</c>.</summary>
    public static ITypeSymbol UnwrapNullable(this ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : type;

    /// <summary>Instance properties of the type and its base types, most derived first, hidden ones skipped.</summary>
    public static System.Collections.Generic.IEnumerable<IPropertySymbol> GetInstanceProperties(this ITypeSymbol type)
    {
        var seen = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, IsIndexer: false } property && seen.Add(property.Name))
                {
                    yield return property;
                }
            }
        }
    }

    /// <summary>The type or one of its base types has this simple name (options read from syntax name their context only by name).</summary>
    public static bool IsOrDerivesFromName(this ITypeSymbol type, string name)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == name)
            {
                return true;
            }
        }

        return false;
    }
}
