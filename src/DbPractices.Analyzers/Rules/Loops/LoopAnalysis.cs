using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Loops;

/// <summary>
/// A loop an operation repeats in: a loop statement (<see cref="Loop"/>), or a lambda run once per item
/// (<c>items.Select(x => ...)</c>, <c>list.ForEach(x => ...)</c>; <see cref="Lambda"/> and its <see cref="Invocation"/>).
/// </summary>
internal sealed class EnclosingLoop
{
    public EnclosingLoop(ILoopOperation loop)
    {
        Loop = loop;
    }

    public EnclosingLoop(IInvocationOperation invocation, IAnonymousFunctionOperation lambda)
    {
        Invocation = invocation;
        Lambda = lambda;
    }

    public ILoopOperation? Loop { get; }

    public IInvocationOperation? Invocation { get; }

    public IAnonymousFunctionOperation? Lambda { get; }

    public IOperation Operation => (IOperation?)Loop ?? Invocation!;

    public SyntaxNode Syntax => Operation.Syntax;
}

/// <summary>Where an operation repeats: loops, per-item lambdas, and the loop shapes that do not repeat work per row.</summary>
internal static class LoopAnalysis
{
    /// <summary>
    /// The innermost loop in whose body <paramref name="operation"/> runs once per iteration, skipping loops
    /// whose body leaves after the first iteration on the operation's path (<c>return</c>/<c>throw</c>/<c>break</c>
    /// after it). Null when the operation does not repeat: outside any loop, in a lambda that is not run per
    /// item (stored, passed to an unknown method), in a local function, or in an expression tree (translated
    /// to SQL, never run).
    /// </summary>
    public static EnclosingLoop? FindRepeatingLoop(IOperation operation, LoopSymbols symbols)
    {
        if (IsInExpressionTree(operation, symbols))
        {
            return null;
        }

        var current = operation;
        while (current.Parent is { } parent)
        {
            switch (parent)
            {
                case ILoopOperation loop when RunsPerIteration(loop, current) && !ExitsAfterFirstIteration(operation, loop):
                    return new EnclosingLoop(loop);
                case IAnonymousFunctionOperation lambda:
                    return GetPerItemInvocation(lambda, symbols) is { } invocation ? new EnclosingLoop(invocation, lambda) : null;
                case ILocalFunctionOperation:
                    return null;
            }

            current = parent;
        }

        return null;
    }

