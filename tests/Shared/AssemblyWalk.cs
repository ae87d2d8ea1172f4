using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace DbPractices.Tests.Shared;

/// <summary>
/// The assemblies a compilation against EF Core needs besides the reference assemblies: the given roots and
/// what they reference, transitively, outside the shared framework, as deployed with the running project
/// (nothing is downloaded). Linked into the test and the benchmark project.
/// </summary>
internal static class AssemblyWalk
{
    private static readonly string FrameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    /// <summary>The files of the roots and their non-framework dependencies, ordered by assembly name.</summary>
    public static IReadOnlyList<string> Paths(params Assembly[] roots)
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

        return seen.Values.OrderBy(a => a.GetName().Name, StringComparer.Ordinal).Select(a => a.Location).ToList();
    }

    private static bool IsFramework(Assembly assembly) =>
        string.Equals(Path.GetDirectoryName(assembly.Location), FrameworkDirectory, StringComparison.OrdinalIgnoreCase);
}
