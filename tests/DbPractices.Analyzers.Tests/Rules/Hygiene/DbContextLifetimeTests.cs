using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Hygiene;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Hygiene;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Hygiene.DbContextLifetimeAnalyzer,
    DbPractices.CodeFixes.Rules.Hygiene.DbContextLifetimeFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Hygiene;

public class DbContextLifetimeTests
{
    private const string Usings = "using System;\nusing System.Linq;\nusing System.Collections.Generic;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\nusing Microsoft.Extensions.DependencyInjection;\n";

    private const string Loop = "is created in every iteration of a loop: each one opens a connection and starts with an empty change tracker; create it once before the loop (or once per batch)";
    private const string Singleton = "is registered as a singleton: one instance would serve every request on many threads, and a DbContext is not thread-safe; register it with AddDbContext (scoped)";

    private const string Context = """
        public class Order { public int Id { get; set; } public decimal Total { get; set; } }
        public class ShopContext : DbContext
        {
            public ShopContext() { }
            public ShopContext(DbContextOptions<ShopContext> options) : base(options) { }
            public DbSet<Order> Orders => Set<Order>();
        }
        """;

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<DbContextLifetimeAnalyzer>.VerifyAsync(new[] { Usings + Context + "\n" + source }, EfProvider.None, null, expected);

    private static DiagnosticResult Expect(int location, string reason, string context = "ShopContext") =>
        Verify.Diagnostic("DBP021").WithLocation(location).WithArguments(context, reason);

    [Fact]
    public Task Context_created_per_iteration_fires() => Analyze("""
        public class Importer
        {
            private readonly DbContextOptions<ShopContext> _options = null!;
            public void Run(List<int> ids)
            {
                foreach (var id in ids)
                {
                    using var db = {|#0:new ShopContext()|};
                    db.Orders.Find(id);
                }

                for (var i = 0; i < ids.Count; i++)
                {
                    var options = new DbContextOptionsBuilder<ShopContext>().Options;
                    using var db = {|#1:new ShopContext(options)|};
                }

                ids.ForEach(id => { using var db = {|#2:new ShopContext(_options)|}; db.Orders.Find(id); });
            }
        }
        """,
        Expect(0, Loop), Expect(1, Loop), Expect(2, Loop));

    [Fact]
    public Task Factory_pooled_and_per_iteration_contexts_are_silent() => Analyze("""
        public class Tenant { public string ConnectionString { get; set; } = ""; }
        public static class TenantDb { public static DbContextOptionsBuilder<T> UseTenantDb<T>(this DbContextOptionsBuilder<T> b, string cs) where T : DbContext => b; }
        public class Importer
        {
            private readonly IDbContextFactory<ShopContext> _factory = null!;
            public async Task Run(List<int> ids, List<Tenant> tenants, Dictionary<string, DbContextOptions<ShopContext>> byName)
            {
                for (var i = 0; i < ids.Count; i++)
                {
                    using var db = _factory.CreateDbContext();
                }

                var n = 0;
                while (n++ < ids.Count)
                {
                    await using var db = await _factory.CreateDbContextAsync();
                }

                foreach (var tenant in tenants)
                {
                    var builder = new DbContextOptionsBuilder<ShopContext>();
                    builder.UseTenantDb(tenant.ConnectionString);
                    using var db = new ShopContext(builder.Options);
                }

                foreach (var tenant in tenants)
                {
                    var options = new DbContextOptionsBuilder<ShopContext>().UseTenantDb(tenant.ConnectionString).Options;
                    using var db = new ShopContext(options);
                }

                foreach (var name in byName.Keys)
                {
                    using var db = new ShopContext(byName[name]);
                }

                var queue = new Queue<Tenant>(tenants);
                while (queue.TryDequeue(out var next))
                {
                    using var db = new ShopContext(new DbContextOptionsBuilder<ShopContext>().UseTenantDb(next.ConnectionString).Options);
                }

                foreach (var tenant in tenants)
                {
                    var pool = new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<ShopContext>(byName[tenant.ConnectionString]);
                    using var db = pool.CreateDbContext();
                }
            }
        }
        """);

    [Fact]
    public Task Context_created_in_entity_and_held_statically_fires() => Analyze("""
        public class Customer
        {
            public int Id { get; set; }
            public void Save() { using var db = {|#0:new ShopContext()|}; db.SaveChanges(); }
        }
        public static class Db
        {
            public static ShopContext {|#1:Shared|} = new();
            public static ShopContext {|#2:Current|} { get; set; } = null!;
            public static ShopContext Fresh => new ShopContext();
        }
        public class Crm : DbContext { public DbSet<Customer> Customers => Set<Customer>(); }
        """,
        Expect(0, "is created inside entity type 'Customer': entities should not open their own DbContext; load and save them from a service that owns one"),
        Expect(1, "is held in static field 'Shared': one instance is shared by every thread and its change tracker grows for the life of the process"),
        Expect(2, "is held in static property 'Current': one instance is shared by every thread and its change tracker grows for the life of the process"));

