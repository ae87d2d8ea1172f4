using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Mapping;
using Xunit;
using static DbPractices.Analyzers.Tests.Rules.Mapping.RelationshipStringCases;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Mapping.RelationshipMemberNamedByStringAnalyzer,
    DbPractices.CodeFixes.Rules.Mapping.RelationshipMemberNamedByStringFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Mapping;

/// <summary>DBP003: the cases run DBP003 and DBP004 together (<see cref="RelationshipStringCases"/>), as the two rules read the same strings.</summary>
public class RelationshipMemberNamedByStringTests
{
    [Fact]
    public Task Fluent_string_overloads_fire() => Analyze("""
        public class Ctx : DbContext
        {
            private const string BlogKey = "BlogId";
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Post>().HasOne({|#0:"Blog"|}).WithMany({|#1:"Posts"|}).HasForeignKey({|#2:BlogKey|});
                modelBuilder.Entity<Blog>().HasMany<Post>({|#3:"Posts"|}).WithOne().HasPrincipalKey({|#4:"Id"|});
                modelBuilder.Entity<Blog>().HasKey({|#5:"Id"|});
                modelBuilder.Entity<Blog>().HasAlternateKey({|#6:"Url"|});
                modelBuilder.Entity<Post>().HasIndex({|#7:"BlogId"|}, {|#8:"Id"|});
                modelBuilder.Entity<Post>().Navigation({|#9:"Comments"|}).AutoInclude();
                modelBuilder.Entity<Post>().Property({|#10:"BlogId"|}).IsRequired();
                modelBuilder.Entity<Post>().HasIndex(new[] { {|#11:"BlogId"|} }, "IX_Post_Blog");
            }
        }
        """,
        Named(0, "Blog", "Post", "Blog", "the lambda overload"),
        // HasOne("Blog") returns the non-generic builder: WithMany/HasForeignKey there have no lambda overloads
        Named(1, "Posts", "Blog", "Posts", "nameof"),
        Named(2, "BlogId", "Post", "BlogId", "nameof"),
        Named(3, "Posts", "Blog", "Posts", "the lambda overload"),
        Named(4, "Id", "Blog", "Id", "the lambda overload"),
        Named(5, "Id", "Blog", "Id", "the lambda overload"),
        Named(6, "Url", "Blog", "Url", "the lambda overload"),
        Named(7, "BlogId", "Post", "BlogId", "nameof"),
        Named(8, "Id", "Post", "Id", "nameof"),
        Named(9, "Comments", "Post", "Comments", "the lambda overload"),
        Named(10, "BlogId", "Post", "BlogId", "the lambda overload"),
        Named(11, "BlogId", "Post", "BlogId", "nameof"));

    [Fact]
    public Task Attributes_queries_and_entries_fire() => Analyze("""
        [Index({|#0:"Title"|})]
        [PrimaryKey({|#1:"Code"|})]
        public class Article
        {
            public string Code { get; set; } = "";
            public string Title { get; set; } = "";
            public int WriterId { get; set; }
            [ForeignKey({|#2:"WriterId"|})] public Writer Writer { get; set; } = null!;
        }
        public class Writer
        {
            public int Id { get; set; }
            [InverseProperty({|#3:"Writer"|})] public List<Article> Articles { get; set; } = new();
        }
        public class Ctx : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Article> Articles => Set<Article>();
            public void Use(Post post)
            {
                var blogs = Blogs.Include({|#4:"Posts.Comments"|}).ToList();
                var ids = Set<Post>().Where(p => EF.Property<int>(p, {|#5:"BlogId"|}) > 0).ToList();
                Entry(post).Reference({|#6:"Blog"|}).Load();
                Entry(post).Collection({|#7:"Comments"|}).Load();
                var v = Entry(post).Property({|#8:"BlogId"|}).CurrentValue;
            }
        }
        """,
        Named(0, "Title", "Article", "Title", "nameof"),
        Named(1, "Code", "Article", "Code", "nameof"),
        Named(2, "WriterId", "Article", "WriterId", "nameof"),
        Named(3, "Writer", "Article", "Writer", "nameof"),
        Named(4, "Posts.Comments", "Blog", "Posts.Comments", "the lambda overload (Include/ThenInclude)"),
        Named(5, "BlogId", "Post", "BlogId", "nameof"),
        Named(6, "Blog", "Post", "Blog", "the lambda overload"),
        Named(7, "Comments", "Post", "Comments", "the lambda overload"),
        Named(8, "BlogId", "Post", "BlogId", "the lambda overload"));

