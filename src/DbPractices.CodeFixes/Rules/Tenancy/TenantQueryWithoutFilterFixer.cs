using DbPractices.Analyzers.Rules.Tenancy;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace DbPractices.CodeFixes.Rules.Tenancy;

/// <summary>
/// DBP006: insert <c>.Where(e =&gt; e.TenantId == tenantId)</c> after the query root, using a tenant value in
/// scope; or add <c>modelBuilder.Entity&lt;T&gt;().HasQueryFilter(e =&gt; e.TenantId == _tenantId)</c> to the
/// context's <c>OnModelCreating</c> when the context holds the current tenant.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TenantQueryWithoutFilterFixer))]
public sealed class TenantQueryWithoutFilterFixer : GuardedCodeFixProvider
{
    public const string AddWhereKey = "DBP006.AddTenantWhere";
    public const string AddGlobalFilterKey = "DBP006.AddGlobalQueryFilter";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.TenantQueryWithoutFilter);

    protected override FixAllProvider CreateFixAllProvider() => new SolutionFixAllProvider(ApplyAsync);

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(TenantQueryWithoutFilterAnalyzer.TenantPropertyKey, out var tenantProperty) || tenantProperty is null)
            {
                continue;
            }

            if (diagnostic.Properties.ContainsKey(TenantQueryWithoutFilterAnalyzer.WhereFixKey) &&
                FindWhere(root, model, diagnostic, tenantProperty, context.CancellationToken) is { } where)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Filter by tenant: .Where({where.Parameter} => {where.Parameter}.{tenantProperty} == {where.Value})",
                        ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), AddWhereKey, ct),
                        AddWhereKey),
                    diagnostic);
            }

            if (diagnostic.Properties.TryGetValue(TenantQueryWithoutFilterAnalyzer.ContextMemberKey, out var member) && member is not null &&
                diagnostic.AdditionalLocations.Count > 0)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Add a global query filter on {tenantProperty} == {member} in OnModelCreating",
                        ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), AddGlobalFilterKey, ct),
                        AddGlobalFilterKey),
                    diagnostic);
            }
        }
    }

    private readonly struct WhereEdit
    {
        public WhereEdit(ExpressionSyntax query, string parameter, string property, string value)
        {
            Query = query;
            Parameter = parameter;
            Property = property;
            Value = value;
        }

        public string Property { get; }

        public ExpressionSyntax Query { get; }

        public string Parameter { get; }

        public string Value { get; }
    }

    private static WhereEdit? FindWhere(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string tenantProperty, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax query ||
            TenantWhere.GetTenantPropertyType(model, query, tenantProperty) is not { } tenantType)
        {
            return null;
        }

        // a root written as 'Orders' inside its member access 'ctx.Orders' is found as the outer expression
        while (query.Parent is MemberAccessExpressionSyntax access && access.Name == query)
        {
            query = access;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var position = query.SpanStart;
        return TenantWhere.FindTenantValue(model, position, tenantType, tenantProperty) is { } value
            ? new WhereEdit(query, TenantWhere.ChooseParameterName(model, position), tenantProperty, value)
            : null;
    }

    private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken) =>
        key == AddGlobalFilterKey
            ? await AddGlobalFiltersAsync(solution, diagnostics, cancellationToken).ConfigureAwait(false)
            : await AddWheresAsync(solution, diagnostics, cancellationToken).ConfigureAwait(false);

    private static async Task<Solution> AddWheresAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var group in diagnostics.Where(d => d.Properties.ContainsKey(TenantQueryWithoutFilterAnalyzer.WhereFixKey)).GroupBy(d => d.Location.SourceTree))
        {
            if (group.Key is null || solution.GetDocument(group.Key) is not { } document)
            {
                continue;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                continue;
            }

            var edits = new Dictionary<SyntaxNode, WhereEdit>();
            foreach (var diagnostic in group)
            {
                if (diagnostic.Properties.TryGetValue(TenantQueryWithoutFilterAnalyzer.TenantPropertyKey, out var tenantProperty) && tenantProperty is not null &&
                    FindWhere(root, model, diagnostic, tenantProperty, cancellationToken) is { } edit && !edits.ContainsKey(edit.Query))
                {
                    edits[edit.Query] = edit;
                }
            }

            if (edits.Count == 0)
            {
                continue;
            }

            var newRoot = root.ReplaceNodes(edits.Keys, (original, rewritten) =>
            {
                var edit = edits[original];
                return TenantWhere.AppendWhere((ExpressionSyntax)rewritten, edit.Parameter, edit.Property, edit.Value);
            });

            solution = solution.WithDocumentSyntaxRoot(document.Id, TenantWhere.EnsureLinq(newRoot, model.Compilation));
        }

        return solution;
    }

    private static async Task<Solution> AddGlobalFiltersAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        // target (OnModelCreating or context class) → one filter per entity, in the order first seen
        var targets = new Dictionary<(SyntaxTree Tree, Microsoft.CodeAnalysis.Text.TextSpan Span), List<(string Entity, string Property, string Member, bool Create)>>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start))
        {
            if (diagnostic.AdditionalLocations.Count == 0 || diagnostic.AdditionalLocations[0].SourceTree is not { } tree ||
                !diagnostic.Properties.TryGetValue(TenantQueryWithoutFilterAnalyzer.ContextMemberKey, out var member) || member is null ||
                !diagnostic.Properties.TryGetValue(TenantQueryWithoutFilterAnalyzer.EntityTypeKey, out var entity) || entity is null ||
                !diagnostic.Properties.TryGetValue(TenantQueryWithoutFilterAnalyzer.TenantPropertyKey, out var property) || property is null)
            {
                continue;
            }

            var targetKey = (tree, diagnostic.AdditionalLocations[0].SourceSpan);
            if (!targets.TryGetValue(targetKey, out var list))
            {
                targets[targetKey] = list = new List<(string, string, string, bool)>();
            }

            if (!list.Any(e => e.Entity == entity))
            {
                list.Add((entity, property, member, diagnostic.Properties.ContainsKey(TenantQueryWithoutFilterAnalyzer.OnModelCreatingKey)));
            }
        }

        foreach (var byTree in targets.GroupBy(t => t.Key.Tree))
        {
            if (solution.GetDocument(byTree.Key) is not { } document ||
                await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var nodes = new Dictionary<SyntaxNode, List<(string Entity, string Property, string Member, bool Create)>>();
            foreach (var target in byTree)
            {
                var token = root.FindToken(target.Key.Span.Start);
                SyntaxNode? node = target.Value[0].Create
                    ? token.Parent?.FirstAncestorOrSelf<ClassDeclarationSyntax>()
                    : token.Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>();
                if (node is not null)
                {
                    nodes[node] = target.Value;
                }
            }

            var newRoot = root.ReplaceNodes(nodes.Keys, (original, rewritten) => original switch
            {
                MethodDeclarationSyntax method => AppendToMethod((MethodDeclarationSyntax)rewritten, method, model, nodes[original]),
                ClassDeclarationSyntax => AddOnModelCreating((ClassDeclarationSyntax)rewritten, nodes[original]),
                _ => rewritten,
            });

            solution = solution.WithDocumentSyntaxRoot(document.Id, newRoot);
        }

        return solution;
    }

    private static StatementSyntax FilterStatement(string builder, string parameter, (string Entity, string Property, string Member, bool Create) edit)
    {
        var statement = (ExpressionStatementSyntax)SyntaxFactory.ParseStatement(
            $"{builder}.Entity<{edit.Entity}>().HasQueryFilter({parameter} => {parameter}.{edit.Property} == {edit.Member});");
        var typeArgument = statement.DescendantNodes().OfType<TypeArgumentListSyntax>().First().Arguments[0];
        return statement.ReplaceNode(typeArgument, typeArgument.WithAdditionalAnnotations(Simplifier.Annotation))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static MethodDeclarationSyntax AppendToMethod(MethodDeclarationSyntax rewritten, MethodDeclarationSyntax original, SemanticModel? model,
        List<(string Entity, string Property, string Member, bool Create)> edits)
    {
        var builder = original.ParameterList.Parameters.FirstOrDefault()?.Identifier.ValueText ?? "modelBuilder";
        var position = original.Body?.CloseBraceToken.SpanStart ?? original.ExpressionBody!.Expression.SpanStart;
        var parameter = model is null ? "e" : TenantWhere.ChooseParameterName(model, position);
        var eol = SyntaxEditing.EndOfLine(original);
        var statements = edits.Select(e => FilterStatement(builder, parameter, e).WithTrailingTrivia(eol)).ToArray();
        if (rewritten.Body is { } body)
        {
            return rewritten.WithBody(body.AddStatements(statements));
        }

        // expression body: becomes a block with the expression as its first statement
        var expression = rewritten.ExpressionBody!.Expression;
        var first = SyntaxFactory.ExpressionStatement(expression.WithoutTrivia()).WithAdditionalAnnotations(Formatter.Annotation).WithTrailingTrivia(eol);
        var block = SyntaxFactory.Block(new[] { first }.Concat(statements)).WithAdditionalAnnotations(Formatter.Annotation);
        return rewritten.WithExpressionBody(null).WithSemicolonToken(default)
            .WithParameterList(rewritten.ParameterList.WithTrailingTrivia(eol))
            .WithBody(block.WithTrailingTrivia(rewritten.SemicolonToken.TrailingTrivia));
    }

    private static ClassDeclarationSyntax AddOnModelCreating(ClassDeclarationSyntax declaration, List<(string Entity, string Property, string Member, bool Create)> edits)
    {
        var eol = SyntaxEditing.EndOfLine(declaration);
        var statements = new List<StatementSyntax> { SyntaxFactory.ParseStatement("base.OnModelCreating(modelBuilder);").WithTrailingTrivia(eol) };
        statements.AddRange(edits.Select(e => FilterStatement("modelBuilder", "e", e).WithTrailingTrivia(eol)));
        var method = SyntaxFactory.MethodDeclaration(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.VoidKeyword)), "OnModelCreating")
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.ProtectedKeyword), SyntaxFactory.Token(SyntaxKind.OverrideKeyword)))
            .WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Parameter(SyntaxFactory.Identifier("modelBuilder"))
                    .WithType(SyntaxFactory.ParseTypeName("global::Microsoft.EntityFrameworkCore.ModelBuilder").WithAdditionalAnnotations(Simplifier.Annotation)))))
            .WithBody(SyntaxFactory.Block(statements))
            .WithLeadingTrivia(eol)
            .WithAdditionalAnnotations(Formatter.Annotation);
        return declaration.AddMembers(method);
    }
}
