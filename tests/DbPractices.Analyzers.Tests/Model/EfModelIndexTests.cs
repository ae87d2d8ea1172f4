using System.Linq;
using System.Threading;
using DbPractices.Analyzers.Model;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace DbPractices.Analyzers.Tests.Model;

/// <summary>The model index's facts, asserted directly (not through a rule).</summary>
public class EfModelIndexTests
{
    private static EfModel Build(string source, params MetadataReference[] extra) =>
        EfModel.For(TestCompilation.Create(source, requireNoErrors: true, extra), CancellationToken.None)!;

    private static EntityModel Entity(EfModel model, string name) => model.Entities.Single(e => e.Name == name);

    private static string Names(System.Collections.Immutable.ImmutableArray<string> names) => string.Join(",", names);

    private static RelationshipModel RelationshipTo(EfModel model, string dependent, string principal) =>
        model.Relationships.Single(r => r.Dependent.Name == dependent && r.Principal.Name == principal);

    [Fact]
    public void No_model_without_ef_core()
    {
        var compilation = CSharpCompilation.Create("x", new[] { CSharpSyntaxTree.ParseText("class A { }") }, References.Framework);
        Assert.Null(EfModel.For(compilation, CancellationToken.None));
    }

    [Fact]
    public void Built_once_per_compilation_and_fluent_facts_cached_per_tree()
    {
        var compilation = TestCompilation.Create("""
            public class Blog { public int Id { get; set; } }
            public class C : DbContext { protected override void OnModelCreating(ModelBuilder b) => b.Entity<Blog>().HasIndex(x => x.Id); }
            """);
        var first = EfModel.For(compilation, CancellationToken.None);
        Assert.Same(first, EfModel.For(compilation, CancellationToken.None));

        // a keystroke elsewhere: new compilation, same tree → the tree's facts are reused, the model is rebuilt
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { }", new CSharpParseOptions(LanguageVersion.Latest)));
        var symbols = EfSymbols.For(edited)!;
        var tree = compilation.SyntaxTrees[0];
        var facts = FluentConfigurationReader.Read(tree, EfSymbols.For(compilation)!, CancellationToken.None);
        Assert.True(facts == FluentConfigurationReader.Read(tree, symbols, CancellationToken.None), "facts of an unchanged tree must be reused");
        Assert.NotSame(first, EfModel.For(edited, CancellationToken.None));
        Assert.Single(EfModel.For(edited, CancellationToken.None)!.Entities);
    }

    [Fact]
    public void Entities_come_from_dbsets_entity_calls_configurations_and_navigations()
    {
        var model = Build("""
            public class A { public int Id { get; set; } public B B { get; set; } = null!; }
            public class B { public int Id { get; set; } public List<C> Cs { get; set; } = new(); }
            public class C { public int Id { get; set; } }
            public class D { public int Id { get; set; } }
            public class E { public int Id { get; set; } }
            [NotMapped] public class NotAnEntity { public int Id { get; set; } }
            public class EConfig : IEntityTypeConfiguration<E> { public void Configure(EntityTypeBuilder<E> builder) { } }
            public class Dto { public int Id { get; set; } }
            public class Ctx : DbContext
            {
                public DbSet<A> As => Set<A>();
                public DbSet<NotAnEntity> Nope => Set<NotAnEntity>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<D>();
            }
            """);
        Assert.Equal(new[] { "A", "B", "C", "D", "E" }, model.Entities.Select(e => e.Name).OrderBy(n => n));
        Assert.Equal("Ctx", Assert.Single(model.Contexts).Name);
    }

