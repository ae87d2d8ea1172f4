using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP026;

public class Product
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}

public class Review
{
    public int Id { get; set; }
    public int ProductId { get; set; }
    public Product Product { get; set; } = null!;
    public int Stars { get; set; }
}

public class CatalogContext : DbContext
{
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Review> Reviews => Set<Review>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=catalog.db");
}

public class CatalogPage
{
    private readonly CatalogContext _db;
    private readonly IDbContextFactory<CatalogContext> _factory;

    public CatalogPage(CatalogContext db, IDbContextFactory<CatalogContext> factory)
    {
        _db = db;
        _factory = factory;
    }

    // Reported: two queries on one context at once throw "A second operation was started on this context instance".
    public async Task Load(CancellationToken ct)
    {
        await Task.WhenAll(_db.Products.ToListAsync(ct), _db.Reviews.ToListAsync(ct));
    }

    // Silent: one after the other, or one context per concurrent body.
    public async Task LoadFixed(CancellationToken ct)
    {
        await _db.Products.ToListAsync(ct);
        await _db.Reviews.ToListAsync(ct);
    }

    public Task<int[]> CountReviews(IEnumerable<int> productIds) =>
        Task.WhenAll(productIds.Select(async id =>
        {
            await using var db = await _factory.CreateDbContextAsync();
            return await db.Reviews.CountAsync(r => r.ProductId == id);
        }));
}
