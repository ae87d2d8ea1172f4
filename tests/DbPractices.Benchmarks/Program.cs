using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using DbPractices.CodeFixes.Rules.Mapping;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DbPractices.Benchmarks;

/// <summary>
/// dotnet run -c Release --project tests/DbPractices.Benchmarks -- [--entities N] [--queries M] [--runs R] [--edits E] [--contexts C] [--smoke | --profile | --real-model FILE | --keystrokes [--alone] | --fixall]
/// Generates an EF Core code base of N entities and M query methods in memory and measures the DbPractices analyzers
/// on it (overhead, scaling, keystroke latency, Fix All, per-rule cost against a peer). The last line is machine-readable.
/// </summary>
internal static class Program
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static async Task<int> Main(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("usage: DbPractices.Benchmarks [--entities N] [--queries M] [--runs R] [--edits E] [--contexts C] [--smoke | --profile | --real-model FILE | --keystrokes [--alone] | --fixall]");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var ours = Catalog.Ours;
        if (options.Profile)
        {
            return await ProfileAsync(options, ours, clock).ConfigureAwait(false);
        }

        if (options.KeystrokesOnly)
        {
            var workload = new Workload(new CodeBaseGenerator(options.Entities, options.QueriesPerEntity));
            foreach (var kind in new[] { DocumentKind.Repository, DocumentKind.Entity, DocumentKind.Configuration })
            {
                var result = await Measurements.KeystrokesAsync(workload, ours, kind, options.Edits, warmupEdits: 3, perAnalyzer: true, alone: options.Alone).ConfigureAwait(false);
                Progress(clock, $"keystrokes, {kind.ToString().ToLowerInvariant()}: p50 {Measurements.Median(result.Ours):F1} ms, p95 {Measurements.Percentile(result.Ours, 0.95):F1} ms, " +
                                $"no-op analyzer p50 {Measurements.Median(result.Baseline):F1} ms, EF model from scratch p50 {Measurements.Median(result.ModelBuild):F1} ms");
                foreach (var pair in result.PerAnalyzer.OrderByDescending(p => Measurements.Median(p.Value)).Take(5))
                {
                    Progress(clock, $"    {pair.Key}: p50 {Measurements.Median(pair.Value):F1} ms");
                }

                foreach (var pair in result.AloneAboveNoOp.OrderByDescending(p => Measurements.Median(p.Value)).Take(8))
                {
                    Progress(clock, $"    alone, above the no-op: {pair.Key}: p50 {Measurements.Median(pair.Value):F1} ms");
                }
            }

            return 0;
        }

        var fixer = Catalog.OurFixers.OfType<ForeignKeyWithoutIndexFixer>().Single();
        if (options.FixAllOnly)
        {
            // the Fix All scenario alone, --runs times: where its time goes (diagnostics, the fix) between full runs
            var workload = new Workload(new CodeBaseGenerator(options.Entities, options.QueriesPerEntity, denseForeignKeyGaps: true));
            for (var run = 0; run < options.Runs; run++)
            {
                var result = await Measurements.FixAllAsync(workload, ours, fixer, "DBP001", ForeignKeyWithoutIndexFixer.AddIndexAttributeKey).ConfigureAwait(false);
                Progress(clock, $"fix all: {result.Fixed} of {result.Before} fixed, {result.NewErrors} new compile errors; diagnostics {result.DiagnosticsMs:F0} ms, " +
                                $"fix {result.TotalMs - result.DiagnosticsMs:F0} ms, total {result.TotalMs:F0} ms");
            }

            return 0;
        }

        var peer = Catalog.LoadPeer();
        Console.WriteLine($"DbPractices benchmark: {options.Entities} entities, {options.Queries} query methods, {options.Runs} run(s){(options.Warmup ? " + warm-up" : ", no warm-up (smoke)")}, {options.Edits} edits per keystroke scenario");
        Console.WriteLine($"host: .NET {Environment.Version}, {Environment.ProcessorCount} cores, Roslyn {typeof(Microsoft.CodeAnalysis.Compilation).Assembly.GetName().Version}; compiler and analyzer driver single-threaded");
        Console.WriteLine($"our analyzers: {ours.Length} ({string.Join(" ", ours.Select(Catalog.Ids))}); fixers: {Catalog.OurFixers.Length}");
        Console.WriteLine($"peer: {Catalog.PeerName} {Catalog.PeerVersion()} ({peer.Length} C# analyzers, {peer.Sum(Catalog.RuleCount)} rules)");
        Console.WriteLine();

        // 1 + 2: overhead at N, and scaling at 2N, 4N
        var scales = new[] { 1, 2, 4 };
        var results = new Dictionary<int, ScaleResult>();
        foreach (var factor in scales)
        {
            var workload = new Workload(new CodeBaseGenerator(options.Entities * factor, options.QueriesPerEntity));
            Progress(clock, $"scale {factor}x: {workload.Generator.Entities} entities, {workload.Documents.Count} documents, {workload.Lines} lines");
            results[factor] = await MeasureScaleAsync(workload, ours, factor == 1 ? peer : ImmutableArray<DiagnosticAnalyzer>.Empty, options.Runs, options.Warmup, clock).ConfigureAwait(false);
        }

        var baseScale = results[1];
        if (baseScale.CompileErrors.Length > 0)
        {
            Console.WriteLine("The generated code does not compile:");
            foreach (var error in baseScale.CompileErrors.Take(10))
            {
                Console.WriteLine("  " + error);
            }

            return 1;
        }

        // 2b: many small contexts in one project (the docs samples' shape), at C and 2C contexts
        var contexts = new List<(int Contexts, double CompileMs, AnalyzerRun Run)>();
        foreach (var count in new[] { options.Contexts, options.Contexts * 2 })
        {
            var contextsWorkload = new Workload(new ManyContextsGenerator(count).Generate());
            Progress(clock, $"many contexts: {count} contexts, {contextsWorkload.Documents.Count} documents, {contextsWorkload.Lines} lines");
            var runsMs = new List<(double Compile, AnalyzerRun Run)>();
            for (var run = 0; run < options.Runs; run++)
            {
                var (contextsCompileMs, contextErrors) = Measurements.BareCompile(contextsWorkload);
                if (contextErrors.Length > 0)
                {
                    Console.WriteLine("The generated many-contexts code does not compile: " + contextErrors[0]);
                    return 1;
                }

                runsMs.Add((contextsCompileMs, await Measurements.AnalyzeAsync(contextsWorkload, ours).ConfigureAwait(false)));
            }

            var median = runsMs.OrderBy(r => r.Run.TotalMs).ElementAt(runsMs.Count / 2);
            contexts.Add((count, Measurements.Median(runsMs.Select(r => r.Compile)), median.Run));
            Progress(clock, $"  compile {contexts[^1].CompileMs:F0} ms, ours {median.Run.TotalMs:F0} ms");
        }

        // 3: keystroke latency at N
        var baseWorkload = new Workload(new CodeBaseGenerator(options.Entities, options.QueriesPerEntity));
        var keystrokes = new List<KeystrokeResult>();
        foreach (var kind in new[] { DocumentKind.Repository, DocumentKind.Entity, DocumentKind.Configuration })
        {
            Progress(clock, $"keystrokes: {options.Edits} edits of {kind.ToString().ToLowerInvariant()} documents");
            keystrokes.Add(await Measurements.KeystrokesAsync(baseWorkload, ours, kind, options.Edits, warmupEdits: options.Warmup ? 3 : 1).ConfigureAwait(false));
        }

        // 4: Fix All on a code base where every entity has one DBP001 gap
        var fixAllWorkload = new Workload(new CodeBaseGenerator(options.Entities, options.QueriesPerEntity, denseForeignKeyGaps: true));
        Progress(clock, $"fix all: {fixAllWorkload.Generator.PlantedForeignKeyGaps} planted DBP001 diagnostics");
        var fixAll = await Measurements.FixAllAsync(fixAllWorkload, ours, fixer, "DBP001", ForeignKeyWithoutIndexFixer.AddIndexAttributeKey).ConfigureAwait(false);
        Progress(clock, "done");
        Console.WriteLine();

        Report(options, results, contexts, keystrokes, fixAll, ours, peer, baseWorkload);
        return 0;
    }

    private static async Task<ScaleResult> MeasureScaleAsync(Workload workload, ImmutableArray<DiagnosticAnalyzer> ours, ImmutableArray<DiagnosticAnalyzer> peer, int runs, bool warmup, Stopwatch clock)
    {
        var result = new ScaleResult(workload);
        for (var run = warmup ? -1 : 0; run < runs; run++)
        {
            // run -1 is the warm-up: JIT, metadata reading, first-time caches of the host
            var (compileMs, errors) = Measurements.BareCompile(workload);
            var oursRun = await Measurements.AnalyzeAsync(workload, ours).ConfigureAwait(false);
            var peerRun = peer.IsEmpty ? null : await Measurements.AnalyzeAsync(workload, peer).ConfigureAwait(false);
            var noOpRun = peer.IsEmpty ? null : await Measurements.AnalyzeAsync(workload, ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpOperationAnalyzer())).ConfigureAwait(false);
            Progress(clock, $"  {(run < 0 ? "warm-up" : "run " + (run + 1))}: compile {compileMs:F0} ms, ours {oursRun.TotalMs:F0} ms (wall {oursRun.WallMs:F0}){(peerRun is null ? "" : $", peer {peerRun.TotalMs:F0} ms")}");
            result.CompileErrors = errors;
            result.Cold ??= (compileMs, oursRun);
            if (run < 0)
            {
                continue;
            }

            result.CompileMs.Add(compileMs);
            result.Ours.Add(oursRun);
            if (peerRun is not null)
            {
                result.Peer.Add(peerRun);
            }

            if (noOpRun is not null)
            {
                result.NoOp.Add(noOpRun);
            }
        }

        return result;
    }

    /// <summary>--profile: our analyzers once over N entities (with --contexts C: over the many-contexts shape), and the EF model build alone (cold, then with warm per-tree caches); for a profiler.</summary>
    private static async Task<int> ProfileAsync(Options options, ImmutableArray<DiagnosticAnalyzer> ours, Stopwatch clock)
    {
        if (options.RealModel is { } argsFile)
        {
            return ProfileRealModel(argsFile, options.Runs, clock);
        }

        if (options.ProfileContexts)
        {
            // the many-contexts shape alone: our analyzers R times (each on freshly parsed trees), the costliest by telemetry
            var contextsWorkload = new Workload(new ManyContextsGenerator(options.Contexts).Generate());
            for (var run = 0; run < options.Runs; run++)
            {
                var analysis = await Measurements.AnalyzeAsync(contextsWorkload, ours).ConfigureAwait(false);
                Progress(clock, $"{options.Contexts} contexts: analyzers {analysis.TotalMs:F0} ms (wall {analysis.WallMs:F0})");
                foreach (var pair in analysis.Milliseconds.OrderByDescending(p => p.Value).Take(8))
                {
                    Progress(clock, $"    {pair.Key.GetType().Name}: {pair.Value:F0} ms ({pair.Value / analysis.TotalMs:P0})");
                }
            }

            return 0;
        }

        var workload = new Workload(new CodeBaseGenerator(options.Entities, options.QueriesPerEntity));
        for (var run = 0; run < options.Runs; run++)
        {
            // where the cold build goes: declaring the symbols, then reading the fluent facts (from syntax where it can, or binding every body)
            foreach (var syntaxFirst in new[] { true, false })
            {
                var fresh = workload.CreateCompilation();
                var step = Stopwatch.StartNew();
                fresh.GetDeclarationDiagnostics();
                var declared = step.Elapsed.TotalMilliseconds;
                var symbols = DbPractices.Analyzers.Model.EfSymbols.For(fresh)!;
                step.Restart();
                var fromSyntax = 0;
                foreach (var tree in fresh.SyntaxTrees)
                {
                    DbPractices.Analyzers.Model.FluentConfigurationReader.ReadUncached(tree, symbols, syntaxFirst, out var read);
                    fromSyntax += read;
                }

                Progress(clock, $"fresh compilation: declarations {declared:F0} ms, then fluent facts of every tree {step.Elapsed.TotalMilliseconds:F0} ms " +
                                (syntaxFirst ? $"(syntax first: {fromSyntax} methods read from syntax)" : "(every configuration body bound)"));
            }

            var compilation = workload.CreateCompilation();
            var model = Stopwatch.StartNew();
            DbPractices.Analyzers.Model.EfModel.For(compilation, System.Threading.CancellationToken.None);
            var cold = model.Elapsed.TotalMilliseconds;
            var warmBuilds = new List<double>();
            for (var i = 0; i < 10; i++)
            {
                var copy = compilation.Clone();
                using (DbPractices.Analyzers.Model.ModelReuse.Suspend(copy.AssemblyName))
                {
                    model.Restart();
                    DbPractices.Analyzers.Model.EfModel.For(copy, System.Threading.CancellationToken.None);
                    warmBuilds.Add(model.Elapsed.TotalMilliseconds);
                }
            }

            var warm = Measurements.Median(warmBuilds);
            var reuse = new List<double>();
            var symbolsMs = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                var copy = compilation.Clone();
                model.Restart();
                DbPractices.Analyzers.Model.EfSymbols.For(copy);
                symbolsMs.Add(model.Elapsed.TotalMilliseconds);
                model.Restart();
                DbPractices.Analyzers.Model.EfModel.For(copy, System.Threading.CancellationToken.None);
                reuse.Add(model.Elapsed.TotalMilliseconds);
            }

            Progress(clock, $"EF model for a copy of the compilation (reused): p50 {Measurements.Median(reuse):F2} ms, first {reuse[0]:F2} ms (from a model built from scratch), plus EF symbols p50 {Measurements.Median(symbolsMs):F2} ms");
            var analysis = await Measurements.AnalyzeAsync(workload, ours).ConfigureAwait(false);
            Progress(clock, $"EF model build: new trees {cold:F0} ms, warm trees {warm:F0} ms (median of 10); analyzers {analysis.TotalMs:F0} ms (wall {analysis.WallMs:F0})");
            foreach (var pair in analysis.Milliseconds.OrderByDescending(p => p.Value).Take(8))
            {
                Progress(clock, $"    {pair.Key.GetType().Name}: {pair.Value:F0} ms ({pair.Value / analysis.TotalMs:P0})");
            }

            // what Fix All of DBP001 computes first: DBP001's analyzer alone over the whole compilation
            var dbp001 = ours.Where(a => a.SupportedDiagnostics.Any(d => d.Id == "DBP001")).ToImmutableArray();
            var alone = await Measurements.AnalyzeAsync(workload, dbp001).ConfigureAwait(false);
            Progress(clock, $"DBP001 alone: {alone.TotalMs:F0} ms (wall {alone.WallMs:F0})");
        }

        return 0;
    }

    /// <summary>--real-model FILE: the EF model build of a real project, from its csc references and sources (one <c>/reference:path</c> or source path per line).</summary>
    private static int ProfileRealModel(string argsFile, int runs, Stopwatch clock)
    {
        // the EF model of a real project: its sources and references as csc got them (one `/reference:path` or source path per line)
        var lines = System.IO.File.ReadAllLines(argsFile);
        var references = lines.Where(l => l.StartsWith("/reference:", StringComparison.Ordinal)).Select(l => (Microsoft.CodeAnalysis.MetadataReference)Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(l.Substring(11))).ToList();
        var sources = lines.Where(l => !l.StartsWith("/reference:", StringComparison.Ordinal) && l.EndsWith(".cs", StringComparison.Ordinal)).ToList();
        for (var run = 0; run < runs; run++)
        {
            var trees = sources.Select(f => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(System.IO.File.ReadAllText(f), Workload.ParseOptions, path: f)).ToList();
            var real = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Real", trees, references, Workload.CompilationOptions);
            var step = Stopwatch.StartNew();
            real.GetDeclarationDiagnostics();
            var declared = step.Elapsed.TotalMilliseconds;
            step.Restart();
            var model = DbPractices.Analyzers.Model.EfModel.For(real, System.Threading.CancellationToken.None);
            var cold = step.Elapsed.TotalMilliseconds;
            var warm = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var copy = real.Clone();
                copy.GetDeclarationDiagnostics();
                using (DbPractices.Analyzers.Model.ModelReuse.Suspend(copy.AssemblyName))
                {
                    step.Restart();
                    DbPractices.Analyzers.Model.EfModel.For(copy, System.Threading.CancellationToken.None);
                    warm.Add(step.Elapsed.TotalMilliseconds);
                }
            }

            var symbols = DbPractices.Analyzers.Model.EfSymbols.For(real);
            int fromSyntax = 0, methods = 0;
            foreach (var tree in trees)
            {
                if (symbols is null)
                {
                    break;
                }

                DbPractices.Analyzers.Model.FluentConfigurationReader.ReadUncached(tree, symbols, syntaxFirst: true, out var read);
                fromSyntax += read;
                methods += tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>()
                    .Count(m => m.ParameterList.Parameters.Any(p => p.Type?.ToString() is { } t && (t.Contains("ModelBuilder", StringComparison.Ordinal) || t.Contains("EntityTypeBuilder", StringComparison.Ordinal))));
            }

            Progress(clock, $"configuration methods read from syntax: {fromSyntax} of {methods}");
            Progress(clock, $"{trees.Count} trees, {model?.Contexts.Count} contexts, {model?.Entities.Count()} entities: declarations {declared:F0} ms, model {cold:F0} ms cold, {Measurements.Median(warm):F0} ms from warm facts");
        }

        return 0;
    }

    private static void Progress(Stopwatch clock, string message) =>
        Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F0}s] {message}");

    private static void Report(Options options, Dictionary<int, ScaleResult> results, List<(int Contexts, double CompileMs, AnalyzerRun Run)> contexts, List<KeystrokeResult> keystrokes, FixAllResult fixAll,
        ImmutableArray<DiagnosticAnalyzer> ours, ImmutableArray<DiagnosticAnalyzer> peer, Workload baseWorkload)
    {
        var n = results[1];
        var compileMs = Measurements.Median(n.CompileMs);
        var analyzersMs = Measurements.Median(n.Ours.Select(r => r.TotalMs));
        var wallMs = Measurements.Median(n.Ours.Select(r => r.WallMs));

        Console.WriteLine("== 1. Overhead (whole compilation, median of runs) ==");
        Console.WriteLine($"generated: {baseWorkload.Documents.Count} documents, {baseWorkload.Lines} lines, {options.Entities} entities, {options.Queries} query methods");
        Console.WriteLine($"{"bare compile (GetDiagnostics)",-44}{F(compileMs),12} ms");
        Console.WriteLine($"{"all DBP analyzers (telemetry sum)",-44}{F(analyzersMs),12} ms   {analyzersMs / compileMs * 100,6:F2} % of compile   (target <= 10 %)");
        Console.WriteLine($"{"compile + analyzers, wall clock",-44}{F(wallMs),12} ms");
        var overNoOpPct = double.NaN;
        if (n.NoOp.Count > 0)
        {
            // telemetry charges an analyzer for binding it triggers itself (the EF model reading configuration bodies), although the
            // driver binds every body anyway for operation analyzers and shares the result: the wall clock above a no-op operation
            // analyzer is what our rules really add
            var noOpWall = Measurements.Median(n.NoOp.Select(r => r.WallMs));
            overNoOpPct = (wallMs - noOpWall) / compileMs * 100;
            Console.WriteLine($"{"compile + no-op operation analyzer, wall",-44}{F(noOpWall),12} ms   ours add {F(wallMs - noOpWall)} ms = {(wallMs - noOpWall) / compileMs * 100,6:F2} % of compile");
        }
        Console.WriteLine();
        Console.WriteLine($"{"analyzer",-44}{"ids",-22}{"ms",10}{"diagnostics",13}");
        foreach (var analyzer in ours)
        {
            var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().ToArray();
            var count = ids.Sum(id => n.Ours[0].DiagnosticCounts.TryGetValue(id, out var c) ? c : 0);
            Console.WriteLine($"{analyzer.GetType().Name,-44}{string.Join(",", ids),-22}{F(Measurements.Median(n.Ours.Select(r => r.Milliseconds[analyzer]))),10}{count,13}");
        }

        Console.WriteLine($"planted DBP001 gaps: {n.Workload.Generator.PlantedForeignKeyGaps}, reported: {(n.Ours[0].DiagnosticCounts.TryGetValue("DBP001", out var dbp001) ? dbp001 : 0)}");
        var exceptions = n.Ours.SelectMany(r => r.Exceptions).Distinct().ToList();
        Console.WriteLine(exceptions.Count == 0 ? "analyzer exceptions: none" : "analyzer exceptions (AD0001): " + string.Join("; ", exceptions.Take(5)));
        Console.WriteLine();

        var cold = n.Cold!.Value;
        Console.WriteLine("== 1b. Cold: the first whole-compilation analysis in the process (an IDE opening the solution; target <= 15 % of compile) ==");
        Console.WriteLine($"{"compile (same run)",-44}{F(cold.CompileMs),12} ms");
        Console.WriteLine($"{"all DBP analyzers, first analysis",-44}{F(cold.Run.TotalMs),12} ms   {cold.Run.TotalMs / compileMs * 100,6:F2} % of compile (median compile)");
        Console.WriteLine();

        Console.WriteLine("== 2. Scaling (analyzer time; target: 4x code -> <= 4.4x time) ==");
        Console.WriteLine($"{"scale",-8}{"entities",10}{"lines",10}{"compile ms",14}{"analyzers ms",16}{"ratio",9}{"x of 1x",10}");
        var t1 = analyzersMs;
        foreach (var (factor, result) in results.OrderBy(r => r.Key))
        {
            var t = Measurements.Median(result.Ours.Select(r => r.TotalMs));
            var c = Measurements.Median(result.CompileMs);
            Console.WriteLine($"{factor + "x",-8}{result.Workload.Generator.Entities,10}{result.Workload.Lines,10}{F(c),14}{F(t),16}{t / c,9:F3}{t / t1,10:F2}");
        }

        var scale4x = Measurements.Median(results[4].Ours.Select(r => r.TotalMs)) / t1;
        Console.WriteLine();

        Console.WriteLine("== 2b. Many small contexts in one project (target: 2x contexts -> about 2x time, not contexts x entities) ==");
        Console.WriteLine($"{"contexts",-10}{"compile ms",14}{"analyzers ms",16}{"% of compile",14}");
        foreach (var c in contexts)
        {
            Console.WriteLine($"{c.Contexts,-10}{F(c.CompileMs),14}{F(c.Run.TotalMs),16}{c.Run.TotalMs / c.CompileMs * 100,13:F1}%");
        }

        var contexts2x = contexts[1].Run.TotalMs / contexts[0].Run.TotalMs;
        Console.WriteLine($"2x contexts -> {contexts2x:F2}x analyzer time");
        Console.WriteLine();

        Console.WriteLine($"== 3. Keystroke latency (one document re-analyzed after an edit; {options.Edits} edits; target: median <= 20 ms) ==");
        Console.WriteLine($"{"edited document",-18}{"p50 ms",10}{"p95 ms",10}{"no-op analyzer p50",20}{"model from scratch p50",24}");
        foreach (var k in keystrokes)
        {
            Console.WriteLine($"{k.Kind.ToString().ToLowerInvariant(),-18}{F(Measurements.Median(k.Ours)),10}{F(Measurements.Percentile(k.Ours, 0.95)),10}{F(Measurements.Median(k.Baseline)),20}{F(Measurements.Median(k.ModelBuild)),24}");
        }

        var repository = keystrokes.First(k => k.Kind == DocumentKind.Repository);
        Console.WriteLine();

        Console.WriteLine("== 4. Fix All (DBP001, [Index] fix, solution scope; target: 1,000 diagnostics <= 10 s) ==");
        Console.WriteLine($"diagnostics before {fixAll.Before}, after {fixAll.After}, fixed {fixAll.Fixed}, documents changed {fixAll.ChangedDocuments}, new compile errors {fixAll.NewErrors}");
        Console.WriteLine($"computing the diagnostics {F(fixAll.DiagnosticsMs)} ms; total with the fix applied {F(fixAll.TotalMs)} ms");
        Console.WriteLine();

        Console.WriteLine($"== 5. Per-rule cost (analyzer ms / rules it supports; median over analyzers that did work) ==");
        var ourCosts = Measurements.PerRuleCosts(n.Ours, ours).ToList();
        var peerCosts = n.Peer.Count == 0 ? new List<(DiagnosticAnalyzer Analyzer, double Ms)>() : Measurements.PerRuleCosts(n.Peer, peer).ToList();
        var ourMedian = Measurements.Median(ourCosts.Select(c => c.Ms));
        var peerMedian = Measurements.Median(peerCosts.Select(c => c.Ms));
        Console.WriteLine($"{"ours",-12}{ourCosts.Count,4} analyzers  median {F(ourMedian),10} ms/rule  total {F(analyzersMs),10} ms");
        Console.WriteLine($"{Catalog.PeerName,-12}{peerCosts.Count,4} analyzers  median {F(peerMedian),10} ms/rule  total {F(n.Peer.Count == 0 ? 0 : Measurements.Median(n.Peer.Select(r => r.TotalMs))),10} ms");
        foreach (var (analyzer, ms) in peerCosts.OrderByDescending(c => c.Ms).Take(5))
        {
            Console.WriteLine($"  costliest peer: {analyzer.GetType().Name} ({Catalog.Ids(analyzer)}) {F(ms)} ms/rule");
        }

        Console.WriteLine();
        Console.WriteLine(
            $"bench: entities={options.Entities} compile_ms={F(compileMs)} analyzers_ms={F(analyzersMs)} ratio={F(analyzersMs / compileMs)} " +
            $"over_noop_pct={F(overNoOpPct)} cold_ms={F(cold.Run.TotalMs)} contexts={contexts[0].Contexts} contexts_ms={F(contexts[0].Run.TotalMs)} contexts_compile_ms={F(contexts[0].CompileMs)} contexts_2x={F(contexts2x)} " +
            $"scale4x={F(scale4x)} doc_p50_ms={F(Measurements.Median(repository.Ours))} doc_p95_ms={F(Measurements.Percentile(repository.Ours, 0.95))} " +
            $"fixall_ms={F(fixAll.TotalMs)} fixall_count={fixAll.Fixed} peer_rule_median_ms={F(peerMedian)} our_rule_median_ms={F(ourMedian)}");
    }

    private static string F(double value) => value.ToString("0.##", Invariant);

    private sealed class ScaleResult
    {
        public ScaleResult(Workload workload) => Workload = workload;

        public Workload Workload { get; }

        public List<double> CompileMs { get; } = new();

        public List<AnalyzerRun> Ours { get; } = new();

        public List<AnalyzerRun> Peer { get; } = new();

        /// <summary>Whole-compilation runs of a no-op operation analyzer (scale 1x): the driver's binding of every body, which any IOperation analyzer pays.</summary>
        public List<AnalyzerRun> NoOp { get; } = new();

        /// <summary>The process's first whole-compilation analysis (JIT, metadata, no per-tree cache): what an IDE pays opening a solution.</summary>
        public (double CompileMs, AnalyzerRun Run)? Cold { get; set; }

        public ImmutableArray<Microsoft.CodeAnalysis.Diagnostic> CompileErrors { get; set; } = ImmutableArray<Microsoft.CodeAnalysis.Diagnostic>.Empty;
    }
}

