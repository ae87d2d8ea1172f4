using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Loops;

/// <summary>
/// The DBP009 shapes a fix can rewrite without changing what the code does, checked where the model and
/// the operations are at hand; the fixer receives the result through the diagnostic's properties.
/// </summary>
internal static class LoopFixShapes
{
    /// <summary>Operators between the root and the lookup that the hoisted query can keep as they are.</summary>
    private static readonly HashSet<string> NeutralOperators = new(StringComparer.Ordinal)
    {
        "AsNoTracking", "AsNoTrackingWithIdentityResolution", "AsTracking", "Include", "ThenInclude", "IgnoreQueryFilters",
        "IgnoreAutoIncludes", "AsSplitQuery", "AsSingleQuery", "TagWith",
    };

    /// <summary>
    /// <c>foreach (var id in ids) { ... ctx.Set.Find(id) / FirstOrDefault(x => x.K == id) / Single(x => x.K == item.Prop) ... }</c>
    /// over an in-memory sequence, where <c>K</c> is unique and never null (primary key, alternate key, unique
    /// index of a non-nullable property): one query into a dictionary before the loop gives the same entities.
    /// </summary>
    public static ImmutableDictionary<string, string?>? DescribeHoist(IInvocationOperation invocation, EnclosingLoop loop, LoopSymbols symbols, Compilation compilation, CancellationToken cancellationToken)
    {
        if (loop.Loop is not IForEachLoopOperation { IsAsynchronous: false, LoopControlVariable: IVariableDeclaratorOperation declarator, Parent: IBlockOperation } forEach ||
            !IsStable(forEach.Collection.WalkDownConversions()) ||
            DatabaseQueries.IsLiveQuery(forEach.Collection, symbols, cancellationToken, out _) ||
            !DatabaseQueries.IsSequence(forEach.Collection.WalkDownConversions()?.Type, symbols))
        {
            return null;
        }

        var method = invocation.TargetMethod;
        var name = QueryOperators.SyncName(method.Name);
        var isAsync = name != method.Name;
        IOperation outer = invocation;
        if (outer.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configureAwait)
        {
            outer = configureAwait;
        }

        if (isAsync != (outer.Parent is IAwaitOperation))
        {
            return null;
        }

        var model = EfModel.For(compilation, cancellationToken);
        if (model is null || QueryOperators.GetSource(invocation) is not { } receiver || !TryGetRoot(receiver, symbols, out var root, out var entityType) ||
            model.GetEntity(entityType) is not { } entity || !IsAvailableBefore(root, loop))
        {
            return null;
        }

        string key;
        IOperation? value;
        string lookup;
        if (name == "Find")
        {
            if (!ReferenceEquals(receiver, root) || entity.EffectivePrimaryKey.Length != 1 || invocation.Arguments.Length != 1 ||
                invocation.Arguments[0] is not { ArgumentKind: ArgumentKind.ParamArray, Value: IArrayCreationOperation { Initializer.ElementValues: { Length: 1 } values } })
            {
                return null;
            }

            key = entity.EffectivePrimaryKey[0];
            value = values[0].WalkDownConversions();
            lookup = "Default";
        }
        else if (name is "First" or "FirstOrDefault" or "Single" or "SingleOrDefault")
        {
            if (invocation.GetArgument("predicate")?.Value.GetLambda() is not { } lambda ||
                lambda.GetLambdaResult() is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals, IsLifted: false } equals)
            {
                return null;
            }

            if (OperationHelpers.GetMemberPath(equals.LeftOperand, lambda) is { } left && left.IndexOf('.') < 0)
            {
                key = left;
                value = equals.RightOperand;
            }
            else if (OperationHelpers.GetMemberPath(equals.RightOperand, lambda) is { } right && right.IndexOf('.') < 0)
            {
                key = right;
                value = equals.LeftOperand;
            }
            else
            {
                return null;
            }

            if (!IsUnique(entity, key))
            {
                return null;
            }

            lookup = name.EndsWith("OrDefault", StringComparison.Ordinal) ? "Default" : "Throw";
        }
        else
        {
            return null;
        }

