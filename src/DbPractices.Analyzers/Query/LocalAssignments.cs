namespace DbPractices.Analyzers.Query;

/// <summary>A write to a local: the declarator or assignment operation, and the value written (null when unknown: out/ref).</summary>
internal readonly struct LocalAssignment
{
    public LocalAssignment(IOperation operation, IOperation? value)
    {
        Operation = operation;
        Value = value;
    }

    public IOperation Operation { get; }

    public IOperation? Value { get; }
}

/// <summary>
/// A small reaching-definitions approximation for structured code: which writes to a local can reach a
/// read. Writes are those textually before the read in the same body; an unconditional write (a statement
/// directly in a block that also contains the read) hides every write before it.
/// </summary>
internal static class LocalAssignments
{
    public static List<LocalAssignment> Reaching(ILocalReferenceOperation read, CancellationToken cancellationToken)
    {
        var all = All(read.Local, GetBody(read), cancellationToken);
        var readSpan = read.Syntax.Span;
        var reaching = new List<LocalAssignment>();
        foreach (var assignment in all)
        {
            var span = assignment.Operation.Syntax.Span;

            // the write must come before the read, and must not be the write the read is part of (q = q.Where(..))
            if (span.Start >= readSpan.Start || span.Contains(readSpan))
            {
                continue;
            }

            if (IsUnconditionalBefore(assignment.Operation, read))
            {
                reaching.Clear();
            }

            reaching.Add(assignment);
        }

        return reaching;
    }

    /// <summary>Every write to the local in the body, in source order.</summary>
    public static List<LocalAssignment> All(ILocalSymbol local, IOperation? body, CancellationToken cancellationToken)
    {
        var result = new List<LocalAssignment>();
        if (body is null)
        {
            return result;
        }

        foreach (var operation in body.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    var initializer = declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer;
                    if (initializer is not null)
                    {
                        result.Add(new LocalAssignment(declarator, initializer.Value));
                    }

                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    result.Add(new LocalAssignment(assignment, assignment is ISimpleAssignmentOperation ? assignment.Value : null));
                    break;
                case IArgumentOperation { Value: ILocalReferenceOperation passed, Parameter.RefKind: RefKind.Out or RefKind.Ref } argument when SymbolEqualityComparer.Default.Equals(passed.Local, local):
                    result.Add(new LocalAssignment(argument, null));
                    break;
            }
        }

        result.Sort((a, b) => a.Operation.Syntax.SpanStart.CompareTo(b.Operation.Syntax.SpanStart));
        return result;
    }

    /// <summary>The outermost operation of the member (or lambda/local function) the operation sits in.</summary>
    public static IOperation? GetBody(IOperation operation)
    {
        IOperation? current = operation;
        while (current?.Parent is { } parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return parent;
            }

            current = parent;
        }

        return current;
    }

    private static bool IsUnconditionalBefore(IOperation write, IOperation read)
    {
        // the statement holding the write must sit directly in a block that also holds the read
        var statement = write;
        while (statement.Parent is { } parent && parent is not IBlockOperation)
        {
            if (parent is IExpressionStatementOperation or IVariableDeclarationGroupOperation or IVariableDeclarationOperation or
                IVariableDeclaratorOperation or IVariableInitializerOperation or ISimpleAssignmentOperation)
            {
                statement = parent;
                continue;
            }

            return false;
        }

        if (statement.Parent is not IBlockOperation block)
        {
            return false;
        }

        for (var ancestor = read.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ReferenceEquals(ancestor, block))
            {
                return true;
            }
        }

        return false;
    }
}
