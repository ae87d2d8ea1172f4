using System;
using System.Linq;
using System.Threading;
using DbPractices.Analyzers.Model;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DbPractices.Analyzers.Tests.Model;

/// <summary>
/// One model per DbContext (<see cref="EfModel.ContextModels"/>): what EF Core builds for each context from its DbSets,
/// the configuration its OnModelCreating reaches and the configuration classes it applies. Configuration of one context
/// never shows in another's model.
/// </summary>
[Collection(nameof(ModelReuseCollection))]
public class ContextModelTests
{
    private const string Entities = """
        public class Blog { public int Id { get; set; } public int TenantId { get; set; } public int OwnerId { get; set; } public bool IsDeleted { get; set; } public List<Post> Posts { get; } = new(); }
        public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; }
        public class Tag { public int Id { get; set; } }
        """;

    private static EfModel Build(string source) =>
        EfModel.For(TestCompilation.Create(Entities + source, requireNoErrors: true), CancellationToken.None)!;

    private static EfModel Context(EfModel model, string name) => model.ContextModels.Single(m => m.ContextName == name);

    private static EntityModel Entity(EfModel model, string context, string entity) => Context(model, context).Entities.Single(e => e.Name == entity);

    private static string Indexes(EntityModel entity) => string.Join(";", entity.Indexes.Select(i => string.Join(",", i.Properties)));

    [Fact]
    public void One_context_its_model_is_the_compilations_model()
    {
        var model = Build("""
            public class Ctx : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); }
            """);
        Assert.Same(model, Assert.Single(model.ContextModels));
        Assert.Equal("Ctx", model.Context!.Name);
        Assert.False(model.HasSeveralContexts);
        Assert.Equal("Blog", model.GetEntity(model.Compilation.GetTypeByMetadataName("Blog"))!.DisplayName);
    }

    [Fact]
    public void Each_context_has_its_own_entities_and_its_own_configuration()
    {
        var model = Build("""
            public class AppDb : DbContext
            {
                public DbSet<Blog> Blogs => Set<Blog>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Blog>().HasQueryFilter(b => b.TenantId == 1);
                    modelBuilder.Entity<Blog>().HasIndex(b => b.OwnerId);
                    modelBuilder.Entity<Tag>();
                }
            }
            public class ReportingDb : DbContext
            {
                public DbSet<Blog> Blogs => Set<Blog>();
            }
            """);
        Assert.True(model.HasSeveralContexts);
        Assert.Equal(new[] { "AppDb", "ReportingDb" }, model.ContextModels.Select(m => m.ContextName).OrderBy(n => n));

        var app = Entity(model, "AppDb", "Blog");
        var reporting = Entity(model, "ReportingDb", "Blog");
        Assert.NotSame(app, reporting);
        Assert.Single(app.QueryFilters);
        Assert.Empty(reporting.QueryFilters);
        Assert.Equal("OwnerId", Indexes(app));
        Assert.Equal(string.Empty, Indexes(reporting));
        Assert.Equal(new[] { "Blog", "Post", "Tag" }, Context(model, "AppDb").Entities.Select(e => e.Name).OrderBy(n => n));
        Assert.Equal(new[] { "Blog", "Post" }, Context(model, "ReportingDb").Entities.Select(e => e.Name).OrderBy(n => n));

        // rules find the entity in every context that maps it, and name the context in messages
        var blog = model.Compilation.GetTypeByMetadataName("Blog");
        Assert.Equal(new[] { "Blog (in AppDb)", "Blog (in ReportingDb)" }, model.GetEntities(blog).Select(e => e.DisplayName).OrderBy(n => n));
        Assert.Equal(2, model.GetContextEntitiesOf((IPropertySymbol)blog!.GetMembers("OwnerId").Single()).Count());
        Assert.Single(model.GetEntities(model.Compilation.GetTypeByMetadataName("Tag")));

        // a query through a context runs in that context's model; through anything else, in every one
        Assert.Equal("ReportingDb", Assert.Single(model.ModelsForReceiver(model.Compilation.GetTypeByMetadataName("ReportingDb"))).ContextName);
        Assert.Equal(2, model.ModelsForReceiver(model.Compilation.GetTypeByMetadataName("Blog")).Count);
    }

