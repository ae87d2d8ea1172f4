using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using DbPractices.Analyzers.Model;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DbPractices.Analyzers.Tests.Model;

/// <summary>Runs alone: the remembered models are process-wide, and parallel tests would replace them between steps.</summary>
[CollectionDefinition(nameof(ModelReuseCollection), DisableParallelization = true)]
public class ModelReuseCollection
{
}

/// <summary>
/// A compilation that differs from the previous one only in method bodies that configure nothing (a keystroke in a
/// repository) reuses the previous EF model (<see cref="ModelReuse"/>); every other change rebuilds it. The reused
/// model must make every rule report exactly what a model built from scratch makes them report.
/// </summary>
[Collection(nameof(ModelReuseCollection))]
public class ModelReuseTests
{
    private const string AssemblyName = "ModelReuseSample";

    [Fact]
    public async Task A_body_edit_anywhere_the_model_was_not_read_from_reuses_it_and_every_rule_reports_what_a_fresh_model_gives()
    {
        var project = SampleProject.Load(AssemblyName);
        var compilation = (await project.GetCompilationAsync())!;
        ModelReuse.Clear();
        var original = EfModel.For(compilation, CancellationToken.None)!;
        Assert.False(original.IsReused);

        var edited = 0;
        foreach (var tree in compilation.SyntaxTrees.Where(t => !original.ContributingTrees.Contains(t)))
        {
            if (EditFirstBody(tree) is not { } newTree)
            {
                continue;
            }

            // the previous compilation is the sample's, as in the IDE after one keystroke
            ModelReuse.Remember(original);
            var next = compilation.ReplaceSyntaxTree(tree, newTree);
            var reused = EfModel.For(next, CancellationToken.None)!;
            Assert.True(reused.IsReused, tree.FilePath);

            var withReuse = await DiagnosticsAsync(next, project, reuse: true);
            var withoutReuse = await DiagnosticsAsync(next, project, reuse: false);
            Assert.Equal(withoutReuse, withReuse);
            Assert.NotEmpty(withReuse);
            edited++;
        }

        Assert.True(edited >= 5, $"only {edited} trees were edited");
    }

    [Fact]
    public void A_reused_model_has_the_same_entities_relationships_and_symbols_of_the_new_compilation()
    {
        var compilation = TestCompilation.Create(Source);
        ModelReuse.Clear();
        var original = EfModel.For(compilation, CancellationToken.None)!;
        var service = compilation.SyntaxTrees.Single();
        Assert.Contains(service, original.ContributingTrees); // one file: the model was read from it
        var next = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { void M() { } }", (CSharpParseOptions)service.Options));
        Assert.False(EfModel.For(next, CancellationToken.None)!.IsReused); // a tree was added

        var (first, second) = TwoFiles();
        var c1 = Compile(first, second);
        ModelReuse.Clear();
        var m1 = EfModel.For(c1, CancellationToken.None)!;
        var oldTree = c1.SyntaxTrees.Last();
        var c2 = c1.ReplaceSyntaxTree(oldTree, oldTree.WithChangedText(oldTree.GetText().Replace(second.IndexOf("return 1;", StringComparison.Ordinal), "return 1;".Length, "return 2;")));
        var m2 = EfModel.For(c2, CancellationToken.None)!;
        Assert.True(m2.IsReused);
        Assert.Equal(Describe(m1), Describe(m2));

        var blog = m2.GetEntity(c2.GetTypeByMetadataName("Blog"))!;
        Assert.Same(c2.GetTypeByMetadataName("Blog"), blog.Type);
        Assert.Same(c2.Assembly, blog.ScalarProperties[0].ContainingAssembly);
        Assert.Same(c2.GetTypeByMetadataName("Post")!.GetMembers("Blog").Single(), m2.GetEntity(c2.GetTypeByMetadataName("Post"))!.FindNavigation("Blog")!.Property);
        Assert.Same(c2.GetTypeByMetadataName("BlogContext"), m2.Contexts.Single());
        Assert.Equal(new[] { "Post" }, m2.GetEntitiesDerivingFromUnmappedBase(c2.GetTypeByMetadataName("Audited")!).Select(e => e.Name));
        Assert.Null(m2.GetEntity(c2.GetTypeByMetadataName("Service")));
        Assert.Null(m2.GetEntity(c1.GetTypeByMetadataName("Blog"))); // a symbol of the earlier compilation is not one of this one's types

        // and again from the reused model, before any of its symbols were asked for
        var c3 = c2.ReplaceSyntaxTree(c2.SyntaxTrees.Last(), c2.SyntaxTrees.Last().WithChangedText(SourceText.From(second.Replace("return 1;", "return 3;", StringComparison.Ordinal))));
        var m3 = EfModel.For(c3, CancellationToken.None)!;
        Assert.True(m3.IsReused);
        Assert.Equal(Describe(m1), Describe(m3));
    }

