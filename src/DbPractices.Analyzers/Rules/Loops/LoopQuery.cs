using Microsoft.CodeAnalysis.CSharp.Syntax;
using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Loops;

/// <summary>
/// The EF query whose entities a loop iterates: every way the iterated value was built in the method starts
/// at a query root of one entity type and passes only operators that keep the entities (filters, ordering,
/// includes, tracking options, ToList...). Projections, joins, unknown sources: no loop query.
/// </summary>
internal sealed class LoopQuery
{
    /// <summary>Operators that keep the query's entities as they are (sync names).</summary>
    private static readonly HashSet<string> EntityPreserving = new(StringComparer.Ordinal)
    {
        "Where", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "Skip", "Take", "SkipWhile", "TakeWhile",
        "SkipLast", "TakeLast", "Distinct", "DistinctBy", "Reverse", "AsNoTracking", "AsNoTrackingWithIdentityResolution",
        "AsTracking", "Include", "ThenInclude", "AsSplitQuery", "AsSingleQuery", "IgnoreQueryFilters", "IgnoreAutoIncludes",
        "TagWith", "TagWithCallSite", "AsQueryable", "AsEnumerable", "AsAsyncEnumerable", "ToList", "ToArray", "ToHashSet",
        "FromSql", "FromSqlRaw", "FromSqlInterpolated",
    };

    /// <summary>Calls inside a filtered include that still name the included navigation (<c>b.Posts.Where(..)</c>).</summary>
    private static readonly HashSet<string> IncludeFilters = new(StringComparer.Ordinal)
    {
        "Where", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "Skip", "Take", "AsQueryable",
    };

    private LoopQuery(ImmutableArray<QuerySource> sources, EntityModel entity, ImmutableArray<HashSet<string>> included, ImmutableArray<bool> autoIncludes, bool noTracking)
    {
        Sources = sources;
        Entity = entity;
        Included = included;
        AutoIncludes = autoIncludes;
        NoTracking = noTracking;
    }

    public ImmutableArray<QuerySource> Sources { get; }

    public EntityModel Entity { get; }

    /// <summary>Per source: every included path and all its prefixes ("Posts", "Posts.Author").</summary>
    public ImmutableArray<HashSet<string>> Included { get; }

    /// <summary>Per source: false when it calls <c>IgnoreAutoIncludes()</c>.</summary>
    public ImmutableArray<bool> AutoIncludes { get; }

    /// <summary>Some source is a no-tracking query.</summary>
    public bool NoTracking { get; }

    public static LoopQuery? For(IOperation collection, EfModel model, CancellationToken cancellationToken)
    {
        var sources = QuerySources.Find(collection, model.Symbols, cancellationToken);
        if (sources.IsEmpty)
        {
            return null;
        }

        INamedTypeSymbol? entityType = null;
        var included = ImmutableArray.CreateBuilder<HashSet<string>>(sources.Length);
        var autoIncludes = ImmutableArray.CreateBuilder<bool>(sources.Length);
        var noTracking = false;
        foreach (var source in sources)
        {
            if (!source.IsKnown || source.EntityType is null ||
                (entityType is not null && !SymbolEqualityComparer.Default.Equals(entityType, source.EntityType)))
            {
                return null;
            }

            entityType = source.EntityType;
            var auto = true;
            foreach (var op in source.Operators)
            {
                var name = QueryOperators.SyncName(op.TargetMethod.Name);
                if (!EntityPreserving.Contains(name))
                {
                    return null;
                }

                auto &= name != "IgnoreAutoIncludes";
                noTracking |= name.StartsWith("AsNoTracking", StringComparison.Ordinal);
            }

            included.Add(ReadIncludes(source));
            autoIncludes.Add(auto);
        }

        return model.GetEntity(entityType) is { } entity
            ? new LoopQuery(sources, entity, included.MoveToImmutable(), autoIncludes.MoveToImmutable(), noTracking)
            : null;
    }

