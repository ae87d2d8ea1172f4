using Microsoft.CodeAnalysis.CSharp.Syntax;
using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Queries;

/// <summary>
/// DBP027: <c>ExecuteDelete*</c>/<c>ExecuteUpdate*</c> (EF Core 7+) that bypasses what the model guards:
/// (1) a bulk operation on a query with no predicate at all, of an entity without a query filter (every row);
/// (2) <c>ExecuteDelete*</c> on a soft-delete entity, which removes rows physically behind the soft delete's back.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BulkOperationBypassesGuardsAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: which case fired (<see cref="WholeTable"/> or <see cref="SoftDelete"/>).</summary>
    public const string CaseKey = "Case";

    public const string WholeTable = "WholeTable";

    public const string SoftDelete = "SoftDelete";

    /// <summary>Diagnostic property (soft-delete case): the property to set.</summary>
    public const string PropertyKey = "Property";

    /// <summary>Diagnostic property (soft-delete case): the value to set it to (<c>true</c>, <c>DateTime.UtcNow</c>, ...); absent when no fix is possible.</summary>
    public const string ValueKey = "Value";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.BulkOperationBypassesGuards,
        "Bulk delete or update that bypasses the model's guards",
        "{0}",
        RuleCategories.Reliability,
        DiagnosticSeverity.Warning,
        "ExecuteDelete and ExecuteUpdate run one SQL statement against the table and skip the change tracker, SaveChanges " +
        "interceptors and the soft-delete convention of the application; without a predicate or a query filter they touch every row.");

    /// <summary>Operators that neither filter nor limit the rows a bulk operation touches.</summary>
    private static readonly HashSet<string> NonRestricting = new(StringComparer.Ordinal)
    {
        "AsNoTracking", "AsNoTrackingWithIdentityResolution", "AsTracking", "TagWith", "TagWithCallSite", "AsQueryable",
        "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "Order", "OrderDescending",
        "Include", "ThenInclude", "AsSplitQuery", "AsSingleQuery", "IgnoreQueryFilters", "IgnoreAutoIncludes",
    };

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
        var name = QueryOperators.SyncName(method.Name);
        if (name is not ("ExecuteDelete" or "ExecuteUpdate") || !QueryOperators.IsQueryMethod(method, symbols) ||
            invocation.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax memberAccess } ||
            QueryOperators.GetSource(invocation) is not { } source)
        {
            return;
        }

        var sources = QuerySources.Find(source, symbols, context.CancellationToken);
        if (sources.IsEmpty || EfModel.For(context.Compilation, context.CancellationToken) is not { } model)
        {
            return;
        }

        EntityModel? entity = null;
        foreach (var path in sources)
        {
            // a query from a parameter, field or another method: its filters are the caller's business
            if (!path.IsKnown || model.GetEntity(path.EntityType) is not { IsKeyless: false } found ||
                (entity is not null && !ReferenceEquals(entity, found)))
            {
                return;
            }

            entity = found;
        }

        var root = Root(entity!);
        var tree = invocation.Syntax.SyntaxTree;
        if (name == "ExecuteDelete")
        {
            var softDelete = SoftDeleteConvention.Properties(root, context.Options, tree);
            if (softDelete.Count > 0 && !AnyPathReads(sources, softDelete))
            {
                var property = softDelete[0];
                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[CaseKey] = SoftDelete;
                properties[PropertyKey] = property.Name;
                if (DeletedValue(property.Type) is { } value)
                {
                    properties[ValueKey] = value;
                }

                context.ReportDiagnostic(Diagnostic.Create(Rule, memberAccess.Name.GetLocation(), properties.ToImmutable(),
                    $"'{method.Name}' physically deletes rows of soft-delete entity '{entity!.Name}' ('{property.Name}'): it bypasses the soft delete the rest of the application relies on; set '{property.Name}' with ExecuteUpdate instead"));
                return;
            }
        }

        // every path restricts nothing, and no query filter (not ignored) narrows the statement
        foreach (var path in sources)
        {
            if (Restricts(path, root))
            {
                return;
            }
        }

        // a tenant entity queried without its tenant predicate is DBP006's
        if (TenantConvention.From(context.Options, tree).GetTenantProperty(root) is not null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, memberAccess.Name.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(CaseKey, WholeTable),
            $"'{method.Name}' has no predicate and '{entity!.Name}' has no query filter: it {(name == "ExecuteDelete" ? "deletes" : "updates")} every row of the table"));
    }

    private static EntityModel Root(EntityModel entity)
    {
        while (entity.BaseEntity is { } baseEntity)
        {
            entity = baseEntity;
        }

        return entity;
    }

    /// <summary>True when the path filters or limits rows, or the entity's query filters apply to it.</summary>
    private static bool Restricts(QuerySource path, EntityModel root)
    {
        var ignoresAll = false;
        var ignored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in path.Operators)
        {
            var opName = QueryOperators.SyncName(op.TargetMethod.Name);
            if (!NonRestricting.Contains(opName))
            {
                return true;
            }

            if (opName == "IgnoreQueryFilters")
            {
                if (op.Arguments.Length < 2)
                {
                    ignoresAll = true;
                }
                else
                {
                    CollectNames(op.Arguments[1].Value, ignored);
                    ignoresAll |= ignored.Count == 0;
                }
            }
        }

        if (ignoresAll)
        {
            return false;
        }

        foreach (var filter in root.QueryFilters)
        {
            if (filter.Name is null || !ignored.Contains(filter.Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Filter names of <c>IgnoreQueryFilters(["A", "B"])</c> (EF Core 10); nothing when they are not constants.</summary>
    private static void CollectNames(IOperation? value, HashSet<string> names)
    {
        foreach (var descendant in value?.DescendantsAndSelf() ?? Array.Empty<IOperation>())
        {
            if (descendant is ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } })
            {
                names.Add(text);
            }
        }
    }

    /// <summary>A predicate that reads the soft-delete property deletes chosen rows on purpose (a purge of soft-deleted rows).</summary>
    private static bool AnyPathReads(ImmutableArray<QuerySource> sources, List<IPropertySymbol> softDelete)
    {
        foreach (var path in sources)
        {
            foreach (var op in path.Operators)
            {
                foreach (var descendant in op.Descendants())
                {
                    if (descendant is IPropertyReferenceOperation reference)
                    {
                        foreach (var property in softDelete)
                        {
                            if (reference.Property.Name == property.Name)
                            {
                                return true;
                            }
                        }
                    }
                }
            }
        }

        return false;
    }

    /// <summary>What the fix sets the property to: <c>true</c>, or the current time for a nullable date.</summary>
    private static string? DeletedValue(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Boolean)
        {
            return "true";
        }

        var inner = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;
        if (inner.SpecialType == SpecialType.System_Boolean)
        {
            return "true";
        }

        if (inner.SpecialType == SpecialType.System_DateTime)
        {
            return "DateTime.UtcNow";
        }

        return inner is { Name: "DateTimeOffset", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
            ? "DateTimeOffset.UtcNow"
            : null;
    }
}
