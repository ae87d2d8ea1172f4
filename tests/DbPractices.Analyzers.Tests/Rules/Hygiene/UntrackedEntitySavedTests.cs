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
}
