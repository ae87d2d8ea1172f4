using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Tenancy;

/// <summary>A tenant-owned entity as the tenant rules see it: its tenant key and the filters that read it.</summary>
internal sealed class TenantEntity
{
    public TenantEntity(EntityModel entity, IPropertySymbol property, ImmutableArray<QueryFilterModel> tenantFilters, bool hasAnyFilter)
    {
        Entity = entity;
        Property = property;
        TenantFilters = tenantFilters;
        HasAnyFilter = hasAnyFilter;
    }

    public EntityModel Entity { get; }

    public IPropertySymbol Property { get; }

    /// <summary>Query filters of the entity or a base entity that read the tenant key (a GetEntityTypes() loop included).</summary>
    public ImmutableArray<QueryFilterModel> TenantFilters { get; }

    /// <summary>Any query filter at all on the entity or its hierarchy (a new unnamed filter would replace it).</summary>
    public bool HasAnyFilter { get; }

    public bool HasTenantFilter => !TenantFilters.IsEmpty;
}

/// <summary>One way a query root reaches a materialization in the method, and what happened on the way.</summary>
internal sealed class TenantRootPath
{
    public TenantRootPath(IOperation root, TenantEntity tenant, bool filtered, ImmutableArray<IInvocationOperation> ignoreCalls)
    {
        Root = root;
        Tenant = tenant;
        Filtered = filtered;
        IgnoreCalls = ignoreCalls;
    }

    public IOperation Root { get; }

    public TenantEntity Tenant { get; }

    /// <summary>A predicate on this root's tenant key runs on this path (or a predicate this method cannot see).</summary>
    public bool Filtered { get; }

    /// <summary>IgnoreQueryFilters calls applied to the query this root takes part in.</summary>
    public ImmutableArray<IInvocationOperation> IgnoreCalls { get; }
}

/// <summary>
/// The data flow both tenant rules share: every materialization (and <c>foreach</c>) in a method body, the
/// query roots it runs (through locals, reassignments, conditional branches, joins and query syntax), and
/// whether each root's tenant key is read by a predicate on the way.
/// </summary>
/// <remarks>
/// A predicate counts for a root when it reads the root's own tenant key: the lambda parameter's
/// <c>TenantId</c> (<c>o.TenantId</c>), or the same value carried through anonymous types and DTOs by
/// <c>Select</c>, <c>Join</c> and query-syntax transparent identifiers. <c>o.Customer.TenantId</c> is another
/// entity's key and does not count. Conjuncts of <c>&amp;&amp;</c> count alone; both sides of <c>||</c> must count.
/// </remarks>
internal sealed class TenantQueryFlow
{
    private readonly EfModel _model;
    private readonly EfSymbols _symbols;
    private readonly TenantConvention _convention;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<(ITypeSymbol Type, EfModel? Context), TenantEntity?> _tenants = new(TenantKeyComparer.Instance);
    private readonly List<TenantRootPath> _paths = new();

