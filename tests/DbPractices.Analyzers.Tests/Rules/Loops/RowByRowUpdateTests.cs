using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DbPractices.Analyzers.Model;
using DbPractices.Analyzers.Rules.Loops;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Loops;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Loops.RowByRowUpdateAnalyzer,
    DbPractices.CodeFixes.Rules.Loops.RowByRowUpdateFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Loops;

public class RowByRowUpdateTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.ComponentModel.DataAnnotations;\nusing System.ComponentModel.DataAnnotations.Schema;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\n";

    private const string Model = """

        public class Order
        {
            public int Id { get; set; }
            public bool Open { get; set; }
            public decimal Total { get; set; }
            public string Note { get; set; } = "";
            public DateTime? ClosedAt { get; set; }
            public int Views { get; set; }
            public int? CustomerId { get; set; }
            public Customer? Customer { get; set; }
            [NotMapped] public string Display { get; set; } = "";
            private string _code = "";
            public string Code { get => _code; set { _code = value; Views = 0; } }
        }
        public class Customer { public int Id { get; set; } public string Name { get; set; } = ""; }
        public class Post { public int Id { get; set; } public bool IsDeleted { get; set; } public string Title { get; set; } = ""; }
        public class Doc { public int Id { get; set; } public string Title { get; set; } = ""; [Timestamp] public byte[] Version { get; set; } = null!; }
        public class Ticket { public int Id { get; set; } public string State { get; set; } = ""; }
        public class Stock { public int Id { get; set; } [ConcurrencyCheck] public int Count { get; set; } }
        public class Meter { public int Id { get; set; } public int Reading { get; set; } }
        [Keyless] public class Report { public string Name { get; set; } = ""; public int Hits { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Post> Posts => Set<Post>();
            public DbSet<Doc> Docs => Set<Doc>();
            public DbSet<Ticket> Tickets => Set<Ticket>();
            public DbSet<Stock> Stocks => Set<Stock>();
            public DbSet<Meter> Meters => Set<Meter>();
            public DbSet<Report> Reports => Set<Report>();
            protected override void OnModelCreating(ModelBuilder b)
            {
                b.Entity<Ticket>().Property(t => t.State).IsConcurrencyToken();
                b.Entity<Meter>().Property<uint>("Version").IsRowVersion();
            }
        }
        """;

    private static string Wrap(string body) => "public class Service\n{\n    private readonly Shop ctx = new();\n" + body + "\n}\n";

    private static Task Analyze(string body, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<RowByRowUpdateAnalyzer>.VerifyAsync(new[] { Usings + Wrap(body) + Model }, EfProvider.Sqlite, null, expected);

    private static Task Fix(string body, string fixedBody, EfVersion version = EfVersion.EfCore10) =>
        Verify.VerifyFixAsync(new[] { Usings + Wrap(body) + Model }, new[] { Usings + Wrap(fixedBody) + Model }, RowByRowUpdateFixer.EquivalenceKey,
            version == EfVersion.EfCore8 ? EfProvider.None : EfProvider.Sqlite, null, null, version);

    private static DiagnosticResult Diagnostic(int location, string entity, string verb, string bulk) =>
        Verify.Diagnostic("DBP031").WithLocation(location)
            .WithArguments(entity, verb, bulk);

    // ---- fires ----

    [Fact]
    public Task Setting_columns_of_every_row_of_a_query_fires() => Analyze("""
            public void Close(DateTime now)
            {
                {|#0:foreach (var o in ctx.Orders.Where(x => x.Open))|}
                {
                    o.Open = false;
                    o.ClosedAt = now;
                }

                ctx.SaveChanges();
            }

            public async Task Raise(CancellationToken ct)
            {
                {|#1:foreach (var o in await ctx.Orders.Where(x => x.Total > 10).ToListAsync(ct))|}
                    o.Total = o.Total * 1.1m;
                await ctx.SaveChangesAsync(ct);
            }
        """, Diagnostic(0, "Order", "changed", "ExecuteUpdate"), Diagnostic(1, "Order", "changed", "ExecuteUpdateAsync"));

    [Fact]
    public Task Removing_every_row_fires_for_each_Remove_form() => Analyze("""
            public void A()
            {
                {|#0:foreach (var o in ctx.Orders.Where(x => !x.Open).ToList())|}
                    ctx.Remove(o);
                ctx.SaveChanges();
            }

            public void B()
            {
                var old = ctx.Orders.Where(x => x.Id < 10).ToList();
                {|#1:foreach (var o in old)|}
                {
                    ctx.Set<Order>().Remove(o);
                }
                ctx.SaveChanges();
            }

            public void C()
            {
                {|#2:foreach (var o in ctx.Orders.Where(x => x.Id < 10))|}
                    ctx.Orders.Remove(o);
                ctx.SaveChanges();
            }
        """, Diagnostic(0, "Order", "removed", "ExecuteDelete"), Diagnostic(1, "Order", "removed", "ExecuteDelete"), Diagnostic(2, "Order", "removed", "ExecuteDelete"));

    [Fact]
    public Task Compound_assignments_increments_conditionals_and_outer_locals_fire() => Analyze("""
            public void M(string suffix)
            {
                var note = "seen" + suffix;
                {|#0:foreach (var o in ctx.Orders.Where(x => x.Open).OrderBy(x => x.Id).Take(100))|}
                {
                    o.Views++;
                    o.Total += 1;
                    o.Note = o.Open ? note : "closed";
                    o.CustomerId = null;
                }
                ctx.SaveChanges();
            }
        """, Diagnostic(0, "Order", "changed", "ExecuteUpdate"));

    [Fact]
    public Task Setting_the_soft_delete_flag_is_an_update_and_fires() => Analyze("""
            public void M()
            {
                {|#0:foreach (var p in ctx.Posts.Where(x => x.Title == ""))|}
                    p.IsDeleted = true;
                ctx.SaveChanges();
            }
        """, Diagnostic(0, "Post", "changed", "ExecuteUpdate"));

    [Fact]
    public Task Fires_through_a_context_interface() => AnalyzerVerifier<RowByRowUpdateAnalyzer>.VerifyAsync(
        new[] { Usings + """
            public interface IAppDb { DbSet<Order> Orders { get; } Task<int> SaveChangesAsync(CancellationToken ct); }
            public class Handler
            {
                private readonly IAppDb _db;
                public Handler(IAppDb db) => _db = db;
                public async Task M(CancellationToken ct)
                {
                    {|#0:foreach (var o in await _db.Orders.Where(x => !x.Open).ToListAsync(ct))|}
                        _db.Orders.Remove(o);
                    await _db.SaveChangesAsync(ct);
                }
            }
            """ + Model },
        EfProvider.Sqlite, null, Diagnostic(0, "Order", "removed", "ExecuteDeleteAsync"));

    [Theory]
    [InlineData(DomainReference.Project)]
    [InlineData(DomainReference.Assembly)]
    public Task Entities_of_a_Domain_project_fire_and_their_custom_setters_stay_silent(DomainReference reference) => MultiProject.VerifyAsync<RowByRowUpdateAnalyzer>(
        new Domain("""
            namespace Domain;
            public class Task2
            {
                public int Id { get; set; }
                public int Priority { get; set; }
                private bool _done;
                public bool Done { get => _done; set { _done = value; Priority = 0; } }
            }
            """, reference: reference),
        new[] { Usings + """
            using Domain;
            public class Db : DbContext { public DbSet<Task2> Tasks => Set<Task2>(); }
            public class S
            {
                public void A(Db db) { {|#0:foreach (var t in db.Tasks.Where(x => x.Id > 1))|} t.Priority = 1; db.SaveChanges(); }
                public void B(Db db) { foreach (var t in db.Tasks.Where(x => x.Id > 1)) t.Done = true; db.SaveChanges(); }
            }
            """ },
        EfProvider.Sqlite, null, Diagnostic(0, "Task2", "changed", "ExecuteUpdate"));

    [Fact]
    public Task Fires_on_EF_Core_8() => AnalyzerVerifier<RowByRowUpdateAnalyzer>.VerifyAsync(
        new[] { Usings + Wrap("""
            public void M()
            {
                {|#0:foreach (var o in ctx.Orders.Where(x => x.Open))|}
                    o.Open = false;
                ctx.SaveChanges();
            }
        """) + Model.Replace("[Keyless] ", "") },
        EfProvider.None, null, EfVersion.EfCore8, Diagnostic(0, "Order", "changed", "ExecuteUpdate"));

    // ---- silent ----

    [Fact]
    public Task Branches_calls_navigations_unmapped_members_and_custom_setters_are_silent() => Analyze("""
            public void Branch() { foreach (var o in ctx.Orders) { if (o.Open) o.Views = 0; } ctx.SaveChanges(); }
            public void Call() { foreach (var o in ctx.Orders) { o.Views = 0; Console.WriteLine(o.Id); } ctx.SaveChanges(); }
            public void Navigation() { foreach (var o in ctx.Orders) { o.Customer = null; } ctx.SaveChanges(); }
            public void NavigationMember() { foreach (var o in ctx.Orders.Include(x => x.Customer)) { o.Customer!.Name = ""; } ctx.SaveChanges(); }
            public void Unmapped() { foreach (var o in ctx.Orders) { o.Display = ""; } ctx.SaveChanges(); }
            public void CustomSetter() { foreach (var o in ctx.Orders) { o.Code = "x"; } ctx.SaveChanges(); }
            public void MethodValue() { foreach (var o in ctx.Orders) { o.Note = o.Note.Trim(); } ctx.SaveChanges(); }
            public void ReadsAssigned() { foreach (var o in ctx.Orders) { o.Total = 0; o.Views = (int)o.Total; } ctx.SaveChanges(); }
            public void Twice() { foreach (var o in ctx.Orders) { o.Views = 1; o.Views = 2; } ctx.SaveChanges(); }
            public void Key() { foreach (var o in ctx.Orders) { o.Id = 0; } ctx.SaveChanges(); }
            public void Mixed() { foreach (var o in ctx.Orders) { o.Views = 0; ctx.Remove(o); } ctx.SaveChanges(); }
            public void Local() { foreach (var o in ctx.Orders) { var v = 1; o.Views = v; } ctx.SaveChanges(); }
        """);

    [Fact]
    public Task Concurrency_tokens_soft_delete_removes_and_keyless_entities_are_silent() => Analyze("""
            public void Timestamp() { foreach (var d in ctx.Docs) { d.Title = ""; } ctx.SaveChanges(); }
            public void ConcurrencyToken() { foreach (var t in ctx.Tickets) { t.State = "done"; } ctx.SaveChanges(); }
            public void ConcurrencyCheck() { foreach (var s in ctx.Stocks) { s.Count = 0; } ctx.SaveChanges(); }
            public void RowVersion() { foreach (var m in ctx.Meters) { m.Reading = 0; } ctx.SaveChanges(); }
            public void SoftDelete() { foreach (var p in ctx.Posts.Where(x => x.Title == "")) { ctx.Remove(p); } ctx.SaveChanges(); }
            public void Keyless() { foreach (var r in ctx.Reports) { r.Hits = 0; } ctx.SaveChanges(); }
        """);

    [Fact]
    public Task Sources_that_are_not_tracked_queries_and_loops_without_a_later_save_are_silent() => Analyze("""
            public void List(List<Order> orders) { foreach (var o in orders) { o.Views = 0; } ctx.SaveChanges(); }
            public void NoSave() { foreach (var o in ctx.Orders) { o.Views = 0; } }
            public void SaveBefore() { ctx.SaveChanges(); foreach (var o in ctx.Orders) { o.Views = 0; } }
            public void OtherContext(Shop other) { foreach (var o in ctx.Orders) { o.Views = 0; } other.SaveChanges(); }
            public void NoTracking() { foreach (var o in ctx.Orders.AsNoTracking()) { o.Views = 0; } ctx.SaveChanges(); }
            public void Projection() { foreach (var c in ctx.Orders.Select(x => x.Customer!)) { c.Name = ""; } ctx.SaveChanges(); }
            public void UsedAfter() { var list = ctx.Orders.ToList(); foreach (var o in list) { o.Views = 0; } ctx.SaveChanges(); Console.WriteLine(list.Count); }
            public void Distinct() { foreach (var o in ctx.Orders.Distinct()) { o.Views = 0; } ctx.SaveChanges(); }
            public async Task AsyncProjection() { await foreach (var n in ctx.Orders.Select(x => x.Customer!).AsAsyncEnumerable()) { n.Name = ""; } await ctx.SaveChangesAsync(); }
        """);

    [Fact]
    public Task A_context_that_overrides_SaveChanges_is_silent() => AnalyzerVerifier<RowByRowUpdateAnalyzer>.VerifyAsync(
        new[] { Usings + """
            public class Audited : Shop
            {
                public override int SaveChanges() { Console.WriteLine("audit"); return base.SaveChanges(); }
            }
            public class S
            {
                public void M(Audited db) { foreach (var o in db.Orders) { o.Views = 0; } db.SaveChanges(); }
            }
            """ + Model },
        EfProvider.Sqlite, null);

    // ---- fix ----

    [Fact]
    public Task Fix_replaces_the_loop_with_ExecuteUpdate_and_keeps_the_save_of_a_long_lived_context() => Fix("""
            public void Close(DateTime now)
            {
                // close every open order
                {|DBP031:foreach (var o in ctx.Orders.Where(x => x.Open))|}
                {
                    o.Open = false;
                    o.ClosedAt = now;
                    o.Total = o.Total * 1.1m;
                    o.Views++;
                    o.Note += "!";
                }

                ctx.SaveChanges();
            }
        """, """
            public void Close(DateTime now)
            {
                // close every open order
                ctx.Orders.Where(x => x.Open).ExecuteUpdate(s => s.SetProperty(e => e.Open, false).SetProperty(e => e.ClosedAt, now).SetProperty(e => e.Total, e => e.Total * 1.1m).SetProperty(e => e.Views, e => e.Views + 1).SetProperty(e => e.Note, e => e.Note + "!"));

                ctx.SaveChanges();
            }
        """);

    [Fact]
    public Task Fix_keeps_async_with_the_token_and_removes_the_list() => Fix("""
            public async Task Raise(decimal factor, CancellationToken ct)
            {
                var orders = await ctx.Orders.Where(x => x.Total > 10).ToListAsync(ct);
                {|DBP031:foreach (var order in orders)|}
                    order.Note = order.Open ? "open" : order.Note;
                await ctx.SaveChangesAsync(ct).ConfigureAwait(false);
            }
        """, """
            public async Task Raise(decimal factor, CancellationToken ct)
            {
                await ctx.Orders.Where(x => x.Total > 10).ExecuteUpdateAsync(s => s.SetProperty(e => e.Note, e => e.Open ? "open" : e.Note), ct).ConfigureAwait(false);
                await ctx.SaveChangesAsync(ct).ConfigureAwait(false);
            }
        """);

    [Fact]
    public Task Fix_removes_the_save_that_only_served_the_loop_of_a_context_created_here() => Fix("""
            public void Purge(int max)
            {
                using var db = new Shop();
                var count = db.Orders.Count();
                {|DBP031:foreach (var o in db.Orders.Where(x => x.Id < max).ToList())|}
                {
                    db.Orders.Remove(o);
                }
                db.SaveChanges();
                Console.WriteLine(count);
            }
        """, """
            public void Purge(int max)
            {
                using var db = new Shop();
                var count = db.Orders.Count();
                db.Orders.Where(x => x.Id < max).ExecuteDelete();
                Console.WriteLine(count);
            }
        """);

    [Fact]
    public Task Fix_keeps_the_save_when_earlier_changes_may_be_pending() => Fix("""
            public async Task Purge(CancellationToken ct)
            {
                using var db = new Shop();
                db.Customers.Add(new Customer { Name = "n" });
                {|DBP031:foreach (var o in db.Orders.Where(x => !x.Open))|}
                    db.Remove(o);
                await db.SaveChangesAsync(ct);
            }
        """, """
            public async Task Purge(CancellationToken ct)
            {
                using var db = new Shop();
                db.Customers.Add(new Customer { Name = "n" });
                await db.Orders.Where(x => !x.Open).ExecuteDeleteAsync(ct);
                await db.SaveChangesAsync(ct);
            }
        """);

    [Fact]
    public Task Fix_turns_an_await_foreach_over_AsAsyncEnumerable_into_ExecuteUpdateAsync() => Fix("""
            public async Task Raise()
            {
                {|DBP031:await foreach (var o in ctx.Orders.AsAsyncEnumerable())|}
                {
                    o.Total += 1000;
                }

                await ctx.SaveChangesAsync();
            }
        """, """
            public async Task Raise()
            {
                await ctx.Orders.ExecuteUpdateAsync(s => s.SetProperty(e => e.Total, e => e.Total + 1000));

                await ctx.SaveChangesAsync();
            }
        """);

    [Fact]
    public Task Fix_compiles_on_EF_Core_8() => Fix("""
            public void Close()
            {
                {|DBP031:foreach (var o in ctx.Orders.Where(x => x.Open))|}
                {
                    o.Open = false;
                    o.Views = o.Views + 1;
                }
                ctx.SaveChanges();
            }
        """, """
            public void Close()
            {
                ctx.Orders.Where(x => x.Open).ExecuteUpdate(s => s.SetProperty(e => e.Open, false).SetProperty(e => e.Views, e => e.Views + 1));
                ctx.SaveChanges();
            }
        """, EfVersion.EfCore8);

    [Fact]
    public async Task No_fix_when_the_list_is_not_declared_right_before_the_loop()
    {
        var source = Usings + Wrap("""
                public void M()
                {
                    var list = ctx.Orders.Where(x => x.Open).ToList();
                    Console.WriteLine("start");
                    {|#0:foreach (var o in list)|}
                        o.Open = false;
                    ctx.SaveChanges();
                }
            """) + Model;
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        TestSetup.Configure(test.TestState, EfProvider.Sqlite, null);
        test.ExpectedDiagnostics.Add(Diagnostic(0, "Order", "changed", "ExecuteUpdate"));
        await test.RunAsync();
    }

    [Fact]
    public async Task No_fix_when_the_saves_result_is_used()
    {
        var source = Usings + Wrap("""
                public int M()
                {
                    {|#0:foreach (var o in ctx.Orders.Where(x => x.Open))|}
                        o.Open = false;
                    return ctx.SaveChanges();
                }
            """) + Model;
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        TestSetup.Configure(test.TestState, EfProvider.Sqlite, null);
        test.ExpectedDiagnostics.Add(Diagnostic(0, "Order", "changed", "ExecuteUpdate"));
        await test.RunAsync();
    }

    [Fact]
    public Task Fix_all_across_documents() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + Wrap("""
                public void A() { {|DBP031:foreach (var o in ctx.Orders.Where(x => x.Open))|} o.Open = false; ctx.SaveChanges(); }
                public void B() { {|DBP031:foreach (var o in ctx.Orders.Where(x => x.Id > 5))|} ctx.Remove(o); ctx.SaveChanges(); }
            """) + Model,
            "using System.Linq;\npublic class Other\n{\n    public void M(Shop db) { {|DBP031:foreach (var c in db.Customers.Where(x => x.Name == \"\"))|} c.Name = \"?\"; db.SaveChanges(); }\n}\n",
        },
        new[]
        {
            Usings + Wrap("""
                public void A() { ctx.Orders.Where(x => x.Open).ExecuteUpdate(s => s.SetProperty(e => e.Open, false)); ctx.SaveChanges(); }
                public void B() { ctx.Orders.Where(x => x.Id > 5).ExecuteDelete(); ctx.SaveChanges(); }
            """) + Model,
            "using System.Linq;\nusing Microsoft.EntityFrameworkCore;\npublic class Other\n{\n    public void M(Shop db) { db.Customers.Where(x => x.Name == \"\").ExecuteUpdate(s => s.SetProperty(e => e.Name, \"?\")); db.SaveChanges(); }\n}\n",
        },
        RowByRowUpdateFixer.EquivalenceKey, EfProvider.Sqlite);

    // ---- EF Core agrees ----

    [Fact]
    public void EF_Core_marks_the_same_properties_as_concurrency_tokens()
    {
        var source = Usings + """
            public class Doc { public int Id { get; set; } [Timestamp] public byte[] Version { get; set; } = null!; }
            public class Ticket { public int Id { get; set; } public string State { get; set; } = ""; }
            public class Stock { public int Id { get; set; } [ConcurrencyCheck] public int Count { get; set; } }
            public class Meter { public int Id { get; set; } public int Reading { get; set; } }
            public class Plain { public int Id { get; set; } public string State { get; set; } = ""; }
            public class Off { public int Id { get; set; } public string State { get; set; } = ""; }
            public class TestContext : DbContext
            {
                public TestContext(DbContextOptions options) : base(options) { }
                public DbSet<Doc> Docs => Set<Doc>();
                public DbSet<Ticket> Tickets => Set<Ticket>();
                public DbSet<Stock> Stocks => Set<Stock>();
                public DbSet<Meter> Meters => Set<Meter>();
                public DbSet<Plain> Plains => Set<Plain>();
                public DbSet<Off> Offs => Set<Off>();
                protected override void OnModelCreating(ModelBuilder b)
                {
                    b.Entity<Ticket>().Property(t => t.State).IsConcurrencyToken();
                    b.Entity<Meter>().Property<uint>("Version").IsRowVersion();
                    b.Entity<Off>().Property(t => t.State).IsConcurrencyToken(false);
                }
            }
            """;
        var (real, error) = RealEfModel.Build(source);
        Assert.Null(error);
        var index = EfModel.For(RealEfModel.Compile(source), CancellationToken.None)!;
        var symbols = index.Symbols;
        foreach (var name in new[] { "Doc", "Ticket", "Stock", "Meter", "Plain", "Off" })
        {
            var realHasToken = real!.GetEntityTypes().Single(e => e.ClrType.Name == name).GetProperties().Any(p => p.IsConcurrencyToken);
            var entity = index.FindEntityByName(name)!;
            Assert.Equal(realHasToken, entity.HasConcurrencyToken(symbols));
        }

        Assert.True(index.FindEntityByName("Meter")!.HasConcurrencyToken(symbols));
        Assert.False(index.FindEntityByName("Plain")!.HasConcurrencyToken(symbols));
    }
}
