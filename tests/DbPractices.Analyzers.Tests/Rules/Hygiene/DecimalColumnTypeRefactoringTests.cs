using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Hygiene;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeRefactorings;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DbPractices.Analyzers.Tests.Rules.Hygiene;

/// <summary>The DBP019 refactoring HasColumnType("decimal(p, s)") → HasPrecision(p, s), driven through a workspace (no refactoring test package on the mirror).</summary>
public class DecimalColumnTypeRefactoringTests
{
    private const string Model = """
        using Microsoft.EntityFrameworkCore;

        public class Order { public int Id { get; set; } public decimal Total { get; set; } public decimal? Tax { get; set; } public double Rate { get; set; } }
        public class Shop : DbContext
        {
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Order>().Property(o => o.Total).HasColumnType("decimal(18, 4)").IsRequired();
                modelBuilder.Entity<Order>().Property(o => o.Tax).HasColumnType("NUMERIC(10)");
                modelBuilder.Entity<Order>().Property(o => o.Rate).HasColumnType("decimal(9,2)");
                modelBuilder.Entity<Order>().Property(o => o.Total).HasColumnType("money");
            }
        }
        """;

    [Theory]
    [InlineData("\"decimal(18, 4)\"", "HasPrecision(18, 4).IsRequired()")]
    [InlineData("\"NUMERIC(10)\"", "HasPrecision(10);")]
    public async Task Replaces_decimal_column_type_with_precision(string at, string expected)
    {
        var actions = await RefactorAsync(at);
        var action = Assert.Single(actions);
        Assert.Equal(DecimalColumnTypeRefactoring.EquivalenceKey, action.EquivalenceKey);
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var text = (await changed.Projects.Single().Documents.Single().GetTextAsync()).ToString();
        Assert.Contains(expected, text);
        Assert.DoesNotContain(at, text);
    }

    [Theory]
    [InlineData("\"decimal(9,2)\"")]
    [InlineData("\"money\"")]
    public async Task Not_offered_for_other_types_or_store_types(string at) =>
        Assert.Empty(await RefactorAsync(at));

    private static async Task<List<CodeAction>> RefactorAsync(string at)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Refactoring", LanguageNames.CSharp)
            .WithMetadataReferences(References.Framework.AddRange(References.EfCore))
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest));
        var document = project.AddDocument("Model.cs", SourceText.From(Model));
        var actions = new List<CodeAction>();
        var context = new CodeRefactoringContext(document, new TextSpan(Model.IndexOf(at, System.StringComparison.Ordinal) + 1, 1), actions.Add, CancellationToken.None);
        await new DecimalColumnTypeRefactoring().ComputeRefactoringsAsync(context);
        return actions;
    }
}
