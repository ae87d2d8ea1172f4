using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Hygiene;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Hygiene;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Hygiene.DbContextUsedConcurrentlyAnalyzer,
    DbPractices.CodeFixes.Rules.Hygiene.DbContextUsedConcurrentlyFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Hygiene;

public class DbContextUsedConcurrentlyTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\n";

    private const string Model = """

        public class Order { public int Id { get; set; } public bool Open { get; set; } }
        public class Customer { public int Id { get; set; } public string Name { get; set; } = ""; }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Customer> Customers => Set<Customer>();
        }
        """;

    private static Task Analyze(string body, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<DbContextUsedConcurrentlyAnalyzer>.VerifyAsync(new[] { Usings + Wrap(body) + Model }, EfProvider.Sqlite, null, expected);

    private static string Wrap(string body) =>
        "public class Service\n{\n    private readonly Shop ctx = new();\n    private readonly IDbContextFactory<Shop> factory = null!;\n" + body + "\n}\n";

    private static DiagnosticResult Diagnostic(int location, string what) =>
        Verify.Diagnostic("DBP026").WithLocation(location).WithArguments(what);

    // ---- fires ----

    [Fact]
    public Task WhenAll_over_EF_calls_on_one_context_fires() => Analyze("""
            public async Task M(CancellationToken ct)
            {
                await {|#0:Task.WhenAll(ctx.Orders.ToListAsync(ct), ctx.Customers.CountAsync(ct))|};
            }
            public Task N(Shop db) => {|#1:Task.WhenAny(db.SaveChangesAsync(), db.Orders.AnyAsync())|};
        """,
        Diagnostic(0, "'Task.WhenAll' runs operations on 'ctx' at the same time"),
        Diagnostic(1, "'Task.WhenAny' runs operations on 'db' at the same time"));

    [Fact]
    public Task Async_lambda_per_item_on_an_outer_context_fires() => Analyze("""
            public async Task<Order?[]> M(int[] ids) =>
                await {|#0:Task.WhenAll(ids.Select(async id => await ctx.Orders.FirstOrDefaultAsync(o => o.Id == id)))|};
        """, Diagnostic(0, "'Task.WhenAll' runs an async lambda per item, each on the same DbContext"));

    [Fact]
    public Task Stored_task_not_awaited_before_the_next_call_fires() => Analyze("""
            public async Task<int> M()
            {
                var orders = {|#0:ctx.Orders.ToListAsync()|};
                var count = await ctx.Customers.CountAsync();
                return (await orders).Count + count;
            }
        """, Diagnostic(0, "'ToListAsync' is still running on 'ctx' when 'CountAsync' starts on it"));

    [Fact]
    public Task Parallel_and_unawaited_Task_Run_on_an_outer_context_fire() => Analyze("""
            public void M(int[] ids)
            {
                {|#0:Parallel.ForEach(ids, id => ctx.Orders.Find(id))|};
            }
            public Task N(Shop db)
            {
                var work = {|#1:Task.Run(() => db.SaveChanges())|};
                return work;
            }
        """,
        Diagnostic(0, "'Parallel.ForEach' runs its body on a DbContext declared outside it, on several threads at once"),
        Diagnostic(1, "'Task.Run' runs code on a DbContext declared outside it while this method goes on"));

    // ---- silent ----

    [Fact]
    public Task Own_contexts_different_instances_and_sequential_awaits_are_silent() => Analyze("""
            public async Task A(Shop other)
            {
                await Task.WhenAll(ctx.Orders.ToListAsync(), other.Customers.ToListAsync());
            }
            public async Task<Order?[]> B(int[] ids) =>
                await Task.WhenAll(ids.Select(async id =>
                {
                    await using var db = await factory.CreateDbContextAsync();
                    return await db.Orders.FirstOrDefaultAsync(o => o.Id == id);
                }));
            public async Task C()
            {
                var orders = await ctx.Orders.ToListAsync();
                var customers = await ctx.Customers.ToListAsync();
            }
            public async Task D()
            {
                var pending = ctx.Orders.ToListAsync();
                var orders = await pending;
                await ctx.SaveChangesAsync();
            }
            public void E(int[] ids)
            {
                Parallel.ForEach(ids, id =>
                {
                    using var db = factory.CreateDbContext();
                    db.Orders.Find(id);
                });
            }
            public async Task F() => await Task.Run(() => ctx.SaveChanges());
            public Task G(List<Task> others) => Task.WhenAll(others);
        """);

    // ---- fix ----

    [Fact]
    public Task Fix_awaits_the_operations_one_after_the_other() => Verify.VerifyFixAsync(
        new[] { Usings + Wrap("""
                public async Task M(CancellationToken ct)
                {
                    // both lists
                    await {|DBP026:Task.WhenAll(ctx.Orders.ToListAsync(ct), ctx.SaveChangesAsync(ct))|};
                    await {|DBP026:Task.WhenAll(ctx.Customers.ToListAsync(ct), ctx.Orders.CountAsync(ct))|}.ConfigureAwait(false);
                }
            """) + Model },
        new[] { Usings + Wrap("""
                public async Task M(CancellationToken ct)
                {
                    // both lists
                    await ctx.Orders.ToListAsync(ct);
                    await ctx.SaveChangesAsync(ct);
                    await ctx.Customers.ToListAsync(ct).ConfigureAwait(false);
                    await ctx.Orders.CountAsync(ct).ConfigureAwait(false);
                }
            """) + Model },
        DbContextUsedConcurrentlyFixer.EquivalenceKey, EfProvider.Sqlite);

    [Fact]
    public async Task No_fix_when_the_results_are_used_or_the_operands_are_not_inline_calls()
    {
        var source = Usings + Wrap("""
                public async Task<int> M()
                {
                    var counts = await {|#0:Task.WhenAll(ctx.Orders.CountAsync(), ctx.Customers.CountAsync())|};
                    return counts.Sum();
                }
            """) + Model;
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        TestSetup.Configure(test.TestState, EfProvider.Sqlite, null);
        test.ExpectedDiagnostics.Add(Diagnostic(0, "'Task.WhenAll' runs operations on 'ctx' at the same time"));
        await test.RunAsync();
    }

    [Fact]
    public Task Fix_all_in_a_document() => Verify.VerifyFixAsync(
        new[] { Usings + Wrap("""
                public async Task M()
                {
                    await {|DBP026:Task.WhenAll(ctx.Orders.ToListAsync(), ctx.Customers.ToListAsync())|};
                }
                public async Task N(Shop db)
                {
                    await {|DBP026:Task.WhenAll(db.SaveChangesAsync(), db.Orders.AnyAsync())|};
                }
            """) + Model },
        new[] { Usings + Wrap("""
                public async Task M()
                {
                    await ctx.Orders.ToListAsync();
                    await ctx.Customers.ToListAsync();
                }
                public async Task N(Shop db)
                {
                    await db.SaveChangesAsync();
                    await db.Orders.AnyAsync();
                }
            """) + Model },
        DbContextUsedConcurrentlyFixer.EquivalenceKey, EfProvider.Sqlite);
}
