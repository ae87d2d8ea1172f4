using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Loops;

/// <summary>
/// DBP010: <c>SaveChanges</c>/<c>SaveChangesAsync</c> on a context that outlives the loop, called in every
/// iteration: one transaction and one round trip per row.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SaveChangesInLoopAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property, present when the call can move after the loop: its value is unused.</summary>
    public const string MoveAfterLoopKey = "MoveAfterLoop";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.SaveChangesInLoop,
        "SaveChanges inside a loop",
        "'{0}' commits once per iteration of the loop; save once after the loop or in batches",
        RuleCategories.Performance,
        DiagnosticSeverity.Warning,
        "Each SaveChanges call is its own transaction and database round trip; calling it per row multiplies both. Save once after the loop, or every n rows.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        var loopSymbols = new LoopSymbols(symbols);
        context.RegisterOperationAction(c => Analyze(c, loopSymbols), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, LoopSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!ContextInstances.IsSave(invocation, symbols.Ef, orContextInterface: true))
        {
            return;
        }

        var receiver = invocation.Instance.WalkDownConversions();
        if (receiver is not (ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or
            IPropertyReferenceOperation or IInstanceReferenceOperation))
        {
            return;
        }

        if (LoopAnalysis.FindRepeatingLoop(invocation, symbols) is not { } loop ||
            (receiver is ILocalReferenceOperation local && LoopAnalysis.IsDeclaredInside(local.Local, loop)) ||
            IsGuarded(invocation, loop) || IsRetryOrIsolation(invocation, loop, symbols) || OpensTransactionPerIteration(loop) ||
            LoopAnalysis.IsPollingLoop(loop, symbols) || LoopAnalysis.IsBatchLoop(loop, symbols) ||
            LoopAnalysis.IsPagingLoop(loop, symbols, context.CancellationToken))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (CanMoveAfterLoop(invocation, loop, symbols, context))
        {
            properties = properties.Add(MoveAfterLoopKey, "");
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, invocation.TargetMethod.Name));
    }

    /// <summary>Inside an <c>if</c> whose condition batches (<c>i % 100 == 0</c>, <c>count >= size</c>), or after <c>if (...) continue;</c> that does.</summary>
    private static bool IsGuarded(IOperation call, EnclosingLoop loop)
    {
        var node = call;
        while (node.Parent is { } parent && !ReferenceEquals(node, loop.Loop?.Body) && !ReferenceEquals(parent, loop.Lambda))
        {
            if (parent is IConditionalOperation conditional && !ReferenceEquals(conditional.Condition, node) && IsBatchingCondition(conditional.Condition, loop))
            {
                return true;
            }

            if (parent is IBlockOperation block)
            {
                foreach (var sibling in block.Operations)
                {
                    if (ReferenceEquals(sibling, node))
                    {
                        break;
                    }

                    if (sibling is IConditionalOperation { WhenTrue: var whenTrue } skip && IsContinue(whenTrue) && IsBatchingCondition(skip.Condition, loop))
                    {
                        return true;
                    }
                }
            }

            node = parent;
        }

        return false;

        static bool IsContinue(IOperation? operation) =>
            operation is IBranchOperation { BranchKind: BranchKind.Continue } ||
            (operation is IBlockOperation { Operations.Length: 1 } block && block.Operations[0] is IBranchOperation { BranchKind: BranchKind.Continue });
    }

    /// <summary>A remainder, or an integer comparison against a counter (a local, a field, a Count/Length).</summary>
    private static bool IsBatchingCondition(IOperation condition, EnclosingLoop loop)
    {
        foreach (var node in condition.DescendantsAndSelf())
        {
            if (node is not IBinaryOperation binary)
            {
                continue;
            }

            if (binary.OperatorKind == BinaryOperatorKind.Remainder)
            {
                return true;
            }

            if (binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan or
                    BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual &&
                IsInteger(binary.LeftOperand) && IsInteger(binary.RightOperand) &&
                (IsCounter(binary.LeftOperand, loop) || IsCounter(binary.RightOperand, loop)))
            {
                return true;
            }
        }

        return false;

        static bool IsInteger(IOperation operand) => operand.WalkDownConversions()?.Type?.SpecialType is
            SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16 or SpecialType.System_Byte or
            SpecialType.System_UInt32 or SpecialType.System_UInt64 or SpecialType.System_UInt16 or SpecialType.System_SByte;
    }

    private static bool IsCounter(IOperation operand, EnclosingLoop loop)
    {
        var value = operand.WalkDownConversions();
        switch (value)
        {
            case IIncrementOrDecrementOperation:
                return true;
            case ILocalReferenceOperation local:
                // the foreach item itself is data, not a counter
                return loop.Loop is not IForEachLoopOperation forEach ||
                       !(forEach.LoopControlVariable is IVariableDeclaratorOperation declarator &&
                         SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local));
            case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation }:
                return true;
            case IPropertyReferenceOperation { Property.Name: "Count" or "Length" }:
                return true;
            case IInvocationOperation { TargetMethod.Name: "Count" or "LongCount", Arguments.Length: 1 }:
                return true;
            default:
                return false;
        }
    }

    /// <summary>A body that begins its own transaction (<c>BeginTransaction</c>) makes each iteration a deliberate unit of work.</summary>
    private static bool OpensTransactionPerIteration(EnclosingLoop loop)
    {
        var body = loop.Loop?.Body ?? (IOperation?)loop.Lambda?.Body;
        if (body is null)
        {
            return false;
        }

        foreach (var node in body.Descendants())
        {
            if (node is IInvocationOperation { TargetMethod.Name: "BeginTransaction" or "BeginTransactionAsync" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// In a <c>try</c> that catches <c>DbUpdateException</c> (or a base): a concurrency retry loop, or
    /// deliberate per-row error isolation. Both commit per row on purpose.
    /// </summary>
    private static bool IsRetryOrIsolation(IOperation call, EnclosingLoop loop, LoopSymbols symbols)
    {
        for (var node = call.Parent; node is not null && !ReferenceEquals(node, loop.Operation); node = node.Parent)
        {
            if (node is not ITryOperation tryOperation)
            {
                continue;
            }

            foreach (var catchClause in tryOperation.Catches)
            {
                var caught = catchClause.ExceptionType;
                if (caught is null || symbols.IsOrInherits(symbols.DbUpdateException, caught as INamedTypeSymbol) ||
                    symbols.IsOrInherits(caught, symbols.DbUpdateException))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The fix moves the call after the loop when that keeps the meaning: the call is the last statement of
    /// a loop statement's block body, its value is unused, its arguments do not read loop locals, the body
    /// never leaves early (return/throw would skip the save) and never queries (a query would no longer see
    /// the rows of earlier iterations).
    /// </summary>
    private static bool CanMoveAfterLoop(IInvocationOperation invocation, EnclosingLoop loop, LoopSymbols symbols, OperationAnalysisContext context)
    {
        if (loop.Loop is not { Body: IBlockOperation body } loopStatement || body.Operations.Length == 0 ||
            loopStatement.Parent is not IBlockOperation)
        {
            return false;
        }

        IOperation statement = invocation;
        if (statement.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configureAwait)
        {
            statement = configureAwait;
        }

        if (statement.Parent is IAwaitOperation awaited)
        {
            statement = awaited;
        }

        if (statement.Parent is not IExpressionStatementOperation expressionStatement ||
            !ReferenceEquals(body.Operations[body.Operations.Length - 1], expressionStatement))
        {
            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            foreach (var node in argument.DescendantsAndSelf())
            {
                if (node is ILocalReferenceOperation local && LoopAnalysis.IsDeclaredInside(local.Local, loop))
                {
                    return false;
                }
            }
        }

        foreach (var node in body.Descendants())
        {
            if (node is IReturnOperation or IThrowOperation || node is IBranchOperation { BranchKind: BranchKind.GoTo })
            {
                if (!IsInNestedFunction(node, body))
                {
                    return false;
                }
            }
        }

        return !DatabaseQueries.ContainsRoundTrip(body, symbols, context.CancellationToken);
    }

    private static bool IsInNestedFunction(IOperation node, IOperation body)
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
