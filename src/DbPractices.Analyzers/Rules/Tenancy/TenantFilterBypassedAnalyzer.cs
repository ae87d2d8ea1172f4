using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace DbPractices.Analyzers.Rules.Tenancy;

/// <summary>
/// DBP007: <c>IgnoreQueryFilters()</c> turns off the tenant filter of a tenant-owned entity, and the query
/// runs in the method without a predicate on the tenant key. Reported on the <c>IgnoreQueryFilters</c> call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TenantFilterBypassedAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: the entity's tenant key.</summary>
    public const string TenantPropertyKey = TenantQueryWithoutFilterAnalyzer.TenantPropertyKey;

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.TenantFilterBypassed,
        "Query filter bypassed on a tenant entity",
        "IgnoreQueryFilters turns off the tenant filter of '{0}', and the query has no predicate on '{1}'",
        RuleCategories.Security,
        DiagnosticSeverity.Warning,
        "IgnoreQueryFilters removes the query filter that keeps tenants apart; without an explicit tenant predicate the query reads every tenant's rows.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols) =>
        context.RegisterOperationBlockAction(block => Analyze(block, symbols));

    private static void Analyze(OperationBlockAnalysisContext context, EfSymbols symbols)
    {
        // only a block that calls IgnoreQueryFilters can bypass a filter: a token check before the flow analysis
        if (!MentionsIgnoreQueryFilters(context.OperationBlocks) ||
            !TenantQueryFlow.ContainsQueryRoot(context.OperationBlocks, symbols) ||
            EfModel.For(context.Compilation, context.CancellationToken) is not { } model)
        {
            return;
        }

        var convention = TenantConvention.From(context.Options, context.OperationBlocks[0].Syntax.SyntaxTree);
        var reported = new HashSet<SyntaxNode>();
        foreach (var path in TenantQueryFlow.Analyze(context.OperationBlocks, model, convention, context.CancellationToken))
        {
            if (path.Filtered || !path.Tenant.HasTenantFilter)
            {
                continue;
            }

            foreach (var call in path.IgnoreCalls)
            {
                if (TenantQueryFlow.IgnoresTenantFilter(call, path.Tenant) && reported.Add(call.Syntax))
                {
                    var properties = ImmutableDictionary<string, string?>.Empty.Add(TenantPropertyKey, path.Tenant.Property.Name);
                    context.ReportDiagnostic(Diagnostic.Create(Rule, GetLocation(call.Syntax), properties, path.Tenant.Entity.DisplayName, path.Tenant.Property.Name));
                }
            }
        }
    }

    private static bool MentionsIgnoreQueryFilters(ImmutableArray<IOperation> blocks)
    {
        foreach (var block in blocks)
        {
            foreach (var token in block.Syntax.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == "IgnoreQueryFilters")
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary><c>IgnoreQueryFilters()</c> without the receiver: from the method name to the closing parenthesis.</summary>
    private static Location GetLocation(SyntaxNode call)
    {
        if (call is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
        {
            return Location.Create(call.SyntaxTree, TextSpan.FromBounds(access.Name.SpanStart, invocation.Span.End));
        }

        return call.GetLocation();
    }
}
