using Microsoft.CodeAnalysis.CSharp.Syntax;
using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Queries;

/// <summary>
/// DBP029: a query materializes whole entities (<c>First*</c>/<c>Single*</c>/<c>Last*</c> into a local, <c>ToList*</c>/<c>ToArray*</c>
/// into a local only iterated with <c>foreach</c>, or a <c>foreach</c> over the query) and the method reads only one or two
/// mapped scalar properties of them: the entity is never assigned, passed, returned, stored or used as a whole. Only for
/// entities with at least <see cref="MinimumColumns"/> mapped scalar properties. Reported on the materializing call (on the
/// query of a <c>foreach</c> over it); the locals whose reads the fix rewrites are the additional locations.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WholeEntityLoadedForFewColumnsAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: the columns read, comma-separated, in order of first read.</summary>
    public const string ColumnsKey = "Columns";

    /// <summary>Diagnostic property: the entity's name (the fix's lambda parameter is its initial).</summary>
    public const string EntityKey = "Entity";

    /// <summary>Diagnostic property, present when the projection must be an anonymous type (two columns, or the entity is null-checked).</summary>
    public const string AnonymousKey = "Anonymous";

    /// <summary>Diagnostic property, present when the fix can rewrite the code (locals declared with <c>var</c>, a fluent call).</summary>
    public const string FixableKey = "Fixable";

    /// <summary>Diagnostic property, present when the diagnostic is on the collection of a <c>foreach</c> over the query (no materializing call).</summary>
    public const string LoopKey = "Loop";

    /// <summary>Entities with fewer mapped scalar properties are narrow enough: loading them whole costs little.</summary>
    public const int MinimumColumns = 5;

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.WholeEntityLoadedForFewColumns,
        "Whole entities loaded to read one or two columns",
        "'{0}' loads whole '{1}' entities ({2} mapped columns) but the code reads only {3}: select only what it reads",
        RuleCategories.Performance,
        DiagnosticSeverity.Info,
        "A query that materializes entities reads every mapped column of every row and (unless AsNoTracking) tracks them. When the " +
        "code only reads one or two properties, project them with Select: the database sends and EF Core materializes only those.");

    private static readonly HashSet<string> SingleRow = new(StringComparer.Ordinal)
    {
        "First", "FirstOrDefault", "Single", "SingleOrDefault", "Last", "LastOrDefault",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        if (symbols.Queryable is null)
        {
            return;
        }

        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        context.RegisterOperationAction(c => AnalyzeLoop(c, symbols), OperationKind.Loop);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, EfSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var name = QueryOperators.SyncName(method.Name);
        var single = SingleRow.Contains(name);
        if ((!single && name is not ("ToList" or "ToArray")) || method.TypeArguments.Length != 1 || !QueryOperators.IsQueryMethod(method, symbols) ||
            Consumer(invocation) is not { } consumer)
        {
            return;
        }

        // cheap shape checks before the model: a local declared by the call (or a foreach over a list it returns)
        ILocalSymbol? local = null;
        IForEachLoopOperation? directLoop = null;
        var throwsWhenMissing = false;
        if (single && consumer.Parent is ICoalesceOperation coalesce && ReferenceEquals(coalesce.Value, consumer) && coalesce.WhenNull.WalkDownConversions() is IThrowOperation)
        {
            // var u = await q.FirstOrDefaultAsync() ?? throw ...: a null check
            consumer = coalesce;
            throwsWhenMissing = true;
        }

        switch (consumer.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                local = declarator.Symbol;
                break;
            case IForEachLoopOperation loop when !single && ReferenceEquals(loop.Collection, consumer):
                directLoop = loop;
                break;
            default:
                return;
        }

        if (EfModel.For(context.Compilation, context.CancellationToken) is not { } model || Wide(model, method.TypeArguments[0]) is not { } entity ||
            QueryOperators.GetSource(invocation) is not { } source || !IsEntityQuery(source, symbols, context.CancellationToken) ||
            invocation.GetEnclosingBody() is not { } body)
        {
            return;
        }

        var reads = new Reads(entity) { NullChecked = throwsWhenMissing };
        var rewritten = new List<Location>();
        // a fluent call (q.First()), not Queryable.First(q): the fix writes the projection on its receiver
        var fixable = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax fluent } && source.Syntax == fluent.Expression;
        if (single)
        {
            if (!reads.OnlyColumns(local!, body, context.CancellationToken))
            {
                return;
            }

            var declaratorSyntax = local!.DeclaringSyntaxReferences.Length == 1 ? local.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) : null;
            fixable &= declaratorSyntax is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type.IsVar: true, Variables.Count: 1 } };
            if (declaratorSyntax is not null)
            {
                rewritten.Add(declaratorSyntax.GetLocation());
            }
        }
        else if (directLoop is not null)
        {
            if (!LoopReadsOnlyColumns(directLoop, reads, rewritten, ref fixable, context.CancellationToken))
            {
                return;
            }
        }
        else
        {
            // a list: only iterated (and counted)
            var declaratorSyntax = local!.DeclaringSyntaxReferences.Length == 1 ? local.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) : null;
            fixable &= declaratorSyntax is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type.IsVar: true, Variables.Count: 1 } };
            if (!ListOnlyIterated(local, body, reads, rewritten, ref fixable, context.CancellationToken))
            {
                return;
            }
        }

        if (!reads.IsFew)
        {
            return;
        }

        var location = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } ? access.Name.GetLocation() : invocation.Syntax.GetLocation();
        Report(context, location, rewritten, method.Name, entity, reads, fixable, loop: false);
    }

    private static void AnalyzeLoop(OperationAnalysisContext context, EfSymbols symbols)
    {
        if (context.Operation is not IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation { Symbol: { } variable } } loop ||
            QueryOperators.Unwrap(loop.Collection) is not { } collection ||
            (collection is IInvocationOperation call && QueryOperators.IsMaterializing(call, symbols)) ||
            (!IsQueryable(collection.Type, symbols) && collection.Type?.Name != "IAsyncEnumerable" && symbols.GetDbSetElementType(collection.Type) is null))
        {
            return;
        }

        if (EfModel.For(context.Compilation, context.CancellationToken) is not { } model || Wide(model, variable.Type) is not { } entity ||
            !IsEntityQuery(collection, symbols, context.CancellationToken))
        {
            return;
        }

        var reads = new Reads(entity);
        var rewritten = new List<Location>();
        // the fix appends Select to a queryable collection (not after AsAsyncEnumerable)
        var fixable = IsQueryable(collection.Type, symbols) || symbols.GetDbSetElementType(collection.Type) is not null;
        if (!LoopReadsOnlyColumns(loop, reads, rewritten, ref fixable, context.CancellationToken) || !reads.IsFew)
        {
            return;
        }

        var location = loop.Syntax is CommonForEachStatementSyntax statement ? statement.Expression.GetLocation() : loop.Collection.Syntax.GetLocation();
        Report(context, location, rewritten, "foreach", entity, reads, fixable, loop: true);
    }

    private static void Report(OperationAnalysisContext context, Location location, List<Location> rewritten, string what, EntityModel entity, Reads reads, bool fixable, bool loop)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[ColumnsKey] = string.Join(",", reads.Columns);
        properties[EntityKey] = entity.Name;
        if (reads.Columns.Count > 1 || reads.NullChecked)
        {
            properties[AnonymousKey] = "";
        }

        if (fixable)
        {
            properties[FixableKey] = "";
        }

        if (loop)
        {
            properties[LoopKey] = "";
        }

        var columns = reads.Columns.Count == 1 ? $"'{reads.Columns[0]}'" : $"'{reads.Columns[0]}' and '{reads.Columns[1]}'";
        context.ReportDiagnostic(Diagnostic.Create(Rule, location, rewritten, properties.ToImmutable(), what, entity.DisplayName, reads.MappedCount, columns));
    }

    /// <summary>The operation that holds the call's result: the call itself, or the <c>await</c> around it (through <c>ConfigureAwait</c>, parentheses, implicit conversions).</summary>
    private static IOperation? Consumer(IInvocationOperation invocation)
    {
        IOperation current = invocation;
        while (current.Parent is { } parent)
        {
            switch (parent)
            {
                case IParenthesizedOperation:
                case IConversionOperation { IsImplicit: true }:
                case IAwaitOperation:
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure when ReferenceEquals(configure.Instance, current):
                    current = parent;
                    continue;
                case IArgumentOperation:
                    return null;
                default:
                    return current;
            }
        }

        return null;
    }

    /// <summary>A keyed, non-owned entity with at least <see cref="MinimumColumns"/> mapped scalar properties.</summary>
    private static EntityModel? Wide(EfModel model, ITypeSymbol type)
    {
        if (model.GetEntity(type) is not { IsKeyless: false, IsOwned: false } entity)
        {
            return null;
        }

        var mapped = 0;
        foreach (var property in entity.ScalarProperties)
        {
            if (!entity.IgnoredMembers.Contains(property.Name))
            {
                mapped++;
            }
        }

        return mapped >= MinimumColumns ? entity : null;
    }

    private static bool IsQueryable(ITypeSymbol? type, EfSymbols symbols)
    {
        if (type is null || symbols.IQueryableOfT is not { } queryable)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, queryable))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, queryable))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Every way the value is built starts at a query root, and nothing on the way projects, includes navigations
    /// (the author asked for the graph), runs raw SQL (not always composable with Select) or materializes already.
    /// </summary>
    private static bool IsEntityQuery(IOperation source, EfSymbols symbols, CancellationToken cancellationToken)
    {
        var paths = QuerySources.Find(source, symbols, cancellationToken);
        if (paths.IsEmpty)
        {
            return false;
        }

        foreach (var path in paths)
        {
            if (!path.IsKnown)
            {
                return false;
            }

            foreach (var op in path.Operators)
            {
                var opName = QueryOperators.SyncName(op.TargetMethod.Name);
                if (QueryOperators.IsProjection(op.TargetMethod) || QueryOperators.IsSqlSource(op.TargetMethod) || QueryOperators.IsMaterializing(op, symbols) ||
                    opName is "Include" or "ThenInclude" or "AsEnumerable" or "Distinct" or "Union" or "Concat" or "Intersect" or "Except" or "DistinctBy" or "UnionBy")
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The loop's variable (declared with <c>var</c> for the fix) only reads columns.</summary>
    private static bool LoopReadsOnlyColumns(IForEachLoopOperation loop, Reads reads, List<Location> rewritten, ref bool fixable, CancellationToken cancellationToken)
    {
        if (loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: { } variable } || !reads.OnlyColumns(variable, loop.Body, cancellationToken))
        {
            return false;
        }

        fixable &= loop.Syntax is ForEachStatementSyntax { Type.IsVar: true };
        rewritten.Add(loop.Syntax.GetLocation());
        return true;
    }

    /// <summary>The list is only iterated with <c>foreach</c> (whose variables only read columns) and counted.</summary>
    private static bool ListOnlyIterated(ILocalSymbol list, IOperation body, Reads reads, List<Location> rewritten, ref bool fixable, CancellationToken cancellationToken)
    {
        var loops = 0;
        foreach (var descendant in body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (descendant is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, list))
            {
                continue;
            }

            IOperation use = reference;
            while (use.Parent is IConversionOperation { IsImplicit: true } conversion)
            {
                use = conversion;
            }

            switch (use.Parent)
            {
                case IForEachLoopOperation loop when ReferenceEquals(loop.Collection, use):
                    if (!LoopReadsOnlyColumns(loop, reads, rewritten, ref fixable, cancellationToken))
                    {
                        return false;
                    }

                    loops++;
                    break;
                case IPropertyReferenceOperation { Property.Name: "Count" or "Length" } count when ReferenceEquals(count.Instance, use) && !IsWritten(count):
                    break;
                default:
                    return false;
            }
        }

        return loops > 0;
    }

    private static bool IsWritten(IOperation operation) => operation.Parent switch
    {
        IAssignmentOperation assignment => ReferenceEquals(assignment.Target, operation),
        IIncrementOrDecrementOperation => true,
        IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out,
        ITupleOperation => true,
        _ => false,
    };

    /// <summary>The columns one or more locals read, and whether any of them is null-checked.</summary>
    private sealed class Reads
    {
        private readonly EntityModel _entity;

        public Reads(EntityModel entity)
        {
            _entity = entity;
            foreach (var property in entity.ScalarProperties)
            {
                if (!entity.IgnoredMembers.Contains(property.Name))
                {
                    MappedCount++;
                }
            }
        }

        public List<string> Columns { get; } = new();

        public bool NullChecked { get; set; }

        public int MappedCount { get; }

        public bool IsFew => Columns.Count is 1 or 2;

        /// <summary>Every reference to the local (after its declaration) reads a mapped scalar property, or compares it with null.</summary>
        public bool OnlyColumns(ILocalSymbol local, IOperation scope, CancellationToken cancellationToken)
        {
            foreach (var descendant in scope.Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (descendant is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local) &&
                    (!Accept(reference) || Columns.Count > 2))
                {
                    return false;
                }
            }

            return true;
        }

        private bool Accept(ILocalReferenceOperation reference)
        {
            switch (reference.Parent)
            {
                case IPropertyReferenceOperation property when ReferenceEquals(property.Instance, reference):
                    return AcceptColumn(property);
                case IConditionalAccessOperation conditional when ReferenceEquals(conditional.Operation, reference):
                    NullChecked = true;
                    return ConditionalInstance(conditional.WhenNotNull) is { Parent: IPropertyReferenceOperation member } instance &&
                           ReferenceEquals(member.Instance, instance) && AcceptColumn(member);
            }

            IOperation use = reference;
            while (use.Parent is IConversionOperation { IsImplicit: true, OperatorMethod: null } conversion)
            {
                use = conversion;
            }

            switch (use.Parent)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals, OperatorMethod: null } comparison when
                    IsNull(ReferenceEquals(comparison.LeftOperand, use) ? comparison.RightOperand : comparison.LeftOperand):
                    NullChecked = true;
                    return true;
                case IIsPatternOperation { Pattern: var pattern } isPattern when ReferenceEquals(isPattern.Value, use) && IsNullPattern(pattern):
                    NullChecked = true;
                    return true;
                default:
                    return false;
            }
        }

        private bool AcceptColumn(IPropertyReferenceOperation property)
        {
            var name = property.Property.Name;
            if (IsWritten(property) || property.Arguments.Length > 0 || _entity.FindProperty(name) is null || _entity.IgnoredMembers.Contains(name))
            {
                return false;
            }

            if (!Columns.Contains(name))
            {
                Columns.Add(name);
            }

            return true;
        }

        private static bool IsNull(IOperation operand) =>
            operand.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: null } };

        private static bool IsNullPattern(IPatternOperation pattern) => pattern switch
        {
            IConstantPatternOperation constant => IsNull(constant.Value),
            INegatedPatternOperation negated => IsNullPattern(negated.Pattern),
            _ => false,
        };

        /// <summary>The <c>?.</c> receiver placeholder of this conditional access (not of one nested in it).</summary>
        private static IConditionalAccessInstanceOperation? ConditionalInstance(IOperation operation)
        {
            if (operation is IConditionalAccessInstanceOperation instance)
            {
                return instance;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (operation is IConditionalAccessOperation nested && !ReferenceEquals(child, nested.Operation))
                {
                    continue;
                }

                if (ConditionalInstance(child) is { } found)
                {
                    return found;
                }
            }

            return null;
        }
    }
}
