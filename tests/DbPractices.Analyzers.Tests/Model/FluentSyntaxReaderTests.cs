using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DbPractices.Analyzers.Model;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace DbPractices.Analyzers.Tests.Model;

/// <summary>
/// The fluent configuration read from syntax (<see cref="FluentSyntaxReader"/>, no binding) gives exactly the facts, in the
/// same order, that binding every configuration body gives: on shapes written for it here, and on every source embedded
/// in the rule, model and query tests and every sample file.
/// </summary>
public class FluentSyntaxReaderTests
{
    private const string Shapes = """
        public class Blog
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
            public string? Url { get; set; }
            public decimal Rating { get; set; }
            public bool IsDeleted { get; set; }
            public int TenantId { get; set; }
            public byte[] Version { get; set; } = Array.Empty<byte>();
            public Address Address { get; set; } = new();
            public List<Post> Posts { get; set; } = new();
            public BlogHeader? Header { get; set; }
            public string Computed => Name + Url;
        }

        public class Address { public string City { get; set; } = ""; }
        public class BlogHeader { public int Id { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; }

        public class Post
        {
            public int Id { get; set; }
            public int BlogId { get; set; }
            public Blog Blog { get; set; } = null!;
            public int? EditorId { get; set; }
            public Person? Editor { get; set; }
            public string Title { get; set; } = "";
            public DateTime? DeletedAt { get; set; }
        }

        public class Person { public int Id { get; set; } public string Code { get; set; } = ""; public ICollection<Post> Edited { get; set; } = new List<Post>(); }

        public enum Kind { A, B }

        public sealed class BlogConfiguration : IEntityTypeConfiguration<Blog>
        {
            public void Configure(EntityTypeBuilder<Blog> builder)
            {
                builder.ToTable("Blogs", "dbo");
                builder.HasKey(e => e.Id);
                builder.HasAlternateKey(e => new { e.TenantId, e.Name });
                builder.Property(e => e.Name).IsRequired().HasMaxLength(200).HasColumnName("blog_name");
                builder.Property(e => e.Url).IsRequired(false).HasColumnType("varchar(400)");
                builder.Property(e => e.Rating).HasPrecision(18, 2);
                builder.Property(e => e.Version).IsRowVersion();
                builder.Property(nameof(Blog.TenantId)).IsConcurrencyToken(false);
                builder.Property<DateTime>("CreatedAt").HasDefaultValueSql("getdate()");
                builder.HasIndex(e => e.Name, "IX_Blog_Name").IsUnique().HasFilter("[Name] IS NOT NULL");
                builder.HasIndex(e => new { e.TenantId, e.Url }).IsUnique(false).HasFilter(null);
                builder.HasIndex("TenantId", "Rating");
                builder.Ignore(e => e.Computed).Ignore(nameof(Blog.Address));
                builder.HasQueryFilter(e => !e.IsDeleted && e.TenantId == 3 && e.Name.StartsWith("x") && e.Posts.Count > 0);
                builder.HasMany(e => e.Posts).WithOne(p => p.Blog).HasForeignKey(p => p.BlogId).OnDelete(DeleteBehavior.Cascade).IsRequired();
                builder.HasOne(e => e.Header).WithOne(h => h.Blog).HasForeignKey<BlogHeader>(h => h.BlogId);
                builder.Navigation(e => e.Posts).AutoInclude().UsePropertyAccessMode(PropertyAccessMode.Field);
                builder.HasData(new Blog { Id = 1, Name = "seed" });
            }
        }

        public sealed class PostConfiguration : IEntityTypeConfiguration<Post>
        {
            public void Configure(EntityTypeBuilder<Post> builder) =>
                builder.HasOne(p => p.Editor).WithMany(e => e.Edited).HasForeignKey(p => p.EditorId).HasPrincipalKey(e => e.Id).IsRequired(false);
        }

        public abstract class BaseContext : DbContext
        {
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema("app");
        }

        public class ShapesContext : BaseContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                base.OnModelCreating(modelBuilder);
                modelBuilder.ApplyConfiguration(new BlogConfiguration()).ApplyConfiguration(new PostConfiguration());
                modelBuilder.ApplyConfigurationsFromAssembly(typeof(ShapesContext).Assembly);
                modelBuilder.Entity<Person>(person =>
                {
                    person.HasKey(x => x.Id);
                    person.HasIndex(x => x.Code).IsUnique();
                    person.Property(x => x.Code).HasConversion(v => v.ToUpperInvariant(), v => v);
                });
                modelBuilder.Entity<Post>().ToTable("Posts").HasQueryFilter(p => p.DeletedAt == null && EF.Property<int>(p, "TenantId") == 1);
                modelBuilder.Entity<Post>(post => post.Property(p => p.Title).HasMaxLength(100));
                modelBuilder.Entity<Post>().HasOne<Person>().WithMany().HasForeignKey("ReviewerId");
            }
        }
        """;

