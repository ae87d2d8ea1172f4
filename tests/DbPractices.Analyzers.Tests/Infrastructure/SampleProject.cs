using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace DbPractices.Analyzers.Tests.Infrastructure;

/// <summary>samples/DbPractices.Sample as a workspace project: a realistic app with a case for every rule.</summary>
public static class SampleProject
{
    public static Project Load(string assemblyName = "Sample")
    {
        var root = Path.Combine(RuleCatalog.RepositoryRoot, "samples", "DbPractices.Sample");
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            assemblyName,
            assemblyName,
            LanguageNames.CSharp,
            filePath: Path.Combine(root, "DbPractices.Sample.csproj"),
            compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: References.Framework.AddRange(References.EfCore).AddRange(References.Sqlite)));
        var solution = workspace.CurrentSolution;
        foreach (var file in Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) &&
                                 !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                     .OrderBy(f => f, StringComparer.Ordinal))
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(project.Id), Path.GetFileName(file), SourceText.From(File.ReadAllText(file)), filePath: file);
        }

        foreach (var config in Directory.GetFiles(root, ".editorconfig", SearchOption.AllDirectories))
        {
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(project.Id), ".editorconfig", SourceText.From(File.ReadAllText(config)), filePath: config);
        }

        // implicit usings of the SDK, as the sample project gets them
        solution = solution.AddDocument(DocumentId.CreateNewId(project.Id), "GlobalUsings.g.cs", SourceText.From(
            "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\nglobal using System.Net.Http;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n"),
            filePath: Path.Combine(root, "obj", "GlobalUsings.g.cs"));
        return solution.GetProject(project.Id)!;
    }
}
