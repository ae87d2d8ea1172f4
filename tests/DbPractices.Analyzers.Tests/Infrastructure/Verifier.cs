using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace DbPractices.Analyzers.Tests.Infrastructure;

/// <summary>Which EF Core assemblies a test compilation references.</summary>
public enum EfProvider
{
    /// <summary>EF Core and Relational only: no provider known.</summary>
    None,
    Sqlite,
    InMemory,
}

/// <summary>Which EF Core major a test compilation references (the default is the one the tests build against).</summary>
public enum EfVersion
{
    /// <summary>EF Core 10 on net10.0, with the provider chosen by <see cref="EfProvider"/>.</summary>
    EfCore10,

    /// <summary>EF Core 8 (core + Relational) on net8.0 reference assemblies; no provider.</summary>
    EfCore8,
}

internal static class TestSetup
{
    /// <summary>No package: framework and EF Core come from <see cref="References"/> (restored with the tests).</summary>
    public static readonly ReferenceAssemblies NoPackages = new("net10.0");

    public static void Configure(SolutionState state, EfProvider provider, string? editorConfig, EfVersion version = EfVersion.EfCore10)
    {
        if (version == EfVersion.EfCore8)
        {
            state.AdditionalReferences.AddRange(References.Framework80);
            state.AdditionalReferences.AddRange(References.EfCore8);
            AddEditorConfig(state, editorConfig);
            return;
        }

        state.AdditionalReferences.AddRange(References.Framework);
        state.AdditionalReferences.AddRange(References.EfCore);
        if (provider == EfProvider.Sqlite)
        {
            state.AdditionalReferences.AddRange(References.Sqlite);
        }
        else if (provider == EfProvider.InMemory)
        {
            state.AdditionalReferences.AddRange(References.InMemory);
        }

        AddEditorConfig(state, editorConfig);
    }

    private static void AddEditorConfig(SolutionState state, string? editorConfig)
    {
        if (editorConfig is not null)
        {
            state.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
        }
    }
}

/// <summary>Analyzer-only verification with markup: <c>[|...|]</c>, <c>{|DBP001:...|}</c>, <c>{|#0:...|}</c>.</summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>A diagnostic to expect; additional locations are the fixer hand-off, checked by the fix tests.</summary>
    public static DiagnosticResult Diagnostic(string id) =>
        CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(new[] { source }, EfProvider.None, null, expected);

    public static Task VerifyAsync(string[] sources, EfProvider provider, string? editorConfig, params DiagnosticResult[] expected) =>
        VerifyAsync(sources, provider, editorConfig, EfVersion.EfCore10, System.Array.Empty<MetadataReference>(), expected);

    public static Task VerifyAsync(string[] sources, EfProvider provider, string? editorConfig, EfVersion efVersion, params DiagnosticResult[] expected) =>
        VerifyAsync(sources, provider, editorConfig, efVersion, System.Array.Empty<MetadataReference>(), expected);

    /// <summary>With extra references, e.g. <see cref="References.FakeProvider"/> to make a provider known.</summary>
    public static Task VerifyAsync(string[] sources, EfProvider provider, string? editorConfig, IEnumerable<MetadataReference> additionalReferences, params DiagnosticResult[] expected) =>
        VerifyAsync(sources, provider, editorConfig, EfVersion.EfCore10, additionalReferences, expected);

    public static Task VerifyAsync(string[] sources, EfProvider provider, string? editorConfig, EfVersion efVersion, IEnumerable<MetadataReference> additionalReferences, params DiagnosticResult[] expected) =>
        VerifyWithAsync(System.Array.Empty<DiagnosticAnalyzer>(), sources, provider, editorConfig, efVersion, additionalReferences, expected);

    /// <summary>With <paramref name="others"/> running beside the analyzer (rules reading the same thing): <paramref name="expected"/> is what all of them report.</summary>
    public static async Task VerifyWithAsync(DiagnosticAnalyzer[] others, string[] sources, EfProvider provider, string? editorConfig, EfVersion efVersion, IEnumerable<MetadataReference> additionalReferences, params DiagnosticResult[] expected)
    {
        var test = new Test();
        test.OtherAnalyzers.AddRange(others);
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        TestSetup.Configure(test.TestState, provider, editorConfig, efVersion);
        test.TestState.AdditionalReferences.AddRange(additionalReferences);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestSetup.NoPackages;
        }

        public List<DiagnosticAnalyzer> OtherAnalyzers { get; } = new();

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => System.Linq.Enumerable.Concat(base.GetDiagnosticAnalyzers(), OtherAnalyzers);

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
    }
}

/// <summary>Analyzer + fixer verification: the fixed code, and Fix All in document, project and solution.</summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>A diagnostic to expect; additional locations are the fixer hand-off, checked by the fix tests.</summary>
    public static DiagnosticResult Diagnostic(string id) =>
        CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    public static Task VerifyFixAsync(string source, string fixedSource, string? equivalenceKey = null) =>
        VerifyFixAsync(new[] { source }, new[] { fixedSource }, equivalenceKey);

    public static Task VerifyFixAsync(string[] sources, string[] fixedSources, string? equivalenceKey = null, EfProvider provider = EfProvider.None, string? editorConfig = null, int? iterations = null, string[]? batchFixedSources = null) =>
        VerifyFixAsync(sources, fixedSources, equivalenceKey, provider, editorConfig, iterations, EfVersion.EfCore10, batchFixedSources);

    /// <param name="batchFixedSources">Fix All's result, when it legitimately differs from fixing one diagnostic at a time.</param>
    public static async Task VerifyFixAsync(string[] sources, string[] fixedSources, string? equivalenceKey, EfProvider provider, string? editorConfig, int? iterations, EfVersion efVersion, string[]? batchFixedSources = null)
    {
        var test = new Test { CodeActionEquivalenceKey = equivalenceKey };
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        foreach (var source in fixedSources)
        {
            test.FixedState.Sources.Add(source);
        }

        foreach (var source in batchFixedSources ?? System.Array.Empty<string>())
        {
            test.BatchFixedState.Sources.Add(source);
        }

        TestSetup.Configure(test.TestState, provider, editorConfig, efVersion);
        if (iterations is { } count)
        {
            test.NumberOfIncrementalIterations = count;
            test.NumberOfFixAllIterations = count;
        }

        await test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestSetup.NoPackages;
        }

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
    }
}
