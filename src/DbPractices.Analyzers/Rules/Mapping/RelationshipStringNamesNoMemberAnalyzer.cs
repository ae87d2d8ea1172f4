namespace DbPractices.Analyzers.Rules.Mapping;

/// <summary>
/// DBP004: a member name EF Core is given as a string that names no member EF Core can find (no CLR member, no shadow
/// property the model declares, no declared foreign key, ...), with the closest member as "did you mean". Which member
/// a string names is the model's reading (<see cref="RelationshipStrings"/>), shared with DBP003.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RelationshipStringNamesNoMemberAnalyzer : DbpAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.RelationshipStringNamesNoMember,
        "Relationship string names no member",
        "\"{0}\" names no member of '{1}'{2}",
        RuleCategories.Reliability,
        DiagnosticSeverity.Error,
        "A string naming a member that does not exist makes EF Core create a shadow property silently or fail when it builds the model.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols) =>
        RelationshipStrings.Register(context, symbols, static (report, named) =>
        {
            if (!named.NamesMember)
            {
                report(Diagnostic.Create(Rule, named.Location, named.Properties, named.Name, named.OwnerName, named.Closest is null ? string.Empty : $" (did you mean '{named.Closest}'?)"));
            }
        });
}
