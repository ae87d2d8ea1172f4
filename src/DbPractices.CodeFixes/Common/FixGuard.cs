using DbPractices.Analyzers.Model;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Text;

namespace DbPractices.CodeFixes.Common;

/// <summary>
/// Checks a fix before it is offered: the change is applied and the edited code is bound again in the changed
/// compilation. A fix is rejected when it adds a compile error
/// <list type="bullet">
/// <item>in a member (or type, or file header) it edited, compared with the same member before, or</item>
/// <item>where a declaration whose signature it changed (a property's type, a member's name) is used, anywhere
/// in the solution (found with <see cref="SymbolFinder"/> only when a signature changed).</item>
/// </list>
/// Only the edited members and those uses are bound, not whole projects, so the check is cheap enough to run
/// for every action a light bulb offers: an added or changed attribute list is bound alone, and so is an added
/// <c>using</c> whose namespace names nothing the rest of the file uses (otherwise the whole file). A Fix All's
/// documents are checked several at a time. It also drops a <c>using</c> the fix added that a global using (e.g.
/// the SDK's implicit usings) already provides (the compiler's CS8933).
/// </summary>
internal static class FixGuard
{
    /// <summary>
    /// The action, computed once and checked: an action that returns the checked solution, or null when the
    /// change would not compile. Actions that do more than change the solution (none of the package's) are returned as they are.
    /// </summary>
    public static async Task<CodeAction?> GuardAsync(Solution solution, CodeAction action, CancellationToken cancellationToken)
    {
        var changed = await ChangedSolutionAsync(action, cancellationToken).ConfigureAwait(false);
        if (changed is null)
        {
            return action;
        }

        changed = await CheckAsync(solution, changed, cancellationToken).ConfigureAwait(false);
        return changed is null ? null : CodeAction.Create(action.Title, _ => Task.FromResult(changed), action.EquivalenceKey);
    }

    /// <summary>The solution an action produces, or null when it does anything else (or nothing).</summary>
    public static async Task<Solution?> ChangedSolutionAsync(CodeAction action, CancellationToken cancellationToken)
    {
        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        return operations.Length == 1 && operations[0] is ApplyChangesOperation apply ? apply.ChangedSolution : null;
    }

    /// <summary>
    /// <paramref name="changed"/> with redundant added usings dropped, or null when it adds a compile error
    /// to <paramref name="original"/>.
    /// </summary>
    public static async Task<Solution?> CheckAsync(Solution original, Solution changed, CancellationToken cancellationToken)
    {
        changed = await DropRedundantUsingsAsync(original, changed, cancellationToken).ConfigureAwait(false);
        return await AddsErrorsAsync(original, changed, cancellationToken).ConfigureAwait(false) ? null : changed;
    }

