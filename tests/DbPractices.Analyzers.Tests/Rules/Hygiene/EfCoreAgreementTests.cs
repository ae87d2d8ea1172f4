using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Hygiene;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit;

namespace DbPractices.Analyzers.Tests.Rules.Hygiene;

/// <summary>
/// DBP019, DBP022 and DBP023 against EF Core itself: each source is compiled in memory, its DbContext built with a
/// real provider (SQL Server for the decimal warning 30000, InMemory for the rest; no database is contacted), and
/// EF Core's own warnings and exceptions are compared with what the analyzer reports on the same source.
/// </summary>
public class EfCoreAgreementTests
{
    private const string Usings = "#nullable enable\nusing System;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing Microsoft.EntityFrameworkCore.Metadata.Builders;\nusing System.ComponentModel.DataAnnotations;\nusing System.ComponentModel.DataAnnotations.Schema;\n";

    [Fact]
    public async Task Decimal_precision_agrees_with_sql_server_warning_30000()
    {
        var source = Usings + """
            public abstract class Priced { public decimal Price { get; set; } }
            [Owned] public class Money { public decimal Amount { get; set; } [Precision(12, 2)] public decimal Fee { get; set; } }
            public class Account { [Precision(20, 0)] public decimal Id { get; set; } }
            public class Product : Priced
            {
                public int Id { get; set; }
                public decimal Total { get; set; }
                public decimal? Discount { get; set; }
                [Precision(18, 4)] public decimal A { get; set; }
                [Column(TypeName = "decimal(10,2)")] public decimal B { get; set; }
                public decimal C { get; set; }
                public decimal D { get; set; }
                public decimal E { get; set; }
                public decimal F { get; set; }
                [NotMapped] public decimal G { get; set; }
                public decimal AccountId { get; set; }
                public Account Account { get; set; } = null!;
                public Money Cost { get; set; } = new();
            }
            public class ProductConfiguration : IEntityTypeConfiguration<Product>
            {
                public void Configure(EntityTypeBuilder<Product> builder) => builder.Property(p => p.F).HasPrecision(9, 3);
            }
            public class Shop : DbContext
            {
                public Shop(DbContextOptions options) : base(options) { }
                public DbSet<Product> Products => Set<Product>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.ApplyConfiguration(new ProductConfiguration());
                    modelBuilder.Entity<Product>().Property(p => p.C).HasPrecision(10, 3);
                    modelBuilder.Entity<Product>().Property(p => p.D).HasColumnType("money");
                    modelBuilder.Entity<Product>().Property(p => p.E).HasConversion<double>();
                }
            }
            """;
        var conventions = Usings + """
            public class Order { public int Id { get; set; } public decimal Total { get; set; } public decimal? Tax { get; set; } }
            public class Shop : DbContext
            {
                public Shop(DbContextOptions options) : base(options) { }
                public DbSet<Order> Orders => Set<Order>();
                protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
                    configurationBuilder.Properties<decimal>().HavePrecision(18, 2);
            }
            """;

        foreach (var model in new[] { source, conventions })
        {
            var ef = RealModel.Build(model, o => o.UseSqlServer("Server=.;Database=agreement"), out var error);
            Assert.Null(error);
            var efReported = ef.Where(e => e.Id == SqlServerEventId.DecimalTypeDefaultWarning)
                .Select(e => Quoted(e.Message, 1).Split('#').Last() + "." + Quoted(e.Message, 0))
                .OrderBy(x => x).ToList();
            var ours = (await RunAsync(new DecimalWithoutPrecisionAnalyzer(), model)).Select(d => Quoted(d.GetMessage(), 0)).OrderBy(x => x).ToList();
            Assert.Equal(efReported, ours);
        }

        Assert.NotEmpty((await RunAsync(new DecimalWithoutPrecisionAnalyzer(), source)));
    }

    [Fact]
    public async Task Required_navigation_filter_agrees_with_warning_10622()
    {
        var source = Usings + """
            public class Blog { public int Id { get; set; } public bool IsDeleted { get; set; } public List<Post> Posts { get; set; } = new(); }
            public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; }
            public class Image { public int Id { get; set; } public int? BlogId { get; set; } [Required] public Blog? Blog { get; set; } }
            public class Tag { public int Id { get; set; } public Blog Blog { get; set; } = null!; }
            public class Link { public int Id { get; set; } public int? BlogId { get; set; } public Blog? Blog { get; set; } }
            public class Note { public int Id { get; set; } public int? BlogId { get; set; } public Blog Blog { get; set; } = null!; }
            public class Draft { public int Id { get; set; } public int? BlogId { get; set; } public Blog? Blog { get; set; } }
            public class Comment { public int Id { get; set; } public bool IsDeleted { get; set; } public Blog Blog { get; set; } = null!; }
            public class Author { public int Id { get; set; } }
            public class Book { public int Id { get; set; } public Author Author { get; set; } = null!; }
            public class Ctx : DbContext
            {
                public Ctx(DbContextOptions options) : base(options) { }
                public DbSet<Blog> Blogs => Set<Blog>();
                public DbSet<Image> Images => Set<Image>();
                public DbSet<Tag> Tags => Set<Tag>();
                public DbSet<Link> Links => Set<Link>();
                public DbSet<Note> Notes => Set<Note>();
                public DbSet<Draft> Drafts => Set<Draft>();
                public DbSet<Comment> Comments => Set<Comment>();
                public DbSet<Book> Books => Set<Book>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
                    modelBuilder.Entity<Comment>().HasQueryFilter(c => !c.IsDeleted);
                    modelBuilder.Entity<Link>().HasOne(l => l.Blog).WithMany().IsRequired();
                }
            }
            """;

        var ef = RealModel.Build(source, o => o.UseInMemoryDatabase("agreement"), out var error);
        Assert.Null(error);
        var efDependents = ef.Where(e => e.Id == CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning)
            .Select(e => Quoted(e.Message, 1)).OrderBy(x => x).ToList();
        var ours = (await RunAsync(new RequiredNavigationToFilteredEntityAnalyzer(), source))
            .Select(d => Quoted(d.GetMessage(), 2)).OrderBy(x => x).ToList();
        // Note (int? BlogId beside a non-nullable Blog) is optional: a nullable foreign-key property wins over the navigation
        Assert.Equal(new[] { "Image", "Link", "Post", "Tag" }, efDependents);
        Assert.Equal(efDependents, ours);
    }

