using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace DbPractices.Analyzers.Tests;

/// <summary>
/// No analyzer may throw (AD0001) on finished or half-typed code: every analyzer runs over every C#
/// source embedded in the tests and every sample file, whole and cut at many positions.
/// </summary>
public class RobustnessTests
{
    /// <summary>Cut positions per source: enough to hit most constructs half-typed, few enough to stay fast.</summary>
    private const int CutsPerSource = 6;

    public static TheoryData<string> SourceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in CorpusFiles())
        {
            data.Add(Path.GetRelativePath(RuleCatalog.RepositoryRoot, file));
        }

        return data;
    }

    private static IEnumerable<string> CorpusFiles()
    {
        var root = RuleCatalog.RepositoryRoot;
        var tests = Directory.GetFiles(Path.Combine(root, "tests", "DbPractices.Analyzers.Tests", "Rules"), "*.cs", SearchOption.AllDirectories);
        var samples = Directory.GetFiles(Path.Combine(root, "samples"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) &&
                        !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        return tests.Concat(samples).OrderBy(f => f, StringComparer.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SourceFiles))]
    public async Task No_analyzer_throws_on_whole_or_cut_sources(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(RuleCatalog.RepositoryRoot, relativePath));
        var sources = relativePath.StartsWith("samples", StringComparison.Ordinal)
            ? new List<string> { text }
            : ExtractEmbeddedSources(text);
        Assert.NotEmpty(sources);

        foreach (var source in sources)
        {
            await AssertNoExceptionAsync(source, relativePath);
            for (var i = 1; i <= CutsPerSource; i++)
            {
                var cut = source.Length * i / (CutsPerSource + 1);
                await AssertNoExceptionAsync(source.Substring(0, cut), relativePath);

                // a hole in the middle, as while retyping an expression
                var end = Math.Min(source.Length, cut + 7);
                await AssertNoExceptionAsync(source.Substring(0, cut) + source.Substring(end), relativePath);
            }
        }
    }

    /// <summary>Raw string literals that look like C# (contain a type declaration), markup removed.</summary>
    internal static List<string> ExtractEmbeddedSources(string testFile)
    {
        var result = new List<string>();
        foreach (Match match in Regex.Matches(testFile, "\"\"\"\\r?\\n(.*?)\\r?\\n\\s*\"\"\"", RegexOptions.Singleline))
        {
            var source = match.Groups[1].Value;
            if (Regex.IsMatch(source, @"\b(class|record|interface)\s+\w+"))
            {
                result.Add(StripMarkup(source));
            }
        }

        return result;
    }

    private static string StripMarkup(string source)
    {
        source = Regex.Replace(source, @"\{\|(#\d+|DBP\d{3}):", string.Empty);
        return source.Replace("|}", string.Empty).Replace("[|", string.Empty).Replace("|]", string.Empty);
    }

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> AllReferences =
        References.Framework.AddRange(References.EfCore).AddRange(References.Sqlite);

    private static async Task AssertNoExceptionAsync(string source, string origin)
    {
        var exceptions = await RunAsync(source, RuleCatalog.Analyzers);
        Assert.True(exceptions.Count == 0, $"{origin}: analyzer threw on\n{source}\n\n{string.Join("\n", exceptions)}");
    }

    [Fact]
    public async Task Harness_catches_an_analyzer_that_throws()
    {
        var exceptions = await RunAsync("public class C { }", ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer()));
        Assert.Contains(exceptions, e => e.Contains("ThrowingAnalyzer", StringComparison.Ordinal));
    }

#pragma warning disable RS1001, RS1026, RS2008 // a deliberately broken analyzer for the harness self-test
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("TEST001", "t", "t", "t", DiagnosticSeverity.Warning, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSymbolAction(_ => throw new InvalidOperationException("boom"), SymbolKind.NamedType);
        }
    }
#pragma warning restore RS1001, RS1026, RS2008

    private static async Task<List<string>> RunAsync(string source, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var prefix = "using System;\nusing System.Linq;\nusing System.Collections.Generic;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\n";
        var tree = CSharpSyntaxTree.ParseText(prefix + source, ParseOptions, path: "/0/Test0.cs");
        var compilation = CSharpCompilation.Create(
            "Robustness",
            new[] { tree },
            AllReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => exceptions.Add($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);

        exceptions.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage()));
        return exceptions;
    }
}
