using DbPractices.Analyzers.Model;
using Microsoft.CodeAnalysis.Formatting;

namespace DbPractices.CodeFixes.Common;

/// <summary>
/// Fixes of diagnostics reported at a configuration site (an entity's member declared in another assembly,
/// see <see cref="ConfigurationSite"/>): they write fluent configuration there. In a configuration class,
/// <c>builder.HasIndex(e =&gt; e.P);</c> at the end of <c>Configure</c>; at an <c>Entity&lt;T&gt;()</c> call, into
/// its block lambda, else <c>modelBuilder.Entity&lt;T&gt;().HasIndex(..);</c> right after its statement; at a
/// DbSet property, <c>modelBuilder.Entity&lt;T&gt;().HasIndex(..);</c> at the end of <c>OnModelCreating</c>,
/// which is added when the context has none. Several diagnostics are applied in one edit (Fix All).
/// </summary>
internal static class ConfigurationSiteFix
{
    /// <summary>Reported at a configuration site, so the fix writes fluent configuration there.</summary>
    public static bool IsAtSite(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(ConfigurationSite.KindKey, out var kind) && kind is not null;

    /// <summary>Reported at a configuration site about a member (<see cref="ConfigurationSite.MemberKey"/>).</summary>
    public static bool IsMemberAtSite(Diagnostic diagnostic) =>
        IsAtSite(diagnostic) && diagnostic.Properties.TryGetValue(ConfigurationSite.MemberKey, out var member) && member is not null;

    /// <summary>Whether a fluent fix can be written at the diagnostic's site.</summary>
    public static async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var target = await FindTargetAsync(document.Project.Solution, diagnostic, cancellationToken).ConfigureAwait(false);
        return target is not null;
    }

    /// <summary>
    /// For a diagnostic reported at a configuration site: registers its fluent fix there (when one can be written) and
    /// returns true, so the caller skips the fixes that edit the member's own declaration; false for any other diagnostic.
    /// </summary>
    public static async Task<bool> TryRegisterAtSiteAsync(CodeFixContext context, Diagnostic diagnostic, string title, string equivalenceKey, Func<CancellationToken, Task<Solution>> apply)
    {
        if (!IsAtSite(diagnostic))
        {
            return false;
        }

        if (await CanFixAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false))
        {
            context.RegisterCodeFix(CodeAction.Create(title, apply, equivalenceKey), diagnostic);
        }

