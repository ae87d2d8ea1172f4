namespace DbPractices.CodeFixes.Common;

/// <summary>
/// Fix All for fixes that interact within a document (several includes added to one query, several
/// statements inserted before one loop): every diagnostic's node and additional-location nodes are
/// annotated first, then the fixes run one after another on the updated document, each finding its nodes
/// again by annotation and seeing what the previous fixes wrote (so a path is added to a query once).
/// </summary>
internal sealed class SequentialFixAllProvider : FixAllProvider
{
    /// <summary>Applies one fix: the diagnostic's node and its additional-location nodes, in the given document.</summary>
    public delegate Task<Document> FixOne(Document document, SyntaxNode target, ImmutableArray<SyntaxNode> additional, Diagnostic diagnostic, CancellationToken cancellationToken);

    private readonly FixOne _fix;
    private readonly Func<Diagnostic, string, bool> _matches;

    public SequentialFixAllProvider(FixOne fix, Func<Diagnostic, string, bool> matches)
    {
        _fix = fix;
        _matches = matches;
    }

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        if (fixAllContext.CodeActionEquivalenceKey is not { } key)
        {
            return null;
        }

        var documents = fixAllContext.Scope switch
        {
            FixAllScope.Document when fixAllContext.Document is not null => new[] { fixAllContext.Document },
            FixAllScope.Project => fixAllContext.Project.Documents.ToArray(),
            FixAllScope.Solution => fixAllContext.Solution.Projects.SelectMany(p => p.Documents).ToArray(),
            _ => Array.Empty<Document>(),
        };

        var work = new List<(DocumentId Id, ImmutableArray<Diagnostic> Diagnostics)>();
        foreach (var document in documents)
        {
            var diagnostics = (await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                .Where(d => _matches(d, key))
                .ToImmutableArray();
            if (!diagnostics.IsEmpty)
            {
                work.Add((document.Id, diagnostics));
            }
        }

        if (work.Count == 0)
        {
            return null;
        }

        var solution = fixAllContext.Solution;
        return CodeAction.Create(
            "Fix all",
            async cancellationToken =>
            {
                var updated = solution;
                foreach (var (id, diagnostics) in work)
                {
                    var fixedDocument = await FixDocumentAsync(updated.GetDocument(id)!, diagnostics, cancellationToken).ConfigureAwait(false);
                    updated = fixedDocument.Project.Solution;
                }

                return updated;
            },
            key);
    }

    private async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var byNode = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
        var plan = new List<(Diagnostic Diagnostic, SyntaxAnnotation Target, ImmutableArray<SyntaxAnnotation> Additional)>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            var target = Annotate(root, diagnostic.Location, byNode);
            if (target is null)
            {
                continue;
            }

            var additional = ImmutableArray.CreateBuilder<SyntaxAnnotation>();
            foreach (var location in diagnostic.AdditionalLocations)
            {
                if (location.SourceTree == root.SyntaxTree && Annotate(root, location, byNode) is { } annotation)
                {
                    additional.Add(annotation);
                }
            }

            plan.Add((diagnostic, target, additional.ToImmutable()));
        }

        root = root.ReplaceNodes(byNode.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(byNode[original]));
        document = document.WithSyntaxRoot(root);

        foreach (var (diagnostic, targetAnnotation, additionalAnnotations) in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var target = root?.GetAnnotatedNodes(targetAnnotation).FirstOrDefault();
            if (root is null || target is null)
            {
                continue;
            }

            var additional = additionalAnnotations.Select(a => root.GetAnnotatedNodes(a).FirstOrDefault()).ToList();
            if (additional.Any(n => n is null))
            {
                continue;
            }

            document = await _fix(document, target, additional.Select(n => n!).ToImmutableArray(), diagnostic, cancellationToken).ConfigureAwait(false);
        }

        return document;
    }

    private static SyntaxAnnotation? Annotate(SyntaxNode root, Location location, Dictionary<SyntaxNode, List<SyntaxAnnotation>> byNode)
    {
        if (!root.FullSpan.Contains(location.SourceSpan))
        {
            return null;
        }

        var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
        var annotation = new SyntaxAnnotation();
        if (!byNode.TryGetValue(node, out var list))
        {
            byNode[node] = list = new List<SyntaxAnnotation>();
        }

        list.Add(annotation);
        return annotation;
    }
}
