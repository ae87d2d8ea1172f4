using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPractices.Analyzers.Query;

/// <summary>
/// The one definition of a query root (RULES.md "Conventions used below"), shared by every query rule:
/// <list type="bullet">
/// <item>any expression of type <c>DbSet&lt;T&gt;</c>, whatever declares it (a <c>DbContext</c>, an interface such as
/// <c>IApplicationDbContext</c>, a base class, a generic <c>TContext</c>, a field or parameter);</item>
/// <item><c>x.Set&lt;T&gt;()</c> on any of those (any generic <c>Set</c> method returning a <c>DbSet</c>);</item>
/// <item>a method or property of the same compilation returning <c>IQueryable&lt;T&gt;</c> whose body builds it from such a
/// root (a repository's <c>Query()</c>, <c>GetQuery()</c>, <c>Table</c>): the operators its body applies are
/// inherited by every use.</item>
/// </list>
/// Locals are not roots: <see cref="QuerySources"/> follows them to their assignments.
/// Whether a member is such a helper is decided once per compilation and member (cached).
/// </summary>
internal static class QueryRoots
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<ISymbol, RootMember>> Cache = new();

    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<ITypeSymbol, bool>> ContextTypes = new();

    [ThreadStatic]
    private static HashSet<ISymbol>? InProgress;

    /// <summary>
    /// A type code uses as a context: a <c>DbContext</c>, or an interface/class exposing <c>DbSet&lt;T&gt;</c> properties or a
    /// generic <c>Set&lt;T&gt;()</c> returning one (<c>IApplicationDbContext</c>), itself or through a base type or interface.
    /// Answered once per compilation and type.
    /// </summary>
    public static bool IsContextType(ITypeSymbol? type, EfSymbols symbols)
    {
        if (type is null)
        {
            return false;
        }

        if (type is ITypeParameterSymbol parameter)
        {
            foreach (var constraint in parameter.ConstraintTypes)
            {
                if (IsContextType(constraint, symbols))
                {
                    return true;
                }
            }

            return false;
        }

        if (symbols.IsDbContext(type))
        {
            return true;
        }

        var cache = ContextTypes.GetValue(symbols.Compilation, _ => new ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default));
        return cache.GetOrAdd(type.OriginalDefinition, t => ExposesDbSets(t, symbols));
    }

    private static bool ExposesDbSets(ITypeSymbol type, EfSymbols symbols)
    {
        if (symbols.DbSet is null)
        {
            return false;
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            if (DeclaresDbSet(t, symbols))
            {
                return true;
            }
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (DeclaresDbSet(implemented, symbols))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DeclaresDbSet(ITypeSymbol type, EfSymbols symbols)
    {
        foreach (var member in type.GetMembers())
        {
            var memberType = member switch
            {
                IPropertySymbol { IsStatic: false } property => property.Type,
                IMethodSymbol { Name: "Set", IsGenericMethod: true, IsStatic: false } method => method.ReturnType,
                _ => null,
            };

            if (memberType is not null && symbols.GetDbSetElementType(memberType) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A member that builds a query from a root: the operators its body applies, root first.</summary>
    internal sealed class RootMember
    {
        public static readonly RootMember None = new(false, ImmutableArray<IInvocationOperation>.Empty);

        public RootMember(bool isRoot, ImmutableArray<IInvocationOperation> operators)
        {
            IsRoot = isRoot;
            Operators = operators;
        }

        public bool IsRoot { get; }

        /// <summary>Operators applied inside the member's body (another method, maybe another file), root first.</summary>
        public ImmutableArray<IInvocationOperation> Operators { get; }
    }

    /// <summary>
    /// True when <paramref name="operation"/> is a query root; <paramref name="entityType"/> is its element type when that
    /// is a named type (null for a type parameter, only accepted when <paramref name="allowTypeParameters"/>).
    /// <paramref name="inherited"/> holds the operators a repository helper's body applies (empty otherwise).
    /// </summary>
    public static bool TryGet(
        IOperation? operation,
        EfSymbols symbols,
        bool allowTypeParameters,
        CancellationToken cancellationToken,
        out INamedTypeSymbol? entityType,
        out ImmutableArray<IInvocationOperation> inherited)
    {
        entityType = null;
        inherited = ImmutableArray<IInvocationOperation>.Empty;
        operation = operation.WalkDownConversions();
        if (operation is null || operation is ILocalReferenceOperation)
        {
            return false;
        }

        if (symbols.GetDbSetElementType(operation.Type) is { } element)
        {
            if (operation is not (IPropertyReferenceOperation or IFieldReferenceOperation or IParameterReferenceOperation or IInvocationOperation))
            {
                return false;
            }

            entityType = element as INamedTypeSymbol;
            return entityType is not null || (allowTypeParameters && element is ITypeParameterSymbol);
        }

        if (GetQueryableElement(operation.Type, symbols) is not INamedTypeSymbol queryElement)
        {
            return false;
        }

        ISymbol? member = operation switch
        {
            IInvocationOperation invocation when !QueryOperators.IsQueryMethod(invocation.TargetMethod, symbols) => invocation.TargetMethod,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };

        if (member is null)
        {
            return false;
        }

        var helper = GetRootMember(member, symbols, cancellationToken);
        if (!helper.IsRoot)
        {
            return false;
        }

        entityType = queryElement;
        inherited = helper.Operators;
        return true;
    }

    /// <summary>T of <c>IQueryable&lt;T&gt;</c> (the declared type itself, not a type implementing it).</summary>
    private static ITypeSymbol? GetQueryableElement(ITypeSymbol? type, EfSymbols symbols) =>
        type is INamedTypeSymbol { IsGenericType: true } named && symbols.IQueryableOfT is not null &&
        SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.IQueryableOfT)
            ? named.TypeArguments[0]
            : null;

    private static RootMember GetRootMember(ISymbol member, EfSymbols symbols, CancellationToken cancellationToken)
    {
        var key = member is IMethodSymbol method ? (ISymbol)(method.ReducedFrom ?? method).OriginalDefinition : member.OriginalDefinition;
        if (key.DeclaringSyntaxReferences.IsEmpty)
        {
            return RootMember.None;
        }

        var cache = Cache.GetValue(symbols.Compilation, _ => new ConcurrentDictionary<ISymbol, RootMember>(SymbolEqualityComparer.Default));
        if (cache.TryGetValue(key, out var known))
        {
            return known;
        }

        InProgress ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        if (!InProgress.Add(key))
        {
            // a member that builds its query from itself: not a root
            return RootMember.None;
        }

        try
        {
            var result = Compute(key, symbols, cancellationToken);
            return cache.GetOrAdd(key, result);
        }
        finally
        {
            InProgress.Remove(key);
        }
    }

    private static RootMember Compute(ISymbol member, EfSymbols symbols, CancellationToken cancellationToken)
    {
        var returnType = member switch
        {
            IMethodSymbol m => m.ReturnType,
            IPropertySymbol p => p.Type,
            _ => null,
        };

        if (GetQueryableElement(returnType, symbols) is not { } element || member.DeclaringSyntaxReferences.Length != 1)
        {
            return RootMember.None;
        }

        var reference = member.DeclaringSyntaxReferences[0];
        var tree = reference.SyntaxTree;
        if (!symbols.Compilation.ContainsSyntaxTree(tree))
        {
            return RootMember.None;
        }

        var syntax = reference.GetSyntax(cancellationToken);
        SyntaxNode? body = syntax switch
        {
            MethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
            PropertyDeclarationSyntax property => property.ExpressionBody ?? GetGetterBody(property),
            _ => null,
        };

        if (body is null)
        {
            return RootMember.None;
        }

        #pragma warning disable RS0030 // a repository helper's body in another tree, read once per member (cached by RootMember)
        var semanticModel = symbols.Compilation.GetSemanticModel(tree);
        #pragma warning restore RS0030
        var values = new List<IOperation>();
        if (body is ArrowExpressionClauseSyntax arrow)
        {
            if (semanticModel.GetOperation(arrow.Expression, cancellationToken) is { } value)
            {
                values.Add(value);
            }
        }
        else if (semanticModel.GetOperation(body, cancellationToken) is { } block)
        {
            foreach (var node in block.Descendants())
            {
                if (node is IReturnOperation { ReturnedValue: { } returned } && !InNestedFunction(node, block))
                {
                    values.Add(returned);
                }
            }
        }

        if (values.Count == 0)
        {
            return RootMember.None;
        }

        ImmutableArray<IInvocationOperation>? operators = null;
        foreach (var value in values)
        {
            var sources = QuerySources.Find(value, symbols, cancellationToken, allowTypeParameters: true);
            if (sources.IsEmpty)
            {
                return RootMember.None;
            }

            foreach (var source in sources)
            {
                if (!source.IsKnown || !SymbolEqualityComparer.Default.Equals(RootElement(source, symbols), element))
                {
                    return RootMember.None;
                }

                foreach (var op in source.Operators)
                {
                    if (QueryOperators.IsMaterializing(op, symbols) || QueryOperators.IsProjection(op.TargetMethod))
                    {
                        return RootMember.None;
                    }
                }

                // several ways to build it: only when they apply the same operators is the answer one chain
                if (operators is null)
                {
                    operators = source.Operators;
                }
                else if (!SameOperators(operators.Value, source.Operators))
                {
                    return RootMember.None;
                }
            }
        }

        return new RootMember(true, operators ?? ImmutableArray<IInvocationOperation>.Empty);
    }

    private static ITypeSymbol? RootElement(QuerySource source, EfSymbols symbols)
    {
        var type = source.Root!.WalkDownConversions()!.Type;
        return symbols.GetDbSetElementType(type) ?? GetQueryableElement(type, symbols);
    }

    private static bool SameOperators(ImmutableArray<IInvocationOperation> a, ImmutableArray<IInvocationOperation> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i].TargetMethod.Name != b[i].TargetMethod.Name)
            {
                return false;
            }
        }

        return a.Length == 0;
    }

    private static SyntaxNode? GetGetterBody(PropertyDeclarationSyntax property)
    {
        if (property.AccessorList is null)
        {
            return null;
        }

        foreach (var accessor in property.AccessorList.Accessors)
        {
            if (accessor.Keyword.Text == "get")
            {
                return (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody;
            }
        }

        return null;
    }

    private static bool InNestedFunction(IOperation node, IOperation body)
    {
        for (var parent = node.Parent; parent is not null && !ReferenceEquals(parent, body); parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }
}
