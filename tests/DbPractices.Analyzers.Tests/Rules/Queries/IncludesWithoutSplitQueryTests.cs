using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Queries;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Queries;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Queries.IncludesWithoutSplitQueryAnalyzer,
    DbPractices.CodeFixes.Rules.Queries.IncludesWithoutSplitQueryFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Queries;

public class IncludesWithoutSplitQueryTests
{
    private const string Usings = "using System;\nusing System.Linq;\nusing System.Collections.Generic;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\n";

    private const string Entities = """

        public class Blog
        {
            public int Id { get; set; }
            public User Owner { get; set; } = null!;
            public List<Post> Posts { get; set; } = new();
            public List<Tag> Tags { get; set; } = new();
        }
        public class Post
        {
            public int Id { get; set; }
            public bool Published { get; set; }
            public Blog Blog { get; set; } = null!;
            public User Author { get; set; } = null!;
            public List<Comment> Comments { get; set; } = new();
        }
        public class Comment { public int Id { get; set; } public Post Post { get; set; } = null!; }
        public class Tag { public int Id { get; set; } public List<Blog> Blogs { get; set; } = new(); }
        public class User { public int Id { get; set; } public List<Blog> Blogs { get; set; } = new(); }
        """;

    private const string Context = """

        public class BlogContext : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
        }
        """;

    private static string Source(string body, string context = Context) =>
        Usings + "public class Repo\n{\n    private readonly BlogContext ctx = new();\n" + body + "\n}\n" + Entities + context;

