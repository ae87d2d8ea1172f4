using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace DbPractices.Analyzers.Tests.Infrastructure;

/// <summary>How the Infrastructure project (the one with the DbContext) sees the Domain project.</summary>
public enum DomainReference
{
    /// <summary>A project reference, as in the IDE: the Domain's symbols come from its own compilation.</summary>
    Project,

    /// <summary>A compiled assembly, as in a command-line build or a package: the Domain's symbols come from metadata.</summary>
    Assembly,
}

/// <summary>
/// A Domain project (entities, base classes; with or without EF Core) referenced by the project under test,
/// which holds the DbContext: the most common layout of real solutions.
/// </summary>
/// <param name="Sources">The Domain project's sources (no markup: diagnostics are expected in the project under test).</param>
/// <param name="WithEfCore">Whether the Domain project references EF Core (and can use its annotations).</param>
/// <param name="Reference">Project reference or compiled assembly.</param>
public sealed record Domain(string[] Sources, bool WithEfCore = false, DomainReference Reference = DomainReference.Project)
{
    public const string ProjectName = "Domain";

    public Domain(string source, bool withEfCore = false, DomainReference reference = DomainReference.Project)
        : this(new[] { source }, withEfCore, reference)
    {
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MetadataReference> Compiled = new(StringComparer.Ordinal);

    /// <summary>Adds the Domain project (or its compiled assembly) to a test's state and references it from the project under test.</summary>
    public void AddTo(SolutionState state)
    {
        var references = WithEfCore ? References.Framework.AddRange(References.EfCore) : References.Framework;
        if (Reference == DomainReference.Assembly)
        {
            state.AdditionalReferences.Add(Compile(references));
            return;
        }

        var project = new ProjectState(ProjectName, LanguageNames.CSharp, "/Domain/Test", "cs")
        {
            ReferenceAssemblies = TestSetup.NoPackages,
        };
        for (var i = 0; i < Sources.Length; i++)
        {
            project.Sources.Add(($"/Domain/Domain{i}.cs", Sources[i]));
        }

        project.AdditionalReferences.AddRange(references);
        state.AdditionalProjects.Add(ProjectName, project);
        state.AdditionalProjectReferences.Add(ProjectName);
    }

    private MetadataReference Compile(IEnumerable<MetadataReference> references) =>
        Compiled.GetOrAdd(WithEfCore + "\n" + string.Join("\n//--\n", Sources), _ =>
        {
            var compilation = CSharpCompilation.Create(
                ProjectName,
                Sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))),
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            using var stream = new MemoryStream();
            var result = compilation.Emit(stream);
            if (!result.Success)
            {
                throw new InvalidOperationException("The Domain project does not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            }

            return MetadataReference.CreateFromImage(stream.ToArray());
        });
}

/// <summary>Verification of a project under test that references a <see cref="Domain"/> project.</summary>
public static class MultiProject
{
    public static async Task VerifyAsync<TAnalyzer>(Domain domain, string[] sources, EfProvider provider, string? editorConfig, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new AnalyzerVerifier<TAnalyzer>.Test();
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        TestSetup.Configure(test.TestState, provider, editorConfig);
        domain.AddTo(test.TestState);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    public static Task VerifyAsync<TAnalyzer>(Domain domain, string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        VerifyAsync<TAnalyzer>(domain, new[] { source }, EfProvider.None, null, expected);

    /// <param name="batchFixedSources">Fix All's result, when it differs from fixing one diagnostic at a time.</param>
    /// <param name="iterations">Fixes applied one at a time (and by Fix All, unless <paramref name="fixAllIterations"/> says otherwise).</param>
    public static async Task VerifyFixAsync<TAnalyzer, TCodeFix>(Domain domain, string[] sources, string[] fixedSources, string? equivalenceKey = null, EfProvider provider = EfProvider.None, string? editorConfig = null, string[]? batchFixedSources = null, int? iterations = null, int? fixAllIterations = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CodeFixVerifier<TAnalyzer, TCodeFix>.Test { CodeActionEquivalenceKey = equivalenceKey };
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        foreach (var source in fixedSources)
        {
            test.FixedState.Sources.Add(source);
        }

        foreach (var source in batchFixedSources ?? Array.Empty<string>())
        {
            test.BatchFixedState.Sources.Add(source);
        }

        if (iterations is { } count)
        {
            test.NumberOfIncrementalIterations = count;
            test.NumberOfFixAllIterations = fixAllIterations ?? count;
        }

        TestSetup.Configure(test.TestState, provider, editorConfig);
        domain.AddTo(test.TestState);
        await test.RunAsync(CancellationToken.None);
    }

    public static Task VerifyFixAsync<TAnalyzer, TCodeFix>(Domain domain, string source, string fixedSource, string? equivalenceKey = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new() =>
        VerifyFixAsync<TAnalyzer, TCodeFix>(domain, new[] { source }, new[] { fixedSource }, equivalenceKey);
}
