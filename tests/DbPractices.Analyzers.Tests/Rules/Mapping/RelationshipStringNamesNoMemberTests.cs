using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Mapping;
using Xunit;
using static DbPractices.Analyzers.Tests.Rules.Mapping.RelationshipStringCases;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Mapping.RelationshipStringNamesNoMemberAnalyzer,
    DbPractices.CodeFixes.Rules.Mapping.RelationshipStringNamesNoMemberFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Mapping;

/// <summary>DBP004: the cases run DBP003 and DBP004 together (<see cref="RelationshipStringCases"/>), as the two rules read the same strings.</summary>
public class RelationshipStringNamesNoMemberTests
{
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
        RelationshipStringCases.Analyze(
            new[] { Usings + Entities + TemporalEmployee.Replace("MARK", "{|#0:\"ValidFrom\"|}") },
            EfProvider.None,
            References.SqlServer,
            NoMember(0, "ValidFrom", "Audit"));

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
        RelationshipStringNamesNoMemberFixer.UseClosestMemberKey,
        EfProvider.Sqlite);
}
