using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Mapping;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Mapping;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Mapping.ForeignKeyWithoutIndexAnalyzer,
    DbPractices.CodeFixes.Rules.Mapping.ForeignKeyWithoutIndexFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Mapping;

public class ForeignKeyWithoutIndexTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing Microsoft.EntityFrameworkCore.Metadata.Builders;\nusing System.ComponentModel.DataAnnotations.Schema;\n";

    private static Task Analyze(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        AnalyzerVerifier<ForeignKeyWithoutIndexAnalyzer>.VerifyAsync(new[] { Usings + source }, EfProvider.Sqlite, null, expected);

    private static Task Analyze(string source, string editorConfig) =>
        AnalyzerVerifier<ForeignKeyWithoutIndexAnalyzer>.VerifyAsync(new[] { Usings + source }, EfProvider.Sqlite, editorConfig);

    // ---- trigger 1: a reference by id without any relationship ----

    [Fact]
    public Task Reference_by_id_without_navigation_fires() => Analyze("""
        public class Customer { public int Id { get; set; } }
        public class Order
        {
            public int Id { get; set; }
            public int {|#0:CustomerId|} { get; set; }
        }
        public class Shop : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();
        }
        """,
        Verify.Diagnostic("DBP001").WithLocation(0).WithArguments("Order.CustomerId", "references 'Customer' by id without a relationship: the column gets neither an index nor a foreign-key constraint"));

    [Fact]
    public Task Reference_by_entity_and_custom_key_name_fires() => Analyze("""
        public class Country { [System.ComponentModel.DataAnnotations.Key] public string Code { get; set; } = ""; }
        public class Address
        {
            public int Id { get; set; }
            public string {|#0:CountryCode|} { get; set; } = "";
        }
        public class Geo : DbContext
        {
            public DbSet<Country> Countries => Set<Country>();
            public DbSet<Address> Addresses => Set<Address>();
        }
        """,
        Verify.Diagnostic("DBP001").WithLocation(0).WithArguments("Address.CountryCode", "references 'Country' by id without a relationship: the column gets neither an index nor a foreign-key constraint"));

    [Fact]
    public Task Nullable_reference_by_id_in_aggregate_model_fires() => Analyze("""
        public class Customer { public Guid Id { get; set; } }
        public class Invoice
        {
            public Guid Id { get; set; }
            public Guid? {|#0:CustomerId|} { get; set; }
        }
        public class Billing : DbContext
        {
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Customer>();
                modelBuilder.Entity<Invoice>();
            }
        }
        """,
        Verify.Diagnostic("DBP001").WithLocation(0).WithArguments("Invoice.CustomerId", "references 'Customer' by id without a relationship: the column gets neither an index nor a foreign-key constraint"));

    // ---- trigger 2: ForeignKeyIndexConvention removed ----

    [Fact]
    public Task Foreign_key_without_index_when_convention_removed_fires() => Analyze("""
        public class Blog { public int Id { get; set; } public List<Post> Posts { get; set; } = new(); }
        public class Post
        {
            public int Id { get; set; }
            public int {|#0:BlogId|} { get; set; }
            public Blog Blog { get; set; } = null!;
        }
        public class BlogContext : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
            {
                configurationBuilder.Conventions.Remove(typeof(Microsoft.EntityFrameworkCore.Metadata.Conventions.ForeignKeyIndexConvention));
            }
        }
        """,
        Verify.Diagnostic("DBP001").WithLocation(0).WithArguments("Post.BlogId", "is a foreign key of 'Blog', but ForeignKeyIndexConvention is removed and no index leads with it"));

    [Fact]
    public Task Configured_foreign_key_without_index_when_convention_removed_generic_form_fires() => Analyze("""
        public class Blog { public int Id { get; set; } public List<Post> Posts { get; set; } = new(); }
        public class Post
        {
            public int Id { get; set; }
            public int {|#0:OwnerBlog|} { get; set; }
            public Blog Blog { get; set; } = null!;
        }
        public class BlogContext : DbContext
        {
            protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
                configurationBuilder.Conventions.Remove<Microsoft.EntityFrameworkCore.Metadata.Conventions.ForeignKeyIndexConvention>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                modelBuilder.Entity<Post>().HasOne(p => p.Blog).WithMany(b => b.Posts).HasForeignKey(p => p.OwnerBlog);
        }
        """,
        Verify.Diagnostic("DBP001").WithLocation(0).WithArguments("Post.OwnerBlog", "is a foreign key of 'Blog', but ForeignKeyIndexConvention is removed and no index leads with it"));

    [Fact]
    public Task Convention_removed_but_foreign_key_indexed_is_silent() => Analyze("""
        [Index(nameof(BlogId), nameof(Id))]
        public class Post
        {
            public int Id { get; set; }
            public int BlogId { get; set; }
            public Blog Blog { get; set; } = null!;
        }
        public class Blog { public int Id { get; set; } }
        public class BlogContext : DbContext
        {
            public DbSet<Post> Posts => Set<Post>();
            protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
                configurationBuilder.Conventions.Remove(typeof(Microsoft.EntityFrameworkCore.Metadata.Conventions.ForeignKeyIndexConvention));
        }
        """);

    [Fact]
    public Task A_property_named_for_a_class_of_its_own_hierarchy_is_silent() => Analyze("""
        public abstract class BlogBase { public int Id { get; set; } public int BlogId { get; set; } }
        public class Blog : BlogBase { public string Url { get; set; } = ""; }
        public class RssBlog : BlogBase { public string Feed { get; set; } = ""; }
        public class BlogContext : DbContext
        {
            public DbSet<BlogBase> Blogs => Set<BlogBase>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Blog>();
                modelBuilder.Entity<RssBlog>();
            }
        }
        """);

    // ---- trigger 3: tenant key ----

    [Fact]
    public Task Tenant_key_without_index_fires() => Analyze("""
        public class Order
        {
            public int Id { get; set; }
            public Guid {|#0:TenantId|} { get; set; }
        }
        public class Shop : DbContext { public DbSet<Order> Orders => Set<Order>(); }
        """,
        Verify.Diagnostic("DBP001").WithLocation(0).WithArguments("Order.TenantId", "is a tenant key and no index leads with it: every tenant-filtered query scans the table"));

    [Fact]
    public Task Tenant_key_from_base_class_is_reported_for_each_entity() => Analyze("""
        public abstract class TenantEntity { public int Id { get; set; } public int {|#0:TenantId|} { get; set; } }
        [Index(nameof(TenantId))]
        public class Order : TenantEntity { }
        public class Invoice : TenantEntity { }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Invoice> Invoices => Set<Invoice>();
        }
        """,
        Verify.Diagnostic("DBP001").WithLocation(0).WithArguments("Invoice.TenantId", "is a tenant key and no index leads with it: every tenant-filtered query scans the table"));

    [Fact]
    public Task Tenant_key_named_by_option_fires() => AnalyzerVerifier<ForeignKeyWithoutIndexAnalyzer>.VerifyAsync(
        new[] { Usings + """
        public class Order
        {
            public int Id { get; set; }
            public int {|#0:MerchantId|} { get; set; }
            public int TenantId { get; set; }
        }
        public class Shop : DbContext { public DbSet<Order> Orders => Set<Order>(); }
        """ },
        EfProvider.Sqlite,
        "dbpractices.tenant_properties = MerchantId",
        Verify.Diagnostic("DBP001").WithLocation(0).WithArguments("Order.MerchantId", "is a tenant key and no index leads with it: every tenant-filtered query scans the table"));

    [Fact]
    public Task Tenant_key_leading_a_composite_index_is_silent() => Analyze("""
        public class Order
        {
            public int Id { get; set; }
            public Guid TenantId { get; set; }
            public string Number { get; set; } = "";
        }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                modelBuilder.Entity<Order>().HasIndex(o => new { o.TenantId, o.Number }).IsUnique();
        }
        """);

    [Fact]
    public Task Tenant_key_indexed_by_a_generic_helper_is_silent() => Analyze("""
        public abstract class TenantEntity { public Guid Id { get; set; } public Guid TenantId { get; set; } }
        public class Project : TenantEntity { public string Name { get; set; } = ""; }
        public class WorkItem : TenantEntity { public string Title { get; set; } = ""; }
        public class SaasContext : DbContext
        {
            public DbSet<Project> Projects => Set<Project>();
            public DbSet<WorkItem> WorkItems => Set<WorkItem>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                foreach (var entityType in modelBuilder.Model.GetEntityTypes())
                {
                    if (typeof(TenantEntity).IsAssignableFrom(entityType.ClrType))
                    {
                        GetType().GetMethod(nameof(ConfigureTenantEntity))!.MakeGenericMethod(entityType.ClrType).Invoke(this, new object[] { modelBuilder });
                    }
                }
            }
            public void ConfigureTenantEntity<T>(ModelBuilder modelBuilder) where T : TenantEntity =>
                modelBuilder.Entity<T>().HasIndex(e => e.TenantId);
        }
        """);

    [Fact]
    public Task Tenant_key_that_is_a_foreign_key_is_indexed_by_convention() => Analyze("""
        public class Tenant { public int Id { get; set; } }
        public class Order
        {
            public int Id { get; set; }
            public int TenantId { get; set; }
            public Tenant Tenant { get; set; } = null!;
        }
        public class Shop : DbContext { public DbSet<Order> Orders => Set<Order>(); }
        """);

    // ---- trigger 4: the only index on the foreign key is filtered ----

    [Fact]
    public Task Foreign_key_whose_only_index_is_filtered_fires() => Analyze("""
        public class Blog { public int Id { get; set; } public List<Post> Posts { get; set; } = new(); }
        public class Post
        {
            public int Id { get; set; }
            public int {|#0:BlogId|} { get; set; }
            public bool IsPublished { get; set; }
            public Blog Blog { get; set; } = null!;
        }
        public class BlogContext : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Post>(b =>
                {
                    b.HasIndex(p => p.BlogId).HasFilter("[IsPublished] = 1");
                });
            }
        }
        """,
        Verify.Diagnostic("DBP001").WithLocation(0).WithArguments("Post.BlogId", "is a foreign key of 'Blog' whose only index is filtered: EF Core then drops the key's own index, so unfiltered lookups scan"));

    [Fact]
    public Task Filtered_and_unfiltered_index_on_foreign_key_is_silent() => Analyze("""
        public class Blog { public int Id { get; set; } public List<Post> Posts { get; set; } = new(); }
        public class Post
        {
            public int Id { get; set; }
            public int BlogId { get; set; }
            public Blog Blog { get; set; } = null!;
        }
        public class BlogContext : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Post>().HasIndex(p => p.BlogId).HasFilter("[BlogId] > 0");
                modelBuilder.Entity<Post>().HasIndex(p => new { p.BlogId, p.Id });
            }
        }
        """);

    [Fact]
    public Task Filter_removed_with_null_is_silent() => Analyze("""
        public class Blog { public int Id { get; set; } public List<Post> Posts { get; set; } = new(); }
        public class Post
        {
            public int Id { get; set; }
            public int BlogId { get; set; }
            public Blog Blog { get; set; } = null!;
        }
        public class BlogContext : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                modelBuilder.Entity<Post>().HasIndex(p => p.BlogId).HasFilter(null);
        }
        """);

    // ---- silent look-alikes from RULES.md ----

    [Fact]
    public Task Conventional_foreign_key_is_silent() => Analyze("""
        public class Blog { public int Id { get; set; } public List<Post> Posts { get; set; } = new(); }
        public class Post
        {
            public int Id { get; set; }
            public int BlogId { get; set; }
            public Blog Blog { get; set; } = null!;
        }
        public class BlogContext : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); }
        """);

    [Fact]
    public Task Foreign_key_of_collection_only_relationship_is_silent() => Analyze("""
        public class Blog { public int Id { get; set; } public List<Post> Posts { get; set; } = new(); }
        public class Post { public int Id { get; set; } public int BlogId { get; set; } }
        public class BlogContext : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); }
        """);

    [Fact]
    public Task ForeignKey_attribute_and_fluent_foreign_keys_are_silent() => Analyze("""
        public class User { public int Id { get; set; } }
        public class Post
        {
            public int Id { get; set; }
            public int WriterId { get; set; }
            [ForeignKey(nameof(WriterId))] public User Writer { get; set; } = null!;
            public int UserId { get; set; }
            public User Editor { get; set; } = null!;
        }
        public class BlogContext : DbContext
        {
            public DbSet<Post> Posts => Set<Post>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                modelBuilder.Entity<Post>().HasOne(p => p.Editor).WithMany().HasForeignKey(p => p.UserId);
        }
        """);

    [Fact]
    public Task NotMapped_primary_key_and_non_entity_ids_are_silent() => Analyze("""
        public class Customer { public int Id { get; set; } }
        public class Order
        {
            public int Id { get; set; }
            public int OrderId2 { get; set; }
            [NotMapped] public int CustomerId { get; set; }
            public string ExternalId { get; set; } = "";
            public string StripeCustomerId { get; set; } = "";
            public Guid CorrelationId { get; set; }
        }
        public class Product { public int ProductId { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Product> Products => Set<Product>();
        }
        """);

    [Fact]
    public Task Ignored_property_is_silent() => Analyze("""
        public class Customer { public int Id { get; set; } }
        public class Order { public int Id { get; set; } public int CustomerId { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Order>().Ignore(o => o.CustomerId);
        }
        """);

    [Fact]
    public Task Indexed_reference_by_id_is_silent_in_every_form() => Analyze("""
        public class Customer { public int Id { get; set; } }
        public class Product { public int Id { get; set; } }
        public class Warehouse { public int Id { get; set; } }
        public class Carrier { public int Id { get; set; } }
        public class Region { public int Id { get; set; } }
        [Index(nameof(CustomerId))]
        [Index(nameof(ProductId), nameof(Id))]
        public class Order
        {
            public int Id { get; set; }
            public int CustomerId { get; set; }
            public int ProductId { get; set; }
            public int WarehouseId { get; set; }
            public int CarrierId { get; set; }
            public int RegionId { get; set; }
        }
        public class OrderConfiguration : IEntityTypeConfiguration<Order>
        {
            public void Configure(EntityTypeBuilder<Order> builder)
            {
                builder.HasIndex(o => o.WarehouseId);
                builder.HasIndex(o => new { o.CarrierId, o.Id });
                builder.HasAlternateKey(o => new { o.RegionId, o.Id });
            }
        }
        public class Shop : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Product> Products => Set<Product>();
            public DbSet<Warehouse> Warehouses => Set<Warehouse>();
            public DbSet<Carrier> Carriers => Set<Carrier>();
            public DbSet<Region> Regions => Set<Region>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                modelBuilder.ApplyConfigurationsFromAssembly(typeof(Shop).Assembly);
        }
        """);

    [Fact]
    public Task Index_in_which_the_column_is_not_leading_does_not_count() => Analyze("""
        public class Customer { public int Id { get; set; } }
        [Index(nameof(Number), nameof(CustomerId))]
        public class Order
        {
            public int Id { get; set; }
            public string Number { get; set; } = "";
            public int {|#0:CustomerId|} { get; set; }
        }
        public class Shop : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();
        }
        """,
        Verify.Diagnostic("DBP001").WithLocation(0).WithArguments("Order.CustomerId", "references 'Customer' by id without a relationship: the column gets neither an index nor a foreign-key constraint"));

    [Fact]
    public Task Key_leading_with_the_column_is_silent() => Analyze("""
        public class Order { public int Id { get; set; } }
        public class Product { public int Id { get; set; } }
        [PrimaryKey(nameof(OrderId), nameof(ProductId))]
        public class OrderLine
        {
            public int OrderId { get; set; }
            public int ProductId { get; set; }
            public Product Product { get; set; } = null!;
        }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<OrderLine> Lines => Set<OrderLine>();
        }
        """);

    [Fact]
    public Task Type_mismatch_with_key_is_not_a_reference() => Analyze("""
        public class Customer { public Guid Id { get; set; } }
        public class Order { public int Id { get; set; } public string CustomerId { get; set; } = ""; }
        public class Shop : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();
        }
        """);

    [Fact]
    public Task Keyless_and_owned_types_are_silent() => Analyze("""
        public class Customer { public int Id { get; set; } }
        [Keyless] public class OrderReport { public int CustomerId { get; set; } }
        [Owned] public class Shipping { public int CustomerId { get; set; } }
        public class Order { public int Id { get; set; } public Shipping Shipping { get; set; } = new(); }
        public class Shop : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<OrderReport> Reports => Set<OrderReport>();
        }
        """);

    [Fact]
    public Task Class_that_is_not_an_entity_is_silent() => Analyze("""
        public class Customer { public int Id { get; set; } }
        public class OrderDto { public int Id { get; set; } public int CustomerId { get; set; } public Guid TenantId { get; set; } }
        public class Shop : DbContext { public DbSet<Customer> Customers => Set<Customer>(); }
        """);

    [Fact]
    public Task Without_ef_core_nothing_runs() => AnalyzerVerifier<ForeignKeyWithoutIndexAnalyzer>.VerifyAsync("""
        public class Customer { public int Id { get; set; } }
        public class Order { public int Id { get; set; } public int CustomerId { get; set; } }
        """);

    // ---- fixes ----

    [Fact]
    public Task Fix_adds_index_attribute_and_using() => Verify.VerifyFixAsync(
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public class Customer { public int Id { get; set; } }

            /// <summary>An order.</summary>
            public class Order
            {
                public int Id { get; set; }
                public int {|DBP001:CustomerId|} { get; set; } // who ordered
            }

            public class ShopContext : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
            }
            """,
            """
            namespace Shop;

            public class Invoice
            {
                public int Id { get; set; }
                public int {|DBP001:CustomerId|} { get; set; }
                public int {|DBP001:OrderId|} { get; set; }
            }
            """,
            """
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public class BillingContext : DbContext
            {
                public DbSet<Invoice> Invoices => Set<Invoice>();
                public DbSet<Order> Orders => Set<Order>();
                public DbSet<Customer> Customers => Set<Customer>();
            }
            """,
        },
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public class Customer { public int Id { get; set; } }

            /// <summary>An order.</summary>
            [Index(nameof(CustomerId))]
            public class Order
            {
                public int Id { get; set; }
                public int CustomerId { get; set; } // who ordered
            }

            public class ShopContext : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
            }
            """,
            """
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            [Index(nameof(CustomerId))]
            [Index(nameof(OrderId))]
            public class Invoice
            {
                public int Id { get; set; }
                public int CustomerId { get; set; }
                public int OrderId { get; set; }
            }
            """,
            """
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public class BillingContext : DbContext
            {
                public DbSet<Invoice> Invoices => Set<Invoice>();
                public DbSet<Order> Orders => Set<Order>();
                public DbSet<Customer> Customers => Set<Customer>();
            }
            """,
        },
        ForeignKeyWithoutIndexFixer.AddIndexAttributeKey);

    [Fact]
    public Task Fix_keeps_existing_attributes() => Verify.VerifyFixAsync(
        """
        using System.ComponentModel.DataAnnotations.Schema;
        using Microsoft.EntityFrameworkCore;

        public class Customer { public int Id { get; set; } }

        [Table("orders")] // snake case
        public class Order
        {
            public int Id { get; set; }
            public int {|DBP001:CustomerId|} { get; set; }
        }

        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();
        }
        """,
        """
        using System.ComponentModel.DataAnnotations.Schema;
        using Microsoft.EntityFrameworkCore;

        public class Customer { public int Id { get; set; } }

        [Table("orders")] // snake case
        [Index(nameof(CustomerId))]
        public class Order
        {
            public int Id { get; set; }
            public int CustomerId { get; set; }
        }

        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();
        }
        """,
        ForeignKeyWithoutIndexFixer.AddIndexAttributeKey);

    [Fact]
    public Task Fluent_fix_adds_HasIndex_to_configuration_class() => Verify.VerifyFixAsync(
        new[]
        {
            """
            public class Customer { public int Id { get; set; } }

            public class Order
            {
                public int Id { get; set; }
                public int {|DBP001:CustomerId|} { get; set; }
                public System.Guid {|DBP001:TenantId|} { get; set; }
            }
            """,
            """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;

            public class OrderConfiguration : IEntityTypeConfiguration<Order>
            {
                public void Configure(EntityTypeBuilder<Order> builder)
                {
                    // orders live in their own schema
                    builder.ToTable("Orders", "sales");
                }
            }

            public class ShopContext : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfiguration(new OrderConfiguration());
            }
            """,
        },
        new[]
        {
            """
            public class Customer { public int Id { get; set; } }

            public class Order
            {
                public int Id { get; set; }
                public int CustomerId { get; set; }
                public System.Guid TenantId { get; set; }
            }
            """,
            """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;

            public class OrderConfiguration : IEntityTypeConfiguration<Order>
            {
                public void Configure(EntityTypeBuilder<Order> builder)
                {
                    // orders live in their own schema
                    builder.ToTable("Orders", "sales");
                    builder.HasIndex(e => e.CustomerId);
                    builder.HasIndex(e => e.TenantId);
                }
            }

            public class ShopContext : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfiguration(new OrderConfiguration());
            }
            """,
        },
        ForeignKeyWithoutIndexFixer.AddHasIndexKey);

    [Fact]
    public Task Fluent_fix_in_entity_block_avoids_names_in_scope() => Verify.VerifyFixAsync(
        """
        using Microsoft.EntityFrameworkCore;

        public class Customer { public int Id { get; set; } }
        public class Order { public int Id { get; set; } public int {|DBP001:CustomerId|} { get; set; } }

        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                var e = 1;
                modelBuilder.Entity<Order>(order =>
                {
                    order.ToTable("Orders");
                });
            }
        }
        """,
        """
        using Microsoft.EntityFrameworkCore;

        public class Customer { public int Id { get; set; } }
        public class Order { public int Id { get; set; } public int CustomerId { get; set; } }

        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                var e = 1;
                modelBuilder.Entity<Order>(order =>
                {
                    order.ToTable("Orders");
                    order.HasIndex(x => x.CustomerId);
                });
            }
        }
        """,
        ForeignKeyWithoutIndexFixer.AddHasIndexKey);

    [Fact]
    public async Task Fluent_fix_is_not_offered_without_configuration_block()
    {
        var source = """
            using Microsoft.EntityFrameworkCore;

            public class Customer { public int Id { get; set; } }
            public class Order { public int Id { get; set; } public int {|DBP001:CustomerId|} { get; set; } }
            public class ShopContext : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
                public DbSet<Order> Orders => Set<Order>();
            }
            """;
        await Verify.VerifyFixAsync(new[] { source }, new[] { source }, ForeignKeyWithoutIndexFixer.AddHasIndexKey);
    }
}
