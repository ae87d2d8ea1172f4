namespace DbPractices.Analyzers.Query;

/// <summary>What LINQ and EF Core query methods do: root, compose, or run the query.</summary>
internal static class QueryOperators
{
    /// <summary>Operators that run the query (RULES.md "materialization"), sync names; the *Async forms are derived.</summary>
    private static readonly HashSet<string> Materializing = new(StringComparer.Ordinal)
    {
        "ToList", "ToArray", "First", "FirstOrDefault", "Single", "SingleOrDefault", "Last", "LastOrDefault",
        "Count", "LongCount", "Any", "All", "Sum", "Min", "Max", "Average", "Contains", "ToDictionary",
        "ToHashSet", "ToLookup", "ElementAt", "ElementAtOrDefault", "ExecuteDelete", "ExecuteUpdate", "Aggregate",
        "MinBy", "MaxBy", "ForEach", "Load",
    };

    /// <summary>True for a query root (<see cref="QueryRoots"/>: any DbSet expression, <c>Set&lt;T&gt;()</c>, a repository helper); gives the entity type.</summary>
    public static bool TryGetQueryRoot(IOperation? operation, EfSymbols symbols, out INamedTypeSymbol? entityType) =>
        QueryRoots.TryGet(operation, symbols, allowTypeParameters: false, System.Threading.CancellationToken.None, out entityType, out _);

    /// <summary>A LINQ (Queryable/Enumerable) or EF Core queryable extension method.</summary>
    public static bool IsQueryMethod(IMethodSymbol method, EfSymbols symbols)
    {
        var containing = method.ContainingType?.OriginalDefinition;
        if (containing is null)
        {
            return false;
        }

        return SymbolEqualityComparer.Default.Equals(containing, symbols.Queryable) ||
               SymbolEqualityComparer.Default.Equals(containing, symbols.EntityFrameworkQueryableExtensions) ||
               SymbolEqualityComparer.Default.Equals(containing, symbols.RelationalQueryableExtensions) ||
               SymbolEqualityComparer.Default.Equals(containing, symbols.Enumerable) ||
               SymbolEqualityComparer.Default.Equals(containing, symbols.AsyncEnumerable) ||
               (SymbolEqualityComparer.Default.Equals(containing, symbols.DbSet) && method.Name is "AsQueryable" or "AsAsyncEnumerable" or "Find" or "FindAsync");
    }

    /// <summary>An operator that runs the query: materializing LINQ, EF's async forms, bulk updates, DbSet.Find.</summary>
    public static bool IsMaterializing(IInvocationOperation invocation, EfSymbols symbols)
    {
        var method = invocation.TargetMethod;
        var name = SyncName(method.Name);
        if (name is "Find" && symbols.GetDbSetElementType(method.ContainingType) is not null)
        {
            return true;
        }

        if (!Materializing.Contains(name) || !IsQueryMethod(method, symbols))
        {
            return false;
        }

        // List<T>.ForEach is not a query method; EF's ForEachAsync is.
        return name != "ForEach" || method.Name == "ForEachAsync";
    }

    /// <summary>Operators whose lambda is a filter: Where and the predicate overloads of First/Any/Count/...</summary>
    public static bool TakesPredicate(IMethodSymbol method) => SyncName(method.Name) switch
    {
        "Where" or "First" or "FirstOrDefault" or "Single" or "SingleOrDefault" or "Last" or "LastOrDefault" or
        "Count" or "LongCount" or "Any" or "All" or "ExecuteDelete" => true,
        _ => false,
    };

    /// <summary>Operators that change the element type (the entity is gone after them).</summary>
    public static bool IsProjection(IMethodSymbol method) => method.Name is "Select" or "SelectMany" or "GroupBy" or "Join" or "GroupJoin" or "Zip" or "Cast" or "OfType";

    /// <summary><c>OrderBy</c>, <c>OrderByDescending</c>, <c>ThenBy</c>, <c>ThenByDescending</c>, <c>Order</c>, <c>OrderDescending</c>.</summary>
    public static bool IsOrdering(IMethodSymbol method) =>
        method.Name is "OrderBy" or "OrderByDescending" or "ThenBy" or "ThenByDescending" or "Order" or "OrderDescending";

    /// <summary>Operators whose result depends on row order: Skip/Take, First*, Last*, ElementAt* (sync and async).</summary>
    public static bool IsRowLimiting(IMethodSymbol method) => SyncName(method.Name) is
        "Skip" or "Take" or "First" or "FirstOrDefault" or "Last" or "LastOrDefault" or "ElementAt" or "ElementAtOrDefault";

    /// <summary>Raw SQL roots (<c>FromSqlRaw</c>, <c>FromSql</c>, <c>FromSqlInterpolated</c>): the SQL text may order or limit itself.</summary>
    public static bool IsSqlSource(IMethodSymbol method) => method.Name is "FromSqlRaw" or "FromSql" or "FromSqlInterpolated";

    /// <summary>True when the call passes a lambda, delegate or expression tree besides its source (a predicate/selector overload).</summary>
    public static bool HasFunctionArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { Ordinal: > 0, Type: INamedTypeSymbol type } &&
                (type.TypeKind == TypeKind.Delegate || (type.Name == "Expression" && type.IsGenericType)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>ToListAsync</c> → <c>ToList</c>.</summary>
    public static string SyncName(string name) =>
        name.EndsWith("Async", StringComparison.Ordinal) && name.Length > 5 ? name.Substring(0, name.Length - 5) : name;

    /// <summary>The query a LINQ call composes on: its receiver (extension <c>this</c> argument or instance).</summary>
    public static IOperation? GetSource(IInvocationOperation invocation) => invocation.GetReceiver();

    /// <summary>Strips conversions, parentheses, query syntax, <c>await</c>, <c>ConfigureAwait</c> and <c>WithCancellation</c> around a query value.</summary>
    public static IOperation? Unwrap(IOperation? operation)
    {
        while (true)
        {
            operation = operation.WalkDownConversions();
            switch (operation)
            {
                case IAwaitOperation await:
                    operation = await.Operation;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                case ITranslatedQueryOperation query:
                    // query syntax (from o in ctx.Orders where ... select o): the method calls it translates to
                    operation = query.Operation;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configureAwait when configureAwait.Instance is not null:
                    operation = configureAwait.Instance;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "WithCancellation" or "ConfigureAwait" } configured when
                    configured.Type is INamedTypeSymbol { Name: "ConfiguredCancelableAsyncEnumerable" } && configured.GetReceiver() is { } enumerable:
                    // await foreach (var x in q.AsAsyncEnumerable().WithCancellation(ct).ConfigureAwait(false))
                    operation = enumerable;
                    continue;
                default:
                    return operation;
            }
        }
    }
}