    [Fact]
    public void Relationships_are_discovered_per_context()
    {
        var model = Build("""
            public class AppDb : DbContext
            {
                public DbSet<Post> Posts => Set<Post>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                    modelBuilder.Entity<Post>().HasOne(p => p.Blog).WithMany(b => b.Posts).HasForeignKey(p => p.BlogId).IsRequired(false);
            }
            public class ReportingDb : DbContext
            {
                public DbSet<Post> Posts => Set<Post>();
            }
            """);
        var app = Assert.Single(Context(model, "AppDb").Relationships);
        var reporting = Assert.Single(Context(model, "ReportingDb").Relationships);
        Assert.Equal(ConfigurationSource.Fluent, app.Source);
        Assert.Equal(RequiredReason.None, app.RequiredBy);
        Assert.Equal(ConfigurationSource.Convention, reporting.Source);
        Assert.Equal(RequiredReason.NonNullableForeignKey, reporting.RequiredBy);
    }

    [Fact]
    public void Configuration_classes_hold_in_the_contexts_that_apply_them()
    {
        var model = Build("""
            public class BlogIndexes : IEntityTypeConfiguration<Blog>
            {
                public void Configure(EntityTypeBuilder<Blog> builder) => builder.HasIndex(b => b.OwnerId);
            }
            public class TagConfiguration : IEntityTypeConfiguration<Tag>
            {
                public void Configure(EntityTypeBuilder<Tag> builder) => builder.ToTable("Tags");
            }
            public class AppDb : DbContext
            {
                public DbSet<Blog> Blogs => Set<Blog>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfiguration(new BlogIndexes());
            }
            public class ReportingDb : DbContext
            {
                public DbSet<Blog> Blogs => Set<Blog>();
            }
            public class AuditDb : DbContext
            {
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfigurationsFromAssembly(typeof(AuditDb).Assembly);
            }
            """);
        Assert.Equal("OwnerId", Indexes(Entity(model, "AppDb", "Blog")));
        Assert.Equal(string.Empty, Indexes(Entity(model, "ReportingDb", "Blog")));

        // from the assembly: every configuration class, and the entities they configure
        Assert.Equal("OwnerId", Indexes(Entity(model, "AuditDb", "Blog")));
        Assert.Equal("Tags", Entity(model, "AuditDb", "Tag").TableName);
        Assert.DoesNotContain(Context(model, "AppDb").Entities, e => e.Name == "Tag");
    }

    [Fact]
    public void Configuration_no_context_reaches_holds_in_every_context_as_before()
    {
        var model = Build("""
            public class BlogIndexes : IEntityTypeConfiguration<Blog>
            {
                public void Configure(EntityTypeBuilder<Blog> builder) => builder.HasIndex(b => b.OwnerId);
            }
            public class AppDb : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); }
            public class ReportingDb : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); }
            """);
        Assert.Equal("OwnerId", Indexes(Entity(model, "AppDb", "Blog")));
        Assert.Equal("OwnerId", Indexes(Entity(model, "ReportingDb", "Blog")));
    }

    [Fact]
    public void Helpers_belong_to_the_contexts_calling_them()
    {
        var model = Build("""
            public static class BlogModel
            {
                public static void ConfigureBlogs(this ModelBuilder modelBuilder) => Filters(modelBuilder);
                private static void Filters(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
            }
            public class AppDb : DbContext
            {
                public DbSet<Blog> Blogs => Set<Blog>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.ConfigureBlogs();
                    Local(modelBuilder);
                    void Local(ModelBuilder b) => b.Entity<Blog>().HasIndex(x => x.OwnerId);
                }
            }
            public class ReportingDb : DbContext
            {
                public DbSet<Blog> Blogs => Set<Blog>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) => Indexes(modelBuilder);
                private static void Indexes(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasIndex(b => b.TenantId);
            }
            """);
        Assert.Single(Entity(model, "AppDb", "Blog").QueryFilters);
        Assert.Equal(new[] { "OwnerId" }, Indexes(Entity(model, "AppDb", "Blog")).Split(';').Distinct()); // (the local function is read with its method too)
        Assert.Empty(Entity(model, "ReportingDb", "Blog").QueryFilters);
        Assert.Equal("TenantId", Indexes(Entity(model, "ReportingDb", "Blog")));
    }

