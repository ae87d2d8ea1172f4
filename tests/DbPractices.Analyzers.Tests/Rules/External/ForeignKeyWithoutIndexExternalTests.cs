using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Mapping;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Mapping;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Mapping.ForeignKeyWithoutIndexAnalyzer,
    DbPractices.CodeFixes.Rules.Mapping.ForeignKeyWithoutIndexFixer>;

namespace DbPractices.Analyzers.Tests.Rules.External;

/// <summary>DBP001 about entities declared in a Domain project: reported at the nearest configuration site.</summary>
public class ForeignKeyWithoutIndexExternalTests
{
    private const string Reason = "references 'Customer' by id without a relationship: the column gets neither an index nor a foreign-key constraint";

    private const string PlainDomain = """
        namespace Shop.Domain;
        public class Customer { public int Id { get; set; } }
        public class Order
        {
            public int Id { get; private set; }
            public int CustomerId { get; private set; }
        }
        """;

    [Theory]
    [InlineData(DomainReference.Project)]
    [InlineData(DomainReference.Assembly)]
    public Task Fires_on_the_DbSet_property(DomainReference reference) => MultiProject.VerifyAsync<ForeignKeyWithoutIndexAnalyzer>(
        new Domain(PlainDomain, reference: reference), """
        using Microsoft.EntityFrameworkCore;
        using Shop.Domain;
        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> {|#0:Orders|} => Set<Order>();
        }
        """,
        Verify.Diagnostic("DBP001").WithLocation(0).WithArguments("Order.CustomerId", Reason));

    [Fact]
    public Task Fix_adds_HasIndex_to_a_new_OnModelCreating() => MultiProject.VerifyFixAsync<ForeignKeyWithoutIndexAnalyzer, ForeignKeyWithoutIndexFixer>(
        new Domain(PlainDomain), """
        using Microsoft.EntityFrameworkCore;
        using Shop.Domain;
        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> {|DBP001:Orders|} => Set<Order>();
        }
        """, """
        using Microsoft.EntityFrameworkCore;
        using Shop.Domain;
        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Order>().HasIndex(e => e.CustomerId);
            }
        }
        """, ForeignKeyWithoutIndexFixer.AddHasIndexKey);

    [Fact]
    public Task Fix_adds_HasIndex_to_the_configuration_class() => MultiProject.VerifyFixAsync<ForeignKeyWithoutIndexAnalyzer, ForeignKeyWithoutIndexFixer>(
        new Domain(PlainDomain, reference: DomainReference.Assembly), """
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        using Shop.Domain;
        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();
        }
        public class {|DBP001:OrderConfiguration|} : IEntityTypeConfiguration<Order>
        {
            public void Configure(EntityTypeBuilder<Order> builder)
            {
                builder.ToTable("Orders");
            }
        }
        """, """
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        using Shop.Domain;
        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();
        }
        public class OrderConfiguration : IEntityTypeConfiguration<Order>
        {
            public void Configure(EntityTypeBuilder<Order> builder)
            {
                builder.ToTable("Orders");
                builder.HasIndex(e => e.CustomerId);
            }
        }
        """, ForeignKeyWithoutIndexFixer.AddHasIndexKey);

    [Fact]
    public Task Fix_adds_HasIndex_after_the_Entity_call() => MultiProject.VerifyFixAsync<ForeignKeyWithoutIndexAnalyzer, ForeignKeyWithoutIndexFixer>(
        new Domain(PlainDomain), """
        using Microsoft.EntityFrameworkCore;
        using Shop.Domain;
        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                {|DBP001:modelBuilder.Entity<Order>()|}.ToTable("Orders");
                modelBuilder.Entity<Customer>();
            }
        }
        """, """
        using Microsoft.EntityFrameworkCore;
        using Shop.Domain;
        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Order>().ToTable("Orders");
                modelBuilder.Entity<Order>().HasIndex(e => e.CustomerId);
                modelBuilder.Entity<Customer>();
            }
        }
        """, ForeignKeyWithoutIndexFixer.AddHasIndexKey);

