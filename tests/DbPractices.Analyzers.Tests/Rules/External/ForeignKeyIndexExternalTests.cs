using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Model;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Model;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Model.ForeignKeyIndexAnalyzer,
    DbPractices.CodeFixes.Rules.Model.ForeignKeyIndexFixer>;

namespace DbPractices.Analyzers.Tests.Rules.External;

/// <summary>DBP001 about entities declared in a Domain project: reported at the nearest configuration site.</summary>
public class ForeignKeyIndexExternalTests
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
    public Task Fires_on_the_DbSet_property(DomainReference reference) => MultiProject.VerifyAsync<ForeignKeyIndexAnalyzer>(
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
    public Task Fix_adds_HasIndex_to_a_new_OnModelCreating() => MultiProject.VerifyFixAsync<ForeignKeyIndexAnalyzer, ForeignKeyIndexFixer>(
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
        """, ForeignKeyIndexFixer.AddHasIndexKey);

    [Fact]
    public Task Fix_adds_HasIndex_to_the_configuration_class() => MultiProject.VerifyFixAsync<ForeignKeyIndexAnalyzer, ForeignKeyIndexFixer>(
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
        """, ForeignKeyIndexFixer.AddHasIndexKey);

    [Fact]
    public Task Fix_adds_HasIndex_after_the_Entity_call() => MultiProject.VerifyFixAsync<ForeignKeyIndexAnalyzer, ForeignKeyIndexFixer>(
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
        """, ForeignKeyIndexFixer.AddHasIndexKey);
}
