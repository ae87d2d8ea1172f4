using System;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Hygiene;
using DbPractices.Analyzers.Rules.Mapping;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DbPractices.Analyzers.Tests.Model;

/// <summary>
/// EF Core agrees with what the model reads from a compiled Domain assembly: <c>{ get; private set; }</c>
/// properties (whose setter is not in the reference's metadata) are mapped, and the facts the rules report
/// at the configuration site hold in EF Core's real model.
/// </summary>
public class ExternalEntityAgreementTests
{
    private const string Domain = """
        using System;
        namespace Shop.Domain;
        public class Customer { public int Id { get; private set; } }
        public class Order
        {
            public int Id { get; private set; }
            public int CustomerId { get; private set; }
            public decimal Total { get; private set; }
            public string Note { get; private set; } = "";
            public string Display => "Order " + Id;
        }
        """;

    private const string Infrastructure = """
        using Microsoft.EntityFrameworkCore;
        using Shop.Domain;
        public class ShopContext : DbContext
        {
            public ShopContext(DbContextOptions options) : base(options) { }
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();
        }
        """;

    [Fact]
    public async Task Private_setters_of_a_compiled_domain_are_mapped_and_the_site_diagnostics_hold_in_EF_Core()
    {
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var domain = CSharpCompilation.Create("Shop.Domain" + Guid.NewGuid().ToString("N"), new[] { CSharpSyntaxTree.ParseText(Domain, parse) }, References.Framework, options);
        var domainImage = Emit(domain);
        var infrastructure = CSharpCompilation.Create(
            "Shop.Infrastructure" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(Infrastructure, parse) },
            References.Framework.AddRange(References.EfCore).AddRange(References.InMemory).Add(MetadataReference.CreateFromImage(domainImage)),
            options);

        // the analyzers: DBP001 at the DbSet<Order> property (DBP019/DBP020 stay silent: the InMemory provider stores unbounded values)
        var diagnostics = await AnalyzerRunner.RunAsync(infrastructure, new ForeignKeyWithoutIndexAnalyzer(), new DecimalWithoutPrecisionAnalyzer(), new StringWithoutMaxLengthAnalyzer());
        Assert.Equal(
            new[] { "DBP001 Order.CustomerId" },
            diagnostics.Select(d => d.Id + " " + d.GetMessage().Split('\'')[1]).ToArray());
        Assert.All(diagnostics, d => Assert.Equal("Orders", infrastructure.SyntaxTrees[0].GetText().ToString(d.Location.SourceSpan)));

        // EF Core: the same properties are mapped; CustomerId has no index, Display is not mapped
        var context = new AssemblyLoadContext("external-agreement", isCollectible: true);
        try
        {
            context.LoadFromStream(new MemoryStream(domainImage));
            var assembly = context.LoadFromStream(new MemoryStream(Emit(infrastructure)));
            var contextType = assembly.GetType("ShopContext")!;
            using var db = (DbContext)Activator.CreateInstance(contextType, new DbContextOptionsBuilder().UseInMemoryDatabase("external").Options)!;
            var order = db.Model.GetEntityTypes().Single(e => e.ClrType.Name == "Order");
            var mapped = order.GetProperties().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Equal(new[] { "CustomerId", "Id", "Note", "Total" }, mapped);

            // the index maps the same columns, read from the reference's metadata
            var ours = DbPractices.Analyzers.Model.EfModel.For(infrastructure, default)!.Entities.Single(e => e.Name == "Order");
            Assert.Equal(mapped, ours.ScalarProperties.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray());
            Assert.Empty(order.GetIndexes());
        }
        finally
        {
            context.Unload();
        }
    }

    private static byte[] Emit(CSharpCompilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return stream.ToArray();
    }
}
