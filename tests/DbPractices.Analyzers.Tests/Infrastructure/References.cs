using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using DbPractices.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Analyzers.Tests.Infrastructure;

/// <summary>
/// Metadata references for the compilations under test, all from packages restored with this project
/// (nothing is downloaded while tests run): the net10.0 reference assemblies and EF Core's assemblies
/// with their non-framework dependencies.
/// </summary>
public static class References
{
    public static ImmutableArray<MetadataReference> Framework { get; } =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToImmutableArray();

    /// <summary>EF Core + Relational and what they depend on outside the shared framework.</summary>
    public static ImmutableArray<MetadataReference> EfCore { get; } = Walk(
        typeof(DbContext).Assembly,
        typeof(RelationalDatabaseFacadeExtensions).Assembly);

    public static ImmutableArray<MetadataReference> Sqlite { get; } = Walk(typeof(SqliteDbContextOptionsBuilderExtensions).Assembly)
        .Except(EfCore).ToImmutableArray();

    public static ImmutableArray<MetadataReference> InMemory { get; } = Walk(typeof(InMemoryDbContextOptionsExtensions).Assembly)
        .Except(EfCore).ToImmutableArray();

    /// <summary>The SQL Server provider (temporal tables: <c>IsTemporal</c>, <c>HasPeriodStart</c>) for real models built at test time.</summary>
    public static ImmutableArray<MetadataReference> SqlServer { get; } = Walk(typeof(SqlServerDbContextOptionsExtensions).Assembly)
        .Except(EfCore).ToImmutableArray();

    /// <summary>The net8.0 reference assemblies, for compilations against <see cref="EfCore8"/>.</summary>
    public static ImmutableArray<MetadataReference> Framework80 { get; } =
        Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>().ToImmutableArray();

    /// <summary>
    /// EF Core 8 (core, Relational, Abstractions) from the NuGet cache, where the test project's
    /// <c>PackageDownload</c> restored it; the path is stamped into this assembly at build time. EF Core 8's
    /// Microsoft.Extensions dependencies are left out: the compilations under test do not touch them.
    /// </summary>
    public static ImmutableArray<MetadataReference> EfCore8 { get; } = LoadEfCore8();

    private static ImmutableArray<MetadataReference> LoadEfCore8()
    {
        var metadata = typeof(References).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var root = metadata["NuGetPackageRoot"] ?? throw new InvalidOperationException("NuGetPackageRoot was not stamped into the test assembly");
        var version = metadata["EfCore8Version"] ?? throw new InvalidOperationException("EfCore8Version was not stamped into the test assembly");
        return new[] { "Microsoft.EntityFrameworkCore", "Microsoft.EntityFrameworkCore.Relational", "Microsoft.EntityFrameworkCore.Abstractions" }
            .Select(id =>
            {
                var path = Path.Combine(root, id.ToLowerInvariant(), version, "lib", "net8.0", id + ".dll");
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"{path} is missing: run 'dotnet restore' for the test project (PackageDownload of {id} {version})", path);
                }

                return (MetadataReference)MetadataReferenceCache.Get(path);
            })
            .ToImmutableArray();
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MetadataReference> FakeAssemblies = new(StringComparer.Ordinal);

    /// <summary>
    /// An empty assembly with a provider's name (<c>Microsoft.EntityFrameworkCore.SqlServer</c>,
    /// <c>Npgsql.EntityFrameworkCore.PostgreSQL</c>, <c>Pomelo.EntityFrameworkCore.MySql</c>): analyzers that detect the
    /// provider from the referenced assembly names see it, without the provider's package.
    /// </summary>
    public static MetadataReference FakeProvider(string assemblyName) => FakeAssemblies.GetOrAdd(assemblyName, name =>
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            name,
            new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace " + name + " { public static class ProviderMarker { } }") },
            Framework,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("fake provider assembly does not compile");
        }

        return MetadataReference.CreateFromImage(stream.ToArray());
    });

    private static ImmutableArray<MetadataReference> Walk(params Assembly[] roots) =>
        AssemblyWalk.Paths(roots).Select(path => (MetadataReference)MetadataReferenceCache.Get(path)).ToImmutableArray();
}

/// <summary>One <see cref="PortableExecutableReference"/> per file for the whole test run.</summary>
internal static class MetadataReferenceCache
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, PortableExecutableReference> Cache = new(StringComparer.Ordinal);

    public static PortableExecutableReference Get(string path) => Cache.GetOrAdd(path, p => MetadataReference.CreateFromFile(p));
}
