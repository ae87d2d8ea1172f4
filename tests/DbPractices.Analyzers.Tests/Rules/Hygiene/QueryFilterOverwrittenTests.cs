using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Hygiene;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Hygiene;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Hygiene.QueryFilterOverwrittenAnalyzer,
    DbPractices.CodeFixes.Rules.Hygiene.QueryFilterOverwrittenFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Hygiene;

public class QueryFilterOverwrittenTests
{
    private const string Usings = "using System;\nusing System.Linq;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing Microsoft.EntityFrameworkCore.Metadata.Builders;\n";

    private const string Twice = "has 2 unnamed query filters: the last one configured replaces the others";
    private const string Mixed = "mixes an unnamed query filter with named ones: EF Core 10 throws when it builds the model; name every filter";

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<QueryFilterOverwrittenAnalyzer>.VerifyAsync(new[] { Usings + source }, EfProvider.Sqlite, null, expected);

    private static DiagnosticResult Expect(int location, string entity, string reason) =>
        Verify.Diagnostic("DBP022").WithLocation(location).WithArguments(entity, reason);

    [Fact]
    public Task Two_unnamed_filters_across_on_model_creating_and_configuration_class_fire() => Analyze("""
        public class Order { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class OrderConfiguration : IEntityTypeConfiguration<Order>
        {
            public void Configure(EntityTypeBuilder<Order> builder) => {|#0:builder.HasQueryFilter(o => !o.IsDeleted)|};
        }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.ApplyConfiguration(new OrderConfiguration());
                {|#1:modelBuilder.Entity<Order>().HasQueryFilter(o => o.TenantId == 1)|};
            }
        }
        """,
        Expect(0, "Order", Twice), Expect(1, "Order", Twice));

    [Fact]
    public Task Filter_beside_a_get_entity_types_loop_fires() => Analyze("""
        public interface ISoftDelete { bool IsDeleted { get; } }
        public class Order : ISoftDelete { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                foreach (var entityType in modelBuilder.Model.GetEntityTypes())
                {
                    if (typeof(ISoftDelete).IsAssignableFrom(entityType.ClrType))
                    {
                        var p = System.Linq.Expressions.Expression.Parameter(entityType.ClrType, "e");
                        entityType.SetQueryFilter(System.Linq.Expressions.Expression.Lambda(
                            System.Linq.Expressions.Expression.Not(System.Linq.Expressions.Expression.Property(p, "IsDeleted")), p));
                    }
                }

                {|#0:modelBuilder.Entity<Order>().HasQueryFilter(o => o.TenantId == 1)|};
            }
        }
        """,
        Expect(0, "Order", "has 2 unnamed query filters (counting the GetEntityTypes() loop): the last one configured replaces the others"));

    [Fact]
    public Task Unnamed_and_named_mixed_on_ef_core_10_fire() => Analyze("""
        public class Order { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                {|#0:modelBuilder.Entity<Order>().HasQueryFilter(o => !o.IsDeleted)|};
                {|#1:modelBuilder.Entity<Order>().HasQueryFilter("Tenant", o => o.TenantId == 1)|};
            }
        }
        """,
        Expect(0, "Order", Mixed), Expect(1, "Order", Mixed));

    [Fact]
    public Task One_filter_per_entity_named_filters_and_separate_contexts_are_silent() => Analyze("""
        public class Order { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Invoice { public int Id { get; set; } public bool IsDeleted { get; set; } }
        public class Report { public int Id { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Invoice> Invoices => Set<Invoice>();
            public DbSet<Report> Reports => Set<Report>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Order>().HasQueryFilter("SoftDelete", o => !o.IsDeleted);
                modelBuilder.Entity<Order>().HasQueryFilter("Tenant", o => o.TenantId == 1);
                modelBuilder.Entity<Invoice>().HasQueryFilter(i => !i.IsDeleted);
                foreach (var entityType in modelBuilder.Model.GetEntityTypes())
                {
                    if (entityType.FindProperty("ArchivedAt") is not null)
                    {
                        var p = System.Linq.Expressions.Expression.Parameter(entityType.ClrType, "e");
                        entityType.SetQueryFilter(System.Linq.Expressions.Expression.Lambda(
                            System.Linq.Expressions.Expression.Equal(System.Linq.Expressions.Expression.Property(p, "ArchivedAt"), System.Linq.Expressions.Expression.Constant(null)), p));
                    }
                }
            }
        }
        public class Archive : DbContext
        {
            public DbSet<Invoice> Invoices => Set<Invoice>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Invoice>().HasQueryFilter(i => i.IsDeleted);
        }
        """);

