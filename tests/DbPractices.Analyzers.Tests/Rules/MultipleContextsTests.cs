using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Hygiene;
using DbPractices.Analyzers.Rules.Mapping;
using DbPractices.Analyzers.Rules.Tenancy;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace DbPractices.Analyzers.Tests.Rules;

/// <summary>
/// Several DbContexts in one project: EF Core builds each one's model separately, so the rules judge an entity in
/// every context that maps it, configuration of one context never silences a rule in another, and the message names
/// the context.
/// </summary>
public class MultipleContextsTests
{
    private const string Usings = "using System;\nusing System.Linq;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing Microsoft.EntityFrameworkCore.Metadata.Builders;\n";

    private const string NoRelationship = "references 'Owner' by id without a relationship: the column gets neither an index nor a foreign-key constraint";

    private static Task Analyze<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new() =>
        AnalyzerVerifier<TAnalyzer>.VerifyAsync(new[] { Usings + source }, EfProvider.Sqlite, null, expected);

    private static DiagnosticResult D<TAnalyzer>(string id, int location, params object[] arguments)
        where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new() =>
        AnalyzerVerifier<TAnalyzer>.Diagnostic(id).WithLocation(location).WithArguments(arguments);

    // DBP001 ------------------------------------------------------------------------------------------------------

    [Fact]
    public Task DBP001_an_index_in_one_context_does_not_index_the_column_in_another() => Analyze<ForeignKeyWithoutIndexAnalyzer>("""
        public class Owner { public int Id { get; set; } }
        public class Blog { public int Id { get; set; } public int {|#0:OwnerId|} { get; set; } }
        public class AppDb : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Owner> Owners => Set<Owner>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasIndex(b => b.OwnerId);
        }
        public class ReportingDb : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Owner> Owners => Set<Owner>();
        }
        """,
        D<ForeignKeyWithoutIndexAnalyzer>("DBP001", 0, "Blog.OwnerId (in ReportingDb)", NoRelationship));

    [Fact]
    public Task DBP001_reported_once_when_it_holds_in_both_contexts() => Analyze<ForeignKeyWithoutIndexAnalyzer>("""
        public class Owner { public int Id { get; set; } }
        public class Blog { public int Id { get; set; } public int {|#0:OwnerId|} { get; set; } }
        public class AppDb : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); public DbSet<Owner> Owners => Set<Owner>(); }
        public class ReportingDb : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); public DbSet<Owner> Owners => Set<Owner>(); }
        """,
        D<ForeignKeyWithoutIndexAnalyzer>("DBP001", 0, "Blog.OwnerId (in AppDb)", NoRelationship));

    [Fact]
    public Task DBP001_a_configuration_class_applied_from_the_assembly_by_both_contexts_indexes_it_in_both() => Analyze<ForeignKeyWithoutIndexAnalyzer>("""
        public class Owner { public int Id { get; set; } }
        public class Blog { public int Id { get; set; } public int OwnerId { get; set; } }
        public class BlogConfiguration : IEntityTypeConfiguration<Blog>
        {
            public void Configure(EntityTypeBuilder<Blog> builder) => builder.HasIndex(b => b.OwnerId);
        }
        public class AppDb : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Owner> Owners => Set<Owner>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDb).Assembly);
        }
        public class ReportingDb : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Owner> Owners => Set<Owner>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfigurationsFromAssembly(typeof(ReportingDb).Assembly);
        }
        """);

    [Fact]
    public Task DBP001_a_configuration_class_applied_by_one_context_only_leaves_the_other() => Analyze<ForeignKeyWithoutIndexAnalyzer>("""
        public class Owner { public int Id { get; set; } }
        public class Blog { public int Id { get; set; } public int {|#0:OwnerId|} { get; set; } }
        public class BlogConfiguration : IEntityTypeConfiguration<Blog>
        {
            public void Configure(EntityTypeBuilder<Blog> builder) => builder.HasIndex(b => b.OwnerId);
        }
        public class AppDb : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Owner> Owners => Set<Owner>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfiguration(new BlogConfiguration());
        }
        public class ReportingDb : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); public DbSet<Owner> Owners => Set<Owner>(); }
        """,
        D<ForeignKeyWithoutIndexAnalyzer>("DBP001", 0, "Blog.OwnerId (in ReportingDb)", NoRelationship));

    [Fact]
    public Task DBP001_a_derived_context_inherits_the_index_of_base_OnModelCreating() => Analyze<ForeignKeyWithoutIndexAnalyzer>("""
        public class Owner { public int Id { get; set; } }
        public class Blog { public int Id { get; set; } public int OwnerId { get; set; } }
        public abstract class BaseDb : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Owner> Owners => Set<Owner>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasIndex(b => b.OwnerId);
        }
        public class AppDb : BaseDb
        {
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                base.OnModelCreating(modelBuilder);
                modelBuilder.Entity<Owner>().ToTable("Owners");
            }
        }
        public class ReadOnlyDb : BaseDb { }
        """);

