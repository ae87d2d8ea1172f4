using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Queries;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Queries;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Queries.BulkOperationBypassesGuardsAnalyzer,
    DbPractices.CodeFixes.Rules.Queries.BulkOperationBypassesGuardsFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Queries;

public class BulkOperationBypassesGuardsTests
{
    private const string Usings = "using System;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\n";

    private const string Model = """

        public class Order { public int Id { get; set; } public bool Open { get; set; } public decimal Total { get; set; } }
        public class Post { public int Id { get; set; } public bool IsDeleted { get; set; } public string Title { get; set; } = ""; }
        public class Comment { public int Id { get; set; } public DateTime? DeletedAt { get; set; } }
        public class Audit { public int Id { get; set; } public DateTime At { get; set; } }
        public class Invoice { public int Id { get; set; } public int TenantId { get; set; } }
        public class Log { public int Id { get; set; } public bool Archived { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Post> Posts => Set<Post>();
            public DbSet<Comment> Comments => Set<Comment>();
            public DbSet<Audit> Audits => Set<Audit>();
            public DbSet<Invoice> Invoices => Set<Invoice>();
            public DbSet<Log> Logs => Set<Log>();
            protected override void OnModelCreating(ModelBuilder b)
            {
                b.Entity<Log>().HasQueryFilter(l => !l.Archived);
            }
        }
        """;

