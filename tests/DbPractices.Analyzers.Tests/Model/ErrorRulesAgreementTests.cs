using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.ComponentModel.DataAnnotations.Schema;
using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Hygiene;
using DbPractices.Analyzers.Rules.Mapping;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Xunit;

namespace DbPractices.Analyzers.Tests.Model;

/// <summary>
/// The error-severity rules DBP004, DBP005, DBP022 and DBP024 against EF Core itself, on EF Core's documented idioms
/// (which must stay silent) and on representative true positives. Each source is compiled, EF Core 10 builds its real
/// model (SQL Server provider, no database contacted), and the verdicts must match: EF Core builds the model as the
/// code intends ⇔ none of these rules reports. "Not as intended" is: the model build throws; EF Core creates a shadow
/// property that differs only in case from a CLR member or is a CLR property's name with "1" appended (it ignored the
/// CLR property); or fewer query filters survive than HasQueryFilter calls ran (counted by <c>Mark(..)</c>).
/// </summary>
public class ErrorRulesAgreementTests
{
    private const string Head = "using System;\nusing System.Linq;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing Microsoft.EntityFrameworkCore.Metadata.Builders;\nusing System.ComponentModel.DataAnnotations;\nusing System.ComponentModel.DataAnnotations.Schema;\n";

    private const string Blogging = """
        public class Blog { public int Id { get; set; } public string Url { get; set; } = ""; public List<Post> Posts { get; set; } = new(); }
        public class Post { public int Id { get; set; } public string Title { get; set; } = ""; public bool Deleted { get; set; } public bool Draft { get; set; } public Blog Blog { get; set; } = null!; }
        """;

    private static string Context(string sets, string onModelCreating = "", string members = "") =>
        "public class TestContext : DbContext { public TestContext(DbContextOptions options) : base(options) { } " + sets + " " + members +
        " public static bool Flag = true; public static int Mode = 1; public static int Runs;" +
        " public static EntityTypeBuilder<T> Mark<T>(EntityTypeBuilder<T> e) where T : class { Runs++; return e; }" +
        " protected override void OnModelCreating(ModelBuilder b) { " + onModelCreating + " } }";

