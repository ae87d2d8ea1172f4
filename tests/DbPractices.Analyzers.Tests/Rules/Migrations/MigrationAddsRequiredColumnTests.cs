using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Migrations;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Migrations;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Migrations.MigrationAddsRequiredColumnAnalyzer,
    DbPractices.CodeFixes.Rules.Migrations.MigrationAddsRequiredColumnFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Migrations;

public class MigrationAddsRequiredColumnTests
{
    private const string NoDefault = "is added as a non-nullable column to an existing table without a default value: the migration fails on a table that has rows";
    private const string NoBackfill = "is made required (oldNullable: true → nullable: false) without a backfill: the migration fails when a row holds NULL; run Sql(\"UPDATE ...\") for the column earlier in Up, or give AlterColumn a defaultValue";

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<MigrationAddsRequiredColumnAnalyzer>.VerifyAsync(new[] { MigrationSources.Context, source }, EfProvider.Sqlite, null, expected);

    private static string Sentinel(string sentinel, string foreignKey) =>
        $"is a required foreign key added with the default {sentinel}, which no principal row has: existing rows violate the foreign key added by '{foreignKey}'";

    // ---- fires ----

    [Fact]
    public Task Scaffolded_required_foreign_key_with_sentinel_default_fires() => AnalyzerVerifier<MigrationAddsRequiredColumnAnalyzer>.VerifyAsync(
        new[]
        {
            MigrationSources.Context,
            MigrationSources.Designer,
            MigrationSources.Snapshot,
            """
            using System;
            using Microsoft.EntityFrameworkCore.Migrations;

            #nullable disable

            namespace Blogging.Migrations
            {
                /// <inheritdoc />
                public partial class AddPostColumns : Migration
                {
                    /// <inheritdoc />
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.AlterColumn<string>(
                            name: "Summary",
                            table: "Posts",
                            type: "TEXT",
                            nullable: false,
                            defaultValue: "",
                            oldClrType: typeof(string),
                            oldType: "TEXT",
                            oldNullable: true);

                        migrationBuilder.AddColumn<int>(
                            name: "Rating",
                            table: "Posts",
                            type: "INTEGER",
                            nullable: false,
                            defaultValue: 0);

                        migrationBuilder.{|#0:AddColumn<int>|}(
                            name: "AuthorId",
                            table: "Posts",
                            type: "INTEGER",
                            nullable: false,
                            defaultValue: 0);

                        migrationBuilder.CreateTable(
                            name: "Authors",
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
                            table: "Posts",
                            column: "AuthorId");

                        migrationBuilder.AddForeignKey(
                            name: "FK_Posts_Authors_AuthorId",
                            table: "Posts",
                            column: "AuthorId",
                            principalTable: "Authors",
                            principalColumn: "Id",
                            onDelete: ReferentialAction.Cascade);
                    }

                    /// <inheritdoc />
                    protected override void Down(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.DropForeignKey(
                            name: "FK_Posts_Authors_AuthorId",
                            table: "Posts");

                        migrationBuilder.DropTable(
                            name: "Authors");

                        migrationBuilder.DropIndex(
                            name: "IX_Posts_AuthorId",
                            table: "Posts");

                        migrationBuilder.DropColumn(
                            name: "AuthorId",
                            table: "Posts");

                        migrationBuilder.DropColumn(
                            name: "Rating",
                            table: "Posts");

                        migrationBuilder.AlterColumn<string>(
                            name: "Summary",
                            table: "Posts",
                            type: "TEXT",
                            nullable: true,
                            oldClrType: typeof(string),
                            oldType: "TEXT");
                    }
                }
            }
            """,
        },
        EfProvider.Sqlite,
        null,
        Verify.Diagnostic("DBP014").WithLocation(0).WithArguments("Posts.AuthorId", Sentinel("0", "FK_Posts_Authors_AuthorId")));

