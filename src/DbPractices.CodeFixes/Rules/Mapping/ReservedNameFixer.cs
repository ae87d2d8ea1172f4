using DbPractices.Analyzers.Rules.Mapping;
using Microsoft.CodeAnalysis.Rename;
using Microsoft.CodeAnalysis.Text;

namespace DbPractices.CodeFixes.Rules.Mapping;

/// <summary>
/// DBP002: rename the property (or DbSet) across the solution, or keep the CLR name and map it with
/// <c>[Column("...")]</c> / <c>[Table("...")]</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReservedNameFixer))]
public sealed class ReservedNameFixer : GuardedCodeFixProvider
{
    public const string RenameKey = "DBP002.Rename";
    public const string ColumnKey = "DBP002.Column";
    public const string TableKey = "DBP002.Table";
    public const string HasColumnNameKey = "DBP002.HasColumnName";
    public const string ToTableKey = "DBP002.ToTable";

    private const string SchemaNamespace = "System.ComponentModel.DataAnnotations.Schema";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ReservedName);

    protected override FixAllProvider CreateFixAllProvider() => new SolutionFixAllProvider(ApplyAsync);

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ReservedNameAnalyzer.KindKey, out var kind) ||
                !diagnostic.Properties.TryGetValue(ReservedNameAnalyzer.NewNameKey, out var newName) || newName is null)
            {
                continue;
            }

            var keyword = diagnostic.Properties.ContainsKey(ReservedNameAnalyzer.KeywordKey);
            if (ConfigurationSiteFix.IsAtSite(diagnostic))
            {
                if (!await ConfigurationSiteFix.CanFixAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                // an entity of another project: no rename; fluent mapping at the configuration site the diagnostic sits on
                if (kind == ReservedNameAnalyzer.ColumnKind && keyword && ConfigurationSiteFix.IsMemberAtSite(diagnostic))
                {
                    context.RegisterCodeFix(
                        CodeAction.Create($"Map to column '{newName}' with HasColumnName", ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), HasColumnNameKey, ct), HasColumnNameKey),
                        diagnostic);
                }
                else if (kind == ReservedNameAnalyzer.TableKind)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create($"Map to table '{newName}' with ToTable", ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), ToTableKey, ct), ToTableKey),
                        diagnostic);
                }

                continue;
            }

            if (kind is ReservedNameAnalyzer.ColumnKind or ReservedNameAnalyzer.DbSetKind)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Rename to '{newName}'", ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), RenameKey, ct), RenameKey),
                    diagnostic);
            }

            if (kind == ReservedNameAnalyzer.ColumnKind && keyword)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Map to column '{newName}' with [Column]", ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), ColumnKey, ct), ColumnKey),
                    diagnostic);
            }

            if (kind == ReservedNameAnalyzer.TableKind)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Map to table '{newName}' with [Table]", ct => ApplyAsync(solution, ImmutableArray.Create(diagnostic), TableKey, ct), TableKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
    {
        if (key is HasColumnNameKey or ToTableKey)
        {
            var edits = new List<(Diagnostic, System.Func<string, string>)>();
            foreach (var diagnostic in diagnostics.Where(ConfigurationSiteFix.IsAtSite))
            {
                var kind = diagnostic.Properties.TryGetValue(ReservedNameAnalyzer.KindKey, out var k) ? k : null;
                var name = diagnostic.Properties.TryGetValue(ReservedNameAnalyzer.NewNameKey, out var n) ? n : null;
                var literal = SyntaxFactory.Literal(name ?? string.Empty).ToString();
                if (key == ToTableKey && kind == ReservedNameAnalyzer.TableKind && name is not null)
                {
                    edits.Add((diagnostic, _ => $"ToTable({literal})"));
                }
                else if (key == HasColumnNameKey && kind == ReservedNameAnalyzer.ColumnKind && name is not null && ConfigurationSiteFix.IsMemberAtSite(diagnostic))
                {
                    edits.Add((diagnostic, ConfigurationSiteFix.PropertyConfiguration(diagnostic, $"HasColumnName({literal})")));
                }
            }

            return await ConfigurationSiteFix.ApplyAsync(solution, edits, cancellationToken).ConfigureAwait(false);
        }

        diagnostics = diagnostics.Where(d => !ConfigurationSiteFix.IsAtSite(d)).ToImmutableArray();
        if (key == RenameKey)
        {
            return await RenameAllAsync(solution, diagnostics, cancellationToken).ConfigureAwait(false);
        }

        var attributeName = key == TableKey ? "Table" : "Column";
        var byDocument = new Dictionary<DocumentId, List<(TextSpan Span, string Name)>>();
        foreach (var diagnostic in diagnostics)
        {
            var kind = diagnostic.Properties.TryGetValue(ReservedNameAnalyzer.KindKey, out var k) ? k : null;
            var applies = key == TableKey ? kind == ReservedNameAnalyzer.TableKind : kind == ReservedNameAnalyzer.ColumnKind && diagnostic.Properties.ContainsKey(ReservedNameAnalyzer.KeywordKey);
            if (!applies || !diagnostic.Properties.TryGetValue(ReservedNameAnalyzer.NewNameKey, out var newName) || newName is null ||
                solution.GetDocumentId(diagnostic.Location.SourceTree) is not { } documentId)
            {
                continue;
            }

            if (!byDocument.TryGetValue(documentId, out var list))
            {
                byDocument[documentId] = list = new List<(TextSpan, string)>();
            }

            list.Add((diagnostic.Location.SourceSpan, newName));
        }

        foreach (var pair in byDocument)
        {
            var document = solution.GetDocument(pair.Key)!;
            if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root)
            {
                continue;
            }

            var targets = new Dictionary<MemberDeclarationSyntax, string>();
            foreach (var (span, name) in pair.Value)
            {
                var node = root.FindToken(span.Start).Parent;
                MemberDeclarationSyntax? declaration = key == TableKey
                    ? node?.FirstAncestorOrSelf<ClassDeclarationSyntax>()
                    : node?.FirstAncestorOrSelf<PropertyDeclarationSyntax>();
                if (declaration is not null)
                {
                    targets[declaration] = name;
                }
            }

            var newRoot = root.ReplaceNodes(targets.Keys, (original, _) => AddAttribute(original, attributeName, targets[original]));
            newRoot = SyntaxEditing.EnsureUsing((CompilationUnitSyntax)newRoot, SchemaNamespace);
            solution = solution.WithDocumentSyntaxRoot(pair.Key, newRoot);
        }

        return solution;
    }

    /// <summary>Renames one symbol at a time; each is found again by its type and name in the solution the previous rename produced.</summary>
    private static async Task<Solution> RenameAllAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var targets = new List<(string TypeName, string Member, string NewName, ProjectId Project)>();
        foreach (var diagnostic in diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ReservedNameAnalyzer.KindKey, out var kind) ||
                kind is not (ReservedNameAnalyzer.ColumnKind or ReservedNameAnalyzer.DbSetKind) ||
                !diagnostic.Properties.TryGetValue(ReservedNameAnalyzer.NewNameKey, out var newName) || newName is null ||
                solution.GetDocument(diagnostic.Location.SourceTree) is not { } document ||
                await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } semanticModel)
            {
                continue;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var declaration = root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<PropertyDeclarationSyntax>();
            if (declaration is not null && semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is { ContainingType: { } type } property &&
                !targets.Any(t => t.TypeName == MetadataName(type) && t.Member == property.Name))
            {
                targets.Add((MetadataName(type), property.Name, newName, document.Project.Id));
            }
        }

        foreach (var (typeName, member, newName, projectId) in targets)
        {
            var compilation = await solution.GetProject(projectId)!.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            var symbol = compilation?.GetTypeByMetadataName(typeName)?.GetMembers(member).OfType<IPropertySymbol>().FirstOrDefault();
            if (symbol is not null)
            {
                solution = await Renamer.RenameSymbolAsync(solution, symbol, default(SymbolRenameOptions), newName, cancellationToken).ConfigureAwait(false);
            }
        }

        return solution;
    }

    private static string MetadataName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "+" + name;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }

    /// <summary>A new attribute list before the declaration, on its own line, after existing attributes.</summary>
    private static MemberDeclarationSyntax AddAttribute(MemberDeclarationSyntax declaration, string attributeName, string value)
    {
        var attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
            SyntaxFactory.Attribute(
                SyntaxFactory.IdentifierName(attributeName),
                SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.AttributeArgument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value))))))));

        var leading = declaration.GetLeadingTrivia();
        var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
            : SyntaxFactory.TriviaList();
        var eol = SyntaxEditing.EndOfLine(declaration);
        if (declaration.AttributeLists.Count == 0)
        {
            var list = attribute.WithLeadingTrivia(leading).WithTrailingTrivia(eol);
            return declaration.WithoutLeadingTrivia().WithLeadingTrivia(indentation).WithAttributeLists(SyntaxFactory.SingletonList(list));
        }

        return declaration.WithAttributeLists(declaration.AttributeLists.Add(attribute.WithLeadingTrivia(indentation).WithTrailingTrivia(eol)));
    }
}