    public static TheoryData<string, string, string> Models() => new()
    {
        // DBP004: names declared on purpose (silent) ...
        { "shadow foreign key by HasForeignKey(string)", "DBP004", Blogging + Context("public DbSet<Blog> Blogs => Set<Blog>();", "b.Entity<Post>().HasOne(p => p.Blog).WithMany(x => x.Posts).HasForeignKey(\"BlogId\");") },
        { "shadow foreign key by [ForeignKey] on a reference", "DBP004", "public class Blog { public int Id { get; set; } public List<Post> Posts { get; set; } = new(); } public class Post { public int Id { get; set; } [ForeignKey(\"BlogKey\")] public Blog Blog { get; set; } = null!; }" + Context("public DbSet<Blog> Blogs => Set<Blog>();") },
        { "shadow foreign key by [ForeignKey] on a collection", "DBP004", "public class Blog { public int Id { get; set; } [ForeignKey(\"BlogKey\")] public List<Post> Posts { get; set; } = new(); } public class Post { public int Id { get; set; } }" + Context("public DbSet<Blog> Blogs => Set<Blog>();") },
        { "UsingEntity<Dictionary<string, object>> join entity", "DBP004", "public class Post { public int Id { get; set; } public List<Tag> Tags { get; set; } = new(); } public class Tag { public int Id { get; set; } public List<Post> Posts { get; set; } = new(); }" + Context("public DbSet<Post> Posts => Set<Post>();",
            "b.Entity<Post>().HasMany(p => p.Tags).WithMany(t => t.Posts).UsingEntity<Dictionary<string, object>>(\"PostTag\", r => r.HasOne<Tag>().WithMany().HasForeignKey(\"TagsId\"), l => l.HasOne<Post>().WithMany().HasForeignKey(\"PostsId\"), j => { j.HasKey(\"PostsId\", \"TagsId\"); j.Property<DateTime>(\"PublishedOn\"); j.HasIndex(\"PublishedOn\"); });") },
        { "indexer properties", "DBP004", "public class Bag { private readonly Dictionary<string, object?> _values = new(); public int Id { get; set; } public object? this[string key] { get => _values.TryGetValue(key, out var v) ? v : null; set => _values[key] = value; } }" + Context("public DbSet<Bag> Bags => Set<Bag>();", "b.Entity<Bag>().IndexerProperty<string>(\"Name\"); b.Entity<Bag>().HasIndex(\"Name\");") },
        { "temporal period names", "DBP004", "public class Employee { public int Id { get; set; } public string Name { get; set; } = \"\"; }" + Context("public DbSet<Employee> Employees => Set<Employee>();",
            "b.Entity<Employee>().ToTable(\"Employees\", t => t.IsTemporal(p => { p.HasPeriodStart(\"ValidFrom\"); p.HasPeriodEnd(\"ValidTo\"); })); b.Entity<Employee>().Property<DateTime>(\"ValidFrom\").HasColumnName(\"ValidFrom\"); b.Entity<Employee>().HasIndex(\"ValidFrom\");",
            "public List<Employee> AsOf(DateTime d) => Set<Employee>().Where(e => EF.Property<DateTime>(e, \"ValidFrom\") <= d && EF.Property<DateTime>(e, \"ValidTo\") > d).ToList();") },
        { "default temporal period names", "DBP004", "public class Employee { public int Id { get; set; } }" + Context("public DbSet<Employee> Employees => Set<Employee>();", "b.Entity<Employee>().ToTable(t => t.IsTemporal()); b.Entity<Employee>().HasIndex(\"PeriodStart\");") },
        { "private field by Property(string)", "DBP004", "public class Blog { private string _validatedUrl = \"\"; public int Id { get; set; } public string GetUrl() => _validatedUrl; }" + Context("public DbSet<Blog> Blogs => Set<Blog>();", "b.Entity<Blog>().Property(\"_validatedUrl\");") },
        { "backing field by HasField and Property<T>(string)", "DBP004", "public class Blog { private string? _name; private string _url = \"\"; public int Id { get; set; } public string Url { get => _url; set => _url = value; } public string? GetName() => _name; }" + Context("public DbSet<Blog> Blogs => Set<Blog>();", "b.Entity<Blog>().Property(x => x.Url).HasField(\"_url\"); b.Entity<Blog>().Property<string>(\"_name\");") },

        { "discriminator name declared by HasDiscriminator", "DBP004", "public class Blog { public int BlogId { get; set; } public string Url { get; set; } = \"\"; } public class RssBlog : Blog { public string RssUrl { get; set; } = \"\"; }" + Context("public DbSet<Blog> Blogs => Set<Blog>(); public DbSet<RssBlog> RssBlogs => Set<RssBlog>();",
            "b.Entity<Blog>().HasDiscriminator<string>(\"blog_type\").HasValue<Blog>(\"blog\").HasValue<RssBlog>(\"rss\"); b.Entity<Blog>().Property(\"blog_type\").HasMaxLength(200);") },

        // ... and names that are wrong (reported)
        // docs sample Modeling/Inheritance/FluentAPI/DiscriminatorPropertyConfiguration.cs on its own: RssBlog is not in the model, so no discriminator exists
        { "Property(\"blog_type\") with no discriminator", "DBP004", "public class Blog { public int BlogId { get; set; } public string Url { get; set; } = \"\"; } public class RssBlog : Blog { public string RssUrl { get; set; } = \"\"; }" + Context("public DbSet<Blog> Blogs => Set<Blog>();",
            "b.Entity<Blog>().Property(\"blog_type\").HasMaxLength(200);") },
        { "foreign key differing in case from the property", "DBP004", "public class Blog { public int Id { get; set; } public List<Post> Posts { get; set; } = new(); } public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; }" + Context("public DbSet<Blog> Blogs => Set<Blog>();", "b.Entity<Post>().HasOne(p => p.Blog).WithMany(x => x.Posts).HasForeignKey(\"BlogID\");") },
        { "Property(string) naming nothing", "DBP004", Blogging + Context("public DbSet<Blog> Blogs => Set<Blog>();", "b.Entity<Post>().Property(\"Titel\");") },
        { "HasIndex(string) naming nothing", "DBP004", Blogging + Context("public DbSet<Blog> Blogs => Set<Blog>();", "b.Entity<Post>().HasIndex(\"Titel\");") },
        { "[ForeignKey] on a key property naming no navigation", "DBP004", "public class Blog { public int Id { get; set; } } public class Post { public int Id { get; set; } [ForeignKey(\"Ownr\")] public int OwnerRef { get; set; } public Blog Owner { get; set; } = null!; }" + Context("public DbSet<Post> Posts => Set<Post>();") },

        // DBP005: only members EF Core discovers as navigations count
        { "computed get-only reference", "DBP005", "public class Book { public int Id { get; set; } public List<Author> Authors { get; set; } = new(); public Author DefaultAuthor => Authors.First(); } public class Author { public int Id { get; set; } public List<Book> Books { get; set; } = new(); }" + Context("public DbSet<Book> Books => Set<Book>();") },
        { "computed get-only collection", "DBP005", "public class Blog { public int Id { get; set; } public List<Post> Posts { get; set; } = new(); public IEnumerable<Post> Published => Posts.Where(p => !p.Draft); } public class Post { public int Id { get; set; } public bool Draft { get; set; } public Blog Blog { get; set; } = null!; }" + Context("public DbSet<Blog> Blogs => Set<Blog>();") },
        { "get-only auto reference", "DBP005", "public class Post { public int Id { get; set; } public Person Author { get; set; } = null!; public Person? Editor { get; } } public class Person { public int Id { get; set; } public List<Post> Posts { get; set; } = new(); }" + Context("public DbSet<Post> Posts => Set<Post>();") },
        { "[NotMapped] second reference", "DBP005", "public class Post { public int Id { get; set; } public Person Author { get; set; } = null!; [NotMapped] public Person? Editor { get; set; } } public class Person { public int Id { get; set; } public List<Post> Posts { get; set; } = new(); }" + Context("public DbSet<Post> Posts => Set<Post>();") },
        { "get-only auto collection is a navigation", "DBP005", "public class Post { public int Id { get; set; } public Person Author { get; set; } = null!; public Person? Editor { get; set; } } public class Person { public int Id { get; set; } public ICollection<Post> Posts { get; } = new List<Post>(); }" + Context("public DbSet<Post> Posts => Set<Post>();") },
        { "two navigations each way", "DBP005", "public class T { public int Id { get; set; } public U CreatedBy { get; set; } = null!; public U AssignedTo { get; set; } = null!; } public class U { public int Id { get; set; } public List<T> CreatedTasks { get; set; } = new(); public List<T> AssignedTasks { get; set; } = new(); }" + Context("public DbSet<T> Ts => Set<T>();") },

        // DBP022: exclusive paths never combine; one path does
        { "filters in if/else", "DBP022", Blogging + Context("public DbSet<Post> Posts => Set<Post>();", "if (Flag) { Mark(b.Entity<Post>()).HasQueryFilter(p => !p.Deleted); } else { Mark(b.Entity<Post>()).HasQueryFilter(p => !p.Draft); }") },
        { "filters in switch sections", "DBP022", Blogging + Context("public DbSet<Post> Posts => Set<Post>();", "switch (Mode) { case 1: Mark(b.Entity<Post>()).HasQueryFilter(p => !p.Deleted); break; case 2: Mark(b.Entity<Post>()).HasQueryFilter(p => !p.Draft); break; }") },
        { "filters in the arms of ?:", "DBP022", Blogging + Context("public DbSet<Post> Posts => Set<Post>();", "_ = Flag ? Mark(b.Entity<Post>()).HasQueryFilter(p => !p.Deleted) : Mark(b.Entity<Post>()).HasQueryFilter(p => !p.Draft);") },
        { "two unnamed filters on one path", "DBP022", Blogging + Context("public DbSet<Post> Posts => Set<Post>();", "Mark(b.Entity<Post>()).HasQueryFilter(p => !p.Deleted); if (Flag) { Mark(b.Entity<Post>()).HasQueryFilter(p => !p.Draft); }") },
        { "named and unnamed filters", "DBP022", Blogging + Context("public DbSet<Post> Posts => Set<Post>();", "Mark(b.Entity<Post>()).HasQueryFilter(\"SoftDelete\", p => !p.Deleted); Mark(b.Entity<Post>()).HasQueryFilter(p => !p.Draft);") },

        // DBP024
        { "int foreign key beside a Guid key", "DBP024", "public class Blog { public Guid Id { get; set; } public List<Post> Posts { get; set; } = new(); } public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; }" + Context("public DbSet<Blog> Blogs => Set<Blog>();") },
        // docs sample Modeling/Relationships/DataAnnotations/InverseProperty.cs: int {Nav}UserId beside a string key
        { "int foreign keys beside a string key with [InverseProperty]", "DBP024", "public class Post { public int PostId { get; set; } public int AuthorUserId { get; set; } public User Author { get; set; } = null!; public int ContributorUserId { get; set; } public User Contributor { get; set; } = null!; } public class User { public string UserId { get; set; } = \"\"; [InverseProperty(\"Author\")] public List<Post> AuthoredPosts { get; set; } = new(); [InverseProperty(\"Contributor\")] public List<Post> ContributedToPosts { get; set; } = new(); }" + Context("public DbSet<Post> Posts => Set<Post>(); public DbSet<User> Users => Set<User>();") },
        { "nullable foreign key of the key's type", "DBP024", "public class Blog { public Guid Id { get; set; } public List<Post> Posts { get; set; } = new(); } public class Post { public int Id { get; set; } public Guid? BlogId { get; set; } public Blog? Blog { get; set; } }" + Context("public DbSet<Blog> Blogs => Set<Blog>();") },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Error_rules_agree_with_EF_Core(string name, string rule, string model)
    {
        var source = Head + model;
        var (efVerdict, efDetail) = BuildWithEfCore(source);

        var diagnostics = await AnalyzerRunner.RunAsync(
            Compile(source, "Analyzed"),
            new RelationshipMemberNamedByStringAnalyzer(), new RelationshipStringNamesNoMemberAnalyzer(), new AmbiguousRelationshipAnalyzer(), new QueryFilterOverwrittenAnalyzer(), new ForeignKeyTypeMismatchAnalyzer());
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.True(efVerdict == errors.Count > 0,
            $"{name}: EF Core {(efVerdict ? "does not build it as written (" + efDetail + ")" : "builds the model as written")}, the error rules report {errors.Count}: {string.Join("; ", errors.Select(d => d.Id + " " + d.GetMessage()))}");
        Assert.All(errors, d => Assert.Equal(rule, d.Id));
    }

    private static CSharpCompilation Compile(string source, string assemblyName) =>
        CSharpCompilation.Create(
            assemblyName,
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
            References.Framework.AddRange(References.EfCore).AddRange(References.SqlServer),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>True (with what EF Core did) when EF Core does not build the model the code intends.</summary>
    private static (bool Wrong, string Detail) BuildWithEfCore(string source)
    {
        var compilation = Compile(source, "ErrorRules" + Guid.NewGuid().ToString("N"));
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;

        var context = new AssemblyLoadContext("ErrorRules", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var contextType = assembly.GetTypes().First(t => typeof(DbContext).IsAssignableFrom(t) && !t.IsAbstract);
            var options = new DbContextOptionsBuilder().UseSqlServer("Server=.;Database=agreement").Options;
            using var db = (DbContext)Activator.CreateInstance(contextType, options)!;
            IModel model;
            try
            {
                model = db.Model;
            }
            catch (Exception exception)
            {
                return (true, "throws: " + exception.Message);
            }

            foreach (var entityType in model.GetEntityTypes())
            {
                foreach (var property in entityType.GetProperties().Where(p => p.IsShadowProperty()))
                {
                    var clr = ClrMembers(entityType.ClrType);
                    if (clr.Any(m => m != property.Name && string.Equals(m, property.Name, StringComparison.OrdinalIgnoreCase)) ||
                        (property.Name.EndsWith('1') && clr.Contains(property.Name[..^1])))
                    {
                        return (true, $"creates shadow property {entityType.DisplayName()}.{property.Name}");
                    }
                }
            }

            // a [ForeignKey] on a key property that EF Core did not use (it names no navigation: EF Core ignores it)
            foreach (var entityType in model.GetEntityTypes())
            {
                foreach (var property in entityType.GetProperties().Where(p => p.PropertyInfo?.GetCustomAttribute<ForeignKeyAttribute>() is not null))
                {
                    if (!property.IsForeignKey())
                    {
                        return (true, $"ignores [ForeignKey] on {entityType.DisplayName()}.{property.Name}");
                    }
                }
            }

            var runs = (int)contextType.GetField("Runs")!.GetValue(null)!;
            var filters = model.GetEntityTypes().Sum(e => e.GetDeclaredQueryFilters().Count);
            if (runs > filters)
            {
                return (true, $"keeps {filters} of the {runs} query filters configured");
            }

            return (false, string.Empty);
        }
        finally
        {
            context.Unload();
        }
    }

    private static string[] ClrMembers(Type type) =>
        type.GetMembers(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(m => m is PropertyInfo or FieldInfo)
            .Select(m => m.Name)
            .ToArray();
}
