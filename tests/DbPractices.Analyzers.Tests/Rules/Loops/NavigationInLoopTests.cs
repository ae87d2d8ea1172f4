using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Loops;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Loops;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Loops.NavigationInLoopAnalyzer,
    DbPractices.CodeFixes.Rules.Loops.NavigationInLoopFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Loops;

public class NavigationInLoopTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\n";

    private const string Entities = """
        #nullable enable
        public class Owner { public int Id { get; set; } public string Name { get; set; } = ""; public Address? Address { get; set; } }
        public class Address { public int Id { get; set; } public string City { get; set; } = ""; }
        public class Theme { public int Id { get; set; } public string Color { get; set; } = ""; }
        [Owned] public class BlogSettings { public bool IsPublic { get; set; } }
        public class Blog
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
            public Owner? Owner { get; set; }
            public Theme? Theme { get; set; }
            public BlogSettings Settings { get; set; } = new();
            public List<Post> Posts { get; set; } = new();
        }
        public class Post
        {
            public int Id { get; set; }
            public int BlogId { get; set; }
            public Blog Blog { get; set; } = null!;
            public Owner? Author { get; set; }
            public string Title { get; set; } = "";
        }
        """;

    private const string Context = """
        public class BlogContext : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Post> Posts => Set<Post>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                modelBuilder.Entity<Blog>().Navigation(b => b.Theme).AutoInclude();
        }
        """;

    private const string LazyContext = """
        public static class ProxyOptions { public static DbContextOptionsBuilder UseLazyLoadingProxies(this DbContextOptionsBuilder builder) => builder; }
        public class BlogContext : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Post> Posts => Set<Post>();
            protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseLazyLoadingProxies();
        }
        """;

    private const string Model = Entities + Context;

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<NavigationInLoopAnalyzer>.VerifyAsync(new[] { Usings + Model + source }, EfProvider.Sqlite, null, expected);

    private static Task Fix(string source, string fixedSource) =>
        Verify.VerifyFixAsync(new[] { Usings + Model + source }, new[] { Usings + Model + fixedSource }, NavigationInLoopFixer.AddIncludeKey, EfProvider.Sqlite);

    private static DiagnosticResult NotLoaded(int location, string path, string becomes) =>
        Verify.Diagnostic("DBP008").WithLocation(location).WithArguments(path, "is not loaded by the query and will be " + becomes);

    // ---- fires: every loop form over every source shape ----

    [Fact]
    public Task Every_loop_form_over_every_source_shape_fires() => Analyze("""
        public class Pages
        {
            public async Task Render(BlogContext ctx, int id)
            {
                foreach (var post in ctx.Posts.Where(p => p.BlogId == id))
                    Console.WriteLine({|#0:post.Blog|}.Name);

                var query = ctx.Posts.Where(p => p.BlogId == id).OrderBy(p => p.Id);
                foreach (var post in query)
                    Console.WriteLine({|#1:post.Author|}?.Name);

                var posts = await ctx.Posts.AsNoTracking().ToListAsync();
                for (var i = 0; i < posts.Count; i++)
                {
                    var post = posts[i];
                    Console.WriteLine({|#2:post.Blog|}.Name + {|#3:posts[i].Author|}?.Name);
                }

                var blogs = ctx.Set<Blog>().ToList();
                blogs.ForEach(b => Console.WriteLine({|#4:b.Posts|}.Count));

                await foreach (var blog in ctx.Blogs.AsAsyncEnumerable())
                    Console.WriteLine({|#5:blog.Owner|}?.Name);

                var array = ctx.Blogs.Where(b => b.Id > id).ToArray();
                for (var i = 0; i < array.Length; i++)
                    Console.WriteLine({|#6:array[i].Owner|}?.Name);
            }
        }
        """,
        NotLoaded(0, "Post.Blog", "null"), NotLoaded(1, "Post.Author", "null"), NotLoaded(2, "Post.Blog", "null"),
        NotLoaded(3, "Post.Author", "null"), NotLoaded(4, "Blog.Posts", "empty"), NotLoaded(5, "Blog.Owner", "null"),
        NotLoaded(6, "Blog.Owner", "null"));

    [Fact]
    public Task Nested_paths_report_the_longest_unloaded_path_once() => Analyze("""
        public class Pages
        {
            public void Render(BlogContext ctx)
            {
                foreach (var post in ctx.Posts.Include(p => p.Blog).ToList())
                {
                    Console.WriteLine(post.Blog.Name);
                    Console.WriteLine(post.Blog.Owner!.Name);
                    Console.WriteLine({|#0:post.Blog.Owner!.Address|});
                }

                foreach (var blog in ctx.Blogs.Include(b => b.Posts))
                {
                    foreach (var post in blog.Posts)
                        Console.WriteLine({|#1:post.Author|}?.Name);
                    Console.WriteLine(blog.Posts.Sum(p => {|#2:p.Blog.Owner|}!.Id));
                }
            }
        }
        """,
        NotLoaded(0, "Post.Blog.Owner.Address", "null"), NotLoaded(1, "Blog.Posts.Author", "null"), NotLoaded(2, "Blog.Owner", "null"));

    [Fact]
    public Task Lazy_loading_makes_the_message_about_n_plus_one() => AnalyzerVerifier<NavigationInLoopAnalyzer>.VerifyAsync(
        new[]
        {
            Usings + Entities + LazyContext + """
            public class Pages
            {
                public void Render(BlogContext ctx)
                {
                    foreach (var blog in ctx.Blogs.AsNoTracking().ToList())
                    {
                        Console.WriteLine({|#0:blog.Posts|}.Count);
                        blog.Posts.Add(new Post());
                    }
                }
            }
            """,
        },
        EfProvider.Sqlite,
        null,
        Verify.Diagnostic("DBP008").WithLocation(0).WithArguments("Blog.Posts", NavigationInLoopAnalyzer.LazyLoaded));

    // ---- stays silent ----

    [Fact]
    public Task Included_auto_included_owned_and_projected_paths_are_silent() => Analyze("""
        public class Pages
        {
            public void Render(BlogContext ctx)
            {
                foreach (var post in ctx.Posts.Include(p => p.Blog).ThenInclude(b => b.Owner).ThenInclude(o => o!.Address).Include(p => p.Author))
                    Console.WriteLine(post.Blog.Owner!.Address!.City + post.Author?.Name);

                foreach (var post in ctx.Posts.Include("Blog.Owner").ToList())
                    Console.WriteLine(post.Blog.Owner!.Name);

                foreach (var blog in ctx.Blogs.Include(b => b.Posts.Where(p => p.Title != "")).ThenInclude(p => p.Author))
                    Console.WriteLine(blog.Posts.Count + blog.Posts[0].Author!.Name + blog.Theme!.Color + blog.Settings.IsPublic);

                foreach (var row in ctx.Posts.Select(p => new { p.Title, Blog = p.Blog.Name }))
                    Console.WriteLine(row.Blog);

                foreach (var dto in ctx.Blogs.Select(b => new BlogDto(b.Name, b.Posts.Count)).ToList())
                    Console.WriteLine(dto.Count);
            }
        }
        public record BlogDto(string Name, int Count);
        """);

    [Fact]
    public Task Writes_explicit_loads_scalars_and_non_query_sources_are_silent() => Analyze("""
        public class Pages
        {
            public void Render(BlogContext ctx, List<Post> given, IQueryable<Post> external, Blog other)
            {
                foreach (var post in ctx.Posts.ToList())
                {
                    post.Blog = other;
                    Console.WriteLine(post.BlogId + nameof(post.Author));
                }

                foreach (var blog in ctx.Blogs)
                {
                    blog.Posts.Add(new Post { Title = "new" });
                    ctx.Entry(blog).Reference(b => b.Owner).Load();
                    Console.WriteLine(blog.Owner?.Name);
                }

                foreach (var post in given)
                    Console.WriteLine(post.Blog.Name);

                foreach (var post in external)
                    Console.WriteLine(post.Blog.Name);
            }
        }
        """);

    [Fact]
    public Task Ignore_auto_includes_makes_an_auto_included_navigation_unloaded() => Analyze("""
        public class Pages
        {
            public void Render(BlogContext ctx)
            {
                foreach (var blog in ctx.Blogs.IgnoreAutoIncludes().ToList())
                    Console.WriteLine({|#0:blog.Theme|}?.Color);
            }
        }
        """, NotLoaded(0, "Blog.Theme", "null"));

    // ---- fixes ----

    [Fact]
    public Task Include_is_added_right_after_the_root_of_a_foreach_source() => Fix("""
        public class Pages
        {
            public void Render(BlogContext ctx)
            {
                foreach (var blog in ctx.Blogs)
                    Console.WriteLine({|DBP008:blog.Posts|}.Count);
            }
        }
        """, """
        public class Pages
        {
            public void Render(BlogContext ctx)
            {
                foreach (var blog in ctx.Blogs.Include(b => b.Posts))
                    Console.WriteLine(blog.Posts.Count);
            }
        }
        """);

    [Fact]
    public Task Deeper_paths_use_then_include_and_extend_an_existing_chain() => Fix("""
        public class Pages
        {
            public async Task Render(BlogContext ctx)
            {
                var posts = await ctx.Posts
                    .Include(p => p.Blog)
                    .Where(p => p.Title != "")
                    .ToListAsync();
                foreach (var post in posts)
                    Console.WriteLine({|DBP008:post.Blog.Owner|}?.Name);

                foreach (var post in ctx.Posts.Where(p => p.Id > 0).ToList())
                    Console.WriteLine({|DBP008:post.Blog.Owner|}?.Name);
            }
        }
        """, """
        public class Pages
        {
            public async Task Render(BlogContext ctx)
            {
                var posts = await ctx.Posts
                    .Include(p => p.Blog)
                    .ThenInclude(b => b.Owner)
                    .Where(p => p.Title != "")
                    .ToListAsync();
                foreach (var post in posts)
                    Console.WriteLine(post.Blog.Owner?.Name);

                foreach (var post in ctx.Posts.Include(p => p.Blog).ThenInclude(b => b.Owner).Where(p => p.Id > 0).ToList())
                    Console.WriteLine(post.Blog.Owner?.Name);
            }
        }
        """);

    [Fact]
    public Task Fix_all_adds_every_missing_path_of_one_query_once() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + Model + """
            public class Pages
            {
                public void Render(BlogContext ctx)
                {
                    var blogs = ctx.Blogs.Where(b => b.Name != "").ToList();
                    foreach (var blog in blogs)
                    {
                        Console.WriteLine({|DBP008:blog.Posts|}.Count);
                        Console.WriteLine({|DBP008:blog.Owner|}?.Name);
                    }

                    foreach (var blog in blogs)
                        Console.WriteLine({|DBP008:blog.Owner|}?.Name + {|DBP008:blog.Posts|}.Count);
                }
            }
            """,
            """
            using System;
            using System.Linq;
            public class Other
            {
                public void Render(BlogContext ctx)
                {
                    foreach (var post in ctx.Posts.Where(p => p.Id > 0))
                        Console.WriteLine({|DBP008:post.Blog.Owner|}?.Name);
                }
            }
            """,
        },
        new[]
        {
            Usings + Model + """
            public class Pages
            {
                public void Render(BlogContext ctx)
                {
                    var blogs = ctx.Blogs.Include(b => b.Posts).Include(b => b.Owner).Where(b => b.Name != "").ToList();
                    foreach (var blog in blogs)
                    {
                        Console.WriteLine(blog.Posts.Count);
                        Console.WriteLine(blog.Owner?.Name);
                    }

                    foreach (var blog in blogs)
                        Console.WriteLine(blog.Owner?.Name + blog.Posts.Count);
                }
            }
            """,
            """
            using System;
            using System.Linq;
            using Microsoft.EntityFrameworkCore;
            public class Other
            {
                public void Render(BlogContext ctx)
                {
                    foreach (var post in ctx.Posts.Include(p => p.Blog).ThenInclude(b => b.Owner).Where(p => p.Id > 0))
                        Console.WriteLine(post.Blog.Owner?.Name);
                }
            }
            """,
        },
        NavigationInLoopFixer.AddIncludeKey,
        EfProvider.Sqlite);

    [Fact]
    public Task A_root_whose_type_the_include_would_change_gets_no_fix() => Fix("""
        public class Pages
        {
            public async Task Render(BlogContext ctx)
            {
                await foreach (var blog in ctx.Blogs)
                    Console.WriteLine({|DBP008:blog.Owner|}?.Name);
            }
        }
        """, """
        public class Pages
        {
            public async Task Render(BlogContext ctx)
            {
                await foreach (var blog in ctx.Blogs)
                    Console.WriteLine({|DBP008:blog.Owner|}?.Name);
            }
        }
        """);

    // ---- query roots: context interfaces, generic contexts, repository helpers (RULES.md "Query root") ----

    private const string Roots = """
        public interface IBlogDb { DbSet<Blog> Blogs { get; } DbSet<Post> Posts { get; } DbSet<T> Set<T>() where T : class; }
        public abstract class Repository<T> where T : class
        {
            protected readonly IBlogDb Db;
            protected Repository(IBlogDb db) => Db = db;
            public IQueryable<T> Query() => Db.Set<T>();
        }
        public class PostRepository : Repository<Post>
        {
            public PostRepository(IBlogDb db) : base(db) { }
            public IQueryable<Post> WithBlog => Db.Posts.Include(p => p.Blog);
        }
        """;

    [Fact]
    public Task Interface_generic_context_and_repository_roots_fire_in_every_loop_form() => Analyze(Roots + """
        public class Pages
        {
            public async Task Render<TContext>(IBlogDb db, TContext ctx, PostRepository repo, System.Threading.CancellationToken ct) where TContext : DbContext
            {
                foreach (var blog in db.Blogs.Where(b => b.Id > 0))
                    Console.WriteLine({|#0:blog.Owner|}?.Name);

                await foreach (var blog in db.Blogs.AsAsyncEnumerable().WithCancellation(ct).ConfigureAwait(false))
                    Console.WriteLine({|#1:blog.Posts|}.Count);

                var posts = await db.Set<Post>().ToListAsync(ct);
                for (var i = 0; i < posts.Count; i++)
                    Console.WriteLine({|#2:posts[i].Blog|}.Name);

                foreach (var post in ctx.Set<Post>())
                    Console.WriteLine({|#3:post.Author|}?.Name);

                var paged = repo.Query().OrderBy(p => p.Id).Take(10);
                foreach (var post in paged)
                    Console.WriteLine({|#4:post.Blog|}.Name);

                repo.WithBlog.ToList().ForEach(p => Console.WriteLine(p.Blog.Name + {|#5:p.Author|}?.Name));
            }
        }
        """,
        NotLoaded(0, "Blog.Owner", "null"), NotLoaded(1, "Blog.Posts", "empty"), NotLoaded(2, "Post.Blog", "null"),
        NotLoaded(3, "Post.Author", "null"), NotLoaded(4, "Post.Blog", "null"), NotLoaded(5, "Post.Author", "null"));

    [Fact]
    public Task Includes_inside_a_repository_helper_count_and_unknown_helpers_are_silent() => Analyze(Roots + """
        public class Pages
        {
            public IQueryable<Post> External(IQueryable<Post> q) => q;
            public void Render(PostRepository repo, IBlogDb db)
            {
                foreach (var post in repo.WithBlog.Where(p => p.Id > 0))
                    Console.WriteLine(post.Blog.Name);

                foreach (var post in External(db.Posts))
                    Console.WriteLine(post.Blog.Name);

                foreach (var blog in db.Blogs.Include(b => b.Posts).Select(b => new { b.Id, b.Posts }))
                    Console.WriteLine(blog.Posts.Count);
            }
        }
        """);

    [Fact]
    public Task Include_lands_after_an_interface_root_or_a_repository_call() => Fix(Roots + """
        public class Pages
        {
            public void Render(IBlogDb db, PostRepository repo)
            {
                foreach (var blog in db.Blogs.Where(b => b.Id > 0))
                    Console.WriteLine({|DBP008:blog.Posts|}.Count);

                foreach (var post in repo.Query().Where(p => p.Id > 0))
                    Console.WriteLine({|DBP008:post.Author|}?.Name);
            }
        }
        """, Roots + """
        public class Pages
        {
            public void Render(IBlogDb db, PostRepository repo)
            {
                foreach (var blog in db.Blogs.Include(b => b.Posts).Where(b => b.Id > 0))
                    Console.WriteLine(blog.Posts.Count);

                foreach (var post in repo.Query().Include(p => p.Author).Where(p => p.Id > 0))
                    Console.WriteLine(post.Author?.Name);
            }
        }
        """);

    [Fact]
    public Task Complex_properties_are_not_navigations() => AnalyzerVerifier<NavigationInLoopAnalyzer>.VerifyAsync(
        new[]
        {
            Usings + """
            #nullable enable
            using System.ComponentModel.DataAnnotations.Schema;
            public class ShipTo { public string City { get; set; } = ""; public Geo Geo { get; set; } = new(); }
            public class Geo { public double Lat { get; set; } }
            [ComplexType] public class Money { public decimal Amount { get; set; } }
            public class Customer { public int Id { get; set; } public string Name { get; set; } = ""; }
            public class Order
            {
                public int Id { get; set; }
                public ShipTo ShippingAddress { get; set; } = new();
                public Money Total { get; set; } = new();
                public Customer? Customer { get; set; }
            }
            public class Shop : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                    modelBuilder.Entity<Order>().ComplexProperty(o => o.ShippingAddress, a => a.ComplexProperty(x => x.Geo));
            }
            public class Report
            {
                public void Print(Shop ctx)
                {
                    foreach (var order in ctx.Orders.ToList())
                    {
                        Console.WriteLine(order.ShippingAddress.City + order.ShippingAddress.Geo.Lat + order.Total.Amount);
                        Console.WriteLine({|#0:order.Customer|}?.Name);
                    }
                }
            }
            """,
        },
        EfProvider.Sqlite,
        null,
        NotLoaded(0, "Order.Customer", "null"));
}

