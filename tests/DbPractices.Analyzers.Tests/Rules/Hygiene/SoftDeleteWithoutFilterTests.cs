using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Hygiene;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Hygiene;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Hygiene.SoftDeleteWithoutFilterAnalyzer,
    DbPractices.CodeFixes.Rules.Hygiene.SoftDeleteWithoutFilterFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Hygiene;

public class SoftDeleteWithoutFilterTests
{
    private const string Usings = "using System;\nusing System.Linq;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing Microsoft.EntityFrameworkCore.Metadata.Builders;\n";

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<SoftDeleteWithoutFilterAnalyzer>.VerifyAsync(new[] { Usings + source }, EfProvider.Sqlite, null, expected);

    private static DiagnosticResult Expect(int location, string property, string entity) =>
        Verify.Diagnostic("DBP017").WithLocation(location).WithArguments(property, entity);

    [Fact]
    public Task Soft_delete_properties_without_filter_fire() => Analyze("""
        public class Post { public int Id { get; set; } public bool {|#0:IsDeleted|} { get; set; } public DateTime? DeletedAt { get; set; } }
        public class Comment { public int Id { get; set; } public DateTimeOffset? {|#1:DeletedAt|} { get; set; } }
        public interface ISoftDelete { bool Removed { get; set; } }
        public class Tag : ISoftDelete { public int Id { get; set; } public bool {|#2:Removed|} { get; set; } }
        public class Blog : DbContext
        {
            public DbSet<Post> Posts => Set<Post>();
            public DbSet<Comment> Comments => Set<Comment>();
            public DbSet<Tag> Tags => Set<Tag>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                modelBuilder.Entity<Comment>().HasQueryFilter(c => c.Id > 0);
        }
        """,
        Expect(0, "IsDeleted", "Post"), Expect(1, "DeletedAt", "Comment"), Expect(2, "Removed", "Tag"));

    [Fact]
    public Task Property_of_an_unmapped_base_class_is_reported_per_entity() => Analyze("""
        public abstract class Entity { public int Id { get; set; } public bool {|#0:IsDeleted|} { get; set; } }
        public class Post : Entity { }
        public class Page : Entity { }
        public class Blog : DbContext
        {
            public DbSet<Post> Posts => Set<Post>();
            public DbSet<Page> Pages => Set<Page>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Page>().HasQueryFilter(p => !p.IsDeleted);
        }
        """,
        Expect(0, "IsDeleted", "Post"));

    [Fact]
    public Task Option_names_the_soft_delete_properties() => AnalyzerVerifier<SoftDeleteWithoutFilterAnalyzer>.VerifyAsync(
        new[] { Usings + """
        public class Post { public int Id { get; set; } public bool {|#0:Archived|} { get; set; } public bool IsDeleted { get; set; } }
        public class Blog : DbContext { public DbSet<Post> Posts => Set<Post>(); }
        """ },
        EfProvider.Sqlite,
        "dbpractices.soft_delete_properties = Archived",
        Expect(0, "Archived", "Post"));

    [Fact]
    public Task Filters_reading_the_property_are_silent() => Analyze("""
        public interface ISoftDelete { bool IsDeleted { get; } }
        public class Post : ISoftDelete { public int Id { get; set; } public bool IsDeleted { get; set; } }
        public class Comment { public int Id { get; set; } public DateTime? DeletedAt { get; set; } }
        public class Tag { public int Id { get; set; } public bool IsDeleted { get; set; } }
        public class Note { public int Id { get; set; } public bool IsDeleted { get; set; } public DateTime DeletedAt { get; set; } }
        public class TagConfiguration : IEntityTypeConfiguration<Tag>
        {
            public void Configure(EntityTypeBuilder<Tag> builder) => builder.HasQueryFilter(t => EF.Property<bool>(t, "IsDeleted") == false);
        }
        public class Blog : DbContext
        {
            public DbSet<Post> Posts => Set<Post>();
            public DbSet<Comment> Comments => Set<Comment>();
            public DbSet<Tag> Tags => Set<Tag>();
            public DbSet<Note> Notes => Set<Note>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Comment>().HasQueryFilter(c => c.DeletedAt == null && c.Id > 0);
                modelBuilder.Entity<Note>().HasQueryFilter(n => !n.IsDeleted);
                foreach (var entityType in modelBuilder.Model.GetEntityTypes())
                {
                    if (typeof(ISoftDelete).IsAssignableFrom(entityType.ClrType))
                    {
                        entityType.SetQueryFilter(SoftDeleteFilter(entityType.ClrType));
                    }
                }
            }
            private static System.Linq.Expressions.LambdaExpression SoftDeleteFilter(Type type)
            {
                var parameter = System.Linq.Expressions.Expression.Parameter(type, "e");
                return System.Linq.Expressions.Expression.Lambda(
                    System.Linq.Expressions.Expression.Not(System.Linq.Expressions.Expression.Property(parameter, nameof(ISoftDelete.IsDeleted))), parameter);
            }
        }
        """);