    /// <summary>Shapes that need binding: the syntax reader must give up on each of these methods.</summary>
    private const string Bound = """
        public class Item { public int Id { get; set; } public string Name { get; set; } = ""; public Part Part { get; set; } = new(); }
        public class Part { public string Code { get; set; } = ""; }
        public interface ISoftDelete { bool IsDeleted { get; set; } }

        public static class MyExtensions
        {
            public static PropertyBuilder<string> Trimmed(this PropertyBuilder<string> builder) => builder.HasMaxLength(10);
        }

        public static class Names { public const string Table = "items"; }

        public class ItemConfiguration : IEntityTypeConfiguration<Item>
        {
            // a method of this compilation in the chain
            public void Configure(EntityTypeBuilder<Item> builder) => builder.Property(e => e.Name).Trimmed();
        }

        public class OwnedConfiguration
        {
            // an owned type's builder
            public static void Configure(EntityTypeBuilder<Item> builder) => builder.OwnsOne(e => e.Part, part => part.Property(p => p.Code).HasMaxLength(5));
        }

        public class ConstantConfiguration
        {
            // a constant only binding can read
            public static void Configure(EntityTypeBuilder<Item> builder) => builder.ToTable(Names.Table);
        }

        public class LocalConfiguration
        {
            // a statement that is not a call on a builder
            public static void Configure(EntityTypeBuilder<Item> builder)
            {
                var name = builder.Property(e => e.Name);
                name.HasMaxLength(3);
            }
        }

        public class BoundContext : DbContext
        {
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                // a loop over the model's entity types
                foreach (var entityType in modelBuilder.Model.GetEntityTypes())
                {
                    if (typeof(ISoftDelete).IsAssignableFrom(entityType.ClrType))
                    {
                        entityType.AddIgnored("Shadow");
                    }
                }

                Generic<Item>(modelBuilder);
            }

            // a type parameter's builder
            private static void Generic<T>(ModelBuilder modelBuilder) where T : class => modelBuilder.Entity<T>().HasKey("Id");
        }
        """;

    [Fact]
    public void Fluent_shapes_read_from_syntax_give_the_facts_binding_gives()
    {
        var compilation = TestCompilation.Create(Shapes);
        var (syntax, bound, readFromSyntax) = ReadBothWays(compilation, compilation.SyntaxTrees.Single());

        Assert.Equal(bound, syntax);

        // Configure ×2, both OnModelCreating: every configuration method of the source
        Assert.Equal(4, readFromSyntax);
        Assert.Contains(syntax, f => f.StartsWith("Relationship Blog @builder.HasMany(e => e.Posts)", StringComparison.Ordinal));
        Assert.Contains(syntax, f => f.StartsWith("ShadowProperty Blog @builder.Property<DateTime>(\"CreatedAt\")", StringComparison.Ordinal));
    }

    [Fact]
    public void Shapes_that_need_binding_are_bound()
    {
        var compilation = TestCompilation.Create(Bound);
        var (syntax, bound, readFromSyntax) = ReadBothWays(compilation, compilation.SyntaxTrees.Single());

        Assert.Equal(bound, syntax);
        Assert.Equal(0, readFromSyntax);
    }

    [Fact]
    public void Every_test_source_and_sample_reads_the_same_from_syntax_as_bound()
    {
        var sources = new List<(string Origin, string Text)>();
        var root = RuleCatalog.RepositoryRoot;
        var testFiles = new[] { "Rules", "Model", "Query" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(root, "tests", "DbPractices.Analyzers.Tests", folder), "*.cs", SearchOption.AllDirectories))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (var file in testFiles)
        {
            foreach (var source in RobustnessTests.ExtractEmbeddedSources(File.ReadAllText(file)))
            {
                sources.Add((Path.GetFileName(file), source));
            }
        }

