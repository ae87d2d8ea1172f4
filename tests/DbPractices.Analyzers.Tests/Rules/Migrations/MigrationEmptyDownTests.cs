using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Migrations;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Migrations;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Migrations.MigrationEmptyDownAnalyzer,
    DbPractices.CodeFixes.Rules.Migrations.MigrationEmptyDownFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Migrations;

public class MigrationEmptyDownTests
{
    private const string Empty = "has an empty Down while its Up changes the schema: reverting it reports success and leaves the schema changed";
    private const string Missing = "does not override Down while its Up changes the schema: reverting it reports success and leaves the schema changed";

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<MigrationEmptyDownAnalyzer>.VerifyAsync(new[] { MigrationSources.Context, source }, EfProvider.Sqlite, null, expected);

    [Fact]
    public Task Empty_or_missing_down_fires() => Analyze("""
        using Microsoft.EntityFrameworkCore.Migrations;

        namespace Blogging.Migrations
        {
            public partial class AddRating : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.AddColumn<int>(name: "Rating", table: "Posts", nullable: false, defaultValue: 0);
                }

                protected override void {|#0:Down|}(MigrationBuilder migrationBuilder)
                {
                    // TODO
                }
            }

            public partial class {|#1:AddView|} : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.Sql("CREATE VIEW PostTitles AS SELECT Title FROM Posts");
                }
            }
        }
        """,
        Verify.Diagnostic("DBP016").WithLocation(0).WithArguments("AddRating", Empty),
        Verify.Diagnostic("DBP016").WithLocation(1).WithArguments("AddView", Missing));

    [Fact]
    public Task Reversible_or_data_only_migrations_are_silent() => AnalyzerVerifier<MigrationEmptyDownAnalyzer>.VerifyAsync(
        new[]
        {
            MigrationSources.Context,
            MigrationSources.Snapshot,
            MigrationSources.Designer,
            """
            using System;
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Blogging.Migrations
            {
                // the scaffolded empty migration (no model change)
                public partial class AddPostColumns : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                    }

                    protected override void Down(MigrationBuilder migrationBuilder)
                    {
                    }
                }

                // data only: seeds and data fixes
                public partial class Seed : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.InsertData(table: "Tags", columns: new[] { "Id", "Name" }, values: new object[] { 1, "news" });
                        migrationBuilder.Sql("UPDATE Posts SET Title = trim(Title)");
                        migrationBuilder.EnsureSchema(name: "blog");
                    }

                    protected override void Down(MigrationBuilder migrationBuilder)
                    {
                    }
                }

                // irreversible on purpose
                public partial class Squash : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.DropTable(name: "Legacy");
                    }

                    protected override void Down(MigrationBuilder migrationBuilder) =>
                        throw new NotSupportedException("Squash cannot be reverted.");
                }

                // Down written in another part of the class
                public partial class Split : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.DropTable(name: "Legacy");
                    }
                }

                public partial class Split
                {
                    protected override void Down(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.Sql("CREATE TABLE Legacy (Id INTEGER)");
                    }
                }
            }
            """,
        },
        EfProvider.Sqlite,
        null);

