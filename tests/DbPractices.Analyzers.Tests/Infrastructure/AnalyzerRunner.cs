using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DbPractices.Analyzers.Tests.Infrastructure;

/// <summary>Runs analyzers over a compilation directly, for tests that compare diagnostics across variants of one model.</summary>
public static class AnalyzerRunner
{
    public static async Task<ImmutableArray<Diagnostic>> RunAsync(CSharpCompilation compilation, params DiagnosticAnalyzer[] analyzers)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Xunit.Assert.True(errors.Count == 0, string.Join("\n", errors));
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create(analyzers)).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Xunit.Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics.OrderBy(d => d.Id).ThenBy(d => d.GetMessage()).ToImmutableArray();
    }
}
