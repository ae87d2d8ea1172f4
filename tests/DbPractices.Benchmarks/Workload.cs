using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace DbPractices.Benchmarks;

/// <summary>The generated sources and how to turn them into compilations and analyzer runs.</summary>
internal sealed class Workload
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>Single-threaded compiler, like the single-threaded analyzer driver below: the two times compare like for like on a shared 2-core machine.</summary>
    public static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        concurrentBuild: false);

    private readonly CodeBaseGenerator? _generator;

    public Workload(CodeBaseGenerator generator)
        : this(generator.Generate()) => _generator = generator;

    /// <summary>A workload of other generated shapes (the many-contexts project).</summary>
    public Workload(List<GeneratedDocument> documents)
    {
        Documents = documents;
        Lines = Documents.Sum(d => d.Text.Count(c => c == '\n'));
    }

    public CodeBaseGenerator Generator => _generator ?? throw new System.InvalidOperationException("not a generated entity code base");

    public List<GeneratedDocument> Documents { get; }

    public int Lines { get; }

    /// <summary>A compilation over freshly parsed trees: no syntax tree or per-tree analyzer cache is shared with an earlier run.</summary>
    public CSharpCompilation CreateCompilation() => CSharpCompilation.Create(
        "Bench",
        Documents.Select(d => CSharpSyntaxTree.ParseText(SourceText.From(d.Text, Encoding.UTF8), ParseOptions, d.Path)),
        References.All,
        CompilationOptions);

    public static CompilationWithAnalyzers WithAnalyzers(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, bool logTimes, List<string>? exceptions = null) =>
        compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, _) =>
            {
                if (exceptions is not null)
                {
                    lock (exceptions)
                    {
                        exceptions.Add($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}");
                    }
                }
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: logTimes,
            reportSuppressedDiagnostics: false));
}
