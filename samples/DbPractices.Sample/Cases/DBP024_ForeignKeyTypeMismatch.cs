using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP024;

public class Store
{
    public Guid Id { get; set; }
    public List<Sale> Sales { get; set; } = new();
    public List<Refund> Refunds { get; set; } = new();
}

// Reported: StoreId is an int but Store's key is a Guid: EF Core ignores it and adds a shadow StoreId1.
public class Sale
{
    public int Id { get; set; }
    public int StoreId { get; set; }
    public Store Store { get; set; } = null!;
}

// Silent: the key's type, nullable (nullability does not count).
public class Refund
{
    public int Id { get; set; }
    public Guid? StoreId { get; set; }
    public Store? Store { get; set; }
}

public class ForeignKeyTypeContext : DbContext
{
    public DbSet<Store> Stores => Set<Store>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=stores.db");
}