    [Fact]
    public Task Fix_merges_filters_of_one_method_and_keeps_the_chain() => Verify.VerifyFixAsync(
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;

            public class Order { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
            public class Invoice { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }

            public class Shop : DbContext
            {
                private int _tenant;
                public DbSet<Order> Orders => Set<Order>();
                public DbSet<Invoice> Invoices => Set<Invoice>();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    {|DBP022:modelBuilder.Entity<Order>().HasQueryFilter(o => !o.IsDeleted)|};
                    // tenants
                    {|DBP022:modelBuilder.Entity<Order>().HasQueryFilter(x => x.TenantId == _tenant || _tenant == 0)|};
                    modelBuilder.Entity<Invoice>(b =>
                    {
                        {|DBP022:b.HasQueryFilter(i => !i.IsDeleted)|};
                        {|DBP022:b.ToTable("Invoices").HasQueryFilter(i => i.TenantId == _tenant)|};
                    });
                }
            }
            """,
        },
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;

            public class Order { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
            public class Invoice { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }

            public class Shop : DbContext
            {
                private int _tenant;
                public DbSet<Order> Orders => Set<Order>();
                public DbSet<Invoice> Invoices => Set<Invoice>();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Order>().HasQueryFilter(o => !o.IsDeleted && (o.TenantId == _tenant || _tenant == 0));
                    modelBuilder.Entity<Invoice>(b =>
                    {
                        b.HasQueryFilter(i => !i.IsDeleted && i.TenantId == _tenant);
                        b.ToTable("Invoices");
                    });
                }
            }
            """,
        },
        QueryFilterOverwrittenFixer.MergeFiltersKey);

    [Fact]
    public async Task No_merge_across_methods()
    {
        var source = """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;

            public class Order { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
            public class OrderConfiguration : IEntityTypeConfiguration<Order>
            {
                public void Configure(EntityTypeBuilder<Order> builder) => {|DBP022:builder.HasQueryFilter(o => !o.IsDeleted)|};
            }
            public class Shop : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) => {|DBP022:modelBuilder.Entity<Order>().HasQueryFilter(o => o.TenantId == 1)|};
            }
            """;
        await Verify.VerifyFixAsync(new[] { source }, new[] { source }, QueryFilterOverwrittenFixer.MergeFiltersKey);
    }
    [Fact]
    public Task Filters_on_mutually_exclusive_paths_are_silent() => Analyze("""
        public class Order { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Invoice { public int Id { get; set; } public bool IsDeleted { get; set; } public bool IsDraft { get; set; } }
        public class Note { public int Id { get; set; } public bool IsDeleted { get; set; } public bool IsDraft { get; set; } }
        public class Item { public int Id { get; set; } public bool IsDeleted { get; set; } public bool IsDraft { get; set; } }
        public class Shop : DbContext
        {
            private readonly bool _multiTenant;
            private readonly int _mode;
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                if (_multiTenant)
                {
                    modelBuilder.Entity<Order>().HasQueryFilter(o => o.TenantId == 1 && !o.IsDeleted);
                }
                else if (_mode > 3)
                {
                    modelBuilder.Entity<Order>().HasQueryFilter(o => o.TenantId == 2);
                }
                else
                {
                    modelBuilder.Entity<Order>().HasQueryFilter(o => !o.IsDeleted);
                }

                switch (_mode)
                {
                    case 1:
                        modelBuilder.Entity<Invoice>().HasQueryFilter(i => !i.IsDeleted);
                        break;
                    case 2:
                    case 3:
                        modelBuilder.Entity<Invoice>().HasQueryFilter(i => !i.IsDraft);
                        break;
                }

                _ = _multiTenant
                    ? modelBuilder.Entity<Note>().HasQueryFilter(n => !n.IsDeleted)
                    : modelBuilder.Entity<Note>().HasQueryFilter(n => !n.IsDraft);

                // named on one branch, unnamed on the other: never both (EF Core 10 would throw only for both)
                if (_multiTenant)
                {
                    modelBuilder.Entity<Item>().HasQueryFilter("SoftDelete", i => !i.IsDeleted);
                }
                else
                {
                    modelBuilder.Entity<Item>().HasQueryFilter(i => !i.IsDraft);
                }
            }
        }
        """);

    [Fact]
    public Task A_filter_before_a_branch_conflicts_with_the_one_inside_it() => Analyze("""
        public class Order { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Shop : DbContext
        {
            private readonly bool _multiTenant;
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                {|#0:modelBuilder.Entity<Order>().HasQueryFilter(o => !o.IsDeleted)|};
                if (_multiTenant)
                {
                    {|#1:modelBuilder.Entity<Order>().HasQueryFilter(o => o.TenantId == 1)|};
                }
                else
                {
                    {|#2:modelBuilder.Entity<Order>().HasQueryFilter("Tenant", o => o.TenantId == 2)|};
                }
            }
        }
        """,
        Expect(0, "Order", "has 2 unnamed query filters: the last one configured replaces the others"),
        Expect(1, "Order", "has 2 unnamed query filters: the last one configured replaces the others"),
        // the else branch runs after the first unnamed filter too: named + unnamed on that path
        Expect(2, "Order", Mixed));
}
