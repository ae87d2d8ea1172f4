using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Hygiene;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Hygiene;
using Xunit;
using Decimal = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Hygiene.DecimalWithoutPrecisionAnalyzer,
    DbPractices.CodeFixes.Rules.Hygiene.DecimalWithoutPrecisionFixer>;
using Strings = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Hygiene.StringWithoutMaxLengthAnalyzer,
    DbPractices.CodeFixes.Rules.Hygiene.StringWithoutMaxLengthFixer>;

namespace DbPractices.Analyzers.Tests.Rules.External;

/// <summary>DBP019 and DBP020 about entities declared in a Domain project: reported at the nearest configuration site, fixed with fluent facets there.</summary>
public class ColumnFacetExternalTests
{
    private const string PlainDomain = """
        namespace Shop.Domain;
        public class Product
        {
            public int Id { get; private set; }
            public string Name { get; private set; } = "";
            public decimal Price { get; private set; }
        }
        """;

    private const string AnnotatedDomain = """
        using System.ComponentModel.DataAnnotations;
        using Microsoft.EntityFrameworkCore;
        namespace Shop.Domain;
        public class Product
        {
            public int Id { get; private set; }
            [MaxLength(100)] public string Name { get; private set; } = "";
            [Precision(18, 2)] public decimal Price { get; private set; }
        }
        """;

    private const string ConfigurationClass = """
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        using Shop.Domain;
        public class ShopContext : DbContext
        {
            public DbSet<Product> Products => Set<Product>();
        }
        public class {|#0:ProductConfiguration|} : IEntityTypeConfiguration<Product>
        {
            public void Configure(EntityTypeBuilder<Product> builder)
            {
                builder.HasKey(p => p.Id);
            }
        }
        """;

    [Theory]
    [InlineData(DomainReference.Project)]
    [InlineData(DomainReference.Assembly)]
    public async Task Both_fire_on_the_configuration_class(DomainReference reference)
    {
        var domain = new Domain(PlainDomain, reference: reference);
        await MultiProject.VerifyAsync<DecimalWithoutPrecisionAnalyzer>(domain, ConfigurationClass, Decimal.Diagnostic("DBP019").WithLocation(0).WithArguments("Product.Price"));
        await MultiProject.VerifyAsync<StringWithoutMaxLengthAnalyzer>(domain, ConfigurationClass, Strings.Diagnostic("DBP020").WithLocation(0).WithArguments("Product.Name"));
    }

    [Theory]
    [InlineData(DomainReference.Project)]
    [InlineData(DomainReference.Assembly)]
    public async Task Annotations_in_the_domain_project_keep_both_silent(DomainReference reference)
    {
        var domain = new Domain(AnnotatedDomain, withEfCore: true, reference: reference);
        var source = ConfigurationClass.Replace("{|#0:ProductConfiguration|}", "ProductConfiguration");
        await MultiProject.VerifyAsync<DecimalWithoutPrecisionAnalyzer>(domain, source);
        await MultiProject.VerifyAsync<StringWithoutMaxLengthAnalyzer>(domain, source);
    }

    [Fact]
    public async Task Fluent_facets_keep_both_silent()
    {
        var domain = new Domain(PlainDomain);
        var source = """
            using Microsoft.EntityFrameworkCore;
            using Shop.Domain;
            public class ShopContext : DbContext
            {
                public DbSet<Product> Products => Set<Product>();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Product>(b =>
                    {
                        b.Property(p => p.Name).HasMaxLength(100);
                        b.Property(p => p.Price).HasPrecision(10, 2);
                    });
                }
            }
            """;
        await MultiProject.VerifyAsync<DecimalWithoutPrecisionAnalyzer>(domain, source);
        await MultiProject.VerifyAsync<StringWithoutMaxLengthAnalyzer>(domain, source);
    }

    [Fact]
    public Task Decimal_fix_writes_HasPrecision_in_the_configuration_class() => MultiProject.VerifyFixAsync<DecimalWithoutPrecisionAnalyzer, DecimalWithoutPrecisionFixer>(
        new Domain(PlainDomain),
        ConfigurationClass.Replace("{|#0:ProductConfiguration|}", "{|DBP019:ProductConfiguration|}"),
        """
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        using Shop.Domain;
        public class ShopContext : DbContext
        {
            public DbSet<Product> Products => Set<Product>();
        }
        public class ProductConfiguration : IEntityTypeConfiguration<Product>
        {
            public void Configure(EntityTypeBuilder<Product> builder)
            {
                builder.HasKey(p => p.Id);
                builder.Property(e => e.Price).HasPrecision(18, 2);
            }
        }
        """,
        DecimalWithoutPrecisionFixer.AddHasPrecisionKey);

