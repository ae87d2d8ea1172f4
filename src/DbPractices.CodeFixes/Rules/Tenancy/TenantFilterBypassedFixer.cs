using DbPractices.Analyzers.Rules.Tenancy;

namespace DbPractices.CodeFixes.Rules.Tenancy;

/// <summary>DBP007: insert <c>.Where(e =&gt; e.TenantId == tenantId)</c> right after <c>IgnoreQueryFilters()</c>, from a tenant value in scope.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TenantFilterBypassedFixer))]
public sealed class TenantFilterBypassedFixer : GuardedCodeFixProvider
{
    public const string AddWhereKey = "DBP007.AddTenantWhere";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.TenantFilterBypassed);

    protected override FixAllProvider CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(TenantFilterBypassedAnalyzer.TenantPropertyKey, out var tenantProperty) || tenantProperty is null ||
                root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call ||
                TenantWhere.GetTenantPropertyType(model, call, tenantProperty) is not { } tenantType ||
                TenantWhere.FindTenantValue(model, call.SpanStart, tenantType, tenantProperty) is not { } value)
            {
                continue;
            }

            var parameter = TenantWhere.ChooseParameterName(model, call.SpanStart);
            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Filter by tenant after IgnoreQueryFilters: .Where({parameter} => {parameter}.{tenantProperty} == {value})",
                    ct => ApplyAsync(document, call, parameter, tenantProperty, value, ct),
                    AddWhereKey),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, InvocationExpressionSyntax call, string parameter, string property, string value, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var newRoot = root.ReplaceNode(call, TenantWhere.AppendWhere(call, parameter, property, value));
        return document.WithSyntaxRoot(TenantWhere.EnsureLinq(newRoot, model.Compilation));
    }
}
