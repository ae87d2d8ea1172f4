using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DbPractices.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace DbPractices.Benchmarks;

/// <summary>One analyzer pass over a whole compilation: per-analyzer execution times from Roslyn's telemetry.</summary>
internal sealed class AnalyzerRun
{
    public Dictionary<DiagnosticAnalyzer, double> Milliseconds { get; } = new();

    public double TotalMs => Milliseconds.Values.Sum();

    /// <summary>Compiler + analyzers, wall clock (the analyzer driver binds every body it analyzes).</summary>
    public double WallMs { get; set; }

    public Dictionary<string, int> DiagnosticCounts { get; } = new(StringComparer.Ordinal);

    public List<string> Exceptions { get; } = new();
}

internal static class Measurements
{
    public static double Median(IEnumerable<double> values) => Percentile(values, 0.5);

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        if (p == 0.5)
        {
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static void Quiesce()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Bare compile: <c>Compilation.GetDiagnostics()</c> (declarations, binding, flow analysis; no emit, no analyzers).</summary>
    public static (double Ms, ImmutableArray<Diagnostic> Errors) BareCompile(Workload workload)
    {
        var compilation = workload.CreateCompilation();
        Quiesce();
        var stopwatch = Stopwatch.StartNew();
        var diagnostics = compilation.GetDiagnostics();
        stopwatch.Stop();
        return (stopwatch.Elapsed.TotalMilliseconds, diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray());
    }

    public static async Task<AnalyzerRun> AnalyzeAsync(Workload workload, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var run = new AnalyzerRun();
        var compilation = workload.CreateCompilation();
        var withAnalyzers = Workload.WithAnalyzers(compilation, analyzers, logTimes: true, run.Exceptions);
        Quiesce();
        var stopwatch = Stopwatch.StartNew();
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
        stopwatch.Stop();
        run.WallMs = stopwatch.Elapsed.TotalMilliseconds;
        foreach (var analyzer in analyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).ConfigureAwait(false);
            run.Milliseconds[analyzer] = telemetry.ExecutionTime.TotalMilliseconds;
        }

        foreach (var diagnostic in diagnostics)
        {
            run.DiagnosticCounts[diagnostic.Id] = run.DiagnosticCounts.TryGetValue(diagnostic.Id, out var n) ? n + 1 : 1;
        }

        return run;
    }

    /// <summary>
    /// Per-rule cost: an analyzer's execution time divided by the number of diagnostic IDs it supports;
    /// analyzers that did no work (no execution time: off by default, or their library is absent) are left out.
    /// </summary>
    public static double MedianPerRuleCost(IReadOnlyList<AnalyzerRun> runs, ImmutableArray<DiagnosticAnalyzer> analyzers) =>
        Median(PerRuleCosts(runs, analyzers).Select(c => c.Ms));

    public static IEnumerable<(DiagnosticAnalyzer Analyzer, double Ms)> PerRuleCosts(IReadOnlyList<AnalyzerRun> runs, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        foreach (var analyzer in analyzers)
        {
            var ms = Median(runs.Select(r => r.Milliseconds[analyzer]));
            if (ms > 0)
            {
                yield return (analyzer, ms / Catalog.RuleCount(analyzer));
            }
        }
    }

    /// <summary>
    /// Keystroke latency, as the IDE computes a document's diagnostics after an edit: the edited tree replaces
    /// the old one in a new compilation that shares every other tree, and the analyzers run on that
    /// document only (<c>GetAnalyzerSemanticDiagnosticsAsync(model, span: null)</c> + syntax diagnostics).
    /// </summary>
    public static async Task<KeystrokeResult> KeystrokesAsync(Workload workload, ImmutableArray<DiagnosticAnalyzer> analyzers, DocumentKind kind, int edits, int warmupEdits, bool perAnalyzer = false, bool alone = false)
    {
        var compilation = (Compilation)workload.CreateCompilation();

        // the IDE's starting point: the solution was analyzed once, so per-tree caches are warm
        var initial = Workload.WithAnalyzers(compilation, analyzers, logTimes: false);
        await initial.GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);

