using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DbPractices.Sample.Migrations
{
    // DBP014. What 'dotnet ef migrations add' scaffolds for a new required navigation Post.Author: the existing
    // posts get AuthorId = 0, no author has Id 0, and AddForeignKey fails (efcore#30759). Reported on AuthorId.
    // Beside it, the corrected shapes stay silent: EditorId is nullable (no sentinel), Rating has a real default.
    [DbContext(typeof(SampleMigrationsContext))]
    [Migration("20240201000000_AddPostAuthor")]
    public partial class AddPostAuthor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            // reported: a required foreign key whose default is a sentinel
            migrationBuilder.AddColumn<int>(
                name: "AuthorId",
                table: "Posts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // silent: nullable foreign key, existing rows get NULL
            migrationBuilder.AddColumn<int>(
                name: "EditorId",
                table: "Posts",
                type: "INTEGER",
                nullable: true);

            // silent: a required column with a default for existing rows
            migrationBuilder.AddColumn<int>(
                name: "Rating",
                table: "Posts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddForeignKey(
                name: "FK_Posts_Authors_AuthorId",
                table: "Posts",
                column: "AuthorId",
                principalTable: "Authors",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_Posts_Authors_EditorId",
                table: "Posts",
                column: "EditorId",
                principalTable: "Authors",
                principalColumn: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Posts_Authors_EditorId",
                table: "Posts");

            migrationBuilder.DropForeignKey(
                name: "FK_Posts_Authors_AuthorId",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "Rating",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "EditorId",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "AuthorId",
                table: "Posts");

            migrationBuilder.DropTable(
                name: "Authors");
        }
    }
}