    [Fact]
    public Task Owned_types_non_entities_and_other_types_are_silent() => Analyze("""
        [Owned] public class Audit { public bool IsDeleted { get; set; } }
        public class Post { public int Id { get; set; } public Audit Audit { get; set; } = new(); public string IsDeletedText { get; set; } = ""; }
        public class PostDto { public bool IsDeleted { get; set; } }
        public class Event { public int Id { get; set; } public int IsDeleted { get; set; } }
        public class Blog : DbContext { public DbSet<Post> Posts => Set<Post>(); public DbSet<Event> Events => Set<Event>(); }
        """);

    [Fact]
    public Task Fix_adds_filter_to_configuration_class_and_on_model_creating() => Verify.VerifyFixAsync(
        new[]
        {
            """
            using System;

            public class Post { public int Id { get; set; } public bool {|DBP017:IsDeleted|} { get; set; } }
            public class Comment { public int Id { get; set; } public DateTime? {|DBP017:DeletedAt|} { get; set; } }
            """,
            """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;

            namespace Data
            {
                public class PostConfiguration : IEntityTypeConfiguration<Post>
                {
                    public void Configure(EntityTypeBuilder<Post> builder)
                    {
                        builder.ToTable("Posts");
                    }
                }

                public class BlogContext : DbContext
                {
                    public DbSet<Post> Posts => Set<Post>();
                    public DbSet<Comment> Comments => Set<Comment>();

                    protected override void OnModelCreating(ModelBuilder modelBuilder)
                    {
                        modelBuilder.ApplyConfiguration(new PostConfiguration());
                    }
                }
            }
            """,
        },
        new[]
        {
            """
            using System;

            public class Post { public int Id { get; set; } public bool IsDeleted { get; set; } }
            public class Comment { public int Id { get; set; } public DateTime? DeletedAt { get; set; } }
            """,
            """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;

            namespace Data
            {
                public class PostConfiguration : IEntityTypeConfiguration<Post>
                {
                    public void Configure(EntityTypeBuilder<Post> builder)
                    {
                        builder.ToTable("Posts");
                        builder.HasQueryFilter(e => !e.IsDeleted);
                    }
                }

                public class BlogContext : DbContext
                {
                    public DbSet<Post> Posts => Set<Post>();
                    public DbSet<Comment> Comments => Set<Comment>();

                    protected override void OnModelCreating(ModelBuilder modelBuilder)
                    {
                        modelBuilder.ApplyConfiguration(new PostConfiguration());
                        modelBuilder.Entity<Comment>().HasQueryFilter(e => e.DeletedAt == null);
                    }
                }
            }
            """,
        },
        SoftDeleteWithoutFilterFixer.AddFilterKey);

    [Fact]
    public Task Fix_joins_the_existing_unnamed_filter() => Verify.VerifyFixAsync(
        """
        using Microsoft.EntityFrameworkCore;

        public class Order { public int Id { get; set; } public int TenantId { get; set; } public bool? {|DBP017:IsDeleted|} { get; set; } }
        public class Invoice { public int Id { get; set; } public int TenantId { get; set; } public bool {|DBP017:IsDeleted|} { get; set; } }

        public class Shop : DbContext
        {
            private int _tenant;
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Invoice> Invoices => Set<Invoice>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Order>().HasQueryFilter(o => o.TenantId == _tenant || _tenant == 0);
                modelBuilder.Entity<Invoice>(b =>
                {
                    b.HasQueryFilter(i => i.TenantId == _tenant);
                });
            }
        }
        """,
        """
        using Microsoft.EntityFrameworkCore;

        public class Order { public int Id { get; set; } public int TenantId { get; set; } public bool? IsDeleted { get; set; } }
        public class Invoice { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }

        public class Shop : DbContext
        {
            private int _tenant;
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Invoice> Invoices => Set<Invoice>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Order>().HasQueryFilter(o => (o.TenantId == _tenant || _tenant == 0) && o.IsDeleted != true);
                modelBuilder.Entity<Invoice>(b =>
                {
                    b.HasQueryFilter(i => i.TenantId == _tenant && !i.IsDeleted);
                });
            }
        }
        """,
        SoftDeleteWithoutFilterFixer.AddFilterKey);