    [Fact]
    public Task Fix_writes_the_inverse_in_reverse_order() => Verify.VerifyFixAsync(
        new[]
        {
            MigrationSources.Context,
            """
            using Microsoft.EntityFrameworkCore.Migrations;

            #nullable disable

            namespace Blogging.Migrations
            {
                /// <inheritdoc />
                public partial class AddAuthors : Migration
                {
                    /// <inheritdoc />
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.EnsureSchema(
                            name: "blog");

                        migrationBuilder.RenameTable(
                            name: "Post",
                            schema: "blog",
                            newName: "Posts");

                        migrationBuilder.RenameColumn(
                            name: "Body",
                            schema: "blog",
                            table: "Posts",
                            newName: "Content");

                        migrationBuilder.AddColumn<int>(
                            name: "AuthorId",
                            schema: "blog",
                            table: "Posts",
                            type: "INTEGER",
                            nullable: true);

                        migrationBuilder.CreateTable(
                            name: "Authors",
                            schema: "blog",
                            columns: table => new
                            {
                                Id = table.Column<int>(type: "INTEGER", nullable: false)
                                    .Annotation("Sqlite:Autoincrement", true),
                                Name = table.Column<string>(type: "TEXT", nullable: false)
                            },
                            constraints: table =>
                            {
                                table.PrimaryKey("PK_Authors", x => x.Id);
                            });

                        migrationBuilder.CreateIndex(
                            name: "IX_Posts_AuthorId",
                            schema: "blog",
                            table: "Posts",
                            column: "AuthorId");

                        migrationBuilder.AddForeignKey(
                            name: "FK_Posts_Authors_AuthorId",
                            schema: "blog",
                            table: "Posts",
                            column: "AuthorId",
                            principalSchema: "blog",
                            principalTable: "Authors",
                            principalColumn: "Id");
                    }

                    /// <inheritdoc />
                    protected override void {|DBP016:Down|}(MigrationBuilder migrationBuilder)
                    {
                    }
                }
            }
            """,
            """
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Blogging.Migrations
            {
                /// <inheritdoc />
                public partial class {|DBP016:AddTags|} : Migration
                {
                    /// <inheritdoc />
                    protected override void Up(MigrationBuilder mb)
                    {
                        mb.CreateTable("Tags", table => new { Id = table.Column<int>(nullable: false) });
                        mb.AddUniqueConstraint("AK_Tags_Id", "Tags", "Id");
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

            #nullable disable

            namespace Blogging.Migrations
            {
                /// <inheritdoc />
                public partial class AddAuthors : Migration
                {
                    /// <inheritdoc />
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.EnsureSchema(
                            name: "blog");

                        migrationBuilder.RenameTable(
                            name: "Post",
                            schema: "blog",
                            newName: "Posts");

                        migrationBuilder.RenameColumn(
                            name: "Body",
                            schema: "blog",
                            table: "Posts",
                            newName: "Content");

                        migrationBuilder.AddColumn<int>(
                            name: "AuthorId",
                            schema: "blog",
                            table: "Posts",
                            type: "INTEGER",
                            nullable: true);

                        migrationBuilder.CreateTable(
                            name: "Authors",
                            schema: "blog",
                            columns: table => new
                            {
                                Id = table.Column<int>(type: "INTEGER", nullable: false)
                                    .Annotation("Sqlite:Autoincrement", true),
                                Name = table.Column<string>(type: "TEXT", nullable: false)
                            },
                            constraints: table =>
                            {
                                table.PrimaryKey("PK_Authors", x => x.Id);
                            });

                        migrationBuilder.CreateIndex(
                            name: "IX_Posts_AuthorId",
                            schema: "blog",
                            table: "Posts",
                            column: "AuthorId");

                        migrationBuilder.AddForeignKey(
                            name: "FK_Posts_Authors_AuthorId",
                            schema: "blog",
                            table: "Posts",
                            column: "AuthorId",
                            principalSchema: "blog",
                            principalTable: "Authors",
                            principalColumn: "Id");
                    }

                    /// <inheritdoc />
                    protected override void Down(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.DropForeignKey(
                            name: "FK_Posts_Authors_AuthorId",
                            schema: "blog",
                            table: "Posts");

                        migrationBuilder.DropIndex(
                            name: "IX_Posts_AuthorId",
                            schema: "blog",
                            table: "Posts");

                        migrationBuilder.DropTable(
                            name: "Authors",
                            schema: "blog");

                        migrationBuilder.DropColumn(
                            name: "AuthorId",
                            schema: "blog",
                            table: "Posts");

                        migrationBuilder.RenameColumn(
                            name: "Content",
                            schema: "blog",
                            table: "Posts",
                            newName: "Body");

                        migrationBuilder.RenameTable(
                            name: "Posts",
                            schema: "blog",
                            newName: "Post");
                    }
                }
            }
            """,
            """
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Blogging.Migrations
            {
                /// <inheritdoc />
                public partial class AddTags : Migration
                {
                    /// <inheritdoc />
                    protected override void Up(MigrationBuilder mb)
                    {
                        mb.CreateTable("Tags", table => new { Id = table.Column<int>(nullable: false) });
                        mb.AddUniqueConstraint("AK_Tags_Id", "Tags", "Id");
                    }

                    /// <inheritdoc />
                    protected override void Down(MigrationBuilder mb)
                    {
                        mb.DropUniqueConstraint(
                            name: "AK_Tags_Id",
                            table: "Tags");

                        mb.DropTable(
                            name: "Tags");
                    }
                }
            }
            """,
        },
        MigrationEmptyDownFixer.GenerateDownKey,
        EfProvider.Sqlite);

    [Fact]
    public async Task No_fix_when_an_operation_cannot_be_inverted()
    {
        var source = """
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Blogging.Migrations
            {
                public partial class Mixed : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.AddColumn<int>(name: "Rating", table: "Posts", nullable: true);
                        migrationBuilder.Sql("UPDATE Posts SET Rating = 3");
                        migrationBuilder.AlterColumn<string>(name: "Title", table: "Posts", maxLength: 200);
                    }

                    protected override void {|DBP016:Down|}(MigrationBuilder migrationBuilder)
                    {
                    }
                }

                public partial class DropsSomething : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.DropColumn(name: "Legacy", table: "Posts");
                    }

                    protected override void {|DBP016:Down|}(MigrationBuilder migrationBuilder)
                    {
                    }
                }
            }
            """;
        await Verify.VerifyFixAsync(new[] { MigrationSources.Context, source }, new[] { MigrationSources.Context, source }, MigrationEmptyDownFixer.GenerateDownKey, EfProvider.Sqlite);
    }
}
