using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Loops;

/// <summary>Which values and calls reach the database.</summary>
internal static class DatabaseQueries
{
    /// <summary>
    /// True when enumerating or materializing <paramref name="value"/> runs an EF Core query: every way it was
    /// built in the method starts at a query root (or, coming from outside the method, is an
    /// <c>IQueryable</c>) and no operator since then has already materialized it. Lists, arrays and other
    /// in-memory sequences are not queries, even when they hold entities.
    /// </summary>
    public static bool IsLiveQuery(IOperation value, LoopSymbols symbols, CancellationToken cancellationToken, out ImmutableArray<QuerySource> sources)
    {
        sources = QuerySources.Find(value, symbols.Ef, cancellationToken);
        if (sources.IsEmpty)
        {
            return false;
        }

        foreach (var source in sources)
        {
            foreach (var op in source.Operators)
            {
                if (QueryOperators.IsMaterializing(op, symbols.Ef))
                {
                    return false;
                }
            }

            if (!source.IsKnown)
            {
                var unknown = source.Operators.Length > 0 ? QueryOperators.GetSource(source.Operators[0]) : QueryOperators.Unwrap(value);
                if (!IsQueryable(unknown?.Type, symbols))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// A call that makes a database round trip: a materializing operator (RULES.md) over a live query,
    /// <c>DbSet.Find*</c>, bulk <c>ExecuteUpdate/ExecuteDelete</c>, or explicit loading
    /// (<c>Entry(x).Collection(..).Load()</c>).
    /// </summary>
    public static bool IsRoundTrip(IInvocationOperation invocation, LoopSymbols symbols, CancellationToken cancellationToken, out ImmutableArray<QuerySource> sources)
    {
        sources = ImmutableArray<QuerySource>.Empty;
        if (IsExplicitLoad(invocation, symbols))
        {
            return true;
        }

        return QueryOperators.IsMaterializing(invocation, symbols.Ef) &&
               QueryOperators.GetSource(invocation) is { } source &&
               IsLiveQuery(source, symbols, cancellationToken, out sources);
    }

    /// <summary><c>Load</c>/<c>LoadAsync</c> on a <c>CollectionEntry</c>/<c>ReferenceEntry</c>.</summary>
    public static bool IsExplicitLoad(IInvocationOperation invocation, LoopSymbols symbols) =>
        invocation.TargetMethod.Name is "Load" or "LoadAsync" &&
        symbols.IsOrInherits(invocation.TargetMethod.ContainingType, symbols.NavigationEntry);

    public static bool HasOperator(ImmutableArray<QuerySource> sources, string name)
    {
        foreach (var source in sources)
        {
            foreach (var op in source.Operators)
            {
                if (op.TargetMethod.Name == name)
                {
                    return true;
                }
            }
        }

        return false;
    }

    public static bool IsQueryable(ITypeSymbol? type, LoopSymbols symbols) => Implements(type, symbols.Ef.IQueryableOfT);

    public static bool IsSequence(ITypeSymbol? type, LoopSymbols symbols) => Implements(type, symbols.Ef.IEnumerableOfT);

    private static bool Implements(ITypeSymbol? type, INamedTypeSymbol? generic)
    {
        if (type is null || generic is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, generic))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, generic))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when any call in <paramref name="body"/> makes a database round trip (lambdas not run per item excluded).</summary>
    public static bool ContainsRoundTrip(IOperation body, LoopSymbols symbols, CancellationToken cancellationToken)
    {
        foreach (var node in body.Descendants())
        {
            if (node is IInvocationOperation invocation && IsRoundTrip(invocation, symbols, cancellationToken, out _) &&
                !LoopAnalysis.IsInExpressionTree(invocation, symbols))
            {
                return true;
            }

            if (node is IForEachLoopOperation forEach && IsLiveQuery(forEach.Collection, symbols, cancellationToken, out _))
            {
                return true;
            }
        }

        return false;
    }
}
