using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP019;

// Reported (the case targets SQL Server, see Cases/.editorconfig): Total has no precision, so SQL Server
// stores decimal(18,2) and silently rounds a third decimal place.
public class Invoice
{
    public int Id { get; set; }
    public decimal Total { get; set; }

    // Silent: precision given by attribute, or fluently below.
    [Precision(19, 4)]
    public decimal ExchangeRate { get; set; }

    public decimal Tax { get; set; }
}

public class BillingContext : DbContext
{
    public DbSet<Invoice> Invoices => Set<Invoice>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlite("Data Source=dbp019.db");

    // The refactoring "Use HasPrecision(12, 2)" is offered on HasColumnType("decimal(12, 2)").
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Invoice>().Property(i => i.Tax).HasColumnType("decimal(12, 2)");
}
