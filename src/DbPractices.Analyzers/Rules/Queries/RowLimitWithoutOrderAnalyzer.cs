using Microsoft.CodeAnalysis.CSharp.Syntax;
using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Queries;

/// <summary>
/// DBP012: <c>Skip</c>/<c>Take</c>/<c>Last*</c>/<c>ElementAt*</c> on an EF query with no ordering before
/// them, and <c>First*</c> with neither a filter nor an ordering: the database returns rows in any order,
/// so the page (or "first" row) changes between runs.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RowLimitWithoutOrderAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: the primary key property names, comma-separated (absent when no fix is possible).</summary>
    public const string KeyProperty = "Key";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.RowLimitWithoutOrder,
        "Skip/Take (or First* with no filter) without OrderBy",
        "'{0}' on a query of '{1}' without OrderBy: the database returns rows in no defined order, so the result can change between runs",
        RuleCategories.Reliability,
        DiagnosticSeverity.Warning,
        "Skip, Take, Last and ElementAt (and First without a filter) pick rows by position; without an ORDER BY the position is not defined.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        if (symbols.Queryable is null)
        {
            return;
        }

        context.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, EfSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!QueryOperators.IsRowLimiting(method) || !IsQueryableOperator(method, symbols) ||
            invocation.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax memberAccess })
        {
            return;
        }

        var name = QueryOperators.SyncName(method.Name);
        var isFirst = name is "First" or "FirstOrDefault";
        if (isFirst && QueryOperators.HasFunctionArgument(invocation))
        {
            return;
        }

        var sources = QuerySources.Find(QueryOperators.GetSource(invocation)!, symbols, context.CancellationToken);
        if (sources.IsEmpty)
        {
            return;
        }

        var model = EfModel.For(context.Compilation, context.CancellationToken);
        // one path without ordering is enough (q = sort ? q.OrderBy(..) : q); a fix then would override the
        // ordering of the other paths, so it is offered only when no path orders
        INamedTypeSymbol? entityType = null;
        var unordered = 0;
        foreach (var source in sources)
        {
            if (!source.IsKnown)
            {
                return;
            }

            if (!IsOrderedOrExempt(source, model, isFirst, context.CancellationToken))
            {
                unordered++;
                entityType ??= source.EntityType;
            }
        }

        if (unordered == 0)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        var element = method.IsGenericMethod ? method.TypeArguments[0] : null;
        if (unordered == sources.Length && model?.GetEntity(element) is { IsKeyless: false } entity &&
            SymbolEqualityComparer.Default.Equals(element?.OriginalDefinition, entity.Type) &&
            entity.EffectivePrimaryKey is { IsDefaultOrEmpty: false } key &&
            AllClrProperties(entity, key))
        {
            properties = properties.Add(KeyProperty, string.Join(",", key));
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, memberAccess.Name.GetLocation(), properties, method.Name, DisplayName(element ?? entityType)));
    }

    /// <summary>The element's name for the message; an anonymous type (a projection) has none of its own.</summary>
    private static string DisplayName(ITypeSymbol? type) => type switch
    {
        null => "?",
        { IsAnonymousType: true } => "anonymous type",
        _ => type.Name.Length > 0 ? type.Name : type.ToDisplayString(),
    };

    private static bool IsQueryableOperator(IMethodSymbol method, EfSymbols symbols)
    {
        var containing = method.ContainingType?.OriginalDefinition;
        return SymbolEqualityComparer.Default.Equals(containing, symbols.Queryable) ||
               SymbolEqualityComparer.Default.Equals(containing, symbols.EntityFrameworkQueryableExtensions);
    }

    /// <summary>
    /// Silent when the chain orders, starts from SQL text (which may order), already limits rows earlier
    /// (that operator is the one reported), or filters to one row by key; <c>First*</c> is also silent after a <c>Where</c>.
    /// </summary>
    private static bool IsOrderedOrExempt(QuerySource source, EfModel? model, bool isFirst, System.Threading.CancellationToken cancellationToken)
    {
        var keyEqualities = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in source.Operators)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var method = op.TargetMethod;
            if (QueryOperators.IsOrdering(method) || QueryOperators.IsSqlSource(method) || QueryOperators.IsRowLimiting(method))
            {
                return true;
            }

            if (method.Name == "Where")
            {
                if (isFirst)
                {
                    return true;
                }

                foreach (var argument in op.Arguments)
                {
                    if (argument.Value.GetLambda() is { } lambda && lambda.GetLambdaResult() is { } body)
                    {
                        CollectEqualities(body, lambda, keyEqualities);
                    }
                }
            }
        }

        return keyEqualities.Count > 0 && model?.GetEntity(source.EntityType) is { } entity && IsUniqueLookup(entity, keyEqualities);
    }

    /// <summary><c>e.P == x</c> (either side) joined by <c>&amp;&amp;</c>.</summary>
    private static void CollectEqualities(IOperation operation, IAnonymousFunctionOperation lambda, HashSet<string> names)
    {
        operation = operation.WalkDownConversions()!;
        if (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And } and)
        {
            CollectEqualities(and.LeftOperand, lambda, names);
            CollectEqualities(and.RightOperand, lambda, names);
        }
        else if (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals)
        {
            if (OperationHelpers.GetMemberPath(equals.LeftOperand, lambda) is { } left)
            {
                names.Add(left);
            }

            if (OperationHelpers.GetMemberPath(equals.RightOperand, lambda) is { } right)
            {
                names.Add(right);
            }
        }
    }

    private static bool IsUniqueLookup(EntityModel entity, HashSet<string> equalities)
    {
        if (Covers(entity.EffectivePrimaryKey, equalities))
        {
            return true;
        }

        for (var e = entity; e is not null; e = e.BaseEntity)
        {
            foreach (var alternate in e.AlternateKeys)
            {
                if (Covers(alternate, equalities))
                {
                    return true;
                }
            }
        }

        foreach (var index in entity.AllIndexes())
        {
            if (index.IsUnique && !index.IsFiltered && Covers(index.Properties, equalities))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Covers(ImmutableArray<string> columns, HashSet<string> equalities)
    {
        if (columns.IsDefaultOrEmpty)
        {
            return false;
        }

        foreach (var column in columns)
        {
            if (!equalities.Contains(column))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllClrProperties(EntityModel entity, ImmutableArray<string> key)
    {
        foreach (var name in key)
        {
            var found = false;
            foreach (var property in entity.Type.GetInstanceProperties())
            {
                if (property.Name == name)
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
