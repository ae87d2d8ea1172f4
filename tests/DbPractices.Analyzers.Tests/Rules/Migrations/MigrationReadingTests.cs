using System.Linq;
using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Migrations;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Migrations;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Migrations.MigrationEmptyDownAnalyzer,
    DbPractices.CodeFixes.Rules.Migrations.MigrationEmptyDownFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Migrations;

/// <summary>How the migration rules read a migration: partial classes, expression bodies, statement chains.</summary>
public class MigrationReadingTests
{
    /// <summary>
    /// The IDE analyzes one document at a time; a scaffolded migration is one class in two files (the migration and its
    /// Designer part). The rules report from the class's symbol-end action, which Roslyn still runs for that document.
    /// </summary>
    [Fact]
    public async Task A_migration_with_a_Designer_part_is_reported_when_only_its_own_document_is_analyzed()
    {
        var migration = """
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Blogging.Migrations
            {
                public partial class AddPostColumns : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.AddColumn<int>(name: "Rating", table: "Posts", nullable: false);
                        migrationBuilder.DropTable(name: "Legacy");
                    }

                    protected override void Down(MigrationBuilder migrationBuilder)
                    {
                    }
                }
            }
            """;
        var parse = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest);
        var trees = new[] { MigrationSources.Context, MigrationSources.Designer, migration }
            .Select((source, i) => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source, parse, $"/src/File{i}.cs")).ToArray();
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "MigrationDocument", trees, References.Framework.AddRange(References.EfCore).AddRange(References.Sqlite),
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
        var analyzers = System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(
            new MigrationAddsRequiredColumnAnalyzer(), new MigrationDropsDataAnalyzer(), new MigrationEmptyDownAnalyzer());
        var withAnalyzers = Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzerExtensions.WithAnalyzers(compilation, analyzers, (Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions?)null);
        var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(trees[2]), null, System.Threading.CancellationToken.None);
        Assert.Equal(new[] { "DBP014", "DBP015", "DBP016" }, diagnostics.Select(d => d.Id).OrderBy(id => id, System.StringComparer.Ordinal));
    }

    private const string SplitUp = """
        using Microsoft.EntityFrameworkCore.Migrations;

        namespace Blogging.Migrations
        {
            public partial class SplitDown : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.DropColumn(name: "Body", table: "Posts");
                    migrationBuilder.AddColumn<string>(name: "Content", table: "Posts", nullable: true);
                }
            }

            public partial class {|#0:NoDown|} : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder) =>
                    migrationBuilder.{|#1:AddColumn<int>|}(name: "Rating", table: "Posts", nullable: false);
            }

            public partial class ExpressionUp : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder) =>
                    migrationBuilder.{|#2:DropTable|}(name: "Legacy");

                protected override void {|#3:Down|}(MigrationBuilder migrationBuilder)
                {
                }
            }
        }
        """;

    /// <summary>Down in another part of the class (no Up there), and a part of NoDown without Up.</summary>
    private const string SplitDown = """
        using Microsoft.EntityFrameworkCore.Migrations;

        namespace Blogging.Migrations
        {
            public partial class SplitDown
            {
                protected override void Down(MigrationBuilder migrationBuilder)
                {
                }
            }

            public partial class NoDown
            {
                public const string Id = "20240101000000_NoDown";
            }
        }
        """;

    [Fact]
    public Task Empty_down_reads_partial_classes_and_expression_bodies() => AnalyzerVerifier<MigrationEmptyDownAnalyzer>.VerifyAsync(
        new[] { MigrationSources.Context, SplitUp, SplitDown },
        EfProvider.Sqlite,
        null,
        Verify.Diagnostic("DBP016").WithLocation(0).WithArguments("NoDown", "does not override Down while its Up changes the schema: reverting it reports success and leaves the schema changed"),
        Verify.Diagnostic("DBP016").WithLocation(3).WithArguments("ExpressionUp", "has an empty Down while its Up changes the schema: reverting it reports success and leaves the schema changed"));

    [Fact]
    public Task Drops_and_required_columns_read_partial_classes_and_expression_bodies() => Task.WhenAll(
        AnalyzerVerifier<MigrationDropsDataAnalyzer>.VerifyAsync(
            new[] { MigrationSources.Context, SplitUp.Replace("{|#2:", "{|#9:").Replace("DropColumn(name", "{|#2:DropColumn|}(name"), SplitDown },
            EfProvider.Sqlite,
            null,
            AnalyzerVerifier<MigrationDropsDataAnalyzer>.Diagnostic("DBP015").WithLocation(2).WithArguments("Posts.Body", "is dropped: the column's data is lost"),
            AnalyzerVerifier<MigrationDropsDataAnalyzer>.Diagnostic("DBP015").WithLocation(9).WithArguments("Legacy", "is dropped: every row it holds is lost")),
        AnalyzerVerifier<MigrationAddsRequiredColumnAnalyzer>.VerifyAsync(
            new[] { MigrationSources.Context, SplitUp, SplitDown },
            EfProvider.Sqlite,
            null,
            AnalyzerVerifier<MigrationAddsRequiredColumnAnalyzer>.Diagnostic("DBP014").WithLocation(1).WithArguments(
                "Posts.Rating", "is added as a non-nullable column to an existing table without a default value: the migration fails on a table that has rows")));

    [Fact]
    public Task Statements_chained_on_a_builder_call_are_builder_statements() => Verify.VerifyFixAsync(
        new[]
        {
            MigrationSources.Context,
            """
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Blogging.Migrations
            {
                public partial class AddKey : Migration
                {
                    protected override void Up(MigrationBuilder mb)
                    {
                        mb.AddColumn<int>(name: "Key", table: "Posts", nullable: false)
                            .Annotation("Sqlite:Autoincrement", true);
                    }

                    protected override void {|DBP016:Down|}(MigrationBuilder mb)
                    {
                    }
                }
            }
            """,
        },
        new[]
        {
            MigrationSources.Context,
            """
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Blogging.Migrations
            {
                public partial class AddKey : Migration
                {
                    protected override void Up(MigrationBuilder mb)
                    {
                        mb.AddColumn<int>(name: "Key", table: "Posts", nullable: false)
                            .Annotation("Sqlite:Autoincrement", true);
                    }

                    protected override void Down(MigrationBuilder mb)
                    {
                        mb.DropColumn(
                            name: "Key",
                            table: "Posts");
                    }
                }
            }
            """,
        },
        MigrationEmptyDownFixer.GenerateDownKey,
        EfProvider.Sqlite);

    [Fact]
    public async Task Other_statements_leave_no_inverse()
    {
        var source = """
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Blogging.Migrations
            {
                public partial class WithLocal : Migration
                {
                    protected override void Up(MigrationBuilder mb)
                    {
                        var table = "Posts";
                        mb.AddColumn<int>(name: "Rank", table: table, nullable: true);
                    }

                    protected override void {|DBP016:Down|}(MigrationBuilder mb)
                    {
                    }
                }

                public partial class ChainedOnOther : Migration
                {
                    protected override void Up(MigrationBuilder mb)
                    {
                        mb.AddColumn<int>(name: "Rank", table: "Posts", nullable: true);
                        "x".Trim().ToString();
                    }

                    protected override void {|DBP016:Down|}(MigrationBuilder mb)
                    {
                    }
                }
            }
            """;
        await Verify.VerifyFixAsync(new[] { MigrationSources.Context, source }, new[] { MigrationSources.Context, source }, MigrationEmptyDownFixer.GenerateDownKey, EfProvider.Sqlite);
    }
}
