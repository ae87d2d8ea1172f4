using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP020;

// Reported (a suggestion by default, raised to a warning for this file): Name becomes nvarchar(max) on SQL Server.
[Index(nameof(Email))]
public class Customer
{
    public int Id { get; set; }
    public string Name { get; set; } = "";

    // Silent: bounded, or indexed (EF Core gives indexed strings nvarchar(450)).
    [MaxLength(100)]
    public string City { get; set; } = "";

    public string Email { get; set; } = "";
}

public class CrmContext : DbContext
{
    public DbSet<Customer> Customers => Set<Customer>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlite("Data Source=dbp020.db");
}