internal sealed class Options
{
    public int Entities { get; private set; } = 1000;

    public int Queries { get; private set; }

    public int Runs { get; private set; } = 3;

    public int Edits { get; private set; } = 30;

    /// <summary>Contexts of the many-contexts shape (measured at this count and twice it).</summary>
    public int Contexts { get; private set; } = 250;

    public bool Smoke { get; private set; }

    /// <summary><c>--real-model FILE</c>: the EF model build of a real project (FILE: its csc references and sources, one per line).</summary>
    public string? RealModel { get; private set; }

    /// <summary><c>--profile --contexts C</c>: profile the many-contexts shape (C contexts) instead of the entity code base.</summary>
    public bool ProfileContexts { get; private set; }

    public bool Profile { get; private set; }

    /// <summary>Only the keystroke scenarios, with a per-analyzer breakdown (for a profiler, or to check a change quickly).</summary>
    public bool KeystrokesOnly { get; private set; }

    /// <summary>Only the Fix All scenario, <c>--runs</c> times.</summary>
    public bool FixAllOnly { get; private set; }

    /// <summary>With <c>--keystrokes</c>: also each analyzer alone above the no-op analyzer (wall clock, not telemetry).</summary>
    public bool Alone { get; private set; }

    /// <summary>One discarded run first (JIT, metadata, host caches); the smoke test skips it.</summary>
    public bool Warmup { get; private set; } = true;

