using System.Threading.Tasks;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Mapping;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using System.Linq;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Mapping.RelationshipStringAnalyzer,
    DbPractices.CodeFixes.Rules.Mapping.RelationshipStringFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Mapping;

public class RelationshipStringTests
{
    private const string Usings = "using System;\nusing System.Linq;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing Microsoft.EntityFrameworkCore.Metadata.Builders;\nusing System.ComponentModel.DataAnnotations.Schema;\n";

    private const string Entities = """
        public class Blog { public int Id { get; set; } public string Url { get; set; } = ""; public List<Post> Posts { get; set; } = new(); }
        public class Post
        {
            public int Id { get; set; }
            public int BlogId { get; set; }
            public Blog Blog { get; set; } = null!;
            public List<Comment> Comments { get; set; } = new();
        }
        public class Comment { public int Id { get; set; } public int PostId { get; set; } public Post Post { get; set; } = null!; }
        """;

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<DbPractices.Analyzers.Rules.Mapping.RelationshipStringAnalyzer>.VerifyAsync(new[] { Usings + Entities + source }, EfProvider.Sqlite, null, expected);

    private static DiagnosticResult Named(int location, string name, string type, string member, string use) =>
        Verify.Diagnostic("DBP003").WithLocation(location).WithArguments(name, type, member, use);

    private static DiagnosticResult NoMember(int location, string name, string type, string suggestion = "") =>
        Verify.Diagnostic("DBP004").WithLocation(location).WithArguments(name, type, suggestion);

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
    public Task Strings_naming_nothing_fire_DBP004_with_did_you_mean() => Analyze("""
        public class Ctx : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Post>().HasOne(p => p.Blog).WithMany(b => b.Posts).HasForeignKey({|#0:"BlogID"|});
                modelBuilder.Entity<Post>().HasIndex({|#1:"Completely"|});
            }
            public void Use() => Blogs.Include({|#2:"Post.Comments"|}).ToList();
        }
        public class Tagged { public int Id { get; set; } [ForeignKey({|#3:"Ownr"|})] public int OwnerId { get; set; } public Blog Owner { get; set; } = null!; }
        """,
        NoMember(0, "BlogID", "Post", " (did you mean 'BlogId'?)"),
        NoMember(1, "Completely", "Post"),
        NoMember(2, "Post", "Blog", " (did you mean 'Posts.Comments'?)"),
        NoMember(3, "Ownr", "Tagged", " (did you mean 'Owner'?)"));

    [Fact]
    public Task Shadow_foreign_keys_declared_by_HasForeignKey_or_ForeignKey_on_a_navigation_are_silent() => Analyze("""
        public class Author { public int Id { get; set; } [ForeignKey("AuthorKey")] public List<Book> Books { get; set; } = new(); }
        public class Book { public int Id { get; set; } [ForeignKey("WriterKey")] public Author Writer { get; set; } = null!; public Author? Editor { get; set; } }
        public class Ctx : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Author> Authors => Set<Author>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Comment>().HasOne(c => c.Post).WithMany(p => p.Comments).HasForeignKey("PostKey");
                modelBuilder.Entity<Book>().HasOne(b => b.Editor).WithMany().HasForeignKey("EditorKey", "EditorRevision");
                modelBuilder.Entity<Book>().HasIndex("EditorKey");
            }
        }
        """);

    [Fact]
    public Task Foreign_key_names_differing_only_in_case_from_a_member_still_fire() => Analyze("""
        public class Book { public int Id { get; set; } public int WriterId { get; set; } [ForeignKey({|#0:"WriterID"|})] public Blog Writer { get; set; } = null!; }
        public class Ctx : DbContext
        {
            public DbSet<Book> Books => Set<Book>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                modelBuilder.Entity<Comment>().HasOne(c => c.Post).WithMany(p => p.Comments).HasForeignKey({|#1:"postId"|});
        }
        """,
        NoMember(0, "WriterID", "Book", " (did you mean 'WriterId'?)"),
        NoMember(1, "postId", "Comment", " (did you mean 'PostId'?)"));

