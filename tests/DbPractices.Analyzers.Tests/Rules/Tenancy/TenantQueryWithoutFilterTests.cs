using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Tenancy;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Tenancy;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Tenancy.TenantQueryWithoutFilterAnalyzer,
    DbPractices.CodeFixes.Rules.Tenancy.TenantQueryWithoutFilterFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Tenancy;

public class TenantQueryWithoutFilterTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\n";

    /// <summary>Order and Customer are tenant-owned (TenantId), Product is not; the context has no filter.</summary>
    private const string Model = """
        public class Customer { public int Id { get; set; } public int TenantId { get; set; } public string Name { get; set; } = ""; }
        public class Order
        {
            public int Id { get; set; }
            public int TenantId { get; set; }
            public int CustomerId { get; set; }
            public Customer Customer { get; set; } = null!;
            public bool Open { get; set; }
        }
        public class Product { public int Id { get; set; } public string Name { get; set; } = ""; }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Product> Products => Set<Product>();
        }
        """;

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<TenantQueryWithoutFilterAnalyzer>.VerifyAsync(new[] { Usings + Model + source }, EfProvider.None, null, expected);

    private static Task AnalyzeAlone(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<TenantQueryWithoutFilterAnalyzer>.VerifyAsync(new[] { Usings + source }, EfProvider.None, null, expected);

    private static DiagnosticResult Order(int location) => Verify.Diagnostic("DBP006").WithLocation(location).WithArguments("Order", "TenantId");

    private static DiagnosticResult Customer(int location) => Verify.Diagnostic("DBP006").WithLocation(location).WithArguments("Customer", "TenantId");

    // ---- fires ----

    [Fact]
    public Task Materializations_without_tenant_predicate_fire() => Analyze("""
        public class Repo
        {
            public async Task M(Shop ctx, int id)
            {
                var a = {|#0:ctx.Orders|}.Where(o => o.Open).ToList();
                var b = await {|#1:ctx.Orders|}.FirstOrDefaultAsync(o => o.Id == id).ConfigureAwait(false);
                var c = {|#2:ctx.Set<Order>()|}.Count();
                var d = {|#3:ctx.Orders|}.Find(id);
                var e = await {|#4:ctx.Orders|}.Where(o => !o.Open).ExecuteDeleteAsync();
                var f = {|#5:ctx.Orders|}.Any(o => o.Customer.TenantId == 1);
                var g = {|#6:ctx.Orders|}.Where(o => o.TenantId == 1 || o.Open).ToArray();
            }
        }
        """,
        Order(0), Order(1), Order(2), Order(3), Order(4), Order(5), Order(6));

    [Fact]
    public Task Foreach_and_await_foreach_over_a_query_fire() => Analyze("""
        public class Repo
        {
            public async Task M(Shop ctx)
            {
                foreach (var o in {|#0:ctx.Orders|}) { }
                var q = {|#1:ctx.Orders|}.Where(o => o.Open);
                await foreach (var o in q.AsAsyncEnumerable()) { }
            }
        }
        """,
        Order(0), Order(1));

    [Fact]
    public Task Conditional_filter_on_one_path_only_fires() => Analyze("""
        public class Repo
        {
            public List<Order> M(Shop ctx, int? tenantId)
            {
                var q = {|#0:ctx.Orders|}.AsQueryable();
                if (tenantId != null)
                {
                    q = q.Where(o => o.TenantId == tenantId);
                }

                return q.ToList();
            }
        }
        """,
        Order(0));

    [Fact]
    public Task Each_tenant_root_of_a_join_needs_its_own_predicate() => Analyze("""
        public class Repo
        {
            public void M(Shop ctx, int tenantId)
            {
                var a = (from o in ctx.Orders
                         join c in {|#0:ctx.Customers|} on o.CustomerId equals c.Id
                         where o.TenantId == tenantId
                         select new { o.Id, c.Name }).ToList();
                var b = (from o in {|#1:ctx.Orders|}
                         from c in ctx.Customers
                         where c.TenantId == tenantId
                         select o).ToList();
                var c2 = ctx.Orders.Where(o => o.TenantId == tenantId)
                    .Join({|#2:ctx.Customers|}, o => o.CustomerId, c => c.Id, (o, c) => new { o, c })
                    .Where(x => x.o.Open)
                    .ToList();
            }
        }
        """,
        Customer(0), Order(1), Customer(2));

    [Fact]
    public Task Tenant_key_projected_away_before_the_predicate_fires() => Analyze("""
        public class Repo
        {
            public void M(Shop ctx, int tenantId)
            {
                var a = {|#0:ctx.Orders|}.Select(o => new { o.Id, o.Customer }).Where(x => x.Customer.TenantId == tenantId).ToList();
            }
        }
        """,
        Order(0));

    [Fact]
    public Task Set_in_context_method_and_local_function_fire() => AnalyzeAlone("""
        public class Order { public int Id { get; set; } public Guid TenantId { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            public int CountAll() => {|#0:Orders|}.Count();
            public List<Order> Local()
            {
                return Run();
                List<Order> Run() => {|#1:Set<Order>()|}.ToList();
            }
        }
        """,
        Order(0), Order(1));

    [Fact]
    public Task Tenant_interface_through_base_class_and_base_interface_fires() => AnalyzeAlone("""
        public interface IHasTenant { Guid OwnerId { get; set; } }
        public interface IMultiTenant : IHasTenant { }
        public abstract class TenantEntity : IMultiTenant { public Guid OwnerId { get; set; } }
        public class Invoice : TenantEntity { public int Id { get; set; } }
        public class Billing : DbContext
        {
            public DbSet<Invoice> Invoices => Set<Invoice>();
            public List<Invoice> All() => {|#0:Invoices|}.ToList();
            public List<Invoice> Mine(Guid ownerId) => Invoices.Where(i => i.OwnerId == ownerId).ToList();
        }
        """,
        Verify.Diagnostic("DBP006").WithLocation(0).WithArguments("Invoice", "OwnerId"));

    [Fact]
    public Task Configured_tenant_property_name_fires() =>
        AnalyzerVerifier<TenantQueryWithoutFilterAnalyzer>.VerifyAsync(
            new[]
            {
                Usings + """
                public class Project { public int Id { get; set; } public int OrganizationId { get; set; } public int TenantId { get; set; } }
                public class Work : DbContext
                {
                    public DbSet<Project> Projects => Set<Project>();
                    public int A() => {|#0:Projects|}.Count(p => p.TenantId == 1);
                    public int B() => Projects.Count(p => p.OrganizationId == 1);
                }
                """,
            },
            EfProvider.None,
            "dbpractices.tenant_properties = OrganizationId",
            Verify.Diagnostic("DBP006").WithLocation(0).WithArguments("Project", "OrganizationId"));

    // ---- silent ----

    [Fact]
    public Task Tenant_predicates_anywhere_in_the_chain_are_silent() => Analyze("""
        public class Repo
        {
            public async Task M(Shop ctx, int tenantId, int id, bool open)
            {
                var a = ctx.Orders.Where(o => o.TenantId == tenantId).OrderBy(o => o.Id).ToList();
                var b = ctx.Orders.Include(o => o.Customer).First(o => o.Id == id && o.TenantId == tenantId);
                var c = ctx.Orders.Any(o => tenantId == o.TenantId);
                var d = ctx.Orders.Count(o => o.Open && (o.TenantId == tenantId || o.TenantId == 0));
                var e = await ctx.Orders.SingleOrDefaultAsync(o => o.Id == id && o.TenantId == tenantId);
                var f = ctx.Orders.Where(o => EF.Property<int>(o, "TenantId") == tenantId).ToList();
                var g = (from o in ctx.Orders where o.Open && o.TenantId == tenantId select o.Id).ToList();
                var h = ctx.Orders.Select(o => new { o.Id, Tenant = o.TenantId }).Where(x => x.Tenant == tenantId).ToList();
                var q = ctx.Orders.AsQueryable();
                q = q.Where(o => o.TenantId == tenantId);
                if (open) { q = q.Where(o => o.Open); }
                foreach (var o in q) { }
                var n = await q.CountAsync();
                var products = ctx.Products.ToList();
            }
        }
        """);

    [Fact]
    public Task Joins_with_a_predicate_per_root_are_silent() => Analyze("""
        public class Repo
        {
            public void M(Shop ctx, int tenantId)
            {
                var a = (from o in ctx.Orders
                         join c in ctx.Customers on o.CustomerId equals c.Id
                         where o.TenantId == tenantId && c.TenantId == tenantId
                         select new { o.Id, c.Name }).ToList();
                var b = ctx.Orders.Where(o => o.TenantId == tenantId)
                    .Join(ctx.Customers.Where(c => c.TenantId == tenantId), o => o.CustomerId, c => c.Id, (o, c) => new { o, c })
                    .ToList();
                var d = (from o in ctx.Orders
                         from c in ctx.Customers
                         let t = o.TenantId
                         where t == tenantId && c.TenantId == tenantId
                         select o).ToList();
            }
        }
        """);

    [Fact]
    public Task Query_leaving_the_method_is_silent() => Analyze("""
        public class Repo
        {
            private IQueryable<Order>? _pending;
            public IQueryable<Order> Returned(Shop ctx) => ctx.Orders.Where(o => o.Open);
            public IQueryable<Order> ReturnedThroughLocal(Shop ctx) { var q = ctx.Orders.AsQueryable(); return q; }
            public List<Order> Passed(Shop ctx) => Apply(ctx.Orders).ToList();
            public void Stored(Shop ctx) => _pending = ctx.Orders;
            public int Predicate(Shop ctx, System.Linq.Expressions.Expression<Func<Order, bool>> spec) => ctx.Orders.Count(spec);
            private static IQueryable<Order> Apply(IQueryable<Order> q) => q;
        }
        """);

    [Fact]
    public Task Subqueries_and_local_data_are_silent() => Analyze("""
        public class Repo
        {
            public void M(Shop ctx, int tenantId, List<int> ids)
            {
                var a = ctx.Customers.Where(c => c.TenantId == tenantId && ctx.Orders.Any(o => o.CustomerId == c.Id)).ToList();
                var b = ctx.Orders.Local.ToList();
                var c = ids.Contains(3);
                var d = ctx.Orders.Where(o => o.TenantId == tenantId).ToList().Where(o => o.Open).ToList();
            }
        }
        """);

    [Fact]
    public Task Entity_with_tenant_query_filter_is_silent() => AnalyzeAlone("""
        public class Order { public int Id { get; set; } public Guid TenantId { get; set; } }
        public class Note { public int Id { get; set; } public Guid TenantId { get; set; } }
        public class Shop : DbContext
        {
            private readonly Guid _tenantId;
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Note> Notes => Set<Note>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Order>().HasQueryFilter(o => o.TenantId == _tenantId);
                modelBuilder.Entity<Note>(b => b.HasQueryFilter(n => n.TenantId == _tenantId));
            }
            public int A() => Orders.Count() + Notes.Count();
        }
        """);

    [Fact]
    public Task Get_entity_types_loop_filter_is_silent() => AnalyzeAlone("""
        public interface ITenantEntity { Guid TenantId { get; set; } }
        public class Order : ITenantEntity { public int Id { get; set; } public Guid TenantId { get; set; } }
        public class Shop : DbContext
        {
            private readonly Guid _tenantId;
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                foreach (var entityType in modelBuilder.Model.GetEntityTypes())
                {
                    if (typeof(ITenantEntity).IsAssignableFrom(entityType.ClrType))
                    {
                        GetType().GetMethod(nameof(SetTenantFilter))!.MakeGenericMethod(entityType.ClrType).Invoke(this, new object[] { modelBuilder });
                    }
                }
            }
            public void SetTenantFilter<T>(ModelBuilder modelBuilder) where T : class, ITenantEntity =>
                modelBuilder.Entity<T>().HasQueryFilter(e => e.TenantId == _tenantId);
            public List<Order> All() => Orders.ToList();
        }
        """);

    [Fact]
    public Task Filter_that_does_not_read_the_tenant_key_does_not_count() => AnalyzeAlone("""
        public class Order { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                modelBuilder.Entity<Order>().HasQueryFilter(o => !o.IsDeleted);
            public List<Order> All() => {|#0:Orders|}.ToList();
        }
        """,
        Order(0));

    // ---- fixes ----

    [Fact]
    public Task Where_fix_uses_the_tenant_value_in_scope() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + Model + """
            public class Repo
            {
                private readonly int _tenantId;
                public List<Order> Open(Shop ctx) => {|DBP006:ctx.Orders|}.Where(o => o.Open).ToList();
                public async Task<Order?> ById(Shop ctx, int currentTenantId, int id)
                {
                    var e = 1;
                    return await {|DBP006:ctx.Orders|} // comment kept
                        .FirstOrDefaultAsync(o => o.Id == id + e);
                }
                public int Names(Shop ctx) => (from c in {|DBP006:ctx.Customers|} select c.Name).Count();
                public List<Order> Later(Shop ctx, bool open)
                {
                    var q = {|DBP006:ctx.Orders|}.AsQueryable();
                    if (open) { q = q.Where(o => o.Open); }
                    return q.ToList();
                }
            }
            """,
        },
        new[]
        {
            Usings + Model + """
            public class Repo
            {
                private readonly int _tenantId;
                public List<Order> Open(Shop ctx) => ctx.Orders.Where(e => e.TenantId == _tenantId).Where(o => o.Open).ToList();
                public async Task<Order?> ById(Shop ctx, int currentTenantId, int id)
                {
                    var e = 1;
                    return await ctx.Orders.Where(x => x.TenantId == currentTenantId) // comment kept
                        .FirstOrDefaultAsync(o => o.Id == id + e);
                }
                public int Names(Shop ctx) => (from c in ctx.Customers.Where(e => e.TenantId == _tenantId) select c.Name).Count();
                public List<Order> Later(Shop ctx, bool open)
                {
                    var q = ctx.Orders.Where(e => e.TenantId == _tenantId).AsQueryable();
                    if (open) { q = q.Where(o => o.Open); }
                    return q.ToList();
                }
            }
            """,
        },
        TenantQueryWithoutFilterFixer.AddWhereKey);

    [Fact]
    public Task Where_fix_adds_using_System_Linq() => Verify.VerifyFixAsync(
        "using Microsoft.EntityFrameworkCore;\n" + """
        public class Order { public int Id { get; set; } public int TenantId { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            public void Each(int tenantId)
            {
                foreach (var o in {|DBP006:Orders|}) { }
            }
        }
        """,
        "using System.Linq;\nusing Microsoft.EntityFrameworkCore;\n" + """
        public class Order { public int Id { get; set; } public int TenantId { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            public void Each(int tenantId)
            {
                foreach (var o in Orders.Where(e => e.TenantId == tenantId)) { }
            }
        }
        """,
        TenantQueryWithoutFilterFixer.AddWhereKey);

    [Fact]
    public Task No_where_fix_without_a_tenant_value_of_a_compatible_type_or_for_Find() => Verify.VerifyFixAsync(
        Usings + Model + """
        public class Repo
        {
            public List<Order> All(Shop ctx, string tenantId) => {|DBP006:ctx.Orders|}.ToList();
            public static Order? One(Shop ctx, int tenantId, int id) => {|DBP006:ctx.Orders|}.Find(id);
        }
        """,
        Usings + Model + """
        public class Repo
        {
            public List<Order> All(Shop ctx, string tenantId) => {|DBP006:ctx.Orders|}.ToList();
            public static Order? One(Shop ctx, int tenantId, int id) => {|DBP006:ctx.Orders|}.Find(id);
        }
        """,
        TenantQueryWithoutFilterFixer.AddWhereKey);

    private const string TenantContext = """
        public class Order { public int Id { get; set; } public Guid TenantId { get; set; } }
        public class Note { public int Id { get; set; } public Guid TenantId { get; set; } }
        public partial class Shop : DbContext
        {
            private readonly Guid _currentTenantId;
            public Shop(Guid currentTenantId) => _currentTenantId = currentTenantId;
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Note> Notes => Set<Note>();
        }
        """;

    [Fact]
    public Task Global_filter_fix_appends_to_OnModelCreating_once_per_entity_across_documents() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + TenantContext + """
            public partial class Shop
            {
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    // existing configuration
                    modelBuilder.Entity<Order>().HasKey(o => o.Id);
                }
            }
            """,
            Usings + """
            public class Reports
            {
                public int A(Shop ctx) => {|DBP006:ctx.Orders|}.Count() + {|DBP006:ctx.Notes|}.Count();
                public List<Order> B(Shop ctx) => {|DBP006:ctx.Set<Order>()|}.ToList();
            }
            """,
        },
        new[]
        {
            Usings + TenantContext + """
            public partial class Shop
            {
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    // existing configuration
                    modelBuilder.Entity<Order>().HasKey(o => o.Id);
                    modelBuilder.Entity<Order>().HasQueryFilter(e => e.TenantId == _currentTenantId);
                    modelBuilder.Entity<Note>().HasQueryFilter(e => e.TenantId == _currentTenantId);
                }
            }
            """,
            Usings + """
            public class Reports
            {
                public int A(Shop ctx) => ctx.Orders.Count() + ctx.Notes.Count();
                public List<Order> B(Shop ctx) => ctx.Set<Order>().ToList();
            }
            """,
        },
        TenantQueryWithoutFilterFixer.AddGlobalFilterKey);

    [Fact]
    public Task Global_filter_fix_creates_OnModelCreating_when_missing() => Verify.VerifyFixAsync(
        Usings + """
        namespace App.Data
        {
            public class Order { public int Id { get; set; } public Guid TenantId { get; set; } }
            public class Shop : DbContext
            {
                public Guid TenantId { get; set; }
                public DbSet<Order> Orders => Set<Order>();
                public bool Any() => {|DBP006:Orders|}.Any();
            }
        }
        """,
        Usings + """
        namespace App.Data
        {
            public class Order { public int Id { get; set; } public Guid TenantId { get; set; } }
            public class Shop : DbContext
            {
                public Guid TenantId { get; set; }
                public DbSet<Order> Orders => Set<Order>();
                public bool Any() => Orders.Any();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    base.OnModelCreating(modelBuilder);
                    modelBuilder.Entity<Order>().HasQueryFilter(e => e.TenantId == TenantId);
                }
            }
        }
        """,
        TenantQueryWithoutFilterFixer.AddGlobalFilterKey);

    [Fact]
    public Task No_global_filter_fix_when_the_entity_has_another_filter_or_the_context_no_tenant_member() => Verify.VerifyFixAsync(
        Usings + """
        public class Order { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Note { public int Id { get; set; } public Guid TenantId { get; set; } }
        public class Shop : DbContext
        {
            private readonly Guid _tenantId;
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Order>().HasQueryFilter(o => !o.IsDeleted);
            public int A() => {|DBP006:Orders|}.Count();
        }
        public class Other : DbContext
        {
            public DbSet<Note> Notes => Set<Note>();
            public int B() => {|DBP006:Notes|}.Count();
        }
        """,
        Usings + """
        public class Order { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Note { public int Id { get; set; } public Guid TenantId { get; set; } }
        public class Shop : DbContext
        {
            private readonly Guid _tenantId;
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Order>().HasQueryFilter(o => !o.IsDeleted);
            public int A() => {|DBP006:Orders|}.Count();
        }
        public class Other : DbContext
        {
            public DbSet<Note> Notes => Set<Note>();
            public int B() => {|DBP006:Notes|}.Count();
        }
        """,
        TenantQueryWithoutFilterFixer.AddGlobalFilterKey);

    [Fact]
    public Task Global_filter_fix_turns_an_expression_bodied_OnModelCreating_into_a_block_on_ef_core_8() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + """
            public class Order { public int Id { get; set; } public long TenantId { get; set; } }
            public class Shop : DbContext
            {
                private long _tenantId;
                public DbSet<Order> Orders => Set<Order>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                    modelBuilder.Entity<Order>().HasKey(o => o.Id);
                public Order? Get(int id) => {|DBP006:Orders|}.Find(id);
            }
            """,
        },
        new[]
        {
            Usings + """
            public class Order { public int Id { get; set; } public long TenantId { get; set; } }
            public class Shop : DbContext
            {
                private long _tenantId;
                public DbSet<Order> Orders => Set<Order>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Order>().HasKey(o => o.Id);
                    modelBuilder.Entity<Order>().HasQueryFilter(e => e.TenantId == _tenantId);
                }
                public Order? Get(int id) => Orders.Find(id);
            }
            """,
        },
        TenantQueryWithoutFilterFixer.AddGlobalFilterKey,
        EfProvider.None,
        editorConfig: null,
        iterations: null,
        EfVersion.EfCore8);

    // ---- query roots: interfaces, repository helpers, await foreach forms (RULES.md "Query root") ----

    private const string Roots = """
        public interface IShopDb { DbSet<Order> Orders { get; } DbSet<T> Set<T>() where T : class; }
        public abstract class Repository<T> where T : class
        {
            protected readonly IShopDb Db;
            protected Repository(IShopDb db) => Db = db;
            public IQueryable<T> Query() => Db.Set<T>();
        }
        public class OrderRepository : Repository<Order>
        {
            private readonly int _tenantId;
            public OrderRepository(IShopDb db, int tenantId) : base(db) => _tenantId = tenantId;
            public IQueryable<Order> Mine() => Db.Orders.Where(o => o.TenantId == _tenantId);
        }
        """;

    [Fact]
    public Task Interface_and_repository_roots_and_await_foreach_forms_fire() => Analyze(Roots + """
        public class Handler
        {
            public async Task M(IShopDb db, OrderRepository repo, System.Threading.CancellationToken ct)
            {
                var a = await {|#0:db.Orders|}.Where(o => o.Open).ToListAsync(ct);
                var b = {|#1:repo.Query()|}.Count();
                await foreach (var o in {|#2:db.Set<Order>()|}.AsAsyncEnumerable().WithCancellation(ct).ConfigureAwait(false))
                    Console.WriteLine(o.Id);
            }
        }
        """, Order(0), Order(1), Order(2));

    [Fact]
    public Task A_repository_helper_that_filters_by_tenant_is_silent() => Analyze(Roots + """
        public class Handler
        {
            public async Task M(OrderRepository repo, System.Threading.CancellationToken ct)
            {
                var a = await repo.Mine().Where(o => o.Open).ToListAsync(ct);
                await foreach (var o in repo.Mine().AsAsyncEnumerable().WithCancellation(ct))
                    Console.WriteLine(o.Id);
            }
        }
        """);

    [Fact]
    public Task Where_fix_lands_after_an_interface_or_repository_root() => Verify.VerifyFixAsync(
        new[] { Usings + Model + Roots + """
            public class Handler
            {
                public List<Order> M(IShopDb db, OrderRepository repo, int tenantId) =>
                    {|DBP006:db.Orders|}.Where(o => o.Open).Concat({|DBP006:repo.Query()|}.Where(o => !o.Open)).ToList();
            }
            """ },
        new[] { Usings + Model + Roots + """
            public class Handler
            {
                public List<Order> M(IShopDb db, OrderRepository repo, int tenantId) =>
                    db.Orders.Where(e => e.TenantId == tenantId).Where(o => o.Open).Concat(repo.Query().Where(e => e.TenantId == tenantId).Where(o => !o.Open)).ToList();
            }
            """ },
        TenantQueryWithoutFilterFixer.AddWhereKey);

    [Fact]
    public Task Tenant_filter_replaced_by_a_later_unnamed_filter_fires() => AnalyzeAlone("""
        public class Order { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Invoice { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Shop : DbContext
        {
            private readonly Guid _tenant;
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Invoice> Invoices => Set<Invoice>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                var b = modelBuilder.Entity<Order>();
                b.HasQueryFilter(e => e.TenantId == _tenant);
                b.HasQueryFilter(e => !e.IsDeleted);
                modelBuilder.Entity<Invoice>().HasQueryFilter(e => !e.IsDeleted).HasQueryFilter(e => e.TenantId == _tenant);
            }
            public int Count() => {|#0:Orders|}.Count() + Invoices.Count();
        }
        """,
        Order(0).WithArguments("Order", "TenantId"));

    [Fact]
    public Task Named_filters_accumulate_and_exclusive_paths_or_other_methods_keep_the_tenant_filter() => AnalyzeAlone("""
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        public class Order { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Invoice { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Line { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Shop : DbContext
        {
            private readonly Guid _tenant;
            private readonly bool _archive;
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Invoice> Invoices => Set<Invoice>();
            public DbSet<Line> Lines => Set<Line>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Order>().HasQueryFilter("Tenant", e => e.TenantId == _tenant).HasQueryFilter("SoftDelete", e => !e.IsDeleted);
                if (_archive)
                    modelBuilder.Entity<Invoice>().HasQueryFilter(e => !e.IsDeleted);
                else
                    modelBuilder.Entity<Invoice>().HasQueryFilter(e => e.TenantId == _tenant && !e.IsDeleted);
                modelBuilder.Entity<Line>().HasQueryFilter(e => e.TenantId == _tenant);
                modelBuilder.ApplyConfiguration(new LineConfiguration());
            }
            public int Count() => Orders.Count() + Invoices.Count() + Lines.Count();
        }
        // another method: the order of the two filters is not known here, so the tenant filter is taken as kept
        public class LineConfiguration : IEntityTypeConfiguration<Line>
        {
            public void Configure(EntityTypeBuilder<Line> builder) => builder.HasQueryFilter(e => !e.IsDeleted);
        }
        """);

    [Fact]
    public Task Loop_filter_replaced_by_a_later_per_entity_filter_fires() => AnalyzeAlone("""
        public interface ITenantEntity { Guid TenantId { get; } }
        public class Order : ITenantEntity { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Invoice : ITenantEntity { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Shop : DbContext
        {
            private readonly Guid _tenant;
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Invoice> Invoices => Set<Invoice>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Invoice>().HasQueryFilter(e => !e.IsDeleted);
                foreach (var entityType in modelBuilder.Model.GetEntityTypes())
                {
                    if (typeof(ITenantEntity).IsAssignableFrom(entityType.ClrType))
                    {
                        GetType().GetMethod(nameof(SetTenantFilter))!.MakeGenericMethod(entityType.ClrType).Invoke(this, new object[] { modelBuilder });
                    }
                }

                modelBuilder.Entity<Order>().HasQueryFilter(e => !e.IsDeleted);
            }
            public void SetTenantFilter<T>(ModelBuilder modelBuilder) where T : class, ITenantEntity =>
                modelBuilder.Entity<T>().HasQueryFilter(e => e.TenantId == _tenant);
            public int Count() => {|#0:Orders|}.Count() + Invoices.Count();
        }
        """,
        Order(0).WithArguments("Order", "TenantId"));

    // ---- generic helpers, read as they are called ----

    [Fact]
    public Task Tenant_filter_of_a_generic_helper_counts_for_the_types_it_is_called_with() => AnalyzeAlone("""
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        public interface ITenantEntity { Guid TenantId { get; } }
        public class Order : ITenantEntity { public int Id { get; set; } public Guid TenantId { get; set; } }
        public class Invoice : ITenantEntity { public int Id { get; set; } public Guid TenantId { get; set; } }
        public class Line : ITenantEntity { public int Id { get; set; } public Guid TenantId { get; set; } }
        public class Shop : DbContext
        {
            private readonly Guid _tenant;
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Invoice> Invoices => Set<Invoice>();
            public DbSet<Line> Lines => Set<Line>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                ConfigureTenant(modelBuilder.Entity<Order>());
                Configure<Invoice>(modelBuilder);
            }
            private void ConfigureTenant<T>(EntityTypeBuilder<T> b) where T : class, ITenantEntity => b.HasQueryFilter(e => e.TenantId == _tenant);
            private void Configure<T>(ModelBuilder b) where T : class, ITenantEntity => ConfigureTenant(b.Entity<T>());
            public int Count() => Orders.Count() + Invoices.Count() + {|#0:Lines|}.Count();
        }
        """,
        Verify.Diagnostic("DBP006").WithLocation(0).WithArguments("Line", "TenantId"));

    [Fact]
    public Task Tenant_filter_replaced_by_a_generic_helper_called_later_fires() => AnalyzeAlone("""
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        public interface ISoftDelete { bool IsDeleted { get; } }
        public class Order : ISoftDelete { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Shop : DbContext
        {
            private readonly Guid _tenant;
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Order>().HasQueryFilter(e => e.TenantId == _tenant);
                ConfigureSoftDelete(modelBuilder.Entity<Order>());
            }
            private static void ConfigureSoftDelete<T>(EntityTypeBuilder<T> b) where T : class, ISoftDelete => b.HasQueryFilter(e => !e.IsDeleted);
            public int Count() => {|#0:Orders|}.Count();
        }
        """,
        Order(0).WithArguments("Order", "TenantId"));
}
