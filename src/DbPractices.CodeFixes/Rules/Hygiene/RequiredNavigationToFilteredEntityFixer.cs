using DbPractices.Analyzers.Rules.Hygiene;

namespace DbPractices.CodeFixes.Rules.Hygiene;

/// <summary>
/// DBP023: make the navigation optional (<c>Blog?</c>, <c>[Required]</c> removed), or give the dependent the
/// principal's filter read through the navigation (<c>e =&gt; !e.Blog.IsDeleted</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RequiredNavigationToFilteredEntityFixer))]
public sealed class RequiredNavigationToFilteredEntityFixer : GuardedCodeFixProvider
{
    public const string MakeOptionalKey = "DBP023.MakeOptional";
    public const string AddFilterKey = "DBP023.AddFilter";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.RequiredNavigationToFilteredEntity);

    protected override FixAllProvider CreateFixAllProvider() => new SolutionFixAllProvider(ApplyAsync);

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            var navigation = diagnostic.Properties.TryGetValue(RequiredNavigationToFilteredEntityAnalyzer.NavigationKey, out var name) ? name : null;
            if (diagnostic.Properties.ContainsKey(RequiredNavigationToFilteredEntityAnalyzer.CanMakeOptionalKey))
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Make '{navigation}' optional", ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), MakeOptionalKey, ct), MakeOptionalKey),
                    diagnostic);
            }

            if (await DependentFilterAsync(solution, diagnostic, context.CancellationToken).ConfigureAwait(false) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Add the principal's query filter through '{navigation}'", ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), AddFilterKey, ct), AddFilterKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
    {
        if (key == MakeOptionalKey)
        {
            var targets = diagnostics
                .Where(d => d.Properties.ContainsKey(RequiredNavigationToFilteredEntityAnalyzer.CanMakeOptionalKey))
                .Select(d => (d.Location, true));
            return await HygieneEditing.EditDocumentsAsync(solution, targets, async (document, root, items, ct) =>
            {
                var semanticModel = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
                var properties = items
                    .Select(i => root.FindToken(i.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<PropertyDeclarationSyntax>())
                    .OfType<PropertyDeclarationSyntax>()
                    .Distinct()
                    .ToList();
                return root.ReplaceNodes(properties, (original, _) => MakeOptional(original, semanticModel));
            }, cancellationToken).ConfigureAwait(false);
        }

        var filters = new List<(Location, FilterStatements.NewFilter)>();
        foreach (var diagnostic in diagnostics)
        {
            if (await DependentFilterAsync(solution, diagnostic, cancellationToken).ConfigureAwait(false) is { } filter &&
                !filters.Any(f => f.Item2.EntityType == filter.EntityType))
            {
                filters.Add((diagnostic.AdditionalLocations[1], filter));
            }
        }

        return await HygieneEditing.EditDocumentsAsync(solution, filters, (document, root, items, ct) =>
        {
            var newRoot = root;
            foreach (var group in items.GroupBy(i => i.Location.SourceSpan).OrderByDescending(g => g.Key.Start))
            {
                newRoot = FilterStatements.Append(newRoot, group.First().Location, group.Select(g => g.Item).ToList());
            }

            return Task.FromResult(newRoot);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static PropertyDeclarationSyntax MakeOptional(PropertyDeclarationSyntax property, SemanticModel? semanticModel)
    {
        var updated = property;
        var lists = new List<AttributeListSyntax>();
        foreach (var list in property.AttributeLists)
        {
            var kept = list.Attributes.Where(a => !IsRequiredAttribute(a, semanticModel)).ToList();
            if (kept.Count == list.Attributes.Count)
            {
                lists.Add(list);
            }
            else if (kept.Count > 0)
            {
                lists.Add(list.WithAttributes(SyntaxFactory.SeparatedList(kept)));
            }
        }

        if (lists.Count != property.AttributeLists.Count || lists.Any(l => !property.AttributeLists.Contains(l)))
        {
            var leading = property.GetLeadingTrivia();
            updated = updated.WithAttributeLists(SyntaxFactory.List(lists));
            if (lists.Count == 0)
            {
                // the removed list carried the member's leading trivia (doc comment, indentation)
                updated = updated.WithLeadingTrivia(leading);
            }
        }

        var annotationsEnabled = semanticModel is not null &&
            (semanticModel.GetNullableContext(property.Type.SpanStart) & NullableContext.AnnotationsEnabled) != 0;
        if (annotationsEnabled && updated.Type is not NullableTypeSyntax)
        {
            updated = updated.WithType(SyntaxFactory.NullableType(updated.Type.WithoutTrailingTrivia()).WithTrailingTrivia(updated.Type.GetTrailingTrivia()));
            if (updated.Initializer is { Value: PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression, Operand: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } } })
            {
                updated = updated.WithInitializer(null).WithSemicolonToken(default).WithAccessorList(updated.AccessorList!.WithTrailingTrivia(updated.SemicolonToken.TrailingTrivia));
            }
        }

        return updated;
    }

    private static bool IsRequiredAttribute(AttributeSyntax attribute, SemanticModel? semanticModel) =>
        semanticModel?.GetTypeInfo(attribute).Type is { Name: "RequiredAttribute", ContainingNamespace: { Name: "DataAnnotations" } };

    /// <summary>
    /// The dependent's filter: the principal's filter lambda with its parameter read through the navigation, when the
    /// lambda reads nothing that would be out of scope where the new filter goes.
    /// </summary>
    private static async Task<FilterStatements.NewFilter?> DependentFilterAsync(Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.AdditionalLocations.Count < 2 ||
            !diagnostic.Properties.TryGetValue(RequiredNavigationToFilteredEntityAnalyzer.NavigationKey, out var navigation) || navigation is null)
        {
            return null;
        }

        var filterLocation = diagnostic.AdditionalLocations[0];
        var target = diagnostic.AdditionalLocations[1];
        if (filterLocation.SourceTree is not { } tree || solution.GetDocument(tree) is not { } document ||
            await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root ||
            await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } semanticModel ||
            root.FindNode(filterLocation.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation ||
            HygieneEditing.FilterLambda(invocation) is not { } lambda)
        {
            return null;
        }

        var parameterSyntax = lambda switch
        {
            SimpleLambdaExpressionSyntax simple => simple.Parameter,
            ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.ParameterList.Parameters[0],
            _ => null,
        };
        var parameter = parameterSyntax is null ? null : semanticModel.GetDeclaredSymbol(parameterSyntax, cancellationToken);
        var body = (ExpressionSyntax)lambda.ExpressionBody!;
        var sameType = target.SourceTree == tree &&
            invocation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } filterType && filterType.Span.Contains(target.SourceSpan);
        var replaced = new List<IdentifierNameSyntax>();
        foreach (var identifier in body.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            var symbol = semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol;
            if (symbol is null)
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(symbol, parameter))
            {
                replaced.Add(identifier);
                continue;
            }

            var declaredInLambda = symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == tree && lambda.Span.Contains(r.Span));
            var isMemberName = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier && !(access.Expression is ThisExpressionSyntax);
            if (declaredInLambda || isMemberName || symbol is INamespaceSymbol)
            {
                continue;
            }

            // locals and parameters of the method, members read through `this`, and type names (usings) need the same place
            if (symbol is ILocalSymbol or IParameterSymbol || !sameType)
            {
                return null;
            }
        }

        if (body.DescendantNodesAndSelf().OfType<ThisExpressionSyntax>().Any() && !sameType)
        {
            return null;
        }

        var rewritten = body.ReplaceNodes(replaced, (original, _) =>
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName("{0}"), SyntaxFactory.IdentifierName(navigation))
                .WithTriviaFrom(original));
        diagnostic.Properties.TryGetValue(RequiredNavigationToFilteredEntityAnalyzer.FilterNameKey, out var filterName);
        return FilterStatements.From(diagnostic, rewritten.WithoutTrivia().ToFullString(), filterName);
    }
}
