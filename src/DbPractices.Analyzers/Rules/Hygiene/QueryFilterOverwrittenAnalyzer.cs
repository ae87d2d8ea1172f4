using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPractices.Analyzers.Rules.Hygiene;

/// <summary>
/// DBP022: an entity given two unnamed query filters (the last one silently replaces the first, in every EF Core
/// version), or on EF Core 10 an unnamed and a named one (EF Core throws when it builds the model). Reported on
/// each HasQueryFilter call that takes part, from OnModelCreating, configuration classes and the GetEntityTypes() loop.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class QueryFilterOverwrittenAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: present when the unnamed filters can be merged (all written as HasQueryFilter calls, no loop).</summary>
    public const string MergeableKey = "Mergeable";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.QueryFilterOverwritten,
        "HasQueryFilter without a name called twice for one entity",
        "'{0}' {1}",
        RuleCategories.Reliability,
        DiagnosticSeverity.Error,
        "An entity has one unnamed query filter: a second HasQueryFilter call replaces the first. Join the conditions with && (or, on EF Core 10, give every filter a name).");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        if (symbols.EntityTypeBuilderOfT is null)
        {
            return;
        }

        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, EfSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "HasQueryFilter" ||
            symbols.GetBuilderEntityType(invocation.GetReceiver()?.Type) is not INamedTypeSymbol entityType)
        {
            return;
        }

        var model = EfModel.For(context.Compilation, context.CancellationToken);
        if (model is null)
        {
            return;
        }

        // judged in each context that maps the entity (each builds its own filters); reported once, for the first where it holds
        foreach (var entity in model.GetEntities(entityType))
        {
            if (Analyze(context, symbols, invocation, entity))
            {
                return;
            }
        }
    }

    private static bool Analyze(OperationAnalysisContext context, EfSymbols symbols, IInvocationOperation invocation, EntityModel entity)
    {
        var span = invocation.Syntax.GetLocation();
        QueryFilterModel? self = null;
        foreach (var filter in entity.QueryFilters)
        {
            if (!filter.FromLoop && filter.Location is { } location && location.SourceTree == span.SourceTree && location.SourceSpan == span.SourceSpan)
            {
                self = filter;
            }
        }

        if (self is null)
        {
            return false;
        }

        var unnamed = new List<QueryFilterModel>();
        var named = new List<QueryFilterModel>();
        var loops = 0;
        var helpers = 0;
        foreach (var filter in entity.QueryFilters)
        {
            if (filter.FromLoop && !LoopSurelyCovers(entity.Model, entity, filter))
            {
                continue;
            }

            // if/else branches, switch sections, the arms of ?: never both run
            if (!filter.FromLoop && filter != self && self.Location is { } selfLocation && filter.Location is { } filterLocation &&
                AreExclusive(selfLocation, filterLocation, context.CancellationToken))
            {
                continue;
            }

            // a generic helper's filter (applied where the helper is called) cannot be merged into one call either
            loops += filter.FromLoop ? 1 : 0;
            helpers += filter.AppliedAt is not null ? 1 : 0;
            (filter.Name is null ? unnamed : named).Add(filter);
        }

        string reason;
        var properties = ImmutableDictionary<string, string?>.Empty;
        var additional = new List<Location>();
        if (self.Name is null && unnamed.Count >= 2)
        {
            reason = $"has {unnamed.Count} unnamed query filters{(loops > 0 ? " (counting the GetEntityTypes() loop)" : "")}: the last one configured replaces the others";
            if (loops == 0 && helpers == 0 && !AnyExclusivePair(unnamed, context.CancellationToken))
            {
                properties = properties.Add(MergeableKey, "true");
                foreach (var filter in unnamed.OrderBy(f => f.Location!.SourceTree!.FilePath, System.StringComparer.Ordinal).ThenBy(f => f.Location!.SourceSpan.Start))
                {
                    additional.Add(filter.Location!);
                }
            }
        }
        else if (symbols.EfMajorVersion >= 10 && ((self.Name is null && named.Count > 0) || (self.Name is not null && unnamed.Count > 0)))
        {
            reason = "mixes an unnamed query filter with named ones: EF Core 10 throws when it builds the model; name every filter";
        }
        else
        {
            return false;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, span, additional, properties, entity.DisplayName, reason));
        return true;
    }

    /// <summary>
    /// A loop that tests the entity's type (typeof(ISoftDelete).IsAssignableFrom(..)) covers it; a loop without a type
    /// test is trusted only when it mentions one of the entity's properties (else it may be guarded by FindProperty(..)).
    /// </summary>
    private static bool LoopSurelyCovers(EfModel model, EntityModel entity, QueryFilterModel filter)
    {
        foreach (var loop in model.LoopQueryFilters)
        {
            if (!ReferenceEquals(loop.Location, filter.Location))
            {
                continue;
            }

            if (!loop.TypeTests.IsDefaultOrEmpty)
            {
                return true;
            }

            foreach (var property in entity.ScalarProperties)
            {
                if (loop.ReadMembers.Contains(property.Name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Two configuration calls on mutually exclusive paths: where their syntax paths part, one is in the if branch and the
    /// other in the else branch, in different switch sections or switch-expression arms, or in the two arms of <c>?:</c>.
    /// </summary>
    internal static bool AreExclusive(Location a, Location b, System.Threading.CancellationToken cancellationToken)
    {
        if (a.SourceTree is not { } tree || b.SourceTree != tree || a.SourceSpan.IntersectsWith(b.SourceSpan))
        {
            return false;
        }

        var root = tree.GetRoot(cancellationToken);
        var first = root.FindNode(a.SourceSpan, getInnermostNodeForTie: true);
        var second = root.FindNode(b.SourceSpan, getInnermostNodeForTie: true);
        SyntaxNode? childA = null;
        for (var node = first; node is not null; childA = node, node = node.Parent)
        {
            if (!node.Span.Contains(b.SourceSpan))
            {
                continue;
            }

            // node is the lowest common ancestor: find the child holding b
            SyntaxNode? childB = null;
            for (var up = second; up is not null && up != node; up = up.Parent)
            {
                childB = up;
            }

            if (childA is null || childB is null)
            {
                return false;
            }

            return node switch
            {
                IfStatementSyntax => childA != childB && childA is not ExpressionSyntax && childB is not ExpressionSyntax,
                SwitchStatementSyntax => childA is SwitchSectionSyntax && childB is SwitchSectionSyntax && childA != childB,
                SwitchExpressionSyntax => childA is SwitchExpressionArmSyntax && childB is SwitchExpressionArmSyntax && childA != childB,
                ConditionalExpressionSyntax conditional => childA != childB && childA != conditional.Condition && childB != conditional.Condition,
                _ => false,
            };
        }

        return false;
    }

    private static bool AnyExclusivePair(List<QueryFilterModel> filters, System.Threading.CancellationToken cancellationToken)
    {
        for (var i = 0; i < filters.Count; i++)
        {
            for (var j = i + 1; j < filters.Count; j++)
            {
                if (!filters[i].FromLoop && !filters[j].FromLoop && AreExclusive(filters[i].Location!, filters[j].Location!, cancellationToken))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