    [Fact]
    public Task Singleton_registrations_fire() => Analyze("""
        public static class Startup
        {
            public static void Configure(IServiceCollection services)
            {
                {|#0:services.AddSingleton<ShopContext>()|};
                {|#1:services.AddSingleton(typeof(ShopContext))|};
                {|#2:services.AddSingleton(sp => new ShopContext())|};
                {|#3:services.AddDbContext<ShopContext>(o => { }, ServiceLifetime.Singleton)|};
            }
        }
        """,
        Expect(0, Singleton), Expect(1, Singleton), Expect(2, Singleton),
        Expect(3, "is registered with ServiceLifetime.Singleton: a DbContext is not thread-safe and its change tracker grows for the life of the process; keep the default scoped lifetime"));

    [Fact]
    public Task Short_lived_contexts_batches_polling_and_scoped_registrations_are_silent() => Analyze("""
        public class Worker
        {
            private readonly ShopContext _db = new();
            public async Task Run(List<int> ids, IEnumerable<int[]> batches)
            {
                using var db = new ShopContext();
                foreach (var id in ids) { db.Orders.Find(id); }
                foreach (var batch in ids.Chunk(100)) { using var perBatch = new ShopContext(); }
                foreach (var chunk in batches) { using var perBatch = new ShopContext(); }
                Parallel.ForEach(ids, id => { using var perThread = new ShopContext(); });
                foreach (var id in ids) { Func<ShopContext> make = () => new ShopContext(); }
                while (true)
                {
                    using var poll = new ShopContext();
                    await Task.Delay(1000);
                }
            }
            public static void Configure(IServiceCollection services)
            {
                services.AddDbContext<ShopContext>();
                services.AddScoped<ShopContext>();
                services.AddDbContextFactory<ShopContext>();
                services.AddDbContext<ShopContext>(o => { }, ServiceLifetime.Scoped, ServiceLifetime.Singleton);
                services.AddSingleton<Worker>();
            }
        }
        """);

    [Fact]
    public Task Fix_registers_with_add_db_context_and_scoped_lifetime() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + Context + """

            public static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    {|DBP021:services.AddSingleton<ShopContext>()|};
                    {|DBP021:services.AddSingleton<ShopContext>()|}; // twice
                }
            }
            """,
        },
        new[]
        {
            Usings + Context + """

            public static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddDbContext<ShopContext>();
                    services.AddDbContext<ShopContext>(); // twice
                }
            }
            """,
        },
        DbContextLifetimeFixer.AddDbContextKey);

    [Fact]
    public Task Fix_uses_scoped_lifetime() => Verify.VerifyFixAsync(
        new[] { Usings + Context + "\npublic static class S { public static void C(IServiceCollection s) => {|DBP021:s.AddDbContext<ShopContext>(o => { }, ServiceLifetime.Singleton)|}; }" },
        new[] { Usings + Context + "\npublic static class S { public static void C(IServiceCollection s) => s.AddDbContext<ShopContext>(o => { }, ServiceLifetime.Scoped); }" },
        DbContextLifetimeFixer.ScopedKey);

    [Fact]
    public Task Fix_hoists_the_context_out_of_loops() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + Context + """

            public class Importer
            {
                public void Run(List<int> ids, string connection)
                {
                    // one order per id
                    foreach (var id in ids)
                    {
                        using var db = {|DBP021:new ShopContext()|};
                        db.Orders.Find(id);
                    }

                    for (var i = 0; i < 3; i++)
                    {
                        var other = {|DBP021:new ShopContext()|};
                        other.Orders.Find(i);
                    }
                }
            }
            """,
        },
        new[]
        {
            Usings + Context + """

            public class Importer
            {
                public void Run(List<int> ids, string connection)
                {
                    // one order per id
                    using var db = new ShopContext();
                    foreach (var id in ids)
                    {
                        db.Orders.Find(id);
                    }

                    var other = new ShopContext();
                    for (var i = 0; i < 3; i++)
                    {
                        other.Orders.Find(i);
                    }
                }
            }
            """,
        },
        DbContextLifetimeFixer.HoistKey);

    [Fact]
    public async Task No_hoist_when_the_context_depends_on_the_iteration_or_the_name_is_taken()
    {
        var source = Usings + Context + """

            public class Importer
            {
                public void Run(List<int> ids)
                {
                    foreach (var id in ids)
                    {
                        // one context per id on purpose (options built from the loop variable): not reported
                        using var db = new ShopContext(OptionsFor(id));
                    }

                    foreach (var id in ids)
                    {
                        using var db = {|DBP021:new ShopContext()|};
                    }
                }

                private static DbContextOptions<ShopContext> OptionsFor(int id) => new DbContextOptionsBuilder<ShopContext>().Options;
            }
            """;
        await Verify.VerifyFixAsync(new[] { source }, new[] { source }, DbContextLifetimeFixer.HoistKey);
    }
}
