using System.Linq;

namespace DbPractices.Analyzers.Rules.Loops;

/// <summary>
/// DBP008: a loop over the entities of an EF query reads a navigation the query does not load. With lazy
/// loading that is one query per iteration (N+1); without it the navigation is null or empty.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NavigationInLoopAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: the navigation path from the query's entity ("Posts.Author").</summary>
    public const string PathKey = "Path";

    /// <summary>Diagnostic property: the entity type of each path step's lambda parameter, comma separated ("Blog,Post").</summary>
    public const string TypesKey = "Types";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.NavigationInLoop,
        "Navigation used in a loop without eager loading",
        "'{0}' {1}; include it in the query",
        RuleCategories.Performance,
        DiagnosticSeverity.Warning,
        "Reading a navigation of each entity of a query inside a loop runs one query per iteration with lazy loading (N+1), or sees null/empty navigations without it. Load it with the query: Include/ThenInclude, or project what the loop needs.");

    /// <summary>The message's second argument with lazy loading on.</summary>
    public const string LazyLoaded = "is loaded by one query per iteration (N+1 through lazy loading)";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        var loopSymbols = new LoopSymbols(symbols);
        context.RegisterOperationAction(c => AnalyzeLoop(c, loopSymbols), OperationKind.Loop);
        context.RegisterOperationAction(c => AnalyzeForEachCall(c, loopSymbols), OperationKind.Invocation);
    }

    private static void AnalyzeLoop(OperationAnalysisContext context, LoopSymbols symbols)
    {
        switch (context.Operation)
        {
            case IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation declarator } forEach:
                if (EfModel.For(context.Compilation, context.CancellationToken) is { } model &&
                    LoopQuery.For(forEach.Collection, model, context.CancellationToken) is { } query)
                {
                    var scan = new Scan(model, symbols, context.CancellationToken);
                    scan.Origins.Add(declarator.Symbol, query);
                    scan.Run(forEach.Body, context);
                }

                break;
            case IForLoopOperation forLoop:
                AnalyzeIndexedLoop(context, forLoop, symbols);
                break;
        }
    }

    /// <summary><c>for (...) { var b = blogs[i]; ... blogs[i].Posts ... }</c> over a list or array of query results.</summary>
    private static void AnalyzeIndexedLoop(OperationAnalysisContext context, IForLoopOperation forLoop, LoopSymbols symbols)
    {
        Scan? scan = null;
        foreach (var node in forLoop.Body.Descendants())
        {
            var indexed = node switch
            {
                IPropertyReferenceOperation { Property.IsIndexer: true } indexer => indexer.Instance,
                IArrayElementReferenceOperation element => element.ArrayReference,
                _ => null,
            };

            if (indexed.WalkDownConversions() is not ILocalReferenceOperation local || !IsLoopIndexed(node, forLoop))
            {
                continue;
            }

            if (scan is null)
            {
                if (EfModel.For(context.Compilation, context.CancellationToken) is not { } model)
                {
                    return;
                }

                scan = new Scan(model, symbols, context.CancellationToken);
            }

            if (!scan.IndexedCollections.TryGetValue(local.Local, out var query))
            {
                query = LoopQuery.For(local, scan.Model, context.CancellationToken);
                scan.IndexedCollections[local.Local] = query;
            }

            if (query is not null)
            {
                scan.Elements[node] = query;
                if (node.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation alias })
                {
                    scan.Origins[alias.Symbol] = query;
                }
            }
        }

        scan?.Run(forLoop.Body, context);
    }

    /// <summary>The index reads the for-loop's own variable (<c>list[i]</c>).</summary>
    private static bool IsLoopIndexed(IOperation element, IForLoopOperation forLoop)
    {
        var index = element switch
        {
            IPropertyReferenceOperation { Arguments.Length: 1 } indexer => indexer.Arguments[0].Value,
            IArrayElementReferenceOperation { Indices.Length: 1 } array => array.Indices[0],
            _ => null,
        };

        return index.WalkDownConversions() is ILocalReferenceOperation local && forLoop.Locals.Contains(local.Local, SymbolEqualityComparer.Default);
    }

    /// <summary><c>blogs.ForEach(b => ...)</c> over a list of query results.</summary>
    private static void AnalyzeForEachCall(OperationAnalysisContext context, LoopSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "ForEach" || !symbols.Is(invocation.TargetMethod.ContainingType, symbols.ListOfT) ||
            invocation.Instance is not { } list || invocation.Arguments.Length != 1 ||
            invocation.Arguments[0].Value.GetLambda() is not { Symbol.Parameters.Length: 1 } lambda ||
            EfModel.For(context.Compilation, context.CancellationToken) is not { } model ||
            LoopQuery.For(list, model, context.CancellationToken) is not { } query)
        {
            return;
        }

        var scan = new Scan(model, symbols, context.CancellationToken);
        scan.Origins.Add(lambda.Symbol.Parameters[0], query);
        scan.Run(lambda.Body, context);
    }

    /// <summary>A navigation path read from a loop's entity: the query, the steps, the expression that reads it.</summary>
    private sealed class PathRead
    {
        public PathRead(LoopQuery query, ImmutableArray<NavigationModel> steps, IOperation operation)
        {
            Query = query;
            Steps = steps;
            Operation = operation;
            Path = string.Join(".", steps.Select(s => s.Name));
        }

        public LoopQuery Query { get; }

        public ImmutableArray<NavigationModel> Steps { get; }

        public IOperation Operation { get; }

        public string Path { get; }
    }

    /// <summary>What an expression stands for: the steps from the loop's entity, and whether it is a collection navigation's value (not one element).</summary>
    private readonly struct Resolved
    {
        public Resolved(LoopQuery query, ImmutableArray<NavigationModel> steps, bool isCollection)
        {
            Query = query;
            Steps = steps;
            IsCollection = isCollection;
        }

        public LoopQuery Query { get; }

        public ImmutableArray<NavigationModel> Steps { get; }

        public bool IsCollection { get; }
    }

    /// <summary>One loop body: resolves expressions to navigation paths of the iterated entities and reports the unloaded ones.</summary>
    private sealed class Scan
    {
        private readonly LoopSymbols _symbols;
        private readonly System.Threading.CancellationToken _cancellationToken;
        private readonly Dictionary<ISymbol, Resolved?> _aliases = new(SymbolEqualityComparer.Default);

        public Scan(EfModel model, LoopSymbols symbols, System.Threading.CancellationToken cancellationToken)
        {
            Model = model;
            _symbols = symbols;
            _cancellationToken = cancellationToken;
        }

        public EfModel Model { get; }

        /// <summary>Loop variables, ForEach lambda parameters, locals holding <c>list[i]</c>: each is an entity of the query.</summary>
        public Dictionary<ISymbol, LoopQuery> Origins { get; } = new(SymbolEqualityComparer.Default);

        /// <summary><c>list[i]</c> reads in a for loop.</summary>
        public Dictionary<IOperation, LoopQuery> Elements { get; } = new();

        public Dictionary<ILocalSymbol, LoopQuery?> IndexedCollections { get; } = new(SymbolEqualityComparer.Default);

        public void Run(IOperation body, OperationAnalysisContext context)
        {
            if (Origins.Count == 0 && Elements.Count == 0)
            {
                return;
            }

            var reads = new List<PathRead>();
            var explicitlyLoaded = new Dictionary<LoopQuery, List<string>>();
            foreach (var node in body.Descendants())
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (node is IInvocationOperation { TargetMethod.Name: "Collection" or "Reference" or "Navigation" } entry)
                {
                    RecordExplicitLoad(entry, explicitlyLoaded);
                    continue;
                }

                if (node is not IPropertyReferenceOperation property || Resolve(property) is not { } resolved || resolved.Steps.IsEmpty ||
                    IsContinuedByNavigation(property) || !IsRead(property))
                {
                    continue;
                }

                reads.Add(new PathRead(resolved.Query, resolved.Steps, property));
            }

            var missing = new List<(PathRead Read, NavigationModel First)>();
            var seen = new HashSet<(LoopQuery, string)>();
            foreach (var read in reads)
            {
                if (!seen.Add((read.Query, read.Path)))
                {
                    continue;
                }

                var loaded = explicitlyLoaded.TryGetValue(read.Query, out var list) ? (IReadOnlyCollection<string>)list : Array.Empty<string>();
                for (var i = 0; i < read.Query.Sources.Length; i++)
                {
                    if (read.Query.FirstMissing(i, read.Steps, Model, loaded) is { } first)
                    {
                        missing.Add((read, first));
                        break;
                    }
                }
            }

            foreach (var (read, first) in missing)
            {
                // a longer missing path through this one is reported instead: its fix loads both
                if (missing.Any(other => other.Read.Query == read.Query && other.Read.Path.StartsWith(read.Path + ".", StringComparison.Ordinal)))
                {
                    continue;
                }

                Report(context, read, first);
            }
        }

        private void Report(OperationAnalysisContext context, PathRead read, NavigationModel first)
        {
            var query = read.Query;
            var lazy = Model.LazyLoadingEnabled && !(query.NoTracking && Model.Symbols.EfMajorVersion is > 0 and < 8);
            var display = query.Entity.Name + "." + read.Path;

            var types = new List<string> { query.Entity.Name };
            for (var i = 0; i < read.Steps.Length - 1; i++)
            {
                types.Add(read.Steps[i].Target.Name);
            }

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(PathKey, read.Path)
                .Add(TypesKey, string.Join(",", types));
            var additional = query.CanInsertInclude() ? query.RootLocations() : ImmutableArray<Location>.Empty;
            var consequence = lazy ? LazyLoaded : "is not loaded by the query and will be " + (first.IsCollection ? "empty" : "null");
            context.ReportDiagnostic(Diagnostic.Create(Rule, read.Operation.Syntax.GetLocation(), additional, properties, display, consequence));
        }

        /// <summary><c>Entry(b).Collection(x => x.Posts).Load()</c> in the loop: explicit loading, reported by DBP009, so the path counts as loaded.</summary>
        private void RecordExplicitLoad(IInvocationOperation entry, Dictionary<LoopQuery, List<string>> loaded)
        {
            if (!_symbols.IsOrInherits(entry.TargetMethod.ContainingType, _symbols.EntityEntry) ||
                entry.Instance.WalkDownConversions() is not IInvocationOperation { TargetMethod.Name: "Entry", Arguments.Length: 1 } entryCall ||
                Resolve(entryCall.Arguments[0].Value) is not { } target || entry.Arguments.Length != 1)
            {
                return;
            }

            foreach (var name in entry.Arguments[0].Value.GetMemberNames())
            {
                var prefix = string.Join(".", target.Steps.Select(s => s.Name));
                if (!loaded.TryGetValue(target.Query, out var list))
                {
                    loaded[target.Query] = list = new List<string>();
                }

                list.Add(prefix.Length == 0 ? name : prefix + "." + name);
            }
        }

        /// <summary><c>post.Blog</c> in <c>post.Blog.Owner</c>: the longer read is the one recorded.</summary>
        private bool IsContinuedByNavigation(IPropertyReferenceOperation property) =>
            property.Parent is IPropertyReferenceOperation outer && ReferenceEquals(outer.Instance, property) && Resolve(outer) is not null;

        /// <summary>Writes (<c>post.Blog = b</c>), <c>nameof</c>, expression trees and, without lazy loading, <c>blog.Posts.Add(..)</c> need nothing loaded.</summary>
        private bool IsRead(IPropertyReferenceOperation property)
        {
            if (property.Parent is ISimpleAssignmentOperation assignment && ReferenceEquals(assignment.Target, property))
            {
                return false;
            }

            if (!Model.LazyLoadingEnabled && property.Parent is IInvocationOperation { TargetMethod.Name: "Add" } add && ReferenceEquals(add.Instance, property))
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

            return !LoopAnalysis.IsInExpressionTree(property, _symbols);
        }

        /// <summary>The query and navigation steps an expression stands for, or null when it is not an entity of the loop.</summary>
        private Resolved? Resolve(IOperation? operation)
        {
            operation = operation.WalkDownConversions();
            switch (operation)
            {
                case null:
                    return null;
                case ILocalReferenceOperation local:
                    return ResolveSymbol(local.Local, local);
                case IParameterReferenceOperation parameter:
                    return ResolveSymbol(parameter.Parameter, parameter);
                case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                    if (Resolve(property.Instance) is not { IsCollection: false } owner)
                    {
                        return null;
                    }

                    var entity = owner.Steps.IsEmpty ? owner.Query.Entity : Model.GetEntity(owner.Steps[owner.Steps.Length - 1].Target);
                    var navigation = FindNavigation(entity, property.Property.Name);
                    if (navigation is null)
                    {
                        return null;
                    }

                    // back along the same relationship to the entity we came from (blog.Posts[i].Blog is blog):
                    // relationship fixup sets it whenever the forward navigation is loaded
                    if (!owner.Steps.IsEmpty && owner.Steps[owner.Steps.Length - 1] is { Relationship: { } relationship } previous &&
                        ReferenceEquals(relationship, navigation.Relationship) && previous.Name != navigation.Name && !navigation.IsCollection)
                    {
                        return new Resolved(owner.Query, owner.Steps.RemoveAt(owner.Steps.Length - 1), false);
                    }

                    return new Resolved(owner.Query, owner.Steps.Add(navigation), navigation.IsCollection);
                default:
                    return Elements.TryGetValue(operation, out var query) ? new Resolved(query, ImmutableArray<NavigationModel>.Empty, false) : null;
            }
        }

        private static NavigationModel? FindNavigation(EntityModel? entity, string name)
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

        /// <summary>
        /// Loop variables and ForEach parameters are entities of the query; a nested foreach variable or a per-item
        /// lambda parameter over a collection navigation (<c>foreach (var p in blog.Posts)</c>, <c>blog.Posts.Sum(p => ..)</c>)
        /// is an element of that navigation.
        /// </summary>
        private Resolved? ResolveSymbol(ISymbol symbol, IOperation reference)
        {
            if (Origins.TryGetValue(symbol, out var origin))
            {
                return new Resolved(origin, ImmutableArray<NavigationModel>.Empty, false);
            }

            if (_aliases.TryGetValue(symbol, out var alias))
            {
                return alias;
            }

            _aliases[symbol] = null; // cycle guard
            IOperation? collection = null;
            if (symbol is ILocalSymbol)
            {
                for (var node = reference.Parent; node is not null; node = node.Parent)
                {
                    if (node is IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation declarator } forEach &&
                        SymbolEqualityComparer.Default.Equals(declarator.Symbol, symbol))
                    {
                        collection = forEach.Collection;
                        break;
                    }
                }
            }
            else if (symbol is IParameterSymbol { Ordinal: 0 })
            {
                for (var node = reference.Parent; node is not null; node = node.Parent)
                {
                    if (node is IAnonymousFunctionOperation lambda && lambda.Symbol.Parameters.Length > 0 &&
                        SymbolEqualityComparer.Default.Equals(lambda.Symbol.Parameters[0], symbol))
                    {
                        collection = LoopAnalysis.GetPerItemInvocation(lambda, _symbols)?.GetReceiver();
                        break;
                    }
                }
            }

            // an element of a collection navigation: the same path, one entity of it
            var resolved = Resolve(collection) is { IsCollection: true } owner ? new Resolved(owner.Query, owner.Steps, false) : (Resolved?)null;
            _aliases[symbol] = resolved;
            return resolved;
        }
    }
}
