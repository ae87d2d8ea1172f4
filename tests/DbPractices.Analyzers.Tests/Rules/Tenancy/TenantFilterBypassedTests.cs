using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Tenancy;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Tenancy;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Tenancy.TenantFilterBypassedAnalyzer,
    DbPractices.CodeFixes.Rules.Tenancy.TenantFilterBypassedFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Tenancy;

public class TenantFilterBypassedTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\n";

    /// <summary>Order has an unnamed tenant filter; Log is tenant-owned without a filter (DBP006's case).</summary>
    private const string Model = """
        public class Order { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Log { public int Id { get; set; } public Guid TenantId { get; set; } }
        public class Shop : DbContext
        {
            private readonly Guid _tenantId;
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Log> Logs => Set<Log>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                modelBuilder.Entity<Order>().HasQueryFilter(o => o.TenantId == _tenantId && !o.IsDeleted);
        }
        """;

    /// <summary>EF Core 10 named filters: one for the tenant, one for soft delete.</summary>
    private const string NamedModel = """
        public class Order { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Shop : DbContext
        {
            private readonly Guid _tenantId;
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                modelBuilder.Entity<Order>()
                    .HasQueryFilter("Tenant", o => o.TenantId == _tenantId)
                    .HasQueryFilter("SoftDelete", o => !o.IsDeleted);
        }
        """;

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<TenantFilterBypassedAnalyzer>.VerifyAsync(new[] { Usings + source }, EfProvider.None, null, expected);

    private static DiagnosticResult Order(int location) => Verify.Diagnostic("DBP007").WithLocation(location).WithArguments("Order", "TenantId");

    [Fact]
    public Task Ignore_query_filters_without_tenant_predicate_fires() => Analyze(Model + """
        public class Admin
        {
            public async Task M(Shop ctx, int id)
            {
                var all = ctx.Orders.{|#0:IgnoreQueryFilters()|}.Where(o => o.IsDeleted).ToList();
                var q = ctx.Orders.{|#1:IgnoreQueryFilters()|};
                var one = await q.FirstOrDefaultAsync(o => o.Id == id);
                var n = (from o in ctx.Orders.{|#2:IgnoreQueryFilters()|} where o.Id > id select o).Count();
            }
        }
        """,
        Order(0), Order(1), Order(2));

    [Fact]
    public Task Ignore_query_filters_with_tenant_predicate_or_leaving_the_method_is_silent() => Analyze(Model + """
        public class Admin
        {
            public void M(Shop ctx, Guid tenantId)
            {
                var a = ctx.Orders.IgnoreQueryFilters().Where(o => o.TenantId == tenantId).ToList();
                var b = ctx.Orders.Where(o => o.TenantId == tenantId).IgnoreQueryFilters().Count();
                var c = ctx.Orders.IgnoreQueryFilters().Any(o => o.IsDeleted && o.TenantId == tenantId);
                var d = ctx.Logs.IgnoreQueryFilters().Where(l => l.TenantId == tenantId).ToList();
            }
            public IQueryable<Order> Deleted(Shop ctx) => ctx.Orders.IgnoreQueryFilters().Where(o => o.IsDeleted);
        }
        """);

    [Fact]
    public Task Entity_without_tenant_filter_is_left_to_DBP006() => Analyze(Model + """
        public class Admin
        {
            public List<Log> M(Shop ctx) => ctx.Logs.IgnoreQueryFilters().ToList();
        }
        """);

    [Fact]
    public Task Named_filters_fire_only_when_the_tenant_filter_is_ignored() => Analyze(NamedModel + """
        public class Admin
        {
            public void M(Shop ctx, string[] keys)
            {
                var a = ctx.Orders.{|#0:IgnoreQueryFilters(["Tenant"])|}.ToList();
                var b = ctx.Orders.{|#1:IgnoreQueryFilters(new[] { "SoftDelete", "Tenant" })|}.Count();
                var c = ctx.Orders.{|#2:IgnoreQueryFilters()|}.Count();
                var d = ctx.Orders.IgnoreQueryFilters(["SoftDelete"]).ToList();
                var e = ctx.Orders.IgnoreQueryFilters(keys).ToList();
            }
        }
        """,
        Order(0), Order(1), Order(2));

    [Fact]
    public Task Fix_inserts_the_tenant_predicate_after_IgnoreQueryFilters() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + Model,
            Usings + """
            public class Admin
            {
                private readonly Guid _tenantId;
                public List<Order> A(Shop ctx) => ctx.Orders.{|DBP007:IgnoreQueryFilters()|}.Where(o => o.IsDeleted).ToList();
                public int B(Shop ctx, Guid currentTenantId) => ctx.Orders
                    .{|DBP007:IgnoreQueryFilters()|}
                    .Count();
            }
            """,
        },
        new[]
        {
            Usings + Model,
            Usings + """
            public class Admin
            {
                private readonly Guid _tenantId;
                public List<Order> A(Shop ctx) => ctx.Orders.IgnoreQueryFilters().Where(e => e.TenantId == _tenantId).Where(o => o.IsDeleted).ToList();
                public int B(Shop ctx, Guid currentTenantId) => ctx.Orders
                    .IgnoreQueryFilters().Where(e => e.TenantId == currentTenantId)
                    .Count();
            }
            """,
        },
        TenantFilterBypassedFixer.AddWhereKey);

    // ---- EF Core 8: no named filters; IgnoreQueryFilters() has one shape ----

    [Fact]
    public Task Ef_core_8_fires_and_fixes() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + Model + """
            public class Admin
            {
                public List<Order> A(Shop ctx, Guid tenantId) => ctx.Orders.{|DBP007:IgnoreQueryFilters()|}.ToList();
                public int B(Shop ctx, Guid tenantId) => ctx.Orders.IgnoreQueryFilters().Count(o => o.TenantId == tenantId);
            }
            """,
        },
        new[]
        {
            Usings + Model + """
            public class Admin
            {
                public List<Order> A(Shop ctx, Guid tenantId) => ctx.Orders.IgnoreQueryFilters().Where(e => e.TenantId == tenantId).ToList();
                public int B(Shop ctx, Guid tenantId) => ctx.Orders.IgnoreQueryFilters().Count(o => o.TenantId == tenantId);
            }
            """,
        },
        TenantFilterBypassedFixer.AddWhereKey,
        EfProvider.None,
        editorConfig: null,
        iterations: null,
        EfVersion.EfCore8);

    [Fact]
    public Task Ef_core_8_named_filter_overloads_do_not_exist_and_unnamed_filter_is_read() =>
        AnalyzerVerifier<TenantQueryWithoutFilterAnalyzer>.VerifyAsync(
            new[]
            {
                Usings + Model + """
                public class Admin
                {
                    public int A(Shop ctx) => ctx.Orders.Count() + {|#0:ctx.Logs|}.Count();
                    public int B(Shop ctx) => ctx.Orders.{|CS1501:IgnoreQueryFilters|}(["Tenant"]).Count();
                }
                """,
            },
            EfProvider.None,
            null,
            EfVersion.EfCore8,
            AnalyzerVerifier<TenantQueryWithoutFilterAnalyzer>.Diagnostic("DBP006").WithLocation(0).WithArguments("Log", "TenantId"));

    /// <summary>EF Core 10 named filters set for every tenant entity by a GetEntityTypes() loop, through the metadata API.</summary>
    private const string LoopNamedModel = """
        using System.Linq.Expressions;
        public interface ITenantEntity { Guid TenantId { get; } }
        public interface ISoftDelete { bool IsDeleted { get; } }
        public class Order : ITenantEntity, ISoftDelete { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Shop : DbContext
        {
            private const string SoftDeleteFilter = "SoftDelete";
            private readonly Guid _tenantId;
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                // one loop sets both named filters: each call is its own filter
                foreach (var entityType in modelBuilder.Model.GetEntityTypes())
                {
                    if (typeof(ISoftDelete).IsAssignableFrom(entityType.ClrType))
                    {
                        var d = Expression.Parameter(entityType.ClrType, "d");
                        var deleted = Expression.Property(d, nameof(ISoftDelete.IsDeleted));
                        entityType.SetQueryFilter(SoftDeleteFilter, Expression.Lambda(Expression.Not(deleted), d));
                    }

                    if (typeof(ITenantEntity).IsAssignableFrom(entityType.ClrType))
                    {
                        var e = Expression.Parameter(entityType.ClrType, "e");
                        var tenant = Expression.Property(e, nameof(ITenantEntity.TenantId));
                        entityType.SetQueryFilter("Tenant", Expression.Lambda(Expression.Equal(tenant, Expression.Constant(_tenantId)), e));
                    }
                }
            }
        }
        """;

    [Fact]
    public Task Named_filters_set_by_a_loop_fire_only_when_the_tenant_filter_is_ignored() => AnalyzerVerifier<TenantFilterBypassedAnalyzer>.VerifyAsync(
        new[]
        {
            "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing Microsoft.EntityFrameworkCore;\n" + LoopNamedModel + """
            public class Admin
            {
                public List<Order> Deleted(Shop ctx) => ctx.Orders.IgnoreQueryFilters(["SoftDelete"]).Where(o => o.IsDeleted).ToList();
                public List<Order> AllTenants(Shop ctx) => ctx.Orders.{|#0:IgnoreQueryFilters(["Tenant"])|}.ToList();
                public List<Order> Both(Shop ctx) => ctx.Orders.{|#1:IgnoreQueryFilters(["SoftDelete", "Tenant"])|}.ToList();
                public List<Order> Everything(Shop ctx) => ctx.Orders.{|#2:IgnoreQueryFilters()|}.ToList();
            }
            """,
        },
        EfProvider.None,
        null,
        Order(0), Order(1), Order(2));

    [Fact]
    public Task Tenant_filter_of_a_loop_replaced_later_for_one_entity_is_not_bypassed_there() => AnalyzerVerifier<TenantFilterBypassedAnalyzer>.VerifyAsync(
        new[]
        {
            Usings + """
            public interface ITenantEntity { Guid TenantId { get; } }
            public class Order : ITenantEntity { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
            public class Invoice : ITenantEntity { public int Id { get; set; } public Guid TenantId { get; set; } }
            public class Shop : DbContext
            {
                private readonly Guid _tenant;
                public DbSet<Order> Orders => Set<Order>();
                public DbSet<Invoice> Invoices => Set<Invoice>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    foreach (var entityType in modelBuilder.Model.GetEntityTypes())
                    {
                        if (typeof(ITenantEntity).IsAssignableFrom(entityType.ClrType))
                        {
                            GetType().GetMethod(nameof(SetTenantFilter))!.MakeGenericMethod(entityType.ClrType).Invoke(this, new object[] { modelBuilder });
                        }
                    }

                    // replaces the loop's unnamed tenant filter for Order (DBP022 and DBP006 report that)
                    modelBuilder.Entity<Order>().HasQueryFilter(e => !e.IsDeleted);
                }
                public void SetTenantFilter<T>(ModelBuilder modelBuilder) where T : class, ITenantEntity =>
                    modelBuilder.Entity<T>().HasQueryFilter(e => e.TenantId == _tenant);
            }
            public class Admin
            {
                public int Deleted(Shop ctx) => ctx.Orders.IgnoreQueryFilters().Count(o => o.IsDeleted);
                public int All(Shop ctx) => ctx.Invoices.{|#0:IgnoreQueryFilters()|}.Count();
            }
            """,
        },
        EfProvider.None,
        null,
        Verify.Diagnostic("DBP007").WithLocation(0).WithArguments("Invoice", "TenantId"));
}
