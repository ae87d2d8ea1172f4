using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Hygiene;

/// <summary>
/// DBP025: an entity loaded with <c>AsNoTracking()</c> is modified (a mapped property assigned, a collection navigation
/// added to or removed from) and the method then calls <c>SaveChanges*</c> on the same context without
/// <c>Update</c>/<c>Attach</c>/<c>Entry(e).State</c> for it: the change tracker never saw the entity, so the change is lost.
/// Reported on the first change; the save is an additional location.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UntrackedEntitySavedAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property, present when <c>AsNoTracking()</c> is written inline in the query that loads the entity (the fix can remove it).</summary>
    public const string RemovableKey = "RemovableAsNoTracking";

    /// <summary>Diagnostic property: the local holding the entity.</summary>
    public const string LocalKey = "Local";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.UntrackedEntitySaved,
        "Untracked entity modified, then saved",
        "'{0}' was loaded with {1}: this change is not tracked, and '{2}' does not save it; call Update before saving, or load it with tracking",
        RuleCategories.Reliability,
        DiagnosticSeverity.Warning,
        "Entities from a no-tracking query are not in the change tracker. Changing them and calling SaveChanges writes nothing.");

    private static readonly HashSet<string> Attaching = new(StringComparer.Ordinal)
    {
        "Update", "UpdateRange", "Attach", "AttachRange", "Entry", "Add", "AddRange", "Remove", "RemoveRange",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols) =>
        context.RegisterOperationAction(c => Analyze(c, symbols),
            OperationKind.SimpleAssignment, OperationKind.CompoundAssignment, OperationKind.Increment, OperationKind.Decrement, OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context, EfSymbols symbols)
    {
        var operation = context.Operation;
        // cheap checks first: a property of a local whose type is an entity, changed
        if (ChangedLocal(operation) is not { } local || EfModel.For(context.Compilation, context.CancellationToken) is not { } model ||
            model.GetEntity(local.Type) is not { } entity || !IsChange(operation, local, entity) ||
            operation.GetEnclosingBody() is not { } body || Declaration(local, body) is not { } declaration)
        {
            return;
        }

        var (loaded, start) = declaration;
        if (NoTracking(loaded, model, symbols, context.CancellationToken) is not { } noTracking)
        {
            return;
        }

        var (how, instance, removable) = noTracking;
        foreach (var descendant in body.Descendants())
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (descendant.Syntax.SpanStart < start)
            {
                continue;
            }

            // only the first change of the entity is reported
            if (descendant.Syntax.SpanStart < operation.Syntax.SpanStart && !ReferenceEquals(descendant, operation) && IsChange(descendant, local, entity))
            {
                return;
            }

            if (descendant is IInvocationOperation call)
            {
                if (HandsOver(call, local))
                {
                    // attached, or given to code this method cannot see
                    return;
                }

                if (call.Syntax.SpanStart > operation.Syntax.Span.End && ContextInstances.IsSave(call, symbols) &&
                    SymbolEqualityComparer.Default.Equals(ContextInstances.Instance(call.Instance), instance))
                {
                    var properties = ImmutableDictionary<string, string?>.Empty.Add(LocalKey, local.Name);
                    if (removable)
                    {
                        properties = properties.Add(RemovableKey, "");
                    }

                    var locations = ImmutableArray.Create(call.Syntax.GetLocation(), loaded.Syntax.GetLocation());
                    context.ReportDiagnostic(Diagnostic.Create(Rule, operation.Syntax.GetLocation(), locations, properties, local.Name, how, call.TargetMethod.Name));
                    return;
                }
            }
        }
    }

    /// <summary>The local whose entity the operation changes: <c>x.P = ..</c>, <c>x.P++</c>, <c>x.Items.Add(..)</c>.</summary>
    private static ILocalSymbol? ChangedLocal(IOperation operation)
    {
        var target = operation switch
        {
            IAssignmentOperation assignment => assignment.Target,
            IIncrementOrDecrementOperation increment => increment.Target,
            IInvocationOperation { TargetMethod.Name: "Add" or "Remove" or "Clear" } invocation => invocation.Instance,
            _ => null,
        };
        return target is IPropertyReferenceOperation { Instance: ILocalReferenceOperation owner } ? owner.Local : null;
    }

    /// <summary>Where the local gets its entity: a single-row query in its declaration, or the query a <c>foreach</c> iterates.</summary>
    private static (IOperation Loaded, int Start)? Declaration(ILocalSymbol local, IOperation body)
    {
        foreach (var descendant in body.Descendants())
        {
            switch (descendant)
            {
                case IVariableDeclaratorOperation { Initializer.Value: { } value } declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    return QueryOperators.Unwrap(value) is { } loaded ? (loaded, declarator.Syntax.Span.End) : null;
                case IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation variable } loop when SymbolEqualityComparer.Default.Equals(variable.Symbol, local):
                    return QueryOperators.Unwrap(loop.Collection.WalkDownConversions()) is { } collection ? (collection, loop.Collection.Syntax.Span.End) : null;
            }
        }

        return null;
    }

    /// <summary>How the query avoids tracking, the context it runs on, and whether <c>AsNoTracking()</c> is written in it (not through a local).</summary>
    private static (string How, ISymbol Instance, bool Removable)? NoTracking(IOperation loaded, EfModel model, EfSymbols symbols, CancellationToken cancellationToken)
    {
        var source = loaded is IInvocationOperation call && QueryOperators.IsMaterializing(call, symbols) ? QueryOperators.GetSource(call) : loaded;
        if (loaded is IInvocationOperation single && QueryOperators.IsMaterializing(single, symbols) &&
            QueryOperators.SyncName(single.TargetMethod.Name) is not ("First" or "FirstOrDefault" or "Single" or "SingleOrDefault" or "Last" or "LastOrDefault" or "ToList" or "ToArray"))
        {
            return null;
        }

        if (source is null)
        {
            return null;
        }

        string? how = null;
        ISymbol? instance = null;
        var paths = QuerySources.Find(source, symbols, cancellationToken);
        foreach (var path in paths)
        {
            var pathHow = (string?)null;
            var tracked = false;
            foreach (var op in path.Operators)
            {
                switch (op.TargetMethod.Name)
                {
                    case "AsNoTracking" or "AsNoTrackingWithIdentityResolution":
                        pathHow = op.TargetMethod.Name + "()";
                        tracked = false;
                        break;
                    case "AsTracking":
                        tracked = true;
                        break;
                    case "Select" or "SelectMany" or "GroupBy" or "Join" or "GroupJoin":
                        // a projection: what is loaded is not the entity itself
                        return null;
                }
            }

            var contextReference = path.Root switch
            {
                IPropertyReferenceOperation property => property.Instance,
                IInvocationOperation set => set.Instance,
                _ => null,
            };
            var pathInstance = ContextInstances.Instance(contextReference);
            if (pathHow is null && !tracked && model.UsesNoTrackingByDefault(contextReference?.Type))
            {
                // no AsNoTracking() written: the context's default (UseQueryTrackingBehavior, ChangeTracker.QueryTrackingBehavior)
                pathHow = "its context's default QueryTrackingBehavior.NoTracking";
            }

            if (!path.IsKnown || pathHow is null || tracked || pathInstance is null ||
                (instance is not null && !SymbolEqualityComparer.Default.Equals(instance, pathInstance)))
            {
                return null;
            }

            how = pathHow;
            instance = pathInstance;
        }

        if (how is null || instance is null)
        {
            return null;
        }

        var removable = paths.Length == 1 && loaded.Syntax.ToString().IndexOf(".AsNoTracking()", StringComparison.Ordinal) >= 0;
        return (how, instance, removable);
    }

    /// <summary><c>e.P = ..</c>, <c>e.P += ..</c>, <c>e.P++</c> on a mapped scalar, or <c>e.Items.Add/Remove(..)</c> on a collection navigation.</summary>
    private static bool IsChange(IOperation operation, ILocalSymbol local, EntityModel entity)
    {
        IOperation? target = operation switch
        {
            IAssignmentOperation assignment => assignment.Target,
            IIncrementOrDecrementOperation increment => increment.Target,
            _ => null,
        };
        if (target is IPropertyReferenceOperation { Instance: ILocalReferenceOperation owner } property &&
            SymbolEqualityComparer.Default.Equals(owner.Local, local))
        {
            foreach (var scalar in entity.ScalarProperties)
            {
                if (scalar.Name == property.Property.Name && !entity.IgnoredMembers.Contains(scalar.Name))
                {
                    return true;
                }
            }

            return false;
        }

        return operation is IInvocationOperation { TargetMethod.Name: "Add" or "Remove" or "Clear", Instance: IPropertyReferenceOperation { Instance: ILocalReferenceOperation collectionOwner } navigation } &&
               SymbolEqualityComparer.Default.Equals(collectionOwner.Local, local) &&
               entity.FindNavigation(navigation.Property.Name) is { IsCollection: true };
    }

    /// <summary>The entity passed to a method: attached (<c>Update</c>, <c>Attach</c>, <c>Entry</c>, ...) or handed to code this method cannot see.</summary>
    private static bool HandsOver(IInvocationOperation call, ILocalSymbol local)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Value.WalkDownConversions() is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                return true;
            }
        }

        return call.Instance.WalkDownConversions() is ILocalReferenceOperation receiver && SymbolEqualityComparer.Default.Equals(receiver.Local, local) &&
               Attaching.Contains(call.TargetMethod.Name);
    }

}
