using System.Linq;
using DbPractices.Analyzers.Query;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace DbPractices.Analyzers.Tests.Query;

public class QueryOperatorsTests
{
    private const string Model = """
        public class Order { public int Id { get; set; } public bool Open { get; set; } }
        public class Shop : DbContext { public DbSet<Order> Orders => Set<Order>(); }
        """;

    /// <summary>The outermost call of the expression statement in M's body.</summary>
    private static IInvocationOperation Call(string expression)
    {
        var compilation = TestCompilation.Create(Model + "public class Repo { object M(Shop ctx, System.Linq.Expressions.Expression<Func<Order, bool>> p) => " + expression + "; }");
        var tree = compilation.SyntaxTrees[0];
        var body = tree.GetRoot().DescendantNodes().OfType<ArrowExpressionClauseSyntax>().Last().Expression;
        return (IInvocationOperation)compilation.GetSemanticModel(tree).GetOperation(body)!.WalkDownConversionsForTest();
    }

    [Theory]
    [InlineData("ctx.Orders.OrderBy(o => o.Id)", true)]
    [InlineData("ctx.Orders.OrderByDescending(o => o.Id).ThenByDescending(o => o.Open)", true)]
    [InlineData("ctx.Orders.Where(o => o.Open)", false)]
    public void IsOrdering(string expression, bool expected) => Assert.Equal(expected, QueryOperators.IsOrdering(Call(expression).TargetMethod));

    [Theory]
    [InlineData("ctx.Orders.Skip(1)", true)]
    [InlineData("ctx.Orders.Take(1)", true)]
    [InlineData("ctx.Orders.FirstOrDefaultAsync()", true)]
    [InlineData("ctx.Orders.ElementAt(2)", true)]
    [InlineData("ctx.Orders.LastAsync()", true)]
    [InlineData("ctx.Orders.Single()", false)]
    [InlineData("ctx.Orders.Count()", false)]
    public void IsRowLimiting(string expression, bool expected) => Assert.Equal(expected, QueryOperators.IsRowLimiting(Call(expression).TargetMethod));

    [Theory]
    [InlineData("ctx.Orders.First(o => o.Open)", true)]
    [InlineData("ctx.Orders.First(p)", true)]
    [InlineData("ctx.Orders.AsEnumerable().First(o => o.Open)", true)]
    [InlineData("ctx.Orders.First()", false)]
    [InlineData("ctx.Orders.Take(3)", false)]
    public void HasFunctionArgument(string expression, bool expected) => Assert.Equal(expected, QueryOperators.HasFunctionArgument(Call(expression)));

    [Theory]
    [InlineData("ctx.Orders.FromSqlRaw(\"SELECT 1\")", true)]
    [InlineData("ctx.Orders.FromSql($\"SELECT 1\")", true)]
    [InlineData("ctx.Orders.AsNoTracking()", false)]
    public void IsSqlSource(string expression, bool expected) => Assert.Equal(expected, QueryOperators.IsSqlSource(Call(expression).TargetMethod));
}

internal static class OperationTestExtensions
{
    public static Microsoft.CodeAnalysis.IOperation WalkDownConversionsForTest(this Microsoft.CodeAnalysis.IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
