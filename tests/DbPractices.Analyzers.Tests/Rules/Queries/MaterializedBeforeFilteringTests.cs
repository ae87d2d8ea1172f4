using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Queries;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Queries;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Queries.MaterializedBeforeFilteringAnalyzer,
    DbPractices.CodeFixes.Rules.Queries.MaterializedBeforeFilteringFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Queries;

public class MaterializedBeforeFilteringTests
{
    private const string Usings = "using System;\nusing System.Linq;\nusing System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\nusing System.ComponentModel.DataAnnotations.Schema;\n";

    private const string Model = """

        public class Order
        {
            public int Id { get; set; }
            public string Number { get; set; } = "";
            public bool Open { get; set; }
            public decimal Total { get; set; }
            public DateTime Created { get; set; }
            public Customer Customer { get; set; } = null!;
            [NotMapped] public string Label => Number + "!";
        }
        public class Customer { public int Id { get; set; } public string Name { get; set; } = ""; public List<Order> Orders { get; set; } = new(); }
        public record OrderDto(int Id, string Number);
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Customer> Customers => Set<Customer>();
        }
        public static class Rules { public static bool IsVip(Order o) => o.Total > 1000; public static DateTime Cutoff() => DateTime.UtcNow.AddDays(-30); }
        """;

    private static string Source(string members) => Usings + "public class Repo\n{\n    private readonly Shop ctx = new();\n" + members + "\n}\n" + Model;

