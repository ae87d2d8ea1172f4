using System;
using System.Linq;
using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Queries;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Queries;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Queries.WholeEntityLoadedForFewColumnsAnalyzer,
    DbPractices.CodeFixes.Rules.Queries.WholeEntityLoadedForFewColumnsFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Queries;

public class WholeEntityLoadedForFewColumnsTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\n";

    private const string Model = """

        public class User
        {
            public int Id { get; set; }
            public string Email { get; set; } = "";
            public string Name { get; set; } = "";
            public DateTime CreatedAt { get; set; }
            public bool Active { get; set; }
            public string Bio { get; set; } = "";
            [System.ComponentModel.DataAnnotations.Schema.NotMapped] public string Display => Name + " <" + Email + ">";
            public List<Order> Orders { get; set; } = new();
            public override string ToString() => Name;
        }
        public class Order { public int Id { get; set; } public int UserId { get; set; } public User User { get; set; } = null!; public decimal Total { get; set; } }
        public class Tag { public int Id { get; set; } public string Name { get; set; } = ""; public string Slug { get; set; } = ""; public int Uses { get; set; } }
        [Keyless] public class UserView { public int Id { get; set; } public string Email { get; set; } = ""; public string Name { get; set; } = ""; public int A { get; set; } public int B { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<User> Users => Set<User>();
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Tag> Tags => Set<Tag>();
            public DbSet<UserView> UserViews => Set<UserView>();
        }
        """;

    private static Task Analyze(string body, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<WholeEntityLoadedForFewColumnsAnalyzer>.VerifyAsync(new[] { Usings + Wrap(body) + Model }, EfProvider.Sqlite, null, expected);

    private static string Wrap(string body) => "public class Repo\n{\n    private readonly Shop ctx = new();\n" + body + "\n}\n";

    private static DiagnosticResult Few(int location, string what, string columns, string entity = "User", int count = 6) =>
        Verify.Diagnostic("DBP029").WithLocation(location)
            .WithArguments(what, entity, count, columns);

    private static Task Fix(string before, string after) =>
        Verify.VerifyFixAsync(new[] { Usings + Wrap(before) + Model }, new[] { Usings + Wrap(after) + Model }, WholeEntityLoadedForFewColumnsFixer.EquivalenceKey, EfProvider.Sqlite);

    // ---- fires ----

    [Fact]
    public Task Single_row_read_for_one_or_two_columns_fires() => Analyze("""
            public string A(int id)
            {
                var user = ctx.Users.{|#0:First|}(u => u.Id == id);
                return user.Email;
            }
            public async Task<string> B(int id, CancellationToken ct)
            {
                var user = await ctx.Users.Where(u => u.Id == id).{|#1:SingleAsync|}(ct).ConfigureAwait(false);
                return user.Name + " " + user.Email + user.Name;
            }
            public void C()
            {
                var user = ctx.Users.OrderBy(u => u.CreatedAt).{|#2:LastOrDefault|}();
                if (user is null) return;
                Console.WriteLine(user?.Email);
            }
        """, Few(0, "First", "'Email'"), Few(1, "SingleAsync", "'Name' and 'Email'"), Few(2, "LastOrDefault", "'Email'"));

    [Fact]
    public Task Lists_only_iterated_and_foreach_over_the_query_fire() => Analyze("""
            public async Task A()
            {
                var users = await ctx.Users.Where(u => u.Active).{|#0:ToListAsync|}();
                Console.WriteLine(users.Count);
                foreach (var user in users) Console.WriteLine(user.Email);
            }
            public void B()
            {
                foreach (var user in {|#1:ctx.Users.Where(u => u.Active)|}) Console.WriteLine(user.Name + user.Id);
                foreach (var user in ctx.Users.{|#2:ToArray|}()) Console.WriteLine(user.Bio);
            }
            public void C()
            {
                var q = ctx.Users.AsNoTracking();
                foreach (var user in {|#3:q|}) Console.WriteLine(user.Email);
            }
        """, Few(0, "ToListAsync", "'Email'"), Few(1, "foreach", "'Name' and 'Id'"), Few(2, "ToArray", "'Bio'"), Few(3, "foreach", "'Email'"));

    [Fact]
    public Task Reads_inside_lambdas_and_as_arguments_are_reads() => Analyze("""
            public List<Order> A(string email)
            {
                var user = ctx.Users.{|#0:Single|}(u => u.Email == email);
                Console.WriteLine(user.Name);
                return ctx.Orders.Where(o => o.UserId == user.Id).ToList();
            }
        """, Few(0, "Single", "'Name' and 'Id'"));

    [Fact]
    public Task Throw_when_missing_and_await_foreach_fire() => Analyze("""
            public async Task<string> A(int id)
            {
                var user = await ctx.Users.{|#0:FirstOrDefaultAsync|}(u => u.Id == id) ?? throw new InvalidOperationException();
                return user.Email;
            }
            public async Task B()
            {
                await foreach (var user in {|#1:ctx.Users.AsAsyncEnumerable()|}) Console.WriteLine(user.Bio);
            }
        """, Few(0, "FirstOrDefaultAsync", "'Email'"), Few(1, "foreach", "'Bio'"));

    // ---- silent ----

    [Fact]
    public Task Any_other_use_of_the_entity_is_silent() => Analyze("""
            public User A() { var u = ctx.Users.First(); Console.WriteLine(u.Email); return u; }
            public void B() { var u = ctx.Users.First(); u.Email = "x"; ctx.SaveChanges(); }
            public void C() { var u = ctx.Users.First(); Console.WriteLine(u); }
            public void D() { var u = ctx.Users.First(); Console.WriteLine($"{u}"); }
            public void E() { var u = ctx.Users.First(); Console.WriteLine(u.Equals(null)); }
            public void F() { var u = ctx.Users.First(); var v = ctx.Users.First(); Console.WriteLine(u == v); }
            public void G() { var u = ctx.Users.First(); ctx.Remove(u); }
            public void H() { var u = ctx.Users.First(); Console.WriteLine(u.Display); }
            public void I() { var u = ctx.Users.First(); Console.WriteLine(u?.Orders.Count); }
            public void J() { var u = ctx.Users.First(); Console.WriteLine(u.Orders.Count); }
            public void K() { var u = ctx.Users.First(); Console.WriteLine(u.Email + u.Name + u.Bio); }
            public void L() { var u = ctx.Users.First(); u = null; }
            public void M() { var u = ctx.Users.First(); u.Id++; }
            private User? field;
            public void N() { var u = ctx.Users.First(); field = u; }
            public void O() { var u = ctx.Users.First(); Console.WriteLine(u.ToString()); }
            public void P() { var u = ctx.Users.First(); }
            public void Q() { var u = ctx.Users.First(); if (u != null) Console.WriteLine("found"); }
        """);

    [Fact]
    public Task Find_projections_includes_narrow_keyless_and_unknown_queries_are_silent() => Analyze("""
            public void A(int id) { var u = ctx.Users.Find(id)!; Console.WriteLine(u.Email); }
            public void B() { var e = ctx.Users.Select(u => u.Email).First(); Console.WriteLine(e.Length); }
            public void C() { var u = ctx.Users.Include(x => x.Orders).First(); Console.WriteLine(u.Email); }
            public void D() { var t = ctx.Tags.First(); Console.WriteLine(t.Name); }
            public void E() { var v = ctx.UserViews.First(); Console.WriteLine(v.Email); }
            public void F(IQueryable<User> users) { var u = users.First(); Console.WriteLine(u.Email); }
            public void G() { var u = ctx.Users.FromSqlRaw("select * from Users").First(); Console.WriteLine(u.Email); }
            public void H(List<User> users) { var u = users.First(); Console.WriteLine(u.Email); }
            public void I() { var o = ctx.Orders.First(); Console.WriteLine(o.User.Email); }
        """);

    [Fact]
    public Task Lists_used_otherwise_and_loops_that_use_the_entity_are_silent() => Analyze("""
            public List<User> A() { var users = ctx.Users.ToList(); foreach (var u in users) Console.WriteLine(u.Email); return users; }
            public void B() { var users = ctx.Users.ToList(); Console.WriteLine(users.Count); }
            public void C() { foreach (var u in ctx.Users) u.Active = false; ctx.SaveChanges(); }
            public void D() { var users = ctx.Users.ToList(); foreach (var u in users) Console.WriteLine(u.Email); Console.WriteLine(users.First().Name); }
            public void E() { foreach (var u in ctx.Users.ToList()) ctx.Remove(u); }
            public void F(List<User> sink) { foreach (var u in ctx.Users) sink.Add(u); }
        """);

    // ---- fix ----

    [Fact]
    public Task Fix_one_column_moves_the_predicate_and_reads_the_value() => Fix("""
                public async Task<string> A(int id, CancellationToken ct)
                {
                    var user = await ctx.Users
                        .AsNoTracking()
                        .{|DBP029:FirstAsync|}(u => u.Id == id, ct);
                    return user.Email.Trim();
                }
            """, """
                public async Task<string> A(int id, CancellationToken ct)
                {
                    var user = await ctx.Users
                        .AsNoTracking()
                        .Where(u => u.Id == id)
                        .Select(u => u.Email)
                        .FirstAsync(ct);
                    return user.Trim();
                }
            """);

    [Fact]
    public Task Fix_two_columns_projects_an_anonymous_type_and_keeps_the_reads() => Fix("""
                public string A(int id)
                {
                    var user = ctx.Users.{|DBP029:Single|}(u => u.Id == id);
                    return user.Name + user.Email;
                }
            """, """
                public string A(int id)
                {
                    var user = ctx.Users.Where(u => u.Id == id).Select(u => new { u.Name, u.Email }).Single();
                    return user.Name + user.Email;
                }
            """);

    [Fact]
    public Task Fix_null_checked_single_column_keeps_the_entity_shape() => Fix("""
                public string? A(int id)
                {
                    var found = ctx.Users.{|DBP029:FirstOrDefault|}(x => x.Id == id);
                    if (found == null) return null;
                    return found.Name;
                }
            """, """
                public string? A(int id)
                {
                    var found = ctx.Users.Where(x => x.Id == id).Select(u => new { u.Name }).FirstOrDefault();
                    if (found == null) return null;
                    return found.Name;
                }
            """);

    [Fact]
    public Task Fix_throw_when_missing_keeps_the_null_meaning() => Fix("""
                public async Task<int> A(string email)
                {
                    var user = await ctx.Users.{|DBP029:SingleOrDefaultAsync|}(u => u.Email == email) ?? throw new InvalidOperationException();
                    return user.Id;
                }
            """, """
                public async Task<int> A(string email)
                {
                    var user = await ctx.Users.Where(u => u.Email == email).Select(u => new { u.Id }).SingleOrDefaultAsync() ?? throw new InvalidOperationException();
                    return user.Id;
                }
            """);

    [Fact]
    public Task Fix_lists_and_loops_project_the_query() => Fix("""
                public void A()
                {
                    var users = ctx.Users.Where(u => u.Active).{|DBP029:ToList|}();
                    foreach (var user in users)
                    {
                        Console.WriteLine(user.Email);
                    }
                }
                public void B()
                {
                    foreach (var user in {|DBP029:ctx.Users|})
                        Console.WriteLine(user.Name + user.Id);
                }
            """, """
                public void A()
                {
                    var users = ctx.Users.Where(u => u.Active).Select(u => u.Email).ToList();
                    foreach (var user in users)
                    {
                        Console.WriteLine(user);
                    }
                }
                public void B()
                {
                    foreach (var user in ctx.Users.Select(u => new { u.Name, u.Id }))
                        Console.WriteLine(user.Name + user.Id);
                }
            """);

    [Fact]
    public Task Fix_adds_System_Linq_and_avoids_names_in_scope() => Verify.VerifyFixAsync(
        new[] { "using System;\nusing System.Collections.Generic;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\n" + Wrap("""
                public async Task<int> A(string u)
                {
                    var user = await ctx.Users.{|DBP029:SingleAsync|}(x => x.Email == u);
                    return user.Id;
                }
            """) + Model },
        new[] { "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\n" + Wrap("""
                public async Task<int> A(string u)
                {
                    var user = await ctx.Users.Where(x => x.Email == u).Select(e => e.Id).SingleAsync();
                    return user;
                }
            """) + Model },
        WholeEntityLoadedForFewColumnsFixer.EquivalenceKey, EfProvider.Sqlite);

    [Fact]
    public async Task No_fix_for_explicitly_typed_locals_async_enumerables_and_static_calls()
    {
        var source = Usings + Wrap("""
                public string A() { User user = ctx.Users.{|#0:First|}(); return user.Email; }
                public async Task B() { await foreach (var user in {|#1:ctx.Users.AsAsyncEnumerable()|}) Console.WriteLine(user.Bio); }
                public string C() { var user = Queryable.{|#2:First|}(ctx.Users); return user.Email; }
            """) + Model;
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        TestSetup.Configure(test.TestState, EfProvider.Sqlite, null);
        test.ExpectedDiagnostics.Add(Few(0, "First", "'Email'"));
        test.ExpectedDiagnostics.Add(Few(1, "foreach", "'Bio'"));
        test.ExpectedDiagnostics.Add(Few(2, "First", "'Email'"));
        await test.RunAsync();
    }

    [Fact]
    public Task Fix_all_across_documents() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + Wrap("""
                public string A() { var u = ctx.Users.{|DBP029:First|}(); return u.Email; }
                public int B() { var u = ctx.Users.{|DBP029:First|}(x => x.Active); return u.Id; }
            """) + Model,
            "using System;\nusing Microsoft.EntityFrameworkCore;\npublic class Other\n{\n    public void M(Shop db) { foreach (var u in {|DBP029:db.Users|}) Console.WriteLine(u.Bio); }\n}\n",
        },
        new[]
        {
            Usings + Wrap("""
                public string A() { var u = ctx.Users.Select(e => e.Email).First(); return u; }
                public int B() { var u = ctx.Users.Where(x => x.Active).Select(e => e.Id).First(); return u; }
            """) + Model,
            "using System;\nusing System.Linq;\nusing Microsoft.EntityFrameworkCore;\npublic class Other\n{\n    public void M(Shop db) { foreach (var u in db.Users.Select(u => u.Bio)) Console.WriteLine(u); }\n}\n",
        },
        WholeEntityLoadedForFewColumnsFixer.EquivalenceKey, EfProvider.Sqlite);
}

