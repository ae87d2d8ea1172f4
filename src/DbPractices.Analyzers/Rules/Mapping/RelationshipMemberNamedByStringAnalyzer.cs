namespace DbPractices.Analyzers.Rules.Mapping;

/// <summary>
/// DBP003: a member EF Core is given as a string (a literal, or a const holding one) in a relationship, configuration,
/// entry or query API, where the member exists and a compile-checked reference (<c>nameof</c>, the lambda overload)
/// would do. Which member a string names is the model's reading (<see cref="RelationshipStrings"/>), shared with DBP004.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RelationshipMemberNamedByStringAnalyzer : DbpAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.RelationshipMemberNamedByString,
        "Relationship member named by a string",
        "\"{0}\" names '{1}.{2}' by a string: use {3} so that renames and typos are caught by the compiler",
        RuleCategories.Design,
        DiagnosticSeverity.Warning,
        "Member names in relationship and model configuration should be compile-checked references (nameof, lambdas), not strings.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols) =>
        RelationshipStrings.Register(context, symbols, static (report, named) =>
        {
            if (named.NamesMember)
            {
                report(Diagnostic.Create(Rule, named.Location, named.Properties, named.Name, named.OwnerName, named.Member, named.Use));
            }
        });
}
