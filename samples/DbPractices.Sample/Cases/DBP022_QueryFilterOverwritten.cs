using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP022;

[Index(nameof(TenantId))]
public class Order
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public bool IsDeleted { get; set; }
}

[Index(nameof(TenantId))]
public class Invoice
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public bool IsDeleted { get; set; }
}

public class ShopContext : DbContext
{
    private readonly int _tenantId = 1;

    public DbSet<Order> Orders => Set<Order>();
    public DbSet<Invoice> Invoices => Set<Invoice>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlite("Data Source=dbp022.db");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Reported (an error by default; a warning in this sample): the second filter replaces the first,
        // so deleted orders come back.
        modelBuilder.Entity<Order>().HasQueryFilter(o => !o.IsDeleted);
        modelBuilder.Entity<Order>().HasQueryFilter(o => o.TenantId == _tenantId);

        // Silent: one filter with both conditions.
        modelBuilder.Entity<Invoice>().HasQueryFilter(i => !i.IsDeleted && i.TenantId == _tenantId);
    }
}