    [Fact]
    public Task String_fix_writes_HasMaxLength_into_the_Entity_block() => MultiProject.VerifyFixAsync<StringWithoutMaxLengthAnalyzer, StringWithoutMaxLengthFixer>(
        new Domain(PlainDomain, reference: DomainReference.Assembly),
        """
        using Microsoft.EntityFrameworkCore;
        using Shop.Domain;
        public class ShopContext : DbContext
        {
            public DbSet<Product> Products => Set<Product>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                {|DBP020:modelBuilder.Entity<Product>(b =>
                {
                    b.Property(p => p.Price).HasPrecision(10, 2);
                })|};
            }
        }
        """,
        """
        using Microsoft.EntityFrameworkCore;
        using Shop.Domain;
        public class ShopContext : DbContext
        {
            public DbSet<Product> Products => Set<Product>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Product>(b =>
                {
                    b.Property(p => p.Price).HasPrecision(10, 2);
                    b.Property(e => e.Name).HasMaxLength(256);
                });
            }
        }
        """,
        StringWithoutMaxLengthFixer.AddHasMaxLengthKey);

    private const string TwoEntityDomain = """
        namespace Shop.Domain;
        public class Product
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
            public string Sku { get; set; } = "";
        }
        public class Supplier
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
        }
        """;

    [Fact]
    public Task Fix_all_writes_every_facet_into_one_new_OnModelCreating() => MultiProject.VerifyFixAsync<StringWithoutMaxLengthAnalyzer, StringWithoutMaxLengthFixer>(
        new Domain(TwoEntityDomain),
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;
            using Shop.Domain;
            public class ShopContext : DbContext
            {
                public DbSet<Product> {|DBP020:{|DBP020:Products|}|} => Set<Product>();
                public DbSet<Supplier> {|DBP020:Suppliers|} => Set<Supplier>();
            }
            """,
        },
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;
            using Shop.Domain;
            public class ShopContext : DbContext
            {
                public DbSet<Product> Products => Set<Product>();
                public DbSet<Supplier> Suppliers => Set<Supplier>();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Product>().Property(e => e.Name).HasMaxLength(256);
                    modelBuilder.Entity<Product>().Property(e => e.Sku).HasMaxLength(256);
                    modelBuilder.Entity<Supplier>().Property(e => e.Name).HasMaxLength(256);
                }
            }
            """,
        },
        StringWithoutMaxLengthFixer.AddHasMaxLengthKey,
        iterations: 3,
        fixAllIterations: 1);

    [Fact]
    public Task A_base_class_from_the_shared_kernel_is_reported_for_each_source_entity() => MultiProject.VerifyAsync<StringWithoutMaxLengthAnalyzer>(
        new Domain("""
            namespace Kernel;
            public abstract class AuditedEntity
            {
                public int Id { get; set; }
                public string CreatedBy { get; set; } = "";
            }
            """, reference: DomainReference.Assembly),
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;
            public class Invoice : Kernel.AuditedEntity
            {
                public string {|#1:Number|} { get; set; } = "";
            }
            public class Payment : Kernel.AuditedEntity { }
            public class Billing : DbContext
            {
                public DbSet<Invoice> {|#0:Invoices|} => Set<Invoice>();
                public DbSet<Payment> {|#2:Payments|} => Set<Payment>();
            }
            """,
        },
        EfProvider.None,
        null,
        Strings.Diagnostic("DBP020").WithLocation(0).WithArguments("Invoice.CreatedBy"),
        Strings.Diagnostic("DBP020").WithLocation(1).WithArguments("Invoice.Number"),
        Strings.Diagnostic("DBP020").WithLocation(2).WithArguments("Payment.CreatedBy"));

    [Fact]
    public Task No_fix_into_an_expression_bodied_Configure()
    {
        var source = """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Shop.Domain;
            public class ShopContext : DbContext
            {
                public DbSet<Product> Products => Set<Product>();
            }
            public class {|DBP019:ProductConfiguration|} : IEntityTypeConfiguration<Product>
            {
                public void Configure(EntityTypeBuilder<Product> builder) => builder.HasKey(p => p.Id);
            }
            """;
        return MultiProject.VerifyFixAsync<DecimalWithoutPrecisionAnalyzer, DecimalWithoutPrecisionFixer>(new Domain(PlainDomain), source, source);
    }
}
