using DbPractices.Analyzers.Rules.Mapping;
using Microsoft.CodeAnalysis.Formatting;

namespace DbPractices.CodeFixes.Common;

/// <summary>
/// The two index fixes DBP001 and DBP030 share: add <c>[Index(nameof(P))]</c> to the entity class (additional location 0),
/// or <c>b.HasIndex(e =&gt; e.P);</c> to its fluent configuration block (additional location 1, builder name in
/// <see cref="BuilderKey"/>); for an entity of another assembly, <c>HasIndex</c> at its configuration site
/// (<see cref="ConfigurationSiteFix"/>). Fix All adds each index once.
/// </summary>
internal static class IndexFix
{
    /// <summary>Diagnostic property: the column's CLR property name.</summary>
    public const string PropertyKey = ForeignKeyWithoutIndexAnalyzer.PropertyKey;

    /// <summary>Diagnostic property: the configuration block's builder parameter, when a fluent fix is possible.</summary>
    public const string BuilderKey = ForeignKeyWithoutIndexAnalyzer.BuilderKey;

    /// <summary>Registers the attribute fix and, where the entity has a fluent configuration block (or the diagnostic sits at a configuration site), the HasIndex fix.</summary>
    public static async Task RegisterAsync(CodeFixContext context, string attributeKey, string hasIndexKey)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(PropertyKey, out var property) || property is null ||
                (diagnostic.AdditionalLocations.Count == 0 && !ConfigurationSiteFix.IsAtSite(diagnostic)))
            {
                continue;
            }

            var solution = context.Document.Project.Solution;
            // an entity of another project: HasIndex at the configuration site the diagnostic sits on
            if (await ConfigurationSiteFix.TryRegisterAtSiteAsync(
                context, diagnostic, $"Add HasIndex({property}) to the entity's configuration", hasIndexKey,
                ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), useFluent: true, ct)).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add [Index(nameof({property}))] to the entity",
                    ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), useFluent: false, ct),
                    attributeKey),
                diagnostic);

            if (diagnostic.AdditionalLocations.Count > 1 && diagnostic.Properties.ContainsKey(BuilderKey))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Add HasIndex({property}) to the entity's configuration",
                        ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), useFluent: true, ct),
                        hasIndexKey),
                    diagnostic);
            }
        }
    }

    /// <summary>Adds the indexes of every diagnostic (Fix All): each (entity, property) once, in the entity class or its configuration.</summary>
    public static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, bool useFluent, CancellationToken cancellationToken)
    {
        var locationIndex = useFluent ? 1 : 0;

        // target document → (target span, property, builder) in source order, each property once per target
        var edits = new Dictionary<DocumentId, List<(Location Target, string Property, string? Builder)>>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (ConfigurationSiteFix.IsAtSite(diagnostic) || diagnostic.AdditionalLocations.Count <= locationIndex ||
                !diagnostic.Properties.TryGetValue(PropertyKey, out var property) || property is null)
            {
                continue;
            }

            diagnostic.Properties.TryGetValue(BuilderKey, out var builder);
            if (useFluent && builder is null)
            {
                continue;
            }

            var target = diagnostic.AdditionalLocations[locationIndex];
            if (solution.GetDocumentId(target.SourceTree) is not { } documentId)
            {
                continue;
            }

            if (!edits.TryGetValue(documentId, out var list))
            {
                edits[documentId] = list = new List<(Location, string, string?)>();
            }

            if (!list.Any(e => e.Target.SourceSpan == target.SourceSpan && e.Property == property))
            {
                list.Add((target, property, builder));
            }
        }

        foreach (var pair in edits)
        {
            var document = solution.GetDocument(pair.Key)!;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                continue;
            }

            var newRoot = useFluent
                ? await AddHasIndexAsync(document, root, pair.Value, cancellationToken).ConfigureAwait(false)
                : AddIndexAttributes(root, pair.Value);
            if (!useFluent && newRoot is CompilationUnitSyntax unit)
            {
                newRoot = SyntaxEditing.EnsureUsing(unit, "Microsoft.EntityFrameworkCore");
            }

            solution = solution.WithDocumentSyntaxRoot(pair.Key, newRoot);
        }

        if (useFluent)
        {
            solution = await ConfigurationSiteFix.ApplyAsync(
                solution,
                diagnostics.Where(ConfigurationSiteFix.IsAtSite).Select(d => (d, (Func<string, string>)(p => $"HasIndex({p} => {p}.{d.Properties[PropertyKey]})"))),
                cancellationToken).ConfigureAwait(false);
        }

        return solution;
    }

    private static SyntaxNode AddIndexAttributes(SyntaxNode root, List<(Location Target, string Property, string? Builder)> edits)
    {
        var byClass = edits
            .Select(e => (Class: root.FindToken(e.Target.SourceSpan.Start).Parent?.FirstAncestorOrSelf<ClassDeclarationSyntax>(), e.Property))
            .Where(e => e.Class is not null)
            .GroupBy(e => e.Class!)
            .ToList();

        var newRoot = root.ReplaceNodes(
            byClass.Select(g => g.Key),
            (original, _) =>
            {
                var lists = byClass.First(g => g.Key == original).Select(e => CreateIndexAttribute(e.Property));
                return AddAttributeLists(original, lists);
            });

        return newRoot;
    }

    private static AttributeListSyntax CreateIndexAttribute(string property)
    {
        var name = SyntaxFactory.IdentifierName("Index");
        var argument = SyntaxFactory.AttributeArgument(SyntaxFactory.ParseExpression($"nameof({property})"));
        return SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Attribute(name, SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(argument)))))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>New attribute lists go after the existing ones, each on its own line, comments and doc comments kept in front.</summary>
    private static ClassDeclarationSyntax AddAttributeLists(ClassDeclarationSyntax declaration, IEnumerable<AttributeListSyntax> lists)
    {
        var firstToken = declaration.GetFirstToken();
        var leading = firstToken.LeadingTrivia;

        // indentation: the whitespace right before the first token
        var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
            : SyntaxFactory.TriviaList();
        var eol = SyntaxEditing.EndOfLine(declaration);

        var newLists = lists.Select(l => l.WithLeadingTrivia(indentation).WithTrailingTrivia(eol)).ToList();
        if (declaration.AttributeLists.Count == 0)
        {
            // the declaration's own leading trivia (doc comment, indentation) moves to the first new list
            newLists[0] = newLists[0].WithLeadingTrivia(leading);
            var stripped = declaration.WithoutLeadingTrivia().WithLeadingTrivia(indentation);
            return stripped.WithAttributeLists(SyntaxFactory.List(newLists));
        }

        return declaration.WithAttributeLists(declaration.AttributeLists.AddRange(newLists));
    }

    private static async Task<SyntaxNode> AddHasIndexAsync(Document document, SyntaxNode root, List<(Location Target, string Property, string? Builder)> edits, CancellationToken cancellationToken)
    {
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var byBlock = edits
            .Select(e => (Block: root.FindNode(e.Target.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<BlockSyntax>(), e.Property, e.Builder))
            .Where(e => e.Block is not null)
            .GroupBy(e => e.Block!)
            .ToList();

        return root.ReplaceNodes(
            byBlock.Select(g => g.Key),
            (original, _) =>
            {
                var parameter = LambdaNames.Choose(semanticModel, original.CloseBraceToken.SpanStart);
                var eol = SyntaxEditing.EndOfLine(original);
                var statements = byBlock.First(g => g.Key == original)
                    .Select(e => SyntaxFactory.ParseStatement($"{e.Builder}.HasIndex({parameter} => {parameter}.{e.Property});")
                        .WithTrailingTrivia(eol)
                        .WithAdditionalAnnotations(Formatter.Annotation));
                return original.AddStatements(statements.ToArray());
            });
    }
}