    [Fact]
    public Task Private_fields_named_from_a_configuration_class_are_silent() => Analyze("""
        public class Account
        {
            private string _validatedUrl = "";
            private string? _name;
            private int Secret { get; set; }
            public int Id { get; set; }
            public string Url { get => _validatedUrl; set => _validatedUrl = value; }
            public string? Name => _name;
            public int Reveal() => Secret;
            public class Configuration : IEntityTypeConfiguration<Account>
            {
                // nested: the private field is accessible here, so nameof/the lambda compile
                public void Configure(EntityTypeBuilder<Account> builder) => builder.Property({|#0:"_name"|});
            }
        }
        public class Ctx : DbContext
        {
            public DbSet<Account> Accounts => Set<Account>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Account>().Property("_validatedUrl");
                modelBuilder.Entity<Account>().Property<string>("_name");
                modelBuilder.Entity<Account>().Property(a => a.Url).HasField("_validatedUrl");
                modelBuilder.Entity<Account>().Property("Secret");
                modelBuilder.Entity<Account>().Property({|#1:"_nmae"|});
            }
        }
        """,
        Named(0, "_name", "Account", "_name", "the lambda overload"),
        NoMember(1, "_nmae", "Account"));

    [Fact]
    public Task Nameof_lambdas_and_shadow_properties_are_silent() => Analyze("""
        public class Tenant { public int Id { get; set; } public List<Order> Orders { get; set; } = new(); }
        public class Order { public int Id { get; set; } public Tenant Tenant { get; set; } = null!; }
        [Index(nameof(Title))]
        public class Article { public int Id { get; set; } public string Title { get; set; } = ""; }
        public class Ctx : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Article> Articles => Set<Article>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Post>().Property<DateTime>("LastUpdated");
                modelBuilder.Entity<Post>().HasIndex("LastUpdated");
                modelBuilder.Entity<Post>().HasOne(p => p.Blog).WithMany(b => b.Posts).HasForeignKey(nameof(Post.BlogId));
                modelBuilder.Entity<Post>().HasIndex(p => p.BlogId).HasDatabaseName("IX_Blog");
                modelBuilder.Entity<Blog>().ToTable("Blogs").Property(b => b.Url).HasColumnName("url");
            }
            public void Use()
            {
                var recent = Set<Post>().OrderBy(p => EF.Property<DateTime>(p, "LastUpdated")).ToList();
                var byTenant = Orders.Where(o => EF.Property<int>(o, "TenantId") == 1).ToList();
                var blogs = Blogs.Include(b => b.Posts).ThenInclude(p => p.Comments).ToList();
            }
        }
        """);

    [Fact]
    public Task Fix_uses_lambda_overloads_nameof_and_include_chain() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + Entities + """
            [Index({|DBP003:"Url"|})]
            public class Article { public int Id { get; set; } public string Url { get; set; } = ""; }
            public class Ctx : DbContext
            {
                public DbSet<Blog> Blogs => Set<Blog>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Post>().HasOne({|DBP003:"Blog"|}).WithMany({|DBP003:"Posts"|}).HasForeignKey({|DBP003:"BlogId"|});
                    modelBuilder.Entity<Post>().Property<int>({|DBP003:"BlogId"|}).IsRequired();
                    modelBuilder.Entity<Post>().HasIndex({|DBP003:"BlogId"|}, {|DBP003:"Id"|});
                }
                public List<Blog> Load() => Blogs.Include({|DBP003:"Posts.Comments"|}).ToList();
            }
            """,
        },
        // one at a time: once HasOne takes a lambda, the generic builder gives WithMany/HasForeignKey their lambda overloads
        new[]
        {
            Usings + Entities + """
            [Index(nameof(Url))]
            public class Article { public int Id { get; set; } public string Url { get; set; } = ""; }
            public class Ctx : DbContext
            {
                public DbSet<Blog> Blogs => Set<Blog>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Post>().HasOne(p => p.Blog).WithMany(b => b.Posts).HasForeignKey(p => p.BlogId);
                    modelBuilder.Entity<Post>().Property(p => p.BlogId).IsRequired();
                    modelBuilder.Entity<Post>().HasIndex(nameof(Post.BlogId), nameof(Post.Id));
                }
                public List<Blog> Load() => Blogs.Include(b => b.Posts).ThenInclude(p => p.Comments).ToList();
            }
            """,
        },
        RelationshipMemberNamedByStringFixer.UseNameofOrLambdaKey,
        EfProvider.Sqlite,
        // Fix All computes every fix on the original code, where that chain's builders are non-generic
        batchFixedSources: new[]
        {
            Usings + Entities + """
            [Index(nameof(Url))]
            public class Article { public int Id { get; set; } public string Url { get; set; } = ""; }
            public class Ctx : DbContext
            {
                public DbSet<Blog> Blogs => Set<Blog>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Post>().HasOne(p => p.Blog).WithMany(nameof(Blog.Posts)).HasForeignKey(nameof(Post.BlogId));
                    modelBuilder.Entity<Post>().Property(p => p.BlogId).IsRequired();
                    modelBuilder.Entity<Post>().HasIndex(nameof(Post.BlogId), nameof(Post.Id));
                }
                public List<Blog> Load() => Blogs.Include(b => b.Posts).ThenInclude(p => p.Comments).ToList();
            }
            """,
        });
}
