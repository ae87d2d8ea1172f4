using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Hygiene;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Hygiene;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Hygiene.DecimalWithoutPrecisionAnalyzer,
    DbPractices.CodeFixes.Rules.Hygiene.DecimalWithoutPrecisionFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Hygiene;

public class DecimalWithoutPrecisionTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing System.ComponentModel.DataAnnotations.Schema;\n";

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<DecimalWithoutPrecisionAnalyzer>.VerifyAsync(new[] { Usings + source }, EfProvider.None, null, expected);

    private static DiagnosticResult Expect(int location, string property) =>
        Verify.Diagnostic("DBP019").WithLocation(location).WithArguments(property);

    [Fact]
    public Task Decimal_without_precision_fires_with_no_provider_known() => Analyze("""
        public class Order
        {
            public int Id { get; set; }
            public decimal {|#0:Total|} { get; set; }
            public decimal? {|#1:Discount|} { get; set; }
            public double Weight { get; set; }
        }
        public class Shop : DbContext { public DbSet<Order> Orders => Set<Order>(); }
        """,
        Expect(0, "Order.Total"), Expect(1, "Order.Discount"));

    [Fact]
    public Task Owned_type_and_unmapped_base_class_fire() => Analyze("""
        public abstract class Priced { public decimal {|#0:Price|} { get; set; } }
        public class Product : Priced { public int Id { get; set; } public Money Cost { get; set; } = new(); }
        [Owned] public class Money { public decimal {|#1:Amount|} { get; set; } }
        public class Shop : DbContext { public DbSet<Product> Products => Set<Product>(); }
        """,
        Expect(0, "Product.Price"), Expect(1, "Money.Amount"));

    [Fact]
    public Task Precision_column_type_fluent_conversion_and_bulk_conventions_are_silent() => Analyze("""
        using System.ComponentModel.DataAnnotations.Schema;
        public class Order
        {
            public int Id { get; set; }
            [Precision(18, 4)] public decimal A { get; set; }
            [Column(TypeName = "decimal(12,2)")] public decimal B { get; set; }
            public decimal C { get; set; }
            public decimal D { get; set; }
            public decimal E { get; set; }
            [NotMapped] public decimal F { get; set; }
            public decimal G => A + B;
        }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Order>(b =>
                {
                    b.Property(o => o.C).HasPrecision(10, 3);
                    b.Property(o => o.D).HasColumnType("money");
                });
                modelBuilder.Entity<Order>().Property(o => o.E).HasConversion<double>();
            }
        }
        """);

    [Fact]
    public Task Bulk_convention_is_silent() => Analyze("""
        public class Order { public int Id { get; set; } public decimal Total { get; set; } public decimal? Tax { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
                configurationBuilder.Properties<decimal>().HavePrecision(18, 2);
        }
        """);

    [Fact]
    public Task Configuration_class_and_foreign_key_are_silent() => Analyze("""
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        public class Account { [Precision(20, 0)] public decimal Id { get; set; } }
        public class Entry
        {
            public int Id { get; set; }
            public decimal AccountId { get; set; }
            public Account Account { get; set; } = null!;
            public decimal Amount { get; set; }
        }
        public class EntryConfiguration : IEntityTypeConfiguration<Entry>
        {
            public void Configure(EntityTypeBuilder<Entry> builder) => builder.Property(e => e.Amount).HasPrecision(19, 4);
        }
        public class Ledger : DbContext { public DbSet<Entry> Entries => Set<Entry>(); }
        """);

    [Fact]
    public Task Sqlite_and_in_memory_are_silent() => AnalyzerVerifier<DecimalWithoutPrecisionAnalyzer>.VerifyAsync(
        new[] { Usings + "public class Order { public int Id { get; set; } public decimal Total { get; set; } }\npublic class Shop : DbContext { public DbSet<Order> Orders => Set<Order>(); }" },
        EfProvider.Sqlite, null);

    [Fact]
    public Task Dialect_option_overrides_the_referenced_provider() => AnalyzerVerifier<DecimalWithoutPrecisionAnalyzer>.VerifyAsync(
        new[] { Usings + "public class Order { public int Id { get; set; } public decimal {|#0:Total|} { get; set; } }\npublic class Shop : DbContext { public DbSet<Order> Orders => Set<Order>(); }" },
        EfProvider.InMemory, "dbpractices.sql_dialect = sqlserver", Expect(0, "Order.Total"));

    [Fact]
    public Task Class_that_is_not_an_entity_is_silent() => Analyze("""
        public class OrderDto { public decimal Total { get; set; } }
        public class Order { public int Id { get; set; } }
        public class Shop : DbContext { public DbSet<Order> Orders => Set<Order>(); }
        """);

    [Fact]
    public Task Fix_adds_precision_attribute_and_using_in_every_document() => Verify.VerifyFixAsync(
        new[]
        {
            """
            namespace Shop;

            public class Order
            {
                public int Id { get; set; }

                /// <summary>Gross amount.</summary>
                public decimal {|DBP019:Total|} { get; set; }
                [System.ComponentModel.DataAnnotations.Required] public decimal? {|DBP019:Tax|} { get; set; } // optional
            }
            """,
            """
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public class Invoice { public int Id { get; set; } public decimal {|DBP019:Amount|} { get; set; } }

            public class ShopContext : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
                public DbSet<Invoice> Invoices => Set<Invoice>();
            }
            """,
        },
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public class Order
            {
                public int Id { get; set; }

                /// <summary>Gross amount.</summary>
                [Precision(18, 2)]
                public decimal Total { get; set; }
                [System.ComponentModel.DataAnnotations.Required] [Precision(18, 2)] public decimal? Tax { get; set; } // optional
            }
            """,
            """
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public class Invoice { public int Id { get; set; } [Precision(18, 2)] public decimal Amount { get; set; } }

            public class ShopContext : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
                public DbSet<Invoice> Invoices => Set<Invoice>();
            }
            """,
        },
        DecimalWithoutPrecisionFixer.AddPrecisionKey);

    [Fact]
    public Task Complex_type_members_are_checked_per_use() => Analyze("""
        public class Money { public decimal {|#0:Amount|} { get; set; } public decimal Rate { get; set; } public string Currency { get; set; } = ""; }
        [ComplexType] public class Fee { public decimal {|#1:Value|} { get; set; } [Precision(10, 4)] public decimal Tax { get; set; } }
        public class Line { public decimal Price { get; set; } }
        public class Order
        {
            public int Id { get; set; }
            public Money Total { get; set; } = new();
            public Fee Fee { get; set; } = new();
            public List<Line> Lines { get; set; } = new();
        }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Order>().ComplexProperty(o => o.Total, m => m.Property(x => x.Rate).HasPrecision(9, 6));
                // a complex collection is one JSON column: its members have no store type of their own
                modelBuilder.Entity<Order>().ComplexCollection(o => o.Lines);
            }
        }
        """,
        Expect(0, "Order.Total.Amount"), Expect(1, "Order.Fee.Value"));

    [Fact]
    public Task Fix_adds_precision_attribute_to_a_complex_type_member() => Verify.VerifyFixAsync(
        """
        using Microsoft.EntityFrameworkCore;

        [System.ComponentModel.DataAnnotations.Schema.ComplexType]
        public class Money { public decimal {|DBP019:Amount|} { get; set; } }
        public class Order { public int Id { get; set; } public Money Total { get; set; } = new(); }
        public class Shop : DbContext { public DbSet<Order> Orders => Set<Order>(); }
        """,
        """
        using Microsoft.EntityFrameworkCore;

        [System.ComponentModel.DataAnnotations.Schema.ComplexType]
        public class Money { [Precision(18, 2)] public decimal Amount { get; set; } }
        public class Order { public int Id { get; set; } public Money Total { get; set; } = new(); }
        public class Shop : DbContext { public DbSet<Order> Orders => Set<Order>(); }
        """);
}