        return true;
    }

    /// <summary><c>Property(p =&gt; p.Member).{facet}</c> for the member the diagnostic names.</summary>
    public static Func<string, string> PropertyConfiguration(Diagnostic diagnostic, string facet)
    {
        var member = diagnostic.Properties.TryGetValue(ConfigurationSite.MemberKey, out var name) ? name : null;
        return p => $"Property({p} => {p}.{member}).{facet}";
    }

    /// <summary>Writes <c>Property(p =&gt; p.Member).{facet};</c> at the site of every diagnostic reported at one.</summary>
    public static Task<Solution> ApplyPropertyAsync(Solution solution, IEnumerable<Diagnostic> diagnostics, string facet, CancellationToken cancellationToken) =>
        ApplyAsync(solution, diagnostics.Where(IsAtSite).Select(d => (d, PropertyConfiguration(d, facet))), cancellationToken);

    /// <param name="edits">Each diagnostic with the configuration to write, given the lambda parameter name: <c>p =&gt; $"HasIndex({p} =&gt; {p}.CustomerId)"</c>.</param>
    public static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<(Diagnostic Diagnostic, Func<string, string> Configuration)> edits, CancellationToken cancellationToken)
    {
        var byDocument = new Dictionary<DocumentId, List<(Target Target, Func<string, string> Configuration)>>();
        foreach (var (diagnostic, configuration) in edits.OrderBy(e => e.Diagnostic.Location.SourceSpan.Start))
        {
            if (await FindTargetAsync(solution, diagnostic, cancellationToken).ConfigureAwait(false) is not { } target)
            {
                continue;
            }

            if (!byDocument.TryGetValue(target.Document, out var list))
            {
                byDocument[target.Document] = list = new List<(Target, Func<string, string>)>();
            }

            list.Add((target, configuration));
        }

        foreach (var pair in byDocument)
        {
            var document = solution.GetDocument(pair.Key)!;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                continue;
            }

            // statements per anchor node (a block, or a class that gets OnModelCreating), in diagnostic order, each text once
            var statements = new Dictionary<SyntaxNode, List<(StatementSyntax? After, string Text)>>();
            var anchors = new Dictionary<SyntaxNode, Target>();
            foreach (var (target, configuration) in pair.Value)
            {
                var anchor = root.FindNode(target.Anchor, getInnermostNodeForTie: true);
                anchor = target.AddMethod ? anchor.FirstAncestorOrSelf<ClassDeclarationSyntax>()! : anchor.FirstAncestorOrSelf<BlockSyntax>()!;
                if (anchor is null)
                {
                    continue;
                }

                var after = target.After is { } afterSpan ? root.FindNode(afterSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<StatementSyntax>() : null;
                var position = anchor is BlockSyntax block ? block.CloseBraceToken.SpanStart : anchor.SpanStart;
                var parameter = LambdaNames.Choose(target.AddMethod ? null : semanticModel, position);
                var text = target.Receiver + "." + configuration(parameter) + ";";
                if (!statements.TryGetValue(anchor, out var list))
                {
                    statements[anchor] = list = new List<(StatementSyntax?, string)>();
                    anchors[anchor] = target;
                }

                if (!list.Any(s => s.Text == text && s.After == after))
                {
                    list.Add((after, text));
                }
            }

            var newRoot = root.ReplaceNodes(statements.Keys, (original, rewritten) =>
                original is BlockSyntax originalBlock
                    ? AddToBlock(originalBlock, (BlockSyntax)rewritten, statements[original])
                    : AddOnModelCreating((ClassDeclarationSyntax)rewritten, anchors[original], statements[original]));
            if (newRoot is CompilationUnitSyntax unit && anchors.Values.Any(t => t.AddMethod))
            {
                newRoot = SyntaxEditing.EnsureUsing(unit, "Microsoft.EntityFrameworkCore");
            }

            solution = solution.WithDocumentSyntaxRoot(pair.Key, newRoot);
        }

        return solution;
    }

    private static BlockSyntax AddToBlock(BlockSyntax original, BlockSyntax rewritten, List<(StatementSyntax? After, string Text)> added)
    {
        var eol = SyntaxEditing.EndOfLine(original);
        var result = new List<StatementSyntax>();
        for (var i = 0; i < original.Statements.Count; i++)
        {
            result.Add(rewritten.Statements[i]);
            foreach (var (after, text) in added)
            {
                if (after == original.Statements[i])
                {
                    result.Add(Parse(text, eol));
                }
            }
        }

        foreach (var (after, text) in added)
        {
            if (after is null || !original.Statements.Contains(after))
            {
                result.Add(Parse(text, eol));
            }
        }

        return rewritten.WithStatements(SyntaxFactory.List(result));
    }

    private static ClassDeclarationSyntax AddOnModelCreating(ClassDeclarationSyntax declaration, Target target, List<(StatementSyntax? After, string Text)> added)
    {
        var body = string.Join("\n", added.Select(a => "        " + a.Text));
        var baseCall = target.CallBase ? "        base.OnModelCreating(modelBuilder);\n" : string.Empty;
        var method = (MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(
            "protected override void OnModelCreating(ModelBuilder modelBuilder)\n    {\n" + baseCall + body + "\n    }\n")!;
        return declaration.AddMembers(method.WithLeadingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed).WithAdditionalAnnotations(Formatter.Annotation));
    }

    private static StatementSyntax Parse(string text, SyntaxTrivia eol) =>
        SyntaxFactory.ParseStatement(text).WithTrailingTrivia(eol).WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>Where the statements go: a block (at its end, or after a statement), or a new OnModelCreating of a class.</summary>
    private sealed class Target
    {
        public Target(DocumentId document, Microsoft.CodeAnalysis.Text.TextSpan anchor, string receiver)
        {
            Document = document;
            Anchor = anchor;
            Receiver = receiver;
        }

        public DocumentId Document { get; }

        /// <summary>A node inside the block (or the class) that receives the statements.</summary>
        public Microsoft.CodeAnalysis.Text.TextSpan Anchor { get; }

        /// <summary>What each statement starts with: <c>builder</c>, <c>modelBuilder.Entity&lt;Order&gt;()</c>.</summary>
        public string Receiver { get; }

        /// <summary>The statement to insert after (else at the end of the block).</summary>
        public Microsoft.CodeAnalysis.Text.TextSpan? After { get; init; }

        /// <summary>The class has no OnModelCreating: add one.</summary>
        public bool AddMethod { get; init; }

        /// <summary>The new OnModelCreating calls the base class's (a context deriving from another context).</summary>
        public bool CallBase { get; init; }
    }

    /// <summary>The configuration site: where the diagnostic sits, or its first additional location (<see cref="ConfigurationSite.AtAdditionalLocationKey"/>).</summary>
    private static Location SiteLocation(Diagnostic diagnostic) =>
        diagnostic.Properties.ContainsKey(ConfigurationSite.AtAdditionalLocationKey) && diagnostic.AdditionalLocations.Count > 0
            ? diagnostic.AdditionalLocations[0]
            : diagnostic.Location;

    private static async Task<Target?> FindTargetAsync(Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(ConfigurationSite.KindKey, out var kindText) ||
            !Enum.TryParse<ConfigurationSiteKind>(kindText, out var kind) ||
            solution.GetDocument(SiteLocation(diagnostic).SourceTree) is not { } document ||
            await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
        {
            return null;
        }

        var node = root.FindNode(SiteLocation(diagnostic).SourceSpan, getInnermostNodeForTie: true);
        switch (kind)
        {
            case ConfigurationSiteKind.ConfigurationClass:
                foreach (var member in node.FirstAncestorOrSelf<ClassDeclarationSyntax>()?.Members ?? default)
                {
                    if (member is MethodDeclarationSyntax { Identifier.ValueText: "Configure", ParameterList.Parameters.Count: 1, Body: { } body } configure)
                    {
                        return new Target(document.Id, body.CloseBraceToken.Span, configure.ParameterList.Parameters[0].Identifier.ValueText);
                    }
                }

                return null;

            case ConfigurationSiteKind.EntityCall:
                if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation)
                {
                    return null;
                }

                foreach (var argument in invocation.ArgumentList.Arguments)
                {
                    if (argument.Expression is SimpleLambdaExpressionSyntax { Block: { } lambdaBody } lambda)
                    {
                        return new Target(document.Id, lambdaBody.CloseBraceToken.Span, lambda.Parameter.Identifier.ValueText);
                    }

                    if (argument.Expression is ParenthesizedLambdaExpressionSyntax { Block: { } parenthesizedBody, ParameterList.Parameters.Count: 1 } parenthesized)
                    {
                        return new Target(document.Id, parenthesizedBody.CloseBraceToken.Span, parenthesized.ParameterList.Parameters[0].Identifier.ValueText);
                    }
                }

                if (invocation.FirstAncestorOrSelf<StatementSyntax>() is not ExpressionStatementSyntax { Parent: BlockSyntax } statement)
                {
                    return null;
                }

                return new Target(document.Id, statement.Span, invocation.Expression.WithoutTrivia().ToString() + "()") { After = statement.Span };

            case ConfigurationSiteKind.DbSetProperty:
                return await FindOnModelCreatingAsync(solution, document, node, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private static async Task<Target?> FindOnModelCreatingAsync(Solution solution, Document document, SyntaxNode node, CancellationToken cancellationToken)
    {
        if (node.FirstAncestorOrSelf<PropertyDeclarationSyntax>() is not { } property ||
            property.Parent is not ClassDeclarationSyntax declaration ||
            await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } semanticModel ||
            semanticModel.GetDeclaredSymbol(property, cancellationToken) is not { Type: INamedTypeSymbol { TypeArguments.Length: 1 } dbSet } propertySymbol)
        {
            return null;
        }

        var entityType = dbSet.TypeArguments[0].ToMinimalDisplayString(semanticModel, property.SpanStart);
        var context = propertySymbol.ContainingType;
        foreach (var member in context.GetMembers("OnModelCreating"))
        {
            if (member is not IMethodSymbol { IsOverride: true, Parameters.Length: 1 } method)
            {
                continue;
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is MethodDeclarationSyntax { Body: { } body } &&
                    solution.GetDocumentId(reference.SyntaxTree) is { } id)
                {
                    return new Target(id, body.CloseBraceToken.Span, $"{method.Parameters[0].Name}.Entity<{entityType}>()");
                }
            }

            // an expression-bodied or otherwise unusual OnModelCreating: no safe place to add a statement
            return null;
        }

        var callBase = context.BaseType is { } baseType &&
            !(baseType.Name == "DbContext" && baseType.ContainingNamespace?.ToDisplayString() == "Microsoft.EntityFrameworkCore");
        return new Target(document.Id, declaration.Identifier.Span, $"modelBuilder.Entity<{entityType}>()") { AddMethod = true, CallBase = callBase };
    }
}