    [Fact]
    public void Keys_from_convention_annotations_and_fluent()
    {
        var model = Build("""
            public class ById { public int Id { get; set; } }
            public class ByTypeName { public int ByTypeNameId { get; set; } }
            public class ByKey { [Key] public int Code { get; set; } }
            [PrimaryKey(nameof(A), nameof(B))] public class ByPrimaryKey { public int A { get; set; } public int B { get; set; } }
            public class ByHasKey { public int Id { get; set; } public string Sku { get; set; } = ""; }
            [Keyless] public class View { public int Id { get; set; } }
            public class Query { public int Id { get; set; } }
            public class Derived : ById { public int Extra { get; set; } }
            public class Ctx : DbContext
            {
                public DbSet<ById> A => Set<ById>(); public DbSet<ByTypeName> B => Set<ByTypeName>(); public DbSet<ByKey> C => Set<ByKey>();
                public DbSet<ByPrimaryKey> D => Set<ByPrimaryKey>(); public DbSet<View> V => Set<View>(); public DbSet<Derived> X => Set<Derived>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<ByHasKey>().HasKey(e => e.Sku);
                    modelBuilder.Entity<ByHasKey>().HasAlternateKey(e => new { e.Id, e.Sku });
                    modelBuilder.Entity<Query>().HasNoKey();
                }
            }
            """);
        Assert.Equal("Id", Names(Entity(model, "ById").PrimaryKey));
        Assert.Equal("ByTypeNameId", Names(Entity(model, "ByTypeName").PrimaryKey));
        Assert.Equal("Code", Names(Entity(model, "ByKey").PrimaryKey));
        Assert.Equal("A,B", Names(Entity(model, "ByPrimaryKey").PrimaryKey));
        Assert.Equal("Sku", Names(Entity(model, "ByHasKey").PrimaryKey));
        Assert.Equal("Id,Sku", Names(Assert.Single(Entity(model, "ByHasKey").AlternateKeys)));
        Assert.True(Entity(model, "View").IsKeyless);
        Assert.True(Entity(model, "Query").IsKeyless);
        Assert.Same(Entity(model, "ById"), Entity(model, "Derived").BaseEntity);
        Assert.Equal("Id", Names(Entity(model, "Derived").EffectivePrimaryKey));
    }

    [Fact]
    public void Indexes_from_annotations_and_fluent_forms()
    {
        var model = Build("""
            [Index(nameof(A))]
            [Index(nameof(B), nameof(C), IsUnique = true)]
            public class T
            {
                public int Id { get; set; } public int A { get; set; } public int B { get; set; } public int C { get; set; }
                public int D { get; set; } public int E { get; set; } public int F { get; set; } public int G { get; set; }
            }
            public class TConfig : IEntityTypeConfiguration<T>
            {
                public void Configure(EntityTypeBuilder<T> b)
                {
                    b.HasIndex(t => t.D).HasFilter("[D] > 0");
                    b.HasIndex(t => new { t.E, t.F }).IsUnique();
                    b.HasIndex("G", "Id");
                    b.HasIndex(nameof(T.A)).HasFilter(null);
                }
            }
            public class Ctx : DbContext { public DbSet<T> Ts => Set<T>(); }
            """);
        var indexes = Entity(model, "T").Indexes.Select(i => $"{Names(i.Properties)}{(i.IsFiltered ? " filtered" : "")}{(i.IsUnique ? " unique" : "")}").OrderBy(s => s);
        Assert.Equal(new[] { "A", "A", "B,C unique", "D filtered", "E,F unique", "G,Id" }, indexes);
    }

    [Fact]
    public void Ignored_owned_table_and_column_facts()
    {
        var model = Build("""
            [Owned] public class Address { public string Street { get; set; } = ""; }
            public class Money { public decimal Amount { get; set; } }
            [Table("customers")]
            public class Customer
            {
                public int Id { get; set; }
                [Column("full_name")] public string Name { get; set; } = "";
                [NotMapped] public string Display => Name;
                public string Secret { get; set; } = "";
                public Address Address { get; set; } = new();
                public Money Balance { get; set; } = new();
            }
            public class Order { public int Id { get; set; } public string Note { get; set; } = ""; }
            public class Ctx : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Customer>().Ignore(c => c.Secret).OwnsOne(c => c.Balance);
                    modelBuilder.Entity<Order>(b =>
                    {
                        b.ToTable("orders");
                        b.Property(o => o.Note).HasColumnName("note_text").HasMaxLength(200);
                        b.Property<int>("ShadowFlag");
                    });
                }
            }
            """);
        var customer = Entity(model, "Customer");
        Assert.Equal("customers", customer.TableName);
        Assert.Equal("full_name", customer.ColumnNames["Name"]);
        Assert.Contains("Secret", customer.IgnoredMembers);
        Assert.Contains("Display", customer.IgnoredMembers);
        Assert.DoesNotContain(customer.ScalarProperties, p => p.Name is "Secret" or "Display");
        Assert.True(Entity(model, "Address").IsOwned);
        Assert.True(Entity(model, "Money").IsOwned);
        var order = Entity(model, "Order");
        Assert.Equal("orders", order.TableName);
        Assert.Equal("note_text", order.ColumnNames["Note"]);
        Assert.True(order.HasFacet("Note", PropertyFacet.MaxLength));
        Assert.True(order.ShadowProperties.ContainsKey("ShadowFlag"));
        Assert.Single(order.ConfigurationBlocks);
    }