    /// <summary>Include/ThenInclude chains (lambda, string and filtered forms) as dotted paths with all their prefixes.</summary>
    private static HashSet<string> ReadIncludes(QuerySource source)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var op in source.Operators)
        {
            var name = op.TargetMethod.Name;
            if (name is not ("Include" or "ThenInclude"))
            {
                current = null;
                continue;
            }

            var argument = GetNavigationArgument(op);
            if (argument.GetConstantString() is { } text)
            {
                AddWithPrefixes(paths, text);
                current = null;
                continue;
            }

            var step = GetLambdaPath(argument);
            if (step is null)
            {
                current = null;
                continue;
            }

            current = name == "Include" || current is null ? step : current + "." + step;
            AddWithPrefixes(paths, current);
        }

        return paths;
    }

    private static IOperation? GetNavigationArgument(IInvocationOperation include)
    {
        foreach (var argument in include.Arguments)
        {
            if (argument.Parameter?.Ordinal == 1)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static string? GetLambdaPath(IOperation? argument)
    {
        if (argument.GetLambda() is not { } lambda || lambda.GetLambdaResult() is not { } body)
        {
            return null;
        }

        while (body is IInvocationOperation call && IncludeFilters.Contains(call.TargetMethod.Name))
        {
            body = call.GetReceiver();
        }

        return OperationHelpers.GetMemberPath(body, lambda);
    }

    private static void AddWithPrefixes(HashSet<string> paths, string path)
    {
        for (var dot = path.IndexOf('.'); dot >= 0; dot = path.IndexOf('.', dot + 1))
        {
            paths.Add(path.Substring(0, dot));
        }

        paths.Add(path);
    }

    /// <summary>
    /// The first navigation of <paramref name="steps"/> that the source at <paramref name="index"/> does not load
    /// (included, auto-included unless ignored, or owned), or null when the whole path is loaded.
    /// </summary>
    public NavigationModel? FirstMissing(int index, IReadOnlyList<NavigationModel> steps, EfModel model, IReadOnlyCollection<string> explicitlyLoaded)
    {
        var path = "";
        var entity = Entity;
        foreach (var step in steps)
        {
            path = path.Length == 0 ? step.Name : path + "." + step.Name;
            var loaded = Included[index].Contains(path) || Contains(explicitlyLoaded, path) ||
                         (AutoIncludes[index] && IsAutoIncluded(entity, step.Name)) ||
                         model.GetEntity(step.Target) is { IsOwned: true };
            if (!loaded)
            {
                return step;
            }

            if (model.GetEntity(step.Target) is not { } next)
            {
                return null;
            }

            entity = next;
        }

        return null;
    }

    private static bool IsAutoIncluded(EntityModel entity, string navigation)
    {
        for (var e = entity; e is not null; e = e.BaseEntity)
        {
            if (e.AutoIncludedNavigations.Contains(navigation))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(IReadOnlyCollection<string> set, string value)
    {
        foreach (var item in set)
        {
            if (item == value)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when every root can take an inserted <c>.Include(...)</c> without changing any type the code relies
    /// on: the root is the receiver of a further query call, or a (synchronous) foreach iterates it directly.
    /// </summary>
    public bool CanInsertInclude()
    {
        foreach (var source in Sources)
        {
            var syntax = source.Root!.Syntax;
            var ok = syntax.Parent switch
            {
                MemberAccessExpressionSyntax access when access.Expression == syntax && access.Parent is InvocationExpressionSyntax => true,
                ForEachStatementSyntax forEach when forEach.Expression == syntax && forEach.AwaitKeyword.RawKind == 0 => true,
                _ => false,
            };

            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    public ImmutableArray<Location> RootLocations()
    {
        var builder = ImmutableArray.CreateBuilder<Location>(Sources.Length);
        foreach (var source in Sources)
        {
            builder.Add(source.Root!.Syntax.GetLocation());
        }

        return builder.MoveToImmutable();
    }
}