    [Fact]
    public Task Guid_sentinel_with_composite_foreign_key_and_auto_generated_header_fires() => Analyze("""
        // <auto-generated />
        using System;
        using Microsoft.EntityFrameworkCore.Migrations;

        namespace Blogging.Migrations
        {
            public partial class AddOwner : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.{|#0:AddColumn<Guid>|}(
                        name: "OwnerId",
                        table: "Documents",
                        nullable: false,
                        defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

                    migrationBuilder.{|#1:AddColumn<Guid>|}("TenantId", "Documents", defaultValue: Guid.Empty);

                    migrationBuilder.AddForeignKey(
                        name: "FK_Documents_Owners",
                        table: "Documents",
                        columns: new[] { "TenantId", "OwnerId" },
                        principalTable: "Owners",
                        principalColumns: new[] { "TenantId", "Id" });
                }

                protected override void Down(MigrationBuilder migrationBuilder)
                {
                }
            }
        }
        """,
        Verify.Diagnostic("DBP014").WithLocation(0).WithArguments("Documents.OwnerId", Sentinel("Guid.Empty", "FK_Documents_Owners")),
        Verify.Diagnostic("DBP014").WithLocation(1).WithArguments("Documents.TenantId", Sentinel("Guid.Empty", "FK_Documents_Owners")));

    [Fact]
    public Task Hand_edited_add_column_without_default_fires_named_and_positional() => Analyze("""
        using Microsoft.EntityFrameworkCore.Migrations;

        namespace Blogging.Migrations
        {
            public partial class AddRating : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.{|#0:AddColumn<int>|}(
                        name: "Rating",
                        table: "Posts",
                        type: "INTEGER",
                        nullable: false);

                    migrationBuilder.{|#1:AddColumn<bool>|}("IsPublished", "Posts", "INTEGER");

                    migrationBuilder.{|#2:AddColumn<string>|}(table: "Posts", name: "Slug", maxLength: 200);
                }

                protected override void Down(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.DropColumn(name: "Rating", table: "Posts");
                    migrationBuilder.DropColumn(name: "IsPublished", table: "Posts");
                    migrationBuilder.DropColumn(name: "Slug", table: "Posts");
                }
            }
        }
        """,
        Verify.Diagnostic("DBP014").WithLocation(0).WithArguments("Posts.Rating", NoDefault),
        Verify.Diagnostic("DBP014").WithLocation(1).WithArguments("Posts.IsPublished", NoDefault),
        Verify.Diagnostic("DBP014").WithLocation(2).WithArguments("Posts.Slug", NoDefault));

    [Fact]
    public Task Alter_column_to_required_without_backfill_fires() => Analyze("""
        using Microsoft.EntityFrameworkCore.Migrations;

        namespace Blogging.Migrations
        {
            public partial class RequireSummary : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.Sql("UPDATE Posts SET Title = '' WHERE Title IS NULL");

                    migrationBuilder.{|#0:AlterColumn<string>|}(
                        name: "Summary",
                        table: "Posts",
                        type: "TEXT",
                        nullable: false,
                        oldClrType: typeof(string),
                        oldType: "TEXT",
                        oldNullable: true);

                    migrationBuilder.{|#1:AlterColumn<int>|}("Score", "Posts", oldNullable: true);
                }

                protected override void Down(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.AlterColumn<string>(name: "Summary", table: "Posts", nullable: true, oldClrType: typeof(string));
                    migrationBuilder.AlterColumn<int>(name: "Score", table: "Posts", nullable: true, oldClrType: typeof(int));
                }
            }
        }
        """,
        Verify.Diagnostic("DBP014").WithLocation(0).WithArguments("Posts.Summary", NoBackfill),
        Verify.Diagnostic("DBP014").WithLocation(1).WithArguments("Posts.Score", NoBackfill));

    // ---- stays silent ----

