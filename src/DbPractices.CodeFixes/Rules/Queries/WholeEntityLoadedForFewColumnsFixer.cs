using DbPractices.Analyzers.Rules.Queries;
using Microsoft.CodeAnalysis.Operations;

namespace DbPractices.CodeFixes.Rules.Queries;

/// <summary>
/// DBP029: project the query to the columns the code reads. <c>q.ToList()</c> → <c>q.Select(e =&gt; e.Email).ToList()</c>;
/// single-row operators get the projection before them and their predicate moves into a <c>Where</c>
/// (<c>q.First(p)</c> → <c>q.Where(p).Select(..).First()</c>); a <c>foreach</c> over the query iterates <c>q.Select(..)</c>.
/// One column: the reads <c>u.Email</c> become <c>u</c>. Two columns, or a null-checked entity: an anonymous type
/// (<c>new { e.A, e.B }</c>) whose members keep the reads (and the null checks) as they are.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WholeEntityLoadedForFewColumnsFixer))]
public sealed class WholeEntityLoadedForFewColumnsFixer : GuardedCodeFixProvider
{
    public const string EquivalenceKey = "DBP029.SelectColumns";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.WholeEntityLoadedForFewColumns);

    /// <summary>Several queries of one method may each add <c>using System.Linq</c>: the fixes run one after another.</summary>
    protected override FixAllProvider CreateFixAllProvider() => new SequentialFixAllProvider(FixAsync, (d, _) => CanFix(d));

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!CanFix(diagnostic))
            {
                continue;
            }

            var target = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var additional = diagnostic.AdditionalLocations.Select(l => root.FindNode(l.SourceSpan, getInnermostNodeForTie: true)).ToImmutableArray();
            var columns = diagnostic.Properties[WholeEntityLoadedForFewColumnsAnalyzer.ColumnsKey]!.Split(',');
            context.RegisterCodeFix(
                CodeAction.Create(
                    columns.Length == 1 ? $"Select only '{columns[0]}' in the query" : $"Select only '{columns[0]}' and '{columns[1]}' in the query",
                    ct => FixAsync(context.Document, target, additional, diagnostic, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static bool CanFix(Diagnostic diagnostic) =>
        diagnostic.Properties.ContainsKey(WholeEntityLoadedForFewColumnsAnalyzer.FixableKey) &&
        diagnostic.Properties.TryGetValue(WholeEntityLoadedForFewColumnsAnalyzer.ColumnsKey, out var columns) && !string.IsNullOrEmpty(columns) &&
        diagnostic.AdditionalLocations.Count > 0;

    private static async Task<Document> FixAsync(Document document, SyntaxNode target, ImmutableArray<SyntaxNode> additional, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit || semanticModel is null)
        {
            return document;
        }

        var columns = diagnostic.Properties[WholeEntityLoadedForFewColumnsAnalyzer.ColumnsKey]!.Split(',');
        var anonymous = diagnostic.Properties.ContainsKey(WholeEntityLoadedForFewColumnsAnalyzer.AnonymousKey);
        var isLoop = diagnostic.Properties.ContainsKey(WholeEntityLoadedForFewColumnsAnalyzer.LoopKey);
        diagnostic.Properties.TryGetValue(WholeEntityLoadedForFewColumnsAnalyzer.EntityKey, out var entity);

        // the locals whose reads change (one column): found before anything moves
        var locals = new List<ILocalSymbol>();
        foreach (var node in additional)
        {
            var declared = node switch
            {
                VariableDeclaratorSyntax declarator => semanticModel.GetDeclaredSymbol(declarator, cancellationToken),
                ForEachStatementSyntax loop => semanticModel.GetDeclaredSymbol(loop, cancellationToken),
                _ => null,
            };
            if (declared is not ILocalSymbol local)
            {
                return document;
            }

            locals.Add(local);
        }

        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        if (!anonymous)
        {
            foreach (var access in root.DescendantNodes().OfType<MemberAccessExpressionSyntax>())
            {
                if (access.Expression is IdentifierNameSyntax identifier && access.Name.Identifier.ValueText == columns[0] &&
                    locals.Any(l => l.Name == identifier.Identifier.ValueText) &&
                    semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol used && locals.Contains(used, SymbolEqualityComparer.Default))
                {
                    replacements[access] = identifier.WithTriviaFrom(access);
                }
            }
        }

        var position = target.SpanStart;
        var parameter = LambdaNames.Choose(semanticModel, position, entity is null ? null : LambdaNames.Initial(entity));
        var selector = anonymous || columns.Length > 1
            ? $"{parameter} => new {{ {string.Join(", ", columns.Select(c => parameter + "." + c))} }}"
            : $"{parameter} => {parameter}.{columns[0]}";
        var selectArguments = Arguments(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(selector)));

        if (isLoop)
        {
            if (target is not ExpressionSyntax collection)
            {
                return document;
            }

            replacements[collection] = Append(collection.WithoutTrailingTrivia(), "Select", selectArguments, default, collection.GetTrailingTrivia());
        }
        else
        {
            if (target.Parent is not MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } access || access.Name != target ||
                semanticModel.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
            {
                return document;
            }

            // the predicate of First(p)/FirstAsync(p, ct) moves into Where(p); the other arguments stay
            ArgumentSyntax? predicate = null;
            var rest = new List<ArgumentSyntax>();
            foreach (var argument in operation.Arguments)
            {
                if (argument.Syntax is not ArgumentSyntax argumentSyntax)
                {
                    continue;
                }

                if (argument.Parameter?.Name == "predicate")
                {
                    predicate = argumentSyntax.WithNameColon(null).WithoutTrivia();
                }
                else
                {
                    rest.Add(argumentSyntax);
                }
            }

            var receiver = access.Expression;
            var dotTrivia = access.OperatorToken.LeadingTrivia;
            var afterTrivia = receiver.GetTrailingTrivia();
            var chain = receiver;
            if (predicate is not null)
            {
                chain = Append(chain, "Where", Arguments(predicate), dotTrivia, afterTrivia);
            }

            chain = Append(chain, "Select", selectArguments, dotTrivia, afterTrivia);
            var newInvocation = invocation
                .WithExpression(access.WithExpression(chain))
                .WithArgumentList(invocation.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(rest, Enumerable.Repeat(Comma(), System.Math.Max(0, rest.Count - 1)))));
            replacements[invocation] = newInvocation;
        }

        var fixedRoot = (CompilationUnitSyntax)unit.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
        fixedRoot = SyntaxEditing.EnsureUsing(fixedRoot, "System.Linq");
        return document.WithSyntaxRoot(fixedRoot);
    }

    private static ExpressionSyntax Append(ExpressionSyntax chain, string name, ArgumentListSyntax arguments, SyntaxTriviaList dotTrivia, SyntaxTriviaList afterTrivia) =>
        SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                chain,
                SyntaxFactory.Token(SyntaxKind.DotToken).WithLeadingTrivia(dotTrivia),
                SyntaxFactory.IdentifierName(name)),
            arguments.WithTrailingTrivia(afterTrivia));

    private static ArgumentListSyntax Arguments(ArgumentSyntax argument) =>
        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(argument));

    private static SyntaxToken Comma() => SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
}
