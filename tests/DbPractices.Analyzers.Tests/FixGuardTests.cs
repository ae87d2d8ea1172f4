using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DbPractices.Analyzers.Tests;

/// <summary>
/// The guard every fixer goes through (<see cref="GuardedCodeFixProvider"/>): an action whose change would not
/// compile is not offered, whether the error is in the edited code or where a declaration it changed is used;
/// Fix All is checked the same way; a using a global using provides is not added.
/// </summary>
public class FixGuardTests
{
    private const string Model = """
        using Microsoft.EntityFrameworkCore;
        public class Customer { public int Id { get; set; } }
        public class Order
        {
            public int Id { get; set; }
            public int CustomerId { get; set; }
        }
        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Order> Orders => Set<Order>();
        }
        """;

    private const string Use = """
        public static class Checkout
        {
            public static void Assign(Order order) => order.CustomerId = 1;
        }
        """;

    [Fact]
    public void Every_fixer_goes_through_the_guard()
    {
        Assert.NotEmpty(RuleCatalog.Fixers);
        Assert.All(RuleCatalog.Fixers, f => Assert.IsAssignableFrom<GuardedCodeFixProvider>(f));
    }

    [Fact]
    public async Task A_fix_that_adds_an_error_in_the_code_it_edits_is_not_offered()
    {
        var offered = await OfferedAsync(Project(), TestFixer.Fine, TestFixer.Broken);
        Assert.Equal(new[] { TestFixer.Fine }, offered.Select(a => a.EquivalenceKey));
    }

    [Fact]
    public async Task A_fix_that_changes_a_type_used_in_another_file_is_not_offered_when_the_use_breaks()
    {
        var withUse = await OfferedAsync(Project(Use), TestFixer.ChangeType);
        Assert.Empty(withUse);

        var withoutUse = await OfferedAsync(Project(), TestFixer.ChangeType);
        Assert.Single(withoutUse);
    }