        // the value is the loop variable or one of its properties, of exactly the key's type
        string member;
        switch (value)
        {
            case ILocalReferenceOperation local when SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol):
                member = "";
                break;
            case IPropertyReferenceOperation { Property.IsIndexer: false, Instance: ILocalReferenceOperation owner } property
                when SymbolEqualityComparer.Default.Equals(owner.Local, declarator.Symbol):
                member = property.Property.Name;
                break;
            default:
                return null;
        }

        if (FindProperty(entity, key) is not { } keyProperty || !SymbolEqualityComparer.Default.Equals(keyProperty.Type, value.Type))
        {
            return null;
        }

        // a cancellation token or other argument must not depend on the iteration
        foreach (var argument in invocation.Arguments)
        {
            foreach (var node in argument.Value.DescendantsAndSelf())
            {
                if (node is ILocalReferenceOperation used && LoopAnalysis.IsDeclaredInside(used.Local, loop) &&
                    !(argument.Parameter?.Name is "predicate" or "keyValues"))
                {
                    return null;
                }
            }
        }

        return ImmutableDictionary<string, string?>.Empty
            .Add(QueryInLoopAnalyzer.FixKey, QueryInLoopAnalyzer.HoistFix)
            .Add(QueryInLoopAnalyzer.KeyKey, key)
            .Add(QueryInLoopAnalyzer.LookupKey, lookup)
            .Add(QueryInLoopAnalyzer.MemberKey, member)
            .Add(QueryInLoopAnalyzer.LoopVariableKey, declarator.Symbol.Name)
            .Add(QueryInLoopAnalyzer.TypesKey, entity.Name);
    }

    /// <summary>
    /// <c>foreach (var b in query) { ctx.Entry(b).Collection(x => x.Posts).Load(); ... }</c>: the load is a
    /// statement of its own in the loop body and the loop iterates an EF query that can take an Include.
    /// </summary>
    public static bool DescribeLoadToInclude(
        IInvocationOperation invocation,
        EnclosingLoop loop,
        LoopSymbols symbols,
        Compilation compilation,
        CancellationToken cancellationToken,
        out ImmutableDictionary<string, string?>? properties,
        out ImmutableArray<Location> roots)
    {
        properties = null;
        roots = ImmutableArray<Location>.Empty;
        if (!DatabaseQueries.IsExplicitLoad(invocation, symbols) ||
            loop.Loop is not IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation declarator, Body: IBlockOperation body } forEach)
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

        if (statement.Parent is not IExpressionStatementOperation { Parent: var parent } || !ReferenceEquals(parent, body) ||
            invocation.Instance.WalkDownConversions() is not IInvocationOperation { TargetMethod.Name: "Collection" or "Reference", Arguments.Length: 1 } navigation ||
            navigation.Instance.WalkDownConversions() is not IInvocationOperation { TargetMethod.Name: "Entry", Arguments.Length: 1 } entry ||
            entry.Arguments[0].Value.WalkDownConversions() is not ILocalReferenceOperation local ||
            !SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol))
        {
            return false;
        }

        var names = navigation.Arguments[0].Value.GetMemberNames();
        if (names.Length != 1 || names[0].IndexOf('.') >= 0 ||
            EfModel.For(compilation, cancellationToken) is not { } model ||
            LoopQuery.For(forEach.Collection, model, cancellationToken) is not { } query ||
            query.Entity.FindNavigation(names[0]) is null || !query.CanInsertInclude())
        {
            return false;
        }

        properties = ImmutableDictionary<string, string?>.Empty
            .Add(QueryInLoopAnalyzer.FixKey, QueryInLoopAnalyzer.IncludeFix)
            .Add(QueryInLoopAnalyzer.PathKey, names[0])
            .Add(QueryInLoopAnalyzer.TypesKey, query.Entity.Name);
        roots = query.RootLocations();
        return true;
    }

    /// <summary>The query root under neutral operators (<c>ctx.Customers.AsNoTracking()</c>), written inline.</summary>
    private static bool TryGetRoot(IOperation receiver, LoopSymbols symbols, out IOperation root, out INamedTypeSymbol? entityType)
    {
        root = receiver;
        while (true)
        {
            if (QueryOperators.TryGetQueryRoot(root, symbols.Ef, out entityType))
            {
                return true;
            }

            if (root is IInvocationOperation call && NeutralOperators.Contains(call.TargetMethod.Name) && call.GetReceiver() is { } next)
            {
                root = next;
                continue;
            }

            return false;
        }
    }

    /// <summary>The context the root reads exists before the loop (not created in it).</summary>
    private static bool IsAvailableBefore(IOperation root, EnclosingLoop loop)
    {
        var instance = root switch
        {
            IPropertyReferenceOperation property => property.Instance,
            IInvocationOperation invocation => invocation.Instance,
            _ => null,
        };

        return instance.WalkDownConversions() switch
        {
            ILocalReferenceOperation local => !LoopAnalysis.IsDeclaredInside(local.Local, loop),
            IParameterReferenceOperation or IInstanceReferenceOperation => true,
            IFieldReferenceOperation or IPropertyReferenceOperation => IsStable(instance.WalkDownConversions()),
            _ => false,
        };
    }

    /// <summary>An expression that can be read twice with the same result: locals, parameters, fields, properties of those.</summary>
    private static bool IsStable(IOperation? operation) => operation switch
    {
        ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation => true,
        IFieldReferenceOperation field => field.Instance is null || IsStable(field.Instance.WalkDownConversions()),
        IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Instance is null || IsStable(property.Instance.WalkDownConversions()),
        _ => false,
    };

    /// <summary>The primary key, an alternate key, or an unfiltered unique index of a property that cannot be null.</summary>
    private static bool IsUnique(EntityModel entity, string key)
    {
        var single = ImmutableArray.Create(key);
        if (Same(entity.EffectivePrimaryKey, single))
        {
            return true;
        }

        for (var e = entity; e is not null; e = e.BaseEntity)
        {
            foreach (var alternate in e.AlternateKeys)
            {
                if (Same(alternate, single))
                {
                    return true;
                }
            }
        }

        if (FindProperty(entity, key) is not { } property || !IsNeverNull(property))
        {
            return false;
        }

        foreach (var index in entity.AllIndexes())
        {
            if (index.IsUnique && !index.IsFiltered && Same(index.Properties, single))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNeverNull(IPropertySymbol property) =>
        property.Type.IsValueType
            ? property.Type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T
            : property.NullableAnnotation == NullableAnnotation.NotAnnotated;

    private static IPropertySymbol? FindProperty(EntityModel entity, string name)
    {
        foreach (var property in entity.Type.GetInstanceProperties())
        {
            if (property.Name == name)
            {
                return property;
            }
        }

        return null;
    }

    private static bool Same(ImmutableArray<string> a, ImmutableArray<string> b)
    {
        if (a.IsDefaultOrEmpty || a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
