using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Hygiene;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Hygiene;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Hygiene.QueryUsedAfterContextDisposedAnalyzer,
    DbPractices.CodeFixes.Rules.Hygiene.QueryUsedAfterContextDisposedFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Hygiene;

public class QueryUsedAfterContextDisposedTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\n";

    private const string Model = """

        public class Order { public int Id { get; set; } public bool Open { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
        }
        """;

    private static Task Analyze(string body, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<QueryUsedAfterContextDisposedAnalyzer>.VerifyAsync(new[] { Usings + Wrap(body) + Model }, EfProvider.Sqlite, null, expected);

    private static string Wrap(string body) =>
        "public class Service\n{\n    private readonly IDbContextFactory<Shop> factory = null!;\n    private IQueryable<Order>? pending;\n    private Func<List<Order>>? loader;\n" + body + "\n}\n";

    private static DiagnosticResult Diagnostic(int location, string what, string context = "ctx") =>
        Verify.Diagnostic("DBP028").WithLocation(location).WithArguments(what, context, QueryUsedAfterContextDisposedAnalyzer.QueryConsequence);

    private const string Returned = "The returned query runs on";

    // ---- fires ----

    [Fact]
    public Task Query_returned_from_a_using_statement_or_after_a_using_declaration_fires() => Analyze("""
            public IQueryable<Order> A()
            {
                using (var ctx = new Shop())
                {
                    return {|#0:ctx.Orders.Where(o => o.Open)|};
                }
            }
            public IEnumerable<Order> B(bool all)
            {
                using var db = factory.CreateDbContext();
                if (all)
                {
                    return {|#1:db.Orders|};
                }

                return {|#2:from o in db.Orders where o.Open select o|};
            }
            public async Task<IQueryable<Order>> C()
            {
                await using var ctx = await factory.CreateDbContextAsync();
                return {|#3:ctx.Set<Order>().OrderBy(o => o.Id)|};
            }
            public IEnumerable<int> D()
            {
                using var ctx = new Shop();
                return {|#4:ctx.Orders.Select(o => o.Id).AsEnumerable()|};
            }
        """,
        Diagnostic(0, Returned),
        Diagnostic(1, Returned, "db"),
        Diagnostic(2, Returned, "db"),
        Diagnostic(3, Returned),
        Diagnostic(4, Returned));

    [Fact]
    public Task Query_returned_through_a_local_fires() => Analyze("""
            public IQueryable<Order> M(bool open)
            {
                using var ctx = new Shop();
                var query = ctx.Orders.AsNoTracking();
                if (open)
                {
                    query = query.Where(o => o.Open);
                }

                return {|#0:query|};
            }
        """, Diagnostic(0, Returned));

    [Fact]
    public Task Query_stored_in_a_field_property_or_returned_object_fires() => Analyze("""
            public IQueryable<Order>? Current { get; private set; }
            public void A()
            {
                using var ctx = new Shop();
                {|#0:pending = ctx.Orders.Where(o => o.Open)|};
                {|#1:this.Current = ctx.Orders|};
            }
            public object B()
            {
                using var ctx = new Shop();
                return new { Count = 1, {|#2:Items = ctx.Orders.Where(o => o.Open)|} };
            }
        """,
        Diagnostic(0, "The query stored in 'pending' runs on"),
        Diagnostic(1, "The query stored in 'Current' runs on"),
        Diagnostic(2, "The query stored in 'Items' of the returned object runs on"));

    [Fact]
    public Task Lambda_or_local_function_using_the_context_that_is_returned_or_stored_fires() => Analyze("""
            public Func<List<Order>> A()
            {
                using var ctx = new Shop();
                return {|#0:() => ctx.Orders.ToList()|};
            }
            public void B()
            {
                using var ctx = new Shop();
                var open = ctx.Orders.Where(o => o.Open);
                {|#1:loader = () => open.ToList()|};
            }
            public Func<int> C()
            {
                using var ctx = new Shop();
                return {|#2:Count|};
                int Count() => ctx.Orders.Count();
            }
        """,
        Diagnostic(0, "The returned function uses"),
        Diagnostic(1, "The function stored in 'loader' uses"),
        Diagnostic(2, "The returned function uses"));

    // ---- silent ----

    [Fact]
    public Task Materialized_results_are_silent() => Analyze("""
            public List<Order> A()
            {
                using var ctx = new Shop();
                return ctx.Orders.Where(o => o.Open).ToList();
            }
            public async Task<List<Order>> B(CancellationToken ct)
            {
                await using var ctx = await factory.CreateDbContextAsync(ct);
                return await ctx.Orders.ToListAsync(ct);
            }
            public IEnumerable<Order> C()
            {
                using var ctx = new Shop();
                var list = ctx.Orders.AsEnumerable().ToList();
                return list.Where(o => o.Open);
            }
            public Order? D(int id)
            {
                using var ctx = new Shop();
                return ctx.Orders.FirstOrDefault(o => o.Id == id);
            }
            public int E()
            {
                using var ctx = new Shop();
                return ctx.Orders.Count();
            }
        """);

    [Fact]
    public Task Yield_return_inside_the_scope_is_silent() => Analyze("""
            public IEnumerable<Order> M()
            {
                using var ctx = new Shop();
                foreach (var order in ctx.Orders.Where(o => o.Open))
                {
                    yield return order;
                }
            }
        """);

    [Fact]
    public Task Contexts_not_created_in_the_method_are_silent() => Analyze("""
            private readonly Shop shop = new();
            public IQueryable<Order> A(Shop ctx) => ctx.Orders.Where(o => o.Open);
            public IQueryable<Order> B()
            {
                using var unrelated = new System.IO.MemoryStream();
                return shop.Orders;
            }
            public IQueryable<Order> C()
            {
                var ctx = factory.CreateDbContext();
                return ctx.Orders;
            }
        """);

    [Fact]
    public Task Query_used_inside_the_scope_only_is_silent() => Analyze("""
            public int A()
            {
                using (var ctx = new Shop())
                {
                    var query = ctx.Orders.Where(o => o.Open);
                    var first = query.OrderBy(o => o.Id).Take(10).ToList();
                    pending = null;
                    return first.Count + query.Count();
                }
            }
            public IQueryable<Order> B(Shop other)
            {
                using (var ctx = new Shop())
                {
                    ctx.Orders.Load();
                }

                return other.Orders;
            }
            public Func<int, bool> C()
            {
                using var ctx = new Shop();
                var max = ctx.Orders.Max(o => o.Id);
                return id => id > max;
            }
            public object D()
            {
                using var ctx = new Shop();
                var result = new { Items = ctx.Orders.Where(o => o.Open) };
                return result.Items.Count();
            }
        """);

    [Fact]
    public Task Returns_inside_lambdas_run_inside_the_scope_are_silent() => Analyze("""
            public List<Order> M()
            {
                using var ctx = new Shop();
                Func<IQueryable<Order>> open = () => { return ctx.Orders.Where(o => o.Open); };
                return open().ToList();
            }
        """);

    // ---- lazy navigation read after the scope ----

    private const string LazyModel = """

        public static class ProxyOptions { public static DbContextOptionsBuilder UseLazyLoadingProxies(this DbContextOptionsBuilder builder) => builder; }
        public class Customer { public int Id { get; set; } public string Name { get; set; } = ""; }
        public class Line { public int Id { get; set; } public int OrderId { get; set; } }
        public class Order
        {
            public int Id { get; set; }
            public int CustomerId { get; set; }
            public virtual Customer Customer { get; set; } = null!;
            public virtual List<Line> Lines { get; set; } = new();
        }
        public class LazyShop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseLazyLoadingProxies();
        }
        """;

    private static Task AnalyzeLazy(string body, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<QueryUsedAfterContextDisposedAnalyzer>.VerifyAsync(
            new[] { Usings + "public class Service\n{\n    private readonly IDbContextFactory<LazyShop> factory = null!;\n" + body + "\n}\n" + LazyModel },
            EfProvider.Sqlite, null, expected);

    private static DiagnosticResult Lazy(int location, string navigation) =>
        Verify.Diagnostic("DBP028").WithLocation(location).WithArguments($"'{navigation}' is lazy-loaded through", "ctx", QueryUsedAfterContextDisposedAnalyzer.LazyConsequence);

    [Fact]
    public Task Lazy_navigation_read_after_the_scope_fires() => AnalyzeLazy("""
            public string A(int id)
            {
                Order order;
                using (var ctx = new LazyShop())
                {
                    order = ctx.Orders.Where(o => o.Id > 0).First(o => o.Id == id);
                }

                return {|#0:order.Customer|}.Name;
            }
            public async Task<int> B(int id)
            {
                Order? order = null;
                await using (var ctx = await factory.CreateDbContextAsync())
                {
                    order = await ctx.Orders.SingleAsync(o => o.Id == id);
                }

                return {|#1:order.Lines|}.Count;
            }
            public string C(int id)
            {
                Order order;
                {
                    using var ctx = factory.CreateDbContext();
                    order = ctx.Orders.Find(id)!;
                }

                return {|#2:order.Customer|}.Name;
            }
        """,
        Lazy(0, "order.Customer"),
        Lazy(1, "order.Lines"),
        Lazy(2, "order.Customer"));

    [Fact]
    public Task Lazy_navigation_included_loaded_or_read_inside_the_scope_is_silent() => AnalyzeLazy("""
            public string A(int id)
            {
                Order order;
                using (var ctx = new LazyShop())
                {
                    order = ctx.Orders.Include(o => o.Customer).First(o => o.Id == id);
                }

                return order.Customer.Name;
            }
            public int B(int id)
            {
                Order order;
                using (var ctx = new LazyShop())
                {
                    order = ctx.Orders.First(o => o.Id == id);
                    ctx.Entry(order).Collection(o => o.Lines).Load();
                }

                return order.Lines.Count;
            }
            public string C(int id)
            {
                Order order;
                using (var ctx = new LazyShop())
                {
                    order = ctx.Orders.First(o => o.Id == id);
                    Console.WriteLine(order.Customer.Name);
                }

                return order.Customer.Name;
            }
            public int D(int id, bool load)
            {
                Order order = new();
                using (var ctx = new LazyShop())
                {
                    if (load)
                    {
                        order = ctx.Orders.First(o => o.Id == id);
                    }
                }

                return order.Lines.Count + order.Id;
            }
            public int E(int id)
            {
                Order order;
                using (var ctx = new LazyShop())
                {
                    order = ctx.Orders.First(o => o.Id == id);
                }

                order = new Order();
                order.Customer = new Customer();
                return order.Lines.Count + order.CustomerId;
            }
            public string F(int id)
            {
                using var ctx = new LazyShop();
                var order = ctx.Orders.First(o => o.Id == id);
                return order.Customer.Name;
            }
        """);

    [Fact]
    public Task Navigation_read_after_the_scope_without_lazy_loading_is_silent() => Analyze("""
            public class Holder { public Order? Order { get; set; } }
            public bool M(int id)
            {
                Order order;
                using (var ctx = new Shop())
                {
                    order = ctx.Orders.First(o => o.Id == id);
                }

                return order.Open;
            }
        """);

    // ---- EF Core agrees: what the rule reports throws at run time ----

    private const string Runnable = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Infrastructure;

        public class Customer { public int Id { get; set; } public string Name { get; set; } = ""; }
        public class Order
        {
            private readonly ILazyLoader? _loader;
            private Customer? _customer;
            public Order() { }
            private Order(ILazyLoader loader) => _loader = loader;
            public int Id { get; set; }
            public int CustomerId { get; set; }
            public Customer? Customer { get => _loader.Load(this, ref _customer); set => _customer = value; }
        }
        public class Shop : DbContext
        {
            public Shop(DbContextOptions<Shop> options) : base(options) { }
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Customer> Customers => Set<Customer>();
        }
        public class Repository
        {
            private readonly DbContextOptions<Shop> _options;
            public Repository(DbContextOptions<Shop> options) => _options = options;
            public IEnumerable<Order> Open()
            {
                using var ctx = new Shop(_options);
                return {|#0:ctx.Orders.Where(o => o.Id > 0)|};
            }
            public string CustomerName(int id)
            {
                Order order;
                using (var ctx = new Shop(_options))
                {
                    order = ctx.Orders.First(o => o.Id == id);
                }

                return {|#1:order.Customer|}!.Name;
            }
        }
        public static class Probe
        {
            public static string Run()
            {
                var options = new DbContextOptionsBuilder<Shop>().UseInMemoryDatabase("dbp028-" + Guid.NewGuid()).Options;
                using (var seed = new Shop(options))
                {
                    seed.Orders.Add(new Order { Id = 1, Customer = new Customer { Id = 1, Name = "a" } });
                    seed.SaveChanges();
                }

                var repository = new Repository(options);
                string query, lazy;
                try { query = repository.Open().Count().ToString(); } catch (Exception e) { query = e.GetType().Name; }
                try { lazy = repository.CustomerName(1); } catch (Exception e) { lazy = e.GetType().Name; }
                return query + ";" + lazy;
            }
        }
        """;

    [Fact]
    public async Task EF_Core_throws_where_the_rule_reports()
    {
        await AnalyzerVerifier<QueryUsedAfterContextDisposedAnalyzer>.VerifyAsync(
            new[] { Runnable }, EfProvider.InMemory, null,
            Diagnostic(0, Returned),
            Lazy(1, "order.Customer"));

        var compilation = RealEfModel.Compile(System.Text.RegularExpressions.Regex.Replace(Runnable, @"\{\|#\d+:|\|\}", ""), "Dbp028Probe" + System.Guid.NewGuid().ToString("N"));
        using var stream = new System.IO.MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        var load = new System.Runtime.Loader.AssemblyLoadContext(compilation.AssemblyName, isCollectible: true);
        try
        {
            var probe = load.LoadFromStream(stream).GetType("Probe")!;
            var result = (string)probe.GetMethod("Run")!.Invoke(null, null)!;
            Assert.Equal("ObjectDisposedException;InvalidOperationException", result);
        }
        finally
        {
            load.Unload();
        }
    }

    // ---- fix ----

    [Fact]
    public Task Fix_materializes_the_returned_query_with_ToList() => Verify.VerifyFixAsync(
        new[] { Usings + Wrap("""
                public IEnumerable<Order> M()
                {
                    using (var ctx = new Shop())
                    {
                        return {|DBP028:ctx.Orders.Where(o => o.Open)|}; // open ones
                    }
                }
            """) + Model },
        new[] { Usings + Wrap("""
                public IEnumerable<Order> M()
                {
                    using (var ctx = new Shop())
                    {
                        return ctx.Orders.Where(o => o.Open).ToList(); // open ones
                    }
                }
            """) + Model },
        QueryUsedAfterContextDisposedFixer.EquivalenceKey, EfProvider.Sqlite);

    [Fact]
    public Task Fix_in_an_async_method_awaits_ToListAsync_with_the_token_in_scope() => Verify.VerifyFixAsync(
        new[] { Usings + Wrap("""
                public async Task<IEnumerable<Order>> M(int min, CancellationToken cancellationToken)
                {
                    await using var ctx = await factory.CreateDbContextAsync(cancellationToken);
                    var query = ctx.Orders.Where(o => o.Id > min);
                    return {|DBP028:query|};
                }
            """) + Model },
        new[] { Usings + Wrap("""
                public async Task<IEnumerable<Order>> M(int min, CancellationToken cancellationToken)
                {
                    await using var ctx = await factory.CreateDbContextAsync(cancellationToken);
                    var query = ctx.Orders.Where(o => o.Id > min);
                    return await query.ToListAsync(cancellationToken);
                }
            """) + Model },
        QueryUsedAfterContextDisposedFixer.EquivalenceKey, EfProvider.Sqlite);

    [Fact]
    public Task Fix_adds_the_using_it_needs() => Verify.VerifyFixAsync(
        new[] { "using System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\n\npublic class Service\n{\n    public IEnumerable<Order> M()\n    {\n        using var ctx = new Shop();\n        return {|DBP028:ctx.Orders|};\n    }\n}\n" + Model },
        new[] { "using System.Collections.Generic;\nusing System.Linq;\nusing Microsoft.EntityFrameworkCore;\n\npublic class Service\n{\n    public IEnumerable<Order> M()\n    {\n        using var ctx = new Shop();\n        return ctx.Orders.ToList();\n    }\n}\n" + Model },
        QueryUsedAfterContextDisposedFixer.EquivalenceKey, EfProvider.Sqlite);

    [Fact]
    public async Task No_fix_for_IQueryable_or_IAsyncEnumerable_return_types_fields_and_lambdas()
    {
        var source = Usings + Wrap("""
                public IQueryable<Order> A()
                {
                    using var ctx = new Shop();
                    return {|#0:ctx.Orders|};
                }
                public IAsyncEnumerable<Order> B()
                {
                    using var ctx = new Shop();
                    return {|#1:ctx.Orders.AsAsyncEnumerable()|};
                }
                public void C()
                {
                    using var ctx = new Shop();
                    {|#2:pending = ctx.Orders|};
                }
                public async Task<IEnumerable<Order>> D()
                {
                    using var ctx = new Shop();
                    await Task.Yield();
                    return {|#3:ctx.Orders.AsEnumerable()|};
                }
            """) + Model;
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        TestSetup.Configure(test.TestState, EfProvider.Sqlite, null);
        test.ExpectedDiagnostics.Add(Diagnostic(0, Returned));
        test.ExpectedDiagnostics.Add(Diagnostic(1, Returned));
        test.ExpectedDiagnostics.Add(Diagnostic(2, "The query stored in 'pending' runs on"));
        test.ExpectedDiagnostics.Add(Diagnostic(3, Returned));
        await test.RunAsync();
    }

    [Fact]
    public Task Fix_all_in_a_document() => Verify.VerifyFixAsync(
        new[] { Usings + Wrap("""
                public IEnumerable<Order> A()
                {
                    using var ctx = new Shop();
                    return {|DBP028:ctx.Orders|};
                }
                public IEnumerable<Order> B(bool open)
                {
                    using (var ctx = new Shop())
                    {
                        if (open)
                        {
                            return {|DBP028:ctx.Orders.Where(o => o.Open)|};
                        }

                        return {|DBP028:ctx.Orders.OrderBy(o => o.Id)|};
                    }
                }
                public async Task<IEnumerable<Order>> C(CancellationToken ct)
                {
                    await using var ctx = await factory.CreateDbContextAsync(ct);
                    return {|DBP028:ctx.Orders.Where(o => o.Open)|};
                }
            """) + Model },
        new[] { Usings + Wrap("""
                public IEnumerable<Order> A()
                {
                    using var ctx = new Shop();
                    return ctx.Orders.ToList();
                }
                public IEnumerable<Order> B(bool open)
                {
                    using (var ctx = new Shop())
                    {
                        if (open)
                        {
                            return ctx.Orders.Where(o => o.Open).ToList();
                        }

                        return ctx.Orders.OrderBy(o => o.Id).ToList();
                    }
                }
                public async Task<IEnumerable<Order>> C(CancellationToken ct)
                {
                    await using var ctx = await factory.CreateDbContextAsync(ct);
                    return await ctx.Orders.Where(o => o.Open).ToListAsync(ct);
                }
            """) + Model },
        QueryUsedAfterContextDisposedFixer.EquivalenceKey, EfProvider.Sqlite);
}
