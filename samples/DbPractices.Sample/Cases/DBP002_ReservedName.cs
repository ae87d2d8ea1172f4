using Microsoft.EntityFrameworkCore;
using System.ComponentModel.DataAnnotations.Schema;

namespace DbPractices.Sample.Cases.DBP002;

// Reported: the table would be "Group" (no DbSet names it), and "Order" is reserved in SQLite.
public class Group
{
    public int Id { get; set; }
    public int Order { get; set; }
    public string Name { get; set; } = "";   // never reported: NAME is not reserved anywhere
}

// Silent: the same shapes, mapped to names that need no quoting.
[Table("Teams")]
public class Team
{
    public int Id { get; set; }
    [Column("SortOrder")]
    public int Order { get; set; }
    public string Name { get; set; } = "";
}

public class ReservedNameContext : DbContext
{
    public DbSet<Team> Teams => Set<Team>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=groups.db");

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Group>();
}
