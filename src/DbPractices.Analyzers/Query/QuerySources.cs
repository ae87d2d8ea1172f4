namespace DbPractices.Analyzers.Query;

/// <summary>
/// One way a query value can have been built inside a method: the root it starts from (null when it
/// comes from somewhere this method cannot see: a parameter, a field, another method's result) and the
/// LINQ/EF operators applied to it, root first.
/// </summary>
internal sealed class QuerySource
{
    public QuerySource(IOperation? root, INamedTypeSymbol? entityType, ImmutableArray<IInvocationOperation> operators, int inheritedCount = 0)
    {
        Root = root;
        EntityType = entityType;
        Operators = operators;
        InheritedCount = inheritedCount;
    }

    /// <summary>
    /// How many of <see cref="Operators"/> (the first ones) a repository helper's body applies (the root is then a
    /// call to that helper, <see cref="QueryRoots"/>): they are in another method, maybe another file; never report
    /// on them or edit them from here.
    /// </summary>
    public int InheritedCount { get; }

    /// <summary>True when an operator was applied in this method (not inherited from a repository helper).</summary>
    public bool IsOwn(int index) => index >= InheritedCount;

    public IOperation? Root { get; }

    public INamedTypeSymbol? EntityType { get; }

    public ImmutableArray<IInvocationOperation> Operators { get; }

    public bool IsKnown => Root is not null;
}

/// <summary>
/// Walks a query value back to its roots, through LINQ operators and through locals: a local's value is
/// each assignment that can reach the use (the last unconditional assignment before it, plus later
/// conditional ones), so <c>var q = ctx.Orders; if (x) q = q.Where(..); q.ToList()</c> yields two sources.
/// </summary>
internal static class QuerySources
{
    private const int MaxSources = 16;

    public static ImmutableArray<QuerySource> Find(IOperation value, EfSymbols symbols, CancellationToken cancellationToken, bool allowTypeParameters = false)
    {
        var results = ImmutableArray.CreateBuilder<QuerySource>();
        Walk(value, ImmutableStack<IInvocationOperation>.Empty, ImmutableHashSet<IOperation>.Empty, symbols, allowTypeParameters, results, cancellationToken);
        return results.ToImmutable();
    }

    private static void Walk(
        IOperation? value,
        ImmutableStack<IInvocationOperation> applied,
        ImmutableHashSet<IOperation> visitedAssignments,
        EfSymbols symbols,
        bool allowTypeParameters,
        ImmutableArray<QuerySource>.Builder results,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (results.Count >= MaxSources)
        {
            return;
        }

        value = QueryOperators.Unwrap(value);
        if (QueryRoots.TryGet(value, symbols, allowTypeParameters, cancellationToken, out var entity, out var inherited))
        {
            var own = ToArray(applied);
            results.Add(inherited.IsEmpty ? new QuerySource(value, entity, own) : new QuerySource(value, entity, inherited.AddRange(own), inherited.Length));
            return;
        }

        switch (value)
        {
            case IInvocationOperation invocation when QueryOperators.IsQueryMethod(invocation.TargetMethod, symbols):
                Walk(QueryOperators.GetSource(invocation), applied.Push(invocation), visitedAssignments, symbols, allowTypeParameters, results, cancellationToken);
                return;
            case ILocalReferenceOperation local:
                var found = false;
                foreach (var assignment in LocalAssignments.Reaching(local, cancellationToken))
                {
                    if (visitedAssignments.Contains(assignment.Operation))
                    {
                        continue;
                    }

                    found = true;
                    Walk(assignment.Value, applied, visitedAssignments.Add(assignment.Operation), symbols, allowTypeParameters, results, cancellationToken);
                }

                if (!found)
                {
                    // a DbSet local written where this method cannot see (out argument, pattern): still a root
                    var element = symbols.GetDbSetElementType(local.Type);
                    results.Add(element is INamedTypeSymbol named || (allowTypeParameters && element is ITypeParameterSymbol)
                        ? new QuerySource(local, element as INamedTypeSymbol, ToArray(applied))
                        : new QuerySource(null, null, ToArray(applied)));
                }

                return;
            default:
                results.Add(new QuerySource(null, null, ToArray(applied)));
                return;
        }
    }

    private static ImmutableArray<IInvocationOperation> ToArray(ImmutableStack<IInvocationOperation> applied)
    {
        // the stack pops innermost (closest to the root) first: that is root-first order
        var builder = ImmutableArray.CreateBuilder<IInvocationOperation>();
        foreach (var invocation in applied)
        {
            builder.Add(invocation);
        }

        return builder.ToImmutable();
    }
}
