using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPractices.Analyzers.Rules.Queries;

/// <summary>
/// A conservative test of whether EF Core can translate a LINQ lambda to SQL, used before suggesting to
/// move an in-memory operator into the query. The rule:
/// <list type="bullet">
/// <item>the lambda is an expression lambda that an expression tree can hold (no <c>?.</c>, <c>is</c> patterns,
/// switch expressions, throw, tuples, <c>with</c>, ranges, collection expressions, out variables, dynamic);</item>
/// <item>every call that depends on a lambda parameter is on a type EF Core translates (string, Math, Convert,
/// date/time types, Guid, Nullable, primitives, LINQ operators, <c>EF.Functions</c>, collection <c>Contains</c>);
/// calls that do not depend on a parameter run on the client before the query (EF Core evaluates them as
/// parameters), so application methods there are fine;</item>
/// <item>every property read from a parameter is mapped: a scalar property or navigation of an entity in the
/// model, or a property of a framework type or an anonymous type (computed and [NotMapped] entity properties fail).</item>
/// </list>
/// </summary>
internal static class Translatability
{
    private static readonly HashSet<string> StringMethods = new(StringComparer.Ordinal)
    {
        "Contains", "StartsWith", "EndsWith", "IndexOf", "Replace", "ToLower", "ToUpper", "Trim", "TrimStart", "TrimEnd",
        "Substring", "IsNullOrEmpty", "IsNullOrWhiteSpace", "Concat", "Equals", "CompareTo", "Compare", "ToString",
    };

    private static readonly HashSet<string> LinqMethods = new(StringComparer.Ordinal)
    {
        "Any", "All", "Count", "LongCount", "Contains", "Sum", "Min", "Max", "Average", "Where", "Select", "First",
        "FirstOrDefault", "Single", "SingleOrDefault", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending",
        "Take", "Skip", "Distinct", "AsQueryable", "AsEnumerable", "ToList", "ToArray", "DefaultIfEmpty",
    };

    /// <param name="finalProjection">A top-level Select: EF Core evaluates constructors and interpolation there on the client.</param>
    public static bool IsTranslatable(IAnonymousFunctionOperation lambda, EfModel model, bool finalProjection, out bool hasTuple)
    {
        hasTuple = false;
        if (lambda.Syntax is not LambdaExpressionSyntax { ExpressionBody: not null } || lambda.Symbol.Parameters.Length != 1)
        {
            return false;
        }

        foreach (var node in lambda.Syntax.DescendantNodes())
        {
            switch (node.Kind())
            {
                case SyntaxKind.ConditionalAccessExpression or SyntaxKind.IsPatternExpression or SyntaxKind.SwitchExpression or
                    SyntaxKind.ThrowExpression or SyntaxKind.WithExpression or SyntaxKind.RangeExpression or SyntaxKind.IndexExpression or
                    SyntaxKind.CollectionExpression or SyntaxKind.DeclarationExpression or SyntaxKind.SimpleAssignmentExpression or
                    SyntaxKind.AnonymousMethodExpression or SyntaxKind.DefaultLiteralExpression or SyntaxKind.ImplicitObjectCreationExpression:
                    return false;
                case SyntaxKind.ParenthesizedLambdaExpression or SyntaxKind.SimpleLambdaExpression when node is LambdaExpressionSyntax { ExpressionBody: null }:
                    return false;
                case SyntaxKind.TupleExpression:
                    // an expression tree cannot hold a tuple literal: still worth reporting for a projection, but not movable as is
                    if (!finalProjection)
                    {
                        return false;
                    }

                    hasTuple = true;
                    break;
            }
        }

        var parameters = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in lambda.Body.DescendantsAndSelf())
        {
            if (operation is IAnonymousFunctionOperation nested)
            {
                foreach (var parameter in nested.Symbol.Parameters)
                {
                    parameters.Add(parameter);
                }
            }
        }

        foreach (var parameter in lambda.Symbol.Parameters)
        {
            parameters.Add(parameter);
        }

