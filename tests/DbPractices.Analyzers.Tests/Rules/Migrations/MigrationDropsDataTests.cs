using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Migrations;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Migrations;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Migrations.MigrationDropsDataAnalyzer,
    DbPractices.CodeFixes.Rules.Migrations.MigrationDropsDataFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Migrations;

public class MigrationDropsDataTests
{
    private const string TableLost = "is dropped: every row it holds is lost";
    private const string ColumnLost = "is dropped: the column's data is lost";

    private static string Rename(string newName, string table) =>
        $"is dropped and '{newName}' of the same definition is added to '{table}': this looks like a rename, and dropping loses the column's data; use RenameColumn";

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<MigrationDropsDataAnalyzer>.VerifyAsync(new[] { MigrationSources.Context, source }, EfProvider.Sqlite, null, expected);

    // ---- fires ----

    [Fact]
    public Task Scaffolded_drops_fire() => Analyze("""
        using System;
        using Microsoft.EntityFrameworkCore.Migrations;

        #nullable disable

        namespace Blogging.Migrations
        {
            /// <inheritdoc />
            public partial class RemoveLegacy : Migration
            {
                /// <inheritdoc />
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.{|#0:DropTable|}(
                        name: "AuditEntries");

                    migrationBuilder.DropIndex(
                        name: "IX_Posts_LegacyCode",
                        table: "Posts");

                    migrationBuilder.{|#1:DropColumn|}(
                        name: "LegacyCode",
                        table: "Posts");

                    migrationBuilder.{|#2:DropColumn|}("Score", "Posts", "blog");
                }

                /// <inheritdoc />
                protected override void Down(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.AddColumn<string>(
                        name: "LegacyCode",
                        table: "Posts",
                        type: "TEXT",
                        nullable: true);

                    migrationBuilder.AddColumn<int>(name: "Score", table: "Posts", schema: "blog", nullable: false, defaultValue: 0);

                    migrationBuilder.CreateTable(
                        name: "AuditEntries",
                        columns: table => new
                        {
                            Id = table.Column<int>(type: "INTEGER", nullable: false)
                                .Annotation("Sqlite:Autoincrement", true),
                            Text = table.Column<string>(type: "TEXT", nullable: false)
                        },
                        constraints: table =>
                        {
                            table.PrimaryKey("PK_AuditEntries", x => x.Id);
                        });

                    migrationBuilder.CreateIndex(
                        name: "IX_Posts_LegacyCode",
                        table: "Posts",
                        column: "LegacyCode");
                }
            }
        }
        """,
        Verify.Diagnostic("DBP015").WithLocation(0).WithArguments("AuditEntries", TableLost),
        Verify.Diagnostic("DBP015").WithLocation(1).WithArguments("Posts.LegacyCode", ColumnLost),
        Verify.Diagnostic("DBP015").WithLocation(2).WithArguments("Posts.Score", ColumnLost));

    [Fact]
    public Task Drop_and_add_of_the_same_definition_fires_as_rename() => Analyze("""
        using Microsoft.EntityFrameworkCore.Migrations;

        namespace Blogging.Migrations
        {
            public partial class RenameBody : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.{|#0:DropColumn|}(name: "Body", table: "Posts");

                    migrationBuilder.AddColumn<string>(name: "Content", table: "Posts", type: "TEXT", nullable: false, defaultValue: "");

                    // a different definition: not a rename of Body
                    migrationBuilder.AddColumn<string>(name: "Excerpt", table: "Posts", type: "TEXT", maxLength: 200, nullable: false, defaultValue: "");
                }

                protected override void Down(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.DropColumn(name: "Content", table: "Posts");
                    migrationBuilder.DropColumn(name: "Excerpt", table: "Posts");
                    migrationBuilder.AddColumn<string>(name: "Body", table: "Posts", type: "TEXT", nullable: false, defaultValue: "");
                }
            }
        }
        """,
        Verify.Diagnostic("DBP015").WithLocation(0).WithArguments("Posts.Body", Rename("Content", "Posts")));

    [Fact]
    public Task Ambiguous_pairs_fire_as_plain_data_loss() => Analyze("""
        using Microsoft.EntityFrameworkCore.Migrations;

        namespace Blogging.Migrations
        {
            public partial class Reshape : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.{|#0:DropColumn|}(name: "Street", table: "Addresses");
                    migrationBuilder.{|#1:DropColumn|}(name: "City", table: "Addresses");
                    migrationBuilder.AddColumn<string>(name: "Line1", table: "Addresses", nullable: true);
                    migrationBuilder.AddColumn<string>(name: "Line2", table: "Addresses", nullable: true);

                    // the type of a drop is only known from Down: here Down is empty
                    migrationBuilder.{|#2:DropColumn|}(name: "Zip", table: "Addresses");
                    migrationBuilder.AddColumn<int>(name: "PostalCode", table: "Addresses", nullable: true);
                }

                protected override void Down(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.AddColumn<string>(name: "Street", table: "Addresses", nullable: true);
                    migrationBuilder.AddColumn<string>(name: "City", table: "Addresses", nullable: true);
                }
            }
        }
        """,
        Verify.Diagnostic("DBP015").WithLocation(0).WithArguments("Addresses.Street", ColumnLost),
        Verify.Diagnostic("DBP015").WithLocation(1).WithArguments("Addresses.City", ColumnLost),
        Verify.Diagnostic("DBP015").WithLocation(2).WithArguments("Addresses.Zip", ColumnLost));

    // ---- stays silent ----

