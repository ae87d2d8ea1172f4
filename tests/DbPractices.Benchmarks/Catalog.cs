using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using DbPractices.Analyzers;
using DbPractices.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DbPractices.Benchmarks;

/// <summary>Every shipped analyzer and fixer, found by reflection so the benchmark grows as rules land; and the peer's analyzers.</summary>
internal static class Catalog
{
    public static ImmutableArray<DiagnosticAnalyzer> Ours { get; } = Analyzers(typeof(RuleIdentifiers).Assembly.GetTypes());

    public static ImmutableArray<CodeFixProvider> OurFixers { get; } = typeof(SolutionFixAllProvider).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(ExportCodeFixProviderAttribute), false).Length > 0)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public const string PeerName = "Meziantou.Analyzer";

    /// <summary>Meziantou.Analyzer's C# analyzers, from the package's analyzers/dotnet/roslyn4.14/cs DLL copied beside the benchmark.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> LoadPeer()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "peer", PeerName + ".dll");
        if (!File.Exists(path))
        {
            return ImmutableArray<DiagnosticAnalyzer>.Empty;
        }

        var assembly = Assembly.LoadFrom(path);
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types.Where(t => t is not null).ToArray()!;
        }

        return Analyzers(types);
    }

    public static string PeerVersion()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "peer", PeerName + ".dll");
        return File.Exists(path) ? AssemblyName.GetAssemblyName(path).Version?.ToString() ?? "?" : "missing";
    }

    private static ImmutableArray<DiagnosticAnalyzer> Analyzers(Type[] types) => types
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) &&
                    t.GetCustomAttributes<DiagnosticAnalyzerAttribute>(false).Any(a => a.Languages.Contains(LanguageNames.CSharp)) &&
                    t.GetConstructor(Type.EmptyTypes) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>The IDs an analyzer reports, comma-joined (for the tables).</summary>
    public static string Ids(DiagnosticAnalyzer analyzer) =>
        string.Join(",", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct());

    public static int RuleCount(DiagnosticAnalyzer analyzer) =>
        Math.Max(1, analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().Count());
}