        foreach (var operation in lambda.Body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicIndexerAccessOperation or IDynamicObjectCreationOperation:
                    return false;
                case IInvocationOperation invocation when DependsOn(invocation, parameters) && !IsKnownTranslatable(invocation.TargetMethod, model):
                    return false;
                case IInterpolatedStringOperation interpolated when !finalProjection && DependsOn(interpolated, parameters):
                    return false;
                case IObjectCreationOperation creation when !finalProjection && DependsOn(creation, parameters):
                    return false;
                case IBinaryOperation { OperatorMethod: { } userOperator } binary when IsInSource(userOperator) && DependsOn(binary, parameters):
                    return false;
                case IUnaryOperation { OperatorMethod: { } userOperator } unary when IsInSource(userOperator) && DependsOn(unary, parameters):
                    return false;
                case IConversionOperation { OperatorMethod: { } userOperator } conversion when IsInSource(userOperator) && DependsOn(conversion, parameters):
                    return false;
                case IPropertyReferenceOperation property when property.Instance is { } instance && DependsOn(instance, parameters) && !IsMapped(property.Property, model):
                    return false;
                case IFieldReferenceOperation { Instance: { } instance } when DependsOn(instance, parameters):
                    return false;
            }
        }

        return true;
    }

    private static bool DependsOn(IOperation operation, HashSet<IParameterSymbol> parameters)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant is IParameterReferenceOperation reference && parameters.Contains(reference.Parameter))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInSource(IMethodSymbol method) => !method.DeclaringSyntaxReferences.IsEmpty;

    private static bool IsKnownTranslatable(IMethodSymbol method, EfModel model)
    {
        var type = method.ContainingType;
        if (type is null || IsInSource(method))
        {
            return false;
        }

        var definition = type.OriginalDefinition;
        var symbols = model.Symbols;
        if (SymbolEqualityComparer.Default.Equals(definition, symbols.Enumerable) || SymbolEqualityComparer.Default.Equals(definition, symbols.Queryable))
        {
            return LinqMethods.Contains(method.Name);
        }

        if (SymbolEqualityComparer.Default.Equals(definition, symbols.EF))
        {
            return true;
        }

        switch (definition.SpecialType)
        {
            case SpecialType.System_String:
                return StringMethods.Contains(method.Name);
            case SpecialType.System_Object:
                return method.Name is "Equals" or "ToString";
            case SpecialType.System_Nullable_T:
                return method.Name is "GetValueOrDefault" or "Equals" or "ToString";
            case SpecialType.System_Enum:
                return method.Name is "HasFlag" or "ToString";
            case SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte or
                SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32 or
                SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Decimal or SpecialType.System_Single or
                SpecialType.System_Double or SpecialType.System_DateTime:
                return true;
        }

        var ns = definition.ContainingNamespace;
        if (IsNamespace(ns, "System", null, null))
        {
            return definition.Name is "Math" or "MathF" or "Convert" or "DateTimeOffset" or "DateOnly" or "TimeOnly" or "TimeSpan" or "Guid";
        }

        if (IsNamespace(ns, "EntityFrameworkCore", "Microsoft", null))
        {
            // EF.Functions extensions of every provider: DbFunctionsExtensions, SqlServerDbFunctionsExtensions, ...
            return definition.Name.EndsWith("DbFunctionsExtensions", StringComparison.Ordinal);
        }

        // in-memory collections: ids.Contains(e.Id) becomes IN (...)
        return method.Name == "Contains" && IsNamespace(ns, "Generic", "Collections", "System");
    }

    /// <summary>Namespace by its last names, innermost first (no display-string formatting in the hot path).</summary>
    private static bool IsNamespace(INamespaceSymbol? ns, string name, string? parent, string? grandParent)
    {
        if (ns is null || ns.Name != name)
        {
            return false;
        }

        ns = ns.ContainingNamespace;
        if (parent is null)
        {
            return ns is { IsGlobalNamespace: true };
        }

        if (ns is null || ns.Name != parent)
        {
            return false;
        }

        ns = ns.ContainingNamespace;
        if (grandParent is null)
        {
            return ns is { IsGlobalNamespace: true };
        }

        return ns is not null && ns.Name == grandParent && ns.ContainingNamespace is { IsGlobalNamespace: true };
    }

    private static bool IsMapped(IPropertySymbol property, EfModel model)
    {
        var owner = property.ContainingType;
        if (owner is null || owner.IsAnonymousType)
        {
            return true;
        }

        if (model.GetEntity(owner) is { } entity)
        {
            return IsMappedOn(entity, property.Name);
        }

        // a property declared on an unmapped base class of entities (BaseEntity.Id)
        var derived = model.GetEntitiesDerivingFromUnmappedBase(owner);
        if (derived.Count > 0)
        {
            foreach (var e in derived)
            {
                if (!IsMappedOn(e, property.Name))
                {
                    return false;
                }
            }

            return true;
        }

        // framework types (string.Length, DateTime.Year, Nullable.HasValue, List.Count); source types that
        // are not entities (DTOs, complex types the index does not know) are not known to translate
        return owner.DeclaringSyntaxReferences.IsEmpty;
    }

    private static bool IsMappedOn(EntityModel entity, string name)
    {
        for (var e = entity; e is not null; e = e.BaseEntity)
        {
            if (e.IgnoredMembers.Contains(name))
            {
                return false;
            }

            if (e.FindProperty(name) is not null || e.FindNavigation(name) is not null)
            {
                return true;
            }
        }

        return false;
    }
}