    private TenantQueryFlow(EfModel model, TenantConvention convention, CancellationToken cancellationToken)
    {
        _model = model;
        _symbols = model.Symbols;
        _convention = convention;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// The tenant entity behind a type queried through <paramref name="receiverType"/>, or null when it is not an
    /// entity or not tenant-owned. The entity is the one of the receiver's DbContext when the receiver is one; through
    /// anything else (an interface, a base class) every context mapping the entity is considered, and one whose model
    /// has a tenant filter is preferred (the query may run there).
    /// </summary>
    public static TenantEntity? GetTenantEntity(EfModel model, TenantConvention convention, ITypeSymbol type, ITypeSymbol? receiverType = null)
    {
        var models = model.ModelsForReceiver(receiverType);
        if (models.Count == 1)
        {
            return GetTenantEntity(models[0], convention, type);
        }

        TenantEntity? first = null;
        foreach (var contextModel in models)
        {
            if (GetTenantEntity(contextModel, convention, type) is { } tenant)
            {
                if (tenant.HasTenantFilter)
                {
                    return tenant;
                }

                first ??= tenant;
            }
        }

        return first;
    }

    private static TenantEntity? GetTenantEntity(EfModel model, TenantConvention convention, ITypeSymbol type)
    {
        if (model.GetEntity(type) is not { } entity || convention.GetTenantProperty(entity) is not { } property)
        {
            return null;
        }

        var filters = ImmutableArray.CreateBuilder<QueryFilterModel>();
        var any = false;
        for (var e = entity; e is not null; e = e.BaseEntity)
        {
            foreach (var filter in e.KeptQueryFilters)
            {
                any = true;
                if (ReadsTenant(filter, entity, property.Name, convention))
                {
                    filters.Add(filter);
                }
            }
        }

        return new TenantEntity(entity, property, filters.ToImmutable(), any);
    }

    private static bool ReadsTenant(QueryFilterModel filter, EntityModel entity, string property, TenantConvention convention)
    {
        if (filter.Reads(property))
        {
            return true;
        }

        if (!filter.FromLoop)
        {
            return false;
        }

        // a GetEntityTypes() loop counts when it names the tenant interface (typeof(ITenant)) or the tenant property
        foreach (var read in filter.ReadMembers)
        {
            if (convention.IsTenantInterfaceName(read) && convention.ImplementsTenantInterface(entity.Type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Cheap test before the model is needed: does the body mention a DbSet or Set&lt;T&gt;() at all.</summary>
    public static bool ContainsQueryRoot(ImmutableArray<IOperation> blocks, EfSymbols symbols)
    {
        foreach (var block in blocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (operation is IPropertyReferenceOperation or IInvocationOperation or IFieldReferenceOperation or IParameterReferenceOperation && QueryOperators.TryGetQueryRoot(operation, symbols, out _))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Which filters an <c>IgnoreQueryFilters</c> call turns off: true when the tenant filter is among them.</summary>
    public static bool IgnoresTenantFilter(IInvocationOperation call, TenantEntity tenant)
    {
        if (GetArgument(call, 1) is not { } keys)
        {
            return true;
        }

        // EF Core 10 named filters: IgnoreQueryFilters(["Tenant"]); names that are not constants cannot be judged
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in keys.DescendantsAndSelf())
        {
            if (operation.Type?.SpecialType != SpecialType.System_String || operation is IConversionOperation)
            {
                continue;
            }

            if (operation.GetConstantString() is not { } name)
            {
                return false;
            }

            names.Add(name);
        }

        foreach (var filter in tenant.TenantFilters)
        {
            if (filter.Name is { } filterName && names.Contains(filterName))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every path from a tenant root to a materialization in the given operation blocks.</summary>
    public static List<TenantRootPath> Analyze(ImmutableArray<IOperation> blocks, EfModel model, TenantConvention convention, CancellationToken cancellationToken)
    {
        var flow = new TenantQueryFlow(model, convention, cancellationToken);
        foreach (var block in blocks)
        {
            flow.AnalyzeBlock(block);
        }

        return flow._paths;
    }

    private void AnalyzeBlock(IOperation block)
    {
        // cheap pre-check: no root of a tenant entity in the body, nothing to do
        var hasTenantRoot = false;
        foreach (var operation in block.DescendantsAndSelf())
        {
            if (operation is IPropertyReferenceOperation or IInvocationOperation or IFieldReferenceOperation or IParameterReferenceOperation &&
                QueryOperators.TryGetQueryRoot(operation, _symbols, out var entityType) && entityType is not null && GetTenant(entityType, operation) is not null)
            {
                hasTenantRoot = true;
                break;
            }
        }

        if (!hasTenantRoot)
        {
            return;
        }

        foreach (var operation in block.DescendantsAndSelf())
        {
            _cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case IInvocationOperation invocation when QueryOperators.IsMaterializing(invocation, _symbols) && !IsInsideQueryLambda(invocation):
                    AnalyzeSink(invocation, isLoop: false);
                    break;
                case IForEachLoopOperation loop when !IsInsideQueryLambda(loop):
                    AnalyzeSink(loop.Collection, isLoop: true);
                    break;
            }
        }
    }

    private TenantEntity? GetTenant(ITypeSymbol type, IOperation root)
    {
        // the query runs in the model of the DbContext it is read from, when that is a context of the compilation
        var receiver = ReceiverType(root);
        var models = _model.ModelsForReceiver(receiver);
        var key = (type, models.Count == 1 ? models[0] : null);
        if (!_tenants.TryGetValue(key, out var tenant))
        {
            tenant = GetTenantEntity(_model, _convention, type, receiver);
            _tenants[key] = tenant;
        }

        return tenant;
    }

    private static ITypeSymbol? ReceiverType(IOperation root) => root.WalkDownConversions() switch
    {
        IPropertyReferenceOperation property => property.Instance?.Type ?? property.Property.ContainingType,
        IInvocationOperation invocation => invocation.Instance?.Type ?? invocation.TargetMethod.ContainingType,
        _ => null,
    };

    private sealed class TenantKeyComparer : IEqualityComparer<(ITypeSymbol Type, EfModel? Context)>
    {
        public static readonly TenantKeyComparer Instance = new();

        public bool Equals((ITypeSymbol Type, EfModel? Context) x, (ITypeSymbol Type, EfModel? Context) y) =>
            SymbolEqualityComparer.Default.Equals(x.Type, y.Type) && ReferenceEquals(x.Context, y.Context);

        public int GetHashCode((ITypeSymbol Type, EfModel? Context) obj) => SymbolEqualityComparer.Default.GetHashCode(obj.Type);
    }

    private void AnalyzeSink(IOperation value, bool isLoop)
    {
        foreach (var source in QuerySources.Find(value, _symbols, _cancellationToken))
        {
            if (!RunsHere(source.Operators, isLoop))
            {
                continue;
            }

            var steps = new List<Step>(source.Operators.Length);
            foreach (var op in source.Operators)
            {
                steps.Add(new Step(op, role: 0, spawn: true));
            }

            // an unknown source (a parameter) can still join roots of this method
            Track(source.Root, source.EntityType, steps);
        }
    }

    /// <summary>The sink is the first operator that runs the query: earlier ones are sinks of their own.</summary>
    private bool RunsHere(ImmutableArray<IInvocationOperation> operators, bool isLoop)
    {
        var last = isLoop ? operators.Length : operators.Length - 1;
        for (var i = 0; i < last; i++)
        {
            if (QueryOperators.IsMaterializing(operators[i], _symbols))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An operator applied to a root's rows; its role is 1 when the rows come in as the inner/second sequence.</summary>
    private readonly struct Step
    {
        public Step(IInvocationOperation operation, int role, bool spawn)
        {
            Operation = operation;
            Role = role;
            Spawn = spawn;
        }

        public IInvocationOperation Operation { get; }

        public int Role { get; }

        /// <summary>Whether other roots joined by this operator are tracked from here (once, from the chain that owns the operator).</summary>
        public bool Spawn { get; }
    }

    private void Track(IOperation? root, INamedTypeSymbol? entityType, List<Step> steps)
    {
        var tenant = entityType is null || root is null ? null : GetTenant(entityType, root);
        var tenantName = tenant?.Property.Name;

        // paths (from the current element) to this root's tenant key; "lost" when the shape is unknown
        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (tenantName is not null)
        {
            paths.Add(tenantName);
        }

        var lost = false;
        var filtered = false;
        var ignores = ImmutableArray.CreateBuilder<IInvocationOperation>();
        for (var index = 0; index < steps.Count; index++)
        {
            var step = steps[index];
            var op = step.Operation;
            var method = op.TargetMethod;
            var name = QueryOperators.SyncName(method.Name);
            if (step.Spawn)
            {
                SpawnJoinedRoots(op, name, steps, index);
            }

            if (tenantName is null || filtered)
            {
                continue;
            }

            if (step.Role == 0 && name == "IgnoreQueryFilters")
            {
                ignores.Add(op);
            }

            // All(...) tests rows without restricting which ones are read: not a filter
            if (step.Role == 0 && name != "All" && QueryOperators.TakesPredicate(method) && GetLambdaArgument(op, 1) is { } predicate)
            {
                if (predicate.GetLambda() is not { } lambda || Qualifies(lambda, paths, lost, tenantName))
                {
                    // a predicate built elsewhere (an Expression variable, a specification) cannot be seen: trust it
                    filtered = true;
                    continue;
                }
            }

            switch (name)
            {
                case "Select" when step.Role == 0:
                    Remap(GetLambdaArgument(op, 1).GetLambda(), 0, ref paths, ref lost);
                    break;
                case "Join":
                    Remap(GetLambdaArgument(op, 4).GetLambda(), step.Role, ref paths, ref lost);
                    break;
                case "GroupJoin" when step.Role == 0:
                    Remap(GetLambdaArgument(op, 4).GetLambda(), 0, ref paths, ref lost);
                    break;
                case "SelectMany" when GetLambdaArgument(op, 2) is { } resultSelector:
                    Remap(resultSelector.GetLambda(), step.Role, ref paths, ref lost);
                    break;
                case "SelectMany" when step.Role == 0:
                case "GroupJoin":
                case "GroupBy":
                case "Zip":
                case "Aggregate":
                    paths.Clear();
                    lost = true;
                    break;
            }
        }

        if (tenant is not null && root is not null)
        {
            _paths.Add(new TenantRootPath(root, tenant, filtered, ignores.ToImmutable()));
        }
    }

    /// <summary>Roots that a join brings into the query: Join/GroupJoin inner, SelectMany collection, Concat/Union second.</summary>
    private void SpawnJoinedRoots(IInvocationOperation op, string name, List<Step> steps, int index)
    {
        IOperation? joined = name switch
        {
            "Join" or "GroupJoin" or "Concat" or "Union" => GetArgument(op, 1),
            "SelectMany" => GetLambdaArgument(op, 1).GetLambda()?.GetLambdaResult(),
            _ => null,
        };

        if (joined is null)
        {
            return;
        }

        foreach (var source in QuerySources.Find(joined, _symbols, _cancellationToken))
        {
            if (!source.IsKnown || !RunsHere(source.Operators, isLoop: true))
            {
                continue;
            }

            var joinedSteps = new List<Step>(source.Operators.Length + steps.Count - index);
            foreach (var inner in source.Operators)
            {
                joinedSteps.Add(new Step(inner, role: 0, spawn: true));
            }

            joinedSteps.Add(new Step(op, role: 1, spawn: false));
            for (var i = index + 1; i < steps.Count; i++)
            {
                joinedSteps.Add(new Step(steps[i].Operation, steps[i].Role, spawn: false));
            }

            Track(source.Root!, source.EntityType, joinedSteps);
        }
    }

    /// <summary>The argument bound to the method's parameter at this ordinal (extension <c>this</c> is 0).</summary>
    private static IOperation? GetArgument(IInvocationOperation invocation, int ordinal)
    {
        if (!invocation.TargetMethod.IsExtensionMethod && invocation.TargetMethod.ReducedFrom is null)
        {
            ordinal--;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>The argument at the ordinal when it is a delegate or expression (lambda or not).</summary>
    private static IOperation? GetLambdaArgument(IInvocationOperation invocation, int ordinal)
    {
        var argument = GetArgument(invocation, ordinal);
        if (argument?.Type is not INamedTypeSymbol type)
        {
            return null;
        }

        // Expression<Func<...>> or Func<...>
        return type.TypeKind == TypeKind.Delegate || (type.Name == "Expression" && type.IsGenericType) ? argument : null;
    }

    /// <summary>A predicate counts for the root when it reads the root's tenant key; every side of an || must.</summary>
    private static bool Qualifies(IAnonymousFunctionOperation lambda, HashSet<string> paths, bool lost, string tenantName)
    {
        var body = lambda.GetLambdaResult() ?? (IOperation)lambda.Body;
        return Qualifies(body, lambda, paths, lost, tenantName);
    }

    private static bool Qualifies(IOperation operation, IAnonymousFunctionOperation lambda, HashSet<string> paths, bool lost, string tenantName)
    {
        operation = operation.WalkDownConversions()!;
        if (operation is IBinaryOperation { Type.SpecialType: SpecialType.System_Boolean } binary)
        {
            switch (binary.OperatorKind)
            {
                case BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And:
                    return Qualifies(binary.LeftOperand, lambda, paths, lost, tenantName) || Qualifies(binary.RightOperand, lambda, paths, lost, tenantName);
                case BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or:
                    return Qualifies(binary.LeftOperand, lambda, paths, lost, tenantName) && Qualifies(binary.RightOperand, lambda, paths, lost, tenantName);
            }
        }

        return ReadsTenant(operation, lambda, 0, paths, lost, tenantName);
    }

    /// <summary>Whether the operation reads one of the tenant paths of the lambda's parameter (nested lambdas excluded).</summary>
    private static bool ReadsTenant(IOperation operation, IAnonymousFunctionOperation lambda, int parameter, HashSet<string> paths, bool lost, string tenantName)
    {
        if (operation is IAnonymousFunctionOperation)
        {
            return false;
        }

        if (operation is IMemberReferenceOperation or IInvocationOperation && PathOf(operation, lambda, parameter) is { } path)
        {
            if (paths.Contains(path) || (lost && LastSegment(path) == tenantName))
            {
                return true;
            }
        }

        foreach (var child in operation.ChildOperations)
        {
            if (ReadsTenant(child, lambda, parameter, paths, lost, tenantName))
            {
                return true;
            }
        }

        return false;
    }

    private static string LastSegment(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? path : path.Substring(dot + 1);
    }

    /// <summary><c>p.A.B</c> → "A.B", <c>p</c> → "", <c>EF.Property&lt;T&gt;(p.A, "B")</c> → "A.B"; null when not rooted at the parameter.</summary>
    private static string? PathOf(IOperation? operation, IAnonymousFunctionOperation lambda, int parameter)
    {
        operation = operation.WalkDownConversions();
        switch (operation)
        {
            case IParameterReferenceOperation reference:
                var parameters = lambda.Symbol.Parameters;
                return parameters.Length > parameter && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameters[parameter]) ? "" : null;
            case IMemberReferenceOperation { Member: IPropertySymbol or IFieldSymbol, Instance: { } instance } member:
                return Append(PathOf(instance, lambda, parameter), member.Member.Name);
            case IInvocationOperation { TargetMethod: { Name: "Property", ContainingType.Name: "EF" } } efProperty when efProperty.Arguments.Length == 2:
                return efProperty.Arguments[1].Value.GetConstantString() is { } name ? Append(PathOf(efProperty.Arguments[0].Value, lambda, parameter), name) : null;
            default:
                return null;
        }
    }

    private static string? Append(string? prefix, string name) => prefix is null ? null : prefix.Length == 0 ? name : prefix + "." + name;

    /// <summary>Where the tenant key is after a projection (<c>new { o, c }</c>, <c>new Dto { TenantId = o.TenantId }</c>, <c>x =&gt; x.o</c>).</summary>
    private static void Remap(IAnonymousFunctionOperation? lambda, int parameter, ref HashSet<string> paths, ref bool lost)
    {
        if (lost)
        {
            return;
        }

        var result = lambda?.GetLambdaResult();
        if (lambda is null || result is null)
        {
            paths.Clear();
            lost = true;
            return;
        }

        var mapped = new HashSet<string>(StringComparer.Ordinal);
        if (PathOf(result, lambda, parameter) is { } whole)
        {
            foreach (var path in paths)
            {
                if (whole.Length == 0)
                {
                    mapped.Add(path);
                }
                else if (path == whole)
                {
                    mapped.Add("");
                }
                else if (path.StartsWith(whole + ".", StringComparison.Ordinal))
                {
                    mapped.Add(path.Substring(whole.Length + 1));
                }
            }

            paths = mapped;
            return;
        }

        var initializers = result switch
        {
            IAnonymousObjectCreationOperation anonymous => anonymous.Initializers,
            IObjectCreationOperation { Initializer: { } initializer } creation when !ArgumentsRead(creation, lambda, parameter, paths) => initializer.Initializers,
            _ => default,
        };

        if (initializers.IsDefault)
        {
            // constructor arguments, tuples, method calls: follow no further, but accept a later read by name
            if (ReadsTenant(result, lambda, parameter, paths, lost: false, tenantName: ""))
            {
                lost = true;
            }

            paths.Clear();
            return;
        }

        foreach (var initializer in initializers)
        {
            if (initializer is not ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment ||
                PathOf(assignment.Value, lambda, parameter) is not { } value)
            {
                continue;
            }

            foreach (var path in paths)
            {
                if (value.Length == 0)
                {
                    mapped.Add(target.Member.Name + "." + path);
                }
                else if (path == value)
                {
                    mapped.Add(target.Member.Name);
                }
                else if (path.StartsWith(value + ".", StringComparison.Ordinal))
                {
                    mapped.Add(target.Member.Name + path.Substring(value.Length));
                }
            }
        }

        paths = mapped;
    }

    private static bool ArgumentsRead(IObjectCreationOperation creation, IAnonymousFunctionOperation lambda, int parameter, HashSet<string> paths)
    {
        foreach (var argument in creation.Arguments)
        {
            if (ReadsTenant(argument, lambda, parameter, paths, lost: false, tenantName: "") || PathOf(argument.Value, lambda, parameter) == "")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Inside a lambda given to a query operator: a subquery, run as part of the outer query.</summary>
    private bool IsInsideQueryLambda(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is not IAnonymousFunctionOperation)
            {
                continue;
            }

            var up = current.Parent;
            while (up is IDelegateCreationOperation or IConversionOperation)
            {
                up = up.Parent;
            }

            if (up is IArgumentOperation { Parent: IInvocationOperation invocation } && QueryOperators.IsQueryMethod(invocation.TargetMethod, _symbols))
            {
                return true;
            }
        }

        return false;
    }
}
