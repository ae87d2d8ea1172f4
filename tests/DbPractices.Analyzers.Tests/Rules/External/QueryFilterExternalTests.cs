using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Hygiene;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Hygiene;
using Xunit;
using Required = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Hygiene.RequiredNavigationToFilteredEntityAnalyzer,
    DbPractices.CodeFixes.Rules.Hygiene.RequiredNavigationToFilteredEntityFixer>;
using SoftDelete = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Hygiene.SoftDeleteWithoutFilterAnalyzer,
    DbPractices.CodeFixes.Rules.Hygiene.SoftDeleteWithoutFilterFixer>;

namespace DbPractices.Analyzers.Tests.Rules.External;

/// <summary>DBP017 and DBP023 about entities declared in a Domain project (or a shared kernel's base class): reported at the configuration site, HasQueryFilter written there.</summary>
public class QueryFilterExternalTests
{
    private const string KernelDomain = """
        using System;
        namespace Kernel;
        public abstract class Entity
        {
            public Guid Id { get; protected set; }
            public bool IsDeleted { get; set; }
        }
        public class Blog : Entity
        {
            public string Title { get; set; } = "";
        }
        """;

    [Theory]
    [InlineData(DomainReference.Project)]
    [InlineData(DomainReference.Assembly)]
    public Task Soft_delete_property_of_a_kernel_base_fires_for_each_entity(DomainReference reference) => MultiProject.VerifyAsync<SoftDeleteWithoutFilterAnalyzer>(
        new Domain(KernelDomain, reference: reference),
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;
            using Kernel;
            public class Post : Entity { public string Body { get; set; } = ""; }
            public class BlogContext : DbContext
            {
                public DbSet<Blog> {|#0:Blogs|} => Set<Blog>();
                public DbSet<Post> {|#1:Posts|} => Set<Post>();
            }
            """,
        },
        EfProvider.None,
        null,
        SoftDelete.Diagnostic("DBP017").WithLocation(0).WithArguments("IsDeleted", "Blog"),
        SoftDelete.Diagnostic("DBP017").WithLocation(1).WithArguments("IsDeleted", "Post"));

    [Fact]
    public Task A_fluent_filter_keeps_soft_delete_silent() => MultiProject.VerifyAsync<SoftDeleteWithoutFilterAnalyzer>(
        new Domain(KernelDomain, reference: DomainReference.Assembly), """
        using Microsoft.EntityFrameworkCore;
        using Kernel;
        public class BlogContext : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
            }
        }
        """);

    [Fact]
    public Task Soft_delete_fix_adds_HasQueryFilter_to_the_configuration_class() => MultiProject.VerifyFixAsync<SoftDeleteWithoutFilterAnalyzer, SoftDeleteWithoutFilterFixer>(
        new Domain(KernelDomain),
        """
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        using Kernel;
        public class BlogContext : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
        }
        public class {|DBP017:BlogConfiguration|} : IEntityTypeConfiguration<Blog>
        {
            public void Configure(EntityTypeBuilder<Blog> builder)
            {
                builder.ToTable("Blogs");
            }
        }
        """,
        """
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        using Kernel;
        public class BlogContext : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
        }
        public class BlogConfiguration : IEntityTypeConfiguration<Blog>
        {
            public void Configure(EntityTypeBuilder<Blog> builder)
            {
                builder.ToTable("Blogs");
                builder.HasQueryFilter(e => !e.IsDeleted);
            }
        }
        """,
        SoftDeleteWithoutFilterFixer.AddFilterKey);

    private const string PostDomain = """
        #nullable enable
        using System.Collections.Generic;
        namespace Blogs.Domain;
        public class Blog { public int Id { get; set; } public bool IsDeleted { get; set; } public List<Post> Posts { get; set; } = new(); }
        public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; }
        """;

    private const string PostContext = """
        using Microsoft.EntityFrameworkCore;
        using Blogs.Domain;
        public class BlogContext : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Post> {|#0:Posts|} => Set<Post>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
            }
        }
        """;

    [Theory]
    [InlineData(DomainReference.Project)]
    [InlineData(DomainReference.Assembly)]
    public Task Required_navigation_to_a_filtered_entity_fires_at_the_DbSet(DomainReference reference) => MultiProject.VerifyAsync<RequiredNavigationToFilteredEntityAnalyzer>(
        new Domain(PostDomain, reference: reference), PostContext,
        Required.Diagnostic("DBP023").WithLocation(0).WithArguments("Post.Blog", "Blog", "Post"));

    [Fact]
    public Task Required_navigation_fix_adds_the_matching_filter_to_OnModelCreating() => MultiProject.VerifyFixAsync<RequiredNavigationToFilteredEntityAnalyzer, RequiredNavigationToFilteredEntityFixer>(
        new Domain(PostDomain),
        PostContext.Replace("{|#0:Posts|}", "{|DBP023:Posts|}"),
        """
        using Microsoft.EntityFrameworkCore;
        using Blogs.Domain;
        public class BlogContext : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Post> Posts => Set<Post>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
                modelBuilder.Entity<Post>().HasQueryFilter(e => !e.Blog.IsDeleted);
            }
        }
        """);
}