    [Fact]
    public Task Join_entity_property_bags_and_indexer_properties_are_silent() => Analyze("""
        public class Tag { public int Id { get; set; } public List<Blog> Blogs { get; set; } = new(); }
        public class Bag { public int Id { get; set; } public object? this[string key] { get => null; set { } } }
        public class Ctx : DbContext
        {
            public DbSet<Tag> Tags => Set<Tag>();
            public DbSet<Bag> Bags => Set<Bag>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Tag>().HasMany(t => t.Blogs).WithMany().UsingEntity<Dictionary<string, object>>(
                    "BlogTag",
                    r => r.HasOne<Blog>().WithMany().HasForeignKey("BlogsId"),
                    l => l.HasOne<Tag>().WithMany().HasForeignKey("TagsId"),
                    j =>
                    {
                        j.HasKey("BlogsId", "TagsId");
                        j.Property<DateTime>("PublishedOn");
                        j.HasIndex("PublishedOn");
                    });
                modelBuilder.Entity<Bag>().IndexerProperty<string>("Name");
                modelBuilder.Entity<Bag>().HasIndex("Name");
            }
        }
        """);

    [Fact]
    public Task Discriminator_name_declared_by_HasDiscriminator_is_silent_and_fires_without_it() => Analyze("""
        public class Animal { public int Id { get; set; } }
        public class Cat : Animal { public bool Purrs { get; set; } }
        public class Zoo : DbContext
        {
            public DbSet<Animal> Animals => Set<Animal>();
            public DbSet<Cat> Cats => Set<Cat>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Animal>().HasDiscriminator<string>("animal_type").HasValue<Cat>("cat");
                modelBuilder.Entity<Animal>().Property("animal_type").HasMaxLength(200);
                modelBuilder.Entity<Blog>().Property({|#0:"blog_type"|}).HasMaxLength(200);
            }
        }
        """,
        NoMember(0, "blog_type", "Blog"));

    private const string TemporalEmployee = """
        public class Employee { public int Id { get; set; } public string Name { get; set; } = ""; }
        public class Audit { public int Id { get; set; } }
        public class Ctx : DbContext
        {
            public DbSet<Employee> Employees => Set<Employee>();
            public DbSet<Audit> Audits => Set<Audit>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Employee>().ToTable("Employees", t => t.IsTemporal(p =>
                {
                    p.HasPeriodStart("ValidFrom");
                    p.HasPeriodEnd("ValidTo");
                }));
                modelBuilder.Entity<Employee>().Property<DateTime>("ValidFrom").HasColumnName("ValidFrom");
                modelBuilder.Entity<Employee>().HasIndex("ValidTo");
                modelBuilder.Entity<Audit>().ToTable(t => t.IsTemporal());
                modelBuilder.Entity<Audit>().HasIndex("PeriodStart");
                modelBuilder.Entity<Audit>().HasIndex(MARK);
            }
            public List<Employee> AsOf(DateTime d) =>
                Employees.Where(e => EF.Property<DateTime>(e, "ValidFrom") <= d && EF.Property<DateTime>(e, "ValidTo") > d).ToList();
        }
        """;

    [Fact]
    public Task Temporal_period_names_are_silent_and_other_names_still_fire() =>
        AnalyzerVerifier<DbPractices.Analyzers.Rules.Mapping.RelationshipStringAnalyzer>.VerifyAsync(
            new[] { Usings + Entities + TemporalEmployee.Replace("MARK", "{|#0:\"ValidFrom\"|}") },
            EfProvider.None,
            null,
            References.SqlServer,
            NoMember(0, "ValidFrom", "Audit"));

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
        RelationshipStringFixer.UseNameofOrLambdaKey,
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

    [Fact]
    public Task Fix_replaces_a_typo_with_nameof_of_the_closest_member() => Verify.VerifyFixAsync(
        new[]
        {
            Usings + Entities + """
            public class Ctx : DbContext
            {
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Post>().HasOne(p => p.Blog).WithMany(b => b.Posts).HasForeignKey({|DBP004:"BlogID"|});
                    modelBuilder.Entity<Comment>().HasIndex({|DBP004:"PostID"|}, {|DBP004:"Idd"|});
                }
            }
            """,
        },
        new[]
        {
            Usings + Entities + """
            public class Ctx : DbContext
            {
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Post>().HasOne(p => p.Blog).WithMany(b => b.Posts).HasForeignKey(nameof(Post.BlogId));
                    modelBuilder.Entity<Comment>().HasIndex(nameof(Comment.PostId), nameof(Comment.Id));
                }
            }
            """,
        },
        RelationshipStringFixer.UseClosestMemberKey,
        EfProvider.Sqlite);
}