    public int QueriesPerEntity => Math.Max(1, (int)Math.Round((double)Queries / Entities));

    public static Options Parse(string[] args)
    {
        var options = new Options();
        int? entities = null, queries = null, runs = null, edits = null, contexts = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--entities":
                    entities = Number(args, ++i);
                    break;
                case "--queries":
                    queries = Number(args, ++i);
                    break;
                case "--runs":
                    runs = Number(args, ++i);
                    break;
                case "--edits":
                    edits = Number(args, ++i);
                    break;
                case "--contexts":
                    contexts = Number(args, ++i);
                    break;
                case "--profile":
                    options.Profile = true;
                    break;
                case "--real-model":
                    options.Profile = true;
                    options.RealModel = i + 1 < args.Length ? args[++i] : throw new ArgumentException("'--real-model' needs a file");
                    break;
                case "--alone":
                    options.Alone = true;
                    options.KeystrokesOnly = true;
                    break;
                case "--keystrokes":
                    options.KeystrokesOnly = true;
                    break;
                case "--fixall":
                    options.FixAllOnly = true;
                    break;
                case "--smoke":
                    options.Smoke = true;
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }

        if (options.Smoke)
        {
            options.Entities = 20;
            options.Runs = 1;
            options.Edits = 5;
            options.Contexts = 10;
            options.Warmup = false;
        }

        options.Entities = entities ?? options.Entities;
        options.Runs = runs ?? options.Runs;
        options.Edits = edits ?? options.Edits;
        options.Contexts = contexts ?? options.Contexts;
        options.ProfileContexts = options.Profile && contexts is not null;
        options.Queries = queries ?? options.Entities * 5;
        if (options.Entities < 8 || options.Runs < 1 || options.Edits < 1 || options.Queries < 1)
        {
            throw new ArgumentException("--entities must be >= 8; --runs, --edits and --queries >= 1");
        }

        return options;
    }

    private static int Number(string[] args, int i) =>
        i < args.Length && int.TryParse(args[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"'{args[i - 1]}' needs a number");
}
