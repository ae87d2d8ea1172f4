using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Mapping;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Mapping;
using Xunit;
using Ambiguous = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Mapping.AmbiguousRelationshipAnalyzer,
    DbPractices.CodeFixes.Rules.Mapping.AmbiguousRelationshipFixer>;
using Mismatch = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Mapping.ForeignKeyTypeMismatchAnalyzer,
    DbPractices.CodeFixes.Rules.Mapping.ForeignKeyTypeMismatchFixer>;

namespace DbPractices.Analyzers.Tests.Rules.External;

/// <summary>
/// DBP005 and DBP024 about entities declared in a Domain project: reported at the nearest configuration site.
/// Neither has a fix there (the navigation or the property's type is in the other project).
/// </summary>
public class RelationshipExternalTests
{
    private const string TaskDomain = """
        using System.Collections.Generic;
        namespace Work.Domain;
        public class TaskItem
        {
            public int Id { get; set; }
            public User CreatedBy { get; set; } = null!;
            public User AssignedTo { get; set; } = null!;
        }
        public class User
        {
            public int Id { get; set; }
            public List<TaskItem> CreatedTasks { get; set; } = new();
            public List<TaskItem> AssignedTasks { get; set; } = new();
        }
        """;

    private const string TaskContext = """
        using Microsoft.EntityFrameworkCore;
        using Work.Domain;
        public class WorkContext : DbContext
        {
            public DbSet<TaskItem> {|#0:{|#1:Tasks|}|} => Set<TaskItem>();
            public DbSet<User> {|#2:{|#3:Users|}|} => Set<User>();
        }
        """;

    [Theory]
    [InlineData(DomainReference.Project)]
    [InlineData(DomainReference.Assembly)]
    public Task Ambiguous_navigations_fire_at_the_DbSets(DomainReference reference) => MultiProject.VerifyAsync<AmbiguousRelationshipAnalyzer>(
        new Domain(TaskDomain, reference: reference), TaskContext,
        Ambiguous.Diagnostic("DBP005").WithLocation(0).WithArguments("TaskItem.CreatedBy", "User", "candidates: 'CreatedTasks', 'AssignedTasks'"),
        Ambiguous.Diagnostic("DBP005").WithLocation(1).WithArguments("TaskItem.AssignedTo", "User", "candidates: 'AssignedTasks', 'CreatedTasks'"),
        Ambiguous.Diagnostic("DBP005").WithLocation(2).WithArguments("User.CreatedTasks", "TaskItem", "candidates: 'CreatedBy', 'AssignedTo'"),
        Ambiguous.Diagnostic("DBP005").WithLocation(3).WithArguments("User.AssignedTasks", "TaskItem", "candidates: 'AssignedTo', 'CreatedBy'"));

    [Fact]
    public Task Fluent_pairing_keeps_ambiguous_navigations_silent() => MultiProject.VerifyAsync<AmbiguousRelationshipAnalyzer>(
        new Domain(TaskDomain, reference: DomainReference.Assembly), """
        using Microsoft.EntityFrameworkCore;
        using Work.Domain;
        public class WorkContext : DbContext
        {
            public DbSet<TaskItem> Tasks => Set<TaskItem>();
            public DbSet<User> Users => Set<User>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<TaskItem>().HasOne(t => t.CreatedBy).WithMany(u => u.CreatedTasks);
                modelBuilder.Entity<TaskItem>().HasOne(t => t.AssignedTo).WithMany(u => u.AssignedTasks);
            }
        }
        """);

    [Fact]
    public Task InverseProperty_in_the_domain_project_keeps_ambiguous_navigations_silent() => MultiProject.VerifyAsync<AmbiguousRelationshipAnalyzer>(
        new Domain(TaskDomain.Replace("public User CreatedBy", "[System.ComponentModel.DataAnnotations.Schema.InverseProperty(nameof(User.CreatedTasks))] public User CreatedBy")
            .Replace("public User AssignedTo", "[System.ComponentModel.DataAnnotations.Schema.InverseProperty(nameof(User.AssignedTasks))] public User AssignedTo"),
            withEfCore: true),
        TaskContext.Replace("{|#0:{|#1:Tasks|}|}", "Tasks").Replace("{|#2:{|#3:Users|}|}", "Users"));

    [Fact]
    public Task No_fix_for_an_ambiguous_navigation_of_another_project()
    {
        var source = TaskContext.Replace("{|#0:{|#1:Tasks|}|}", "{|DBP005:{|DBP005:Tasks|}|}").Replace("{|#2:{|#3:Users|}|}", "{|DBP005:{|DBP005:Users|}|}");
        return MultiProject.VerifyFixAsync<AmbiguousRelationshipAnalyzer, AmbiguousRelationshipFixer>(new Domain(TaskDomain), source, source);
    }

    private const string BlogDomain = """
        using System;
        using System.Collections.Generic;
        namespace Blogs.Domain;
        public class Blog
        {
            public Guid Id { get; set; }
            public List<Post> Posts { get; set; } = new();
        }
        public class Post
        {
            public int Id { get; set; }
            public int BlogId { get; set; }
            public Blog? Blog { get; set; }
        }
        """;

    [Theory]
    [InlineData(DomainReference.Project)]
    [InlineData(DomainReference.Assembly)]
    public Task Foreign_key_type_mismatch_fires_at_the_configuration_class(DomainReference reference) => MultiProject.VerifyAsync<ForeignKeyTypeMismatchAnalyzer>(
        new Domain(BlogDomain, reference: reference), """
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        using Blogs.Domain;
        public class BlogContext : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Post> Posts => Set<Post>();
        }
        public class {|#0:PostConfiguration|} : IEntityTypeConfiguration<Post>
        {
            public void Configure(EntityTypeBuilder<Post> builder) => builder.ToTable("Posts");
        }
        """,
        Mismatch.Diagnostic("DBP024").WithLocation(0).WithArguments("Post.BlogId", "int", "Blog", "Id", "Guid", "EF Core ignores it and creates a shadow foreign key (event 10625)"));

    [Fact]
    public Task No_fix_for_a_foreign_key_type_of_another_project()
    {
        var source = """
            using Microsoft.EntityFrameworkCore;
            using Blogs.Domain;
            public class BlogContext : DbContext
            {
                public DbSet<Blog> Blogs => Set<Blog>();
                public DbSet<Post> {|DBP024:Posts|} => Set<Post>();
            }
            """;
        return MultiProject.VerifyFixAsync<ForeignKeyTypeMismatchAnalyzer, ForeignKeyTypeMismatchFixer>(new Domain(BlogDomain), source, source);
    }
}
