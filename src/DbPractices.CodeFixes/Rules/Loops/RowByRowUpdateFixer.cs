using System.Text;
using DbPractices.Analyzers.Rules.Loops;

namespace DbPractices.CodeFixes.Rules.Loops;

/// <summary>
/// DBP031: replaces the loop (and the list it reads, and the <c>SaveChanges*</c> that only served it) with
/// <c>query.ExecuteUpdate(s =&gt; s.SetProperty(e =&gt; e.P, value)...)</c> or <c>query.ExecuteDelete()</c>; async kept
/// async (<c>await query.ExecuteUpdateAsync(..., ct)</c> when the save was <c>SaveChangesAsync(ct)</c>). The row's own
/// values are rewritten against the lambda parameter. The chained form compiles on EF Core 7 to 10.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RowByRowUpdateFixer))]
public sealed class RowByRowUpdateFixer : GuardedCodeFixProvider
{
    public const string EquivalenceKey = "DBP031.ExecuteUpdate";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.RowByRowUpdate);

    protected override FixAllProvider? CreateFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(RowByRowUpdateAnalyzer.FixableKey) || root is null || Find(root, diagnostic) is null)
            {
                continue;
            }

            var delete = diagnostic.Properties.TryGetValue(RowByRowUpdateAnalyzer.KindKey, out var kind) && kind == RowByRowUpdateAnalyzer.Delete;
            var method = (delete ? "ExecuteDelete" : "ExecuteUpdate") + (diagnostic.Properties.ContainsKey(RowByRowUpdateAnalyzer.AsyncKey) ? "Async" : "");
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Replace the loop with {method} (runs at once, skips the change tracker and SaveChanges interceptors)",
                    ct => FixAsync(context.Document, diagnostic, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private sealed record Target(ForEachStatementSyntax Loop, ExpressionSyntax Query, StatementSyntax Save, StatementSyntax? List, BlockSyntax Block);

    private static Target? Find(SyntaxNode root, Diagnostic diagnostic)
    {
        var locations = diagnostic.AdditionalLocations;
        if (locations.Count < 3 ||
            root.FindNode(locations[0].SourceSpan) is not ForEachStatementSyntax { Parent: BlockSyntax block } loop ||
            root.FindNode(locations[1].SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax query ||
            root.FindNode(locations[2].SourceSpan) is not StatementSyntax { Parent: BlockSyntax saveBlock } save || saveBlock != block ||
            save is not ExpressionStatementSyntax)
        {
            // a save whose value is used (return await ctx.SaveChangesAsync(ct), var n = ctx.SaveChanges()) counted the loop's
            // rows; after ExecuteUpdate it would count none: no fix
            return null;
        }

        StatementSyntax? list = null;
        if (locations.Count > 3)
        {
            if (root.FindNode(locations[3].SourceSpan) is not LocalDeclarationStatementSyntax { Parent: BlockSyntax listBlock } declaration || listBlock != block)
            {
                return null;
            }

            list = declaration;
        }

        return new Target(loop, query, save, list, block);
    }

    private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit || semanticModel is null || Find(root, diagnostic) is not { } target ||
            semanticModel.GetDeclaredSymbol(target.Loop, cancellationToken) is not { } item)
        {
            return document;
        }

        var properties = diagnostic.Properties;
        var isAsync = properties.ContainsKey(RowByRowUpdateAnalyzer.AsyncKey);
        var delete = properties.TryGetValue(RowByRowUpdateAnalyzer.KindKey, out var kind) && kind == RowByRowUpdateAnalyzer.Delete;
        var arguments = new List<string>();
        if (!delete)
        {
            if (Setters(target.Loop, item, semanticModel, cancellationToken) is not { } setters)
            {
                return document;
            }

            arguments.Add(setters);
        }

        if (isAsync && properties.TryGetValue(RowByRowUpdateAnalyzer.TokenKey, out var token) && token is not null)
        {
            arguments.Add(token);
        }

        var query = target.Query.WithoutTrivia();
        var queryText = query is MemberAccessExpressionSyntax or InvocationExpressionSyntax or IdentifierNameSyntax or ParenthesizedExpressionSyntax or ElementAccessExpressionSyntax
            ? query.ToFullString()
            : "(" + query.ToFullString() + ")";
        var call = new StringBuilder();
        if (isAsync)
        {
            call.Append("await ");
        }

        call.Append(queryText).Append('.').Append(delete ? "ExecuteDelete" : "ExecuteUpdate").Append(isAsync ? "Async" : "")
            .Append('(').Append(string.Join(", ", arguments)).Append(')');
        if (isAsync && properties.ContainsKey(RowByRowUpdateAnalyzer.ConfigureAwaitKey))
        {
            call.Append(".ConfigureAwait(false)");
        }

        call.Append(';');
        var first = target.List ?? (StatementSyntax)target.Loop;
        var statement = SyntaxFactory.ParseStatement(call.ToString())
            .WithLeadingTrivia(first.GetLeadingTrivia())
            .WithTrailingTrivia(target.Loop.GetTrailingTrivia());

        var removeSave = properties.ContainsKey(RowByRowUpdateAnalyzer.RemoveSaveKey);
        var statements = new List<StatementSyntax>();
        foreach (var existing in target.Block.Statements)
        {
            if (existing == target.List || (removeSave && existing == target.Save))
            {
                continue;
            }

            statements.Add(existing == target.Loop ? statement : existing);
        }

        var newRoot = (CompilationUnitSyntax)unit.ReplaceNode(target.Block, target.Block.WithStatements(SyntaxFactory.List(statements)));
        newRoot = SyntaxEditing.EnsureUsing(newRoot, "Microsoft.EntityFrameworkCore", target.Block);
        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary><c>s =&gt; s.SetProperty(e =&gt; e.P, value).SetProperty(...)</c> from the loop body's assignments.</summary>
    private static string? Setters(ForEachStatementSyntax loop, ISymbol item, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var position = loop.SpanStart;
        var setters = LambdaNames.Choose(semanticModel, position, "s");
        var row = LambdaNames.Choose(semanticModel, position, "e", new[] { setters });
        var body = loop.Statement is BlockSyntax block ? block.Statements.ToList() : new List<StatementSyntax> { loop.Statement };
        var text = new StringBuilder(setters).Append(" => ").Append(setters);
        foreach (var statement in body)
        {
            if (statement is not ExpressionStatementSyntax { Expression: var expression })
            {
                return null;
            }

            MemberAccessExpressionSyntax? target;
            string value;
            bool readsRow;
            switch (expression)
            {
                case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax left } assignment:
                    target = left;
                    var right = Rewrite(assignment.Right, item, row, semanticModel, cancellationToken, out readsRow);
                    if (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                    {
                        value = right;
                    }
                    else
                    {
                        var op = assignment.OperatorToken.Text.TrimEnd('=');
                        value = $"{row}.{left.Name.Identifier.Text} {op} {Parenthesize(assignment.Right, right)}";
                        readsRow = true;
                    }

                    break;
                case PostfixUnaryExpressionSyntax { Operand: MemberAccessExpressionSyntax operand } postfix:
                    target = operand;
                    value = $"{row}.{operand.Name.Identifier.Text} {(postfix.IsKind(SyntaxKind.PostIncrementExpression) ? "+" : "-")} 1";
                    readsRow = true;
                    break;
                case PrefixUnaryExpressionSyntax { Operand: MemberAccessExpressionSyntax operand } prefix:
                    target = operand;
                    value = $"{row}.{operand.Name.Identifier.Text} {(prefix.IsKind(SyntaxKind.PreIncrementExpression) ? "+" : "-")} 1";
                    readsRow = true;
                    break;
                default:
                    return null;
            }

            text.Append(".SetProperty(").Append(row).Append(" => ").Append(row).Append('.').Append(target.Name.Identifier.Text).Append(", ");
            if (readsRow)
            {
                text.Append(row).Append(" => ");
            }

            text.Append(value).Append(')');
        }

        return text.ToString();
    }

    /// <summary>The value's text with every reference to the loop's row written as the lambda parameter.</summary>
    private static string Rewrite(ExpressionSyntax value, ISymbol item, string row, SemanticModel semanticModel, CancellationToken cancellationToken, out bool readsRow)
    {
        var references = value.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
            .Where(name => SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(name, cancellationToken).Symbol, item))
            .ToList();
        readsRow = references.Count > 0;
        var rewritten = value.ReplaceNodes(references, (original, _) => SyntaxFactory.IdentifierName(row).WithTriviaFrom(original));
        return rewritten.WithoutTrivia().ToFullString();
    }

    private static string Parenthesize(ExpressionSyntax original, string text) =>
        original is IdentifierNameSyntax or LiteralExpressionSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ParenthesizedExpressionSyntax
            ? text
            : "(" + text + ")";
}