/// <summary>
/// DBP029 claims how many mapped columns an entity has (and reports only from five): EF Core's real model of the same
/// source must count the same non-shadow properties, and the rule must fire exactly when that count is five or more.
/// </summary>
public class WholeEntityLoadedForFewColumnsAgreementTests
{
    private const string Head = "using System;\nusing System.Linq;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing System.ComponentModel.DataAnnotations.Schema;\n";

    private static string Context(string onModelCreating = "") =>
        "public class TestContext : DbContext { public TestContext(DbContextOptions options) : base(options) { } public DbSet<P> Ps => Set<P>(); " +
        "public string Read() { var p = Ps.First(); return p.A; } " +
        "protected override void OnModelCreating(ModelBuilder b) { " + onModelCreating + " } }";

    public static TheoryData<string, string> Models() => new()
    {
        { "five plain columns", "public class P { public int Id { get; set; } public string A { get; set; } = \"\"; public string B { get; set; } = \"\"; public int C { get; set; } public DateTime D { get; set; } }" + Context() },
        { "[NotMapped], computed and navigation members do not count", "public class Q { public int Id { get; set; } } public class P { public int Id { get; set; } public string A { get; set; } = \"\"; public int B { get; set; } [NotMapped] public int C { get; set; } public int D => B * 2; public Q Q { get; set; } = null!; public List<Q> Qs { get; set; } = new(); }" + Context() },
        { "a foreign-key property counts", "public class Q { public int Id { get; set; } } public class P { public int Id { get; set; } public string A { get; set; } = \"\"; public int B { get; set; } public int C { get; set; } public int QId { get; set; } public Q Q { get; set; } = null!; }" + Context() },
        { "fluent Ignore removes a column", "public class P { public int Id { get; set; } public string A { get; set; } = \"\"; public string B { get; set; } = \"\"; public int C { get; set; } public DateTime D { get; set; } }" + Context("b.Entity<P>().Ignore(p => p.D);") },
        { "private setters are mapped", "public class P { public int Id { get; private set; } public string A { get; private set; } = \"\"; public string B { get; private set; } = \"\"; public int C { get; private set; } public DateTime D { get; private set; } }" + Context() },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Mapped_column_count_agrees_with_EF_Core(string name, string model)
    {
        var source = Head + model;
        var (efModel, error) = RealEfModel.Build(source);
        Assert.True(error is null, $"{name}: {error?.Message}");
        var entityType = efModel!.GetEntityTypes().Single(e => e.ClrType.Name == "P");
        var columns = entityType.GetProperties().Count(p => p.PropertyInfo is not null || p.FieldInfo is not null);

        var diagnostics = await AnalyzerRunner.RunAsync(RealEfModel.Compile(source), new WholeEntityLoadedForFewColumnsAnalyzer());
        if (columns >= WholeEntityLoadedForFewColumnsAnalyzer.MinimumColumns)
        {
            var diagnostic = Assert.Single(diagnostics);
            Assert.Contains($"({columns} mapped columns)", diagnostic.GetMessage(), StringComparison.Ordinal);
        }
        else
        {
            Assert.True(diagnostics.IsEmpty, $"{name}: EF Core maps {columns} columns, the analyzer reports: {string.Join("; ", diagnostics.Select(d => d.GetMessage()))}");
        }
    }
}