    private static Task Analyze(string body, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<IncludesWithoutSplitQueryAnalyzer>.VerifyAsync(new[] { Source(body) }, EfProvider.Sqlite, null, expected);

    private static DiagnosticResult Diagnostic(int location, string collections) =>
        Verify.Diagnostic("DBP018").WithLocation(location).WithArguments(collections);

    // ---- fires ----

    [Fact]
    public Task Sibling_collections_fire_sync_and_async() => Analyze("""
            public List<Blog> A() => ctx.Blogs.Include(b => b.Posts).Include(b => b.Tags).{|#0:ToList|}();
            public Task<Blog?> B(int id) => ctx.Blogs.Include(b => b.Posts).Include(b => b.Tags).{|#1:FirstOrDefaultAsync|}(b => b.Id == id);
        """, Diagnostic(0, "'Blog.Posts', 'Blog.Tags'"), Diagnostic(1, "'Blog.Posts', 'Blog.Tags'"));

    [Fact]
    public Task Collections_on_different_include_branches_fire() => Analyze("""
            public List<Blog> A() => ctx.Blogs.Include(b => b.Posts).ThenInclude(p => p.Comments).Include(b => b.Tags).{|#0:ToList|}();
            public List<Blog> B() => ctx.Blogs.Include(b => b.Posts).ThenInclude(p => p.Comments).Include(b => b.Posts).ThenInclude(p => p.Author.Blogs).{|#1:ToList|}();
        """, Diagnostic(0, "'Blog.Posts', 'Post.Comments', 'Blog.Tags'"), Diagnostic(1, "'Blog.Posts', 'Post.Comments', 'User.Blogs'"));

    [Fact]
    public Task String_and_filtered_includes_fire() => Analyze("""
            public List<Blog> A() => ctx.Blogs.Include("Posts.Comments").Include("Tags").{|#0:ToList|}();
            public List<Blog> B() => ctx.Blogs.Include(b => b.Posts.Where(p => p.Published).OrderBy(p => p.Id)).Include(b => b.Tags).{|#1:ToList|}();
        """, Diagnostic(0, "'Blog.Posts', 'Post.Comments', 'Blog.Tags'"), Diagnostic(1, "'Blog.Posts', 'Blog.Tags'"));

    [Fact]
    public Task A_single_nested_collection_path_is_silent() => Analyze("""
            public List<Blog> A() => ctx.Blogs.Include(b => b.Posts).ThenInclude(p => p.Comments).ToList();
            public List<Blog> B() => ctx.Blogs.Include("Posts.Comments").ToList();
            public List<Blog> C() => ctx.Blogs.Include(b => b.Posts).Include(b => b.Posts).ThenInclude(p => p.Comments).ToList();
            public List<Blog> D() => ctx.Blogs.Include(b => b.Posts).ThenInclude(p => p.Author).ThenInclude(u => u.Blogs).ToList();
        """);

    [Fact]
    public Task Includes_through_locals_and_foreach_and_returned_queries_fire() => Analyze("""
            public void A(bool tags)
            {
                var q = ctx.Blogs.Include(b => b.Posts);
                IQueryable<Blog> r = q;
                if (tags) r = q.Include(b => b.Tags);
                foreach (var blog in {|#0:r|}) { }
            }
            public IQueryable<Blog> B() => ctx.Blogs.Include(b => b.Posts).{|#1:Include|}(b => b.Tags);
        """, Diagnostic(0, "'Blog.Posts', 'Blog.Tags'"), Diagnostic(1, "'Blog.Posts', 'Blog.Tags'"));

    [Fact]
    public Task Reference_navigation_on_the_way_to_collections_fires() => Analyze("""
            public List<Blog> A() => ctx.Blogs.Include(b => b.Owner.Blogs).Include(b => b.Posts).ThenInclude(p => p.Author).{|#0:ToList|}();
        """, Diagnostic(0, "'User.Blogs', 'Blog.Posts'"));

    // ---- silent ----

    [Fact]
    public Task One_collection_and_reference_navigations_are_silent() => Analyze("""
            public List<Blog> A() => ctx.Blogs.Include(b => b.Posts).ThenInclude(p => p.Author).Include(b => b.Owner).ToList();
            public List<Blog> B() => ctx.Blogs.Include(b => b.Posts).Include(b => b.Posts).ToList();
        """);

    [Fact]
    public Task AsSplitQuery_or_an_explicit_AsSingleQuery_is_silent() => Analyze("""
            public List<Blog> A() => ctx.Blogs.AsSplitQuery().Include(b => b.Posts).Include(b => b.Tags).ToList();
            public Task<List<Blog>> B() => ctx.Blogs.Include(b => b.Posts).Include(b => b.Tags).AsSplitQuery().ToListAsync();
            public List<Blog> C() => ctx.Blogs.Include(b => b.Posts).Include(b => b.Tags).AsSingleQuery().ToList();
            public List<Blog> D(IQueryable<Blog> q) => q.Include(b => b.Posts).ToList();
        """);

    [Fact]
    public Task Includes_ignored_by_aggregates_and_projections_are_silent() => Analyze("""
            public int A() => ctx.Blogs.Include(b => b.Posts).Include(b => b.Tags).Count();
            public Task<bool> B() => ctx.Blogs.Include(b => b.Posts).Include(b => b.Tags).AnyAsync();
            public List<int> C() => ctx.Blogs.Include(b => b.Posts).Include(b => b.Tags).Select(b => b.Id).ToList();
        """);

    [Theory]
    [InlineData("protected override void OnConfiguring(DbContextOptionsBuilder o) => o.UseSqlite(\"x\", s => s.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery));")]
    public Task Context_wide_split_query_is_silent(string configuring) =>
        AnalyzerVerifier<IncludesWithoutSplitQueryAnalyzer>.VerifyAsync(
            new[] { Source("""
                public List<Blog> A() => ctx.Blogs.Include(b => b.Posts).Include(b => b.Tags).ToList();
            """, "public class BlogContext : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); " + configuring + " }") },
            EfProvider.Sqlite, null);

    // ---- fix ----

    [Fact]
    public Task Fix_inserts_AsSplitQuery_before_the_first_Include() => Verify.VerifyFixAsync(
        new[] { Source("""
                public List<Blog> A() => ctx.Blogs.Where(b => b.Id > 0).Include(b => b.Posts).Include(b => b.Tags).{|DBP018:ToList|}();
                public Task<List<Blog>> B() =>
                    ctx.Blogs
                        .Include(b => b.Posts)
                        .ThenInclude(p => p.Comments)
                        .Include(b => b.Tags)
                        .{|DBP018:ToListAsync|}();
            """) },
        new[] { Source("""
                public List<Blog> A() => ctx.Blogs.Where(b => b.Id > 0).AsSplitQuery().Include(b => b.Posts).Include(b => b.Tags).ToList();
                public Task<List<Blog>> B() =>
                    ctx.Blogs
                        .AsSplitQuery()
                        .Include(b => b.Posts)
                        .ThenInclude(p => p.Comments)
                        .Include(b => b.Tags)
                        .ToListAsync();
            """) },
        IncludesWithoutSplitQueryFixer.EquivalenceKey, EfProvider.Sqlite);

    [Fact]
    public Task Fix_all_inserts_once_for_a_query_shared_by_two_materializations_and_across_documents() => Verify.VerifyFixAsync(
        new[]
        {
            Source("""
                public async Task A()
                {
                    var q = ctx.Blogs.Include(b => b.Posts).Include(b => b.Tags);
                    var first = await q.{|DBP018:FirstAsync|}();
                    var all = q.{|DBP018:ToList|}();
                }
            """),
            Usings + "public class Other { public List<Blog> B(BlogContext c) => c.Blogs.Include(b => b.Tags).Include(b => b.Posts).{|DBP018:ToList|}(); }",
        },
        new[]
        {
            Source("""
                public async Task A()
                {
                    var q = ctx.Blogs.AsSplitQuery().Include(b => b.Posts).Include(b => b.Tags);
                    var first = await q.FirstAsync();
                    var all = q.ToList();
                }
            """),
            Usings + "public class Other { public List<Blog> B(BlogContext c) => c.Blogs.AsSplitQuery().Include(b => b.Tags).Include(b => b.Posts).ToList(); }",
        },
        IncludesWithoutSplitQueryFixer.EquivalenceKey, EfProvider.Sqlite);

    // ---- query roots: interfaces and repository helpers (RULES.md "Query root") ----

    private const string Helpers = """
            public interface IBlogDb { DbSet<Blog> Blogs { get; } }
            private IQueryable<Blog> WithPosts() => ctx.Blogs.Include(b => b.Posts);
            private IQueryable<Blog> Everything() => ctx.Blogs.Include(b => b.Posts).{|#9:Include|}(b => b.Tags);
        """;

    [Fact]
    public Task Interface_roots_and_repository_helpers_fire_once() => Analyze(Helpers + """
            public List<Blog> A(IBlogDb db) => db.Blogs.Include(b => b.Posts).Include(b => b.Tags).{|#0:ToList|}();
            public List<Blog> B() => WithPosts().Include(b => b.Tags).{|#1:ToList|}();
            public List<Blog> C() => Everything().Where(b => b.Id > 0).ToList();
            public List<Blog> D() => WithPosts().Include(b => b.Posts).ThenInclude(p => p.Comments).ToList();
        """, Diagnostic(0, "'Blog.Posts', 'Blog.Tags'"), Diagnostic(1, "'Blog.Posts', 'Blog.Tags'"), Diagnostic(9, "'Blog.Posts', 'Blog.Tags'"));

    [Fact]
    public Task Fix_after_a_repository_helper_goes_before_the_callers_own_include() => Verify.VerifyFixAsync(
        new[] { Source("""
                private IQueryable<Blog> WithPosts() => ctx.Blogs.Include(b => b.Posts);
                public List<Blog> B(IBlogDbX db) => WithPosts().Where(b => b.Id > 0).Include(b => b.Tags).{|DBP018:ToList|}();
                public interface IBlogDbX { DbSet<Blog> Blogs { get; } }
                public List<Blog> A(IBlogDbX db) => db.Blogs.Include(b => b.Posts).Include(b => b.Tags).{|DBP018:ToList|}();
            """) },
        new[] { Source("""
                private IQueryable<Blog> WithPosts() => ctx.Blogs.Include(b => b.Posts);
                public List<Blog> B(IBlogDbX db) => WithPosts().Where(b => b.Id > 0).AsSplitQuery().Include(b => b.Tags).ToList();
                public interface IBlogDbX { DbSet<Blog> Blogs { get; } }
                public List<Blog> A(IBlogDbX db) => db.Blogs.AsSplitQuery().Include(b => b.Posts).Include(b => b.Tags).ToList();
            """) },
        IncludesWithoutSplitQueryFixer.EquivalenceKey, EfProvider.Sqlite);
}
