using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Benchmarks;

/// <summary>
/// The generated code base compiles against the net10.0 reference assemblies and EF Core 10 (+ Relational,
/// Sqlite) restored with this project, walked from <see cref="DbContext"/>'s assembly the way the test
/// project does (a copy, not a reference to the test project; nothing is downloaded at run time).
/// </summary>
internal static class References
{
    private static readonly string FrameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    public static ImmutableArray<MetadataReference> All { get; } =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Concat(Walk(typeof(DbContext).Assembly, typeof(RelationalDatabaseFacadeExtensions).Assembly, typeof(SqliteDbContextOptionsBuilderExtensions).Assembly))
            .ToImmutableArray();

    private static IEnumerable<MetadataReference> Walk(params Assembly[] roots)
    {
        var seen = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<Assembly>(roots);
        while (queue.Count > 0)
        {
            var assembly = queue.Dequeue();
            if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location) || IsFramework(assembly) || !seen.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var name in assembly.GetReferencedAssemblies())
            {
                try
                {
                    queue.Enqueue(Assembly.Load(name));
                }
                catch (FileNotFoundException)
                {
                    // optional dependency not deployed: not needed to compile against EF Core
                }
            }
        }

        return seen.Values.OrderBy(a => a.GetName().Name, StringComparer.Ordinal)
            .Select(a => (MetadataReference)MetadataReference.CreateFromFile(a.Location))
            .ToList();
    }

    private static bool IsFramework(Assembly assembly) =>
        string.Equals(Path.GetDirectoryName(assembly.Location), FrameworkDirectory, StringComparison.OrdinalIgnoreCase);
}
