using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP010;

public class Product
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}

public class CatalogContext : DbContext
{
    public DbSet<Product> Products => Set<Product>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=catalog.db");
}

public class CatalogImport
{
    // Reported: one transaction and round trip per row.
    public async Task ImportAsync(CatalogContext ctx, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            ctx.Products.Add(new Product { Name = name });
            await ctx.SaveChangesAsync();
        }
    }

    // Silent: saved once after the loop, or in batches of 500.
    public async Task ImportFixedAsync(CatalogContext ctx, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            ctx.Products.Add(new Product { Name = name });
        }

        await ctx.SaveChangesAsync();

        var pending = 0;
        foreach (var name in names)
        {
            ctx.Products.Add(new Product { Name = name });
            if (++pending % 500 == 0)
            {
                await ctx.SaveChangesAsync();
            }
        }

        await ctx.SaveChangesAsync();
    }
}
