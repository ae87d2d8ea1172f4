using DbPractices.Analyzers.Rules.Hygiene;

namespace DbPractices.CodeFixes.Rules.Hygiene;

/// <summary>
/// DBP021: <c>AddSingleton&lt;TContext&gt;()</c> → <c>AddDbContext&lt;TContext&gt;()</c>; <c>ServiceLifetime.Singleton</c>
/// → <c>ServiceLifetime.Scoped</c>; move <c>var db = new Ctx();</c> / <c>using var db = new Ctx();</c> before the loop.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DbContextLifetimeFixer))]
public sealed class DbContextLifetimeFixer : GuardedCodeFixProvider
{
    public const string AddDbContextKey = "DBP021.AddDbContext";
    public const string ScopedKey = "DBP021.Scoped";
    public const string HoistKey = "DBP021.Hoist";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DbContextLifetime);

    protected override FixAllProvider CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DbContextLifetimeAnalyzer.FixKey, out var fix))
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            switch (fix)
            {
                case DbContextLifetimeAnalyzer.FixAddDbContext when node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is
                    { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name: GenericNameSyntax name } }:
                    context.RegisterCodeFix(
                        CodeAction.Create("Register with AddDbContext (scoped)", _ =>
                            Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceToken(name.Identifier, SyntaxFactory.Identifier("AddDbContext").WithTriviaFrom(name.Identifier)))),
                            AddDbContextKey),
                        diagnostic);
                    break;
                case DbContextLifetimeAnalyzer.FixScoped when diagnostic.AdditionalLocations.Count > 0 &&
                    root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Singleton" } lifetime:
                    context.RegisterCodeFix(
                        CodeAction.Create("Use ServiceLifetime.Scoped", _ =>
                            Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceToken(lifetime.Name.Identifier, SyntaxFactory.Identifier("Scoped").WithTriviaFrom(lifetime.Name.Identifier)))),
                            ScopedKey),
                        diagnostic);
                    break;
                case DbContextLifetimeAnalyzer.FixHoist when diagnostic.AdditionalLocations.Count > 0 &&
                    node.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { } statement &&
                    root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<StatementSyntax>() is { Parent: BlockSyntax outer } loop &&
                    !DeclaresElsewhere(outer, statement):
                    context.RegisterCodeFix(
                        CodeAction.Create("Create the DbContext once, before the loop", ct => HoistAsync(context.Document, statement, loop, ct), HoistKey),
                        diagnostic);
                    break;
            }
        }
    }

    /// <summary>Another declaration of the same name in the block the statement moves to would clash with it (CS0128/CS0136).</summary>
    private static bool DeclaresElsewhere(BlockSyntax outer, LocalDeclarationStatementSyntax statement)
    {
        var name = statement.Declaration.Variables[0].Identifier.ValueText;
        foreach (var token in outer.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name && !statement.Span.Contains(token.Span) &&
                token.Parent is VariableDeclaratorSyntax or SingleVariableDesignationSyntax or ForEachStatementSyntax or ParameterSyntax or CatchDeclarationSyntax or LocalFunctionStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<Document> HoistAsync(Document document, LocalDeclarationStatementSyntax statement, StatementSyntax loop, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || loop.Parent is not BlockSyntax block || loop.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia) is not { } newLoop)
        {
            return document;
        }

        // the hoisted statement takes the loop's place (and its blank line or comment above); the loop follows it
        var hoisted = statement.WithLeadingTrivia(loop.GetLeadingTrivia());
        newLoop = newLoop.WithLeadingTrivia(HygieneEditing.Indentation(loop));
        var index = block.Statements.IndexOf(loop);
        var statements = block.Statements.RemoveAt(index).Insert(index, newLoop).Insert(index, hoisted);
        return document.WithSyntaxRoot(root.ReplaceNode(block, block.WithStatements(statements)));
    }
}
