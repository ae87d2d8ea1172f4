using System;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DbPractices.Analyzers.Tests.Infrastructure;

/// <summary>
/// Builds EF Core's real model for a test source at test time: the source is compiled in memory, loaded
/// into a collectible load context (EF Core itself resolves from the test's own context), and the first
/// DbContext it declares is created with the InMemory provider and asked for its <c>Model</c>.
/// No database is touched.
/// </summary>
public static class RealEfModel
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The compilation the analyzers see for the same source (EF Core + Relational + InMemory).</summary>
    public static CSharpCompilation Compile(string source, string assemblyName = "RealModel") =>
        CSharpCompilation.Create(
            assemblyName,
            new[] { CSharpSyntaxTree.ParseText(source, ParseOptions) },
            References.Framework.AddRange(References.EfCore).AddRange(References.InMemory),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>EF Core's model, or the exception EF Core throws while building it.</summary>
    /// <param name="contextName">The DbContext to build (the first non-abstract one when null).</param>
    /// <param name="relational">Build with the SQLite provider (no connection is opened) and return the design-time model, whose relational names (columns) are complete.</param>
    public static (IModel? Model, Exception? Error) Build(string source, string? contextName = null, bool relational = false)
    {
        var compilation = Compile(source, "RealModel" + Guid.NewGuid().ToString("N"));
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        if (!emit.Success)
        {
            throw new InvalidOperationException("test model does not compile:\n" +
                string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        stream.Position = 0;
        var context = new AssemblyLoadContext(compilation.AssemblyName, isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var contextType = assembly.GetTypes().First(t => typeof(DbContext).IsAssignableFrom(t) && !t.IsAbstract && (contextName is null || t.Name == contextName));
            var options = relational
                ? new DbContextOptionsBuilder().UseSqlite("Data Source=:memory:").Options
                : new DbContextOptionsBuilder().UseInMemoryDatabase("real-model").Options;
            using var db = (DbContext)Activator.CreateInstance(contextType, options)!;
            try
            {
                return relational
                    ? (Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>(db).Model, null)
                    : (db.Model, null);
            }
            catch (Exception exception)
            {
                return (null, exception);
            }
        }
        finally
        {
            context.Unload();
        }
    }
}
