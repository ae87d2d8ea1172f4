using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using DbPractices.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Benchmarks;

/// <summary>
/// The generated code base compiles against the net10.0 reference assemblies and EF Core 10 (+ Relational,
/// Sqlite) restored with this project, walked from <see cref="DbContext"/>'s assembly the way the test
/// project does (a copy, not a reference to the test project; nothing is downloaded at run time).
/// </summary>
internal static class References
{
    public static ImmutableArray<MetadataReference> All { get; } =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Concat(Walk(typeof(DbContext).Assembly, typeof(RelationalDatabaseFacadeExtensions).Assembly, typeof(SqliteDbContextOptionsBuilderExtensions).Assembly))
            .ToImmutableArray();

    private static IEnumerable<MetadataReference> Walk(params Assembly[] roots) =>
        AssemblyWalk.Paths(roots).Select(path => (MetadataReference)MetadataReference.CreateFromFile(path));
}