    [Fact]
    public Task Index_annotation_in_an_EF_domain_project_keeps_it_silent() => MultiProject.VerifyAsync<ForeignKeyWithoutIndexAnalyzer>(
        new Domain("""
            using Microsoft.EntityFrameworkCore;
            namespace Shop.Domain;
            public class Customer { public int Id { get; set; } }
            [Index(nameof(CustomerId))]
            public class Order
            {
                public int Id { get; private set; }
                public int CustomerId { get; private set; }
            }
            """, withEfCore: true, reference: DomainReference.Assembly),
        """
        using Microsoft.EntityFrameworkCore;
        using Shop.Domain;
        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();
        }
        """);

    [Theory]
    [InlineData("modelBuilder.Entity<Order>().HasIndex(o => o.CustomerId);")]
    [InlineData("modelBuilder.Entity<Order>().HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId);")]
    [InlineData("modelBuilder.Entity<Order>().Ignore(o => o.CustomerId);")]
    public Task Fluent_configuration_keeps_it_silent(string configuration) => MultiProject.VerifyAsync<ForeignKeyWithoutIndexAnalyzer>(
        new Domain(PlainDomain),
        $$"""
        using Microsoft.EntityFrameworkCore;
        using Shop.Domain;
        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                {{configuration}}
            }
        }
        """);

    [Fact]
    public Task Tenant_key_of_a_kernel_base_class_fires_for_each_source_entity() => MultiProject.VerifyAsync<ForeignKeyWithoutIndexAnalyzer>(
        new Domain("""
            using System;
            namespace Kernel;
            public abstract class TenantEntity
            {
                public int Id { get; set; }
                public Guid TenantId { get; set; }
            }
            """, reference: DomainReference.Assembly),
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            public class Invoice : Kernel.TenantEntity { }
            public class Payment : Kernel.TenantEntity { }
            public class Billing : DbContext
            {
                public DbSet<Invoice> Invoices => Set<Invoice>();
                public DbSet<Payment> {|#1:Payments|} => Set<Payment>();
            }
            public class {|#0:InvoiceConfiguration|} : IEntityTypeConfiguration<Invoice>
            {
                public void Configure(EntityTypeBuilder<Invoice> builder) { }
            }
            """,
        },
        EfProvider.None,
        null,
        Verify.Diagnostic("DBP001").WithLocation(0).WithArguments("Invoice.TenantId", "is a tenant key and no index leads with it: every tenant-filtered query scans the table"),
        Verify.Diagnostic("DBP001").WithLocation(1).WithArguments("Payment.TenantId", "is a tenant key and no index leads with it: every tenant-filtered query scans the table"));

    [Fact]
    public Task Fix_all_writes_every_index_at_its_site() => MultiProject.VerifyFixAsync<ForeignKeyWithoutIndexAnalyzer, ForeignKeyWithoutIndexFixer>(
        new Domain("""
            namespace Shop.Domain;
            public class Customer { public int Id { get; set; } }
            public class Warehouse { public int Id { get; set; } }
            public class Order
            {
                public int Id { get; set; }
                public int CustomerId { get; set; }
                public int WarehouseId { get; set; }
            }
            public class Shipment
            {
                public int Id { get; set; }
                public int WarehouseId { get; set; }
            }
            """),
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Shop.Domain;
            public class ShopContext : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
                public DbSet<Warehouse> Warehouses => Set<Warehouse>();
                public DbSet<Order> Orders => Set<Order>();
                public DbSet<Shipment> {|DBP001:Shipments|} => Set<Shipment>();
            }
            public class {|DBP001:{|DBP001:OrderConfiguration|}|} : IEntityTypeConfiguration<Order>
            {
                public void Configure(EntityTypeBuilder<Order> builder)
                {
                }
            }
            """,
        },
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            using Shop.Domain;
            public class ShopContext : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
                public DbSet<Warehouse> Warehouses => Set<Warehouse>();
                public DbSet<Order> Orders => Set<Order>();
                public DbSet<Shipment> Shipments => Set<Shipment>();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Shipment>().HasIndex(e => e.WarehouseId);
                }
            }
            public class OrderConfiguration : IEntityTypeConfiguration<Order>
            {
                public void Configure(EntityTypeBuilder<Order> builder)
                {
                    builder.HasIndex(e => e.CustomerId);
                    builder.HasIndex(e => e.WarehouseId);
                }
            }
            """,
        },
        ForeignKeyWithoutIndexFixer.AddHasIndexKey,
        iterations: 3,
        fixAllIterations: 1);
}
