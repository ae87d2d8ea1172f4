using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Hygiene;

/// <summary>
/// DBP028: a method creates a DbContext under <c>using</c>/<c>await using</c> (<c>new</c>, <c>factory.CreateDbContext*()</c>) and
/// lets an unmaterialized query on it escape the context's scope: returned from inside the scope, stored in a field or
/// property (of <c>this</c>, a static member, or an object created in the return statement), or captured by a lambda or
/// local function that is returned or stored. The query runs after the context is disposed: EF Core throws
/// <c>ObjectDisposedException</c>. Reported at the escaping return value or assignment.
/// With lazy loading on, also an entity loaded inside the scope whose navigation the method reads after the scope
/// (<see cref="AnalyzeScope"/>), reported at the read.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class QueryUsedAfterContextDisposedAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: how the fixer materializes the returned query (<see cref="ToList"/> or <see cref="ToListAsync"/>); absent when there is no fix.</summary>
    public const string FixKey = "Fix";

    public const string ToList = "ToList";

    public const string ToListAsync = "ToListAsync";

    private const string Title = "Query or lazy navigation used after its DbContext is disposed";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.QueryUsedAfterContextDisposed,
        Title,
        "{0} '{1}', which is disposed when its 'using' ends: {2}",
        RuleCategories.Reliability,
        DiagnosticSeverity.Warning,
        "A query is deferred: it runs when it is enumerated, on the context it was built from. A query that leaves the 'using' of its context runs on a disposed context; a lazy navigation read after the 'using' loads through a disposed context.");

    /// <summary>The message's end for an escaping query or function.</summary>
    public const string QueryConsequence = "it runs later and EF Core throws ObjectDisposedException; materialize the query inside the 'using' (ToList/ToListAsync) or keep the context alive as long as the query";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        context.RegisterOperationAction(c => AnalyzeReturn(c, symbols), OperationKind.Return);
        context.RegisterOperationAction(c => AnalyzeAssignment(c, symbols), OperationKind.SimpleAssignment);
        context.RegisterOperationAction(c => AnalyzeScope(c, symbols), OperationKind.Using, OperationKind.UsingDeclaration);
    }

    private static void AnalyzeReturn(OperationAnalysisContext context, EfSymbols symbols)
    {
        var ret = (IReturnOperation)context.Operation;
        if (ret.Kind != OperationKind.Return || ret.ReturnedValue is not { } returned || ret.IsImplicit)
        {
            return;
        }

        var value = returned.WalkDownConversions()!;
        if (!MayEscape(value))
        {
            return;
        }

        var contexts = ContextsInScope(ret, symbols);
        if (contexts is null)
        {
            return;
        }

        foreach (var ctx in contexts)
        {
            if (IsQueryOn(value, ctx, symbols, context.CancellationToken))
            {
                var fix = FixFor(ret, value, context.ContainingSymbol, symbols);
                var properties = fix is null ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(FixKey, fix);
                context.ReportDiagnostic(Diagnostic.Create(Rule, returned.Syntax.GetLocation(), properties, "The returned query runs on", ctx.Name, QueryConsequence));
                return;
            }

            if (IsFunctionUsing(value, ctx, symbols, context.CancellationToken))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, returned.Syntax.GetLocation(), "The returned function uses", ctx.Name, QueryConsequence));
                return;
            }
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, EfSymbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        var value = assignment.Value.WalkDownConversions();
        if (value is null || !MayEscape(value) || StoredWhere(assignment) is not { } where)
        {
            return;
        }

        var contexts = ContextsInScope(assignment, symbols);
        if (contexts is null)
        {
            return;
        }

        foreach (var ctx in contexts)
        {
            if (IsQueryOn(value, ctx, symbols, context.CancellationToken))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), $"The query stored in {where} runs on", ctx.Name, QueryConsequence));
                return;
            }

            if (IsFunctionUsing(value, ctx, symbols, context.CancellationToken))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), $"The function stored in {where} uses", ctx.Name, QueryConsequence));
                return;
            }
        }
    }

    /// <summary>A cheap first look: a value that can be a query or a delegate (not a value type, not a string or literal).</summary>
    private static bool MayEscape(IOperation value) =>
        value is not (ILiteralOperation or IDefaultValueOperation) && value.Type is { IsValueType: false, SpecialType: not SpecialType.System_String };

    /// <summary>
    /// Where an assignment stores a value beyond the method: a field or property of <c>this</c> or a static one
    /// (<c>'_orders'</c>), or a member initialized in an object created by a return statement (<c>return new Page { Items = q }</c>).
    /// Other objects' members are not judged (the object may be used inside the scope only).
    /// </summary>
    private static string? StoredWhere(ISimpleAssignmentOperation assignment)
    {
        var (member, instance) = assignment.Target switch
        {
            IFieldReferenceOperation field => ((ISymbol)field.Field, field.Instance),
            IPropertyReferenceOperation property => (property.Property, property.Instance),
            _ => (null, null),
        };
        if (member is null)
        {
            return null;
        }

        if (instance is null || instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
        {
            return $"'{member.Name}'";
        }

        if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            IOperation? created = assignment.Parent is IObjectOrCollectionInitializerOperation initializer ? initializer.Parent : assignment.Parent as IAnonymousObjectCreationOperation;
            var parent = created?.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            if (created is IObjectCreationOperation or IAnonymousObjectCreationOperation && parent is IReturnOperation { Kind: OperationKind.Return })
            {
                return $"'{member.Name}' of the returned object";
            }
        }

        return null;
    }

    /// <summary>
    /// The DbContext locals whose <c>using</c> scope holds the operation, in the function the operation belongs to:
    /// created there with <c>new</c> or <c>CreateDbContext*()</c>; null when there is none (the common case, answered by
    /// walking up the operation's parents).
    /// </summary>
    private static List<ILocalSymbol>? ContextsInScope(IOperation operation, EfSymbols symbols)
    {
        List<ILocalSymbol>? result = null;
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return result;
                case IUsingOperation @using when ReferenceEquals(child, @using.Body):
                    AddContexts(@using.Resources, symbols, ref result);
                    break;
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (ReferenceEquals(statement, child))
                        {
                            break;
                        }

                        if (statement is IUsingDeclarationOperation declaration)
                        {
                            AddContexts(declaration.DeclarationGroup, symbols, ref result);
                        }
                    }

                    break;
            }
        }

        return result;
    }

    private static void AddContexts(IOperation? resources, EfSymbols symbols, ref List<ILocalSymbol>? result)
    {
        if (resources is not IVariableDeclarationGroupOperation group)
        {
            return;
        }

        foreach (var declaration in group.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                var initializer = declarator.Initializer ?? declaration.Initializer;
                if (symbols.IsDbContext(declarator.Symbol.Type) && IsCreatedHere(initializer?.Value))
                {
                    (result ??= new List<ILocalSymbol>()).Add(declarator.Symbol);
                }
            }
        }
    }

    /// <summary><c>new Ctx(..)</c>, <c>factory.CreateDbContext()</c>, <c>await factory.CreateDbContextAsync()</c>.</summary>
    private static bool IsCreatedHere(IOperation? value)
    {
        value = value.WalkDownConversions();
        if (value is IAwaitOperation await)
        {
            value = await.Operation.WalkDownConversions();
        }

        if (value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } awaited })
        {
            value = awaited.WalkDownConversions();
        }

        return value is IObjectCreationOperation ||
               value is IInvocationOperation { TargetMethod.Name: "CreateDbContext" or "CreateDbContextAsync" };
    }

    /// <summary>A deferred query (no materializing operator) whose every root is a DbSet of <paramref name="ctx"/>.</summary>
    private static bool IsQueryOn(IOperation value, ILocalSymbol ctx, EfSymbols symbols, CancellationToken cancellationToken)
    {
        if (value is IAwaitOperation || (value.Type is not null && symbols.GetDbSetElementType(value.Type) is null && !IsSequence(value.Type, symbols)))
        {
            return false;
        }

        var sources = QuerySources.Find(value, symbols, cancellationToken);
        if (sources.IsEmpty)
        {
            return false;
        }

        foreach (var source in sources)
        {
            if (!source.IsKnown || !SymbolEqualityComparer.Default.Equals(RootInstance(source.Root), ctx))
            {
                return false;
            }

            foreach (var op in source.Operators)
            {
                if (QueryOperators.IsMaterializing(op, symbols))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static ISymbol? RootInstance(IOperation? root) => root.WalkDownConversions() switch
    {
        IPropertyReferenceOperation property => ContextInstances.Instance(property.Instance),
        IFieldReferenceOperation field => ContextInstances.Instance(field.Instance),
        IInvocationOperation set => ContextInstances.Instance(set.Instance ?? set.GetReceiver()),
        _ => null,
    };

    /// <summary><c>IEnumerable&lt;T&gt;</c> (or a type implementing it) or <c>IAsyncEnumerable&lt;T&gt;</c>: what a deferred query is typed as.</summary>
    private static bool IsSequence(ITypeSymbol type, EfSymbols symbols)
    {
        if (type is INamedTypeSymbol { Name: "IAsyncEnumerable", IsGenericType: true } || IsOf(type, symbols.IEnumerableOfT))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (IsOf(implemented, symbols.IEnumerableOfT) || implemented is { Name: "IAsyncEnumerable", IsGenericType: true })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOf(ITypeSymbol type, INamedTypeSymbol? definition) =>
        definition is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, definition);

    /// <summary>A lambda or local function (as a delegate) whose body uses the context or a deferred query on it.</summary>
    private static bool IsFunctionUsing(IOperation value, ILocalSymbol ctx, EfSymbols symbols, CancellationToken cancellationToken)
    {
        IOperation? body = value switch
        {
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => lambda.Body,
            IAnonymousFunctionOperation lambda => lambda.Body,
            IDelegateCreationOperation { Target: IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference } => LocalFunctionBody(value, reference.Method),
            _ => null,
        };
        if (body is null)
        {
            return false;
        }

        foreach (var descendant in body.Descendants())
        {
            if (descendant is ILocalReferenceOperation reference)
            {
                if (SymbolEqualityComparer.Default.Equals(reference.Local, ctx))
                {
                    return true;
                }

                // a captured local holding a deferred query on the context (its writes are outside the function)
                if (!reference.Local.Type.IsValueType && IsDeclaredOutside(reference.Local, body))
                {
                    foreach (var write in LocalAssignments.All(reference.Local, Root(value), cancellationToken))
                    {
                        if (write.Value is { } written && IsQueryOn(written.WalkDownConversions()!, ctx, symbols, cancellationToken))
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    private static bool IsDeclaredOutside(ILocalSymbol local, IOperation body)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (body.Syntax.Span.Contains(reference.Span))
            {
                return false;
            }
        }

        return true;
    }

    private static IOperation Root(IOperation operation)
    {
        var root = operation;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        return root;
    }

    private static IOperation? LocalFunctionBody(IOperation from, IMethodSymbol method)
    {
        foreach (var descendant in Root(from).Descendants())
        {
            if (descendant is ILocalFunctionOperation function && SymbolEqualityComparer.Default.Equals(function.Symbol, method))
            {
                return function.Body ?? function.IgnoredBody;
            }
        }

        return null;
    }

    /// <summary>
    /// The fix for a returned query: <see cref="ToList"/> when the method's return type is a list-compatible sequence
    /// (<c>IEnumerable&lt;T&gt;</c>, <c>IReadOnlyList&lt;T&gt;</c>, <c>IReadOnlyCollection&lt;T&gt;</c>, <c>ICollection&lt;T&gt;</c>,
    /// <c>IList&lt;T&gt;</c>, <c>List&lt;T&gt;</c>), <see cref="ToListAsync"/> when an async method returns <c>Task</c>/<c>ValueTask</c> of
    /// one and the query is an <c>IQueryable</c>. No fix for lambdas, <c>IQueryable</c>/<c>IAsyncEnumerable</c> return types.
    /// </summary>
    private static string? FixFor(IReturnOperation ret, IOperation value, ISymbol containing, EfSymbols symbols)
    {
        IMethodSymbol? method = null;
        for (var parent = ret.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation)
            {
                return null;
            }

            if (parent is ILocalFunctionOperation local)
            {
                method = local.Symbol;
                break;
            }

        }

        method ??= containing as IMethodSymbol;

        if (method is null || method.ReturnType is not INamedTypeSymbol returnType)
        {
            return null;
        }

        if (method.IsAsync)
        {
            return returnType is { Name: "Task" or "ValueTask", TypeArguments.Length: 1 } && IsListCompatible(returnType.TypeArguments[0]) &&
                   (IsQueryable(value.Type, symbols) || symbols.GetDbSetElementType(value.Type) is not null)
                ? ToListAsync
                : null;
        }

        return IsListCompatible(returnType) ? ToList : null;
    }

    private static bool IsListCompatible(ITypeSymbol type) =>
        type is INamedTypeSymbol { TypeArguments.Length: 1 } named &&
        named.OriginalDefinition.ToDisplayString() is
            "System.Collections.Generic.IEnumerable<T>" or "System.Collections.Generic.IReadOnlyList<T>" or
            "System.Collections.Generic.IReadOnlyCollection<T>" or "System.Collections.Generic.ICollection<T>" or
            "System.Collections.Generic.IList<T>" or "System.Collections.Generic.List<T>";

    private static bool IsQueryable(ITypeSymbol? type, EfSymbols symbols)
    {
        if (type is null || symbols.IQueryableOfT is null)
        {
            return false;
        }

        if (IsOf(type, symbols.IQueryableOfT))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (IsOf(implemented, symbols.IQueryableOfT))
            {
                return true;
            }
        }

        return false;
    }
}
