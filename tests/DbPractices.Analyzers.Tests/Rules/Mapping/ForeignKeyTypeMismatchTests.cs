using System.Threading.Tasks;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Mapping;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Mapping.ForeignKeyTypeMismatchAnalyzer,
    DbPractices.CodeFixes.Rules.Mapping.ForeignKeyTypeMismatchFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Mapping;

public class ForeignKeyTypeMismatchTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing System.ComponentModel.DataAnnotations;\nusing System.ComponentModel.DataAnnotations.Schema;\n";
    private const string Shadow = "EF Core ignores it and creates a shadow foreign key (event 10625)";
    private const string Rejected = "EF Core rejects the configured foreign key when it builds the model";

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<DbPractices.Analyzers.Rules.Mapping.ForeignKeyTypeMismatchAnalyzer>.VerifyAsync(new[] { Usings + source }, EfProvider.Sqlite, null, expected);

    [Fact]
    public Task Conventional_key_of_another_type_fires() => Analyze("""
        public class Blog { public Guid Id { get; set; } public List<Post> Posts { get; set; } = new(); }
        public class Post { public int Id { get; set; } public int {|#0:BlogId|} { get; set; } public Blog Blog { get; set; } = null!; }
        public class Tag { public int Id { get; set; } public long? {|#1:BlogId|} { get; set; } }
        public class Note { public int Id { get; set; } public long {|#2:AuthorId|} { get; set; } public Author? Author { get; set; } }
        public class Author { public int Id { get; set; } }
        public class Site : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Note> Notes => Set<Note>();
            protected override void OnModelCreating(ModelBuilder b) => b.Entity<Blog>().HasMany<Tag>().WithOne();
        }
        """,
        Verify.Diagnostic("DBP024").WithLocation(0).WithArguments("Post.BlogId", "int", "Blog", "Id", "Guid", Shadow),
        Verify.Diagnostic("DBP024").WithLocation(1).WithArguments("Tag.BlogId", "long?", "Blog", "Id", "Guid", Shadow),
        Verify.Diagnostic("DBP024").WithLocation(2).WithArguments("Note.AuthorId", "long", "Author", "Id", "int", Shadow));

    // EF Core's docs sample Modeling/Relationships/DataAnnotations/InverseProperty.cs: a true positive (EF Core 10 adds shadow
    // AuthorUserId1/ContributorUserId1, see ErrorRulesAgreementTests); a getter-only reference beside it is no navigation
    [Fact]
    public Task Navigation_named_key_of_another_type_fires_and_getter_only_references_do_not_count() => Analyze("""
        public class Post
        {
            public int PostId { get; set; }
            public int {|#0:AuthorUserId|} { get; set; }
            public User Author { get; set; } = null!;
            public int {|#1:ContributorUserId|} { get; set; }
            public User Contributor { get; set; } = null!;
            public int ReviewerUserId { get; set; }
            public User? Reviewer => Contributor;
        }
        public class User
        {
            public string UserId { get; set; } = "";
            [InverseProperty("Author")] public List<Post> AuthoredPosts { get; set; } = new();
            [InverseProperty("Contributor")] public List<Post> ContributedToPosts { get; set; } = new();
        }
        public class Site : DbContext { public DbSet<Post> Posts => Set<Post>(); }
        """,
        Verify.Diagnostic("DBP024").WithLocation(0).WithArguments("Post.AuthorUserId", "int", "User", "UserId", "string", Shadow),
        Verify.Diagnostic("DBP024").WithLocation(1).WithArguments("Post.ContributorUserId", "int", "User", "UserId", "string", Shadow));

    [Fact]
    public Task Configured_key_of_another_type_fires() => Analyze("""
        public class Owner { public int Id { get; set; } }
        public class Pet { public int Id { get; set; } public string {|#0:OwnerRef|} { get; set; } = ""; [ForeignKey(nameof(OwnerRef))] public Owner Owner { get; set; } = null!; }
        public class Car { public int Id { get; set; } public long {|#1:Holder|} { get; set; } public Owner Owner { get; set; } = null!; }
        public class Zoo : DbContext
        {
            public DbSet<Pet> Pets => Set<Pet>();
            protected override void OnModelCreating(ModelBuilder b) => b.Entity<Car>().HasOne(c => c.Owner).WithMany().HasForeignKey(c => c.Holder);
        }
        """,
        Verify.Diagnostic("DBP024").WithLocation(0).WithArguments("Pet.OwnerRef", "string", "Owner", "Id", "int", Rejected),
        Verify.Diagnostic("DBP024").WithLocation(1).WithArguments("Car.Holder", "long", "Owner", "Id", "int", Rejected));

    [Fact]
    public Task Matching_nullable_and_unrelated_keys_are_silent() => Analyze("""
        public class Blog { public int Id { get; set; } public List<Post> Posts { get; set; } = new(); }
        public class Post { public int Id { get; set; } public int? BlogId { get; set; } public Blog? Blog { get; set; } }
        public class Owner { [Key] public int Code { get; set; } }
        public class Pet { public int Id { get; set; } public long OwnerCode { get; set; } public int OwnerId { get; set; } public Owner Owner { get; set; } = null!; }
        public class Log { public int Id { get; set; } public string BlogId { get; set; } = ""; }
        public class Site : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Pet> Pets => Set<Pet>();
            public DbSet<Log> Logs => Set<Log>();
        }
        """);

    [Fact]
    public Task Fix_changes_the_type_keeping_nullability_and_fix_all() => Verify.VerifyFixAsync(
        new[]
        {
            """
            using System;
            using System.Collections.Generic;
            using Microsoft.EntityFrameworkCore;

            public class Blog { public Guid Id { get; set; } public List<Post> Posts { get; set; } = new(); }
            public class Post
            {
                public int Id { get; set; }
                public int {|DBP024:BlogId|} { get; set; } // the blog
                public Blog Blog { get; set; } = null!;
            }
            public class Draft { public int Id { get; set; } public long? {|DBP024:BlogId|} { get; set; } public Blog? Blog { get; set; } }
            public class Site : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); public DbSet<Draft> Drafts => Set<Draft>(); }
            """,
        },
        new[]
        {
            """
            using System;
            using System.Collections.Generic;
            using Microsoft.EntityFrameworkCore;

            public class Blog { public Guid Id { get; set; } public List<Post> Posts { get; set; } = new(); }
            public class Post
            {
                public int Id { get; set; }
                public Guid BlogId { get; set; } // the blog
                public Blog Blog { get; set; } = null!;
            }
            public class Draft { public int Id { get; set; } public Guid? BlogId { get; set; } public Blog? Blog { get; set; } }
            public class Site : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); public DbSet<Draft> Drafts => Set<Draft>(); }
            """,
        },
        ForeignKeyTypeMismatchFixer.ChangeTypeKey);
}