    [Fact]
    public Task Fix_adds_a_named_filter_beside_named_filters_on_ef_core_10() => Verify.VerifyFixAsync(
        """
        using Microsoft.EntityFrameworkCore;

        public class Order { public int Id { get; set; } public int TenantId { get; set; } public bool {|DBP017:IsDeleted|} { get; set; } }

        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Order>().HasQueryFilter("Tenant", o => o.TenantId == 1);
            }
        }
        """,
        """
        using Microsoft.EntityFrameworkCore;

        public class Order { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }

        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Order>().HasQueryFilter("Tenant", o => o.TenantId == 1);
                modelBuilder.Entity<Order>().HasQueryFilter("SoftDelete", e => !e.IsDeleted);
            }
        }
        """,
        SoftDeleteWithoutFilterFixer.AddFilterKey);

    [Fact]
    public async Task No_fix_when_a_loop_sets_the_filter_or_no_place_to_configure()
    {
        var source = """
            using Microsoft.EntityFrameworkCore;

            public class Order { public int Id { get; set; } public int TenantId { get; set; } public bool {|DBP017:IsDeleted|} { get; set; } }
            public class Shop : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
            }
            """;
        await Verify.VerifyFixAsync(new[] { source }, new[] { source }, SoftDeleteWithoutFilterFixer.AddFilterKey);
    }

    [Fact]
    public async Task Soft_delete_filter_replaced_by_a_later_unnamed_filter_fires_without_a_fix()
    {
        // EF Core keeps only the last unnamed filter: IsDeleted is no longer filtered (DBP022 reports the overwrite and merges)
        var source = """
            using System;
            using Microsoft.EntityFrameworkCore;

            public class Order { public int Id { get; set; } public Guid TenantId { get; set; } public bool {|DBP017:IsDeleted|} { get; set; } }
            public class Invoice { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
            public class Shop : DbContext
            {
                private readonly Guid _tenant;
                public DbSet<Order> Orders => Set<Order>();
                public DbSet<Invoice> Invoices => Set<Invoice>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Order>().HasQueryFilter(e => !e.IsDeleted);
                    modelBuilder.Entity<Order>().HasQueryFilter(e => e.TenantId == _tenant);
                    modelBuilder.Entity<Invoice>().HasQueryFilter(e => e.TenantId == _tenant);
                    modelBuilder.Entity<Invoice>().HasQueryFilter(e => !e.IsDeleted);
                }
            }
            """;
        await Verify.VerifyFixAsync(new[] { source }, new[] { source }, SoftDeleteWithoutFilterFixer.AddFilterKey);
    }

    [Fact]
    public Task Soft_delete_filter_of_a_generic_helper_counts_for_the_types_it_is_called_with() => Analyze("""
        public interface ISoftDelete { bool IsDeleted { get; set; } }
        public class Order : ISoftDelete { public int Id { get; set; } public bool IsDeleted { get; set; } }
        public class Invoice : ISoftDelete { public int Id { get; set; } public bool IsDeleted { get; set; } }
        public class Line : ISoftDelete { public int Id { get; set; } public bool {|#0:IsDeleted|} { get; set; } }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<Invoice> Invoices => Set<Invoice>();
            public DbSet<Line> Lines => Set<Line>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                ConfigureSoftDelete(modelBuilder.Entity<Order>());
                Configure<Invoice>(modelBuilder);
            }
            static void ConfigureSoftDelete<T>(EntityTypeBuilder<T> b) where T : class, ISoftDelete => b.HasQueryFilter(e => !e.IsDeleted);
            static void Configure<T>(ModelBuilder modelBuilder) where T : class, ISoftDelete => modelBuilder.Entity<T>().HasQueryFilter(e => !e.IsDeleted);
        }
        """,
        Expect(0, "IsDeleted", "Line"));
}
