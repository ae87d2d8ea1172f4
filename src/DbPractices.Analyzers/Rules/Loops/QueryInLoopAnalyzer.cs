using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Loops;

/// <summary>
/// DBP009: a database round trip (materialization, Find, explicit Load, bulk update/delete, foreach over a
/// query) inside a loop body: one query per iteration.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class QueryInLoopAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: which fix applies, <see cref="HoistFix"/> or <see cref="IncludeFix"/>.</summary>
    public const string FixKey = "Fix";

    public const string HoistFix = "Hoist";

    public const string IncludeFix = "Include";

    /// <summary>Hoist: the key property the lookup compares.</summary>
    public const string KeyKey = "Key";

    /// <summary>Hoist: "Default" (Find/FirstOrDefault/SingleOrDefault → null when missing) or "Throw" (First/Single).</summary>
    public const string LookupKey = "Lookup";

    /// <summary>Hoist: the member of the loop variable the lookup uses ("" when the loop variable itself).</summary>
    public const string MemberKey = "Member";

    /// <summary>Hoist: the foreach variable's name (finds the loop again).</summary>
    public const string LoopVariableKey = "LoopVariable";

    /// <summary>Include: the navigation loaded explicitly (same key as DBP008's).</summary>
    public const string PathKey = NavigationInLoopAnalyzer.PathKey;

    /// <summary>Include: the loop entity's type name (same key as DBP008's).</summary>
    public const string TypesKey = NavigationInLoopAnalyzer.TypesKey;

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.QueryInLoop,
        "Database query inside a loop",
        "'{0}' queries the database in every iteration of the loop",
        RuleCategories.Performance,
        DiagnosticSeverity.Warning,
        "A query per iteration makes one database round trip per row (N+1). Load what the loop needs with one query before it (a Contains filter into a dictionary, an Include) instead.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        var loopSymbols = new LoopSymbols(symbols);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, loopSymbols), OperationKind.Invocation);
        context.RegisterOperationAction(c => AnalyzeForEach(c, loopSymbols), OperationKind.Loop);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, LoopSymbols symbols)
    {
        // the loop first: a walk up the parents rules out most calls, before their query sources are followed
        var invocation = (IInvocationOperation)context.Operation;
        if (LoopAnalysis.FindRepeatingLoop(invocation, symbols) is not { } repeating ||
            !DatabaseQueries.IsRoundTrip(invocation, symbols, context.CancellationToken, out var sources) ||
            FindLoop(repeating, sources, symbols, context) is not { } loop || RunsAtMostOnce(invocation, loop))
        {
            return;
        }

        var properties = LoopFixShapes.DescribeHoist(invocation, loop, symbols, context.Compilation, context.CancellationToken);
        var additional = ImmutableArray<Location>.Empty;
        if (properties is null && LoopFixShapes.DescribeLoadToInclude(invocation, loop, symbols, context.Compilation, context.CancellationToken, out var include, out var roots))
        {
            properties = include;
            additional = roots;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), additional, properties, invocation.TargetMethod.Name));
    }

    /// <summary>A foreach over a query inside another loop runs the query per outer iteration.</summary>
    private static void AnalyzeForEach(OperationAnalysisContext context, LoopSymbols symbols)
    {
        if (context.Operation is not IForEachLoopOperation forEach ||
            LoopAnalysis.FindRepeatingLoop(forEach, symbols) is not { } repeating ||
            !DatabaseQueries.IsLiveQuery(forEach.Collection, symbols, context.CancellationToken, out var sources) ||
            FindLoop(repeating, sources, symbols, context) is null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, forEach.Collection.Syntax.GetLocation(), "foreach"));
    }

    /// <summary>The repeating loop around the round trip, unless it polls, batches or pages.</summary>
    private static EnclosingLoop? FindLoop(EnclosingLoop loop, ImmutableArray<QuerySource> sources, LoopSymbols symbols, OperationAnalysisContext context)
    {
        if (LoopAnalysis.IsPollingLoop(loop, symbols) || LoopAnalysis.IsBatchLoop(loop, symbols) ||
            (DatabaseQueries.HasOperator(sources, "Take") && DatabaseQueries.HasOperator(sources, "Skip")) ||
            LoopAnalysis.IsPagingLoop(loop, symbols, context.CancellationToken))
        {
            return null;
        }

        return loop;
    }

    /// <summary>
    /// The lookup's result is stored where it outlives the iteration, guarded by a condition that result makes false:
    /// <c>x ??= ctx.Set.Find(..)</c>, <c>if (x == null) x = ...</c>, <c>if (x is null) { x = await ...; }</c>. It runs at most once.
    /// </summary>
    private static bool RunsAtMostOnce(IOperation lookup, EnclosingLoop loop)
    {
        var node = lookup;
        while (node.Parent is IAwaitOperation or IConversionOperation or IParenthesizedOperation ||
               node.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && ReferenceEquals(configure.Instance?.WalkDownConversions(), node))
        {
            node = node.Parent!;
        }

        switch (node.Parent)
        {
            case ICoalesceAssignmentOperation coalesce when ReferenceEquals(coalesce.Value, node) && OutlivesIteration(coalesce.Target, loop, out _):
                return true;
            case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, node) && OutlivesIteration(assignment.Target, loop, out var target):
                for (IOperation child = assignment, parent = assignment.Parent!; parent is not null && !ReferenceEquals(child, loop.Loop?.Body) && !ReferenceEquals(parent, loop.Lambda); child = parent, parent = parent.Parent!)
                {
                    if (parent is IConditionalOperation conditional && ReferenceEquals(conditional.WhenTrue, child) && TestsNull(conditional.Condition, target!))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool OutlivesIteration(IOperation target, EnclosingLoop loop, out ISymbol? symbol)
    {
        symbol = target.WalkDownConversions() switch
        {
            ILocalReferenceOperation local when !LoopAnalysis.IsDeclaredInside(local.Local, loop) => local.Local,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Property,
            _ => null,
        };

        return symbol is not null;
    }

    /// <summary><c>x == null</c>, <c>null == x</c>, <c>x is null</c>, possibly one operand of <c>&amp;&amp;</c>.</summary>
    private static bool TestsNull(IOperation condition, ISymbol target)
    {
        condition = condition.WalkDownConversions()!;
        switch (condition)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                return TestsNull(and.LeftOperand, target) || TestsNull(and.RightOperand, target);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                return (IsTarget(equals.LeftOperand, target) && IsNull(equals.RightOperand)) ||
                       (IsTarget(equals.RightOperand, target) && IsNull(equals.LeftOperand));
            case IIsPatternOperation { Pattern: IConstantPatternOperation { Value: var value } } pattern:
                return IsTarget(pattern.Value, target) && IsNull(value);
            default:
                return false;
        }

        static bool IsNull(IOperation operation) => operation.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: null } };

        static bool IsTarget(IOperation operation, ISymbol symbol) => operation.WalkDownConversions() switch
        {
            ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, symbol),
            IFieldReferenceOperation field => SymbolEqualityComparer.Default.Equals(field.Field, symbol),
            IPropertyReferenceOperation property => SymbolEqualityComparer.Default.Equals(property.Property, symbol),
            _ => false,
        };
    }
}
