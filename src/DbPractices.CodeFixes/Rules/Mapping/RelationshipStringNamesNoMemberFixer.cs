namespace DbPractices.CodeFixes.Rules.Mapping;

/// <summary>DBP004: replace the string with <c>nameof</c> of the closest member (or the <c>Include</c> chain of the closest path).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RelationshipStringNamesNoMemberFixer))]
public sealed class RelationshipStringNamesNoMemberFixer : GuardedCodeFixProvider
{
    public const string UseClosestMemberKey = "DBP004.UseClosestMember";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.RelationshipStringNamesNoMember);

    protected override FixAllProvider CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override Task RegisterFixesAsync(CodeFixContext context) => RelationshipStringFix.RegisterAsync(context, UseClosestMemberKey);
}
