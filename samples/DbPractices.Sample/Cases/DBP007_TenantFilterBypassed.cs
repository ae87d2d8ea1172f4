using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP007;

[Index(nameof(TenantId))]
public class Document
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public bool IsDeleted { get; set; }
}

public class DocumentContext : DbContext
{
    private readonly Guid _currentTenantId;

    public DocumentContext(Guid currentTenantId) => _currentTenantId = currentTenantId;

    public DbSet<Document> Documents => Set<Document>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=documents.db");

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Document>().HasQueryFilter(d => d.TenantId == _currentTenantId && !d.IsDeleted);
}

public class RecycleBin
{
    private readonly DocumentContext _db;
    private readonly Guid _tenantId;

    public RecycleBin(DocumentContext db, Guid tenantId)
    {
        _db = db;
        _tenantId = tenantId;
    }

    // Reported: ignoring the soft-delete filter also drops the tenant filter: every tenant's deleted documents.
    public Task<List<Document>> DeletedLeaking() =>
        _db.Documents.IgnoreQueryFilters().Where(d => d.IsDeleted).ToListAsync();

    // Silent: the tenant predicate is restated after IgnoreQueryFilters.
    public Task<List<Document>> Deleted() =>
        _db.Documents.IgnoreQueryFilters().Where(d => d.TenantId == _tenantId && d.IsDeleted).ToListAsync();
}
