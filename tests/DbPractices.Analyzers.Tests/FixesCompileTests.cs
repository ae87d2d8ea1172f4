using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DbPractices.Analyzers.Tests;

/// <summary>
/// The property behind the fix guard: every code action any fixer offers for any diagnostic, in every C# source
/// embedded in the rule tests and in the sample app, applied alone and as Fix All (each equivalence key, project
/// scope), leaves the code with no compile error it did not have and adds no using already in scope. The check
/// here compiles the whole project (independent of the guard, which binds only what a fix edited).
/// </summary>
public class FixesCompileTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public FixesCompileTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        _output = output;
    }

    private static readonly ImmutableArray<MetadataReference> AllReferences =
        References.Framework.AddRange(References.EfCore).AddRange(References.Sqlite);

    /// <summary>The embedded test sources, each with the usings the rule tests prepend, deduplicated.</summary>
    public static IEnumerable<string> TestSources()
    {
        var root = Path.Combine(RuleCatalog.RepositoryRoot, "tests", "DbPractices.Analyzers.Tests", "Rules");
        return Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .SelectMany(f => RobustnessTests.ExtractEmbeddedSources(File.ReadAllText(f)))
            .Select(s => TestCompilation.Usings + s)
            .Distinct(StringComparer.Ordinal);
    }

    [Fact]
    public async Task Every_fix_and_fix_all_offered_in_any_test_source_compiles()
    {
        var sources = TestSources().ToList();
        var failures = new ConcurrentBag<string>();
        var applied = 0;
        await Parallel.ForEachAsync(sources, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (source, _) =>
        {
            var project = SingleFileProject(source);
            var count = await CheckProjectAsync(project, failures, "test source");
            Interlocked.Add(ref applied, count);
        });

        _output.WriteLine($"{applied} fixes and Fix Alls applied over {sources.Count} test sources");
        Assert.True(applied > 300, $"only {applied} fixes were applied over {sources.Count} sources");
        Assert.True(failures.IsEmpty, string.Join("\n\n", failures.Take(20)) + $"\n({failures.Count} failures)");
    }

    [Fact]
    public async Task Every_fix_and_fix_all_offered_in_the_sample_compiles()
    {
        var failures = new ConcurrentBag<string>();
        var applied = await CheckProjectAsync(SampleProject.Load(), failures, "sample");
        _output.WriteLine($"{applied} fixes and Fix Alls applied in the sample");
        Assert.True(applied > 20, $"only {applied} fixes were applied");
        Assert.True(failures.IsEmpty, string.Join("\n\n", failures));
    }

    public static Project SingleFileProject(string source, string? globalUsings = null)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "Fixes",
            "Fixes",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: AllReferences));
        var solution = workspace.CurrentSolution.AddDocument(DocumentId.CreateNewId(project.Id), "Test0.cs", SourceText.From(source), filePath: "/0/Test0.cs");
        if (globalUsings is not null)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(project.Id), "GlobalUsings.g.cs", SourceText.From(globalUsings), filePath: "/0/obj/GlobalUsings.g.cs");
        }

        return solution.GetProject(project.Id)!;
    }

    /// <summary>Applies every offered fix and every Fix All; returns how many changes were checked.</summary>
    private static async Task<int> CheckProjectAsync(Project project, ConcurrentBag<string> failures, string origin)
    {
        var diagnostics = await AnalyzeAsync(project);
        if (diagnostics.IsEmpty)
        {
            return 0;
        }

        var baseline = await ErrorsAsync(project);
        var applied = 0;
        var keys = new HashSet<(CodeFixProvider Fixer, string Key, DocumentId Document)>();
        foreach (var diagnostic in diagnostics)
        {
            var document = project.GetDocument(diagnostic.Location.SourceTree);
            if (document is null)
            {
                continue;
            }

            foreach (var fixer in RuleCatalog.Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                foreach (var action in actions)
                {
                    if (action.EquivalenceKey is { } key)
                    {
                        keys.Add((fixer, key, document.Id));
                    }

                    applied++;
                    await CheckAsync(project, action, baseline, failures, $"{origin}: {diagnostic.Id} '{action.Title}' at {diagnostic.Location.GetLineSpan()}");
                }
            }
        }

        foreach (var (fixer, key, documentId) in keys)
        {
            if (fixer.GetFixAllProvider() is not { } provider)
            {
                continue;
            }

            var fixable = diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray();
            var context = new FixAllContext(
                project.GetDocument(documentId)!,
                fixer,
                FixAllScope.Project,
                key,
                fixer.FixableDiagnosticIds,
                new FixedDiagnostics(fixable),
                CancellationToken.None);
            if (await provider.GetFixAsync(context) is { } fixAll)
            {
                applied++;
                await CheckAsync(project, fixAll, baseline, failures, $"{origin}: Fix All '{key}'");
            }
        }

        if (failures.Any(f => f.StartsWith(origin, StringComparison.Ordinal) && !f.Contains("\n---\n", StringComparison.Ordinal)))
        {
            // keep the source of a failing project next to its failures, once
            failures.Add(origin + " source:\n---\n" + (await project.Documents.First().GetTextAsync()).ToString());
        }

        return applied;
    }

    private static async Task CheckAsync(Project project, CodeAction action, Dictionary<string, int> baseline, ConcurrentBag<string> failures, string what)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().SingleOrDefault()?.ChangedSolution.GetProject(project.Id);
        if (changed is null)
        {
            return;
        }

        var errors = await ErrorsAsync(changed);
        var added = errors.Where(e => !baseline.TryGetValue(e.Key, out var count) || count < e.Value).Select(e => e.Key).ToList();
        if (added.Count > 0)
        {
            failures.Add($"{what}: {string.Join("; ", added)}");
        }
    }

    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var options = new CompilationWithAnalyzersOptions(project.AnalyzerOptions, null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(RuleCatalog.Analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return diagnostics.Where(d => d.Id.StartsWith("DBP", StringComparison.Ordinal) && d.Location.IsInSource).ToImmutableArray();
    }

    /// <summary>
    /// Compile errors as "file: CSxxxx message" with their count (positions left out: a fix moves lines), and
    /// usings that repeat one in scope (CS0105 in the file, CS8933 a global using: the sample has implicit usings).
    /// </summary>
    public static async Task<Dictionary<string, int>> ErrorsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error || d.Id is "CS0105" or "CS8933")
            .GroupBy(d => $"{Path.GetFileName(d.Location.SourceTree?.FilePath)}: {d.Id} {d.GetMessage()}", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics)
        {
            _diagnostics = diagnostics;
        }

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return _diagnostics.Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
    }
}
