using System;
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
/// Every code action any fixer offers for any diagnostic in the sample app (a realistic project with a case per
/// rule) leaves the project compiling: no fix inserts code that does not compile, whatever the rule.
/// </summary>
public class FixesCompileTests
{
    [Fact]
    public async Task Every_fix_offered_in_the_sample_keeps_it_compiling()
    {
        var project = SampleProject.Load();
        var baseline = await ErrorsAsync(project);
        var diagnostics = await AnalyzeAsync(project);
        Assert.Contains(diagnostics, d => d.Id == "DBP001");

        var applied = 0;
        var failures = new List<string>();
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
                var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
                await fixer.RegisterCodeFixesAsync(context);
                foreach (var action in actions.SelectMany(Flatten))
                {
                    var operations = await action.GetOperationsAsync(CancellationToken.None);
                    var changed = operations.OfType<ApplyChangesOperation>().SingleOrDefault()?.ChangedSolution.GetProject(project.Id);
                    if (changed is null)
                    {
                        continue;
                    }

                    applied++;
                    var errors = await ErrorsAsync(changed);
                    var added = errors.Except(baseline).ToList();
                    if (added.Count > 0)
                    {
                        failures.Add($"{diagnostic.Id} '{action.Title}' at {diagnostic.Location.GetLineSpan()}: {string.Join("; ", added)}");
                    }
                }
            }
        }

        Assert.True(applied > 20, $"only {applied} fixes were applied");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static IEnumerable<CodeAction> Flatten(CodeAction action) =>
        action.NestedActions.IsDefaultOrEmpty ? new[] { action } : action.NestedActions.SelectMany(Flatten);

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var options = new CompilationWithAnalyzersOptions(project.AnalyzerOptions, null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(RuleCatalog.Analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return diagnostics.Where(d => d.Id.StartsWith("DBP", StringComparison.Ordinal) && d.Location.IsInSource).ToImmutableArray();
    }

    /// <summary>Compile errors as "file: CSxxxx message" (positions left out: a fix moves the lines below it).</summary>
    private static async Task<HashSet<string>> ErrorsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{Path.GetFileName(d.Location.SourceTree?.FilePath)}: {d.Id} {d.GetMessage()}")
            .ToHashSet(StringComparer.Ordinal);
    }
}