    /// <summary>The body (and a for-loop's condition and increment) run per iteration; a collection or initializer once.</summary>
    private static bool RunsPerIteration(ILoopOperation loop, IOperation child)
    {
        if (ReferenceEquals(loop.Body, child))
        {
            return true;
        }

        if (loop is IForLoopOperation forLoop)
        {
            if (ReferenceEquals(forLoop.Condition, child))
            {
                return true;
            }

            foreach (var step in forLoop.AtLoopBottom)
            {
                if (ReferenceEquals(step, child))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A lambda in an expression tree (a LINQ-to-entities predicate, projection...) is translated, not run.</summary>
    public static bool IsInExpressionTree(IOperation operation, LoopSymbols symbols)
    {
        for (var node = operation.Parent; node is not null; node = node.Parent)
        {
            if (node is IAnonymousFunctionOperation lambda && IsExpressionTree(lambda, symbols))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsExpressionTree(IAnonymousFunctionOperation lambda, LoopSymbols symbols)
    {
        for (var parent = lambda.Parent; parent is IConversionOperation or IDelegateCreationOperation; parent = parent.Parent)
        {
            if (symbols.Is(parent.Type, symbols.ExpressionOfT))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The call that runs <paramref name="lambda"/> once per item: a LINQ-to-objects operator
    /// (<c>Select</c>, <c>Where</c>, <c>Sum</c>, ...), <c>List&lt;T&gt;.ForEach</c>, <c>Array.ForEach</c>,
    /// EF Core's <c>ForEachAsync</c>. Null for a lambda stored for later or handed to any other method.
    /// </summary>
    public static IInvocationOperation? GetPerItemInvocation(IAnonymousFunctionOperation lambda, LoopSymbols symbols)
    {
        IOperation node = lambda;
        while (node.Parent is IConversionOperation or IDelegateCreationOperation)
        {
            node = node.Parent;
        }

        if (node.Parent is not IArgumentOperation { Parent: IInvocationOperation invocation })
        {
            return null;
        }

        var method = invocation.TargetMethod;
        var containing = method.ContainingType?.OriginalDefinition;
        if (symbols.Is(containing, symbols.Ef.Enumerable) || symbols.Is(containing, symbols.Ef.AsyncEnumerable))
        {
            // items.Select(async x => ...) starts every body at once: that is concurrency (DBP026), not a loop (RULES.md)
            return lambda.Symbol.IsAsync && symbols.Is(containing, symbols.Ef.Enumerable) ? null : invocation;
        }

        if (method.Name == "ForEach" && (symbols.Is(containing, symbols.ListOfT) || symbols.Is(containing, symbols.Array)))
        {
            return invocation;
        }

        return method.Name == "ForEachAsync" && symbols.Is(containing, symbols.Ef.EntityFrameworkQueryableExtensions) ? invocation : null;
    }

    /// <summary>
    /// True when, on the path from <paramref name="operation"/> up to the loop's body, a statement leaves the
    /// loop unconditionally (at or after the one holding the operation): the operation runs at most once.
    /// </summary>
    public static bool ExitsAfterFirstIteration(IOperation operation, ILoopOperation loop)
    {
        var node = operation;
        while (!ReferenceEquals(node, loop.Body) && node.Parent is { } parent)
        {
            if (IsExit(node, loop))
            {
                return true;
            }

            var siblings = parent switch
            {
                IBlockOperation block => block.Operations,
                ISwitchCaseOperation section => section.Body,
                _ => default,
            };

            if (!siblings.IsDefault)
            {
                var after = false;
                foreach (var sibling in siblings)
                {
                    if (after && IsExit(sibling, loop))
                    {
                        return true;
                    }

                    after |= ReferenceEquals(sibling, node);
                }
            }

            node = parent;
        }

        return false;
    }

    private static bool IsExit(IOperation statement, ILoopOperation loop) => statement switch
    {
        IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak } => true,
        IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBranchOperation { BranchKind: BranchKind.Break } branch => SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel),
        IBlockOperation block => AnyExit(block.Operations, loop),
        _ => false,
    };

    private static bool AnyExit(ImmutableArray<IOperation> statements, ILoopOperation loop)
    {
        foreach (var statement in statements)
        {
            if (IsExit(statement, loop))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A <c>while</c>/<c>do</c> loop that waits between iterations (Task.Delay, Thread.Sleep, PeriodicTimer): a poller, not per-row work.</summary>
    public static bool IsPollingLoop(EnclosingLoop loop, LoopSymbols symbols)
    {
        if (loop.Loop is not IWhileLoopOperation whileLoop)
        {
            return false;
        }

        foreach (var node in whileLoop.DescendantsAndSelf())
        {
            if (node is IInvocationOperation { TargetMethod: var method } &&
                ((method.Name == "Delay" && symbols.Is(method.ContainingType, symbols.Task)) ||
                 (method.Name == "Sleep" && symbols.Is(method.ContainingType, symbols.Thread)) ||
                 (method.Name == "WaitForNextTickAsync" && symbols.Is(method.ContainingType, symbols.PeriodicTimer))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A <c>foreach</c> over batches: <c>items.Chunk(n)</c>, or elements that are themselves arrays/lists (not groupings).</summary>
    public static bool IsBatchLoop(EnclosingLoop loop, LoopSymbols symbols)
    {
        if (loop.Loop is not IForEachLoopOperation forEach)
        {
            return false;
        }

        if (forEach.Collection.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "Chunk" })
        {
            return true;
        }

        var element = (forEach.LoopControlVariable as IVariableDeclaratorOperation)?.Symbol.Type;
        if (element is null || element.SpecialType == SpecialType.System_String)
        {
            return false;
        }

        if (element is IArrayTypeSymbol)
        {
            return true;
        }

        if (element.OriginalDefinition.MetadataName == "IGrouping`2")
        {
            return false;
        }

        foreach (var implemented in element.AllInterfaces)
        {
            if (implemented.OriginalDefinition.MetadataName == "IGrouping`2")
            {
                return false;
            }
        }

        return DatabaseQueries.IsSequence(element, symbols) && symbols.Ef.GetDbSetElementType(element) is null;
    }

    /// <summary>
    /// A paging loop: a <c>while</c>/<c>do</c>/<c>for</c> loop whose body reads the table page by page
    /// (a materialized query with <c>Take</c>).
    /// </summary>
    public static bool IsPagingLoop(EnclosingLoop loop, LoopSymbols symbols, CancellationToken cancellationToken)
    {
        if (loop.Loop is not (IWhileLoopOperation or IForLoopOperation))
        {
            return false;
        }

        foreach (var node in loop.Loop.Body.Descendants())
        {
            if (node is IInvocationOperation invocation && QueryOperators.IsMaterializing(invocation, symbols.Ef) &&
                QueryOperators.GetSource(invocation) is { } source &&
                DatabaseQueries.IsLiveQuery(source, symbols, cancellationToken, out var sources) && DatabaseQueries.HasOperator(sources, "Take"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the local is declared inside the loop (a fresh value per iteration).</summary>
    public static bool IsDeclaredInside(ILocalSymbol local, EnclosingLoop loop)
    {
        var span = loop.Syntax.Span;
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }
}