    [Fact]
    public Task Drops_that_lose_nothing_are_silent() => AnalyzerVerifier<MigrationDropsDataAnalyzer>.VerifyAsync(
        new[]
        {
            MigrationSources.Context,
            MigrationSources.Snapshot,
            """
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Blogging.Migrations
            {
                public partial class Safe : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        // created and dropped in the same Up
                        migrationBuilder.CreateTable(name: "Scratch", columns: table => new { Id = table.Column<int>(nullable: false) });
                        migrationBuilder.AddColumn<int>(name: "Temp", table: "Scratch", nullable: true);
                        migrationBuilder.DropColumn(name: "Temp", table: "Scratch");
                        migrationBuilder.DropTable(name: "Scratch");

                        // the data is copied out first
                        migrationBuilder.AddColumn<string>(name: "FullName", table: "People", nullable: true);
                        migrationBuilder.Sql("UPDATE People SET FullName = FirstName || ' ' || LastName");
                        migrationBuilder.DropColumn(name: "FirstName", table: "People");
                        migrationBuilder.DropColumn(name: "LastName", table: "People");
                        migrationBuilder.Sql("INSERT INTO Archive SELECT * FROM OldOrders");
                        migrationBuilder.DropTable(name: "OldOrders");

                        // renames, index and key drops keep the data
                        migrationBuilder.RenameColumn(name: "Body", table: "Posts", newName: "Content");
                        migrationBuilder.RenameTable(name: "Post", newName: "Posts");
                        migrationBuilder.DropIndex(name: "IX_Posts_Title", table: "Posts");
                        migrationBuilder.DropForeignKey(name: "FK_Posts_Blogs", table: "Posts");
                    }

                    protected override void Down(MigrationBuilder migrationBuilder)
                    {
                        // Down undoes Up: its drops are expected
                        migrationBuilder.DropColumn(name: "FullName", table: "People");
                        migrationBuilder.DropTable(name: "Archive");
                    }
                }
            }
            """,
        },
        EfProvider.Sqlite,
        null);

    // ---- fixes ----

    [Fact]
    public Task Rename_fix_rewrites_up_and_the_generated_down() => Verify.VerifyFixAsync(
        new[]
        {
            MigrationSources.Context,
            """
            using Microsoft.EntityFrameworkCore.Migrations;

            #nullable disable

            namespace Blogging.Migrations
            {
                /// <inheritdoc />
                public partial class RenameColumns : Migration
                {
                    /// <inheritdoc />
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.{|DBP015:DropColumn|}(
                            name: "Body",
                            table: "Posts");

                        migrationBuilder.{|DBP015:DropColumn|}(
                            name: "Nick",
                            schema: "auth",
                            table: "Users");

                        // the post's text
                        migrationBuilder.AddColumn<string>(
                            name: "Content",
                            table: "Posts",
                            type: "TEXT",
                            nullable: false,
                            defaultValue: "");

                        migrationBuilder.AddColumn<string>(
                            name: "DisplayName",
                            schema: "auth",
                            table: "Users",
                            type: "TEXT",
                            maxLength: 100,
                            nullable: true);
                    }

                    /// <inheritdoc />
                    protected override void Down(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.DropColumn(
                            name: "Content",
                            table: "Posts");

                        migrationBuilder.DropColumn(
                            name: "DisplayName",
                            schema: "auth",
                            table: "Users");

                        migrationBuilder.AddColumn<string>(
                            name: "Body",
                            table: "Posts",
                            type: "TEXT",
                            nullable: false,
                            defaultValue: "");

                        migrationBuilder.AddColumn<string>(
                            name: "Nick",
                            schema: "auth",
                            table: "Users",
                            type: "TEXT",
                            maxLength: 100,
                            nullable: true);
                    }
                }
            }
            """,
            """
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Blogging.Migrations
            {
                public partial class RenameTitle : Migration
                {
                    protected override void Up(MigrationBuilder b)
                    {
                        b.{|DBP015:DropColumn|}("Title", "Books");
                        b.AddColumn<string>("Name", "Books", nullable: true);
                    }

                    // hand-written: not the generated inverse (no DropColumn of Name), so only Up is fixed
                    protected override void Down(MigrationBuilder b)
                    {
                        b.AddColumn<string>("Title", "Books", nullable: true);
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
                public partial class RenameColumns : Migration
                {
                    /// <inheritdoc />
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        // the post's text
                        migrationBuilder.RenameColumn(
                            name: "Body",
                            table: "Posts",
                            newName: "Content");

                        migrationBuilder.RenameColumn(
                            name: "Nick",
                            schema: "auth",
                            table: "Users",
                            newName: "DisplayName");
                    }

                    /// <inheritdoc />
                    protected override void Down(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.RenameColumn(
                            name: "Content",
                            table: "Posts",
                            newName: "Body");

                        migrationBuilder.RenameColumn(
                            name: "DisplayName",
                            schema: "auth",
                            table: "Users",
                            newName: "Nick");
                    }
                }
            }
            """,
            """
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Blogging.Migrations
            {
                public partial class RenameTitle : Migration
                {
                    protected override void Up(MigrationBuilder b)
                    {
                        b.RenameColumn(
                            name: "Title",
                            table: "Books",
                            newName: "Name");
                    }

                    // hand-written: not the generated inverse (no DropColumn of Name), so only Up is fixed
                    protected override void Down(MigrationBuilder b)
                    {
                        b.AddColumn<string>("Title", "Books", nullable: true);
                    }
                }
            }
            """,
        },
        MigrationDropsDataFixer.RenameColumnKey,
        EfProvider.Sqlite);
}
