using Microsoft.CodeAnalysis.CSharp.Syntax;
using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Queries;

/// <summary>
/// DBP011: an EF query is loaded whole (<c>ToList</c>, <c>ToArray</c>, <c>AsEnumerable</c>, their async forms)
/// and then filtered, projected or aggregated in memory, inline or through a local used only there.
/// Silent when the in-memory lambda is not known to translate (see <see cref="Translatability"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MaterializedBeforeFilteringAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: "Inline" or "Local" (the materialization sits in a local's declaration).</summary>
    public const string FormKey = "Form";

    /// <summary>Diagnostic property, present when no fix is offered (tuple projection, no async counterpart).</summary>
    public const string NoFixKey = "NoFix";

    public const string InlineForm = "Inline";
    public const string LocalForm = "Local";

    private static readonly HashSet<string> Consumers = new(System.StringComparer.Ordinal)
    {
        "Where", "Select", "Count", "LongCount", "Any", "All", "First", "FirstOrDefault", "Single", "SingleOrDefault",
        "Sum", "Min", "Max", "Average",
    };

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.MaterializedBeforeFiltering,
        "Query materialized before filtering, projecting or aggregating",
        "'{0}' runs in memory after '{1}' loaded every row: move it before '{1}' so the database does the work",
        RuleCategories.Performance,
        DiagnosticSeverity.Warning,
        "Filtering, projecting or aggregating after ToList/ToArray/AsEnumerable loads every row and column of the query and does the work on the client.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        if (symbols.Enumerable is null || symbols.IQueryableOfT is null)
        {
            return;
        }

        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        context.RegisterOperationAction(c => AnalyzeCountProperty(c, symbols), OperationKind.PropertyReference);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, EfSymbols symbols)
    {
        var consumer = (IInvocationOperation)context.Operation;
        var method = consumer.TargetMethod;
        if (!Consumers.Contains(method.Name) || !SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, symbols.Enumerable) ||
            consumer.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax memberAccess } ||
            QueryOperators.GetSource(consumer) is not { } receiver)
        {
            return;
        }

        IAnonymousFunctionOperation? lambda = null;
        foreach (var argument in consumer.Arguments)
        {
            if (argument.Parameter?.Ordinal is 0 or null)
            {
                continue;
            }

            // comparers, seeds, method groups, delegates held in variables: nothing to move into SQL
            if (argument.Value.GetLambda() is not { } found || lambda is not null)
            {
                return;
            }

            lambda = found;
        }

        Analyze(context, symbols, receiver, method.Name, lambda, memberAccess.Name.GetLocation());
    }

    /// <summary><c>(await q.ToListAsync()).Count</c>, <c>q.ToArray().Length</c>: counting a loaded list.</summary>
    private static void AnalyzeCountProperty(OperationAnalysisContext context, EfSymbols symbols)
    {
        var property = (IPropertyReferenceOperation)context.Operation;
        if (property.Property.Name != "Count" || property.Instance is not { } instance ||
            instance.Type is not INamedTypeSymbol { Name: "List", ContainingNamespace.Name: "Generic" } ||
            property.Syntax is not MemberAccessExpressionSyntax memberAccess)
        {
            return;
        }

        Analyze(context, symbols, instance, "Count", null, memberAccess.Name.GetLocation());
    }

    private static void Analyze(OperationAnalysisContext context, EfSymbols symbols, IOperation receiver, string consumerName, IAnonymousFunctionOperation? lambda, Location location)
    {
        var form = InlineForm;
        IOperation? materializedValue = receiver;
        if (receiver.WalkDownConversions() is ILocalReferenceOperation reference)
        {
            if (SingleUseMaterialization(reference, context.CancellationToken) is not { } value)
            {
                return;
            }

            form = LocalForm;
            materializedValue = value;
        }

        if (QueryOperators.Unwrap(materializedValue) is not IInvocationOperation materialization ||
            QueryOperators.SyncName(materialization.TargetMethod.Name) is not ("ToList" or "ToArray" or "AsEnumerable") ||
            !QueryOperators.IsQueryMethod(materialization.TargetMethod, symbols) ||
            QueryOperators.GetSource(materialization) is not { } query ||
            !IsQueryable(query.Type, symbols))
        {
            return;
        }

        var isAsync = materialization.TargetMethod.Name.EndsWith("Async", System.StringComparison.Ordinal);
        var model = EfModel.For(context.Compilation, context.CancellationToken);
        if (model is null)
        {
            return;
        }

        var sources = QuerySources.Find(query, symbols, context.CancellationToken);
        if (sources.IsEmpty)
        {
            return;
        }

        foreach (var source in sources)
        {
            if (!source.IsKnown || !ComposesInSql(source, model))
            {
                return;
            }
        }

        var hasTuple = false;
        if (lambda is not null)
        {
            var element = materialization.TargetMethod.IsGenericMethod ? materialization.TargetMethod.TypeArguments[0] : null;
            if (!IsTranslatableElement(element, model) ||
                !Translatability.IsTranslatable(lambda, model, finalProjection: consumerName == "Select", out hasTuple))
            {
                return;
            }
        }
        else if (consumerName is "Sum" or "Min" or "Max" or "Average")
        {
            var element = materialization.TargetMethod.IsGenericMethod ? materialization.TargetMethod.TypeArguments[0] : null;
            if (!IsScalar(element))
            {
                return;
            }
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(FormKey, form);
        if (hasTuple || (isAsync && consumerName is not ("Where" or "Select") &&
                         symbols.EntityFrameworkQueryableExtensions?.GetMembers(consumerName + "Async").IsEmpty != false))
        {
            properties = properties.Add(NoFixKey, "true");
        }

        var additional = new List<Location> { materialization.Syntax.GetLocation() };
        context.ReportDiagnostic(Diagnostic.Create(Rule, location, additional, properties, consumerName, materialization.TargetMethod.Name));
    }

    /// <summary>
    /// The local's only write is its declaration (a materialization), and this read is its only read, in the
    /// same body, not inside a loop that the declaration is outside of. Returns the declaration's value.
    /// </summary>
    private static IOperation? SingleUseMaterialization(ILocalReferenceOperation reference, System.Threading.CancellationToken cancellationToken)
    {
        var body = LocalAssignments.GetBody(reference);
        var assignments = LocalAssignments.All(reference.Local, body, cancellationToken);
        if (assignments.Count != 1 || assignments[0].Operation is not IVariableDeclaratorOperation declarator || assignments[0].Value is not { } value)
        {
            return null;
        }

        var reads = 0;
        foreach (var operation in body!.Descendants())
        {
            if (operation is ILocalReferenceOperation other && SymbolEqualityComparer.Default.Equals(other.Local, reference.Local) && ++reads > 1)
            {
                return null;
            }
        }

        // a use inside a loop (or a lambda) that the declaration is outside of runs many times: keep the list
        var declarationBlock = declarator.Syntax.FirstAncestorOrSelf<BlockSyntax>();
        if (declarator.Syntax.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is not { Parent: BlockSyntax } ||
            declarator.Syntax.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>()!.Declaration.Variables.Count != 1)
        {
            return null;
        }

        for (var node = reference.Syntax.Parent; node is not null && node != declarationBlock; node = node.Parent)
        {
            if (node is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax or
                AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return null;
            }
        }

        return reference.Syntax.SpanStart > declarator.Syntax.Span.End ? value : null;
    }

    /// <summary>Every lambda already in the query must translate, or moving more into it only moves the failure.</summary>
    private static bool ComposesInSql(QuerySource source, EfModel model)
    {
        foreach (var op in source.Operators)
        {
            if (SymbolEqualityComparer.Default.Equals(op.TargetMethod.ContainingType?.OriginalDefinition, model.Symbols.Enumerable))
            {
                return false;
            }

            foreach (var argument in op.Arguments)
            {
                if (argument.Value.GetLambda() is { } lambda && op.TargetMethod.Name is not ("Include" or "ThenInclude") &&
                    !Translatability.IsTranslatable(lambda, model, finalProjection: true, out _))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Lambdas over entities, anonymous types and scalars translate; over DTOs (named non-entity classes) they do not.</summary>
    private static bool IsTranslatableElement(ITypeSymbol? element, EfModel model) =>
        element is not null && (element.IsAnonymousType || model.GetEntity(element) is not null || IsScalar(element));

    private static bool IsScalar(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        type = type.UnwrapNullable();
        return type.SpecialType is not SpecialType.None and not SpecialType.System_Object ||
               type.TypeKind == TypeKind.Enum ||
               (type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true } &&
                type.Name is "Guid" or "DateTimeOffset" or "DateOnly" or "TimeOnly" or "TimeSpan");
    }

    private static bool IsQueryable(ITypeSymbol? type, EfSymbols symbols)
    {
        if (type is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, symbols.IQueryableOfT))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, symbols.IQueryableOfT))
            {
                return true;
            }
        }

        return false;
    }
}
