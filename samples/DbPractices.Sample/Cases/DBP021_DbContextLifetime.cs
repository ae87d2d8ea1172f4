using System.Collections.Generic;
using System.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DbPractices.Sample.Cases.DBP021;

public class Product
{
    public int Id { get; set; }
    public int Stock { get; set; }
}

public class StoreContext : DbContext
{
    public DbSet<Product> Products => Set<Product>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlite("Data Source=dbp021.db");
}

public static class Registration
{
    // Reported: one context for every request, on many threads.
    public static void Wrong(IServiceCollection services) => services.AddSingleton<StoreContext>();

    // Silent: scoped, one per request.
    public static void Right(IServiceCollection services) => services.AddDbContext<StoreContext>();
}

public class StockChecker
{
    // Reported: a new context (and connection) per product.
    public int CountInStockWrong(IEnumerable<int> ids)
    {
        var count = 0;
        foreach (var id in ids)
        {
            using var db = new StoreContext();
            count += db.Products.Count(p => p.Id == id && p.Stock > 0);
        }

        return count;
    }

    // Silent: one context for the whole operation.
    public int CountInStock(IEnumerable<int> ids)
    {
        using var db = new StoreContext();
        var count = 0;
        foreach (var id in ids)
        {
            count += db.Products.Count(p => p.Id == id && p.Stock > 0);
        }

        return count;
    }
}