    /// <summary>True when <paramref name="changed"/> has a compile error <paramref name="original"/> does not have.</summary>
    public static async Task<bool> AddsErrorsAsync(Solution original, Solution changed, CancellationToken cancellationToken)
    {
        var edited = new List<(Document Before, Document After)>();
        foreach (var projectChanges in changed.GetChanges(original).GetProjectChanges())
        {
            foreach (var id in projectChanges.GetAddedDocuments())
            {
                var added = changed.GetDocument(id);
                if (added is not null && await ErrorsAsync(added, null, cancellationToken).ConfigureAwait(false) is { Count: > 0 })
                {
                    return true;
                }
            }

            foreach (var id in projectChanges.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                if (original.GetDocument(id) is { } before && changed.GetDocument(id) is { } after)
                {
                    edited.Add((before, after));
                }
            }
        }

        var checks = await CheckEditedDocumentsAsync(edited, cancellationToken).ConfigureAwait(false);
        if (Array.Exists(checks, c => c is { AddsErrors: true }))
        {
            return true;
        }

        // none stopped early: every document was checked
        var changedSignatures = new List<ISymbol>();
        var edits = new Dictionary<DocumentId, List<TextChange>>();
        for (var i = 0; i < edited.Count; i++)
        {
            edits[edited[i].After.Id] = checks[i].Changes;
            changedSignatures.AddRange(checks[i].ChangedSignatures);
        }

        return await UsesAddErrorsAsync(original, changed, changedSignatures, edits, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Each edited document's check (<see cref="EditedRegionsAddErrorsAsync"/>), several at once on the thread pool
    /// (<see cref="Workers"/>): a Fix All edits hundreds of documents, and binding one does not wait for another. The
    /// first one that adds an error stops the rest (their results are then null and not read).
    /// </summary>
    private static async Task<DocumentCheck[]> CheckEditedDocumentsAsync(List<(Document Before, Document After)> edited, CancellationToken cancellationToken)
    {
        var results = new DocumentCheck[edited.Count];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        async Task WorkAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < edited.Count)
            {
                var (before, after) = edited[i];
                var changes = (await after.GetTextChangesAsync(before, stop.Token).ConfigureAwait(false)).OrderBy(c => c.Span.Start).ToList();
                var signatures = new List<ISymbol>();
                var addsErrors = await EditedRegionsAddErrorsAsync(before, after, changes, signatures, stop.Token).ConfigureAwait(false);
                results[i] = new DocumentCheck(changes, signatures, addsErrors);
                if (addsErrors)
                {
                    stop.Cancel();
                    return;
                }
            }
        }

        var workers = new Task[Math.Max(1, Math.Min(edited.Count, Workers))];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = workers.Length == 1 ? WorkAsync() : Task.Run(WorkAsync, stop.Token);
        }

        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // stopped by a document that adds an error
        }

        return results;
    }

    /// <summary>How many documents are checked at once (the processor count is not readable here: RS1035).</summary>
    private const int Workers = 4;

    private sealed class DocumentCheck
    {
        public DocumentCheck(List<TextChange> changes, List<ISymbol> changedSignatures, bool addsErrors)
        {
            Changes = changes;
            ChangedSignatures = changedSignatures;
            AddsErrors = addsErrors;
        }

        public List<TextChange> Changes { get; }

        public List<ISymbol> ChangedSignatures { get; }

        public bool AddsErrors { get; }
    }

    private static async Task<bool> EditedRegionsAddErrorsAsync(Document before, Document after, List<TextChange> changes, List<ISymbol> changedSignatures, CancellationToken cancellationToken)
    {
        var oldRoot = await before.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var newRoot = await after.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (oldRoot is null || newRoot is null)
        {
            return false;
        }

        var oldRegions = new HashSet<SyntaxNode>();
        var newRegions = new HashSet<SyntaxNode>();
        var delta = 0;
        foreach (var change in changes)
        {
            var newSpan = new TextSpan(change.Span.Start + delta, change.NewText?.Length ?? 0);
            delta += (change.NewText?.Length ?? 0) - change.Span.Length;
            oldRegions.Add(Region(oldRoot, change.Span));
            newRegions.Add(NarrowRegion(newRoot, newSpan));
        }

        var oldModel = await before.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var newModel = await after.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (oldModel is null || newModel is null)
        {
            return false;
        }

        WidenUsings(newModel, newRoot, newRegions, cancellationToken);

        // the edited code binds without error (the usual case): the code before it need not be bound again
        var newErrors = Errors(newModel, Outermost(newRegions), cancellationToken);
        if (newErrors.Count > 0 && !IsSubset(newErrors, Errors(oldModel, Outermost(oldRegions), cancellationToken)))
        {
            return true;
        }

        // declarations whose signature the fix changed: their uses elsewhere are checked next
        var oldSignatures = DeclaredSignatures(oldModel, oldRegions, cancellationToken);
        var newSignatures = new HashSet<string>(DeclaredSignatures(newModel, newRegions, cancellationToken).Select(s => s.Signature), StringComparer.Ordinal);
        changedSignatures.AddRange(oldSignatures.Where(s => !newSignatures.Contains(s.Signature)).Select(s => s.Symbol));
        return false;
    }

    /// <summary>Where a changed declaration is used, the code binds as well as before.</summary>
    private static async Task<bool> UsesAddErrorsAsync(Solution original, Solution changed, List<ISymbol> symbols, Dictionary<DocumentId, List<TextChange>> edits, CancellationToken cancellationToken)
    {
        if (symbols.Count == 0)
        {
            return false;
        }

        var uses = new Dictionary<DocumentId, List<TextSpan>>();
        foreach (var symbol in symbols)
        {
            foreach (var referenced in await SymbolFinder.FindReferencesAsync(symbol, original, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in referenced.Locations)
                {
                    if (!uses.TryGetValue(location.Document.Id, out var spans))
                    {
                        uses[location.Document.Id] = spans = new List<TextSpan>();
                    }

                    spans.Add(location.Location.SourceSpan);
                }
            }
        }

        foreach (var pair in uses)
        {
            var before = original.GetDocument(pair.Key);
            var after = changed.GetDocument(pair.Key);
            var oldRoot = before is null ? null : await before.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var newRoot = after is null ? null : await after.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var oldModel = before is null ? null : await before.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var newModel = after is null ? null : await after.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (oldRoot is null || newRoot is null || oldModel is null || newModel is null)
            {
                continue;
            }

            edits.TryGetValue(pair.Key, out var changes);
            var oldRegions = new HashSet<SyntaxNode>();
            var newRegions = new HashSet<SyntaxNode>();
            foreach (var span in pair.Value)
            {
                if (Map(span, changes) is not { } mapped)
                {
                    continue; // inside an edit: already checked with the edited region
                }

                oldRegions.Add(Region(oldRoot, span));
                newRegions.Add(Region(newRoot, mapped));
            }

            var newErrors = Errors(newModel, Outermost(newRegions), cancellationToken);
            if (newErrors.Count > 0 && !IsSubset(newErrors, Errors(oldModel, Outermost(oldRegions), cancellationToken)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An unedited span's position after the edits, or null when an edit touches it.</summary>
    private static TextSpan? Map(TextSpan span, List<TextChange>? changes)
    {
        if (changes is null)
        {
            return span;
        }

        var delta = 0;
        foreach (var change in changes)
        {
            if (change.Span.End <= span.Start && !(change.Span.Length == 0 && change.Span.Start == span.Start))
            {
                delta += (change.NewText?.Length ?? 0) - change.Span.Length;
            }
            else if (change.Span.Start >= span.End)
            {
                break;
            }
            else
            {
                return null;
            }
        }

        return new TextSpan(span.Start + delta, span.Length);
    }

    /// <summary>
    /// The code to bind again for an edit: the member around it; the type when the edit is between members or on
    /// the type's own header; the whole file when it is in the usings or at namespace level.
    /// </summary>
    private static SyntaxNode Region(SyntaxNode root, TextSpan span)
    {
        var start = Math.Max(0, Math.Min(span.Start, root.FullSpan.End - 1));
        var end = Math.Min(Math.Max(span.End, start), root.FullSpan.End);
        var node = root.FindToken(start).Parent;
        for (; node is not null; node = node.Parent)
        {
            if (node.FullSpan.Start <= start && node.FullSpan.End >= end &&
                node is MemberDeclarationSyntax and not BaseNamespaceDeclarationSyntax)
            {
                return node;
            }
        }

        return root;
    }

    /// <summary>
    /// The code to bind again for an edit in the changed document: an attribute list the edit added or changed (an
    /// annotation errs where it is written), a plain <c>using</c> directive (<see cref="WidenUsings"/> decides whether
    /// the rest of the file must be bound too), else <see cref="Region"/>.
    /// </summary>
    private static SyntaxNode NarrowRegion(SyntaxNode root, TextSpan span)
    {
        for (var node = root.FindToken(Math.Max(0, Math.Min(span.Start, root.FullSpan.End - 1))).Parent; node is not null; node = node.Parent)
        {
            if (!node.FullSpan.Contains(span))
            {
                continue;
            }

            if (node is AttributeListSyntax { Parent: MemberDeclarationSyntax } list && !list.Attributes.Any(AffectsOtherCode))
            {
                return node;
            }

            if (node is UsingDirectiveSyntax { Alias: null, Name: not null, Parent: CompilationUnitSyntax or BaseNamespaceDeclarationSyntax } directive &&
                directive.GlobalKeyword.IsKind(SyntaxKind.None) && directive.StaticKeyword.IsKind(SyntaxKind.None))
            {
                return node;
            }

            if (node is MemberDeclarationSyntax or StatementSyntax)
            {
                break;
            }
        }

        return Region(root, span);
    }

    /// <summary>Attributes whose effect reaches code elsewhere (uses of the member, the compiler's treatment of the type): the member is bound as a whole.</summary>
    private static bool AffectsOtherCode(AttributeSyntax attribute) =>
        attribute.ShortName() is "Obsolete" or "Experimental" or "AttributeUsage" or "Conditional" or "CollectionBuilder" or "InterpolatedStringHandler" or
            "AsyncMethodBuilder" or "ModuleInitializer" or "SetsRequiredMembers" or "StructLayout" or "InlineArray" or "OverloadResolutionPriority" or
            "Extension" or "CallerMemberName" or "CallerFilePath" or "CallerLineNumber" or "CallerArgumentExpression" or "UnscopedRef";

    /// <summary>
    /// A <c>using</c> the change added can make other names of the file bind differently (an ambiguous type, an
    /// extension method that now competes): when a type of its namespace, or a member of one of its static classes,
    /// has the name of an identifier written in the file outside the other edited regions (those are bound anyway),
    /// the whole file is bound instead of the directive alone. Most added usings import nothing the file names.
    /// </summary>
    private static void WidenUsings(SemanticModel model, SyntaxNode root, HashSet<SyntaxNode> regions, CancellationToken cancellationToken)
    {
        var usings = regions.OfType<UsingDirectiveSyntax>().ToList();
        if (usings.Count == 0)
        {
            return;
        }

        HashSet<string>? names = null;
        foreach (var directive in usings)
        {
            if (model.GetSymbolInfo(directive.Name!, cancellationToken).Symbol is not INamespaceSymbol imported)
            {
                continue; // the directive does not bind: the error is in its own region
            }

            names ??= NamesOutside(root, regions);
            if (ImportsAny(imported, names))
            {
                regions.Remove(directive);
                regions.Add(root);
            }
        }
    }

    private static HashSet<string> NamesOutside(SyntaxNode root, HashSet<SyntaxNode> regions)
    {
        var spans = regions.Select(r => r.FullSpan).ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in root.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && !spans.Any(s => s.Contains(token.Span)))
            {
                names.Add(token.ValueText);
            }
        }

        return names;
    }

    private static bool ImportsAny(INamespaceSymbol imported, HashSet<string> names)
    {
        foreach (var type in imported.GetTypeMembers())
        {
            if (names.Contains(type.Name) ||
                (type.Name.EndsWith("Attribute", StringComparison.Ordinal) && names.Contains(type.Name.Substring(0, type.Name.Length - "Attribute".Length))))
            {
                return true;
            }

            if (type.IsStatic && (type.MemberNames.Any(names.Contains) || type.GetTypeMembers().Any(nested => nested.MemberNames.Any(names.Contains))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The regions not inside another region of the set.</summary>
    private static IEnumerable<SyntaxNode> Outermost(HashSet<SyntaxNode> regions) =>
        regions.Where(r => !r.Ancestors().Any(regions.Contains));

    /// <summary>Errors in the regions, as "CSxxxx message" with multiplicity (positions move with the edit).</summary>
    private static Dictionary<string, int> Errors(SemanticModel model, IEnumerable<SyntaxNode> regions, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var region in regions)
        {
            var span = region.Parent is null ? (TextSpan?)null : region.FullSpan;

            // an attribute is bound with the declarations (its errors are declaration diagnostics): asking for the method
            // bodies too would compile the type's implicit constructor, its initializers and their nullable analysis
            var diagnostics = region is AttributeListSyntax
                ? model.GetDeclarationDiagnostics(span, cancellationToken)
                : model.GetDiagnostics(span, cancellationToken);
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error)
                {
                    var key = diagnostic.Id + " " + diagnostic.GetMessage();
                    result[key] = result.TryGetValue(key, out var count) ? count + 1 : 1;
                }
            }
        }

        return result;
    }

    private static async Task<Dictionary<string, int>> ErrorsAsync(Document document, TextSpan? span, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return model is null || root is null ? new Dictionary<string, int>() : Errors(model, new[] { root }, cancellationToken);
    }

    private static bool IsSubset(Dictionary<string, int> errors, Dictionary<string, int> baseline) =>
        errors.All(e => baseline.TryGetValue(e.Key, out var count) && count >= e.Value);

    private static List<(ISymbol Symbol, string Signature)> DeclaredSignatures(SemanticModel model, HashSet<SyntaxNode> regions, CancellationToken cancellationToken)
    {
        var result = new List<(ISymbol, string)>();
        foreach (var region in regions)
        {
            IEnumerable<SyntaxNode> declarations = region switch
            {
                BaseFieldDeclarationSyntax field => field.Declaration.Variables,
                BaseTypeDeclarationSyntax or CompilationUnitSyntax => Enumerable.Empty<SyntaxNode>(),
                MemberDeclarationSyntax member => new[] { member },
                _ => Enumerable.Empty<SyntaxNode>(),
            };

            foreach (var declaration in declarations)
            {
                if (model.GetDeclaredSymbol(declaration, cancellationToken) is { } symbol)
                {
                    result.Add((symbol, Signature(symbol)));
                }
            }
        }

        return result;
    }

    private static string Signature(ISymbol symbol)
    {
        var type = symbol switch
        {
            IPropertySymbol p => p.Type.ToDisplayString() + "(" + string.Join(",", p.Parameters.Select(x => x.Type.ToDisplayString())) + ")" + (p.SetMethod is null ? "" : " set"),
            IFieldSymbol f => f.Type.ToDisplayString() + (f.IsReadOnly ? " readonly" : "") + (f.IsConst ? " const" : ""),
            IMethodSymbol m => m.ReturnType.ToDisplayString() + "(" + string.Join(",", m.Parameters.Select(x => x.RefKind + " " + x.Type.ToDisplayString())) + ")",
            IEventSymbol e => e.Type.ToDisplayString(),
            _ => string.Empty,
        };
        return symbol.Kind + " " + symbol.ContainingType?.ToDisplayString() + "." + symbol.Name + " " + type + " " + symbol.DeclaredAccessibility + (symbol.IsStatic ? " static" : "");
    }

    /// <summary>
    /// Drops the top-level <c>using</c> directives the change added that the compiler reports as already provided
    /// by a global using (CS8933): with implicit usings on, a fix adds no using the project already has.
    /// </summary>
    private static async Task<Solution> DropRedundantUsingsAsync(Solution original, Solution changed, CancellationToken cancellationToken)
    {
        foreach (var projectChanges in changed.GetChanges(original).GetProjectChanges().ToList())
        {
            HashSet<string>? globalUsings = null;
            foreach (var id in projectChanges.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true).ToList())
            {
                var before = original.GetDocument(id);
                var after = changed.GetDocument(id);
                if (before is null || after is null ||
                    await before.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax oldUnit ||
                    await after.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax newUnit)
                {
                    continue;
                }

                var existing = new HashSet<string>(oldUnit.Usings.Select(u => u.ToString()), StringComparer.Ordinal);
                var added = newUnit.Usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.None) && !existing.Contains(u.ToString())).ToList();
                if (added.Count == 0)
                {
                    continue;
                }

                // only a namespace some global using names can be redundant: the others need no binding (Fix All edits many files)
                globalUsings ??= await GlobalUsingsAsync(after.Project, cancellationToken).ConfigureAwait(false);
                if (!added.Any(u => u.Alias is not null || !u.StaticKeyword.IsKind(SyntaxKind.None) || globalUsings.Contains(UsingName(u))) ||
                    await after.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
                {
                    continue;
                }

                var redundant = added.Where(u => model.GetDiagnostics(u.Span, cancellationToken).Any(d => d.Id == "CS8933")).ToList();
                if (redundant.Count == 0)
                {
                    continue;
                }

                var cleaned = newUnit.RemoveNodes(redundant, SyntaxRemoveOptions.KeepLeadingTrivia);
                if (cleaned is not null)
                {
                    changed = changed.WithDocumentSyntaxRoot(id, cleaned);
                }
            }
        }

        return changed;
    }

    /// <summary>The namespaces the project's global using directives import (<see cref="UsingName"/>), from syntax (generated trees included).</summary>
    private static async Task<HashSet<string>> GlobalUsingsAsync(Project project, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        foreach (var tree in compilation?.SyntaxTrees ?? Enumerable.Empty<SyntaxTree>())
        {
            if (await tree.GetRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax unit)
            {
                continue;
            }

            foreach (var directive in unit.Usings)
            {
                if (!directive.GlobalKeyword.IsKind(SyntaxKind.None))
                {
                    names.Add(UsingName(directive));
                }
            }
        }

        return names;
    }

    /// <summary>A using directive's name without <c>global::</c> and whitespace (top-level names are fully qualified).</summary>
    private static string UsingName(UsingDirectiveSyntax directive)
    {
        var name = directive.Name is null ? directive.ToString() : string.Concat(directive.Name.ToString().Where(c => !char.IsWhiteSpace(c)));
        return name.StartsWith("global::", StringComparison.Ordinal) ? name.Substring("global::".Length) : name;
    }
}
