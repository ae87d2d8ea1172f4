using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Hygiene;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Hygiene;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Hygiene.UntrackedEntitySavedAnalyzer,
    DbPractices.CodeFixes.Rules.Hygiene.UntrackedEntitySavedFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Hygiene;

public class UntrackedEntitySavedTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading.Tasks;\nusing System.ComponentModel.DataAnnotations.Schema;\nusing Microsoft.EntityFrameworkCore;\n";

    private const string Model = """

        public class Order
        {
            public int Id { get; set; }
            public string Status { get; set; } = "";
            public int Version { get; set; }
            [NotMapped] public string Display { get; set; } = "";
            public List<Line> Lines { get; set; } = new();
        }
        public class Line { public int Id { get; set; } public int OrderId { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
        }
        """;

    private static Task Analyze(string body, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<UntrackedEntitySavedAnalyzer>.VerifyAsync(new[] { Usings + Wrap(body) + Model }, EfProvider.Sqlite, null, expected);

    private static string Wrap(string body) => "public class Service\n{\n    private readonly Shop ctx = new();\n" + body + "\n}\n";

    private static DiagnosticResult Diagnostic(int location, string local, string how, string save) =>
        Verify.Diagnostic("DBP025").WithLocation(location).WithArguments(local, how, save);

    // ---- fires ----

    [Fact]
    public Task Changing_an_untracked_entity_then_saving_fires() => Analyze("""
            public async Task M(int id)
            {
                var order = await ctx.Orders.AsNoTracking().FirstAsync(o => o.Id == id);
                {|#0:order.Status = "Shipped"|};
                order.Version++;
                await ctx.SaveChangesAsync();
            }
            public void N(Shop db)
            {
                var q = db.Orders.AsNoTrackingWithIdentityResolution().Where(o => o.Status == "New");
                foreach (var order in q.ToList())
                {
                    {|#1:order.Lines.Add(new Line())|};
                }
                db.SaveChanges();
            }
        """,
        Diagnostic(0, "order", "AsNoTracking()", "SaveChangesAsync"),
        Diagnostic(1, "order", "AsNoTrackingWithIdentityResolution()", "SaveChanges"));

    // ---- silent ----

    [Fact]
    public Task Tracked_attached_handed_over_unmapped_projected_and_other_contexts_are_silent() => Analyze("""
            public void A(int id)
            {
                var order = ctx.Orders.First(o => o.Id == id);
                order.Status = "x";
                ctx.SaveChanges();
            }
            public void B(int id)
            {
                var order = ctx.Orders.AsNoTracking().First(o => o.Id == id);
                order.Status = "x";
                ctx.Update(order);
                ctx.SaveChanges();
            }
            public void C(int id)
            {
                var order = ctx.Orders.AsNoTracking().First(o => o.Id == id);
                order.Status = "x";
                Audit(order);
                ctx.SaveChanges();
            }
            public void D(int id)
            {
                var order = ctx.Orders.AsNoTracking().First(o => o.Id == id);
                order.Display = "x";
                ctx.SaveChanges();
            }
            public void E(int id, Shop other)
            {
                var order = ctx.Orders.AsNoTracking().First(o => o.Id == id);
                order.Status = "x";
                other.SaveChanges();
            }
            public void F(int id)
            {
                var order = ctx.Orders.AsNoTracking().First(o => o.Id == id);
                order.Status = "x";
                ctx.Entry(order).State = EntityState.Modified;
                ctx.SaveChanges();
            }
            public void G(int id)
            {
                var order = ctx.Orders.AsNoTracking().AsTracking().First(o => o.Id == id);
                order.Status = "x";
                ctx.SaveChanges();
            }
            public void H(int id)
            {
                var order = ctx.Orders.AsNoTracking().First(o => o.Id == id);
                order.Status = "x";
            }
            private static void Audit(Order order) { }
        """);

    // ---- fixes ----

    [Fact]
    public Task Fix_removes_AsNoTracking() => Verify.VerifyFixAsync(
        new[] { Usings + Wrap("""
                public async Task M(int id)
                {
                    var order = await ctx.Orders.AsNoTracking().FirstAsync(o => o.Id == id);
                    {|DBP025:order.Status = "Shipped"|};
                    await ctx.SaveChangesAsync();
                }
            """) + Model },
        new[] { Usings + Wrap("""
                public async Task M(int id)
                {
                    var order = await ctx.Orders.FirstAsync(o => o.Id == id);
                    order.Status = "Shipped";
                    await ctx.SaveChangesAsync();
                }
            """) + Model },
        UntrackedEntitySavedFixer.RemoveAsNoTrackingKey, EfProvider.Sqlite);

    [Fact]
    public Task Fix_calls_Update_before_saving() => Verify.VerifyFixAsync(
        new[] { Usings + Wrap("""
                public void M(int id)
                {
                    var order = ctx.Orders.AsNoTracking().First(o => o.Id == id);
                    {|DBP025:order.Status = "Shipped"|};
                    // persist
                    ctx.SaveChanges();
                }
            """) + Model },
        new[] { Usings + Wrap("""
                public void M(int id)
                {
                    var order = ctx.Orders.AsNoTracking().First(o => o.Id == id);
                    order.Status = "Shipped";
                    // persist
                    ctx.Update(order);
                    ctx.SaveChanges();
                }
            """) + Model },
        UntrackedEntitySavedFixer.UpdateBeforeSaveKey, EfProvider.Sqlite);

    [Fact]
    public Task Fix_all_removes_AsNoTracking_in_each_method() => Verify.VerifyFixAsync(
        new[] { Usings + Wrap("""
                public void M(int id)
                {
                    var order = ctx.Orders.AsNoTracking().First(o => o.Id == id);
                    {|DBP025:order.Status = "a"|};
                    ctx.SaveChanges();
                }
                public void N(Shop db)
                {
                    foreach (var order in db.Orders.AsNoTracking().ToList())
                    {
                        {|DBP025:order.Version = 2|};
                    }
                    db.SaveChanges();
                }
            """) + Model },
        new[] { Usings + Wrap("""
                public void M(int id)
                {
                    var order = ctx.Orders.First(o => o.Id == id);
                    order.Status = "a";
                    ctx.SaveChanges();
                }
                public void N(Shop db)
                {
                    foreach (var order in db.Orders.ToList())
                    {
                        order.Version = 2;
                    }
                    db.SaveChanges();
                }
            """) + Model },
        UntrackedEntitySavedFixer.RemoveAsNoTrackingKey, EfProvider.Sqlite);

    // ---- a context whose default is not to track ----

    private const string NoTrackingContexts = """

        public class ReadDb : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        }
        public class ReportDb : ReadDb { }
        public class CtorDb : DbContext
        {
            public CtorDb() { ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTrackingWithIdentityResolution; }
            public DbSet<Order> Orders => Set<Order>();
            public void Track() { ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking; }
        }
        public class RegisteredDb : DbContext
        {
            public RegisteredDb(DbContextOptions<RegisteredDb> options) : base(options) { }
            public DbSet<Order> Orders => Set<Order>();
        }
        public class HelperDb : DbContext
        {
            public HelperDb(DbContextOptions<HelperDb> options) : base(options) { }
            public DbSet<Order> Orders => Set<Order>();
        }
        public class Registration
        {
            public static void Add(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
                Microsoft.Extensions.DependencyInjection.EntityFrameworkServiceCollectionExtensions.AddDbContext<RegisteredDb>(services,
                    o => o.UseSqlite("Data Source=x").UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));
            public static void Shared(DbContextOptionsBuilder o) => o.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        }
        """;

    [Fact]
    public Task A_context_that_does_not_track_by_default_fires() =>
        AnalyzerVerifier<UntrackedEntitySavedAnalyzer>.VerifyAsync(new[] { Usings + """
            public class Service
            {
                public void M(ReadDb db, ReportDb report, CtorDb ctor, RegisteredDb registered, int id)
                {
                    var a = db.Orders.First(o => o.Id == id);
                    {|#0:a.Status = "x"|};
                    db.SaveChanges();
                    var b = report.Orders.First(o => o.Id == id);
                    {|#1:b.Status = "x"|};
                    report.SaveChanges();
                    var c = ctor.Orders.Single(o => o.Id == id);
                    {|#2:c.Version++|};
                    ctor.SaveChanges();
                    var d = registered.Orders.First(o => o.Id == id);
                    {|#3:d.Status = "x"|};
                    registered.SaveChanges();
                }
            }
            """ + NoTrackingContexts + Model }, EfProvider.Sqlite, null,
            Diagnostic(0, "a", "its context's default QueryTrackingBehavior.NoTracking", "SaveChanges"),
            Diagnostic(1, "b", "its context's default QueryTrackingBehavior.NoTracking", "SaveChanges"),
            Diagnostic(2, "c", "its context's default QueryTrackingBehavior.NoTracking", "SaveChanges"),
            Diagnostic(3, "d", "its context's default QueryTrackingBehavior.NoTracking", "SaveChanges"));

    [Fact]
    public Task Tracking_queries_tracking_contexts_and_options_of_no_known_context_are_silent() =>
        AnalyzerVerifier<UntrackedEntitySavedAnalyzer>.VerifyAsync(new[] { Usings + """
            public class Service
            {
                public void M(ReadDb db, HelperDb helper, Shop shop, int id)
                {
                    var a = db.Orders.AsTracking().First(o => o.Id == id);
                    a.Status = "x";
                    db.SaveChanges();
                    var b = helper.Orders.First(o => o.Id == id);
                    b.Status = "x";
                    helper.SaveChanges();
                    var c = shop.Orders.First(o => o.Id == id);
                    c.Status = "x";
                    shop.SaveChanges();
                    var d = db.Orders.First(o => o.Id == id);
                    d.Status = "x";
                    db.Update(d);
                    db.SaveChanges();
                }
            }
            """ + NoTrackingContexts + Model }, EfProvider.Sqlite, null);

    [Fact]
    public Task Fix_for_a_no_tracking_context_calls_Update_before_saving() => Verify.VerifyFixAsync(
        new[] { Usings + """
            public class Service
            {
                public void M(ReadDb db, int id)
                {
                    var order = db.Orders.First(o => o.Id == id);
                    {|DBP025:order.Status = "Shipped"|};
                    db.SaveChanges();
                }
            }
            """ + NoTrackingContexts + Model },
        new[] { Usings + """
            public class Service
            {
                public void M(ReadDb db, int id)
                {
                    var order = db.Orders.First(o => o.Id == id);
                    order.Status = "Shipped";
                    db.Update(order);
                    db.SaveChanges();
                }
            }
            """ + NoTrackingContexts + Model },
        UntrackedEntitySavedFixer.UpdateBeforeSaveKey, EfProvider.Sqlite);
}