    [Fact]
    public void A_derived_context_inherits_the_configuration_of_its_base_through_base_OnModelCreating()
    {
        var model = Build("""
            public abstract class BaseDb : DbContext
            {
                public DbSet<Blog> Blogs => Set<Blog>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
            }
            public class Inherits : BaseDb { }
            public class Extends : BaseDb
            {
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    base.OnModelCreating(modelBuilder);
                    modelBuilder.Entity<Blog>().HasIndex(b => b.OwnerId);
                }
            }
            public class Replaces : BaseDb
            {
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasIndex(b => b.TenantId);
            }
            """);
        Assert.Single(Entity(model, "Inherits", "Blog").QueryFilters);
        Assert.Single(Entity(model, "Extends", "Blog").QueryFilters);
        Assert.Equal("OwnerId", Indexes(Entity(model, "Extends", "Blog")));
        Assert.Empty(Entity(model, "Replaces", "Blog").QueryFilters);
        Assert.Equal("TenantId", Indexes(Entity(model, "Replaces", "Blog")));
        Assert.Equal(string.Empty, Indexes(Entity(model, "Inherits", "Blog")));
    }

    [Fact]
    public void Nested_contexts_reusing_entity_names_each_see_their_own_types()
    {
        var model = Build("""
            public static class OneToMany
            {
                public class Blog { public int Id { get; set; } public List<Post> Posts { get; } = new(); }
                public class Post { public int Id { get; set; } public int BlogId { get; set; } }
                public class Db : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); }
            }
            public static class OneToOne
            {
                public class Blog { public int Id { get; set; } public Post? Post { get; set; } }
                public class Post { public int Id { get; set; } public int BlogId { get; set; } }
                public class Db : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); }
            }
            """);
        Assert.Equal(2, model.ContextModels.Count);
        foreach (var context in model.ContextModels)
        {
            Assert.Equal(2, context.Entities.Count());
            Assert.All(context.Entities, e => Assert.Equal(context.Context!.ContainingType, e.Type.ContainingType));
            Assert.Single(context.Relationships);
        }
    }

    [Fact]
    public void EF_Core_agrees_each_context_has_only_the_configuration_it_reaches()
    {
        var source = TestCompilation.Usings + Entities + """
            public class BlogIndexes : IEntityTypeConfiguration<Blog>
            {
                public void Configure(EntityTypeBuilder<Blog> builder) => builder.HasIndex(b => b.TenantId);
            }
            public abstract class BaseDb : DbContext
            {
                protected BaseDb(DbContextOptions options) : base(options) { }
                public DbSet<Blog> Blogs => Set<Blog>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
            }
            public class AppDb : BaseDb
            {
                public AppDb(DbContextOptions options) : base(options) { }
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    base.OnModelCreating(modelBuilder);
                    modelBuilder.Entity<Blog>().HasIndex(b => b.OwnerId);
                    modelBuilder.ApplyConfiguration(new BlogIndexes());
                }
            }
            public class ReportingDb : BaseDb
            {
                public ReportingDb(DbContextOptions options) : base(options) { }
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Tag>();
            }
            """;
        var model = EfModel.For(RealEfModel.Compile(source), CancellationToken.None)!;
        foreach (var name in new[] { "AppDb", "ReportingDb" })
        {
            var (real, error) = RealEfModel.Build(source, name);
            Assert.Null(error);
            var realBlog = real!.GetEntityTypes().Single(e => e.ClrType.Name == "Blog");
            var ours = Entity(model, name, "Blog");
            Assert.Equal(
                realBlog.GetIndexes().Where(i => i.Properties[0].Name != "BlogId").Select(i => string.Join(",", i.Properties.Select(p => p.Name))).OrderBy(n => n),
                ours.Indexes.Select(i => string.Join(",", i.Properties)).OrderBy(n => n));
            Assert.Equal(realBlog.GetDeclaredQueryFilters().Count, ours.QueryFilters.Count);
            Assert.Equal(
                real.GetEntityTypes().Select(e => e.ClrType.Name).OrderBy(n => n),
                Context(model, name).Entities.Select(e => e.Name).OrderBy(n => n));
        }
    }

