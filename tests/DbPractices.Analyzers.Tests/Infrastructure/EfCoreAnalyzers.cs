using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DbPractices.Analyzers.Tests.Infrastructure;

/// <summary>
/// EF Core's own analyzers (Microsoft.EntityFrameworkCore.Analyzers: EF1002, EF1003), loaded from the NuGet cache
/// where restore put them (EF Core depends on the package; the test project also pins it with PackageDownload).
/// Each version gets its own load context; Roslyn itself comes from the test host, so the types line up.
/// </summary>
internal static class EfCoreAnalyzers
{
    private static readonly ConcurrentDictionary<string, Assembly> Loaded = new(StringComparer.Ordinal);

    public static string EfCore10Version => Metadata("EfCoreVersion");

    public static string EfCore8Version => Metadata("EfCore8Version");

    /// <summary>The raw-SQL analyzers of that EF Core version (EF1002, and EF1003 from EF Core 10).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> RawSql(string version) => Load(version).GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.Name.Contains("RawQueries", StringComparison.Ordinal))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>Diagnostic IDs EF Core's own code fixes of that version fix.</summary>
    public static ImmutableArray<string> FixedIds(string version) => Load(version).GetTypes()
        .Where(t => !t.IsAbstract && typeof(Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider).IsAssignableFrom(t))
        .SelectMany(t => ((Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds)
        .ToImmutableArray();

    private static Assembly Load(string version) => Loaded.GetOrAdd(version, v =>
    {
        var path = Path.Combine(Metadata("NuGetPackageRoot"), "microsoft.entityframeworkcore.analyzers", v, "analyzers", "dotnet", "cs", "Microsoft.EntityFrameworkCore.Analyzers.dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: run 'dotnet restore' for the test project", path);
        }

        return new AssemblyLoadContext("EFCore.Analyzers." + v).LoadFromAssemblyPath(path);
    });

    private static string Metadata(string key) =>
        typeof(EfCoreAnalyzers).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