    [Fact]
    public Task Safe_shapes_are_silent() => Analyze("""
        using System;
        using Microsoft.EntityFrameworkCore.Migrations;

        namespace Blogging.Migrations
        {
            public partial class SafeChanges : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    // new table: no rows yet
                    migrationBuilder.CreateTable(
                        name: "Tags",
                        columns: table => new
                        {
                            Id = table.Column<int>(type: "INTEGER", nullable: false),
                            Name = table.Column<string>(type: "TEXT", nullable: false)
                        },
                        constraints: table => table.PrimaryKey("PK_Tags", x => x.Id));
                    migrationBuilder.AddColumn<int>(name: "Weight", table: "Tags", nullable: false);

                    // nullable, defaults of every kind, database-generated values
                    migrationBuilder.AddColumn<int>(name: "Views", table: "Posts", nullable: true);
                    migrationBuilder.AddColumn<int>(name: "Likes", table: "Posts", nullable: false, defaultValue: 0);
                    migrationBuilder.AddColumn<DateTime>(name: "CreatedAt", table: "Posts", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP");
                    migrationBuilder.AddColumn<string>(name: "Display", table: "Posts", nullable: false, computedColumnSql: "Title || '!'");
                    migrationBuilder.AddColumn<byte[]>(name: "Version", table: "Posts", rowVersion: true, nullable: false);
                    migrationBuilder.AddColumn<long>(name: "Sequence", table: "Posts", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1");

                    // a sentinel default that no foreign key uses, and a foreign key with a real default
                    migrationBuilder.AddColumn<Guid>(name: "PublicId", table: "Posts", nullable: false, defaultValue: Guid.Empty);
                    migrationBuilder.AddColumn<int>(name: "CategoryId", table: "Posts", nullable: false, defaultValue: 1);
                    migrationBuilder.AddForeignKey(name: "FK_Posts_Categories", table: "Posts", column: "CategoryId", principalTable: "Categories", principalColumn: "Id");

                    // the sentinel is backfilled before the foreign key is added
                    migrationBuilder.AddColumn<int>(name: "AuthorId", table: "Posts", nullable: false, defaultValue: 0);
                    migrationBuilder.Sql("UPDATE Posts SET AuthorId = (SELECT MIN(Id) FROM Authors)");
                    migrationBuilder.AddForeignKey(name: "FK_Posts_Authors", table: "Posts", column: "AuthorId", principalTable: "Authors", principalColumn: "Id");

                    // made required after a backfill, or with a default EF Core uses to backfill (SQL Server UPDATE, SQLite IFNULL)
                    migrationBuilder.Sql("UPDATE \"Posts\" SET \"Summary\" = '' WHERE \"Summary\" IS NULL;");
                    migrationBuilder.AlterColumn<string>(name: "Summary", table: "Posts", nullable: false, oldClrType: typeof(string), oldNullable: true);
                    migrationBuilder.AlterColumn<string>(name: "Body", table: "Posts", nullable: false, defaultValue: "", oldClrType: typeof(string), oldNullable: true);
                    migrationBuilder.AlterColumn<int>(name: "Score", table: "Posts", nullable: true, oldClrType: typeof(int));
                    migrationBuilder.AlterColumn<string>(name: "Title", table: "Posts", maxLength: 200, nullable: false, oldClrType: typeof(string));
                }

                protected override void Down(MigrationBuilder migrationBuilder)
                {
                    // the inverse of a required column added by Up is not checked: Down only undoes Up
                    migrationBuilder.AddColumn<int>(name: "Removed", table: "Posts", nullable: false);
                }
            }
        }
        """);

    [Fact]
    public Task Snapshot_designer_and_classes_that_are_not_migrations_are_silent() => AnalyzerVerifier<MigrationAddsRequiredColumnAnalyzer>.VerifyAsync(
        new[]
        {
            MigrationSources.Context,
            MigrationSources.Snapshot,
            """
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Blogging
            {
                public class NotAMigration
                {
                    public void Up(MigrationBuilder migrationBuilder) =>
                        migrationBuilder.AddColumn<int>(name: "Rating", table: "Posts", nullable: false);
                }

                public abstract class MigrationBase : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder) =>
                        migrationBuilder.AddColumn<int>(name: "Rating", table: "Posts", nullable: false);
                }
            }
            """,
        },
        EfProvider.Sqlite,
        null);

    // ---- fixes ----