    [Theory]
    [InlineData("return 1;", "return 1; } public int Added { get; set; } int Other() { return 1;", "a declaration changed")]
    [InlineData("return 1;", "new DbContextOptionsBuilder().UseLazyLoadingProxies(); return 1;", "the tree now configures the model")]
    [InlineData("#nullable enable", "#nullable disable", "a directive changed")]
    public void A_change_to_what_the_model_reads_rebuilds_it(string find, string replace, string why)
    {
        var (first, second) = TwoFiles();
        var c1 = Compile(first, second);
        ModelReuse.Clear();
        EfModel.For(c1, CancellationToken.None);
        var oldTree = c1.SyntaxTrees.Last();
        var c2 = c1.ReplaceSyntaxTree(oldTree, oldTree.WithChangedText(SourceText.From(second.Replace(find, replace, StringComparison.Ordinal))));
        var m2 = EfModel.For(c2, CancellationToken.None)!;
        Assert.False(m2.IsReused, why);
    }

    [Fact]
    public void Suspending_reuse_for_one_assembly_leaves_the_others_reusing_and_ends_with_its_scope()
    {
        var (first, second) = TwoFiles();
        var c1 = Compile(first, second);
        ModelReuse.Clear();
        EfModel.For(c1, CancellationToken.None);
        var service = c1.SyntaxTrees.Last();
        Compilation Edited(int value) =>
            c1.ReplaceSyntaxTree(service, service.WithChangedText(SourceText.From(second.Replace("return 1;", $"return {value};", StringComparison.Ordinal))));

        using (ModelReuse.Suspend("AnotherAssembly"))
        {
            Assert.True(EfModel.For(Edited(2), CancellationToken.None)!.IsReused);
        }

        using (ModelReuse.Suspend(c1.AssemblyName))
        {
            using (ModelReuse.Suspend(c1.AssemblyName))
            {
                Assert.False(EfModel.For(Edited(3), CancellationToken.None)!.IsReused);
            }

            Assert.False(EfModel.For(Edited(4), CancellationToken.None)!.IsReused); // the outer scope still holds
        }

        Assert.True(EfModel.For(Edited(5), CancellationToken.None)!.IsReused);
    }

    [Fact]
    public void An_edit_in_a_tree_the_model_was_read_from_rebuilds_it()
    {
        var (first, second) = TwoFiles();
        var c1 = Compile(first, second);
        ModelReuse.Clear();
        var m1 = EfModel.For(c1, CancellationToken.None)!;
        var entities = c1.SyntaxTrees.First();
        Assert.Contains(entities, m1.ContributingTrees);
        Assert.DoesNotContain(c1.SyntaxTrees.Last(), m1.ContributingTrees);

        // a body edit in the entities' file: its locations (the [Index] attribute) would be stale
        var c2 = c1.ReplaceSyntaxTree(entities, entities.WithChangedText(SourceText.From(first.Replace("=> 0;", "=> 1;", StringComparison.Ordinal))));
        Assert.False(EfModel.For(c2, CancellationToken.None)!.IsReused);

        // other references: symbols of referenced assemblies are not shared
        var c3 = c1.AddReferences(MetadataReference.CreateFromFile(typeof(ModelReuseTests).Assembly.Location));
        Assert.False(EfModel.For(c3, CancellationToken.None)!.IsReused);
    }

