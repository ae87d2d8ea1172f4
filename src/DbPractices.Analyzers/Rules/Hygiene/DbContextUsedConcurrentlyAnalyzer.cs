using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Hygiene;

/// <summary>
/// DBP026: two database operations on one DbContext instance can be in flight at once — <c>Task.WhenAll</c>/<c>WhenAny</c>
/// over EF calls on one context (also <c>items.Select(async x =&gt; await ctx...)</c>), an EF task stored and not awaited
/// before the next EF call on that context, a <c>Parallel.*</c>/<c>Task.Run</c> body using a context declared outside it.
/// EF Core throws "A second operation was started on this context instance" (or corrupts its state when it does not notice).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DbContextUsedConcurrentlyAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property, present when the <c>WhenAll</c> statement can become one await per operand.</summary>
    public const string SequentialKey = "Sequential";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.DbContextUsedConcurrently,
        "One DbContext used by concurrent operations",
        "{0}: a DbContext is not thread-safe, and EF Core throws \"A second operation was started on this context instance\"; await one operation before starting the next, or give each concurrent operation its own context",
        RuleCategories.Reliability,
        DiagnosticSeverity.Warning,
        "A DbContext instance supports one operation at a time. Operations that overlap on one instance throw, or corrupt the change tracker when EF Core does not notice.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        var task = symbols.GetType("System.Threading.Tasks.Task");
        var parallel = symbols.GetType("System.Threading.Tasks.Parallel");
        if (task is null)
        {
            return;
        }

        context.RegisterOperationAction(c => Analyze(c, symbols, task, parallel), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, EfSymbols symbols, INamedTypeSymbol task, INamedTypeSymbol? parallel)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var containing = method.ContainingType?.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(containing, task))
        {
            if (method.Name is "WhenAll" or "WhenAny")
            {
                AnalyzeWhenAll(context, invocation, symbols, task);
            }
            else if (method.Name == "Run" && !IsAwaitedOrJoined(invocation, task) && LambdaUsesOuterContext(invocation, symbols, context.CancellationToken))
            {
                Report(context, invocation, "'Task.Run' runs code on a DbContext declared outside it while this method goes on", sequential: false);
            }

            return;
        }

        if (parallel is not null && SymbolEqualityComparer.Default.Equals(containing, parallel) &&
            LambdaUsesOuterContext(invocation, symbols, context.CancellationToken))
        {
            Report(context, invocation, $"'Parallel.{method.Name}' runs its body on a DbContext declared outside it, on several threads at once", sequential: false);
            return;
        }

        AnalyzeStoredTask(context, invocation, symbols, task);
    }

    private static void AnalyzeWhenAll(OperationAnalysisContext context, IInvocationOperation invocation, EfSymbols symbols, INamedTypeSymbol task)
    {
        var operands = new List<IOperation>();
        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value.WalkDownConversions();
            if (value is IArrayCreationOperation { Initializer: { } initializer })
            {
                foreach (var element in initializer.ElementValues)
                {
                    operands.Add(element.WalkDownConversions()!);
                }
            }
            else if (value is IInvocationOperation or ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation)
            {
                operands.Add(value);
            }
            else if (value is not null)
            {
                // params ReadOnlySpan<Task> (.NET 9+) or a collection expression: an operation kind newer than our Roslyn floor
                foreach (var child in value.ChildOperations)
                {
                    operands.Add(child.WalkDownConversions()!);
                }
            }
        }

        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var inline = true;
        foreach (var operand in operands)
        {
            // items.Select(async x => await ctx...): one body per item, all at once
            if (operand is IInvocationOperation { TargetMethod.Name: "Select" } select && select.Arguments.Length == 2 &&
                select.Arguments[1].Value.GetLambda() is { Symbol.IsAsync: true } lambda &&
                OuterContexts(lambda, symbols, context.CancellationToken).Count > 0)
            {
                Report(context, invocation, $"'Task.{invocation.TargetMethod.Name}' runs an async lambda per item, each on the same DbContext", sequential: false);
                return;
            }

            if (operand is IInvocationOperation { TargetMethod.Name: "Run" } run &&
                SymbolEqualityComparer.Default.Equals(run.TargetMethod.ContainingType?.OriginalDefinition, task))
            {
                inline = false;
                foreach (var outer in OuterContexts(run, symbols, context.CancellationToken))
                {
                    if (!seen.Add(outer))
                    {
                        Report(context, invocation, $"'Task.{invocation.TargetMethod.Name}' runs operations on '{outer.Name}' at the same time", sequential: false);
                        return;
                    }
                }

                continue;
            }

            if (ContextOfAsyncCall(operand, symbols, context.CancellationToken) is { } instance)
            {
                if (!seen.Add(instance))
                {
                    var sequential = inline && AllInlineOnOneContext(operands, instance, symbols, context.CancellationToken) && IsStatementWhenAll(invocation);
                    Report(context, invocation, $"'Task.{invocation.TargetMethod.Name}' runs operations on '{instance.Name}' at the same time", sequential);
                    return;
                }
            }
            else
            {
                inline = false;
            }
        }
    }

    /// <summary><c>await Task.WhenAll(...)</c> (optionally <c>.ConfigureAwait(..)</c>) as a statement of its own: its result is not used.</summary>
    private static bool IsStatementWhenAll(IInvocationOperation invocation)
    {
        IOperation node = invocation;
        if (node.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure)
        {
            node = configure;
        }

        return invocation.TargetMethod.Name == "WhenAll" && node.Parent is IAwaitOperation { Parent: IExpressionStatementOperation };
    }

    private static bool AllInlineOnOneContext(List<IOperation> operands, ISymbol instance, EfSymbols symbols, CancellationToken cancellationToken)
    {
        foreach (var operand in operands)
        {
            if (!SymbolEqualityComparer.Default.Equals(ContextOfAsyncCall(operand, symbols, cancellationToken), instance))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An EF async call whose task is kept in a local and another EF call on the same context runs before it is awaited.</summary>
    private static void AnalyzeStoredTask(OperationAnalysisContext context, IInvocationOperation invocation, EfSymbols symbols, INamedTypeSymbol task)
    {
        if (!invocation.TargetMethod.Name.EndsWith("Async", StringComparison.Ordinal))
        {
            return;
        }

        ILocalSymbol? local = Up(invocation.Parent) switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
            _ => null,
        };
        if (local is null || ContextOfAsyncCall(invocation, symbols, context.CancellationToken) is not { } instance ||
            invocation.GetEnclosingBody() is not { } body)
        {
            return;
        }

        var end = invocation.Syntax.Span.End;
        var awaitedAt = int.MaxValue;
        foreach (var descendant in body.Descendants())
        {
            if (descendant is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local) &&
                reference.Syntax.SpanStart > end && reference.Syntax.SpanStart < awaitedAt && !IsJoinedWithOthers(reference, task))
            {
                awaitedAt = reference.Syntax.SpanStart;
            }
        }

        foreach (var descendant in body.Descendants())
        {
            if (descendant is IInvocationOperation other && !ReferenceEquals(other, invocation) &&
                other.Syntax.SpanStart > end && other.Syntax.SpanStart < awaitedAt &&
                SymbolEqualityComparer.Default.Equals(ContextInstances.Of(other, symbols, context.CancellationToken), instance))
            {
                Report(context, invocation, $"'{invocation.TargetMethod.Name}' is still running on '{instance.Name}' when '{other.TargetMethod.Name}' starts on it", sequential: false);
                return;
            }
        }
    }

    /// <summary>A use of the task that does not wait for it alone: passed to <c>Task.WhenAll</c>/<c>WhenAny</c> with others.</summary>
    private static bool IsJoinedWithOthers(ILocalReferenceOperation reference, INamedTypeSymbol task)
    {
        for (var node = reference.Parent; node is not null and not (IBlockOperation or IAnonymousFunctionOperation or IMethodBodyOperation); node = node.Parent)
        {
            if (node is IInvocationOperation { TargetMethod.Name: "WhenAll" or "WhenAny" } join &&
                SymbolEqualityComparer.Default.Equals(join.TargetMethod.ContainingType?.OriginalDefinition, task))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAwaitedOrJoined(IInvocationOperation run, INamedTypeSymbol task)
    {
        var parent = Up(run.Parent);
        if (parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure)
        {
            parent = Up(configure.Parent);
        }

        if (parent is IAwaitOperation)
        {
            return true;
        }

        // an operand of Task.WhenAll is judged with the other operands there
        for (var node = parent; node is not null and not (IBlockOperation or IAnonymousFunctionOperation or IMethodBodyOperation); node = node.Parent)
        {
            if (node is IInvocationOperation { TargetMethod.Name: "WhenAll" or "WhenAny" } join &&
                SymbolEqualityComparer.Default.Equals(join.TargetMethod.ContainingType?.OriginalDefinition, task))
            {
                return true;
            }
        }

        return false;
    }

    private static bool LambdaUsesOuterContext(IInvocationOperation invocation, EfSymbols symbols, CancellationToken cancellationToken) =>
        OuterContexts(invocation, symbols, cancellationToken).Count > 0;

    /// <summary>Contexts that lambdas among the operation's arguments (or the lambda itself) use but do not declare.</summary>
    private static HashSet<ISymbol> OuterContexts(IOperation operation, EfSymbols symbols, CancellationToken cancellationToken)
    {
        var result = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var lambdas = new List<IAnonymousFunctionOperation>();
        if (operation is IAnonymousFunctionOperation self)
        {
            lambdas.Add(self);
        }
        else if (operation is IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Value.GetLambda() is { } lambda)
                {
                    lambdas.Add(lambda);
                }
            }
        }

        foreach (var lambda in lambdas)
        {
            foreach (var descendant in lambda.Body.Descendants())
            {
                if (descendant is IInvocationOperation call && ContextInstances.Of(call, symbols, cancellationToken) is { } instance &&
                    !(instance is ILocalSymbol or IParameterSymbol && IsDeclaredInside(instance, lambda)))
                {
                    result.Add(instance);
                }
            }
        }

        return result;
    }

    private static bool IsDeclaredInside(ISymbol symbol, IAnonymousFunctionOperation lambda)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (lambda.Syntax.Span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The context instance of an EF async call (<c>ToListAsync</c>, <c>SaveChangesAsync</c>, <c>FindAsync</c>, ...).</summary>
    private static ISymbol? ContextOfAsyncCall(IOperation operation, EfSymbols symbols, CancellationToken cancellationToken) =>
        QueryOperators.Unwrap(operation) is IInvocationOperation call && call.TargetMethod.Name.EndsWith("Async", StringComparison.Ordinal)
            ? ContextInstances.Of(call, symbols, cancellationToken)
            : null;

    private static IOperation? Up(IOperation? operation)
    {
        while (operation is IConversionOperation or IParenthesizedOperation)
        {
            operation = operation.Parent;
        }

        return operation;
    }


    private static void Report(OperationAnalysisContext context, IInvocationOperation invocation, string what, bool sequential)
    {
        var properties = sequential ? ImmutableDictionary<string, string?>.Empty.Add(SequentialKey, "") : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, what));
    }
}
