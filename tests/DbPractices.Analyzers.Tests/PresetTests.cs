using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DbPractices.Analyzers.Tests;

/// <summary>
/// The package's presets (<c>DbPracticesAnalysisMode</c>): what each does to the sample's diagnostics, and how the
/// package's .targets picks the preset file whatever the case of the value.
/// </summary>
public class PresetTests
{
    private static string PackageDirectory => Path.Combine(RuleCatalog.RepositoryRoot, "src", "DbPractices.Package");

    [Fact]
    public void Strict_never_lowers_a_severity()
    {
        var lines = File.ReadAllLines(Path.Combine(PackageDirectory, "configuration", "Strict.globalconfig"));
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            var line = lines.Single(l => l.StartsWith($"dotnet_diagnostic.{descriptor.Id}.severity = ", StringComparison.Ordinal));
            var strict = line.Substring(line.LastIndexOf(' ') + 1) switch
            {
                "error" => DiagnosticSeverity.Error,
                "warning" => DiagnosticSeverity.Warning,
                "suggestion" => DiagnosticSeverity.Info,
                _ => DiagnosticSeverity.Hidden,
            };
            Assert.True(strict >= descriptor.DefaultSeverity && strict >= DiagnosticSeverity.Warning, $"{descriptor.Id}: Strict sets {strict}, default is {descriptor.DefaultSeverity}");
        }
    }

    [Theory]
    [InlineData("Default", DiagnosticSeverity.Error, DiagnosticSeverity.Info)]
    [InlineData("Strict", DiagnosticSeverity.Error, DiagnosticSeverity.Warning)]
    [InlineData("None", null, null)]
    public async Task Preset_applied_to_the_sample(string preset, DiagnosticSeverity? dbp004, DiagnosticSeverity? dbp020)
    {
        // the sample without the severities its own .editorconfig sets for its case files, with the preset
        var project = SampleProject.Load();
        foreach (var config in project.AnalyzerConfigDocuments.ToList())
        {
            var text = (await config.GetTextAsync()).ToString();
            var kept = string.Join("\n", text.Split('\n').Where(l => !l.StartsWith("dotnet_diagnostic.", StringComparison.Ordinal)));
            project = project.Solution.WithAnalyzerConfigDocumentText(config.Id, SourceText.From(kept)).GetProject(project.Id)!;
        }

        var path = Path.Combine(PackageDirectory, "configuration", preset + ".globalconfig");
        project = project.AddAnalyzerConfigDocument(preset + ".globalconfig", SourceText.From(File.ReadAllText(path)), filePath: "/preset/" + preset + ".globalconfig").Project;
        var diagnostics = await FixesCompileTests.AnalyzeAsync(project);

        Assert.Equal(dbp004, diagnostics.Where(d => d.Id == "DBP004").Select(d => (DiagnosticSeverity?)d.Severity).Distinct().SingleOrDefault());
        Assert.Equal(dbp020, diagnostics.Where(d => d.Id == "DBP020").Select(d => (DiagnosticSeverity?)d.Severity).Distinct().SingleOrDefault());
        if (preset == "None")
        {
            Assert.Empty(diagnostics);
        }
    }

    [Theory]
    [InlineData("", "Default")]
    [InlineData("Default", "Default")]
    [InlineData("strict", "Strict")]
    [InlineData("STRICT", "Strict")]
    [InlineData("Strict", "Strict")]
    [InlineData("none", "None")]
    [InlineData("Relaxed", null)]
    public void Analysis_mode_is_case_insensitive(string mode, string? preset)
    {
        var targets = Path.Combine(PackageDirectory, "build", "DbPractices.Analyzers.targets");
        var directory = Directory.CreateTempSubdirectory("dbp-preset-");
        try
        {
            // the package layout: build/ next to configuration/
            Directory.CreateDirectory(Path.Combine(directory.FullName, "build"));
            File.Copy(targets, Path.Combine(directory.FullName, "build", "DbPractices.Analyzers.targets"));
            var configuration = Directory.CreateDirectory(Path.Combine(directory.FullName, "configuration"));
            foreach (var file in Directory.GetFiles(Path.Combine(PackageDirectory, "configuration")))
            {
                File.Copy(file, Path.Combine(configuration.FullName, Path.GetFileName(file)));
            }

            var project = Path.Combine(directory.FullName, "Consumer.proj");
            File.WriteAllText(project, "<Project>\n  <PropertyGroup><DbPracticesAnalysisMode>" + mode + "</DbPracticesAnalysisMode></PropertyGroup>\n  <Import Project=\"build/DbPractices.Analyzers.targets\" />\n</Project>\n");
            var files = Evaluate(project, "-getItem:EditorConfigFiles");
            if (preset is null)
            {
                Assert.DoesNotContain(".globalconfig", files, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("configuration/" + preset + ".globalconfig", files.Replace('\\', '/'), StringComparison.Ordinal);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Evaluate(string project, string query)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet, $"msbuild \"{project}\" {query} -nologo")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet msbuild failed: {output.Result}\n{error.Result}");
        return output.Result;
    }
}