    private static Task Analyze(string members, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<MaterializedBeforeFilteringAnalyzer>.VerifyAsync(new[] { Source(members) }, EfProvider.Sqlite, null, expected);

    private static DiagnosticResult Diagnostic(int location, string op, string materialization) =>
        Verify.Diagnostic("DBP011").WithLocation(location).WithArguments(op, materialization);

    private static Task Fix(string members, string fixedMembers) =>
        Verify.VerifyFixAsync(new[] { Source(members) }, new[] { Source(fixedMembers) }, MaterializedBeforeFilteringFixer.EquivalenceKey, EfProvider.Sqlite);

    // ---- fires ----

    [Fact]
    public Task Inline_filters_aggregates_and_projections_fire() => Analyze("""
            public List<Order> A() => ctx.Orders.ToList().{|#0:Where|}(o => o.Open).ToList();
            public int B() => ctx.Orders.AsEnumerable().{|#1:Count|}();
            public decimal C() => ctx.Orders.Where(o => o.Open).ToArray().{|#2:Sum|}(o => o.Total);
            public async Task<bool> D() => (await ctx.Orders.ToListAsync()).{|#3:Any|}(o => o.Number.StartsWith("A"));
            public async Task<int> E() => (await ctx.Orders.ToListAsync()).{|#4:Count|};
        """,
        Diagnostic(0, "Where", "ToList"), Diagnostic(1, "Count", "AsEnumerable"), Diagnostic(2, "Sum", "ToArray"),
        Diagnostic(3, "Any", "ToListAsync"), Diagnostic(4, "Count", "ToListAsync"));

    [Fact]
    public Task Projections_into_anonymous_types_tuples_and_DTO_constructors_fire() => Analyze("""
            public object A() => ctx.Orders.ToList().{|#0:Select|}(o => new { o.Id, o.Number }).ToList();
            public object B() => ctx.Orders.ToList().{|#1:Select|}(o => (o.Id, o.Number)).ToList();
            public async Task<List<OrderDto>> C() => (await ctx.Orders.ToListAsync()).{|#2:Select|}(o => new OrderDto(o.Id, o.Customer.Name)).ToList();
        """, Diagnostic(0, "Select", "ToList"), Diagnostic(1, "Select", "ToList"), Diagnostic(2, "Select", "ToListAsync"));

    [Fact]
    public Task Through_a_local_used_only_there_fires() => Analyze("""
            public async Task<int> A()
            {
                var all = await ctx.Orders.Where(o => o.Open).ToListAsync();
                return all.{|#0:Count|}(o => o.Total > 10);
            }
            public List<Order> B(bool flag)
            {
                var q = ctx.Orders.AsQueryable();
                if (flag) q = q.Where(o => o.Open);
                var all = q.ToList();
                return all.{|#1:Where|}(o => o.Created > Rules.Cutoff()).ToList();
            }
        """, Diagnostic(0, "Count", "ToListAsync"), Diagnostic(1, "Where", "ToList"));

    // ---- silent ----

    [Fact]
    public Task Lambdas_EF_Core_cannot_translate_are_silent() => Analyze("""
            public List<Order> A() => ctx.Orders.ToList().Where(o => Rules.IsVip(o)).ToList();
            public List<Order> B() => ctx.Orders.ToList().Where(o => o.Label.Length > 2).ToList();
            public List<Order> C() => ctx.Orders.ToList().Where(Rules.IsVip).ToList();
            public List<Order> D() => ctx.Orders.ToList().Where(o => o.Customer?.Name == "x").ToList();
            public List<Order> E() => ctx.Orders.ToList().Where(o => { return o.Open; }).ToList();
            public List<Order> F() => ctx.Orders.ToList().Where(o => o.Number is "A" or "B").ToList();
            public List<string> G() => ctx.Orders.ToList().Select(o => Format(o)).ToList();
            public List<OrderDto> H() => ctx.Orders.Select(o => new OrderDto(o.Id, o.Number)).ToList().Where(d => d.Id > 3).ToList();
            private static string Format(Order o) => o.Number;
        """);

    [Fact]
    public Task Reused_lists_and_lists_used_in_loops_are_silent() => Analyze("""
            public int A()
            {
                var all = ctx.Orders.ToList();
                Console.WriteLine(all.Count);
                return all.Count(o => o.Open);
            }
            public void B(int[] ids)
            {
                var all = ctx.Orders.ToList();
                foreach (var id in ids) Console.WriteLine(all.Count(o => o.Id == id));
            }
            public int C()
            {
                var all = ctx.Orders.ToList();
                all = all.Where(o => o.Open).ToList();
                return all.Count;
            }
        """);

    [Fact]
    public Task Non_EF_sources_are_silent() => Analyze("""
            public int A(List<Order> orders) => orders.ToList().Count(o => o.Open);
            public int B(IQueryable<Order> q) => q.ToList().Count(o => o.Open);
            public int C(IEnumerable<Order> e) => e.ToList().Where(o => o.Open).Count();
            public int D() => ctx.Orders.Where(o => o.Open).Count();
            public List<Order> E() => ctx.Orders.AsEnumerable().Where(o => Rules.IsVip(o)).ToList().Where(o => o.Total > 0).ToList();
        """);

    // ---- fixes ----

    [Fact]
    public Task Fix_aggregates_keep_sync_and_async() => Fix("""
            public int A() => ctx.Orders.ToList().{|DBP011:Count|}();
            public bool B() => ctx.Orders.AsEnumerable().{|DBP011:Any|}(o => o.Open);
            public async Task<int> C(CancellationToken ct) => (await ctx.Orders.Where(o => o.Open).ToListAsync(ct)).{|DBP011:Count|}(o => o.Total > 5);
            public async Task<Order?> D() => (await ctx.Orders.ToListAsync().ConfigureAwait(false)).{|DBP011:FirstOrDefault|}(o => o.Number == "A");
            public async Task<int> E() => (await ctx.Orders.ToListAsync()).{|DBP011:Count|};
            public async Task<string> F() => (await ctx.Orders.ToListAsync()).{|DBP011:Count|}().ToString();
        """, """
            public int A() => ctx.Orders.Count();
            public bool B() => ctx.Orders.Any(o => o.Open);
            public async Task<int> C(CancellationToken ct) => await ctx.Orders.Where(o => o.Open).CountAsync(o => o.Total > 5, ct);
            public async Task<Order?> D() => await ctx.Orders.FirstOrDefaultAsync(o => o.Number == "A").ConfigureAwait(false);
            public async Task<int> E() => await ctx.Orders.CountAsync();
            public async Task<string> F() => (await ctx.Orders.CountAsync()).ToString();
        """);

    [Fact]
    public Task Fix_filters_and_projections_move_before_the_materialization() => Fix("""
            public List<Order> A() => ctx.Orders.ToList().{|DBP011:Where|}(o => o.Open).ToList();
            public Order[] B() => ctx.Orders.ToList().{|DBP011:Where|}(o => o.Open).ToArray();
            public IEnumerable<Order> C() => ctx.Orders.ToList().{|DBP011:Where|}(o => o.Open);
            public IEnumerable<int> D() => ctx.Orders.AsEnumerable().{|DBP011:Select|}(o => o.Id);
            public async Task<List<OrderDto>> E() => (await ctx.Orders.ToListAsync()).{|DBP011:Select|}(o => new OrderDto(o.Id, o.Number)).ToList();
            public async Task<IEnumerable<Order>> F() => (await ctx.Orders.ToListAsync()).{|DBP011:Where|}(o => o.Open);
        """, """
            public List<Order> A() => ctx.Orders.Where(o => o.Open).ToList();
            public Order[] B() => ctx.Orders.Where(o => o.Open).ToArray();
            public IEnumerable<Order> C() => ctx.Orders.Where(o => o.Open).ToList();
            public IEnumerable<int> D() => ctx.Orders.Select(o => o.Id).AsEnumerable();
            public async Task<List<OrderDto>> E() => await ctx.Orders.Select(o => new OrderDto(o.Id, o.Number)).ToListAsync();
            public async Task<IEnumerable<Order>> F() => await ctx.Orders.Where(o => o.Open).ToListAsync();
        """);

    [Fact]
    public Task Fix_rewrites_both_statements_of_the_local_form() => Fix("""
            public async Task<int> A()
            {
                var all = await ctx.Orders.Where(o => o.Open).ToListAsync();
                // count the big ones
                var big = all.{|DBP011:Count|}(o => o.Total > 10);
                return big;
            }
            public List<int> B()
            {
                List<Order> all = ctx.Orders.ToList();
                return all.{|DBP011:Select|}(o => o.Id).ToList();
            }
        """, """
            public async Task<int> A()
            {
                // count the big ones
                var big = await ctx.Orders.Where(o => o.Open).CountAsync(o => o.Total > 10);
                return big;
            }
            public List<int> B()
            {
                return ctx.Orders.Select(o => o.Id).ToList();
            }
        """);

    [Fact]
    public async Task No_fix_for_tuple_projections()
    {
        var source = Source("""
                public object A() => ctx.Orders.ToList().{|#0:Select|}(o => (o.Id, o.Number)).ToList();
            """);
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        TestSetup.Configure(test.TestState, EfProvider.Sqlite, null);
        test.ExpectedDiagnostics.Add(Diagnostic(0, "Select", "ToList"));
        await test.RunAsync();
    }

    [Fact]
    public Task Fix_all_across_documents() => Verify.VerifyFixAsync(
        new[]
        {
            Source("""
                public int A() => ctx.Orders.ToList().{|DBP011:Count|}(o => o.Open);
                public async Task<decimal> B() => (await ctx.Orders.ToListAsync()).{|DBP011:Sum|}(o => o.Total);
            """),
            Usings + "public class Other { public List<Order> C(Shop s) => s.Orders.ToList().{|DBP011:Where|}(o => o.Open).ToList(); }",
        },
        new[]
        {
            Source("""
                public int A() => ctx.Orders.Count(o => o.Open);
                public async Task<decimal> B() => await ctx.Orders.SumAsync(o => o.Total);
            """),
            Usings + "public class Other { public List<Order> C(Shop s) => s.Orders.Where(o => o.Open).ToList(); }",
        },
        MaterializedBeforeFilteringFixer.EquivalenceKey, EfProvider.Sqlite);

    // ---- query roots: interfaces and repository helpers (RULES.md "Query root") ----

    [Fact]
    public Task Materializing_an_interface_or_repository_root_before_filtering_fires() => Analyze("""
            public interface IShopDb { DbSet<Order> Orders { get; } }
            public IQueryable<Order> Query() => ctx.Set<Order>();
            public List<Order> A(IShopDb db) => db.Orders.ToList().{|#0:Where|}(o => o.Total > 10).ToList();
            public int B() => Query().ToList().{|#1:Count|}();
        """, Diagnostic(0, "Where", "ToList"), Diagnostic(1, "Count", "ToList"));
}
