using DbPractices.Analyzers.Rules.Mapping;

namespace DbPractices.CodeFixes.Rules.Mapping;

/// <summary>
/// DBP005: one <c>[InverseProperty(nameof(Target.Inverse))]</c> action per possible inverse, best first.
/// Fix All pairs the navigations of each ambiguous group in document order, each taking its best inverse
/// still free, and stops for a group once what is left is no longer ambiguous (as fixing one at a time does).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AmbiguousRelationshipFixer))]
public sealed class AmbiguousRelationshipFixer : GuardedCodeFixProvider
{
    /// <summary>The best pairing (the one Fix All applies).</summary>
    public const string AddBestInversePropertyKey = "DBP005.AddInverseProperty";

    /// <summary>Prefix of the other pairings' keys: <c>DBP005.AddInverseProperty.{Inverse}</c>.</summary>
    public const string AddInversePropertyKeyPrefix = "DBP005.AddInverseProperty.";

    private const string SchemaNamespace = "System.ComponentModel.DataAnnotations.Schema";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.AmbiguousRelationship);

    protected override FixAllProvider CreateFixAllProvider() => new SolutionFixAllProvider(FixAllAsync);

    protected override Task RegisterFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            // a navigation of another project (reported at a configuration site): no attribute can be added from here
            if (ConfigurationSiteFix.IsAtSite(diagnostic) ||
                !diagnostic.Properties.TryGetValue(AmbiguousRelationshipAnalyzer.CandidatesKey, out var candidates) || string.IsNullOrEmpty(candidates) ||
                !diagnostic.Properties.TryGetValue(AmbiguousRelationshipAnalyzer.TargetKey, out var target) || target is null)
            {
                continue;
            }

            var document = context.Document;
            var ranked = candidates!.Split(';');
            for (var i = 0; i < ranked.Length; i++)
            {
                var inverse = ranked[i];
                var key = i == 0 ? AddBestInversePropertyKey : AddInversePropertyKeyPrefix + inverse;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Add [InverseProperty(nameof({target}.{inverse}))]",
                        ct => AddAsync(document, new[] { (diagnostic.Location.SourceSpan, inverse) }, ct),
                        key),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static async Task<Solution> FixAllAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
    {
        var preferred = key.StartsWith(AddInversePropertyKeyPrefix, StringComparison.Ordinal) ? key.Substring(AddInversePropertyKeyPrefix.Length) : null;
        var paired = new HashSet<(string Entity, string Navigation)>();
        var edits = new Dictionary<DocumentId, List<(Microsoft.CodeAnalysis.Text.TextSpan, string)>>();

        foreach (var diagnostic in diagnostics
                     .Where(d => d.Id == RuleIdentifiers.AmbiguousRelationship && !ConfigurationSiteFix.IsAtSite(d))
                     .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                     .ThenBy(d => d.Location.SourceSpan.Start))
        {
            var p = diagnostic.Properties;
            if (!p.TryGetValue(AmbiguousRelationshipAnalyzer.EntityKey, out var entity) || entity is null ||
                !p.TryGetValue(AmbiguousRelationshipAnalyzer.TargetTypeKey, out var targetType) || targetType is null ||
                !p.TryGetValue(AmbiguousRelationshipAnalyzer.NavigationKey, out var navigation) || navigation is null ||
                !p.TryGetValue(AmbiguousRelationshipAnalyzer.CandidatesKey, out var candidateList) || string.IsNullOrEmpty(candidateList) ||
                !p.TryGetValue(AmbiguousRelationshipAnalyzer.SiblingsKey, out var siblingList) || siblingList is null ||
                paired.Contains((entity, navigation)))
            {
                continue;
            }

            var candidates = candidateList!.Split(';');
            var siblings = siblingList.Split(';');
            var mine = siblings.Where(s => !paired.Contains((entity, s))).ToList();
            var theirs = candidates.Where(c => !paired.Contains((targetType, c))).ToList();
            var selfReference = entity == targetType;
            var stillAmbiguous = selfReference ? mine.Count >= 3 : theirs.Count > 0 && (mine.Count > 1 || theirs.Count > 1);
            if (!stillAmbiguous || theirs.Count == 0)
            {
                continue;
            }

            var inverse = preferred is not null && theirs.Contains(preferred) ? preferred : theirs[0];
            paired.Add((entity, navigation));
            paired.Add((targetType, inverse));
            if (solution.GetDocumentId(diagnostic.Location.SourceTree) is not { } documentId)
            {
                continue;
            }

            if (!edits.TryGetValue(documentId, out var list))
            {
                edits[documentId] = list = new List<(Microsoft.CodeAnalysis.Text.TextSpan, string)>();
            }

            list.Add((diagnostic.Location.SourceSpan, inverse));
        }

        foreach (var pair in edits)
        {
            var document = await AddAsync(solution.GetDocument(pair.Key)!, pair.Value, cancellationToken).ConfigureAwait(false);
            solution = document.Project.Solution;
        }

        return solution;
    }

    private static async Task<Document> AddAsync(Document document, IEnumerable<(Microsoft.CodeAnalysis.Text.TextSpan Span, string Inverse)> edits, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit || semanticModel is null)
        {
            return document;
        }

        var targets = new Dictionary<PropertyDeclarationSyntax, string>();
        foreach (var (span, inverse) in edits)
        {
            if (root.FindToken(span.Start).Parent?.FirstAncestorOrSelf<PropertyDeclarationSyntax>() is not { } declaration ||
                semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not { } property)
            {
                continue;
            }

            targets[declaration] = NameofArgument(semanticModel, declaration, ElementType(property.Type), inverse);
        }

        var newRoot = unit.ReplaceNodes(targets.Keys, (original, _) => AddAttribute(original, targets[original]));
        return document.WithSyntaxRoot(SyntaxEditing.EnsureUsing(newRoot, SchemaNamespace));
    }

    /// <summary>
    /// <c>nameof(Target.Inverse)</c> where the target type's name means the type; <c>nameof(global::Ns.Target.Inverse)</c> where a member of
    /// the same name shadows it (a property <c>User User</c>: CS0119). Never the nullable form <c>User?</c>,
    /// which is not a name (CS8081).
    /// </summary>
    private static string NameofArgument(SemanticModel semanticModel, SyntaxNode declaration, ITypeSymbol target, string inverse)
    {
        target = target.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        var minimal = target.ToMinimalDisplayString(semanticModel, declaration.SpanStart, MinimalName);
        var first = minimal.Split('.', '<')[0];
        var shadowed = semanticModel.LookupSymbols(declaration.SpanStart, name: first)
            .Any(s => s is not INamespaceOrTypeSymbol);
        return shadowed
            ? $"nameof({target.ToDisplayString(QualifiedName)}.{inverse})"
            : $"nameof({minimal}.{inverse})";
    }

    private static readonly SymbolDisplayFormat MinimalName = SymbolDisplayFormat.MinimallyQualifiedFormat
        .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat QualifiedName = SymbolDisplayFormat.FullyQualifiedFormat
        .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static ITypeSymbol ElementType(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        if (type is INamedTypeSymbol { IsGenericType: true } named && named.SpecialType != SpecialType.System_String &&
            named.AllInterfaces.Concat(new[] { named }).Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T))
        {
            return named.TypeArguments[0];
        }

        return type;
    }

    private static PropertyDeclarationSyntax AddAttribute(PropertyDeclarationSyntax declaration, string argument)
    {
        var attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
            SyntaxFactory.Attribute(
                SyntaxFactory.IdentifierName("InverseProperty"),
                SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.AttributeArgument(SyntaxFactory.ParseExpression(argument)))))));

        var leading = declaration.GetLeadingTrivia();
        var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
            : SyntaxFactory.TriviaList();
        var eol = SyntaxEditing.EndOfLine(declaration);
        if (declaration.AttributeLists.Count == 0)
        {
            return declaration.WithoutLeadingTrivia().WithLeadingTrivia(indentation)
                .WithAttributeLists(SyntaxFactory.SingletonList(attribute.WithLeadingTrivia(leading).WithTrailingTrivia(eol)));
        }

        return declaration.WithAttributeLists(declaration.AttributeLists.Add(attribute.WithLeadingTrivia(indentation).WithTrailingTrivia(eol)));
    }
}