    [Theory]
    [InlineData("modelBuilder.Entity<Order>().HasQueryFilter(o => !o.IsDeleted); modelBuilder.Entity<Order>().HasQueryFilter(o => o.TenantId == 1);", "replaced")]
    [InlineData("modelBuilder.Entity<Order>().HasQueryFilter(o => !o.IsDeleted); modelBuilder.Entity<Order>().HasQueryFilter(\"Tenant\", o => o.TenantId == 1);", "throws")]
    [InlineData("modelBuilder.Entity<Order>().HasQueryFilter(\"SoftDelete\", o => !o.IsDeleted); modelBuilder.Entity<Order>().HasQueryFilter(\"Tenant\", o => o.TenantId == 1);", "ok")]
    [InlineData("modelBuilder.Entity<Order>().HasQueryFilter(o => !o.IsDeleted && o.TenantId == 1);", "ok")]
    public async Task Query_filter_overwrite_agrees_with_ef_core(string configuration, string expected)
    {
        var source = Usings + """
            public class Order { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
            public class Shop : DbContext
            {
                public Shop(DbContextOptions options) : base(options) { }
                public DbSet<Order> Orders => Set<Order>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    CONFIGURATION
                }
            }
            """.Replace("CONFIGURATION", configuration);

        var calls = Regex.Matches(configuration, "HasQueryFilter").Count;
        IReadOnlyCollection<Microsoft.EntityFrameworkCore.Metadata.IQueryFilter>? filters = null;
        RealModel.Build(source, o => o.UseInMemoryDatabase("agreement"), out var error, model => filters = model.FindEntityType("Order")!.GetDeclaredQueryFilters());
        var actual = error is not null ? "throws" : filters!.Count < calls ? "replaced" : "ok";
        Assert.Equal(expected, actual);

        var ours = await RunAsync(new QueryFilterOverwrittenAnalyzer(), source);
        Assert.Equal(expected != "ok", ours.Length > 0);
    }

    private static string Quoted(string message, int index) => Regex.Matches(message, "'([^']*)'")[index].Groups[1].Value;

    private static async Task<ImmutableArray<Diagnostic>> RunAsync(DiagnosticAnalyzer analyzer, string source)
    {
        var compilation = RealModel.Compile(source, "Analyzed");
        return await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
    }

    /// <summary>Builds EF Core's model for a source: compiled in memory, loaded in a collectible context, the first DbContext created with the given provider.</summary>
    private static class RealModel
    {
        public static CSharpCompilation Compile(string source, string name) => CSharpCompilation.Create(
            name,
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
            References.Framework.AddRange(References.EfCore),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        public static List<(EventId Id, string Message)> Build(
            string source,
            Func<DbContextOptionsBuilder, DbContextOptionsBuilder> provider,
            out Exception? error,
            Action<Microsoft.EntityFrameworkCore.Metadata.IModel>? inspect = null)
        {
            var compilation = Compile(source, "RealModel" + Guid.NewGuid().ToString("N"));
            using var stream = new MemoryStream();
            var emit = compilation.Emit(stream);
            Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            stream.Position = 0;

            var events = new List<(EventId, string)>();
            var context = new AssemblyLoadContext("RealModel", isCollectible: true);
            try
            {
                var assembly = context.LoadFromStream(stream);
                var contextType = assembly.GetTypes().First(t => typeof(DbContext).IsAssignableFrom(t) && !t.IsAbstract);
                var builder = provider(new DbContextOptionsBuilder()).LogTo(
                    (id, _) => id == SqlServerEventId.DecimalTypeDefaultWarning || id == CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning,
                    (EventData e) =>
                    {
                        lock (events)
                        {
                            events.Add((e.EventId, e.ToString()));
                        }
                    });
                using var db = (DbContext)Activator.CreateInstance(contextType, builder.Options)!;
                try
                {
                    var model = db.Model;
                    inspect?.Invoke(model);
                    error = null;
                }
                catch (Exception exception)
                {
                    error = exception;
                }

                return events;
            }
            finally
            {
                context.Unload();
            }
        }
    }
}
