using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DbPractices.Sample.Migrations
{
    // DBP015. Title was renamed to Headline in the entity and EF Core scaffolded a drop + add: every title is lost.
    // Reported as a likely rename (the fix writes RenameColumn in Up and the rename back in Down).
    // Beside it, Name → DisplayName is already a RenameColumn and stays silent.
    [DbContext(typeof(SampleMigrationsContext))]
    [Migration("20240301000000_RenamePostTitle")]
    public partial class RenamePostTitle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // reported: looks like a rename
            migrationBuilder.DropColumn(
                name: "Title",
                table: "Posts");

            migrationBuilder.AddColumn<string>(
                name: "Headline",
                table: "Posts",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // silent: a rename keeps the data
            migrationBuilder.RenameColumn(
                name: "Name",
                table: "Blogs",
                newName: "DisplayName");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Headline",
                table: "Posts");

            migrationBuilder.RenameColumn(
                name: "DisplayName",
                table: "Blogs",
                newName: "Name");

            migrationBuilder.AddColumn<string>(
                name: "Title",
                table: "Posts",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }
    }
}