    [Fact]
    public Task Default_value_fix_writes_the_scaffolded_default_and_using() => Verify.VerifyFixAsync(
        new[]
        {
            MigrationSources.Context,
            """
            using Microsoft.EntityFrameworkCore.Migrations;

            #nullable disable

            namespace Blogging.Migrations
            {
                /// <inheritdoc />
                public partial class AddRating : Migration
                {
                    /// <inheritdoc />
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.{|DBP014:AddColumn<int>|}(
                            name: "Rating",
                            table: "Posts",
                            type: "INTEGER",
                            nullable: false,
                            comment: "stars"); // 1 to 5

                        migrationBuilder.{|DBP014:AddColumn<bool>|}("IsPublished", "Posts", "INTEGER");

                        migrationBuilder.{|DBP014:AddColumn<System.DateTime>|}(
                            name: "PublishedOn",
                            table: "Posts",
                            nullable: false);
                    }

                    /// <inheritdoc />
                    protected override void Down(MigrationBuilder migrationBuilder)
                    {
                    }
                }
            }
            """,
            """
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Blogging.Migrations
            {
                public partial class AddSlug : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.{|DBP014:AddColumn<string>|}(name: "Slug", table: "Posts", defaultValue: null);
                    }
                }
            }
            """,
        },
        new[]
        {
            MigrationSources.Context,
            """
            using System;
            using Microsoft.EntityFrameworkCore.Migrations;

            #nullable disable

            namespace Blogging.Migrations
            {
                /// <inheritdoc />
                public partial class AddRating : Migration
                {
                    /// <inheritdoc />
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.AddColumn<int>(
                            name: "Rating",
                            table: "Posts",
                            type: "INTEGER",
                            nullable: false,
                            defaultValue: 0,
                            comment: "stars"); // 1 to 5

                        migrationBuilder.AddColumn<bool>("IsPublished", "Posts", "INTEGER", defaultValue: false);

                        migrationBuilder.AddColumn<System.DateTime>(
                            name: "PublishedOn",
                            table: "Posts",
                            nullable: false,
                            defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));
                    }

                    /// <inheritdoc />
                    protected override void Down(MigrationBuilder migrationBuilder)
                    {
                    }
                }
            }
            """,
            """
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Blogging.Migrations
            {
                public partial class AddSlug : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.AddColumn<string>(name: "Slug", table: "Posts", defaultValue: "");
                    }
                }
            }
            """,
        },
        MigrationAddsRequiredColumnFixer.AddDefaultValueKey,
        EfProvider.Sqlite);

    [Fact]
    public Task Nullable_fix_makes_columns_nullable_and_drops_the_sentinel() => Verify.VerifyFixAsync(
        new[]
        {
            MigrationSources.Context,
            """
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Blogging.Migrations
            {
                public partial class AddAuthor : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.{|DBP014:AddColumn<int>|}(
                            name: "AuthorId",
                            table: "Posts",
                            type: "INTEGER",
                            nullable: false,
                            defaultValue: 0);

                        migrationBuilder.{|DBP014:AddColumn<int>|}("EditorId", "Posts");

                        migrationBuilder.AddForeignKey(
                            name: "FK_Posts_Authors_AuthorId",
                            table: "Posts",
                            column: "AuthorId",
                            principalTable: "Authors",
                            principalColumn: "Id",
                            onDelete: ReferentialAction.Cascade);
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
                public partial class AddAuthor : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.AddColumn<int>(
                            name: "AuthorId",
                            table: "Posts",
                            type: "INTEGER",
                            nullable: true);

                        migrationBuilder.AddColumn<int>("EditorId", "Posts", nullable: true);

                        migrationBuilder.AddForeignKey(
                            name: "FK_Posts_Authors_AuthorId",
                            table: "Posts",
                            column: "AuthorId",
                            principalTable: "Authors",
                            principalColumn: "Id",
                            onDelete: ReferentialAction.Cascade);
                    }
                }
            }
            """,
        },
        MigrationAddsRequiredColumnFixer.MakeNullableKey,
        EfProvider.Sqlite);

    [Fact]
    public async Task No_default_value_fix_for_foreign_keys_and_no_fix_for_alter_column()
    {
        var source = """
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Blogging.Migrations
            {
                public partial class AddAuthor : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.{|DBP014:AddColumn<int>|}(name: "AuthorId", table: "Posts", nullable: false);
                        migrationBuilder.AddForeignKey(name: "FK_Posts_Authors", table: "Posts", column: "AuthorId", principalTable: "Authors");
                        migrationBuilder.{|DBP014:AlterColumn<string>|}(name: "Summary", table: "Posts", nullable: false, oldNullable: true);
                    }
                }
            }
            """;
        await Verify.VerifyFixAsync(new[] { MigrationSources.Context, source }, new[] { MigrationSources.Context, source }, MigrationAddsRequiredColumnFixer.AddDefaultValueKey, EfProvider.Sqlite);
    }
}
