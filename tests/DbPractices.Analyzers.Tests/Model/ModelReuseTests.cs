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
/// repository), or in trees the model was read from without changing their declarations and facts (a keystroke in a
/// configuration class or an entity), reuses the previous EF model (<see cref="ModelReuse"/>) with its locations moved;
/// every other change rebuilds it. The reused model must make every rule report exactly what a model built from
/// scratch makes them report.
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
    public async Task An_edit_that_keeps_the_facts_of_a_tree_the_model_was_read_from_reuses_it_with_its_locations_moved()
    {
        var project = SampleProject.Load(AssemblyName);
        var compilation = (await project.GetCompilationAsync())!;
        ModelReuse.Clear();
        var original = EfModel.For(compilation, CancellationToken.None)!;

        var reusedCount = 0;
        foreach (var tree in compilation.SyntaxTrees.Where(t => original.ContributingTrees.Contains(t)))
        {
            foreach (var newTree in new[] { EditFirstBody(tree), CommentInTheMiddle(tree), EditMaxLength(tree) })
            {
                if (newTree is null)
                {
                    continue;
                }

                ModelReuse.Remember(original);
                var next = compilation.ReplaceSyntaxTree(tree, newTree);
                var reused = EfModel.For(next, CancellationToken.None)!;
                reusedCount += reused.IsReused ? 1 : 0;
                using (ModelReuse.Suspend(next.AssemblyName))
                {
                    // every location the model holds is where a model built from scratch has it, in the new tree
                    var fresh = EfModel.For(next.Clone(), CancellationToken.None)!;
                    Assert.Equal(DescribeLocations(fresh), DescribeLocations(reused));
                }

                // reused or not, every rule reports what a model built from scratch makes it report, at the same places
                var withReuse = await DiagnosticsAsync(next, project, reuse: true);
                var withoutReuse = await DiagnosticsAsync(next, project, reuse: false);
                Assert.Equal(withoutReuse, withReuse);
            }
        }

        Assert.True(reusedCount >= 40, $"only {reusedCount} edits reused the model");
    }

    [Fact]
    public void An_edit_inside_a_fact_moves_its_location_and_one_that_changes_a_fact_rebuilds_the_model()
    {
        var (first, second) = TwoFiles();
        var c1 = Compile(first, second);
        ModelReuse.Clear();
        var m1 = EfModel.For(c1, CancellationToken.None)!;
        var entities = c1.SyntaxTrees.First();
        Assert.Contains(entities, m1.ContributingTrees);
        var index = m1.GetEntity(c1.GetTypeByMetadataName("Blog"))!.Indexes.Single();
        Assert.Equal("Index(nameof(Title))", index.Location!.SourceTree!.GetText().ToString(index.Location.SourceSpan));

        // a comment before the [Index] attribute and an edit inside the configuration call: the same facts
        var text = entities.GetText();
        var edited = text.WithChanges(
            new TextChange(new TextSpan(first.IndexOf("[Index", StringComparison.Ordinal), 0), "/* indexed */ "),
            new TextChange(new TextSpan(first.IndexOf("p => p.BlogId", StringComparison.Ordinal), "p => p.BlogId".Length), "post => post.BlogId"));
        var c2 = c1.ReplaceSyntaxTree(entities, entities.WithChangedText(edited));
        var m2 = EfModel.For(c2, CancellationToken.None)!;
        Assert.True(m2.IsReused);
        Assert.Equal(Describe(m1), Describe(m2));
        var moved = m2.GetEntity(c2.GetTypeByMetadataName("Blog"))!.Indexes.Single().Location!;
        Assert.Same(c2.SyntaxTrees.First(), moved.SourceTree);
        Assert.Equal("Index(nameof(Title))", moved.SourceTree!.GetText().ToString(moved.SourceSpan));
        Assert.Contains(c2.SyntaxTrees.First(), m2.ContributingTrees);
        Assert.DoesNotContain(entities, m2.ContributingTrees);

        // the same text, not made from the old one by the editor: the trees are compared instead
        var c3 = c2.ReplaceSyntaxTree(c2.SyntaxTrees.First(), c2.SyntaxTrees.First().WithChangedText(SourceText.From(edited.ToString().Replace("=> 0;", "=> 1;", StringComparison.Ordinal))));
        var m3 = EfModel.For(c3, CancellationToken.None)!;
        Assert.True(m3.IsReused);
        var again = m3.GetEntity(c3.GetTypeByMetadataName("Blog"))!.Indexes.Single().Location!;
        Assert.Equal("Index(nameof(Title))", again.SourceTree!.GetText().ToString(again.SourceSpan));

        // an edit that rewrites the whole statement to rename the lambda's parameter: narrowed to what differs
        var c3Text = c3.SyntaxTrees.First().GetText();
        var statement = c3Text.ToString().IndexOf("modelBuilder.Entity<Post>()", StringComparison.Ordinal);
        var statementEnd = c3Text.ToString().IndexOf(';', statement) + 1;
        var rewritten = c3.ReplaceSyntaxTree(c3.SyntaxTrees.First(), c3.SyntaxTrees.First().WithChangedText(c3Text.Replace(
            TextSpan.FromBounds(statement, statementEnd), c3Text.ToString(TextSpan.FromBounds(statement, statementEnd)).Replace("post", "item", StringComparison.Ordinal))));
        Assert.True(EfModel.For(rewritten, CancellationToken.None)!.IsReused);

        // a fact that changes (another indexed property) rebuilds it
        var c4 = c3.ReplaceSyntaxTree(c3.SyntaxTrees.First(), c3.SyntaxTrees.First().WithChangedText(c3.SyntaxTrees.First().GetText().Replace(
            c3.SyntaxTrees.First().GetText().ToString().IndexOf("post.BlogId", StringComparison.Ordinal), "post.BlogId".Length, "post.AuthorId")));
        var m4 = EfModel.For(c4, CancellationToken.None)!;
        Assert.False(m4.IsReused);
        Assert.Equal(new[] { "AuthorId" }, m4.GetEntity(c4.GetTypeByMetadataName("Post"))!.Indexes.Single().Properties);
    }

    [Theory]
    [InlineData(20, 5, 10, 5, 3, 10, 5)] // after the span: stays
    [InlineData(15, 0, 10, 5, 3, 10, 5)] // an insertion at its end: stays
    [InlineData(0, 10, 10, 5, 3, 3, 5)] // before it: shifts
    [InlineData(10, 0, 10, 5, 3, 13, 5)] // an insertion at its start: shifts
    [InlineData(5, 5, 0, 20, 4, 0, 19)] // inside it: resizes
    [InlineData(8, 5, 10, 5, 3, -1, -1)] // across its start: no place
    [InlineData(12, 5, 10, 5, 3, -1, -1)] // across its end: no place
    public void A_span_moves_with_the_changes_around_it_and_has_no_place_when_one_overlaps_it_in_part(int changeStart, int changeLength, int spanStart, int spanLength, int newLength, int expectedStart, int expectedLength)
    {
        var changes = new[] { new TextChangeRange(new TextSpan(changeStart, changeLength), newLength) };
        var mapped = LocationMap.MapSpan(new TextSpan(spanStart, spanLength), changes);
        Assert.Equal(expectedStart < 0 ? null : new TextSpan(expectedStart, expectedLength), mapped);
    }

    [Fact]
    public void Comparing_facts_covers_every_property_a_fact_has()
    {
        // ModelReuse.SameFact compares these; a new property must be compared there too (then listed here)
        Assert.Equal(
            "AppliedAt,Entity,Facet,Helper,HelperTypeParameter,IsConfigurationClass,IsFiltered,IsJson,IsPrimaryKey,IsRequired,IsUnique,Kind,Location,Members,Name,Owner,Relationship,Target,Types",
            string.Join(",", typeof(ConfigFact).GetProperties().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal)));
        Assert.Equal(
            "DependentHint,ForeignKey,ForeignKeyLocation,Inverse,InverseIsCollection,IsCollection,IsRequired,Navigation,PrincipalKey,Required,WithCalled",
            string.Join(",", typeof(RelationshipFact).GetProperties().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal)));
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
    public void Other_references_rebuild_the_model()
    {
        var (first, second) = TwoFiles();
        var c1 = Compile(first, second);
        ModelReuse.Clear();
        EfModel.For(c1, CancellationToken.None);

        // symbols of referenced assemblies are not shared
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

    /// <summary>Every location the model holds, with the text at it, and whether its tree is the edited one or another.</summary>
    private static List<string> DescribeLocations(EfModel model)
    {
        string At(Location? location) => location?.SourceTree is not { } tree
            ? "-"
            : $"{tree.FilePath}{location.SourceSpan} '{tree.GetText().ToString(location.SourceSpan).Split('\n')[0]}' {(model.ContributingTrees.Contains(tree) || model.Compilation.ContainsSyntaxTree(tree) ? "in" : "STALE")}";

        var lines = new List<string>();
        foreach (var context in model.ContextModels)
        {
            foreach (var e in context.Entities)
            {
                var name = context.ContextName + "/" + e.Name;
                lines.AddRange(e.Indexes.Select(i => $"{name} index {At(i.Location)}"));
                lines.AddRange(e.QueryFilters.Select(f => $"{name} filter {At(f.Location)} applied {At(f.AppliedAt)}"));
                lines.AddRange(e.KeptQueryFilters.Select(f => $"{name} kept {At(f.Location)} {e.QueryFilters.Contains(f)}"));
                lines.AddRange(e.PropertyFacets.Select(f => $"{name} facet {f.Member} {At(f.Location)}"));
                lines.AddRange(e.ConfigurationBlocks.Select(b => $"{name} block {At(b.Location)}"));
                lines.Add($"{name} site {At(e.ExternalSite?.Location)} temporal {At(e.Temporal?.Location)}");
            }

            lines.AddRange(context.Relationships.Select(r => $"{context.ContextName} relationship {r} {At(r.Location)}"));
            lines.AddRange(context.BulkConventions.Select(c => $"{context.ContextName} convention {At(c.Location)}"));
            lines.AddRange(context.LoopQueryFilters.Select(l => $"{context.ContextName} loop {At(l.Location)}"));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

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

    /// <summary>A comment before the token in the middle of the tree (a declaration, a body, or inside a fact).</summary>
    private static SyntaxTree CommentInTheMiddle(SyntaxTree tree)
    {
        var token = tree.GetRoot().FindToken(tree.GetText().Length / 2);
        var text = tree.GetText().WithChanges(new TextChange(new TextSpan(token.SpanStart, 0), "/* keystroke */ "));
        return tree.WithChangedText(text);
    }

    /// <summary>Another length in the first <c>[MaxLength(n)]</c> (rules read it from the symbols), or null when the tree has none.</summary>
    private static SyntaxTree? EditMaxLength(SyntaxTree tree)
    {
        var attribute = tree.GetRoot().DescendantNodes().OfType<AttributeSyntax>().FirstOrDefault(a => a.Name.ToString() == "MaxLength" && a.ArgumentList?.Arguments.Count == 1);
        if (attribute is null)
        {
            return null;
        }

        var argument = attribute.ArgumentList!.Arguments[0];
        return tree.WithChangedText(tree.GetText().WithChanges(new TextChange(argument.Span, "1" + argument)));
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
        // an exception (a location in a tree that left the compilation, say) is listed as one of the diagnostics
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions, (exception, analyzer, _) => { lock (exceptions) { exceptions.Add($"{analyzer.GetType().Name} threw {exception.Message}"); } },
            concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(RuleCatalog.Analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()} also at {string.Join(", ", d.AdditionalLocations.Select(l => l.GetLineSpan().ToString()))}")
            .Concat(exceptions).OrderBy(s => s, StringComparer.Ordinal).ToList();
    }
}