    [Fact]
    public void Relationships_by_convention()
    {
        var model = Build("""
            public class Blog { public int Id { get; set; } public List<Post> Posts { get; set; } = new(); }
            public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; public User Author { get; set; } = null!; public int AuthorId { get; set; } }
            public class User { public int UserId { get; set; } public List<Comment> Comments { get; set; } = new(); }
            public class Comment { public int Id { get; set; } public int UserId { get; set; } }
            public class Tag { public int Id { get; set; } public List<Post2> Posts { get; set; } = new(); }
            public class Post2 { public int Id { get; set; } public List<Tag> Tags { get; set; } = new(); }
            public class Ctx : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); public DbSet<Tag> Tags => Set<Tag>(); }
            """);
        var blogPosts = RelationshipTo(model, "Post", "Blog");
        Assert.Equal("BlogId", Names(blogPosts.ForeignKey));
        Assert.Equal("Posts", blogPosts.PrincipalNavigation);
        Assert.Equal("Blog", blogPosts.DependentNavigation);
        Assert.Equal(ConfigurationSource.Convention, blogPosts.Source);

        // {Nav}{PrincipalKey}: Author + UserId would be AuthorUserId; {Nav}Id = AuthorId matches
        Assert.Equal("AuthorId", Names(RelationshipTo(model, "Post", "User").ForeignKey));

        // collection only: {Principal}{Key} = UserUserId (no), {Principal}Id = UserId
        Assert.Equal("UserId", Names(RelationshipTo(model, "Comment", "User").ForeignKey));

        Assert.True(model.Relationships.Single(r => r.Principal.Name is "Tag" or "Post2").IsManyToMany);
    }

    [Fact]
    public void Relationships_by_annotations_and_fluent()
    {
        var model = Build("""
            public class User { public int Id { get; set; } }
            public class Doc
            {
                public int Id { get; set; }
                public int WriterRef { get; set; }
                [ForeignKey(nameof(WriterRef))] public User Writer { get; set; } = null!;
                [ForeignKey(nameof(Reviewer))] public int ReviewerRef { get; set; }
                public User Reviewer { get; set; } = null!;
                public int OwnerCode { get; set; }
                public User Owner { get; set; } = null!;
            }
            public class Person { public int Id { get; set; } public Passport? Passport { get; set; } }
            public class Passport { public int Id { get; set; } public int HolderId { get; set; } public Person Holder { get; set; } = null!; }
            public class Account { public int Id { get; set; } public string Number { get; set; } = ""; public List<Entry> Entries { get; set; } = new(); }
            public class Entry { public int Id { get; set; } public string AccountNumber { get; set; } = ""; public Account Account { get; set; } = null!; }
            public class Ctx : DbContext
            {
                public DbSet<Doc> Docs => Set<Doc>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Doc>().HasOne(d => d.Owner).WithMany().HasForeignKey(d => d.OwnerCode);
                    modelBuilder.Entity<Person>().HasOne(p => p.Passport).WithOne(p => p.Holder).HasForeignKey<Passport>(p => p.HolderId);
                    modelBuilder.Entity<Account>().HasMany(a => a.Entries).WithOne(e => e.Account).HasForeignKey(e => e.AccountNumber).HasPrincipalKey(a => a.Number);
                }
            }
            """);
        var docs = model.Relationships.Where(r => r.Dependent.Name == "Doc").ToDictionary(r => r.DependentNavigation!);
        Assert.Equal("WriterRef", Names(docs["Writer"].ForeignKey));
        Assert.Equal(ConfigurationSource.DataAnnotation, docs["Writer"].Source);
        Assert.Equal("ReviewerRef", Names(docs["Reviewer"].ForeignKey));
        Assert.Equal("OwnerCode", Names(docs["Owner"].ForeignKey));
        Assert.Equal(ConfigurationSource.Fluent, docs["Owner"].Source);

        var passport = RelationshipTo(model, "Passport", "Person");
        Assert.True(passport.IsOneToOne);
        Assert.Equal("HolderId", Names(passport.ForeignKey));

        var entries = RelationshipTo(model, "Entry", "Account");
        Assert.Equal("AccountNumber", Names(entries.ForeignKey));
        Assert.Equal("Number", Names(entries.PrincipalKey));
        Assert.Contains(Entity(model, "Account").AlternateKeys, k => Names(k) == "Number");
        Assert.Single(model.Relationships, r => r.Dependent.Name == "Entry");
    }