    [Fact]
    public void A_chain_of_reused_models_does_not_keep_earlier_compilations_alive()
    {
        var (first, second) = TwoFiles();
        ModelReuse.Clear();
        var (weak, last) = BuildChain(first, second);
        for (var i = 0; i < 3 && weak.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(weak.IsAlive);
        Assert.True(EfModel.For(last, CancellationToken.None)!.IsReused);
        GC.KeepAlive(last);
    }

    [Fact]
    public void A_type_declared_twice_in_code_that_does_not_compile_yet_is_found_again_by_name()
    {
        var (first, second) = TwoFiles();
        var c1 = Compile(first, second, "public class Blog { public int Id { get; set; } }\npublic class Tag { public int Id { get; set; } public Blog Blog { get; set; } = null!; }");
        ModelReuse.Clear();
        Assert.False(EfModel.For(c1, CancellationToken.None)!.IsReused);
        var tree = c1.SyntaxTrees.ElementAt(1);
        var c2 = c1.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(second.Replace("return 1;", "return 6;", StringComparison.Ordinal))));
        var m2 = EfModel.For(c2, CancellationToken.None)!;
        Assert.True(m2.IsReused); // Roslyn merges the two declarations into one (erroneous) symbol
        var blog = m2.GetEntity(c2.GetTypeByMetadataName("Blog"))!;
        Assert.Same(c2.GetTypeByMetadataName("Blog"), blog.Type);
        Assert.Contains(blog.ScalarProperties, p => p.Name == "Title");
    }

    [Fact]
    public void A_compilation_with_the_same_references_takes_over_the_EF_symbols()
    {
        var (first, second) = TwoFiles();
        var c1 = Compile(first, second);
        var s1 = EfSymbols.For(c1)!;
        var tree = c1.SyntaxTrees.Last();
        var c2 = c1.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(second.Replace("return 1;", "return 5;", StringComparison.Ordinal))));
        var s2 = EfSymbols.For(c2)!;
        Assert.NotSame(s1, s2);
        Assert.Same(c2, s2.Compilation);
        Assert.Same(c2.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbContext"), s2.DbContext);
        Assert.Same(c2.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbSet`1"), s2.DbSet);
        Assert.Same(c2.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.Schema.NotMappedAttribute"), s2.NotMappedAttribute);

        // other types rules ask for: a referenced type is resolved once for both; a source type in each compilation
        Assert.Same(c1.GetTypeByMetadataName("System.Text.StringBuilder"), s1.GetType("System.Text.StringBuilder"));
        Assert.Same(c2.GetTypeByMetadataName("System.Text.StringBuilder"), s2.GetType("System.Text.StringBuilder"));
        Assert.Same(c1.GetTypeByMetadataName("Service"), s1.GetType("Service"));
        Assert.Same(c2.GetTypeByMetadataName("Service"), s2.GetType("Service"));
        Assert.NotSame(s1.GetType("Service"), s2.GetType("Service"));

        // other references: resolved again
        var c3 = c2.AddReferences(MetadataReference.CreateFromFile(typeof(ModelReuseTests).Assembly.Location));
        Assert.Same(c3.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbSet`1"), EfSymbols.For(c3)!.DbSet);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference First, Compilation Last) BuildChain(string first, string second)
    {
        var c1 = Compile(first, second);
        EfModel.For(c1, CancellationToken.None);
        Compilation current = c1;
        for (var i = 2; i <= 4; i++)
        {
            var tree = current.SyntaxTrees.Last();
            current = current.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(second.Replace("return 1;", $"return {i};", StringComparison.Ordinal))));
            EfModel.For(current, CancellationToken.None);
        }

        return (new WeakReference(c1), current);
    }

    private static readonly string Source = TestCompilation.Usings + """
        public class Blog { public int Id { get; set; } public List<Post> Posts { get; } = new(); }
        public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; }
        public class BlogContext : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); }
        """;

    private static (string First, string Second) TwoFiles() => (
        TestCompilation.Usings + """
            #nullable enable
            public abstract class Audited { public DateTime CreatedAt { get; set; } public int Version => 0; }
            [Index(nameof(Title))]
            public class Blog { public int Id { get; set; } public string Title { get; set; } = ""; public List<Post> Posts { get; } = new(); }
            public class Post : Audited { public int Id { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; public int AuthorId { get; set; } }
            public class BlogContext : DbContext
            {
                public DbSet<Blog> Blogs => Set<Blog>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Post>().HasIndex(p => p.BlogId);
            }
            """,
        TestCompilation.Usings + """
            #nullable enable
            public class Service
            {
                private readonly BlogContext _db;
                public Service(BlogContext db) => _db = db;
                public int Count() { return 1; }
                public Task<List<Post>> Load(int id) => _db.Set<Post>().Where(p => p.BlogId == id).ToListAsync();
            }
            """);

    private static CSharpCompilation Compile(params string[] sources)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        return CSharpCompilation.Create(
            "ModelReuseUnit",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, options, $"/src/File{i}.cs")),
            References.Framework.AddRange(References.EfCore),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>Everything the model holds, as text: entities, keys, indexes, navigations, relationships.</summary>
    private static string Describe(EfModel model) => string.Join("\n",
        model.Entities.Select(e => $"{e.Type.ToDisplayString()} pk({string.Join(",", e.PrimaryKey)}) scalars({string.Join(",", e.ScalarProperties.Select(p => p.ContainingType.Name + "." + p.Name + ":" + p.Type.ToDisplayString()))}) " +
                                   $"indexes({string.Join(";", e.Indexes.Select(i => string.Join(",", i.Properties)))}) navs({string.Join(",", e.Navigations.Select(n => n + "->" + n.Target.Name + "/" + n.Relationship))}) base({e.BaseEntity})")
            .Concat(model.Relationships.Select(r => r + " " + r.Principal.ToDisplayString() + " " + r.Dependent.ToDisplayString() + " " + r.RequiredBy))
            .Concat(model.Contexts.Select(c => c.ToDisplayString())));

    /// <summary>One edit inside the first method body of the tree (a statement the rules bind), or null when it has none.</summary>
    private static SyntaxTree? EditFirstBody(SyntaxTree tree)
    {
        var block = tree.GetRoot().DescendantNodes().OfType<BlockSyntax>().FirstOrDefault(b => b.Parent is MethodDeclarationSyntax);
        if (block is null)
        {
            return null;
        }

        var text = tree.GetText().WithChanges(new TextChange(new TextSpan(block.OpenBraceToken.Span.End, 0), " var keystroke = 42; "));
        return tree.WithChangedText(text);
    }

    /// <summary>
    /// All rules' diagnostics. The analyzer driver runs on its own copy of the compilation, whose model comes from
    /// <paramref name="compilation"/>'s (reused, with no tree changed) or, without reuse, is built from scratch.
    /// </summary>
    private static async Task<List<string>> DiagnosticsAsync(Compilation compilation, Project project, bool reuse)
    {
        using (reuse ? null : ModelReuse.Suspend(compilation.AssemblyName))
        {
            return await DiagnosticsCoreAsync(compilation, project);
        }
    }

    private static async Task<List<string>> DiagnosticsCoreAsync(Compilation compilation, Project project)
    {
        var options = new CompilationWithAnalyzersOptions(project.AnalyzerOptions, null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(RuleCatalog.Analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()}").OrderBy(s => s, StringComparer.Ordinal).ToList();
    }
}
