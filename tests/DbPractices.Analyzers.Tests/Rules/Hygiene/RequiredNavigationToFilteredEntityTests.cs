using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Hygiene;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Hygiene;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Hygiene.RequiredNavigationToFilteredEntityAnalyzer,
    DbPractices.CodeFixes.Rules.Hygiene.RequiredNavigationToFilteredEntityFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Hygiene;

public class RequiredNavigationToFilteredEntityTests
{
    private const string Usings = "#nullable enable\nusing System;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing System.ComponentModel.DataAnnotations;\n";

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<RequiredNavigationToFilteredEntityAnalyzer>.VerifyAsync(new[] { Usings + source }, EfProvider.Sqlite, null, expected);

    private static DiagnosticResult Expect(int location, string navigation, string principal, string dependent) =>
        Verify.Diagnostic("DBP023").WithLocation(location).WithArguments(navigation, principal, dependent);

    [Fact]
    public Task Required_navigations_to_filtered_entity_fire() => Analyze("""
        public class Blog { public int Id { get; set; } public bool IsDeleted { get; set; } public List<Post> Posts { get; set; } = new(); }
        public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog {|#0:Blog|} { get; set; } = null!; }
        public class Image { public int Id { get; set; } public int? BlogId { get; set; } [Required] public Blog? {|#1:Blog|} { get; set; } }
        public class Tag { public int Id { get; set; } public Blog {|#2:Blog|} { get; set; } = null!; }
        public class Link { public int Id { get; set; } public int? BlogId { get; set; } public Blog? {|#3:Blog|} { get; set; } }
        public class Ctx : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Image> Images => Set<Image>();
            public DbSet<Tag> Tags => Set<Tag>();
            public DbSet<Link> Links => Set<Link>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
                modelBuilder.Entity<Link>().HasOne(l => l.Blog).WithMany().IsRequired();
            }
        }
        """,
        Expect(0, "Post.Blog", "Blog", "Post"), Expect(1, "Image.Blog", "Blog", "Image"), Expect(2, "Tag.Blog", "Blog", "Tag"), Expect(3, "Link.Blog", "Blog", "Link"));

    [Fact]
    public Task Optional_navigations_filtered_dependents_and_unfiltered_principals_are_silent() => Analyze("""
        public class Blog { public int Id { get; set; } public bool IsDeleted { get; set; } public List<Post> Posts { get; set; } = new(); }
        public class Post { public int Id { get; set; } public int? BlogId { get; set; } public Blog? Blog { get; set; } }
        public class Comment { public int Id { get; set; } public bool IsDeleted { get; set; } public Blog Blog { get; set; } = null!; }
        public class Author { public int Id { get; set; } }
        public class Book { public int Id { get; set; } public Author Author { get; set; } = null!; }
        public class Note { public int Id { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; }
        public class Ctx : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Comment> Comments => Set<Comment>();
            public DbSet<Book> Books => Set<Book>();
            public DbSet<Note> Notes => Set<Note>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
                modelBuilder.Entity<Comment>().HasQueryFilter(c => !c.IsDeleted);
                modelBuilder.Entity<Note>().HasOne(n => n.Blog).WithMany().IsRequired(false);
            }
        }
        """);

    [Fact]
    public Task Fix_makes_the_navigation_optional() => Verify.VerifyFixAsync(
        new[]
        {
            """
            #nullable enable
            using System.ComponentModel.DataAnnotations;
            using Microsoft.EntityFrameworkCore;

            public class Blog { public int Id { get; set; } public bool IsDeleted { get; set; } }
            public class Post
            {
                public int Id { get; set; }
                public Blog {|DBP023:Blog|} { get; set; } = null!;

                /// <summary>Cover.</summary>
                [Required]
                public Blog? {|DBP023:Cover|} { get; set; }
            }

            public class Ctx : DbContext
            {
                public DbSet<Post> Posts => Set<Post>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
            }
            """,
        },
        new[]
        {
            """
            #nullable enable
            using System.ComponentModel.DataAnnotations;
            using Microsoft.EntityFrameworkCore;

            public class Blog { public int Id { get; set; } public bool IsDeleted { get; set; } }
            public class Post
            {
                public int Id { get; set; }
                public Blog? Blog { get; set; }

                /// <summary>Cover.</summary>
                public Blog? Cover { get; set; }
            }

            public class Ctx : DbContext
            {
                public DbSet<Post> Posts => Set<Post>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
            }
            """,
        },
        RequiredNavigationToFilteredEntityFixer.MakeOptionalKey);