    [Fact]
    public Task DBP001_a_derived_context_that_does_not_call_base_OnModelCreating_loses_its_index() => Analyze<ForeignKeyWithoutIndexAnalyzer>("""
        public class Owner { public int Id { get; set; } }
        public class Blog { public int Id { get; set; } public int {|#0:OwnerId|} { get; set; } }
        public abstract class BaseDb : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            public DbSet<Owner> Owners => Set<Owner>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasIndex(b => b.OwnerId);
        }
        public class AppDb : BaseDb
        {
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Owner>().ToTable("Owners");
        }
        """,
        D<ForeignKeyWithoutIndexAnalyzer>("DBP001", 0, "Blog.OwnerId (in AppDb)", NoRelationship));

    // DBP005 ------------------------------------------------------------------------------------------------------

    [Fact]
    public Task DBP005_relationships_configured_in_one_context_do_not_pair_the_navigations_in_another() => Analyze<AmbiguousRelationshipAnalyzer>("""
        public class TaskItem
        {
            public int Id { get; set; }
            public User {|#0:CreatedBy|} { get; set; } = null!;
            public User {|#1:AssignedTo|} { get; set; } = null!;
        }
        public class User
        {
            public int Id { get; set; }
            public List<TaskItem> {|#2:CreatedTasks|} { get; set; } = new();
            public List<TaskItem> {|#3:AssignedTasks|} { get; set; } = new();
        }
        public class Work : DbContext
        {
            public DbSet<TaskItem> Tasks => Set<TaskItem>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<TaskItem>().HasOne(t => t.CreatedBy).WithMany(u => u.CreatedTasks);
                modelBuilder.Entity<TaskItem>().HasOne(t => t.AssignedTo).WithMany(u => u.AssignedTasks);
            }
        }
        public class Reports : DbContext { public DbSet<TaskItem> Tasks => Set<TaskItem>(); }
        """,
        D<AmbiguousRelationshipAnalyzer>("DBP005", 0, "TaskItem.CreatedBy (in Reports)", "User", "candidates: 'CreatedTasks', 'AssignedTasks'"),
        D<AmbiguousRelationshipAnalyzer>("DBP005", 1, "TaskItem.AssignedTo (in Reports)", "User", "candidates: 'AssignedTasks', 'CreatedTasks'"),
        D<AmbiguousRelationshipAnalyzer>("DBP005", 2, "User.CreatedTasks (in Reports)", "TaskItem", "candidates: 'CreatedBy', 'AssignedTo'"),
        D<AmbiguousRelationshipAnalyzer>("DBP005", 3, "User.AssignedTasks (in Reports)", "TaskItem", "candidates: 'AssignedTo', 'CreatedBy'"));

    [Fact]
    public Task DBP005_silent_when_every_context_pairs_them() => Analyze<AmbiguousRelationshipAnalyzer>("""
        public class TaskItem { public int Id { get; set; } public User CreatedBy { get; set; } = null!; public User AssignedTo { get; set; } = null!; }
        public class User { public int Id { get; set; } public List<TaskItem> CreatedTasks { get; set; } = new(); public List<TaskItem> AssignedTasks { get; set; } = new(); }
        public class TaskConfiguration : IEntityTypeConfiguration<TaskItem>
        {
            public void Configure(EntityTypeBuilder<TaskItem> builder)
            {
                builder.HasOne(t => t.CreatedBy).WithMany(u => u.CreatedTasks);
                builder.HasOne(t => t.AssignedTo).WithMany(u => u.AssignedTasks);
            }
        }
        public class Work : DbContext
        {
            public DbSet<TaskItem> Tasks => Set<TaskItem>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfiguration(new TaskConfiguration());
        }
        public class Reports : DbContext
        {
            public DbSet<TaskItem> Tasks => Set<TaskItem>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfiguration(new TaskConfiguration());
        }
        """);

    // DBP006 ------------------------------------------------------------------------------------------------------

    private const string Tenants = """
        public class Order { public int Id { get; set; } public int TenantId { get; set; } }
        public class AppDb : DbContext
        {
            public int CurrentTenant { get; set; }
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Order>().HasQueryFilter(o => o.TenantId == CurrentTenant);
        }
        public class ReportingDb : DbContext { public DbSet<Order> Orders => Set<Order>(); }
        """;

    [Fact]
    public Task DBP006_a_filter_in_one_context_does_not_cover_queries_on_another() => Analyze<TenantQueryWithoutFilterAnalyzer>(Tenants + """
        public class Service
        {
            public List<Order> App(AppDb db) => db.Orders.ToList();
            public List<Order> Report(ReportingDb db) => {|#0:db.Orders|}.ToList();
            public List<Order> ReportSet(ReportingDb db) => {|#1:db.Set<Order>()|}.ToList();
        }
        """,
        D<TenantQueryWithoutFilterAnalyzer>("DBP006", 0, "Order (in ReportingDb)", "TenantId"),
        D<TenantQueryWithoutFilterAnalyzer>("DBP006", 1, "Order (in ReportingDb)", "TenantId"));