    [Fact]
    public void Query_filters_direct_named_and_from_the_entity_types_loop()
    {
        var model = Build("""
            public interface ITenantEntity { int TenantId { get; } }
            public class Order : ITenantEntity { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
            public class Invoice : ITenantEntity { public int Id { get; set; } public int TenantId { get; set; } }
            public class Log { public int Id { get; set; } }
            public class Ctx : DbContext
            {
                private readonly int _tenant = 1;
                public DbSet<Order> Orders => Set<Order>(); public DbSet<Invoice> Invoices => Set<Invoice>(); public DbSet<Log> Logs => Set<Log>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Order>().HasQueryFilter(o => !o.IsDeleted);
                    modelBuilder.Entity<Log>().HasQueryFilter("Recent", l => l.Id > 10);
                    foreach (var entityType in modelBuilder.Model.GetEntityTypes())
                    {
                        if (typeof(ITenantEntity).IsAssignableFrom(entityType.ClrType))
                        {
                            GetType().GetMethod(nameof(ApplyTenantFilter))!.MakeGenericMethod(entityType.ClrType).Invoke(this, new object[] { modelBuilder });
                        }
                    }
                }
                public void ApplyTenantFilter<T>(ModelBuilder modelBuilder) where T : class, ITenantEntity =>
                    modelBuilder.Entity<T>().HasQueryFilter(e => e.TenantId == _tenant);
            }
            """);
        var order = Entity(model, "Order");
        Assert.Contains(order.QueryFilters, f => !f.FromLoop && f.Reads("IsDeleted"));
        Assert.Contains(order.QueryFilters, f => f.FromLoop && f.Reads("TenantId"));
        Assert.Contains(Entity(model, "Invoice").QueryFilters, f => f.FromLoop && f.Reads("TenantId"));
        var log = Assert.Single(Entity(model, "Log").QueryFilters);
        Assert.Equal("Recent", log.Name);
        Assert.True(log.Reads("Id"));
    }

    [Fact]
    public void Model_wide_settings()
    {
        var model = Build("""
            public class Blog { public int Id { get; set; } }
            public class Ctx : DbContext
            {
                public DbSet<Blog> Blogs => Set<Blog>();
                protected override void OnConfiguring(DbContextOptionsBuilder o) =>
                    o.UseSqlite("x", s => s.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)).UseLazyLoadingProxies();
                protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
                {
                    configurationBuilder.Conventions.Remove(typeof(Microsoft.EntityFrameworkCore.Metadata.Conventions.ForeignKeyIndexConvention));
                    configurationBuilder.Properties<string>().HaveMaxLength(100);
                    configurationBuilder.Properties<decimal>().HavePrecision(18, 2);
                }
            }
            public static class Fake { public static DbContextOptionsBuilder UseLazyLoadingProxies(this DbContextOptionsBuilder b) => b; }
            """, References.Sqlite.ToArray());
        Assert.True(model.LazyLoadingEnabled);
        Assert.True(model.SplitQueryByDefault);
        Assert.True(model.IsConventionRemoved("ForeignKeyIndexConvention"));
        Assert.Contains(model.BulkConventions, c => c.TypeKey == "System.String" && c.Facet == PropertyFacet.MaxLength);
        Assert.Contains(model.BulkConventions, c => c.TypeKey == "System.Decimal" && c.Facet == PropertyFacet.Precision);
        Assert.Equal(DatabaseProvider.Sqlite, model.Providers);
    }

