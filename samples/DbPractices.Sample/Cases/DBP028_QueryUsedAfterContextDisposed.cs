using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP028;

public class Invoice
{
    public int Id { get; set; }
    public string Number { get; set; } = "";
    public bool Paid { get; set; }
}

public class BillingContext : DbContext
{
    public DbSet<Invoice> Invoices => Set<Invoice>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=billing.db");
}

public class InvoiceReader
{
    private readonly IDbContextFactory<BillingContext> _factory;

    public InvoiceReader(IDbContextFactory<BillingContext> factory) => _factory = factory;

    // Reported: the query runs when the caller enumerates it, after the context is disposed (ObjectDisposedException).
    public IEnumerable<Invoice> Unpaid()
    {
        using var db = _factory.CreateDbContext();
        return db.Invoices.Where(i => !i.Paid);
    }

    // Reported, no fix: the method promises a query; keep the context alive for as long as it (or return a list).
    public IQueryable<Invoice> ByNumber(string number)
    {
        using (var db = new BillingContext())
        {
            return db.Invoices.Where(i => i.Number == number);
        }
    }

    // Silent: materialized inside the scope.
    public async Task<List<Invoice>> UnpaidFixed(CancellationToken ct)
    {
        await using var db = await _factory.CreateDbContextAsync(ct);
        return await db.Invoices.Where(i => !i.Paid).ToListAsync(ct);
    }
}
