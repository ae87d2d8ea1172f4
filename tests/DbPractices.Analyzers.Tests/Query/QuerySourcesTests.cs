using System.Linq;
using System.Threading;
using DbPractices.Analyzers.Model;
using DbPractices.Analyzers.Query;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace DbPractices.Analyzers.Tests.Query;

public class QuerySourcesTests
{
    private const string Model = """
        public class Order { public int Id { get; set; } public int TenantId { get; set; } public bool Open { get; set; } }
        public class Shop : DbContext { public DbSet<Order> Orders => Set<Order>(); }
        """;

    /// <summary>Sources of the value the method passes to <c>Use(...)</c>, each as "root:Op1,Op2" ("?" when unknown).</summary>
    private static string[] SourcesOf(string body)
    {
        var compilation = TestCompilation.Create(Model + "public class Repo { static void Use(object o) { } void M(Shop ctx, IQueryable<Order> input, bool flag) {\n" + body + "\n} }");
        var tree = compilation.SyntaxTrees[0];
        var model = compilation.GetSemanticModel(tree);
        var use = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().Single(i => i.Expression.ToString() == "Use");
        var argument = ((IInvocationOperation)model.GetOperation(use)!).Arguments[0].Value;
        var symbols = EfSymbols.For(compilation)!;
        return QuerySources.Find(argument, symbols, CancellationToken.None)
            .Select(s => (s.IsKnown ? s.EntityType!.Name : "?") + ":" + string.Join(",", s.Operators.Select(o => o.TargetMethod.Name)))
            .OrderBy(s => s, System.StringComparer.Ordinal)
            .ToArray();
    }

    [Fact]
    public void Inline_chain_is_root_first() =>
        Assert.Equal(new[] { "Order:Where,OrderBy,ToList" }, SourcesOf("Use(ctx.Orders.Where(o => o.Open).OrderBy(o => o.Id).ToList());"));

    [Fact]
    public void Set_of_T_is_a_root() =>
        Assert.Equal(new[] { "Order:Where" }, SourcesOf("Use(ctx.Set<Order>().Where(o => o.Open));"));

    [Fact]
    public void Unconditional_reassignment_hides_the_earlier_value() =>
        Assert.Equal(new[] { "Order:Where" }, SourcesOf("var q = ctx.Orders.AsQueryable(); q = ctx.Orders.Where(o => o.Open); Use(q);"));

    [Fact]
    public void Self_reassignment_composes() =>
        Assert.Equal(new[] { "Order:AsQueryable,Where,Where" }, SourcesOf("var q = ctx.Orders.AsQueryable(); q = q.Where(o => o.Open); q = q.Where(o => o.TenantId == 1); Use(q);"));

    [Fact]
    public void Conditional_reassignment_gives_both_paths() =>
        Assert.Equal(new[] { "Order:AsQueryable", "Order:AsQueryable,Where" }, SourcesOf("var q = ctx.Orders.AsQueryable(); if (flag) q = q.Where(o => o.Open); Use(q);"));

    [Fact]
    public void Both_branches_assigning_give_both_paths_not_the_initial_value() =>
        Assert.Equal(new[] { "Order:AsQueryable", "Order:Where" }, SourcesOf("IQueryable<Order> q; if (flag) { q = ctx.Orders.Where(o => o.Open); } else { q = ctx.Orders.AsQueryable(); } Use(q);"));

    [Fact]
    public void Query_syntax_is_followed_to_its_root() =>
        Assert.Equal(new[] { "Order:Where,Select" }, SourcesOf("Use(from o in ctx.Orders where o.Open select o.Id);"));

    [Fact]
    public void Parameter_source_is_unknown() =>
        Assert.Equal(new[] { "?:Where" }, SourcesOf("Use(input.Where(o => o.Open));"));
}