    private static Task Analyze(string body, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<BulkOperationBypassesGuardsAnalyzer>.VerifyAsync(new[] { Usings + Wrap(body) + Model }, EfProvider.Sqlite, null, expected);

    private static string Wrap(string body) => "public class Repo\n{\n    private readonly Shop ctx = new();\n" + body + "\n}\n";

    private static DiagnosticResult WholeTable(int location, string op, string entity, string verb) =>
        Verify.Diagnostic("DBP027").WithLocation(location)
            .WithArguments($"'{op}' has no predicate and '{entity}' has no query filter: it {verb} every row of the table");

    private static DiagnosticResult SoftDelete(int location, string op, string entity, string property) =>
        Verify.Diagnostic("DBP027").WithLocation(location)
            .WithArguments($"'{op}' physically deletes rows of soft-delete entity '{entity}' ('{property}'): it bypasses the soft delete the rest of the application relies on; set '{property}' with ExecuteUpdate instead");

    // ---- fires ----

    [Fact]
    public Task Bulk_operations_without_predicate_or_filter_fire() => Analyze("""
            public int M() => ctx.Orders.{|#0:ExecuteDelete|}();
            public Task<int> N(CancellationToken ct) => ctx.Set<Order>().AsNoTracking().{|#1:ExecuteUpdateAsync|}(s => s.SetProperty(o => o.Open, false), ct);
        """, WholeTable(0, "ExecuteDelete", "Order", "deletes"), WholeTable(1, "ExecuteUpdateAsync", "Order", "updates"));

    [Fact]
    public Task Ignoring_the_query_filter_makes_it_every_row() => Analyze("""
            public int M() => ctx.Logs.IgnoreQueryFilters().{|#0:ExecuteDelete|}();
        """, WholeTable(0, "ExecuteDelete", "Log", "deletes"));

    [Fact]
    public Task Through_a_local_fires() => Analyze("""
            public int M()
            {
                var all = ctx.Audits.OrderBy(a => a.At);
                return all.{|#0:ExecuteDelete|}();
            }
        """, WholeTable(0, "ExecuteDelete", "Audit", "deletes"));

    [Fact]
    public Task ExecuteDelete_on_a_soft_delete_entity_fires_even_with_a_predicate() => Analyze("""
            public int M(int id) => ctx.Posts.Where(p => p.Id == id).{|#0:ExecuteDelete|}();
            public Task<int> N() => ctx.Comments.Where(c => c.Id > 10).{|#1:ExecuteDeleteAsync|}();
        """, SoftDelete(0, "ExecuteDelete", "Post", "IsDeleted"), SoftDelete(1, "ExecuteDeleteAsync", "Comment", "DeletedAt"));

    // ---- silent ----

    [Fact]
    public Task Predicates_limits_filters_tenants_and_unknown_sources_are_silent() => Analyze("""
            public int A(int id) => ctx.Orders.Where(o => o.Id == id).ExecuteDelete();
            public int B() => ctx.Orders.Take(100).ExecuteDelete();
            public int C() => ctx.Logs.ExecuteDelete();
            public int D() => ctx.Invoices.ExecuteDelete();
            public int E(IQueryable<Order> orders) => orders.ExecuteDelete();
            public int F(int id) => ctx.Posts.Where(p => p.Id == id).ExecuteUpdate(s => s.SetProperty(p => p.IsDeleted, true));
            public int G(DateTime cutoff) => ctx.Comments.Where(c => c.DeletedAt < cutoff).ExecuteDelete();
            public int H() => ctx.Posts.IgnoreQueryFilters().Where(p => p.IsDeleted).ExecuteDelete();
        """);

    // ---- fix ----

    [Fact]
    public Task Fix_rewrites_ExecuteDelete_to_ExecuteUpdate_setting_the_soft_delete_property() => Verify.VerifyFixAsync(
        new[] { Usings + Wrap("""
                public int M(int id) => ctx.Posts.Where(p => p.Id == id).{|DBP027:ExecuteDelete|}();
                public Task<int> N(CancellationToken ct) =>
                    ctx.Comments
                        .Where(c => c.Id > 10)
                        .{|DBP027:ExecuteDeleteAsync|}(ct);
            """) + Model },
        new[] { Usings + Wrap("""
                public int M(int id) => ctx.Posts.Where(p => p.Id == id).ExecuteUpdate(s => s.SetProperty(e => e.IsDeleted, true));
                public Task<int> N(CancellationToken ct) =>
                    ctx.Comments
                        .Where(c => c.Id > 10)
                        .ExecuteUpdateAsync(s => s.SetProperty(e => e.DeletedAt, DateTime.UtcNow), ct);
            """) + Model },
        BulkOperationBypassesGuardsFixer.EquivalenceKey, EfProvider.Sqlite);

    [Fact]
    public Task Fix_qualifies_DateTime_and_avoids_names_in_scope() => Verify.VerifyFixAsync(
        new[] { "using System.Linq;\nusing Microsoft.EntityFrameworkCore;\n" + Wrap("""
                public int M(int s) => ctx.Comments.Where(c => c.Id == s).{|DBP027:ExecuteDelete|}();
            """) + Model.Replace("DateTime?", "System.DateTime?").Replace("DateTime At", "System.DateTime At") },
        new[] { "using System.Linq;\nusing Microsoft.EntityFrameworkCore;\n" + Wrap("""
                public int M(int s) => ctx.Comments.Where(c => c.Id == s).ExecuteUpdate(e => e.SetProperty(x => x.DeletedAt, System.DateTime.UtcNow));
            """) + Model.Replace("DateTime?", "System.DateTime?").Replace("DateTime At", "System.DateTime At") },
        BulkOperationBypassesGuardsFixer.EquivalenceKey, EfProvider.Sqlite);

    [Fact]
    public async Task No_fix_for_the_whole_table_case()
    {
        var source = Usings + Wrap("""
                public int M() => ctx.Orders.{|#0:ExecuteDelete|}();
            """) + Model;
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        TestSetup.Configure(test.TestState, EfProvider.Sqlite, null);
        test.ExpectedDiagnostics.Add(WholeTable(0, "ExecuteDelete", "Order", "deletes"));
        await test.RunAsync();
    }

    [Fact]
    public Task Fix_all_across_documents() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + Wrap("""
                public int M() => ctx.Posts.Where(p => p.Title == "").{|DBP027:ExecuteDelete|}();
                public int N() => ctx.Comments.Where(c => c.Id < 0).{|DBP027:ExecuteDelete|}();
            """) + Model,
            Usings + "public class Other\n{\n    public int M(Shop db) => db.Posts.Where(p => p.Id < 5).{|DBP027:ExecuteDelete|}();\n}\n",
        },
        new[]
        {
            Usings + Wrap("""
                public int M() => ctx.Posts.Where(p => p.Title == "").ExecuteUpdate(s => s.SetProperty(e => e.IsDeleted, true));
                public int N() => ctx.Comments.Where(c => c.Id < 0).ExecuteUpdate(s => s.SetProperty(e => e.DeletedAt, DateTime.UtcNow));
            """) + Model,
            Usings + "public class Other\n{\n    public int M(Shop db) => db.Posts.Where(p => p.Id < 5).ExecuteUpdate(s => s.SetProperty(e => e.IsDeleted, true));\n}\n",
        },
        BulkOperationBypassesGuardsFixer.EquivalenceKey, EfProvider.Sqlite);
}
