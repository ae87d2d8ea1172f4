namespace DbPractices.CodeFixes.Rules.Mapping;

/// <summary>DBP003: replace the string with <c>nameof(Type.Member)</c> or the lambda overload (<c>HasForeignKey(p => p.BlogId)</c>, <c>Include(b => b.Posts).ThenInclude(p => p.Comments)</c>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RelationshipMemberNamedByStringFixer))]
public sealed class RelationshipMemberNamedByStringFixer : GuardedCodeFixProvider
{
    public const string UseNameofOrLambdaKey = "DBP003.UseNameofOrLambda";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.RelationshipMemberNamedByString);

    protected override FixAllProvider CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override Task RegisterFixesAsync(CodeFixContext context) => RelationshipStringFix.RegisterAsync(context, UseNameofOrLambdaKey);
}
