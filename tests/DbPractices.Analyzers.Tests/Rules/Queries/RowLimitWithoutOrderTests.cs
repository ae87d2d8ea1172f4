using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Queries;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Queries;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Queries.RowLimitWithoutOrderAnalyzer,
    DbPractices.CodeFixes.Rules.Queries.RowLimitWithoutOrderFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Queries;

public class RowLimitWithoutOrderTests
{
    private const string Usings = "using System;\nusing System.Linq;\nusing System.Collections.Generic;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\n";

    private const string Model = """

        public class Order
        {
            public int Id { get; set; }
            public string Number { get; set; } = "";
            public bool Open { get; set; }
            public decimal Total { get; set; }
        }
        [PrimaryKey(nameof(OrderId), nameof(Line))]
        public class OrderLine { public int OrderId { get; set; } public int Line { get; set; } public int Qty { get; set; } }
        [Index(nameof(Code), IsUnique = true)]
        public class Country { public int Id { get; set; } public string Code { get; set; } = ""; }
        [Keyless]
        public class Report { public string Name { get; set; } = ""; }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<OrderLine> Lines => Set<OrderLine>();
            public DbSet<Country> Countries => Set<Country>();
            public DbSet<Report> Reports => Set<Report>();
        }
        """;

    private static Task Analyze(string body, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<RowLimitWithoutOrderAnalyzer>.VerifyAsync(new[] { Usings + Wrap(body) + Model }, EfProvider.Sqlite, null, expected);

    private static string Wrap(string body) => "public class Repo\n{\n    private readonly Shop ctx = new();\n" + body + "\n}\n";

    private static DiagnosticResult Diagnostic(int location, string op, string entity) =>
        Verify.Diagnostic("DBP012").WithLocation(location).WithArguments(op, entity);

    // ---- fires ----

    [Fact]
    public Task Take_without_order_fires() => Analyze("""
            public List<Order> M() => ctx.Orders.Where(o => o.Open).{|#0:Take|}(10).ToList();
        """, Diagnostic(0, "Take", "Order"));

    [Fact]
    public Task Skip_then_Take_reports_the_first_row_limiting_operator_only() => Analyze("""
            public List<Order> M(int page) => ctx.Orders.{|#0:Skip|}(page * 20).Take(20).ToList();
        """, Diagnostic(0, "Skip", "Order"));

    [Fact]
    public Task First_without_filter_or_order_fires_sync_and_async() => Analyze("""
            public Order M() => ctx.Orders.{|#0:First|}();
            public Task<Order?> N() => ctx.Set<Order>().{|#1:FirstOrDefaultAsync|}();
        """, Diagnostic(0, "First", "Order"), Diagnostic(1, "FirstOrDefaultAsync", "Order"));

    [Fact]
    public Task Last_and_ElementAt_without_order_fire() => Analyze("""
            public Order M() => ctx.Orders.Where(o => o.Open).{|#0:Last|}();
            public Task<Order> N() => ctx.Orders.{|#1:ElementAtAsync|}(3);
        """, Diagnostic(0, "Last", "Order"), Diagnostic(1, "ElementAtAsync", "Order"));

    [Fact]
    public Task Through_locals_and_conditional_composition_fires() => Analyze("""
            public async Task<List<Order>> M(bool open)
            {
                var q = ctx.Orders.AsQueryable();
                if (open) q = q.Where(o => o.Open);
                return await q.{|#0:Take|}(5).ToListAsync();
            }
        """, Diagnostic(0, "Take", "Order"));

    [Fact]
    public Task One_path_without_order_fires() => Analyze("""
            public List<Order> M(bool sorted)
            {
                IQueryable<Order> q = ctx.Orders;
                if (sorted) q = q.OrderBy(o => o.Number);
                return q.{|#0:Take|}(5).ToList();
            }
        """, Diagnostic(0, "Take", "Order"));

    [Fact]
    public Task Projection_fires_with_its_element_type() => Analyze("""
            public List<string> M() => ctx.Orders.Select(o => o.Number).{|#0:Take|}(10).ToList();
        """, Diagnostic(0, "Take", "String"));

    [Fact]
    public Task Filter_on_a_non_key_column_does_not_make_Take_deterministic() => Analyze("""
            public List<Order> M(string n) => ctx.Orders.Where(o => o.Number == n).{|#0:Take|}(2).ToList();
        """, Diagnostic(0, "Take", "Order"));

    // ---- silent ----

    [Fact]
    public Task Ordered_queries_are_silent() => Analyze("""
            public List<Order> A() => ctx.Orders.OrderBy(o => o.Number).Skip(10).Take(10).ToList();
            public Order B() => ctx.Orders.OrderByDescending(o => o.Total).ThenBy(o => o.Id).First();
            public Order C() => ctx.Orders.OrderBy(o => o.Id).Select(o => o).Last();
            public List<Order> D()
            {
                var q = ctx.Orders.OrderBy(o => o.Id);
                return q.Take(3).ToList();
            }
        """);

    [Fact]
    public Task First_with_a_filter_is_silent() => Analyze("""
            public Order? A(int id) => ctx.Orders.FirstOrDefault(o => o.Id == id);
            public Task<Order> B(string n) => ctx.Orders.Where(o => o.Number == n).FirstAsync();
            public Order? C(System.Linq.Expressions.Expression<Func<Order, bool>> p) => ctx.Orders.FirstOrDefault(p);
        """);

    [Fact]
    public Task Single_row_by_key_lookups_are_silent() => Analyze("""
            public List<Order> A(int id) => ctx.Orders.Where(o => o.Id == id).Take(1).ToList();
            public OrderLine B(int o, int l) => ctx.Lines.Where(x => x.OrderId == o && x.Line == l).Last();
            public List<Country> C(string code) => ctx.Countries.Where(c => code == c.Code).Take(1).ToList();
        """);

    [Fact]
    public Task Find_in_memory_sources_and_parameters_are_silent() => Analyze("""
            public Order? A(int id) => ctx.Orders.Find(id);
            public Order B(List<Order> list) => list.First();
            public List<Order> C(List<Order> list) => list.Take(3).ToList();
            public List<Order> D(IQueryable<Order> q) => q.Take(3).ToList();
            public Order E() => ctx.Orders.ToList().First();
            public List<Order> F() => ctx.Orders.FromSqlRaw("SELECT * FROM Orders ORDER BY Id").Take(3).ToList();
            public static IQueryable<T> Page<T>(IQueryable<T> q, int p) => q.Skip(p * 10).Take(10);
        """);

    // ---- fix ----

    [Fact]
    public Task Fix_inserts_OrderBy_primary_key_before_the_first_row_limiting_operator() => Verify.VerifyFixAsync(
        new[] { Usings + Wrap("""
                public List<Order> M(int page) => ctx.Orders.Where(o => o.Open).{|DBP012:Skip|}(page * 20).Take(20).ToList();
                public Task<Order> N() =>
                    ctx.Orders
                        .Where(o => o.Total > 0)
                        .{|DBP012:LastAsync|}();
            """) + Model },
        new[] { Usings + Wrap("""
                public List<Order> M(int page) => ctx.Orders.Where(o => o.Open).OrderBy(e => e.Id).Skip(page * 20).Take(20).ToList();
                public Task<Order> N() =>
                    ctx.Orders
                        .Where(o => o.Total > 0)
                        .OrderBy(e => e.Id)
                        .LastAsync();
            """) + Model },
        RowLimitWithoutOrderFixer.EquivalenceKey, EfProvider.Sqlite);

    [Fact]
    public Task Fix_orders_by_every_column_of_a_composite_key_and_avoids_names_in_scope() => Verify.VerifyFixAsync(
        new[] { Usings + Wrap("""
                public List<OrderLine> M(int e) => ctx.Lines.{|DBP012:Take|}(e).ToList();
            """) + Model },
        new[] { Usings + Wrap("""
                public List<OrderLine> M(int e) => ctx.Lines.OrderBy(x => x.OrderId).ThenBy(x => x.Line).Take(e).ToList();
            """) + Model },
        RowLimitWithoutOrderFixer.EquivalenceKey, EfProvider.Sqlite);

    [Fact]
    public async Task No_fix_for_projections_and_keyless_entities()
    {
        var source = Usings + Wrap("""
                public List<string> M() => ctx.Orders.Select(o => o.Number).{|#0:Take|}(10).ToList();
                public List<Report> N() => ctx.Reports.{|#1:Take|}(10).ToList();
            """) + Model;
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        TestSetup.Configure(test.TestState, EfProvider.Sqlite, null);
        test.ExpectedDiagnostics.Add(Diagnostic(0, "Take", "String"));
        test.ExpectedDiagnostics.Add(Diagnostic(1, "Take", "Report"));
        await test.RunAsync();
    }

    [Fact]
    public Task Fix_all_across_documents() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + Wrap("""
                public List<Order> A() => ctx.Orders.{|DBP012:Take|}(1).ToList();
                public Order B() => ctx.Orders.{|DBP012:First|}();
            """) + Model,
            Usings + "public class Other { public Task<List<Order>> C(Shop s) => s.Orders.{|DBP012:Skip|}(1).ToListAsync(); }",
        },
        new[]
        {
            Usings + Wrap("""
                public List<Order> A() => ctx.Orders.OrderBy(e => e.Id).Take(1).ToList();
                public Order B() => ctx.Orders.OrderBy(e => e.Id).First();
            """) + Model,
            Usings + "public class Other { public Task<List<Order>> C(Shop s) => s.Orders.OrderBy(e => e.Id).Skip(1).ToListAsync(); }",
        },
        RowLimitWithoutOrderFixer.EquivalenceKey, EfProvider.Sqlite);

    // ---- query roots: interfaces, repository base classes, another project (RULES.md "Query root") ----

    private const string Repositories = """
        public interface IShopDb { DbSet<Order> Orders { get; } }
        public abstract class Repository<T> where T : class
        {
            protected readonly DbContext Context;
            protected Repository(DbContext context) => Context = context;
            protected IQueryable<T> Query() => Context.Set<T>();
            protected IQueryable<T> Table => Context.Set<T>().AsNoTracking();
        }
        public class OrderRepository : Repository<Order>
        {
            public OrderRepository(Shop shop) : base(shop) { }
            private IQueryable<Order> Sorted() => Query().OrderBy(o => o.Number);
            public List<Order> Page(int page) => Query().Where(o => o.Open).{|#0:Skip|}(page * 10).Take(10).ToList();
            public Order? Latest() => Table.{|#1:FirstOrDefault|}();
            public List<Order> SortedPage(int page) => Sorted().Skip(page * 10).Take(10).ToList();
            public Task<List<Order>> Through(IShopDb db) => db.Orders.{|#2:Take|}(5).ToListAsync();
        }
        """;

    [Fact]
    public Task Paging_a_repository_root_or_an_interface_root_fires_and_an_ordering_helper_is_silent() =>
        AnalyzerVerifier<RowLimitWithoutOrderAnalyzer>.VerifyAsync(new[] { Usings + Repositories + Model }, EfProvider.Sqlite, null,
            Diagnostic(0, "Skip", "Order"), Diagnostic(1, "FirstOrDefault", "Order"), Diagnostic(2, "Take", "Order"));

    [Fact]
    public Task Fix_orders_right_before_the_row_limit_after_a_repository_root() => Verify.VerifyFixAsync(
        new[] { Usings + Repositories.Replace("{|#0:Skip|}", "{|DBP012:Skip|}").Replace("{|#1:FirstOrDefault|}", "{|DBP012:FirstOrDefault|}").Replace("{|#2:Take|}", "{|DBP012:Take|}") + Model },
        new[] { Usings + Repositories.Replace("{|#0:Skip|}", "OrderBy(e => e.Id).Skip").Replace("{|#1:FirstOrDefault|}", "OrderBy(e => e.Id).FirstOrDefault").Replace("{|#2:Take|}", "OrderBy(e => e.Id).Take") + Model },
        null, EfProvider.Sqlite);

    [Fact]
    public async Task A_context_interface_declared_in_another_project_is_a_root()
    {
        var test = new AnalyzerVerifier<RowLimitWithoutOrderAnalyzer>.Test();
        var contracts = new ProjectState("Contracts", Microsoft.CodeAnalysis.LanguageNames.CSharp, "Contracts", "cs");
        contracts.Sources.Add(Usings + """
            public class Order { public int Id { get; set; } public bool Open { get; set; } }
            public interface IShopDb { DbSet<Order> Orders { get; } DbSet<T> Set<T>() where T : class; }
            """);
        TestSetup.Configure(test.TestState, EfProvider.Sqlite, null);
        contracts.AdditionalReferences.AddRange(test.TestState.AdditionalReferences);
        test.TestState.AdditionalProjects.Add("Contracts", contracts);
        test.TestState.AdditionalProjectReferences.Add("Contracts");
        test.TestState.Sources.Add(Usings + """
            public class Handler
            {
                public Task<List<Order>> A(IShopDb db, int page) => db.Orders.Where(o => o.Open).{|#0:Skip|}(page).Take(10).ToListAsync();
                public Order? B(IShopDb db) => db.Set<Order>().{|#1:First|}();
                public Order? C(IShopDb db) => db.Orders.OrderBy(o => o.Id).First();
            }
            """);
        test.ExpectedDiagnostics.Add(Diagnostic(0, "Skip", "Order"));
        test.ExpectedDiagnostics.Add(Diagnostic(1, "First", "Order"));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task A_projection_to_an_anonymous_type_is_named_in_the_message() => Analyze("""
            public object A() => ctx.Orders.Select(o => new { o.Number }).{|#0:First|}();
        """, Diagnostic(0, "First", "anonymous type"));
}