        var targets = workload.Documents.Select((d, index) => (d, index)).Where(x => x.d.Kind == kind).Select(x => x.index).ToArray();
        var trees = compilation.SyntaxTrees.ToArray();
        var baseline = ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpOperationAnalyzer());
        var result = new KeystrokeResult(kind);
        for (var e = 0; e < edits + warmupEdits; e++)
        {
            var index = targets[(e * 7919) % targets.Length];
            var oldTree = trees[index];
            var newTree = oldTree.WithChangedText(Edit(oldTree.GetText(), kind, e));
            compilation = compilation.ReplaceSyntaxTree(oldTree, newTree);
            trees[index] = newTree;

            // Both measured passes below run on copies of the edited compilation (same trees, fresh symbols), after a
            // discarded pass that pays what copies share and the IDE has done before analyzers run: the incremental
            // parse of the edited tree and its declarations.
            await AnalyzeDocumentAsync(compilation.Clone(), newTree, baseline, measureModel: false).ConfigureAwait(false);
            var (ours, model) = await AnalyzeDocumentAsync(compilation.Clone(), newTree, analyzers).ConfigureAwait(false);

            // the same document through a no-op operation analyzer: what binding the document and completing the symbols
            // it uses costs any analyzer
            var (bare, _) = await AnalyzeDocumentAsync(compilation.Clone(), newTree, baseline).ConfigureAwait(false);
            if (perAnalyzer && e >= warmupEdits)
            {
                // where the time goes: the same document again with Roslyn's per-analyzer telemetry (a separate pass, not the
                // measured one), on a copy of the compilation so that it completes the symbols it uses itself
                var copy = compilation.Clone();
                var withTimes = Workload.WithAnalyzers(copy, analyzers, logTimes: true);
                await withTimes.GetAnalyzerSemanticDiagnosticsAsync(copy.GetSemanticModel(newTree), null, CancellationToken.None).ConfigureAwait(false);
                foreach (var analyzer in analyzers)
                {
                    var telemetry = await withTimes.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).ConfigureAwait(false);
                    var name = analyzer.GetType().Name;
                    if (!result.PerAnalyzer.TryGetValue(name, out var list))
                    {
                        result.PerAnalyzer[name] = list = new List<double>();
                    }

                    list.Add(telemetry.ExecutionTime.TotalMilliseconds);
                }
            }

            if (perAnalyzer && alone && e >= warmupEdits)
            {
                // each analyzer alone on its own copy, above the no-op analyzer: the wall clock it adds to a keystroke,
                // including what the driver does for it outside its callbacks (which telemetry does not see)
                foreach (var analyzer in analyzers)
                {
                    var (single, _) = await AnalyzeDocumentAsync(compilation.Clone(), newTree, ImmutableArray.Create(analyzer), measureModel: false).ConfigureAwait(false);
                    var name = analyzer.GetType().Name;
                    if (!result.AloneAboveNoOp.TryGetValue(name, out var list))
                    {
                        result.AloneAboveNoOp[name] = list = new List<double>();
                    }

                    list.Add(single - bare);
                }
            }

            if (e >= warmupEdits)
            {
                result.Ours.Add(ours);
                result.Baseline.Add(bare);
                result.ModelBuild.Add(model);
            }
        }

        return result;
    }

    private static async Task<(double Ms, double ModelMs)> AnalyzeDocumentAsync(Compilation compilation, SyntaxTree tree, ImmutableArray<DiagnosticAnalyzer> analyzers, bool measureModel = true)
    {
        Quiesce();
        var stopwatch = Stopwatch.StartNew();
        var withAnalyzers = Workload.WithAnalyzers(compilation, analyzers, logTimes: false);
        var semanticModel = compilation.GetSemanticModel(tree);
        await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None).ConfigureAwait(false);
        await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(semanticModel, null, CancellationToken.None).ConfigureAwait(false);
        stopwatch.Stop();

        if (!measureModel)
        {
            return (stopwatch.Elapsed.TotalMilliseconds, 0);
        }

        // what building the EF model from scratch would cost this compilation (per-tree caches warm; the reuse of the
        // previous compilation's model switched off), on another copy, outside the timed call: what a keystroke paid
        // before models were reused, and what an edit that changes the model still pays
        var clone = compilation.Clone();
        using (ModelReuse.Suspend(clone.AssemblyName))
        {
            var model = Stopwatch.StartNew();
            EfModel.For(clone, CancellationToken.None);
            model.Stop();
            return (stopwatch.Elapsed.TotalMilliseconds, model.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>A small edit, repeatable on the same document: a method body (repository), an annotation (entity) or a configuration call.</summary>
    private static SourceText Edit(SourceText text, DocumentKind kind, int e)
    {
        var (pattern, replacement) = kind switch
        {
            DocumentKind.Repository => (@"_tenantId = tenant\.TenantId( \+ \d+)?;", "_tenantId = tenant.TenantId + " + (e % 9) + ";"),
            DocumentKind.Entity => (@"\[MaxLength\(20\d\)\]", "[MaxLength(20" + (e % 9) + ")]"),
            _ => (@"builder\.HasIndex\(e => e\.CreatedAt\)(\.HasDatabaseName\(""IX_\d+""\))?;", "builder.HasIndex(e => e.CreatedAt).HasDatabaseName(\"IX_" + e + "\");"),
        };

        var match = System.Text.RegularExpressions.Regex.Match(text.ToString(), pattern);
        if (!match.Success)
        {
            throw new InvalidOperationException($"edit anchor '{pattern}' not found");
        }

        return text.WithChanges(new TextChange(new TextSpan(match.Index, match.Length), replacement));
    }

    /// <summary>
    /// DBP001's Fix All at solution scope in an AdhocWorkspace: compute the diagnostics, ask the fixer's
    /// FixAllProvider for the action, and run it (the CodeAction's own formatting/simplification included).
    /// </summary>
    public static async Task<FixAllResult> FixAllAsync(Workload workload, ImmutableArray<DiagnosticAnalyzer> analyzers, CodeFixProvider fixer, string diagnosticId, string equivalenceKey)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Create(), "Bench", "Bench", LanguageNames.CSharp,
            compilationOptions: Workload.CompilationOptions, parseOptions: Workload.ParseOptions, metadataReferences: References.All));
        foreach (var document in workload.Documents)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), document.Path, SourceText.From(document.Text, System.Text.Encoding.UTF8), filePath: document.Path);
        }

        if (!workspace.TryApplyChanges(solution))
        {
            throw new InvalidOperationException("could not apply the generated solution");
        }

        solution = workspace.CurrentSolution;
        var relevant = analyzers.Where(a => a.SupportedDiagnostics.Any(d => d.Id == diagnosticId)).ToImmutableArray();
        var result = new FixAllResult();
        Quiesce();
        var total = Stopwatch.StartNew();
        var project = solution.GetProject(projectId)!;
        var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
        var diagnostics = (await Workload.WithAnalyzers(compilation, relevant, logTimes: false).GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false))
            .Where(d => d.Id == diagnosticId).ToImmutableArray();
        result.DiagnosticsMs = total.Elapsed.TotalMilliseconds;
        result.Before = diagnostics.Length;
        if (diagnostics.IsEmpty)
        {
            return result;
        }

        var byTree = diagnostics.GroupBy(d => d.Location.SourceTree!).ToDictionary(g => g.Key.FilePath, g => g.ToImmutableArray());
        var first = project.Documents.First(d => byTree.ContainsKey(d.FilePath!));
        var provider = new FixedDiagnosticProvider(byTree);
        var context = new FixAllContext(first, fixer, FixAllScope.Solution, equivalenceKey, new[] { diagnosticId }, provider, CancellationToken.None);
        var action = await fixer.GetFixAllProvider()!.GetFixAsync(context).ConfigureAwait(false)
            ?? throw new InvalidOperationException("the FixAllProvider offered no fix");
        var operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        total.Stop();
        result.TotalMs = total.Elapsed.TotalMilliseconds;
        result.ChangedDocuments = changed.GetChanges(solution).GetProjectChanges().Sum(p => p.GetChangedDocuments().Count());

        // check: the fixed solution compiles as before and the fixed diagnostics are gone
        var fixedCompilation = (await changed.GetProject(projectId)!.GetCompilationAsync().ConfigureAwait(false))!;
        result.NewErrors = fixedCompilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error) -
                           compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        result.After = (await Workload.WithAnalyzers(fixedCompilation, relevant, logTimes: false).GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false))
            .Count(d => d.Id == diagnosticId);
        return result;
    }

    private sealed class FixedDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly Dictionary<string, ImmutableArray<Diagnostic>> _byPath;

        public FixedDiagnosticProvider(Dictionary<string, ImmutableArray<Diagnostic>> byPath) => _byPath = byPath;

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(document.FilePath is not null && _byPath.TryGetValue(document.FilePath, out var d) ? d : ImmutableArray<Diagnostic>.Empty);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(ImmutableArray<Diagnostic>.Empty);

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_byPath.Values.SelectMany(d => d).ToList());
    }
}

internal sealed class KeystrokeResult
{
    public KeystrokeResult(DocumentKind kind) => Kind = kind;

    /// <summary>Per-analyzer execution times of each edit (with <c>perAnalyzer</c>), by analyzer type name.</summary>
    public Dictionary<string, List<double>> PerAnalyzer { get; } = new();

    /// <summary>Wall clock of each analyzer run alone minus the no-op analyzer's, per edit (with <c>alone</c>), by analyzer type name.</summary>
    public Dictionary<string, List<double>> AloneAboveNoOp { get; } = new();

    public DocumentKind Kind { get; }

    public List<double> Ours { get; } = new();

    public List<double> Baseline { get; } = new();

    public List<double> ModelBuild { get; } = new();
}

internal sealed class FixAllResult
{
    public int Before { get; set; }

    public int After { get; set; }

    public int Fixed => Before - After;

    public double DiagnosticsMs { get; set; }

    public double TotalMs { get; set; }

    public int ChangedDocuments { get; set; }

    public int NewErrors { get; set; }
}

/// <summary>The keystroke baseline: an analyzer that asks for every invocation's IOperation and does nothing with it.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoOpOperationAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("BENCH000", "No-op", "No-op", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
    }
}
