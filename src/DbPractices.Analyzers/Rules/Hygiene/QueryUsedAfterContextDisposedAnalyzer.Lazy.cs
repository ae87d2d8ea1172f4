using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Hygiene;

/// <summary>
/// DBP028's lazy-loading half: with lazy loading on for the context (<c>UseLazyLoadingProxies</c>, an entity taking
/// <c>ILazyLoader</c>), an entity loaded by a single-row query inside the context's <c>using</c> into a local declared
/// outside it, whose navigation the method reads after the scope ends. The read lazy-loads on a disposed context:
/// EF Core throws (<c>LazyLoadOnDisposedContextWarning</c> is an error by default). Silent when the navigation is
/// included (<c>Include</c>, <c>AutoInclude</c>), loaded explicitly (<c>ctx.Entry(e)</c>) or read inside the scope
/// (then it is loaded), when the local is written again before the read, and for non-virtual navigations of proxies.
/// </summary>
public sealed partial class QueryUsedAfterContextDisposedAnalyzer
{
    /// <summary>The message's end for a lazy navigation read after the scope.</summary>
    public const string LazyConsequence = "EF Core throws when a navigation is lazy-loaded on a disposed context; load it inside the 'using' (Include) or read it there";

    private static void AnalyzeScope(OperationAnalysisContext context, EfSymbols symbols)
    {
        var (resources, scope, end) = context.Operation switch
        {
            IUsingOperation @using => (@using.Resources, (IOperation?)@using.Body, @using.Syntax.Span.End),
            IUsingDeclarationOperation { Parent: IBlockOperation block } declaration => (declaration.DeclarationGroup, block, block.Syntax.Span.End),
            _ => (null, null, 0),
        };
        if (scope is null)
        {
            return;
        }

        List<ILocalSymbol>? contexts = null;
        AddContexts(resources, symbols, ref contexts);
        if (contexts is null || EfModel.For(symbols.Compilation, context.CancellationToken) is not { } compilationModel)
        {
            return;
        }

        var function = FunctionOf(context.Operation);
        foreach (var ctx in contexts)
        {
            foreach (var model in compilationModel.ModelsForReceiver(ctx.Type))
            {
                if (model.LazyLoadingEnabled)
                {
                    AnalyzeLoads(context, symbols, model, ctx, scope, context.Operation.Syntax.SpanStart, end, function);
                    break;
                }
            }
        }
    }

