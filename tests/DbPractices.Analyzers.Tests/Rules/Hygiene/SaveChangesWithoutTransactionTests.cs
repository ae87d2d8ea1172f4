using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Hygiene;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Hygiene;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Hygiene.SaveChangesWithoutTransactionAnalyzer,
    DbPractices.CodeFixes.Rules.Hygiene.SaveChangesWithoutTransactionFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Hygiene;

public class SaveChangesWithoutTransactionTests
{
    private const string Usings = "using System;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing System.Transactions;\nusing Microsoft.EntityFrameworkCore;\nusing Microsoft.EntityFrameworkCore.Storage;\n";

    private const string Model = """

        public class Order { public int Id { get; set; } public int Total { get; set; } }
        public class Payment { public int Id { get; set; } public int OrderId { get; set; } public Order Order { get; set; } = null!; }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Payment> Payments => Set<Payment>();
        }
        """;

    private static Task Analyze(string body, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<SaveChangesWithoutTransactionAnalyzer>.VerifyAsync(new[] { Usings + Wrap(body) + Model }, EfProvider.Sqlite, null, expected);

    private static string Wrap(string body) => "public class Checkout\n{\n    private readonly Shop ctx = new();\n" + body + "\n}\n";

    private static DiagnosticResult Diagnostic(int location, string call, string context) =>
        Verify.Diagnostic("DBP032").WithLocation(location).WithArguments(call, context);

    // ---- fires ----

    [Fact]
    public Task Two_saves_on_one_path_fire_on_the_second() => Analyze("""
            public void M(Order order)
            {
                ctx.Orders.Add(order);
                ctx.SaveChanges();
                ctx.Payments.Add(new Payment { OrderId = order.Id });
                {|#0:ctx.SaveChanges()|};
                ctx.SaveChanges();
            }
            public async Task N(Shop db, Order order, CancellationToken ct)
            {
                db.Add(order);
                await db.SaveChangesAsync(ct);
                if (order.Total > 100)
                {
                    db.Add(new Payment { Order = order });
                    await {|#1:db.SaveChangesAsync(ct)|};
                }
            }
        """, Diagnostic(0, "SaveChanges", "ctx"), Diagnostic(1, "SaveChangesAsync", "db"));

    // ---- silent ----

    [Fact]
    public Task Transactions_exclusive_paths_loops_other_contexts_and_seeding_are_silent() => Analyze("""
            public void A(Order order)
            {
                using var transaction = ctx.Database.BeginTransaction();
                ctx.Add(order);
                ctx.SaveChanges();
                ctx.Add(new Payment { Order = order });
                ctx.SaveChanges();
                transaction.Commit();
            }
            public void B(Order order, bool paid)
            {
                if (paid) { ctx.Add(order); ctx.SaveChanges(); }
                else { ctx.Remove(order); ctx.SaveChanges(); }
            }
            public void C(Order order)
            {
                if (order.Total == 0) { ctx.SaveChanges(); return; }
                ctx.Add(order);
                ctx.SaveChanges();
            }
            public void D(Order[] orders)
            {
                ctx.SaveChanges();
                foreach (var o in orders) { ctx.Add(o); ctx.SaveChanges(); }
                ctx.SaveChanges();
            }
            public void E(Shop other, Order order)
            {
                ctx.Add(order); ctx.SaveChanges();
                other.Add(order); other.SaveChanges();
            }
            public void F(Order order)
            {
                using var scope = new TransactionScope();
                ctx.Add(order); ctx.SaveChanges();
                ctx.Add(new Payment { Order = order }); ctx.SaveChanges();
                scope.Complete();
            }
            public void G(IDbContextTransaction transaction, Order order)
            {
                ctx.Add(order); ctx.SaveChanges();
                ctx.Add(new Payment { Order = order }); ctx.SaveChanges();
            }
        }
        public class DemoSeeder
        {
            public void Seed(Shop ctx)
            {
                ctx.Add(new Order()); ctx.SaveChanges();
                ctx.Add(new Payment()); ctx.SaveChanges();
            }
        """);

    // ---- fix ----

    [Fact]
    public Task Fix_wraps_the_saves_in_a_transaction() => Verify.VerifyFixAsync(
        new[] { Usings + Wrap("""
                public void M(Order order)
                {
                    ctx.Orders.Add(order);
                    // first step
                    ctx.SaveChanges();
                    ctx.Payments.Add(new Payment { OrderId = order.Id });
                    {|DBP032:ctx.SaveChanges()|};
                }
                public async Task N(Shop db, Order order, CancellationToken ct)
                {
                    db.Add(order);
                    await db.SaveChangesAsync(ct);
                    db.Add(new Payment { Order = order });
                    var n = await {|DBP032:db.SaveChangesAsync(ct)|};
                }
            """) + Model },
        new[] { Usings + Wrap("""
                public void M(Order order)
                {
                    ctx.Orders.Add(order);
                    // first step
                    using var transaction = ctx.Database.BeginTransaction();
                    ctx.SaveChanges();
                    ctx.Payments.Add(new Payment { OrderId = order.Id });
                    ctx.SaveChanges();
                    transaction.Commit();
                }
                public async Task N(Shop db, Order order, CancellationToken ct)
                {
                    db.Add(order);
                    await using var transaction = await db.Database.BeginTransactionAsync(ct);
                    await db.SaveChangesAsync(ct);
                    db.Add(new Payment { Order = order });
                    var n = await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                }
            """) + Model },
        SaveChangesWithoutTransactionFixer.EquivalenceKey, EfProvider.Sqlite);

    [Fact]
    public async Task No_fix_when_a_save_is_nested()
    {
        var source = Usings + Wrap("""
                public void M(Order order)
                {
                    ctx.SaveChanges();
                    if (order.Total > 0)
                    {
                        {|#0:ctx.SaveChanges()|};
                    }
                }
            """) + Model;
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        TestSetup.Configure(test.TestState, EfProvider.Sqlite, null);
        test.ExpectedDiagnostics.Add(Diagnostic(0, "SaveChanges", "ctx"));
        await test.RunAsync();
    }

    // ---- under a retrying execution strategy ----

    /// <summary>A context whose provider options retry (the SQLite provider has no EnableRetryOnFailure; a retrying strategy class does the same).</summary>
    private const string RetryingModel = """

        public class Order { public int Id { get; set; } public int Total { get; set; } }
        public class Payment { public int Id { get; set; } public int OrderId { get; set; } public Order Order { get; set; } = null!; }
        public class Retrying : ExecutionStrategy
        {
            public Retrying(ExecutionStrategyDependencies dependencies) : base(dependencies, 3, TimeSpan.FromSeconds(1)) { }
            protected override bool ShouldRetryOn(Exception exception) => true;
        }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Payment> Payments => Set<Payment>();
            protected override void OnConfiguring(DbContextOptionsBuilder options) =>
                options.UseSqlite("Data Source=shop.db", o => o.ExecutionStrategy(d => new Retrying(d)));
        }
        """;

    [Fact]
    public Task Retrying_fix_wraps_the_saves_in_the_execution_strategy() => Verify.VerifyFixAsync(
        new[] { Usings + Wrap("""
                public void M(Order order)
                {
                    // the order first
                    ctx.Orders.Add(order);
                    ctx.SaveChanges();
                    ctx.Payments.Add(new Payment { OrderId = order.Id });
                    for (var i = 0; i < 2; i++)
                    {
                        if (i == 1) break;
                    }
                    {|DBP032:ctx.SaveChanges()|}; // then the payment
                    Console.WriteLine(order.Id);
                }
            """) + RetryingModel },
        new[] { Usings + Wrap("""
                public void M(Order order)
                {
                    // the order first
                    ctx.Orders.Add(order);
                    var strategy = ctx.Database.CreateExecutionStrategy();
                    strategy.Execute(() =>
                    {
                        using var transaction = ctx.Database.BeginTransaction();
                        ctx.SaveChanges();
                        ctx.Payments.Add(new Payment { OrderId = order.Id });
                        for (var i = 0; i < 2; i++)
                        {
                            if (i == 1) break;
                        }
                        ctx.SaveChanges(); // then the payment
                        transaction.Commit();
                    });
                    Console.WriteLine(order.Id);
                }
            """) + RetryingModel },
        SaveChangesWithoutTransactionFixer.EquivalenceKey, EfProvider.Sqlite);

    [Fact]
    public Task Retrying_fix_is_async_in_async_methods_and_the_registration_names_the_context() => Verify.VerifyFixAsync(
        new[] { Usings + "using Microsoft.Extensions.DependencyInjection;\n" + """
            public class Orders
            {
                public async Task Place(Shop db, Order order, CancellationToken ct)
                {
                    db.Add(order);
                    await db.SaveChangesAsync(ct);
                    db.Add(new Payment { Order = order });
                    await {|DBP032:db.SaveChangesAsync(ct)|};
                }
                public void Archive(Archive db)
                {
                    db.SaveChanges();
                    {|DBP032:db.SaveChanges()|};
                }
            }
            public class Archive : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
            }
            public static class Setup
            {
                public static void Register(IServiceCollection services) =>
                    services.AddDbContext<Shop>(o => o.UseSqlite("Data Source=shop.db", s => s.ExecutionStrategy(d => new Retrying(d))));
            }
            """ + Model + """

            public class Retrying : ExecutionStrategy
            {
                public Retrying(ExecutionStrategyDependencies dependencies) : base(dependencies, 3, TimeSpan.FromSeconds(1)) { }
                protected override bool ShouldRetryOn(Exception exception) => true;
            }
            """ },
        new[] { Usings + "using Microsoft.Extensions.DependencyInjection;\n" + """
            public class Orders
            {
                public async Task Place(Shop db, Order order, CancellationToken ct)
                {
                    db.Add(order);
                    var strategy = db.Database.CreateExecutionStrategy();
                    await strategy.ExecuteAsync(async () =>
                    {
                        await using var transaction = await db.Database.BeginTransactionAsync(ct);
                        await db.SaveChangesAsync(ct);
                        db.Add(new Payment { Order = order });
                        await db.SaveChangesAsync(ct);
                        await transaction.CommitAsync(ct);
                    });
                }
                public void Archive(Archive db)
                {
                    using var transaction = db.Database.BeginTransaction();
                    db.SaveChanges();
                    db.SaveChanges();
                    transaction.Commit();
                }
            }
            public class Archive : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
            }
            public static class Setup
            {
                public static void Register(IServiceCollection services) =>
                    services.AddDbContext<Shop>(o => o.UseSqlite("Data Source=shop.db", s => s.ExecutionStrategy(d => new Retrying(d))));
            }
            """ + Model + """

            public class Retrying : ExecutionStrategy
            {
                public Retrying(ExecutionStrategyDependencies dependencies) : base(dependencies, 3, TimeSpan.FromSeconds(1)) { }
                protected override bool ShouldRetryOn(Exception exception) => true;
            }
            """ },
        SaveChangesWithoutTransactionFixer.EquivalenceKey, EfProvider.Sqlite);

    [Fact]
    public async Task Retrying_no_fix_when_the_saves_are_not_self_contained()
    {
        var source = Usings + Wrap("""
                public int Returns(Order order)
                {
                    ctx.SaveChanges();
                    if (order.Total == 0) return 0;
                    {|#0:ctx.SaveChanges()|};
                    return 1;
                }
                public int UsedAfter(Order order)
                {
                    ctx.SaveChanges();
                    var total = order.Total;
                    {|#1:ctx.SaveChanges()|};
                    return total;
                }
                public void ByReference(ref int count)
                {
                    ctx.SaveChanges();
                    count++;
                    {|#2:ctx.SaveChanges()|};
                }
                public async Task MixedAwait(CancellationToken ct)
                {
                    ctx.SaveChanges();
                    await Task.Delay(1, ct);
                    {|#3:ctx.SaveChanges()|};
                }
            """) + RetryingModel;
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        TestSetup.Configure(test.TestState, EfProvider.Sqlite, null);
        test.ExpectedDiagnostics.Add(Diagnostic(0, "SaveChanges", "ctx"));
        test.ExpectedDiagnostics.Add(Diagnostic(1, "SaveChanges", "ctx"));
        test.ExpectedDiagnostics.Add(Diagnostic(2, "SaveChanges", "ctx"));
        test.ExpectedDiagnostics.Add(Diagnostic(3, "SaveChanges", "ctx"));
        await test.RunAsync();
    }

    [Fact]
    public Task Retrying_fix_all_in_a_document() => Verify.VerifyFixAsync(
        new[] { Usings + Wrap("""
                public void M()
                {
                    ctx.SaveChanges();
                    {|DBP032:ctx.SaveChanges()|};
                }
                public void N(Shop db)
                {
                    db.SaveChanges();
                    {|DBP032:db.SaveChanges()|};
                }
            """) + RetryingModel },
        new[] { Usings + Wrap("""
                public void M()
                {
                    var strategy = ctx.Database.CreateExecutionStrategy();
                    strategy.Execute(() =>
                    {
                        using var transaction = ctx.Database.BeginTransaction();
                        ctx.SaveChanges();
                        ctx.SaveChanges();
                        transaction.Commit();
                    });
                }
                public void N(Shop db)
                {
                    var strategy = db.Database.CreateExecutionStrategy();
                    strategy.Execute(() =>
                    {
                        using var transaction = db.Database.BeginTransaction();
                        db.SaveChanges();
                        db.SaveChanges();
                        transaction.Commit();
                    });
                }
            """) + RetryingModel },
        SaveChangesWithoutTransactionFixer.EquivalenceKey, EfProvider.Sqlite);

    [Fact]
    public Task Fix_all_in_a_document() => Verify.VerifyFixAsync(
        new[] { Usings + Wrap("""
                public void M(Order a)
                {
                    ctx.SaveChanges();
                    {|DBP032:ctx.SaveChanges()|};
                }
                public void N(Shop db)
                {
                    db.SaveChanges();
                    {|DBP032:db.SaveChanges()|};
                }
            """) + Model },
        new[] { Usings + Wrap("""
                public void M(Order a)
                {
                    using var transaction = ctx.Database.BeginTransaction();
                    ctx.SaveChanges();
                    ctx.SaveChanges();
                    transaction.Commit();
                }
                public void N(Shop db)
                {
                    using var transaction = db.Database.BeginTransaction();
                    db.SaveChanges();
                    db.SaveChanges();
                    transaction.Commit();
                }
            """) + Model },
        SaveChangesWithoutTransactionFixer.EquivalenceKey, EfProvider.Sqlite);
}