    [Fact]
    public void Lazy_loading_from_injected_lazy_loader_and_off_by_default()
    {
        var withLoader = Build("""
            public class Blog
            {
                public Blog() { }
                private Blog(Microsoft.EntityFrameworkCore.Infrastructure.ILazyLoader lazyLoader) { }
                public int Id { get; set; }
            }
            public class Ctx : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); }
            """);
        Assert.True(withLoader.LazyLoadingEnabled);
        var without = Build("""
            public class Blog { public int Id { get; set; } }
            public class Ctx : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); }
            """);
        Assert.False(without.LazyLoadingEnabled);
        Assert.False(without.SplitQueryByDefault);
        Assert.Equal(DatabaseProvider.None, without.Providers);
    }

    [Fact]
    public void Attribute_prefilter_binds_only_declarations_that_name_the_attribute()
    {
        var compilation = TestCompilation.Create("""
            public record Row(int Id, [property: NotMapped] int Cached);
            public class Entity
            {
                public int Plain { get; set; }
                [Required] public string Name { get; set; } = "";
                [NotMapped] public int A { get; set; }
                [System.ComponentModel.DataAnnotations.Schema.NotMappedAttribute] public int B { get; set; }
                [global::System.ComponentModel.DataAnnotations.Schema.NotMapped] public int C { get; set; }
            }
            """);
        var notMapped = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.Schema.NotMappedAttribute")!;
        var entity = compilation.GetTypeByMetadataName("Entity")!;
        string[] Marked(INamedTypeSymbol type) => type.GetMembers().OfType<IPropertySymbol>()
            .Where(p => p.HasAttribute(notMapped)).Select(p => p.Name).OrderBy(n => n).ToArray();

        Assert.Equal(new[] { "A", "B", "C" }, Marked(entity));
        Assert.False(entity.GetMembers("Plain").Single().MayHaveAttribute(notMapped.Name));
        Assert.False(entity.GetMembers("Name").Single().MayHaveAttribute(notMapped.Name));
        Assert.Equal(new[] { "Cached" }, Marked(compilation.GetTypeByMetadataName("Row")!));

        // metadata symbols are always asked
        Assert.True(notMapped.MayHaveAttribute("AttributeUsageAttribute"));
    }

    [Fact]
    public void Relationships_are_looked_up_by_principal_and_by_dependent()
    {
        var compilation = TestCompilation.Create("""
            public class Blog { public int Id { get; set; } public List<Post> Posts { get; } = new(); }
            public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; }
            public class Ctx : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); }
            """);
        var model = EfModel.For(compilation, CancellationToken.None)!;
        var blog = model.FindEntityByName("Blog")!;
        var post = model.FindEntityByName("Post")!;
        Assert.Same(post, model.GetRelationshipsAsPrincipal(blog).Single().DependentEntity);
        Assert.Empty(model.GetRelationshipsAsPrincipal(post));
        Assert.Same(blog, model.GetRelationshipsAsDependent(post).Single().PrincipalEntity);
        Assert.Empty(model.GetRelationshipsAsDependent(blog));
    }

