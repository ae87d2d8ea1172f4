using Microsoft.CodeAnalysis.CSharp.Syntax;
using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Loops;

/// <summary>
/// DBP031 (suggestion): a <c>foreach</c> over a query whose body only sets mapped scalar properties of the row (to
/// constants, parameters, locals or the row's own values) or only removes it, followed by <c>SaveChanges*</c>: one
/// <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> statement (EF Core 7+) does the same without loading the rows.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RowByRowUpdateAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: <see cref="Update"/> or <see cref="Delete"/>.</summary>
    public const string KindKey = "Kind";

    public const string Update = "Update";

    public const string Delete = "Delete";

    /// <summary>Diagnostic property, present when the fix can be offered (the loop, the save and the list's declaration sit in one block).</summary>
    public const string FixableKey = "Fixable";

    /// <summary>Diagnostic property, present when the save only served the loop (the fix removes it).</summary>
    public const string RemoveSaveKey = "RemoveSave";

    /// <summary>Diagnostic property, present when the save is <c>SaveChangesAsync</c>.</summary>
    public const string AsyncKey = "Async";

    /// <summary>Diagnostic property: the cancellation token argument of <c>SaveChangesAsync</c> (source text), when one is passed.</summary>
    public const string TokenKey = "Token";

    /// <summary>Diagnostic property, present when the awaited save is followed by <c>.ConfigureAwait(false)</c>.</summary>
    public const string ConfigureAwaitKey = "ConfigureAwait";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.RowByRowUpdate,
        "Rows loaded and changed one by one: use ExecuteUpdate/ExecuteDelete",
        "Every '{0}' row of this query is loaded, {1} and saved one by one; '{2}' does it in one SQL statement",
        RuleCategories.Performance,
        DiagnosticSeverity.Info,
        "A loop that only sets columns of each row (or only removes it) and then saves loads every row, tracks it and sends one UPDATE/DELETE per row. " +
        "ExecuteUpdate/ExecuteDelete (EF Core 7+) run one statement in the database. They skip the change tracker, SaveChanges interceptors and overrides, and run at once.");

    /// <summary>Query operators ExecuteUpdate/ExecuteDelete accept as they are (filters, order, limits, tags).</summary>
    private static readonly HashSet<string> SupportedOperators = new(StringComparer.Ordinal)
    {
        "Where", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "Order", "OrderDescending", "Skip", "Take",
        "AsTracking", "TagWith", "TagWithCallSite", "IgnoreQueryFilters", "AsQueryable",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        // EF Core 7+: the referenced EF Core has ExecuteUpdate (Relational in 7-9, core in 10)
        if (!HasExecuteUpdate(symbols.RelationalQueryableExtensions) && !HasExecuteUpdate(symbols.EntityFrameworkQueryableExtensions))
        {
            return;
        }

        var loopSymbols = new LoopSymbols(symbols);
        context.RegisterOperationAction(c => Analyze(c, loopSymbols), OperationKind.Loop);
    }

    private static bool HasExecuteUpdate(INamedTypeSymbol? type) => type is not null && !type.GetMembers("ExecuteUpdate").IsEmpty;

    private sealed class Setter
    {
        public Setter(IPropertySymbol property, IOperation? value)
        {
            Property = property;
            Value = value;
        }

        public IPropertySymbol Property { get; }

        /// <summary>The value read (the right side; null for <c>x.P++</c>).</summary>
        public IOperation? Value { get; }
    }

    private static void Analyze(OperationAnalysisContext context, LoopSymbols symbols)
    {
        if (context.Operation is not IForEachLoopOperation forEach ||
            forEach.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: { } item } ||
            forEach.Syntax is not ForEachStatementSyntax header ||
            forEach.Parent is not IBlockOperation block)
        {
            return;
        }

        // 1. the body: only x.P = value statements, or one ctx.Remove(x)
        var statements = forEach.Body is IBlockOperation body ? body.Operations : ImmutableArray.Create(forEach.Body);
        if (statements.IsEmpty)
        {
            return;
        }

        var setters = new List<Setter>();
        IInvocationOperation? remove = null;
        foreach (var statement in statements)
        {
            if (statement is not IExpressionStatementOperation { Operation: var expression })
            {
                return;
            }

            switch (expression)
            {
                case IAssignmentOperation { Target: IPropertyReferenceOperation target } assignment when IsItem(target.Instance, item) &&
                    assignment is ISimpleAssignmentOperation or ICompoundAssignmentOperation { OperatorMethod: null }:
                    setters.Add(new Setter(target.Property, assignment.Value));
                    break;
                case IIncrementOrDecrementOperation { Target: IPropertyReferenceOperation target, OperatorMethod: null } when IsItem(target.Instance, item):
                    setters.Add(new Setter(target.Property, null));
                    break;
                case IInvocationOperation { TargetMethod.Name: "Remove", Arguments.Length: 1 } invocation when remove is null && IsItem(invocation.Arguments[0].Value, item):
                    remove = invocation;
                    break;
                default:
                    return;
            }
        }

        if (remove is not null && setters.Count > 0)
        {
            return;
        }

        // 2. the loop source: a live query, its ToList/ToArray, or a local holding that list used by this loop only
        var collection = QueryOperators.Unwrap(forEach.Collection);
        IOperation? query = collection;
        ILocalSymbol? listLocal = null;
        IOperation? listDeclaration = null;
        if (collection is ILocalReferenceOperation local && !DatabaseQueries.IsQueryable(local.Type, symbols))
        {
            var assignments = LocalAssignments.All(local.Local, forEach.GetEnclosingBody(), context.CancellationToken);
            if (assignments.Count != 1 || assignments[0].Operation is not IVariableDeclaratorOperation declarator ||
                declarator.Syntax.SpanStart > forEach.Syntax.SpanStart)
            {
                return;
            }

            listLocal = local.Local;
            listDeclaration = declarator;
            collection = QueryOperators.Unwrap(assignments[0].Value);
        }

        if (collection is IInvocationOperation { TargetMethod.Name: "ToList" or "ToListAsync" or "ToArray" or "ToArrayAsync" or "AsAsyncEnumerable" } materialized)
        {
            // await foreach (var x in q.AsAsyncEnumerable()) streams the same query
            if (materialized.TargetMethod.Name == "AsAsyncEnumerable"
                    ? !forEach.IsAsynchronous || !QueryOperators.IsQueryMethod(materialized.TargetMethod, symbols.Ef)
                    : !QueryOperators.IsMaterializing(materialized, symbols.Ef))
            {
                return;
            }

            query = QueryOperators.GetSource(materialized);
        }
        else if (listLocal is not null)
        {
            return;
        }

        if (query is null || !DatabaseQueries.IsLiveQuery(query, symbols, context.CancellationToken, out var sources) ||
            sources.Length != 1 || sources[0] is not { IsKnown: true, EntityType: { } entityType } path ||
            !SymbolEqualityComparer.Default.Equals(entityType, item.Type))
        {
            return;
        }

        foreach (var op in path.Operators)
        {
            if (!SupportedOperators.Contains(op.TargetMethod.Name))
            {
                return;
            }
        }

        // 3. the context the rows come from, and the save after the loop on it
        var contextInstance = path.Root switch
        {
            IPropertyReferenceOperation property => ContextInstances.Instance(property.Instance),
            IInvocationOperation set => ContextInstances.Instance(set.Instance),
            _ => null,
        };
        var contextType = path.Root switch
        {
            IPropertyReferenceOperation property => property.Instance?.Type,
            IInvocationOperation set => set.Instance?.Type,
            _ => null,
        };
        if (contextInstance is null || OverridesSaveChanges(contextType, symbols.Ef))
        {
            return;
        }

        if (remove is not null && !RemovesFrom(remove, contextInstance, symbols.Ef))
        {
            return;
        }

        var loopIndex = block.Operations.IndexOf(forEach);
        IInvocationOperation? save = null;
        var saveIndex = -1;
        for (var i = loopIndex + 1; i < block.Operations.Length && save is null; i++)
        {
            foreach (var node in block.Operations[i].DescendantsAndSelf())
            {
                if (node is IInvocationOperation call && IsSave(call, symbols.Ef) &&
                    SymbolEqualityComparer.Default.Equals(ContextInstances.Instance(call.Instance), contextInstance) &&
                    !IsInFunction(call, block.Operations[i]))
                {
                    save = call;
                    saveIndex = i;
                    break;
                }
            }
        }

        if (save is null || (listLocal is not null && IsUsedElsewhere(listLocal, forEach, context.CancellationToken)))
        {
            return;
        }

        // 4. the model: a keyed, non-owned entity outside an inheritance hierarchy, without concurrency token
        if (EfModel.For(context.Compilation, context.CancellationToken) is not { } model ||
            model.GetEntity(entityType) is not { IsOwned: false, IsKeyless: false, BaseEntity: null } entity ||
            entity.HasConcurrencyToken(symbols.Ef))
        {
            return;
        }

        if (remove is not null)
        {
            var tree = forEach.Syntax.SyntaxTree;
            var names = Options.GetList(context.Options, tree, Options.SoftDeleteProperties, SoftDeleteConvention.DefaultProperties);
            var interfaces = Options.GetList(context.Options, tree, Options.SoftDeleteInterfaces, SoftDeleteConvention.DefaultInterfaces);
            if (SoftDeleteConvention.Properties(entity, names, interfaces).Count > 0)
            {
                return;
            }
        }
        else if (!AreRowSetters(setters, item, entity))
        {
            return;
        }

        if (HasDerivedEntity(model, entity))
        {
            return;
        }

        // 5. report on the header, with what the fix needs
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[KindKey] = remove is null ? Update : Delete;
        var isAsync = save.TargetMethod.Name == "SaveChangesAsync";
        if (isAsync)
        {
            properties[AsyncKey] = "";
            foreach (var argument in save.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.Explicit && argument.Syntax is ArgumentSyntax { Expression: var token })
                {
                    properties[TokenKey] = token.ToString();
                }
            }

            if (save.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" })
            {
                properties[ConfigureAwaitKey] = "";
            }
        }

        var listStatement = listDeclaration is null ? null : StatementOf(listDeclaration, block);
        var fixable = listDeclaration is null || (listStatement is not null && block.Operations.IndexOf(listStatement) == loopIndex - 1 &&
                                                  listStatement is IVariableDeclarationGroupOperation { Declarations.Length: 1 } group && group.Declarations[0].Declarators.Length == 1);
        if (fixable && query.Syntax is ExpressionSyntax)
        {
            properties[FixableKey] = "";
            if (saveIndex == loopIndex + 1 && IsOnlySave(block.Operations[saveIndex], save) &&
                SaveOnlyServesLoop(contextInstance, forEach, symbols.Ef))
            {
                properties[RemoveSaveKey] = "";
            }
        }

        var location = Microsoft.CodeAnalysis.Location.Create(header.SyntaxTree,
            Microsoft.CodeAnalysis.Text.TextSpan.FromBounds((header.AwaitKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None) ? header.ForEachKeyword : header.AwaitKeyword).SpanStart, header.CloseParenToken.Span.End));
        var additional = new List<Location> { forEach.Syntax.GetLocation(), query.Syntax.GetLocation(), block.Operations[saveIndex].Syntax.GetLocation() };
        if (listStatement is not null)
        {
            additional.Add(listStatement.Syntax.GetLocation());
        }

        var bulk = remove is null ? (isAsync ? "ExecuteUpdateAsync" : "ExecuteUpdate") : (isAsync ? "ExecuteDeleteAsync" : "ExecuteDelete");
        context.ReportDiagnostic(Diagnostic.Create(Rule, location, additional, properties.ToImmutable(),
            entity.Name, remove is null ? "changed" : "removed", bulk));
    }

    /// <summary><c>SaveChanges*</c> of a DbContext, or of a context interface (<c>IApplicationDbContext.SaveChangesAsync</c>).</summary>
    private static bool IsSave(IInvocationOperation call, EfSymbols symbols) =>
        ContextInstances.IsSave(call, symbols) ||
        (call.TargetMethod.Name is "SaveChanges" or "SaveChangesAsync" && QueryRoots.IsContextType(call.TargetMethod.ContainingType, symbols));

    private static bool IsItem(IOperation? operation, ILocalSymbol item) =>
        operation.WalkDownConversions() is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, item);

    /// <summary><c>ctx.Remove(x)</c>, <c>ctx.Set&lt;T&gt;().Remove(x)</c>, <c>ctx.Xs.Remove(x)</c> on the context the rows come from.</summary>
    private static bool RemovesFrom(IInvocationOperation remove, ISymbol context, EfSymbols symbols)
    {
        var receiver = remove.Instance.WalkDownConversions();
        if (remove.TargetMethod.ContainingType.IsOrInheritsFrom(symbols.DbContext))
        {
            return SymbolEqualityComparer.Default.Equals(ContextInstances.Instance(receiver), context);
        }

        if (symbols.GetDbSetElementType(remove.TargetMethod.ContainingType) is null)
        {
            return false;
        }

        var owner = receiver switch
        {
            IPropertyReferenceOperation property => property.Instance,
            IInvocationOperation set => set.Instance,
            _ => null,
        };
        return owner is not null && SymbolEqualityComparer.Default.Equals(ContextInstances.Instance(owner), context);
    }

    /// <summary>The context class (or a base class in source) overrides SaveChanges*: its logic would be skipped by a bulk statement.</summary>
    private static bool OverridesSaveChanges(ITypeSymbol? type, EfSymbols symbols)
    {
        for (var t = type as INamedTypeSymbol; t is not null && !SymbolEqualityComparer.Default.Equals(t, symbols.DbContext); t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member is IMethodSymbol { IsOverride: true, Name: "SaveChanges" or "SaveChangesAsync" })
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsInFunction(IOperation node, IOperation statement)
    {
        for (var parent = node.Parent; parent is not null && !ReferenceEquals(parent, statement); parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The list local is read anywhere but in the loop's header.</summary>
    private static bool IsUsedElsewhere(ILocalSymbol local, IForEachLoopOperation forEach, System.Threading.CancellationToken cancellationToken)
    {
        if (forEach.GetEnclosingBody() is not { } body)
        {
            return true;
        }

        foreach (var node in body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (node is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local) &&
                !forEach.Collection.Syntax.Span.Contains(reference.Syntax.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Every setter writes a distinct mapped scalar, non-key property with a plain setter, and its value is a constant, a
    /// parameter, a local, or an expression (operators, <c>?:</c>, <c>??</c>) of those and of the row's own mapped
    /// scalar properties that the body does not set before.
    /// </summary>
    private static bool AreRowSetters(List<Setter> setters, ILocalSymbol item, EntityModel entity)
    {
        var key = entity.EffectivePrimaryKey;
        var assigned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var setter in setters)
        {
            var property = setter.Property;
            if (!entity.IsMappedScalar(property) || key.Contains(property.Name) || HasCustomSetter(property) ||
                (setter.Value is not null && !IsRowValue(setter.Value, item, entity, assigned)) ||
                !assigned.Add(property.Name))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsRowValue(IOperation value, ILocalSymbol item, EntityModel entity, HashSet<string> assigned)
    {
        if (value.ConstantValue.HasValue)
        {
            return true;
        }

        switch (value)
        {
            case IConversionOperation { OperatorMethod: null } conversion:
                return IsRowValue(conversion.Operand, item, entity, assigned);
            case IParenthesizedOperation parenthesized:
                return IsRowValue(parenthesized.Operand, item, entity, assigned);
            case ILiteralOperation or IDefaultValueOperation or IParameterReferenceOperation:
                return true;
            case ILocalReferenceOperation local:
                return !SymbolEqualityComparer.Default.Equals(local.Local, item);
            case IBinaryOperation { OperatorMethod: null } binary:
                return IsRowValue(binary.LeftOperand, item, entity, assigned) && IsRowValue(binary.RightOperand, item, entity, assigned);
            case IUnaryOperation { OperatorMethod: null } unary:
                return IsRowValue(unary.Operand, item, entity, assigned);
            case IConditionalOperation { WhenFalse: { } whenFalse, IsRef: false } conditional when conditional.Type is not null:
                return IsRowValue(conditional.Condition, item, entity, assigned) && IsRowValue(conditional.WhenTrue, item, entity, assigned) &&
                       IsRowValue(whenFalse, item, entity, assigned);
            case ICoalesceOperation coalesce:
                return IsRowValue(coalesce.Value, item, entity, assigned) && IsRowValue(coalesce.WhenNull, item, entity, assigned);
            case IPropertyReferenceOperation { Instance: { } instance } property when IsItem(instance, item):
                // the row's own column, as it was before this body changed it
                return entity.IsMappedScalar(property.Property) && !assigned.Contains(property.Property.Name);
            case IPropertyReferenceOperation { Property.Name: "Value" or "HasValue", Instance: { } nullable } when nullable.Type?.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T:
                return IsRowValue(nullable, item, entity, assigned);
            default:
                return false;
        }
    }

    /// <summary>
    /// A setter with a body: logic a bulk statement would skip. In source, an accessor with a body; from metadata
    /// (an entity in a referenced Domain assembly), an accessor without <c>[CompilerGenerated]</c> (auto-property
    /// accessors carry it).
    /// </summary>
    private static bool HasCustomSetter(IPropertySymbol property)
    {
        if (property.SetMethod is not { } setter)
        {
            return true;
        }

        if (setter.DeclaringSyntaxReferences.IsEmpty)
        {
            foreach (var attribute in setter.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "CompilerGeneratedAttribute", ContainingNamespace: { Name: "CompilerServices" } })
                {
                    return false;
                }
            }

            return true;
        }

        foreach (var reference in setter.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is AccessorDeclarationSyntax { Body: not null } or AccessorDeclarationSyntax { ExpressionBody: not null })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An entity deriving from this one (TPH/TPT/TPC): bulk statements over a hierarchy are restricted.</summary>
    private static bool HasDerivedEntity(EfModel model, EntityModel entity)
    {
        foreach (var other in model.Entities)
        {
            if (ReferenceEquals(other.BaseEntity, entity))
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? StatementOf(IOperation operation, IBlockOperation block)
    {
        var node = operation;
        while (node.Parent is { } parent && !ReferenceEquals(parent, block))
        {
            node = parent;
        }

        return ReferenceEquals(node.Parent, block) ? node : null;
    }

    /// <summary><c>ctx.SaveChanges();</c>, <c>await ctx.SaveChangesAsync(ct)[.ConfigureAwait(false)];</c>: the value is not used.</summary>
    private static bool IsOnlySave(IOperation statement, IInvocationOperation save)
    {
        if (statement is not IExpressionStatementOperation { Operation: var expression })
        {
            return false;
        }

        expression = expression is IAwaitOperation awaited ? awaited.Operation : expression;
        expression = expression is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure ? configure.Instance! : expression;
        return ReferenceEquals(expression, save);
    }

    /// <summary>
    /// The save only serves the loop when the context is a local created in this method and nothing between its
    /// creation and the loop can have changed tracked entities (no Add/Attach/Update/Remove/Entry call, no write to a
    /// member of an object, no call of another method with the context). Otherwise the save is kept: a no-op save is harmless.
    /// </summary>
    private static bool SaveOnlyServesLoop(ISymbol context, IForEachLoopOperation forEach, EfSymbols symbols)
    {
        if (context is not ILocalSymbol || forEach.GetEnclosingBody() is not { } body)
        {
            return false;
        }

        var loopStart = forEach.Syntax.SpanStart;
        var createdHere = false;
        foreach (var node in body.Descendants())
        {
            if (node.Syntax.SpanStart >= loopStart)
            {
                continue;
            }

            switch (node)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, context):
                    // a context this method creates (new, a factory), not a copy of a longer-lived one
                    var created = QueryOperators.Unwrap((declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer)?.Value);
                    if (created is not (IObjectCreationOperation or IInvocationOperation { TargetMethod.Name: "CreateDbContext" or "CreateDbContextAsync" }))
                    {
                        return false;
                    }

                    createdHere = true;
                    break;
                case IAssignmentOperation { Target: IMemberReferenceOperation { Instance: not (null or IInstanceReferenceOperation) } }:
                    return false;
                case IInvocationOperation invocation when !QueryOperators.IsQueryMethod(invocation.TargetMethod, symbols):
                    if (invocation.Instance?.Type is { } receiver && (receiver.IsOrInheritsFrom(symbols.DbContext) || symbols.GetDbSetElementType(receiver) is not null) &&
                        invocation.TargetMethod.Name is not "Set")
                    {
                        return false;
                    }

                    foreach (var argument in invocation.Arguments)
                    {
                        if (SymbolEqualityComparer.Default.Equals(ContextInstances.Instance(argument.Value), context))
                        {
                            return false;
                        }
                    }

                    break;
            }
        }

        return createdHere;
    }
}
