using Microsoft.CodeAnalysis.CSharp.Syntax;
using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Queries;

/// <summary>
/// DBP018: a query that includes two or more collection navigations runs as one SQL query with a JOIN per
/// collection; the rows multiply (cartesian explosion) unless the query is split.
/// Checked where the query runs (a materialization, a <c>foreach</c> over the query) or leaves the method as
/// <c>IQueryable</c>; reported there, with the first <c>Include</c> as the fixer's insertion point.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IncludesWithoutSplitQueryAnalyzer : DbpAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.IncludesWithoutSplitQuery,
        "Two or more collection navigations included in one query without AsSplitQuery",
        "The query includes the collections {0} in one SQL query: rows multiply for every collection (cartesian explosion); use AsSplitQuery()",
        RuleCategories.Performance,
        DiagnosticSeverity.Warning,
        "Including several collection navigations in a single query joins them all: the result has one row per combination. AsSplitQuery() loads each collection with its own query.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        // AsSplitQuery is relational (EF Core 5+): without it there is nothing to suggest.
        if (symbols.RelationalQueryableExtensions is null || symbols.EntityFrameworkQueryableExtensions is null ||
            symbols.RelationalQueryableExtensions.GetMembers("AsSplitQuery").IsEmpty)
        {
            return;
        }

        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        context.RegisterOperationAction(c => AnalyzeForEach(c, symbols), OperationKind.Loop);
        context.RegisterOperationAction(c => AnalyzeReturn(c, symbols), OperationKind.Return);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, EfSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        // aggregates and bulk operations return no entities: EF Core ignores the Includes
        if (!QueryOperators.IsMaterializing(invocation, symbols) ||
            QueryOperators.SyncName(invocation.TargetMethod.Name) is "Count" or "LongCount" or "Any" or "All" or "Sum" or "Min" or "Max" or
                "Average" or "Contains" or "ExecuteDelete" or "ExecuteUpdate" or "Aggregate" ||
            QueryOperators.GetSource(invocation) is not { } source ||
            invocation.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax memberAccess })
        {
            return;
        }

        Analyze(context, symbols, source, memberAccess.Name.GetLocation());
    }

    private static void AnalyzeForEach(OperationAnalysisContext context, EfSymbols symbols)
    {
        if (context.Operation is IForEachLoopOperation { Collection: { } collection } &&
            QueryOperators.Unwrap(collection) is { } query && IsQueryable(query.Type, symbols))
        {
            Analyze(context, symbols, query, ReportLocation(query));
        }
    }

    private static void AnalyzeReturn(OperationAnalysisContext context, EfSymbols symbols)
    {
        if (context.Operation is IReturnOperation { ReturnedValue: { } value } &&
            QueryOperators.Unwrap(value) is { } query && IsQueryable(query.Type, symbols) &&
            query is IInvocationOperation)
        {
            Analyze(context, symbols, query, ReportLocation(query));
        }
    }

    private static Location ReportLocation(IOperation query) =>
        query.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax memberAccess }
            ? memberAccess.Name.GetLocation()
            : query.Syntax.GetLocation();

    private static bool IsQueryable(ITypeSymbol? type, EfSymbols symbols)
    {
        if (type is null || symbols.IQueryableOfT is null)
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

    private static void Analyze(OperationAnalysisContext context, EfSymbols symbols, IOperation query, Location location)
    {
        var sources = QuerySources.Find(query, symbols, context.CancellationToken);
        if (sources.IsEmpty)
        {
            return;
        }

        var model = EfModel.For(context.Compilation, context.CancellationToken);
        if (model is null)
        {
            return;
        }

        List<string>? reported = null;
        IInvocationOperation? firstInclude = null;
        var fixable = true;
        foreach (var source in sources)
        {
            if (!source.IsKnown)
            {
                continue;
            }

            var collections = CollectIncludedCollections(source, source.Operators.Length, model, out var paths, out var sourceFirstInclude, out var splitDecided);
            if (splitDecided || !HasSiblings(paths))
            {
                // a path that splits (or says AsSingleQuery on purpose) is fine; others may still explode.
                // One nested path (Posts, Posts.Comments) multiplies nothing.
                continue;
            }

            if (source.InheritedCount > 0)
            {
                // a repository helper whose own chain already includes sibling collections is reported at its return
                CollectIncludedCollections(source, source.InheritedCount, model, out var inheritedPaths, out _, out var inheritedSplit);
                if (!inheritedSplit && HasSiblings(inheritedPaths))
                {
                    continue;
                }
            }

            if (reported is null)
            {
                reported = collections;
                firstInclude = sourceFirstInclude;
            }
            else if (!ReferenceEquals(firstInclude, sourceFirstInclude))
            {
                fixable = false;
            }
        }

        if (reported is null || model.SplitQueryByDefault)
        {
            return;
        }

        var additional = new List<Location>();
        if (fixable && firstInclude?.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax includeAccess } &&
            firstInclude.Instance is null && firstInclude.TargetMethod.IsExtensionMethod && includeAccess.SyntaxTree == location.SourceTree)
        {
            additional.Add(includeAccess.Name.GetLocation());
        }

        var names = new List<string>();
        foreach (var path in reported)
        {
            names.Add("'" + path + "'");
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, location, additional, null, string.Join(", ", names)));
    }

    /// <summary>
    /// Distinct collection navigation paths ("Blog.Posts", "Blog.Posts.Comments") the chain includes, with
    /// <paramref name="splitDecided"/> set when the chain says AsSplitQuery or AsSingleQuery itself.
    /// </summary>
    private static List<string> CollectIncludedCollections(QuerySource source, int count, EfModel model, out List<string> paths, out IInvocationOperation? firstInclude, out bool splitDecided)
    {
        var collections = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        paths = new List<string>();
        firstInclude = null;
        splitDecided = false;

        // the path the last Include/ThenInclude reached: what a following ThenInclude continues from
        string? currentPath = null;
        for (var index = 0; index < count; index++)
        {
            var op = source.Operators[index];
            var method = op.TargetMethod;
            if (QueryOperators.IsProjection(method) && method.Name is not ("Cast" or "OfType"))
            {
                // a projection drops the entities, and with them the Includes before it
                collections.Clear();
                seen.Clear();
                paths.Clear();
                firstInclude = null;
                currentPath = null;
                continue;
            }

            switch (method.Name)
            {
                case "AsSplitQuery" or "AsSingleQuery":
                    splitDecided = true;
                    break;
                case "Include":
                    // the fixer's insertion point: an Include of this method (a helper's are in another one)
                    if (source.IsOwn(index))
                    {
                        firstInclude ??= op;
                    }

                    currentPath = null;
                    if (method.IsGenericMethod && model.GetEntity(method.TypeArguments[0]) is { } root)
                    {
                        currentPath = Resolve(op, root, null, model, collections, seen, paths);
                    }

                    break;
                case "ThenInclude":
                    if (currentPath is not null && op.Arguments.Length > 1 &&
                        op.Arguments[1].Value.GetLambda() is { } lambda && lambda.Symbol.Parameters.Length == 1 &&
                        model.GetEntity(lambda.Symbol.Parameters[0].Type) is { } previous)
                    {
                        currentPath = Resolve(op, previous, currentPath, model, collections, seen, paths);
                    }
                    else
                    {
                        currentPath = null;
                    }

                    break;
            }
        }

        return collections;
    }

    /// <summary>Walks the navigation path an Include/ThenInclude argument names, recording collections; returns the full path or null.</summary>
    private static string? Resolve(IInvocationOperation include, EntityModel start, string? prefix, EfModel model, List<string> collections, HashSet<string> seen, List<string> paths)
    {
        if (include.Arguments.Length < 2)
        {
            return null;
        }

        var argument = include.Arguments[1].Value;
        string? path = null;
        if (argument.GetConstantString() is { } text)
        {
            path = text;
        }
        else if (argument.GetLambda() is { } lambda && lambda.GetLambdaResult() is { } body)
        {
            path = OperationHelpers.GetMemberPath(StripFilter(body), lambda);
        }

        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var entity = start;
        var full = prefix;
        foreach (var segment in path!.Split('.'))
        {
            var navigation = FindNavigation(entity, segment.Trim());
            if (navigation is null)
            {
                return null;
            }

            full = full is null ? segment.Trim() : full + "." + segment.Trim();
            if (navigation.IsCollection && seen.Add(full))
            {
                collections.Add(entity.Name + "." + navigation.Name);
                paths.Add(full);
            }

            if (model.GetEntity(navigation.Target) is not { } next)
            {
                return null;
            }

            entity = next;
        }

        return full;
    }

    /// <summary>
    /// Two included collection paths neither of which continues the other (<c>Posts</c> and <c>Tags</c>, or
    /// <c>Posts.Comments</c> and <c>Posts.Tags</c>): their rows multiply. <c>Posts</c> then <c>Posts.Comments</c> is one path.
    /// </summary>
    private static bool HasSiblings(List<string> paths)
    {
        for (var i = 0; i < paths.Count; i++)
        {
            for (var j = i + 1; j < paths.Count; j++)
            {
                if (!paths[j].StartsWith(paths[i] + ".", StringComparison.Ordinal) && !paths[i].StartsWith(paths[j] + ".", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static NavigationModel? FindNavigation(EntityModel entity, string name)
    {
        for (var e = entity; e is not null; e = e.BaseEntity)
        {
            if (e.FindNavigation(name) is { } navigation)
            {
                return navigation;
            }
        }

        return null;
    }

    /// <summary>Filtered include: <c>b.Posts.Where(..).OrderBy(..).Take(..)</c> → <c>b.Posts</c>.</summary>
    private static IOperation StripFilter(IOperation body)
    {
        while (body.WalkDownConversions() is IInvocationOperation { TargetMethod.IsExtensionMethod: true } call &&
               call.TargetMethod.Name is "Where" or "OrderBy" or "OrderByDescending" or "ThenBy" or "ThenByDescending" or "Skip" or "Take" or "AsQueryable" &&
               call.GetReceiver() is { } receiver)
        {
            body = receiver;
        }

        return body.WalkDownConversions()!;
    }
}