    [Fact]
    public void Only_types_that_write_a_base_list_are_asked_whether_they_are_contexts_or_configurations()
    {
        var compilation = TestCompilation.Create("""
            public class Plain { }
            public partial class Split { }
            public partial class Split : IDisposable { public void Dispose() { } }
            public class Ctx : DbContext { public DbSet<Plain> Plains => Set<Plain>(); }
            public class PlainConfiguration : IEntityTypeConfiguration<Plain> { public void Configure(EntityTypeBuilder<Plain> builder) { } }
            """);
        Assert.False(compilation.GetTypeByMetadataName("Plain")!.MayHaveBaseList());
        Assert.True(compilation.GetTypeByMetadataName("Split")!.MayHaveBaseList());
        Assert.True(compilation.GetTypeByMetadataName("Ctx")!.MayHaveBaseList());
        Assert.True(compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbContext")!.MayHaveBaseList()); // metadata: always asked

        var model = EfModel.For(compilation, CancellationToken.None)!;
        Assert.Equal("Ctx", model.Contexts.Single().Name);
        Assert.Equal("Plain", model.Entities.Single().Name);
    }

    [Fact]
    public void Generic_helper_configuration_applies_to_the_type_arguments_it_is_called_with()
    {
        var model = Build("""
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            public interface ITenantEntity { Guid TenantId { get; set; } }
            public interface ISoftDelete { bool IsDeleted { get; set; } }
            public abstract class TenantEntity : ITenantEntity { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
            public class Project : TenantEntity { }
            public class Invoice : ITenantEntity, ISoftDelete { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
            public class Log { public int Id { get; set; } public Guid TenantId { get; set; } }
            public class Task : TenantEntity, ISoftDelete { }
            public class Ctx : DbContext
            {
                public DbSet<Project> Projects => Set<Project>(); public DbSet<Invoice> Invoices => Set<Invoice>(); public DbSet<Log> Logs => Set<Log>();
                public DbSet<Task> Tasks => Set<Task>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    Configure<Project>(modelBuilder);
                    ConfigureTenant<Invoice>(modelBuilder);
                    Unconstrained<Log>(modelBuilder);
                    ConfigureSoftDelete(modelBuilder.Entity<Invoice>());
                }
                private static void Configure<T>(ModelBuilder modelBuilder) where T : TenantEntity
                {
                    modelBuilder.Entity<T>().HasIndex(e => e.TenantId);
                    modelBuilder.Entity<T>().HasQueryFilter(e => !e.IsDeleted);
                }
                private static void ConfigureTenant<T>(ModelBuilder modelBuilder) where T : class, ITenantEntity =>
                    modelBuilder.Entity<T>().HasIndex(e => new { e.TenantId });
                private static void Unconstrained<T>(ModelBuilder modelBuilder) where T : class =>
                    modelBuilder.Entity<T>().HasIndex("TenantId");
                // forwards its type parameter to another helper
                private static void ConfigureSoftDelete<T>(EntityTypeBuilder<T> b) where T : class, ISoftDelete => SoftDelete(b);
                private static void SoftDelete<T>(EntityTypeBuilder<T> b) where T : class, ISoftDelete => b.HasQueryFilter("SoftDelete", e => !e.IsDeleted);
            }
            """);
        // each helper configures the types it is called with, not every type meeting its constraints (Task meets them all)
        Assert.Equal("TenantId", Names(Assert.Single(Entity(model, "Project").Indexes).Properties));
        Assert.Equal("TenantId", Names(Assert.Single(Entity(model, "Invoice").Indexes).Properties));
        Assert.Equal("TenantId", Names(Assert.Single(Entity(model, "Log").Indexes).Properties));
        Assert.Empty(Entity(model, "Task").Indexes);
        Assert.Empty(Entity(model, "Task").QueryFilters);

        Assert.Equal("IsDeleted", Names(Assert.Single(Entity(model, "Project").KeptQueryFilters).ReadMembers));
        var softDelete = Assert.Single(Entity(model, "Invoice").KeptQueryFilters);
        Assert.Equal("SoftDelete", softDelete.Name);
        Assert.Equal("IsDeleted", Names(softDelete.ReadMembers));
    }

    [Fact]
    public void Generic_helper_invoked_for_every_entity_type_or_never_called_is_read_by_its_constraints()
    {
        var model = Build("""
            public interface ITenantEntity { Guid TenantId { get; set; } }
            public class Project : ITenantEntity { public int Id { get; set; } public Guid TenantId { get; set; } }
            public class Invoice : ITenantEntity { public int Id { get; set; } public Guid TenantId { get; set; } }
            public class Log { public int Id { get; set; } }
            public class Ctx : DbContext
            {
                public DbSet<Project> Projects => Set<Project>(); public DbSet<Invoice> Invoices => Set<Invoice>(); public DbSet<Log> Logs => Set<Log>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    foreach (var entityType in modelBuilder.Model.GetEntityTypes())
                    {
                        if (typeof(ITenantEntity).IsAssignableFrom(entityType.ClrType))
                        {
                            typeof(Ctx).GetMethod(nameof(Tenant))!.MakeGenericMethod(entityType.ClrType).Invoke(null, new object[] { modelBuilder });
                        }
                    }

                    Tenant<Project>(modelBuilder);
                }
                public static void Tenant<T>(ModelBuilder modelBuilder) where T : class, ITenantEntity
                {
                    modelBuilder.Entity<T>().HasIndex(e => e.TenantId);
                    modelBuilder.Entity<T>().HasQueryFilter(e => e.TenantId == Guid.Empty);
                }
                private static void NeverCalled<T>(ModelBuilder modelBuilder) where T : class, ITenantEntity => modelBuilder.Entity<T>().ToTable("X");
            }
            """);
        foreach (var name in new[] { "Project", "Invoice" })
        {
            var entity = Entity(model, name);
            Assert.Equal("X", entity.TableName);
            Assert.Single(entity.Indexes);

            // the filter is the loop's, once per entity
            Assert.True(Assert.Single(entity.QueryFilters).FromLoop);
        }

        Assert.Null(Entity(model, "Log").TableName);
        Assert.Empty(Entity(model, "Log").QueryFilters);
    }

    [Fact]
    public void Complex_properties_are_neither_entities_nor_navigations_and_their_members_map_to_prefixed_columns()
    {
        var model = Build("""
            using System.ComponentModel.DataAnnotations.Schema;
            public class Address { public string Street { get; set; } = ""; public string City { get; set; } = ""; public Geo Geo { get; set; } = new(); }
            public class Geo { public double Lat { get; set; } }
            [ComplexType] public class Money { public decimal Amount { get; set; } [Column("Cur")] public string Currency { get; set; } = ""; }
            public class Line { public string Sku { get; set; } = ""; }
            public class Customer { public int Id { get; set; } }
            public class Order
            {
                public int Id { get; set; }
                public Address ShippingAddress { get; set; } = new();
                public Money Total { get; set; } = new();
                public List<Line> Lines { get; set; } = new();
                public Customer? Customer { get; set; }
            }
            public class Ctx : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    var order = modelBuilder.Entity<Order>();
                    order.ComplexProperty(o => o.ShippingAddress, a =>
                    {
                        a.Property(x => x.Street).HasColumnName("Street");
                        a.ComplexProperty(x => x.Geo);
                    });
                    order.ComplexCollection(o => o.Lines);
                }
            }
            """);
        Assert.Equal(new[] { "Customer", "Order" }, model.Entities.Select(e => e.Name).OrderBy(n => n));
        var order = Entity(model, "Order");
        Assert.Equal("Customer", Assert.Single(order.Navigations).Name);

        // no relationship to a complex type (DBP001/DBP005/DBP024 read relationships)
        Assert.Equal("Customer", Assert.Single(model.Relationships).PrincipalEntity.Name);
        Assert.Equal(new[] { "Id" }, order.ScalarProperties.Select(p => p.Name));
        Assert.Equal(new[] { "Lines", "ShippingAddress", "ShippingAddress.Geo", "Total" }, order.ComplexProperties.Select(c => c.Path).OrderBy(p => p));

        var address = order.ComplexProperties.Single(c => c.Path == "ShippingAddress");
        Assert.Equal(("Street", true), address.Column("Street"));
        Assert.Equal(("ShippingAddress_City", false), address.Column("City"));
        Assert.Equal(("ShippingAddress_Geo_Lat", false), order.ComplexProperties.Single(c => c.Path == "ShippingAddress.Geo").Column("Lat"));
        var total = order.ComplexProperties.Single(c => c.Path == "Total");
        Assert.Equal(("Total_Amount", false), total.Column("Amount"));
        Assert.Equal(("Cur", true), total.Column("Currency"));

        // a complex collection is one JSON column: its members are no columns
        var lines = order.ComplexProperties.Single(c => c.Path == "Lines");
        Assert.True(lines.IsJson);
        Assert.Null(lines.Column("Sku"));

        var addressType = model.Compilation.GetTypeByMetadataName("Address")!;
        Assert.Same(address, Assert.Single(model.GetComplexUsages(addressType)));
        Assert.Empty(model.GetComplexUsages(model.Compilation.GetTypeByMetadataName("Customer")!));
    }
}
