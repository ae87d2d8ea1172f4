using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP006;

[Index(nameof(TenantId))]
public class Invoice
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public decimal Total { get; set; }
    public bool Paid { get; set; }
}

[Index(nameof(TenantId))]
public class Ticket
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public string Title { get; set; } = "";
}

public class BillingContext : DbContext
{
    private readonly Guid _currentTenantId;

    public BillingContext(Guid currentTenantId) => _currentTenantId = currentTenantId;

    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<Ticket> Tickets => Set<Ticket>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=billing.db");

    // Context-wide filter: every query on Ticket is scoped to the current tenant.
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Ticket>().HasQueryFilter(t => t.TenantId == _currentTenantId);
}

public class InvoiceRepository
{
    private readonly BillingContext _db;

    public InvoiceRepository(BillingContext db) => _db = db;

    // Reported: every tenant's unpaid invoices come back.
    public Task<List<Invoice>> UnpaidLeaking() =>
        _db.Invoices.Where(i => !i.Paid).ToListAsync();

    // Reported: the tenant predicate is applied on one path only.
    public List<Invoice> SearchLeaking(Guid? tenantId, decimal minTotal)
    {
        var query = _db.Invoices.Where(i => i.Total >= minTotal);
        if (tenantId is not null)
        {
            query = query.Where(i => i.TenantId == tenantId);
        }

        return query.ToList();
    }

    // Silent: the fixed version filters by tenant first.
    public Task<List<Invoice>> Unpaid(Guid tenantId) =>
        _db.Invoices.Where(i => i.TenantId == tenantId && !i.Paid).ToListAsync();

    // Silent: the context-wide query filter covers Ticket.
    public Task<List<Ticket>> Tickets() => _db.Tickets.OrderBy(t => t.Id).ToListAsync();

    // Silent: the unmaterialized query leaves the method; the caller adds the tenant predicate.
    public IQueryable<Invoice> Query() => _db.Invoices.AsNoTracking();
}