        var samples = Directory.GetFiles(Path.Combine(root, "samples"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) &&
                        !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), path: f))
            .ToList();

        var total = 0;
        var mismatches = new List<string>();
        foreach (var (origin, text) in sources)
        {
            var compilation = TestCompilation.Create(text, requireNoErrors: false, References.Sqlite.ToArray());
            total += Compare(compilation, compilation.SyntaxTrees.Single(), origin, mismatches);
        }

        var sampleCompilation = CSharpCompilation.Create(
            "Sample",
            samples,
            References.Framework.AddRange(References.EfCore).AddRange(References.Sqlite),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        foreach (var tree in samples)
        {
            total += Compare(sampleCompilation, tree, Path.GetFileName(tree.FilePath), mismatches);
        }

        Assert.True(mismatches.Count == 0, string.Join("\n\n", mismatches));

        // most configuration methods of the corpus are fluent shapes the syntax reader decides
        Assert.True(total > 100, $"only {total} configuration methods were read from syntax");
    }

    /// <summary>
    /// A method name the bound reader reads facts from that the syntax reader does not know would be read from syntax
    /// as if it said nothing. Every name <see cref="FluentConfigurationReader"/> compares with must be known to
    /// <see cref="FluentSyntaxReader"/>: read the same way, or a reason to bind.
    /// </summary>
    [Fact]
    public void Every_name_the_bound_reader_reads_is_known_to_the_syntax_reader()
    {
        // names in the bound reader that are no calls of configuration code: builder type names, option calls both readers
        // share (ReadOptionsCall runs before either), the Configure method's name, default period names
        var notCalls = new HashSet<string>(StringComparer.Ordinal)
        {
            "Builder", "ModelBuilder", "EntityTypeBuilder", "OwnedNavigationBuilder", "ModelConfigurationBuilder", "ComplexPropertyBuilder",
            "ComplexCollectionBuilder", "ConventionSetBuilder", "TableBuilder", "EF", "Configure", "PeriodStart", "PeriodEnd",
            "UseLazyLoadingProxies", "UseQuerySplittingBehavior", "SplitQuery", "EnableRetryOnFailure", "ExecutionStrategy",
            "UseQueryTrackingBehavior", "QueryTrackingBehavior",
        };

        var path = Path.Combine(RuleCatalog.RepositoryRoot, "src", "DbPractices.Analyzers", "Model", "FluentConfigurationReader.cs");
        var root = CSharpSyntaxTree.ParseText(File.ReadAllText(path)).GetRoot();
        var names = root.DescendantTokens()
            .Where(t => t.IsKind(SyntaxKind.StringLiteralToken) && t.ValueText.Length > 1 && char.IsUpper(t.ValueText[0]) && t.ValueText.All(char.IsLetter))
            .Select(t => t.ValueText)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.Contains("HasForeignKey", names);
        var unknown = names.Where(n => !notCalls.Contains(n) && !FluentSyntaxReader.Knows(n)).ToList();
        Assert.True(unknown.Count == 0, "the syntax reader does not know: " + string.Join(", ", unknown));
    }

    private static int Compare(Compilation compilation, SyntaxTree tree, string origin, List<string> mismatches)
    {
        var (syntax, bound, readFromSyntax) = ReadBothWays(compilation, tree);
        if (!syntax.SequenceEqual(bound))
        {
            mismatches.Add($"{origin}:\n  syntax: {string.Join("\n          ", syntax)}\n  bound:  {string.Join("\n          ", bound)}\n{tree}");
        }

        return readFromSyntax;
    }

    private static (List<string> Syntax, List<string> Bound, int ReadFromSyntax) ReadBothWays(Compilation compilation, SyntaxTree tree)
    {
        var symbols = EfSymbols.For(compilation)!;
        var syntax = FluentConfigurationReader.ReadUncached(tree, symbols, syntaxFirst: true, out var readFromSyntax);
        var bound = FluentConfigurationReader.ReadUncached(tree, symbols, syntaxFirst: false, out var none);
        Assert.Equal(0, none);
        return (syntax.Select(Describe).ToList(), bound.Select(Describe).ToList(), readFromSyntax);
    }

    /// <summary>Everything a fact says, in one line.</summary>
    private static string Describe(ConfigFact fact)
    {
        var where = fact.Location.SourceTree?.GetText().ToString(fact.Location.SourceSpan) ?? string.Empty;
        var line = $"{fact.Kind} {fact.Entity} @{Cut(where)} [{fact.Location.SourceSpan}] members={string.Join(",", fact.Members)} name={fact.Name} " +
                   $"target={fact.Target} facet={fact.Facet} pk={fact.IsPrimaryKey} filtered={fact.IsFiltered} unique={fact.IsUnique} " +
                   $"class={fact.IsConfigurationClass} json={fact.IsJson} required={fact.IsRequired} types={string.Join(",", fact.Types)} " +
                   $"helper={fact.Helper}/{fact.HelperTypeParameter} owner={fact.Owner}";
        if (fact.Relationship is { } r)
        {
            line += $" rel(nav={r.Navigation} inv={r.Inverse} coll={r.IsCollection} with={r.WithCalled} invColl={r.InverseIsCollection} dep={r.DependentHint} " +
                    $"fk={string.Join(",", r.ForeignKey)} pk={string.Join(",", r.PrincipalKey)} req={r.IsRequired}/{r.Required} fkAt={r.ForeignKeyLocation?.SourceSpan})";
        }

        return line;
    }

    private static string Cut(string text)
    {
        var firstLine = text.Split('\n')[0].Trim();
        return firstLine.Length > 60 ? firstLine.Substring(0, 60) : firstLine;
    }
}