    /// <summary>Single-row loads on <paramref name="ctx"/> inside the scope into locals declared outside it.</summary>
    private static void AnalyzeLoads(OperationAnalysisContext context, EfSymbols symbols, EfModel model, ILocalSymbol ctx, IOperation scope, int start, int end, IOperation function)
    {
        foreach (var descendant in scope.Descendants())
        {
            if (descendant is not ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment ||
                descendant.Syntax.SpanStart < start || IsDeclaredWithin(target.Local, start, end) ||
                !IsUnconditionalIn(assignment, scope) || model.GetEntity(target.Local.Type) is not { } entity ||
                LoadedBy(assignment.Value, ctx, symbols, context) is not { } operators)
            {
                continue;
            }

            foreach (var read in function.Descendants())
            {
                if (read is IPropertyReferenceOperation { Instance: ILocalReferenceOperation instance } property &&
                    property.Syntax.SpanStart >= end &&
                    SymbolEqualityComparer.Default.Equals(instance.Local, target.Local) &&
                    IsLazyNavigation(property.Property, entity, symbols) &&
                    IsRead(property) &&
                    !IsLoaded(property.Property.Name, entity, operators, function, target.Local, scope, symbols) &&
                    OnlyWrite(instance, assignment, start, context))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, property.Syntax.GetLocation(), $"'{target.Local.Name}.{property.Property.Name}' is lazy-loaded through", ctx.Name, LazyConsequence));
                }
            }
        }
    }

    private static IOperation FunctionOf(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent && parent is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
        {
            current = parent;
        }

        return current;
    }

    private static bool IsDeclaredWithin(ILocalSymbol local, int start, int end)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.Span.Start >= start && reference.Span.Start < end)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The operators of a single-row query on <paramref name="ctx"/> (<c>First*</c>, <c>Single*</c>, <c>Last*</c>, <c>Find*</c>, sync or awaited) that returns the entity itself; null otherwise.</summary>
    private static IReadOnlyList<IInvocationOperation>? LoadedBy(IOperation value, ILocalSymbol ctx, EfSymbols symbols, OperationAnalysisContext context)
    {
        if (QueryOperators.Unwrap(value) is not IInvocationOperation call ||
            QueryOperators.SyncName(call.TargetMethod.Name) is not ("First" or "FirstOrDefault" or "Single" or "SingleOrDefault" or "Last" or "LastOrDefault" or "Find") ||
            !QueryOperators.IsMaterializing(call, symbols))
        {
            return null;
        }

        if (call.TargetMethod.Name is "Find" or "FindAsync")
        {
            return SymbolEqualityComparer.Default.Equals(RootInstance(call.Instance), ctx) || SymbolEqualityComparer.Default.Equals(ContextInstances.Instance(call.Instance), ctx)
                ? new List<IInvocationOperation>()
                : null;
        }

        if (QueryOperators.GetSource(call) is not { } source)
        {
            return null;
        }

        var sources = QuerySources.Find(source, symbols, context.CancellationToken);
        if (sources.IsEmpty)
        {
            return null;
        }

        var operators = new List<IInvocationOperation>();
        foreach (var found in sources)
        {
            if (!found.IsKnown || !SymbolEqualityComparer.Default.Equals(RootInstance(found.Root), ctx))
            {
                return null;
            }

            foreach (var op in found.Operators)
            {
                if (QueryOperators.IsProjection(op.TargetMethod) || QueryOperators.IsMaterializing(op, symbols) ||
                    (op.TargetMethod.Name is "AsNoTracking" or "AsNoTrackingWithIdentityResolution" && symbols.EfMajorVersion is > 0 and < 8))
                {
                    return null;
                }

                operators.Add(op);
            }
        }

        return operators;
    }

    /// <summary>A navigation of the entity that lazy loading can load: virtual (proxies), or any when the entity takes an <c>ILazyLoader</c>.</summary>
    private static bool IsLazyNavigation(IPropertySymbol property, EntityModel entity, EfSymbols symbols)
    {
        var found = false;
        for (var e = entity; e is not null && !found; e = e.BaseEntity)
        {
            found = e.FindNavigation(property.Name) is not null;
        }

        if (!found)
        {
            return false;
        }

        if (property.IsVirtual || property.IsOverride)
        {
            return true;
        }

        if (symbols.ILazyLoader is { } lazyLoader && property.ContainingType is { } type)
        {
            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (SymbolEqualityComparer.Default.Equals(parameter.Type, lazyLoader))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>A read of the navigation: not the target of an assignment, not in <c>nameof</c>.</summary>
    private static bool IsRead(IPropertyReferenceOperation property)
    {
        if (property.Parent is IAssignmentOperation assignment && ReferenceEquals(assignment.Target, property))
        {
            return false;
        }

        for (var node = property.Parent; node is not null; node = node.Parent)
        {
            if (node is INameOfOperation)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Loaded before the scope ends: <c>Include</c> on the query (or an include this method cannot read), <c>AutoInclude</c>,
    /// <c>ctx.Entry(local)</c> anywhere in the method, or the navigation read inside the scope.
    /// </summary>
    private static bool IsLoaded(string navigation, EntityModel entity, IReadOnlyList<IInvocationOperation> operators, IOperation function, ILocalSymbol local, IOperation scope, EfSymbols symbols)
    {
        foreach (var op in operators)
        {
            if (op.TargetMethod.Name is "Include" && op.Arguments.Length == 2)
            {
                var names = op.Arguments[1].Value.GetMemberNames();
                if (names.IsEmpty)
                {
                    return true;
                }

                foreach (var name in names)
                {
                    if (name == navigation || name.StartsWith(navigation + ".", System.StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }
        }

        for (var e = entity; e is not null; e = e.BaseEntity)
        {
            if (e.AutoIncludedNavigations.Contains(navigation))
            {
                return true;
            }
        }

        foreach (var descendant in function.Descendants())
        {
            switch (descendant)
            {
                case IInvocationOperation { TargetMethod.Name: "Entry", Arguments.Length: 1 } entry when
                    entry.TargetMethod.ContainingType.IsOrInheritsFrom(symbols.DbContext) &&
                    entry.Arguments[0].Value.WalkDownConversions() is ILocalReferenceOperation argument &&
                    SymbolEqualityComparer.Default.Equals(argument.Local, local):
                    return true;
                case IPropertyReferenceOperation { Instance: ILocalReferenceOperation instance } read when
                    read.Property.Name == navigation && SymbolEqualityComparer.Default.Equals(instance.Local, local) &&
                    scope.Syntax.Span.Contains(read.Syntax.Span):
                    return true;
            }
        }

        return false;
    }

    /// <summary>The load reaches the read, and no other write does but those before the scope (which the load overwrites).</summary>
    private static bool OnlyWrite(ILocalReferenceOperation read, ISimpleAssignmentOperation load, int start, OperationAnalysisContext context)
    {
        var found = false;
        foreach (var write in LocalAssignments.Reaching(read, context.CancellationToken))
        {
            if (ReferenceEquals(write.Operation, load))
            {
                found = true;
            }
            else if (write.Operation.Syntax.SpanStart >= start)
            {
                return false;
            }
        }

        return found;
    }

    /// <summary><c>e = ...;</c> as a statement directly in the scope's block: it always runs when the scope does.</summary>
    private static bool IsUnconditionalIn(ISimpleAssignmentOperation assignment, IOperation scope) =>
        assignment.Parent is IExpressionStatementOperation { Parent: { } block } && ReferenceEquals(block, scope);
}
