using System.Linq;
using System.Threading;
using DbPractices.Analyzers.Model;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace DbPractices.Analyzers.Tests.Model;

/// <summary>
/// The model's reading of member names given as strings, shared by DBP003 and DBP004: one reader per compilation, and
/// one reading per invocation or attribute, whichever rule asks first (the rules' cases are in Rules/Mapping).
/// </summary>
public class RelationshipStringsTests
{
    private const string Source = """
        [Index("Url", "Nope")]
        public class Blog { public int Id { get; set; } public string Url { get; set; } = ""; }
        public class Ctx : DbContext
        {
            public DbSet<Blog> Blogs => Set<Blog>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blog>().HasIndex("Url", "Missing");
        }
        """;

    [Fact]
    public void An_invocation_and_an_attribute_are_read_once_for_both_rules()
    {
        var compilation = TestCompilation.Create(Source);
        var symbols = EfSymbols.For(compilation)!;
        var reader = RelationshipStrings.For(symbols);
        Assert.Same(reader, RelationshipStrings.For(symbols));

        var tree = compilation.SyntaxTrees.Single();
        var semanticModel = compilation.GetSemanticModel(tree);
        var call = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().Single(i => i.ToString().Contains("HasIndex", System.StringComparison.Ordinal));
        var invocation = (IInvocationOperation)semanticModel.GetOperation(call)!;
        var method = semanticModel.GetEnclosingSymbol(call.SpanStart)!;
        var first = reader.Read(invocation, method, CancellationToken.None);
        Assert.True(first == reader.Read(invocation, method, CancellationToken.None)); // the same array: read once
        Assert.Equal(new[] { "Url Url", "Missing -" }, first.Select(s => s.Name + " " + (s.Member ?? "-")));

        var attribute = tree.GetRoot().DescendantNodes().OfType<AttributeSyntax>().Single();
        var strings = reader.Read(attribute, semanticModel, CancellationToken.None);
        Assert.True(strings == reader.Read(attribute, semanticModel, CancellationToken.None));
        Assert.Equal(new[] { "Url Url", "Nope -" }, strings.Select(s => s.Name + " " + (s.Member ?? "-")));
    }
}
