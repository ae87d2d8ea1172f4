using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Hygiene;

/// <summary>
/// DBP032: a method calls <c>SaveChanges*</c> two or more times on one context, on one path, with no explicit transaction:
/// when a later save fails, the earlier ones are already committed (half-written data). Reported on the second save.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SaveChangesWithoutTransactionAnalyzer : DbpAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.SaveChangesWithoutTransaction,
        "Several SaveChanges in one operation without a transaction",
        "'{0}' is the second save on '{1}' in this method without a transaction: if it fails, the first save is already committed and the data is half-written",
        RuleCategories.Reliability,
        DiagnosticSeverity.Warning,
        "Each SaveChanges call commits its own transaction. A multi-step operation that saves more than once needs one explicit transaction around the steps.");

    /// <summary>Diagnostic property, present when the context runs under a retrying execution strategy (<see cref="ExecutionStrategies"/>).</summary>
    public const string RetryingKey = "RetryingStrategy";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols) =>
        context.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context, EfSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!ContextInstances.IsSave(invocation, symbols) || ContextInstances.Instance(invocation.Instance) is not { } instance ||
            Body(invocation, out var inLoop) is not { } body || inLoop || IsSeedingOrMigration(invocation, body, symbols))
        {
            return;
        }

        var earlier = new List<IInvocationOperation>();
        foreach (var descendant in body.Descendants())
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (descendant is IInvocationOperation call && ContextInstances.IsSave(call, symbols) &&
                SymbolEqualityComparer.Default.Equals(ContextInstances.Instance(call.Instance), instance) &&
                Body(call, out var callInLoop) == body)
            {
                if (callInLoop)
                {
                    // the method commits in batches on purpose (or saves per row: DBP010's); one more save is not half-written data
                    return;
                }

                if (call.Syntax.SpanStart < invocation.Syntax.SpanStart)
                {
                    earlier.Add(call);
                }
            }
        }

        // report the second save of a path only: exactly one earlier save on the same path
        var onPath = 0;
        foreach (var call in earlier)
        {
            if (!AreExclusive(call, invocation, body))
            {
                onPath++;
            }
        }

        if (onPath != 1 || HasTransaction(body, symbols))
        {
            return;
        }

        // under a retrying execution strategy a user transaction must run inside CreateExecutionStrategy().Execute*: the fix needs to know
        var properties = EfModel.For(context.Compilation, context.CancellationToken) is { } model &&
                         model.UsesRetryingStrategy(invocation.Instance?.WalkDownConversions()?.Type ?? invocation.TargetMethod.ContainingType)
            ? ImmutableDictionary<string, string?>.Empty.Add(RetryingKey, "true")
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, invocation.TargetMethod.Name, instance.Name));
    }

    /// <summary>The method, local function or lambda the call runs in; whether a loop of that body encloses it (DBP010's case).</summary>
    private static IOperation? Body(IOperation operation, out bool inLoop)
    {
        inLoop = false;
        for (var node = operation.Parent; node is not null; node = node.Parent)
        {
            if (node is ILoopOperation)
            {
                inLoop = true;
            }

            if (node is IMethodBodyOperation or ILocalFunctionOperation or IAnonymousFunctionOperation)
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>
    /// Two calls on mutually exclusive paths: different arms of an <c>if</c>/<c>?:</c> or different <c>switch</c> sections,
    /// or the earlier one in a branch that ends by leaving the method (<c>return</c>/<c>throw</c>).
    /// </summary>
    private static bool AreExclusive(IOperation first, IOperation second, IOperation body)
    {
        var secondAncestors = new HashSet<IOperation>();
        for (var node = second; node is not null && node != body; node = node.Parent)
        {
            secondAncestors.Add(node);
        }

        IOperation? previous = null;
        for (var node = first; node is not null && node != body; previous = node, node = node.Parent)
        {
            if (secondAncestors.Contains(node))
            {
                // node is the lowest common ancestor; previous is first's branch under it
                if (node is IConditionalOperation conditional)
                {
                    IOperation? secondBranch = second;
                    while (secondBranch is not null && secondBranch.Parent != node)
                    {
                        secondBranch = secondBranch.Parent;
                    }

                    return previous != conditional.Condition && secondBranch != conditional.Condition;
                }

                return node is ISwitchOperation or ISwitchExpressionOperation;
            }

            if (previous is not null && node is IConditionalOperation && previous is IBlockOperation branch && LeavesMethod(branch))
            {
                return true;
            }

            if (node is IConditionalOperation && previous is IReturnOperation or IThrowOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool LeavesMethod(IBlockOperation block) =>
        block.Operations.Length > 0 && block.Operations[block.Operations.Length - 1] is IReturnOperation or IThrowOperation or
            IExpressionStatementOperation { Operation: IThrowOperation };

    /// <summary>An explicit transaction in the body, or one the caller supplies (a transaction parameter).</summary>
    private static bool HasTransaction(IOperation body, EfSymbols symbols)
    {
        if (body is IMethodBodyOperation or ILocalFunctionOperation or IAnonymousFunctionOperation &&
            OwnerMethod(body) is { } method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.Name is "IDbContextTransaction" or "DbTransaction" or "IDbTransaction" or "TransactionScope" ||
                    parameter.Type.Name.EndsWith("Transaction", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        foreach (var descendant in body.Descendants())
        {
            switch (descendant)
            {
                case IInvocationOperation { TargetMethod.Name: "BeginTransaction" or "BeginTransactionAsync" or "UseTransaction" or "UseTransactionAsync" or "EnlistTransaction" }:
                    return true;
                case IObjectCreationOperation { Type.Name: "TransactionScope" or "CommittableTransaction" }:
                    return true;
            }
        }

        return false;
    }

    private static IMethodSymbol? OwnerMethod(IOperation body) => body switch
    {
        ILocalFunctionOperation local => local.Symbol,
        IAnonymousFunctionOperation lambda => lambda.Symbol,
        _ => body.SemanticModel?.GetDeclaredSymbol(body.Syntax) as IMethodSymbol,
    };

    /// <summary>Migrations and seeding (<c>UseSeeding</c>/<c>UseAsyncSeeding</c> lambdas, seeder/initializer classes) save in steps on purpose.</summary>
    private static bool IsSeedingOrMigration(IOperation call, IOperation body, EfSymbols symbols)
    {
        for (var node = body; node is not null; node = node.Parent)
        {
            if (node is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "UseSeeding" or "UseAsyncSeeding" } })
            {
                return true;
            }
        }

        var type = call.SemanticModel?.GetEnclosingSymbol(call.Syntax.SpanStart)?.ContainingType;
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if ((symbols.Migration is not null && t.IsOrInheritsFrom(symbols.Migration)) ||
                t.Name.IndexOf("Seed", StringComparison.Ordinal) >= 0 || t.Name.EndsWith("Initializer", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