    [Theory]
    [InlineData("int")]
    [InlineData("int?")]
    public void EF_Core_agrees_a_reference_navigation_without_inverse_is_one_to_one_when_the_target_holds_the_key(string keyType)
    {
        // the shape of the EF Core docs sample (OneToOne.cs, "no navigation to principal"): no configuration at all
        var source = TestCompilation.Usings + $$"""
            public class Blog { public int Id { get; set; } public BlogHeader? Header { get; set; } }
            public class BlogHeader { public int Id { get; set; } public {{keyType}} BlogId { get; set; } }
            public class Ctx : DbContext
            {
                public Ctx(DbContextOptions options) : base(options) { }
                public DbSet<Blog> Blogs => Set<Blog>();
                public DbSet<BlogHeader> BlogHeaders => Set<BlogHeader>();
            }
            """;
        var (real, error) = RealEfModel.Build(source);
        Assert.Null(error);
        var realKey = Assert.Single(real!.GetEntityTypes().SelectMany(e => e.GetForeignKeys()));
        var ours = Assert.Single(EfModel.For(RealEfModel.Compile(source), CancellationToken.None)!.Relationships);
        Assert.Equal(realKey.DeclaringEntityType.ClrType.Name, ours.Dependent.Name);
        Assert.Equal(string.Join(",", realKey.Properties.Select(p => p.Name)), string.Join(",", ours.ForeignKey));
        Assert.Equal(realKey.IsUnique, ours.IsOneToOne);
        Assert.Equal(realKey.PrincipalToDependent?.Name, ours.PrincipalNavigation);
    }

    [Fact]
    public void A_reused_model_keeps_one_model_per_context()
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var first = TestCompilation.Usings + Entities + """
            public class AppDb : DbContext
            {
                public DbSet<Blog> Blogs => Set<Blog>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasQueryFilter(b => b.TenantId == 1);
            }
            public class ReportingDb : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); }
            """;
        var second = TestCompilation.Usings + """
            public class Service { public int Count() { return 1; } }
            """;
        var c1 = CSharpCompilation.Create(
            "ContextModelReuse",
            new[] { CSharpSyntaxTree.ParseText(first, options, "/src/A.cs"), CSharpSyntaxTree.ParseText(second, options, "/src/B.cs") },
            References.Framework.AddRange(References.EfCore),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        ModelReuse.Clear();
        var m1 = EfModel.For(c1, CancellationToken.None)!;
        var tree = c1.SyntaxTrees.Last();
        var c2 = c1.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(second.Replace("return 1;", "return 2;", StringComparison.Ordinal))));
        var m2 = EfModel.For(c2, CancellationToken.None)!;
        Assert.True(m2.IsReused);
        Assert.Equal(2, m2.ContextModels.Count);
        Assert.Same(c2.GetTypeByMetadataName("ReportingDb"), Context(m2, "ReportingDb").Context);
        var blog = c2.GetTypeByMetadataName("Blog");
        Assert.Equal(new[] { 1, 0 }, m2.GetEntities(blog).OrderBy(e => e.Model.ContextName).Select(e => e.QueryFilters.Count));
        Assert.All(m2.GetEntities(blog), e => Assert.Same(blog, e.Type));
        Assert.Same(m2, Context(m2, "AppDb").Root);
        Assert.Equal(m1.ContextModels.Select(m => m.ContextName), m2.ContextModels.Select(m => m.ContextName));
    }
}