    [Fact]
    public Task DBP006_through_a_receiver_that_is_no_context_of_the_project_every_context_counts() => Analyze<TenantQueryWithoutFilterAnalyzer>(Tenants + """
        public class Service
        {
            public List<Order> Any(DbContext db) => db.Set<Order>().ToList();
        }
        """);

    // DBP017 ------------------------------------------------------------------------------------------------------

    [Fact]
    public Task DBP017_a_filter_in_one_context_does_not_hide_deleted_rows_in_another() => Analyze<SoftDeleteWithoutFilterAnalyzer>("""
        public class Blog { public int Id { get; set; } public bool {|#0:IsDeleted|} { get; set; } }
        public class AppDb : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
        }
        public class ReportingDb : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); }
        """,
        D<SoftDeleteWithoutFilterAnalyzer>("DBP017", 0, "IsDeleted", "Blog (in ReportingDb)"));

    [Fact]
    public Task DBP017_silent_when_each_context_filters() => Analyze<SoftDeleteWithoutFilterAnalyzer>("""
        public class Blog { public int Id { get; set; } public bool IsDeleted { get; set; } }
        public class AppDb : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
        }
        public class ReportingDb : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
        }
        """);

    // DBP022 ------------------------------------------------------------------------------------------------------

    [Fact]
    public Task DBP022_one_unnamed_filter_in_each_of_two_contexts_is_no_overwrite() => Analyze<QueryFilterOverwrittenAnalyzer>("""
        public class Blog { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class AppDb : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
        }
        public class ReportingDb : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => Filters.Apply(modelBuilder);
        }
        public static class Filters
        {
            public static void Apply(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasQueryFilter(b => b.TenantId == 1);
        }
        """);

    [Fact]
    public Task DBP022_two_unnamed_filters_in_one_context_fire_and_name_it() => Analyze<QueryFilterOverwrittenAnalyzer>("""
        public class Blog { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class AppDb : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                {|#0:modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted)|};
                {|#1:modelBuilder.Entity<Blog>().HasQueryFilter(b => b.TenantId == 1)|};
            }
        }
        public class ReportingDb : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
        }
        """,
        D<QueryFilterOverwrittenAnalyzer>("DBP022", 0, "Blog (in AppDb)", "has 2 unnamed query filters: the last one configured replaces the others"),
        D<QueryFilterOverwrittenAnalyzer>("DBP022", 1, "Blog (in AppDb)", "has 2 unnamed query filters: the last one configured replaces the others"));

    // DBP023 ------------------------------------------------------------------------------------------------------

    [Fact]
    public Task DBP023_judged_in_the_context_whose_principal_is_filtered() => Analyze<RequiredNavigationToFilteredEntityAnalyzer>("""
        #nullable enable
        public class Blog { public int Id { get; set; } public bool IsDeleted { get; set; } public List<Post> Posts { get; } = new(); }
        public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog {|#0:Blog|} { get; set; } = null!; }
        public class AppDb : DbContext
        {
            public DbSet<Post> Posts => Set<Post>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
        }
        public class ReportingDb : DbContext { public DbSet<Post> Posts => Set<Post>(); }
        """,
        D<RequiredNavigationToFilteredEntityAnalyzer>("DBP023", 0, "Post.Blog (in AppDb)", "Blog", "Post"));

    [Fact]
    public Task DBP023_a_dependent_filter_in_the_same_context_silences_it_and_one_in_another_does_not_count() => Analyze<RequiredNavigationToFilteredEntityAnalyzer>("""
        #nullable enable
        public class Blog { public int Id { get; set; } public bool IsDeleted { get; set; } public List<Post> Posts { get; } = new(); }
        public class Post { public int Id { get; set; } public int BlogId { get; set; } public bool IsDeleted { get; set; } public Blog {|#0:Blog|} { get; set; } = null!; }
        public class AppDb : DbContext
        {
            public DbSet<Post> Posts => Set<Post>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
                modelBuilder.Entity<Post>().HasQueryFilter(p => !p.Blog.IsDeleted);
            }
        }
        public class ReportingDb : DbContext
        {
            public DbSet<Post> Posts => Set<Post>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
        }
        public class ArchiveDb : DbContext
        {
            public DbSet<Post> Posts => Set<Post>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Post>().HasQueryFilter(p => !p.IsDeleted);
        }
        """,
        D<RequiredNavigationToFilteredEntityAnalyzer>("DBP023", 0, "Post.Blog (in ReportingDb)", "Blog", "Post"));
}
