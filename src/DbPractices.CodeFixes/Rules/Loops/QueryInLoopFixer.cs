using DbPractices.Analyzers.Rules.Loops;

namespace DbPractices.CodeFixes.Rules.Loops;

/// <summary>
/// DBP009: hoist a key lookup out of the loop into one query that fills a dictionary, or replace an
/// explicit <c>Load()</c> in a loop over a query with an <c>Include</c> on that query.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(QueryInLoopFixer))]
public sealed class QueryInLoopFixer : GuardedCodeFixProvider
{
    public const string HoistKey = "DBP009.HoistToDictionary";
    public const string IncludeKey = "DBP009.LoadToInclude";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.QueryInLoop);

    /// <summary>Several lookups before one loop, several includes on one query: fixes run in sequence.</summary>
    protected override FixAllProvider CreateFixAllProvider() => new SequentialFixAllProvider(FixAsync, (d, key) => KeyOf(d) == key);

    protected override async Task RegisterFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var key = KeyOf(diagnostic);
            if (key is null)
            {
                continue;
            }

            var target = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var roots = diagnostic.AdditionalLocations.Select(l => root.FindNode(l.SourceSpan, getInnermostNodeForTie: true)).ToImmutableArray();
            var title = key == HoistKey
                ? "Load the rows with one query before the loop"
                : $"Include '{diagnostic.Properties[QueryInLoopAnalyzer.PathKey]}' in the loop's query";
            context.RegisterCodeFix(CodeAction.Create(title, ct => FixAsync(context.Document, target, roots, diagnostic, ct), key), diagnostic);
        }
    }

    private static string? KeyOf(Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(QueryInLoopAnalyzer.FixKey, out var fix))
        {
            return null;
        }

        return fix switch
        {
            QueryInLoopAnalyzer.HoistFix => HoistKey,
            QueryInLoopAnalyzer.IncludeFix when diagnostic.AdditionalLocations.Count > 0 => IncludeKey,
            _ => null,
        };
    }

    private static Task<Document> FixAsync(Document document, SyntaxNode target, ImmutableArray<SyntaxNode> roots, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var properties = diagnostic.Properties;
        if (properties[QueryInLoopAnalyzer.FixKey] == QueryInLoopAnalyzer.HoistFix)
        {
            return HoistAsync(document, target, properties, cancellationToken);
        }

        var statement = target.FirstAncestorOrSelf<ExpressionStatementSyntax>();
        if (statement is null)
        {
            return Task.FromResult(document);
        }

        return IncludeInsertion.AddIncludesAsync(
            document,
            roots,
            new[] { properties[QueryInLoopAnalyzer.PathKey]! },
            new[] { properties[QueryInLoopAnalyzer.TypesKey]! },
            cancellationToken,
            statement);
    }

    /// <summary>
    /// <c>var customersById = ctx.Customers.Where(x => ids.Contains(x.Id)).ToDictionary(x => x.Id);</c> before the
    /// loop; the lookup becomes <c>customersById.GetValueOrDefault(id)</c> (Find/*OrDefault) or <c>customersById[id]</c>
    /// (First/Single: still throws when the row is missing).
    /// </summary>
    private static async Task<Document> HoistAsync(Document document, SyntaxNode target, ImmutableDictionary<string, string?> properties, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var key = properties[QueryInLoopAnalyzer.KeyKey]!;
        var member = properties[QueryInLoopAnalyzer.MemberKey] ?? "";
        var loopVariable = properties[QueryInLoopAnalyzer.LoopVariableKey]!;
        var entityName = properties[QueryInLoopAnalyzer.TypesKey]!;
        var throwWhenMissing = properties[QueryInLoopAnalyzer.LookupKey] == "Throw";

        if (root is null || target is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation ||
            invocation.Ancestors().OfType<ForEachStatementSyntax>().FirstOrDefault(l => l.Identifier.ValueText == loopVariable) is not { Parent: BlockSyntax block } loop)
        {
            return document;
        }

        // the expression the lookup replaces: the call, with its ConfigureAwait and await
        ExpressionSyntax replaced = invocation;
        string? configureAwait = null;
        if (replaced.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure &&
            configure.Parent is InvocationExpressionSyntax configureCall)
        {
            configureAwait = configureCall.ArgumentList.ToString();
            replaced = configureCall;
        }

        var isAsync = replaced.Parent is AwaitExpressionSyntax;
        if (replaced.Parent is AwaitExpressionSyntax awaitExpression)
        {
            replaced = awaitExpression;
        }

        var position = loop.SpanStart;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var dictionary = UniqueName(model, position, Camel(Plural(entityName)) + "By" + key, taken);
        var x = IncludeInsertion.ParameterName(model, position, "x", taken);
        taken.Add(x);

        var collection = loop.Expression.WithoutTrivia().ToString();
        string keys;
        if (member.Length == 0)
        {
            keys = collection;
        }
        else
        {
            var item = IncludeInsertion.ParameterName(model, position, loopVariable, taken);
            keys = $"{collection}.Select({item} => {item}.{member})";
        }

        var cancellation = invocation.ArgumentList.Arguments
            .Where(a => model?.GetOperation(a) is Microsoft.CodeAnalysis.Operations.IArgumentOperation { Parameter.Name: "cancellationToken" })
            .Select(a => ", " + a.Expression.WithoutTrivia())
            .FirstOrDefault() ?? "";

        var source = access.Expression.WithoutTrivia().ToString();
        var query = $"{source}.Where({x} => {keys}.Contains({x}.{key}))";
        var load = isAsync
            ? $"await {query}.ToDictionaryAsync({x} => {x}.{key}{cancellation}){(configureAwait is null ? "" : ".ConfigureAwait" + configureAwait)}"
            : $"{query}.ToDictionary({x} => {x}.{key})";

        var value = member.Length == 0 ? loopVariable : loopVariable + "." + member;
        var hasGetValueOrDefault = model is not null && HasGetValueOrDefault(model.Compilation);
        var lookup = RenderLookup(dictionary, value, throwWhenMissing, hasGetValueOrDefault, () => UniqueName(model, position, "found", taken));

        var eol = SyntaxEditing.EndOfLine(loop);
        var loopLeading = loop.GetLeadingTrivia();

        // blank lines before the loop go before the new statement; comments stay with the loop
        var blank = loopLeading.TakeWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia) || t.IsKind(SyntaxKind.WhitespaceTrivia)).ToList();
        while (blank.Count > 0 && !blank[blank.Count - 1].IsKind(SyntaxKind.EndOfLineTrivia))
        {
            blank.RemoveAt(blank.Count - 1);
        }

        var indentation = loopLeading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var declaration = SyntaxFactory.ParseStatement($"var {dictionary} = {load};")
            .WithLeadingTrivia(SyntaxFactory.TriviaList(blank).Add(indentation))
            .WithTrailingTrivia(eol);

        var newLoop = loop
            .ReplaceNode(replaced, SyntaxFactory.ParseExpression(lookup).WithTriviaFrom(replaced))
            .WithLeadingTrivia(loopLeading.Skip(blank.Count));
        var index = block.Statements.IndexOf(loop);
        var newBlock = block.WithStatements(block.Statements.Replace(loop, newLoop).Insert(index, declaration));
        var newRoot = root.ReplaceNode(block, newBlock);
        if (newRoot is CompilationUnitSyntax unit)
        {
            unit = SyntaxEditing.EnsureUsing(unit, "System.Linq");
            if (!throwWhenMissing && hasGetValueOrDefault)
            {
                unit = SyntaxEditing.EnsureUsing(unit, "System.Collections.Generic");
            }

            if (isAsync)
            {
                unit = SyntaxEditing.EnsureUsing(unit, "Microsoft.EntityFrameworkCore");
            }

            newRoot = unit;
        }

        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary>
    /// The lookup inside the loop: <c>byKey[value]</c> keeps First/Single throwing when the row is missing (as
    /// <c>KeyNotFoundException</c>); Find/*OrDefault give null, through <c>GetValueOrDefault</c> or, where the
    /// target framework lacks it, <c>TryGetValue</c>.
    /// </summary>
    internal static string RenderLookup(string dictionary, string value, bool throwWhenMissing, bool hasGetValueOrDefault, Func<string> foundName)
    {
        if (throwWhenMissing)
        {
            return $"{dictionary}[{value}]";
        }

        if (hasGetValueOrDefault)
        {
            return $"{dictionary}.GetValueOrDefault({value})";
        }

        var found = foundName();
        return $"({dictionary}.TryGetValue({value}, out var {found}) ? {found} : null)";
    }

    /// <summary><c>CollectionExtensions.GetValueOrDefault</c> exists from .NET Core 2.0 / .NET Standard 2.1, not in .NET Framework or .NET Standard 2.0.</summary>
    internal static bool HasGetValueOrDefault(Compilation compilation)
    {
        // several assemblies may declare the name (GetTypeByMetadataName then gives null): any public one counts
        foreach (var extensions in compilation.GetTypesByMetadataName("System.Collections.Generic.CollectionExtensions"))
        {
            if (extensions.DeclaredAccessibility == Accessibility.Public &&
                extensions.GetMembers("GetValueOrDefault").Any(m => m.DeclaredAccessibility == Accessibility.Public))
            {
                return true;
            }
        }

        return false;
    }

    private static string UniqueName(SemanticModel? model, int position, string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var i = 2; taken.Contains(candidate) || (model is not null && !model.LookupSymbols(position, name: candidate).IsEmpty); i++)
        {
            candidate = name + i;
        }

        taken.Add(candidate);
        return candidate;
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

    private static string Plural(string name)
    {
        if (name.EndsWith("y", StringComparison.Ordinal) && name.Length > 1 && "aeiou".IndexOf(name[name.Length - 2]) < 0)
        {
            return name.Substring(0, name.Length - 1) + "ies";
        }

        return name.EndsWith("s", StringComparison.Ordinal) || name.EndsWith("x", StringComparison.Ordinal) ||
               name.EndsWith("ch", StringComparison.Ordinal) || name.EndsWith("sh", StringComparison.Ordinal)
            ? name + "es"
            : name + "s";
    }
}
