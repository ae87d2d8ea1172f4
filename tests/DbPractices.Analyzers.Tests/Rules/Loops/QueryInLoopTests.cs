using System;
using System.IO;
using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Loops;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Loops;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Loops.QueryInLoopAnalyzer,
    DbPractices.CodeFixes.Rules.Loops.QueryInLoopFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Loops;

public class QueryInLoopTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\n";

    private const string Model = """
        #nullable enable
        [Index(nameof(Code), IsUnique = true)]
        [Index(nameof(Email))]
        public class Customer
        {
            public int Id { get; set; }
            public string Code { get; set; } = "";
            public string Email { get; set; } = "";
            public List<Order> Orders { get; set; } = new();
        }
        public class Order
        {
            public int Id { get; set; }
            public int CustomerId { get; set; }
            public int? ReferrerId { get; set; }
            public Customer Customer { get; set; } = null!;
            public List<Line> Lines { get; set; } = new();
        }
        public class Line { public int Id { get; set; } public int OrderId { get; set; } public decimal Amount { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();
        }
        """;

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<QueryInLoopAnalyzer>.VerifyAsync(new[] { Usings + Model + source }, EfProvider.Sqlite, null, expected);

    private static Task Fix(string source, string fixedSource, string key = QueryInLoopFixer.HoistKey) =>
        Verify.VerifyFixAsync(new[] { Usings + Model + source }, new[] { Usings + Model + fixedSource }, key, EfProvider.Sqlite);

    private static DiagnosticResult Diagnostic(int location, string method) =>
        Verify.Diagnostic("DBP009").WithLocation(location).WithArguments(method);

    // ---- fires ----

    [Fact]
    public Task An_async_lambda_per_item_is_concurrency_not_a_loop() => Analyze("""
        public class Report
        {
            public Task<int[]> Counts(Shop ctx, List<int> ids) =>
                Task.WhenAll(ids.Select(async id => await ctx.Orders.CountAsync(o => o.CustomerId == id)));
            public List<int> Sync(Shop ctx, List<int> ids) => ids.Select(id => {|#0:ctx.Orders.Count(o => o.CustomerId == id)|}).ToList();
        }
        """, Diagnostic(0, "Count"));


    [Fact]
    public Task Every_materialization_in_a_foreach_fires_sync_and_async() => Analyze("""
        public class Report
        {
            public async Task Run(Shop ctx, List<int> ids, IQueryable<Order> external)
            {
                var open = ctx.Orders.Where(o => o.Lines.Count > 0);
                foreach (var id in ids)
                {
                    var a = {|#0:ctx.Orders.Where(o => o.CustomerId == id).ToList()|};
                    var b = {|#1:ctx.Orders.Count(o => o.CustomerId == id)|};
                    var c = await {|#2:ctx.Orders.AnyAsync(o => o.CustomerId == id)|};
                    var d = {|#3:open.Sum(o => o.Id)|};
                    var e = await {|#4:ctx.Set<Customer>().FirstOrDefaultAsync(x => x.Id == id)|};
                    var f = {|#5:external.ToArray()|};
                    {|#6:ctx.Orders.Where(o => o.Id == id).ExecuteDelete()|};
                    await {|#7:ctx.Orders.Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.ReferrerId, (int?)null))|};
                    var g = {|#8:ctx.Orders.Where(o => ctx.Customers.Any(cu => cu.Id == o.CustomerId)).ToList()|};
                }
            }
        }
        """,
        Diagnostic(0, "ToList"), Diagnostic(1, "Count"), Diagnostic(2, "AnyAsync"), Diagnostic(3, "Sum"),
        Diagnostic(4, "FirstOrDefaultAsync"), Diagnostic(5, "ToArray"), Diagnostic(6, "ExecuteDelete"),
        Diagnostic(7, "ExecuteUpdateAsync"), Diagnostic(8, "ToList"));

    [Fact]
    public Task Find_load_and_nested_foreach_fire_in_every_loop_form() => Analyze("""
        public class Report
        {
            public async Task Run(Shop ctx, List<int> ids, int[] array, IAsyncEnumerable<int> stream)
            {
                for (var i = 0; i < array.Length; i++)
                {
                    var c = {|#0:ctx.Customers.Find(array[i])|};
                }

                var n = 0;
                while (n < ids.Count)
                {
                    var c = await {|#1:ctx.Customers.FindAsync(ids[n++])|};
                }

                ids.ForEach(id => { var c = {|#2:ctx.Customers.Find(id)|}; });
                var customers = ids.Select(id => {|#3:ctx.Customers.Find(id)|}).ToList();

                await foreach (var id in stream)
                {
                    var c = await {|#4:ctx.Customers.SingleAsync(x => x.Id == id)|};
                }

                foreach (var order in ctx.Orders.ToList())
                {
                    {|#5:ctx.Entry(order).Collection(o => o.Lines).Load()|};
                    await {|#6:ctx.Entry(order).Reference(o => o.Customer).LoadAsync()|};
                    foreach (var other in {|#7:ctx.Orders.Where(o => o.CustomerId == order.CustomerId)|})
                    {
                    }
                }
            }
        }
        """,
        Diagnostic(0, "Find"), Diagnostic(1, "FindAsync"), Diagnostic(2, "Find"), Diagnostic(3, "Find"),
        Diagnostic(4, "SingleAsync"), Diagnostic(5, "Load"), Diagnostic(6, "LoadAsync"), Diagnostic(7, "foreach"));

    [Fact]
    public Task Query_in_if_condition_before_return_still_runs_every_iteration() => Analyze("""
        public class Report
        {
            public bool AnyOrdered(Shop ctx, List<int> ids)
            {
                foreach (var id in ids)
                {
                    if ({|#0:ctx.Orders.Any(o => o.CustomerId == id)|}) return true;
                }

                return false;
            }
        }
        """, Diagnostic(0, "Any"));

    // ---- stays silent ----

    [Fact]
    public Task Paging_batching_and_polling_loops_are_silent() => Analyze("""
        public class Jobs
        {
            public async Task Run(Shop ctx, List<int> ids, int pages, CancellationToken ct)
            {
                var last = 0;
                while (true)
                {
                    var batch = await ctx.Orders.Where(o => o.Id > last).OrderBy(o => o.Id).Take(500).ToListAsync(ct);
                    if (batch.Count == 0) break;
                    var customerIds = batch.Select(o => o.CustomerId).ToList();
                    var customers = await ctx.Customers.Where(c => customerIds.Contains(c.Id)).ToListAsync(ct);
                    last = batch[^1].Id;
                }

                foreach (var page in Enumerable.Range(0, pages))
                {
                    var rows = ctx.Orders.OrderBy(o => o.Id).Skip(page * 100).Take(100).ToList();
                }

                foreach (var chunk in ids.Chunk(1000))
                {
                    var rows = ctx.Orders.Where(o => chunk.Contains(o.Id)).ToList();
                }

                while (!ct.IsCancellationRequested)
                {
                    var pending = await ctx.Orders.CountAsync(ct);
                    await Task.Delay(TimeSpan.FromSeconds(5), ct);
                }
            }
        }
        """);

    [Fact]
    public Task Loops_that_leave_after_the_first_match_are_silent() => Analyze("""
        public class Lookup
        {
            public Customer? FirstKnown(Shop ctx, List<string> codes)
            {
                foreach (var code in codes)
                {
                    if (code.Length != 8) continue;
                    var customer = ctx.Customers.FirstOrDefault(c => c.Code == code);
                    return customer;
                }

                foreach (var code in codes)
                {
                    if (code.StartsWith("X"))
                    {
                        var found = ctx.Customers.Single(c => c.Code == code);
                        Console.WriteLine(found.Id);
                        break;
                    }
                }

                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        return ctx.Customers.First();
                    }
                    catch (InvalidOperationException)
                    {
                    }
                }

                foreach (var code in codes)
                {
                    throw new InvalidOperationException(ctx.Customers.Count().ToString());
                }

                return null;
            }
        }
        """);

    [Fact]
    public Task In_memory_sequences_outer_collections_and_deferred_lambdas_are_silent() => Analyze("""
        public class Report
        {
            public void Run(Shop ctx, List<int> ids)
            {
                var all = ctx.Orders.ToList();
                var handlers = new List<Func<int>>();
                foreach (var order in ctx.Orders.Where(o => o.Id > 0).ToList())
                {
                    var mine = all.Where(o => o.CustomerId == order.CustomerId).ToList();
                    var count = ids.Count(id => id == order.Id);
                    var any = order.Lines.Any();
                    var tracked = ctx.Orders.Local.Count(o => o.CustomerId == order.CustomerId);
                    handlers.Add(() => ctx.Orders.Count());
                    Func<int> later = () => ctx.Customers.Count();
                }

                while (ctx.Orders.Any(o => o.ReferrerId == null))
                {
                    break;
                }
            }
        }
        """);

    // ---- hoist fix ----

    [Fact]
    public Task Find_by_loop_variable_is_hoisted_into_a_dictionary() => Fix("""
        public class Report
        {
            public void Run(Shop ctx, List<int> ids)
            {
                // every customer
                foreach (var id in ids)
                {
                    var customer = {|DBP009:ctx.Customers.Find(id)|};
                    Console.WriteLine(customer?.Code);
                }
            }
        }
        """, """
        public class Report
        {
            public void Run(Shop ctx, List<int> ids)
            {
                var customersById = ctx.Customers.Where(x => ids.Contains(x.Id)).ToDictionary(x => x.Id);
                // every customer
                foreach (var id in ids)
                {
                    var customer = customersById.GetValueOrDefault(id);
                    Console.WriteLine(customer?.Code);
                }
            }
        }
        """);

    [Fact]
    public Task Async_lookup_by_item_property_keeps_await_token_and_configure_await() => Fix("""
        public class Report
        {
            public async Task Run(Shop ctx, List<Order> orders, CancellationToken ct)
            {
                foreach (var order in orders)
                {
                    var customer = await {|DBP009:ctx.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == order.CustomerId, ct)|}.ConfigureAwait(false);
                    Console.WriteLine(customer?.Code);
                }
            }
        }
        """, """
        public class Report
        {
            public async Task Run(Shop ctx, List<Order> orders, CancellationToken ct)
            {
                var customersById = await ctx.Customers.AsNoTracking().Where(x => orders.Select(o => o.CustomerId).Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct).ConfigureAwait(false);
                foreach (var order in orders)
                {
                    var customer = customersById.GetValueOrDefault(order.CustomerId);
                    Console.WriteLine(customer?.Code);
                }
            }
        }
        """);

    [Fact]
    public Task First_and_unique_index_lookups_keep_throwing_and_fix_all_names_each_dictionary() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + Model + """
            public class Report
            {
                public void Run(Shop ctx, string[] codes)
                {
                    foreach (var code in codes)
                    {
                        var byCode = {|DBP009:ctx.Customers.Single(c => code == c.Code)|};
                        var maybe = {|DBP009:ctx.Customers.SingleOrDefault(c => c.Code == code)|};
                        Console.WriteLine(byCode.Id + maybe!.Id);
                    }
                }
            }
            """,
        },
        new[]
        {
            Usings + Model + """
            public class Report
            {
                public void Run(Shop ctx, string[] codes)
                {
                    var customersByCode = ctx.Customers.Where(x => codes.Contains(x.Code)).ToDictionary(x => x.Code);
                    var customersByCode2 = ctx.Customers.Where(x => codes.Contains(x.Code)).ToDictionary(x => x.Code);
                    foreach (var code in codes)
                    {
                        var byCode = customersByCode[code];
                        var maybe = customersByCode2.GetValueOrDefault(code);
                        Console.WriteLine(byCode.Id + maybe!.Id);
                    }
                }
            }
            """,
        },
        QueryInLoopFixer.HoistKey,
        EfProvider.Sqlite);

    [Fact]
    public Task Lookups_that_cannot_be_hoisted_safely_have_no_fix() => Fix("""
        public class Report
        {
            public void Run(Shop ctx, List<Order> orders, List<string> emails, Func<List<int>> source)
            {
                foreach (var email in emails)
                {
                    var notUnique = {|DBP009:ctx.Customers.FirstOrDefault(c => c.Email == email)|};
                }

                foreach (var order in orders)
                {
                    var typeDiffers = {|DBP009:ctx.Customers.FirstOrDefault(c => c.Id == order.ReferrerId)|};
                    var filtered = {|DBP009:ctx.Customers.Where(c => c.Email != "").FirstOrDefault(c => c.Id == order.CustomerId)|};
                }

                foreach (var id in source())
                {
                    var notStable = {|DBP009:ctx.Customers.Find(id)|};
                }

                foreach (var id in orders.Select(o => o.Id))
                {
                    using var scoped = new Shop();
                    var perIteration = {|DBP009:scoped.Customers.Find(id)|};
                }
            }
        }
        """, """
        public class Report
        {
            public void Run(Shop ctx, List<Order> orders, List<string> emails, Func<List<int>> source)
            {
                foreach (var email in emails)
                {
                    var notUnique = {|DBP009:ctx.Customers.FirstOrDefault(c => c.Email == email)|};
                }

                foreach (var order in orders)
                {
                    var typeDiffers = {|DBP009:ctx.Customers.FirstOrDefault(c => c.Id == order.ReferrerId)|};
                    var filtered = {|DBP009:ctx.Customers.Where(c => c.Email != "").FirstOrDefault(c => c.Id == order.CustomerId)|};
                }

                foreach (var id in source())
                {
                    var notStable = {|DBP009:ctx.Customers.Find(id)|};
                }

                foreach (var id in orders.Select(o => o.Id))
                {
                    using var scoped = new Shop();
                    var perIteration = {|DBP009:scoped.Customers.Find(id)|};
                }
            }
        }
        """);

    [Fact]
    public void Lookup_falls_back_to_TryGetValue_where_the_framework_lacks_GetValueOrDefault()
    {
        Assert.Equal("byId.GetValueOrDefault(id)", QueryInLoopFixer.RenderLookup("byId", "id", false, true, () => "found"));
        Assert.Equal("(byId.TryGetValue(id, out var found) ? found : null)", QueryInLoopFixer.RenderLookup("byId", "id", false, false, () => "found"));
        Assert.Equal("byId[id]", QueryInLoopFixer.RenderLookup("byId", "id", true, false, () => "found"));

        var current = CSharpCompilation.Create("Current", references: References.Framework);
        Assert.True(QueryInLoopFixer.HasGetValueOrDefault(current));

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ??
                       Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var netstandard = Path.Combine(packages, "netstandard.library", "2.0.3", "build", "netstandard2.0", "ref", "netstandard.dll");
        Assert.True(File.Exists(netstandard), netstandard + " is restored with the netstandard2.0 analyzer project");
        var legacy = CSharpCompilation.Create("Legacy", references: new[] { MetadataReference.CreateFromFile(netstandard) });
        Assert.False(QueryInLoopFixer.HasGetValueOrDefault(legacy));
    }

    // ---- Load → Include fix ----

    [Fact]
    public Task Explicit_load_in_a_loop_over_a_query_becomes_an_include() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + Model + """
            public class Report
            {
                public async Task Run(Shop ctx)
                {
                    var orders = await ctx.Orders
                        .Where(o => o.Id > 10)
                        .ToListAsync();
                    foreach (var order in orders)
                    {
                        await {|DBP009:ctx.Entry(order).Collection(o => o.Lines).LoadAsync()|};
                        {|DBP009:ctx.Entry(order).Reference("Customer").Load()|};
                        Console.WriteLine(order.Lines.Count + order.Customer.Code);
                    }
                }
            }
            """,
        },
        new[]
        {
            Usings + Model + """
            public class Report
            {
                public async Task Run(Shop ctx)
                {
                    var orders = await ctx.Orders
                        .Include(o => o.Lines)
                        .Include(o => o.Customer)
                        .Where(o => o.Id > 10)
                        .ToListAsync();
                    foreach (var order in orders)
                    {
                        Console.WriteLine(order.Lines.Count + order.Customer.Code);
                    }
                }
            }
            """,
        },
        QueryInLoopFixer.IncludeKey,
        EfProvider.Sqlite);

    // ---- query roots and loop forms (RULES.md "Query root", "Materialization") ----

    private const string ShopDb = """
        public interface IShopDb { DbSet<Customer> Customers { get; } DbSet<Order> Orders { get; } }
        public abstract class Repository<T> where T : class
        {
            private readonly DbContext _context;
            protected Repository(DbContext context) => _context = context;
            public IQueryable<T> Query() => _context.Set<T>();
        }
        public class OrderRepository : Repository<Order> { public OrderRepository(Shop shop) : base(shop) { } }
        """;

    [Fact]
    public Task Lookups_through_an_interface_or_a_repository_fire_in_every_loop_form() => Analyze(ShopDb + """
        public class Report
        {
            public async Task Run(IShopDb db, OrderRepository orders, List<int> ids, Queue<int> queue, CancellationToken ct)
            {
                foreach (var id in ids)
                    Console.WriteLine({|#0:db.Customers.Find(id)|}?.Code);

                for (var i = 0; i < ids.Count; i++)
                    Console.WriteLine(await {|#1:orders.Query().CountAsync(o => o.CustomerId == ids[i], ct)|});

                while (queue.TryDequeue(out var id))
                    Console.WriteLine(await {|#2:db.Orders.AnyAsync(o => o.Id == id, ct)|});

                ids.ForEach(id => Console.WriteLine({|#3:orders.Query().First(o => o.Id == id)|}.Id));

                await foreach (var customer in db.Customers.AsAsyncEnumerable().WithCancellation(ct))
                    foreach (var order in {|#4:db.Orders.Where(o => o.CustomerId == customer.Id)|})
                        Console.WriteLine(order.Id);
            }
        }
        """, Diagnostic(0, "Find"), Diagnostic(1, "CountAsync"), Diagnostic(2, "AnyAsync"), Diagnostic(3, "First"), Diagnostic(4, "foreach"));

    [Fact]
    public Task A_lookup_its_own_result_guards_runs_at_most_once_and_is_silent() => Analyze(ShopDb + """
        public class Report
        {
            private Customer? _default;
            public async Task Run(IShopDb db, List<Order> orders, CancellationToken ct)
            {
                Customer? first = null;
                Customer? cached = null;
                List<Customer>? all = null;
                foreach (var order in orders)
                {
                    if (first == null)
                        first = db.Customers.Find(order.CustomerId);
                    cached ??= await db.Customers.FirstOrDefaultAsync(c => c.Id == order.CustomerId, ct);
                    if (all is null && order.Id > 0)
                    {
                        all = await db.Customers.ToListAsync(ct).ConfigureAwait(false);
                    }
                    _default ??= db.Customers.Find(0);
                }
            }
        }
        """);

    [Fact]
    public Task A_guard_on_another_variable_still_fires() => Analyze(ShopDb + """
        public class Report
        {
            public void Run(IShopDb db, List<Order> orders)
            {
                Customer? first = null;
                Customer? other = null;
                foreach (var order in orders)
                {
                    if (other == null)
                        first = {|#0:db.Customers.Find(order.CustomerId)|};
                    var local = {|#1:db.Customers.Find(order.Id)|};
                    if (local == null) local = {|#2:db.Customers.Find(order.CustomerId)|};
                }
            }
        }
        """, Diagnostic(0, "Find"), Diagnostic(1, "Find"), Diagnostic(2, "Find"));
}
