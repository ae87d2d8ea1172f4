using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Loops;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Loops;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Loops.SaveChangesInLoopAnalyzer,
    DbPractices.CodeFixes.Rules.Loops.SaveChangesInLoopFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Loops;

public class SaveChangesInLoopTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\n";

    private const string Model = """
        public class Item { public int Id { get; set; } public string Name { get; set; } = ""; public bool Done { get; set; } }
        public class Shop : DbContext { public DbSet<Item> Items => Set<Item>(); }
        """;

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<SaveChangesInLoopAnalyzer>.VerifyAsync(new[] { Usings + Model + source }, EfProvider.Sqlite, null, expected);

    private static Task Fix(string source, string fixedSource) =>
        Verify.VerifyFixAsync(new[] { Usings + Model + source }, new[] { Usings + Model + fixedSource }, SaveChangesInLoopFixer.MoveAfterLoopKey, EfProvider.Sqlite);

    private static DiagnosticResult Diagnostic(int location, string method = "SaveChanges") =>
        Verify.Diagnostic("DBP010").WithLocation(location).WithArguments(method);

    // ---- fires ----

    [Fact]
    public Task Foreach_with_trailing_save_fires_and_moves_after_loop() => Fix("""
        public class Importer
        {
            public void Import(Shop ctx, List<string> names)
            {
                foreach (var name in names)
                {
                    ctx.Items.Add(new Item { Name = name });
                    // commit the row
                    {|DBP010:ctx.SaveChanges()|};
                }
            }
        }
        """, """
        public class Importer
        {
            public void Import(Shop ctx, List<string> names)
            {
                foreach (var name in names)
                {
                    ctx.Items.Add(new Item { Name = name });
                }
                // commit the row
                ctx.SaveChanges();
            }
        }
        """);

    [Fact]
    public Task Async_save_in_await_foreach_keeps_await_and_arguments() => Fix("""
        public class Importer
        {
            public async Task Import(Shop ctx, IAsyncEnumerable<string> names, CancellationToken ct)
            {
                await foreach (var name in names)
                {
                    ctx.Items.Add(new Item { Name = name });
                    await {|DBP010:ctx.SaveChangesAsync(ct)|}.ConfigureAwait(false);
                }

                Console.WriteLine("done");
            }
        }
        """, """
        public class Importer
        {
            public async Task Import(Shop ctx, IAsyncEnumerable<string> names, CancellationToken ct)
            {
                await foreach (var name in names)
                {
                    ctx.Items.Add(new Item { Name = name });
                }
                await ctx.SaveChangesAsync(ct).ConfigureAwait(false);

                Console.WriteLine("done");
            }
        }
        """);

    [Fact]
    public Task For_and_while_loops_and_a_field_context_fire() => Analyze("""
        public class Importer
        {
            private readonly Shop _ctx = new();
            public void Import(string[] names, Queue<string> queue)
            {
                for (var i = 0; i < names.Length; i++)
                {
                    _ctx.Items.Add(new Item { Name = names[i] });
                    {|#0:_ctx.SaveChanges()|};
                }

                while (queue.Count > 0)
                {
                    _ctx.Items.Add(new Item { Name = queue.Dequeue() });
                    {|#1:_ctx.SaveChanges()|};
                }
            }
        }
        """, Diagnostic(0), Diagnostic(1));

    [Fact]
    public Task ForEach_lambda_and_linq_lambda_fire_without_fix() => Analyze("""
        public class Importer
        {
            public void Import(Shop ctx, List<Item> items)
            {
                items.ForEach(i => { ctx.Items.Add(i); {|#0:ctx.SaveChanges()|}; });
                var counts = items.Select(i => { ctx.Items.Update(i); return {|#1:ctx.SaveChanges()|}; }).ToList();
            }
        }
        """, Diagnostic(0), Diagnostic(1));

    [Fact]
    public Task Conditional_save_that_is_not_batching_fires() => Analyze("""
        public class Importer
        {
            public async Task Import(Shop ctx, List<Item> items)
            {
                foreach (var item in items)
                {
                    if (item.Done)
                    {
                        ctx.Items.Remove(item);
                        await {|#0:ctx.SaveChangesAsync()|};
                    }
                }
            }
        }
        """, Diagnostic(0, "SaveChangesAsync"));

    [Fact]
    public Task Save_that_is_not_last_or_whose_loop_returns_or_queries_has_no_fix() => Fix("""
        public class Importer
        {
            public int Import(Shop ctx, List<string> names)
            {
                foreach (var name in names)
                {
                    ctx.Items.Add(new Item { Name = name });
                    {|DBP010:ctx.SaveChanges()|};
                    Console.WriteLine(name);
                }

                foreach (var name in names)
                {
                    if (name.Length == 0) return 0;
                    ctx.Items.Add(new Item { Name = name });
                    {|DBP010:ctx.SaveChanges()|};
                }

                foreach (var name in names)
                {
                    if (ctx.Items.Any(i => i.Name == name)) continue;
                    ctx.Items.Add(new Item { Name = name });
                    {|DBP010:ctx.SaveChanges()|};
                }

                var total = 0;
                foreach (var name in names)
                {
                    ctx.Items.Add(new Item { Name = name });
                    total += {|DBP010:ctx.SaveChanges()|};
                }

                return total;
            }
        }
        """, """
        public class Importer
        {
            public int Import(Shop ctx, List<string> names)
            {
                foreach (var name in names)
                {
                    ctx.Items.Add(new Item { Name = name });
                    {|DBP010:ctx.SaveChanges()|};
                    Console.WriteLine(name);
                }

                foreach (var name in names)
                {
                    if (name.Length == 0) return 0;
                    ctx.Items.Add(new Item { Name = name });
                    {|DBP010:ctx.SaveChanges()|};
                }

                foreach (var name in names)
                {
                    if (ctx.Items.Any(i => i.Name == name)) continue;
                    ctx.Items.Add(new Item { Name = name });
                    {|DBP010:ctx.SaveChanges()|};
                }

                var total = 0;
                foreach (var name in names)
                {
                    ctx.Items.Add(new Item { Name = name });
                    total += {|DBP010:ctx.SaveChanges()|};
                }

                return total;
            }
        }
        """);

    [Fact]
    public Task Fix_all_moves_every_trailing_save_across_documents() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + Model + """
            public class A
            {
                public void Run(Shop ctx, List<Item> items)
                {
                    foreach (var item in items)
                    {
                        item.Done = true;
                        {|DBP010:ctx.SaveChanges()|};
                    }

                    foreach (var item in items)
                    {
                        ctx.Items.Remove(item);
                        {|DBP010:ctx.SaveChanges()|};
                    }
                }
            }
            """,
            Usings + """
            public class B
            {
                public async Task Run(Shop ctx, List<Item> items)
                {
                    for (var i = 0; i < items.Count; i++)
                    {
                        items[i].Name = "x";
                        await {|DBP010:ctx.SaveChangesAsync()|};
                    }
                }
            }
            """,
        },
        new[]
        {
            Usings + Model + """
            public class A
            {
                public void Run(Shop ctx, List<Item> items)
                {
                    foreach (var item in items)
                    {
                        item.Done = true;
                    }
                    ctx.SaveChanges();

                    foreach (var item in items)
                    {
                        ctx.Items.Remove(item);
                    }
                    ctx.SaveChanges();
                }
            }
            """,
            Usings + """
            public class B
            {
                public async Task Run(Shop ctx, List<Item> items)
                {
                    for (var i = 0; i < items.Count; i++)
                    {
                        items[i].Name = "x";
                    }
                    await ctx.SaveChangesAsync();
                }
            }
            """,
        },
        SaveChangesInLoopFixer.MoveAfterLoopKey,
        EfProvider.Sqlite);

    // ---- stays silent ----

    [Fact]
    public Task Batching_guards_are_silent() => Analyze("""
        public class Importer
        {
            public void Import(Shop ctx, List<string> names, int batchSize)
            {
                for (var i = 0; i < names.Count; i++)
                {
                    ctx.Items.Add(new Item { Name = names[i] });
                    if (i % 100 == 0) ctx.SaveChanges();
                }

                var pending = 0;
                foreach (var name in names)
                {
                    ctx.Items.Add(new Item { Name = name });
                    if (++pending >= batchSize)
                    {
                        ctx.SaveChanges();
                        pending = 0;
                    }
                }

                var added = new List<Item>();
                foreach (var name in names)
                {
                    added.Add(new Item { Name = name });
                    if (added.Count < batchSize) continue;
                    ctx.Items.AddRange(added);
                    ctx.SaveChanges();
                    added.Clear();
                }
            }
        }
        """);

    [Fact]
    public Task Context_created_per_iteration_and_save_outside_loop_are_silent() => Analyze("""
        public class Importer
        {
            public void Import(List<string> names)
            {
                foreach (var name in names)
                {
                    using var ctx = new Shop();
                    ctx.Items.Add(new Item { Name = name });
                    ctx.SaveChanges();
                }

                using var shared = new Shop();
                foreach (var name in names)
                {
                    shared.Items.Add(new Item { Name = name });
                }

                shared.SaveChanges();
                Func<int> later = () => shared.SaveChanges();
            }
        }
        """);

    [Fact]
    public Task Retry_loops_first_match_exits_per_row_isolation_and_transactions_are_silent() => Analyze("""
        public class Importer
        {
            public async Task Update(Shop ctx, Item item, List<Item> items)
            {
                var saved = false;
                while (!saved)
                {
                    try
                    {
                        await ctx.SaveChangesAsync();
                        saved = true;
                    }
                    catch (DbUpdateConcurrencyException ex)
                    {
                        foreach (var entry in ex.Entries) entry.OriginalValues.SetValues(entry.GetDatabaseValues()!);
                    }
                }

                foreach (var candidate in items)
                {
                    if (candidate.Name != item.Name) continue;
                    candidate.Done = true;
                    ctx.SaveChanges();
                    break;
                }

                foreach (var candidate in items)
                {
                    try { ctx.Items.Add(candidate); ctx.SaveChanges(); }
                    catch (DbUpdateException) { ctx.ChangeTracker.Clear(); }
                }

                foreach (var candidate in items)
                {
                    using var transaction = await ctx.Database.BeginTransactionAsync();
                    ctx.Items.Update(candidate);
                    await ctx.SaveChangesAsync();
                    await transaction.CommitAsync();
                }
            }
        }
        """);

    [Fact]
    public Task Polling_chunked_and_paging_loops_are_silent() => Analyze("""
        public class Worker
        {
            public async Task Run(Shop ctx, List<Item> items, CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    foreach (var item in ctx.Items.Where(i => !i.Done).ToList()) item.Done = true;
                    await ctx.SaveChangesAsync(ct);
                    await Task.Delay(1000, ct);
                }

                foreach (var chunk in items.Chunk(500))
                {
                    ctx.Items.AddRange(chunk);
                    await ctx.SaveChangesAsync(ct);
                }

                while (true)
                {
                    var batch = await ctx.Items.Where(i => !i.Done).OrderBy(i => i.Id).Take(100).ToListAsync(ct);
                    if (batch.Count == 0) break;
                    foreach (var item in batch) item.Done = true;
                    await ctx.SaveChangesAsync(ct);
                }
            }
        }
        """);

    // ---- contexts reached through an interface (RULES.md "Query root") ----

    [Fact]
    public Task SaveChanges_through_a_context_interface_fires() => Analyze("""
        public interface IShopDb { DbSet<Item> Items { get; } Task<int> SaveChangesAsync(CancellationToken ct = default); }
        public interface IUnitOfWork { int SaveChanges(); }
        public class Importer
        {
            public async Task Run(IShopDb db, IUnitOfWork work, List<Item> items, CancellationToken ct)
            {
                foreach (var item in items)
                {
                    db.Items.Add(item);
                    await {|#0:db.SaveChangesAsync(ct)|};
                }

                foreach (var item in items)
                {
                    work.SaveChanges();
                }
            }
        }
        """, Diagnostic(0, "SaveChangesAsync"));
}
