using Microsoft.CodeAnalysis.CSharp.Syntax;
using DbPractices.Analyzers.Query;
using DbPractices.Analyzers.Rules.Mapping;

namespace DbPractices.Analyzers.Rules.Queries;

/// <summary>
/// DBP030: a query looks rows up by equality on a column (string, Guid, integer) that no index, key or alternate key
/// of the entity leads with. Reported at the comparison; the fixes are DBP001's (add the index).
/// The predicate is the conjunction of every filter of the query's chain (this lambda's <c>&amp;&amp;</c> operands, the other
/// <c>Where</c>/<c>First</c>/... lambdas before and after it in the chain) and the entity's query filters: when any of
/// them compares a column an index leads with, the index narrows the scan and the rule is silent.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LookupWithoutIndexAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: the column's CLR property name (the same key as DBP001's, read by the shared index fix).</summary>
    public const string PropertyKey = ForeignKeyWithoutIndexAnalyzer.PropertyKey;

    /// <summary>Diagnostic property: the configuration block's builder parameter, when a fluent fix is possible.</summary>
    public const string BuilderKey = ForeignKeyWithoutIndexAnalyzer.BuilderKey;

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.LookupWithoutIndex,
        "Lookup on a column no index leads with",
        "'{0}' is looked up by equality, but no index or key of '{1}' leads with it: the query scans the table",
        RuleCategories.Performance,
        DiagnosticSeverity.Info,
        "A query that finds rows by a column's value needs an index that leads with that column, or the database reads the whole table for every lookup.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        if (symbols.Queryable is null)
        {
            return;
        }

        context.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.Invocation);
    }

    private static bool IsLookupOperator(string name) => name is
        "Where" or "First" or "FirstOrDefault" or "Single" or "SingleOrDefault" or "Last" or "LastOrDefault" or
        "Any" or "Count" or "LongCount";

    private static void Analyze(OperationAnalysisContext context, EfSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!IsLookupOperator(QueryOperators.SyncName(method.Name)) || !QueryOperators.IsQueryMethod(method, symbols) ||
            Predicate(invocation) is not { } lambda)
        {
            return;
        }

        // cheap first: does this lambda compare a member of its row with a value at all?
        var lookups = new List<Comparison>();
        CollectComparisons(lambda, lookups, equalityOnly: true);
        if (lookups.Count == 0 || QueryOperators.GetSource(invocation) is not { } source)
        {
            return;
        }

        var sources = QuerySources.Find(source, symbols, context.CancellationToken);
        if (sources.IsEmpty || EfModel.For(context.Compilation, context.CancellationToken) is not { } model)
        {
            return;
        }

        INamedTypeSymbol? entityType = null;
        ITypeSymbol? receiverType = null;
        foreach (var path in sources)
        {
            if (!path.IsKnown || path.EntityType is null || (entityType is not null && !SymbolEqualityComparer.Default.Equals(entityType, path.EntityType)))
            {
                return;
            }

            // a projection or an Enumerable operator before this one: the lambda's row is not the root's entity, or it runs in memory
            foreach (var op in path.Operators)
            {
                if (QueryOperators.IsProjection(op.TargetMethod) || !IsQueryable(op.TargetMethod, symbols))
                {
                    return;
                }
            }

            entityType = path.EntityType;
            receiverType ??= ReceiverType(path.Root);
        }

        if (!IsQueryable(method, symbols))
        {
            return;
        }

        // every other filter of the chain: the operators before this one (each path) and after it (this expression)
        var others = new List<Comparison>();
        var earlier = new List<IAnonymousFunctionOperation>();
        var ignoresFilters = false;
        foreach (var path in sources)
        {
            foreach (var op in path.Operators)
            {
                ignoresFilters |= op.TargetMethod.Name == "IgnoreQueryFilters";
                if (Predicate(op) is { } before)
                {
                    earlier.Add(before);
                    CollectComparisons(before, others, equalityOnly: false);
                }
            }
        }

        for (var next = invocation.GetNextInChain(); next is not null && QueryOperators.IsQueryMethod(next.TargetMethod, symbols); next = next.GetNextInChain())
        {
            if (QueryOperators.IsProjection(next.TargetMethod))
            {
                break;
            }

            ignoresFilters |= next.TargetMethod.Name == "IgnoreQueryFilters";
            if (Predicate(next) is { } after)
            {
                CollectComparisons(after, others, equalityOnly: false);
            }
        }

        CollectComparisons(lambda, others, equalityOnly: false);

        var tree = invocation.Syntax.SyntaxTree;
        var tenant = TenantConvention.From(context.Options, tree);
        EntityModel? reportedEntity = null;
        foreach (var candidate in model.ModelsForReceiver(receiverType))
        {
            // no DbContext declared in this compilation (queries through an interface whose context lives in another
            // project): the entity's fluent configuration, and so its indexes, are not visible here
            if (candidate.Context is null)
            {
                return;
            }

            if (candidate.GetEntity(entityType) is not { } entity)
            {
                continue;
            }

            // judged in every context the query may run on: silent when one of them has the index
            if (!IsLookupTable(entity) || IsNarrowed(entity, others, ignoresFilters))
            {
                return;
            }

            reportedEntity ??= entity;
        }

        if (reportedEntity is null)
        {
            return;
        }

        // one diagnostic per chain: the first column that would be reported, in the first filter that has one
        foreach (var before in earlier)
        {
            var previous = new List<Comparison>();
            CollectComparisons(before, previous, equalityOnly: true);
            foreach (var comparison in previous)
            {
                if (IsReportable(model, receiverType, entityType!, comparison.Property, tenant))
                {
                    return;
                }
            }
        }

        foreach (var comparison in lookups)
        {
            if (IsReportable(model, receiverType, entityType!, comparison.Property, tenant))
            {
                Report(context, reportedEntity, comparison);
                return;
            }
        }
    }

    /// <summary>A comparison <c>e.P op value</c> (either side) of the lambda's row.</summary>
    private readonly struct Comparison
    {
        public Comparison(IPropertySymbol property, IOperation operation)
        {
            Property = property;
            Operation = operation;
        }

        public IPropertySymbol Property { get; }

        public IOperation Operation { get; }
    }

    /// <summary>The expression-tree lambda of a predicate-taking operator (<c>Where(e =&gt; ...)</c>, <c>FirstAsync(e =&gt; ..., ct)</c>).</summary>
    private static IAnonymousFunctionOperation? Predicate(IInvocationOperation invocation)
    {
        if (!IsLookupOperator(QueryOperators.SyncName(invocation.TargetMethod.Name)))
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { Ordinal: > 0 } parameter && parameter.Type is INamedTypeSymbol { Name: "Expression" } &&
                argument.Value.GetLambda() is { Symbol.Parameters.Length: 1 } lambda)
            {
                return lambda;
            }
        }

        return null;
    }

    private static bool IsQueryable(IMethodSymbol method, EfSymbols symbols)
    {
        var containing = method.ContainingType?.OriginalDefinition;
        return !SymbolEqualityComparer.Default.Equals(containing, symbols.Enumerable) &&
               !SymbolEqualityComparer.Default.Equals(containing, symbols.AsyncEnumerable);
    }

    /// <summary>The DbContext (or interface) type a root is read from: <c>ctx.Orders</c>, <c>ctx.Set&lt;Order&gt;()</c>.</summary>
    private static ITypeSymbol? ReceiverType(IOperation? root) => root switch
    {
        IPropertyReferenceOperation { Instance: { } instance } => instance.WalkDownConversions()?.Type,
        IFieldReferenceOperation { Instance: { } instance } => instance.WalkDownConversions()?.Type,
        IInvocationOperation { Instance: { } instance } => instance.WalkDownConversions()?.Type,
        _ => null,
    };

    /// <summary>The <c>&amp;&amp;</c> operands of the lambda's body that compare a member of the row with a value.</summary>
    private static void CollectComparisons(IAnonymousFunctionOperation lambda, List<Comparison> results, bool equalityOnly)
    {
        var parameter = lambda.Symbol.Parameters[0];
        var body = lambda.GetLambdaResult();
        var pending = new Stack<IOperation>();
        if (body is not null)
        {
            pending.Push(body);
        }

        while (pending.Count > 0)
        {
            var operation = pending.Pop().WalkDownConversions();
            if (operation is IParenthesizedOperation parenthesized)
            {
                pending.Push(parenthesized.Operand);
                continue;
            }

            if (operation is not IBinaryOperation binary)
            {
                continue;
            }

            if (binary.OperatorKind == BinaryOperatorKind.ConditionalAnd)
            {
                // source order: the right operand is popped last
                pending.Push(binary.RightOperand);
                pending.Push(binary.LeftOperand);
                continue;
            }

            var isEquality = binary.OperatorKind == BinaryOperatorKind.Equals;
            if (!isEquality && (equalityOnly || binary.OperatorKind is not (BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or
                    BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual)))
            {
                continue;
            }

            if (RowMember(binary.LeftOperand, parameter) is { } left && IsValue(binary.RightOperand, parameter, equalityOnly))
            {
                results.Add(new Comparison(left, binary));
            }
            else if (RowMember(binary.RightOperand, parameter) is { } right && IsValue(binary.LeftOperand, parameter, equalityOnly))
            {
                results.Add(new Comparison(right, binary));
            }
        }
    }

    /// <summary><c>e.P</c> (through conversions) where <c>e</c> is the lambda's parameter.</summary>
    private static IPropertySymbol? RowMember(IOperation operand, IParameterSymbol parameter) =>
        operand.WalkDownConversions() is IPropertyReferenceOperation { Instance: { } instance, Property: var property } &&
        instance.WalkDownConversions() is IParameterReferenceOperation reference &&
        SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter)
            ? property
            : null;

    /// <summary>
    /// A value that does not depend on the row. For a lookup (<paramref name="lookup"/>) also not a constant: <c>Status == "Open"</c>
    /// or <c>x == null</c> filters by a fixed category, which an index seldom serves, rather than looking a row up by key; and
    /// not computed by the database (<c>EF.Functions.Random()</c>, any <c>EF.Functions</c> call): that is a demo or a sampling
    /// filter, not a key a caller looks a row up by.
    /// </summary>
    private static bool IsValue(IOperation operand, IParameterSymbol parameter, bool lookup)
    {
        if (lookup && operand.WalkDownConversions() is { ConstantValue.HasValue: true })
        {
            return false;
        }

        foreach (var descendant in operand.DescendantsAndSelf())
        {
            if (descendant is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter))
            {
                return false;
            }

            if (lookup && descendant is IInvocationOperation { TargetMethod.ContainingType: { Name: "DbFunctionsExtensions" or "EF" or "RelationalDbFunctionsExtensions" } owner } &&
                owner.ContainingNamespace?.ToDisplayString() == "Microsoft.EntityFrameworkCore")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Entities stored in a table the rule can index: not keyless, owned or mapped to a view/query/function.</summary>
    private static bool IsLookupTable(EntityModel entity) => !entity.IsKeyless && !entity.IsOwned && !entity.IsView;

    /// <summary>True when a filter of the chain, or a query filter the query keeps, compares a column an index or key leads with.</summary>
    private static bool IsNarrowed(EntityModel entity, List<Comparison> comparisons, bool ignoresFilters)
    {
        foreach (var comparison in comparisons)
        {
            if (entity.IsCoveredByIndexOrKey(ImmutableArray.Create(comparison.Property.Name), unfilteredOnly: true))
            {
                return true;
            }
        }

        if (!ignoresFilters)
        {
            for (var e = entity; e is not null; e = e.BaseEntity)
            {
                foreach (var filter in e.QueryFilters)
                {
                    foreach (var member in filter.ReadMembers)
                    {
                        if (entity.IsCoveredByIndexOrKey(ImmutableArray.Create(member), unfilteredOnly: true))
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    /// <summary>True when the property, in every context the query may run on that maps the entity, is a lookup key no index leads with.</summary>
    private static bool IsReportable(EfModel model, ITypeSymbol? receiverType, INamedTypeSymbol entityType, IPropertySymbol property, TenantConvention tenant)
    {
        if (!IsKeyType(property.Type))
        {
            return false;
        }

        var any = false;
        foreach (var candidate in model.ModelsForReceiver(receiverType))
        {
            if (candidate.GetEntity(entityType) is not { } entity)
            {
                continue;
            }

            if (!IsMapped(entity, property) ||
                entity.IsCoveredByIndexOrKey(ImmutableArray.Create(property.Name), unfilteredOnly: true) ||
                IsForeignKey(candidate, entity, property.Name) ||
                SymbolEqualityComparer.Default.Equals(tenant.GetTenantProperty(entity), property) ||
                // {X}Id referencing another entity without a relationship: DBP001's
                ForeignKeyWithoutIndexAnalyzer.FindReferencedEntity(candidate, entity, property) is not null)
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private static bool IsMapped(EntityModel entity, IPropertySymbol property) =>
        !entity.IgnoredMembers.Contains(property.Name) &&
        entity.FindProperty(property.Name) is { } mapped &&
        SymbolEqualityComparer.Default.Equals(mapped.OriginalDefinition, property.OriginalDefinition);

    private static bool IsForeignKey(EfModel model, EntityModel entity, string name)
    {
        for (var e = entity; e is not null; e = e.BaseEntity)
        {
            foreach (var relationship in model.GetRelationshipsAsDependent(e))
            {
                if (!relationship.ForeignKey.IsDefaultOrEmpty && relationship.ForeignKey.Contains(name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A plausible lookup key: string, Guid or an integer type (nullable included); not bool, enums, dates or decimals.</summary>
    private static bool IsKeyType(ITypeSymbol type)
    {
        type = type.UnwrapNullable();
        return type.SpecialType is SpecialType.System_String or SpecialType.System_Int32 or SpecialType.System_Int64 or
                   SpecialType.System_Int16 or SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_UInt16 or
                   SpecialType.System_UInt32 or SpecialType.System_UInt64 ||
               type is { Name: "Guid", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
    }

    private static void Report(OperationAnalysisContext context, EntityModel entity, Comparison comparison)
    {
        var property = comparison.Property;
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[PropertyKey] = property.Name;
        var additional = new List<Location>();

        // [0]: the entity class to annotate; [1]: a fluent configuration block of the entity, when there is one.
        // An entity declared in another assembly: [0] is its configuration site, where the fluent fix writes HasIndex.
        if (FindClassDeclaration(entity.Type, context.CancellationToken) is { } classDeclaration)
        {
            additional.Add(classDeclaration.Identifier.GetLocation());
            foreach (var block in entity.ConfigurationBlocks)
            {
                if (block.Location.IsInSource)
                {
                    properties[BuilderKey] = block.Builder;
                    additional.Add(block.Location);
                    break;
                }
            }
        }
        else if (entity.ExternalSite is { Location.IsInSource: true } site)
        {
            additional.Add(site.Location);
            properties[ConfigurationSite.KindKey] = site.Kind.ToString();
            properties[ConfigurationSite.MemberKey] = property.Name;
            properties[ConfigurationSite.AtAdditionalLocationKey] = "true";
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, comparison.Operation.Syntax.GetLocation(), additional, properties.ToImmutable(),
            entity.Name + "." + property.Name, entity.DisplayName));
    }

    private static ClassDeclarationSyntax? FindClassDeclaration(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is ClassDeclarationSyntax declaration)
            {
                return declaration;
            }
        }

        return null;
    }
}
