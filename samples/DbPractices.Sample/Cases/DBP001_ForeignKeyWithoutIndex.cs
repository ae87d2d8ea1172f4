using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DbPractices.Sample.Cases.DBP001;

public class Customer
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}

// Reported: CustomerId references Customer by id with no relationship (no index, no FK constraint),
// and TenantId is a tenant key no index leads with.
public class Order
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public Guid TenantId { get; set; }
    public List<OrderLine> Lines { get; set; } = new();
}

// Reported: the only index on the foreign key OrderId is filtered, so EF Core drops the FK's own index.
public class OrderLine
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public Order Order { get; set; } = null!;
    public bool IsCancelled { get; set; }
}

// Silent: the same shapes, indexed.
[Index(nameof(CustomerId))]
[Index(nameof(TenantId), nameof(Number))]
public class Invoice
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public Guid TenantId { get; set; }
    public string Number { get; set; } = "";
}

public class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.HasIndex(l => l.OrderId).HasFilter("IsCancelled = 0");
    }
}

public class SalesContext : DbContext
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<Invoice> Invoices => Set<Invoice>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=sales.db");

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SalesContext).Assembly);
}