    [Fact]
    public Task Fix_adds_the_principal_filter_through_the_navigation() => Verify.VerifyFixAsync(
        new[]
        {
            """
            #nullable enable
            using Microsoft.EntityFrameworkCore;

            namespace Blogging;

            public class Blog { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
            public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog {|DBP023:Blog|} { get; set; } = null!; }
            public class Image { public int Id { get; set; } public int OwnerId { get; set; } public Blog {|DBP023:Owner|} { get; set; } = null!; }

            public class Ctx : DbContext
            {
                private int _tenant;
                public DbSet<Post> Posts => Set<Post>();
                public DbSet<Image> Images => Set<Image>();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted && b.TenantId == _tenant);
                }
            }
            """,
        },
        new[]
        {
            """
            #nullable enable
            using Microsoft.EntityFrameworkCore;

            namespace Blogging;

            public class Blog { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
            public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; }
            public class Image { public int Id { get; set; } public int OwnerId { get; set; } public Blog Owner { get; set; } = null!; }

            public class Ctx : DbContext
            {
                private int _tenant;
                public DbSet<Post> Posts => Set<Post>();
                public DbSet<Image> Images => Set<Image>();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted && b.TenantId == _tenant);
                    modelBuilder.Entity<Post>().HasQueryFilter(e => !e.Blog.IsDeleted && e.Blog.TenantId == _tenant);
                    modelBuilder.Entity<Image>().HasQueryFilter(e => !e.Owner.IsDeleted && e.Owner.TenantId == _tenant);
                }
            }
            """,
        },
        RequiredNavigationToFilteredEntityFixer.AddFilterKey);

    [Fact]
    public async Task No_filter_fix_when_the_filter_reads_context_state_from_another_class()
    {
        var source = """
            #nullable enable
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;

            public class Blog { public int Id { get; set; } public int TenantId { get; set; } }
            public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog {|DBP023:Blog|} { get; set; } = null!; }
            public class PostConfiguration : IEntityTypeConfiguration<Post>
            {
                public void Configure(EntityTypeBuilder<Post> builder) { builder.ToTable("Posts"); }
            }
            public class Ctx : DbContext
            {
                private int _tenant;
                public DbSet<Post> Posts => Set<Post>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Blog>().HasQueryFilter(b => b.TenantId == _tenant);
                }
            }
            """;
        await Verify.VerifyFixAsync(new[] { source }, new[] { source }, RequiredNavigationToFilteredEntityFixer.AddFilterKey);
    }

    [Fact]
    public Task Fix_copies_the_principal_filter_ef_core_keeps() => Verify.VerifyFixAsync(
        new[]
        {
            """
            #nullable enable
            using Microsoft.EntityFrameworkCore;

            public class Blog { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
            public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog {|DBP023:Blog|} { get; set; } = null!; }

            public class Ctx : DbContext
            {
                private int _tenant;
                public DbSet<Post> Posts => Set<Post>();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Blog>().HasQueryFilter(b => b.TenantId == _tenant);
                    modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
                }
            }
            """,
        },
        new[]
        {
            """
            #nullable enable
            using Microsoft.EntityFrameworkCore;

            public class Blog { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
            public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; }

            public class Ctx : DbContext
            {
                private int _tenant;
                public DbSet<Post> Posts => Set<Post>();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Blog>().HasQueryFilter(b => b.TenantId == _tenant);
                    modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
                    modelBuilder.Entity<Post>().HasQueryFilter(e => !e.Blog.IsDeleted);
                }
            }
            """,
        },
        RequiredNavigationToFilteredEntityFixer.AddFilterKey);
}