    [Fact]
    public async Task A_using_that_a_global_using_provides_is_not_added()
    {
        var project = Project(globalUsings: "global using System.Linq;\n");
        var action = Assert.Single(await OfferedAsync(project, TestFixer.AddUsing));
        var text = await ChangedTextAsync(project, action);
        Assert.DoesNotContain("using System.Linq;", text, StringComparison.Ordinal);
        Assert.Contains("class Added", text, StringComparison.Ordinal);

        var without = Project();
        var kept = Assert.Single(await OfferedAsync(without, TestFixer.AddUsing));
        Assert.StartsWith("using Microsoft.EntityFrameworkCore;\nusing System.Linq;\n", await ChangedTextAsync(without, kept), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_added_using_that_makes_a_name_elsewhere_in_the_file_ambiguous_is_not_offered()
    {
        // the edited regions are the directive and nothing else; DbSet<T> in the context is what breaks (CS0104)
        var ambiguous = await OfferedAsync(Project("namespace Shadow { public class DbSet<T> { } }"), TestFixer.AmbiguousUsing);
        Assert.Empty(ambiguous);

        var unrelated = await OfferedAsync(Project("namespace Shadow { public class Lamp { } }"), TestFixer.AmbiguousUsing);
        Assert.Single(unrelated);
    }

    [Fact]
    public async Task An_added_attribute_is_offered_when_it_binds_and_not_when_it_does_not()
    {
        var offered = await OfferedAsync(Project(), TestFixer.AddAttribute, TestFixer.BrokenAttribute);
        Assert.Equal(new[] { TestFixer.AddAttribute }, offered.Select(a => a.EquivalenceKey));
    }

    [Fact]
    public async Task Fix_all_that_would_not_compile_changes_nothing_and_one_that_compiles_applies()
    {
        var project = Project();
        var fixer = new TestFixer();
        var diagnostics = await AnalyzeAsync(project);
        foreach (var (key, changes) in new[] { (TestFixer.Broken, false), (TestFixer.Fine, true) })
        {
            var context = new FixAllContext(project.Documents.First(), fixer, FixAllScope.Project, key, fixer.FixableDiagnosticIds, new Fixed(diagnostics), CancellationToken.None);
            var action = await fixer.GetFixAllProvider()!.GetFixAsync(context);
            Assert.NotNull(action);
            var text = await ChangedTextAsync(project, action!);
            Assert.Equal(changes, text != Model);
        }
    }

    // The shapes the guard was written for (issue 16): each is fixed in a form that compiles, or not offered.

    private const string ShadowedTypeName = """
        using System.Collections.Generic;
        using Microsoft.EntityFrameworkCore;

        namespace Bank;

        public class User
        {
            public int Id { get; set; }
            public List<Account> Owned { get; set; } = new();
            public List<Account> Backed { get; set; } = new();
        }

        public class Account
        {
            public int Id { get; set; }
            public string User { get; set; } = ""; // the login name: shadows the type User inside Account
            public User Owner { get; set; } = null!;
            public User? Backup { get; set; }
        }

        public class BankContext : DbContext { public DbSet<Account> Accounts => Set<Account>(); }
        """;

    [Fact]
    public async Task DBP005_names_the_inverse_in_a_form_that_compiles_where_a_member_shadows_the_type_name()
    {
        var project = FixesCompileTests.SingleFileProject(ShadowedTypeName);
        var texts = await FixedTextsAsync(project, "DBP005");
        Assert.True(texts.Count >= 4, string.Join("\n----\n", texts));

        // inside Account, "User" is the string property: the type is named through its namespace
        Assert.Contains(texts, t => t.Contains("[InverseProperty(nameof(Bank.User.Owned))]\n    public User Owner", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("[InverseProperty(nameof(Bank.User.Backed))]\n    public User? Backup", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("nameof(User.", StringComparison.Ordinal) || t.Contains("User?.", StringComparison.Ordinal));
        // on User's side the name is not shadowed: the short form
        Assert.Contains(texts, t => t.Contains("[InverseProperty(nameof(Account.Owner))]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DBP005_outside_any_namespace_names_a_shadowed_type_from_the_global_namespace()
    {
        var project = FixesCompileTests.SingleFileProject(ShadowedTypeName.Replace("namespace Bank;\n", string.Empty, StringComparison.Ordinal));
        var texts = await FixedTextsAsync(project, "DBP005");
        Assert.Contains(texts, t => t.Contains("[InverseProperty(nameof(global::User.Owned))]\n    public User Owner", StringComparison.Ordinal));
    }

    private const string AssignedElsewhere = """
        using System;
        using System.Collections.Generic;
        using Microsoft.EntityFrameworkCore;

        public class Blog { public Guid Id { get; set; } public List<Post> Posts { get; set; } = new(); }
        public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; }
        public class Site : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); }
        """;

    private const string Importer = """
        public static class Importer
        {
            public static Post Create(int legacyBlogId) => new Post { BlogId = legacyBlogId };
        }
        """;

    [Fact]
    public async Task DBP024_change_type_is_not_offered_when_other_code_assigns_the_old_type()
    {
        var alone = FixesCompileTests.SingleFileProject(AssignedElsewhere);
        Assert.Single(await FixedTextsAsync(alone, "DBP024"));

        var assigned = alone.AddDocument("Importer.cs", SourceText.From(Importer), filePath: "/0/Importer.cs").Project;
        Assert.Empty(await FixedTextsAsync(assigned, "DBP024"));
    }

    [Fact]
    public async Task DBP003_offers_no_nameof_for_a_private_field()
    {
        var project = FixesCompileTests.SingleFileProject("""
            using Microsoft.EntityFrameworkCore;

            public class Account
            {
                public int Id { get; set; }
                private string _secret = "";
            }

            public class Bank : DbContext
            {
                protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                    modelBuilder.Entity<Account>().Property("_secret").HasColumnName("secret");
            }
            """);

        // whether DBP003 reports this shape or not, no action that names the private field is offered
        Assert.DoesNotContain(await FixedTextsAsync(project, "DBP003", requireDiagnostic: false), t => t.Contains("_secret)", StringComparison.Ordinal));
    }

    private const string LookupModel = """
        [Index(nameof(Code), IsUnique = true)]
        public class Customer
        {
            public int Id { get; set; }
            public string Code { get; set; } = "";
        }
        public class Shop : DbContext { public DbSet<Customer> Customers => Set<Customer>(); }
        public class Report
        {
            public int Run(Shop ctx, string[] codes)
            {
                var total = 0;
                foreach (var code in codes)
                {
                    var customer = ctx.Customers.SingleOrDefault(c => c.Code == code);
                    total += customer?.Id ?? 0;
                }

                return total;
            }
        }
        """;

    /// <summary>What the SDK generates with ImplicitUsings on (Microsoft.NET.Sdk).</summary>
    private const string ImplicitUsings = "global using global::System;\nglobal using global::System.Collections.Generic;\nglobal using global::System.IO;\nglobal using global::System.Linq;\nglobal using global::System.Net.Http;\nglobal using global::System.Threading;\nglobal using global::System.Threading.Tasks;\n";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DBP009_adds_only_the_usings_not_already_in_scope(bool implicitUsings)
    {
        var usings = implicitUsings ? "using Microsoft.EntityFrameworkCore;\n\n" : "using System;\nusing System.Linq;\nusing Microsoft.EntityFrameworkCore;\n\n";
        var project = FixesCompileTests.SingleFileProject(usings + LookupModel, implicitUsings ? ImplicitUsings : null);
        var texts = await FixedTextsAsync(project, "DBP009");
        var text = Assert.Single(texts);
        Assert.Contains("ToDictionary", text, StringComparison.Ordinal);
        var expected = implicitUsings
            ? usings // System.Linq and System.Collections.Generic come from the global usings
            : "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing Microsoft.EntityFrameworkCore;\n\n";
        Assert.StartsWith(expected + "[Index", text, StringComparison.Ordinal);
    }

    /// <summary>The document texts every offered fix for the rule produces (each checked to compile).</summary>
    private static async Task<List<string>> FixedTextsAsync(Project project, string id, bool requireDiagnostic = true)
    {
        var diagnostics = (await FixesCompileTests.AnalyzeAsync(project)).Where(d => d.Id == id).ToList();
        Assert.True(!requireDiagnostic || diagnostics.Count > 0, $"{id} did not fire");
        var baseline = await FixesCompileTests.ErrorsAsync(project);
        var texts = new List<string>();
        foreach (var diagnostic in diagnostics)
        {
            var document = project.GetDocument(diagnostic.Location.SourceTree)!;
            foreach (var fixer in RuleCatalog.Fixers.Where(f => f.FixableDiagnosticIds.Contains(id)))
            {
                var actions = new List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
                foreach (var action in actions)
                {
                    var operations = await action.GetOperationsAsync(CancellationToken.None);
                    var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetProject(project.Id)!;
                    var errors = await FixesCompileTests.ErrorsAsync(changed);
                    Assert.True(errors.All(e => baseline.TryGetValue(e.Key, out var n) && n >= e.Value), $"'{action.Title}' does not compile: {string.Join("; ", errors.Keys)}");
                    texts.Add((await changed.GetDocument(document.Id)!.GetTextAsync()).ToString());
                }
            }
        }

        return texts;
    }

    private static Project Project(string? use = null, string? globalUsings = null)
    {
        var project = FixesCompileTests.SingleFileProject(Model, globalUsings);
        if (use is not null)
        {
            project = project.AddDocument("Checkout.cs", SourceText.From(use), filePath: "/0/Checkout.cs").Project;
        }

        return project;
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
    {
        var diagnostics = (await FixesCompileTests.AnalyzeAsync(project)).Where(d => d.Id == "DBP001").ToImmutableArray();
        Assert.NotEmpty(diagnostics);
        return diagnostics;
    }

    private static async Task<List<CodeAction>> OfferedAsync(Project project, params string[] keys)
    {
        var diagnostic = (await AnalyzeAsync(project))[0];
        var actions = new List<CodeAction>();
        var fixer = new TestFixer(keys);
        await fixer.RegisterCodeFixesAsync(new CodeFixContext(project.GetDocument(diagnostic.Location.SourceTree)!, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
        return actions;
    }

    private static async Task<string> ChangedTextAsync(Project project, CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return (await solution.GetDocument(project.Documents.First().Id)!.GetTextAsync()).ToString();
    }

    /// <summary>A fixer for DBP001 whose actions add code that does or does not compile.</summary>
    private sealed class TestFixer : GuardedCodeFixProvider
    {
        public const string Fine = "fine";
        public const string Broken = "broken";
        public const string ChangeType = "change-type";
        public const string AddUsing = "add-using";
        public const string AmbiguousUsing = "ambiguous-using";
        public const string AddAttribute = "add-attribute";
        public const string BrokenAttribute = "broken-attribute";

        private readonly string[] _keys;

        public TestFixer(params string[] keys)
        {
            _keys = keys.Length == 0 ? new[] { Fine, Broken } : keys;
        }

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("DBP001");

        protected override Task RegisterFixesAsync(CodeFixContext context)
        {
            foreach (var key in _keys)
            {
                var document = context.Document;
                context.RegisterCodeFix(CodeAction.Create(key, ct => ApplyAsync(document, key, ct), key), context.Diagnostics);
            }

            return Task.CompletedTask;
        }

        protected override FixAllProvider CreateFixAllProvider() => new WholeProject();

        public static async Task<Document> ApplyAsync(Document document, string key, CancellationToken cancellationToken)
        {
            var text = (await document.GetTextAsync(cancellationToken)).ToString();
            text = key switch
            {
                Fine => text + "\npublic class Added { public int Fine => 1; }\n",
                Broken => text + "\npublic class Added { public int Broken => \"x\"; }\n",
                ChangeType => text.Replace("public int CustomerId", "public string CustomerId", StringComparison.Ordinal),
                AddUsing => text.Replace("using Microsoft.EntityFrameworkCore;\n", "using Microsoft.EntityFrameworkCore;\nusing System.Linq;\n", StringComparison.Ordinal) +
                            "\npublic class Added { public int Count(int[] a) => a.Count(); }\n",
                AmbiguousUsing => text.Replace("using Microsoft.EntityFrameworkCore;\n", "using Microsoft.EntityFrameworkCore;\nusing Shadow;\n", StringComparison.Ordinal),
                AddAttribute => text.Replace("public class Order\n", "[Index(nameof(CustomerId))]\npublic class Order\n", StringComparison.Ordinal),
                BrokenAttribute => text.Replace("public class Order\n", "[Index(nameof(Missing))]\npublic class Order\n", StringComparison.Ordinal),
                _ => text,
            };
            return document.WithText(SourceText.From(text));
        }

        private sealed class WholeProject : FixAllProvider
        {
            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var diagnostics = await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project);
                if (diagnostics.IsEmpty || fixAllContext.CodeActionEquivalenceKey is not { } key)
                {
                    return null;
                }

                var document = fixAllContext.Project.GetDocument(diagnostics[0].Location.SourceTree)!;
                return CodeAction.Create("all", ct => ApplyAsync(document, key, ct), key);
            }
        }
    }

    private sealed class Fixed : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public Fixed(ImmutableArray<Diagnostic> diagnostics)
        {
            _diagnostics = diagnostics;
        }

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
    }
}
