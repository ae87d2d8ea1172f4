using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace DbPractices.Benchmarks;

/// <summary>One generated source file.</summary>
internal sealed record GeneratedDocument(string Path, string Text, DocumentKind Kind);

internal enum DocumentKind
{
    Shared,
    Entity,
    Configuration,
    Repository,
    Context,
    Migration,
}

/// <summary>
/// Writes a realistic EF Core code base in memory: one file per entity, per configuration class and per
/// repository, a DbContext, tenant entities with and without query filters, and migrations (with their
/// designer files and a model snapshot). Most of it is correct code; a controlled fraction triggers each
/// rule, so the analyzers do the work they do on real code, not on a worst case.
/// </summary>
internal sealed class CodeBaseGenerator
{
    private static readonly string[] Nouns =
    {
        "Customer", "Order", "Invoice", "Product", "Shipment", "Payment", "Ticket", "Project",
        "Document", "Account", "Warehouse", "Supplier", "Contract", "Employee", "Campaign", "Booking",
    };

    private readonly int _entities;
    private readonly int _queriesPerEntity;
    private readonly bool _denseForeignKeyGaps;

    /// <param name="entities">Number of entity types.</param>
    /// <param name="queriesPerEntity">Query methods per repository (one repository per entity).</param>
    /// <param name="denseForeignKeyGaps">Every entity gets one unindexed <c>{X}Id</c> (DBP001), for the Fix All measurement.</param>
    public CodeBaseGenerator(int entities, int queriesPerEntity, bool denseForeignKeyGaps = false)
    {
        _entities = Math.Max(entities, 8);
        _queriesPerEntity = Math.Max(queriesPerEntity, 1);
        _denseForeignKeyGaps = denseForeignKeyGaps;
    }

    /// <summary>DBP001 diagnostics the code base plants on purpose (unindexed references by id).</summary>
    public int PlantedForeignKeyGaps => Enumerable.Range(0, _entities).Count(i => HasForeignKeyGap(i) && !HasIndexedIdReference(i));

    public int Entities => _entities;

    public int QueryMethods => _entities * _queriesPerEntity;

    private static string Name(int i) => Nouns[i % Nouns.Length] + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    private static string Set(int i) => Name(i) + "s";

    private static bool HasParent(int i) => i > 0;

    private bool HasChild(int i) => i + 1 < _entities;

    /// <summary>A second, one-directional optional reference (no inverse navigation).</summary>
    private static int? Related(int i) => i >= 3 && i % 3 == 0 ? i / 3 : null;

    private bool HasForeignKeyGap(int i) => _denseForeignKeyGaps || i % 10 == 7;

    /// <summary>A reference by id that is indexed: the silent look-alike of DBP001.</summary>
    private bool HasIndexedIdReference(int i) => !_denseForeignKeyGaps && i % 10 == 3;

    /// <summary>The entity referenced by id only: one that has no navigation to or from <paramref name="i"/>.</summary>
    private int ReferencedById(int i)
    {
        foreach (var offset in new[] { 5, 7, 11, 13, 17 })
        {
            var j = (i + offset) % _entities;
            if (j != i && j != i - 1 && j != i + 1 && j != Related(i) && Related(j) != i)
            {
                return j;
            }
        }

        throw new InvalidOperationException("no entity to reference by id");
    }

    private static bool IsTenant(int i) => i % 4 == 1;

    /// <summary>Tenant entities without a global filter: their queries must filter (one query in such a repository does not).</summary>
    private static bool TenantWithoutFilter(int i) => i % 16 == 13;

    private static bool IsSoftDelete(int i) => i % 8 == 2;

    private static bool SoftDeleteWithoutFilter(int i) => i % 40 == 2;

    private static bool FluentRelationship(int i) => i % 2 == 0;

    public List<GeneratedDocument> Generate()
    {
        var documents = new List<GeneratedDocument>
        {
            new("Shared/Tenancy.cs", Tenancy(), DocumentKind.Shared),
            new("Data/BenchDbContext.cs", Context(), DocumentKind.Context),
        };

        for (var i = 0; i < _entities; i++)
        {
            documents.Add(new($"Domain/{Name(i)}.cs", Entity(i), DocumentKind.Entity));
            documents.Add(new($"Data/Configurations/{Name(i)}Configuration.cs", Configuration(i), DocumentKind.Configuration));
            documents.Add(new($"Services/{Name(i)}Repository.cs", Repository(i), DocumentKind.Repository));
        }

        const int perMigration = 50;
        var migrations = (_entities + perMigration - 1) / perMigration;
        for (var m = 0; m < migrations; m++)
        {
            var range = Enumerable.Range(m * perMigration, Math.Min(perMigration, _entities - (m * perMigration))).ToList();
            documents.Add(new($"Migrations/2024010{m % 10}{m:D4}_Batch{m}.cs", Migration(m, range), DocumentKind.Migration));
            documents.Add(new($"Migrations/2024010{m % 10}{m:D4}_Batch{m}.Designer.cs", MigrationDesigner(m, range), DocumentKind.Migration));
        }

        documents.Add(new("Migrations/BenchDbContextModelSnapshot.cs", Snapshot(), DocumentKind.Migration));
        return documents;
    }

    private static string Tenancy() => """
        namespace Bench.Shared;

        public interface ITenantEntity
        {
            int TenantId { get; set; }
        }

        public interface ITenantProvider
        {
            int TenantId { get; }
        }

        public interface IClock
        {
            System.DateTime UtcNow { get; }
        }
        """;

    private string Entity(int i)
    {
        var sb = new StringBuilder();
        sb.AppendLine("using System;");
        sb.AppendLine("using System.Collections.Generic;");
        sb.AppendLine("using System.ComponentModel.DataAnnotations;");
        sb.AppendLine("using System.ComponentModel.DataAnnotations.Schema;");
        sb.AppendLine("using Bench.Shared;");
        sb.AppendLine("using Microsoft.EntityFrameworkCore;");
        sb.AppendLine();
        sb.AppendLine("namespace Bench.Domain;");
        sb.AppendLine();
        sb.AppendLine($"/// <summary>A {Nouns[i % Nouns.Length].ToLowerInvariant()} of the sample domain.</summary>");
        sb.AppendLine("[Index(nameof(Code), IsUnique = true)]");
        if (HasIndexedIdReference(i) && i % 20 == 3)
        {
            sb.AppendLine($"[Index(nameof({Name(ReferencedById(i))}Id))]");
        }

        sb.AppendLine($"public class {Name(i)}{(IsTenant(i) ? " : ITenantEntity" : "")}");
        sb.AppendLine("{");
        sb.AppendLine("    public int Id { get; set; }");
        sb.AppendLine();
        sb.AppendLine("    [Required]");
        sb.AppendLine("    [MaxLength(64)]");
        sb.AppendLine("    public string Code { get; set; } = string.Empty;");
        sb.AppendLine();
        sb.AppendLine("    [MaxLength(200)]");
        sb.AppendLine("    public string Name { get; set; } = string.Empty;");
        sb.AppendLine();
        if (i % 25 == 9)
        {
            sb.AppendLine("    public decimal Amount { get; set; }");
        }
        else
        {
            sb.AppendLine("    [Precision(18, 2)]");
            sb.AppendLine("    public decimal Amount { get; set; }");
        }

        sb.AppendLine();
        sb.AppendLine("    public DateTime CreatedAt { get; set; }");
        sb.AppendLine();
        sb.AppendLine("    public bool IsActive { get; set; }");
        if (i % 10 == 4)
        {
            sb.AppendLine();
            sb.AppendLine("    public string? Notes { get; set; }");
        }

        if (i % 4 == 0)
        {
            sb.AppendLine();
            sb.AppendLine("    [MaxLength(100)]");
            sb.AppendLine("    public string? ExternalId { get; set; }");
        }

        if (i % 50 == 11)
        {
            sb.AppendLine();
            sb.AppendLine("    [MaxLength(50)]");
            sb.AppendLine("    public string? Group { get; set; }");
        }

        if (IsTenant(i))
        {
            sb.AppendLine();
            sb.AppendLine("    public int TenantId { get; set; }");
        }

        if (IsSoftDelete(i))
        {
            sb.AppendLine();
            sb.AppendLine("    public bool IsDeleted { get; set; }");
        }

        if (HasParent(i))
        {
            sb.AppendLine();
            sb.AppendLine($"    public int {Name(i - 1)}Id {{ get; set; }}");
            sb.AppendLine();
            sb.AppendLine($"    public {Name(i - 1)} {Name(i - 1)} {{ get; set; }} = null!;");
        }

        if (Related(i) is { } related)
        {
            sb.AppendLine();
            sb.AppendLine($"    public int? {Name(related)}Id {{ get; set; }}");
            sb.AppendLine();
            sb.AppendLine($"    public {Name(related)}? {Name(related)} {{ get; set; }}");
        }

        if (HasForeignKeyGap(i) || HasIndexedIdReference(i))
        {
            sb.AppendLine();
            sb.AppendLine($"    /// <summary>References a {Name(ReferencedById(i))} by id (aggregate boundary: no navigation).</summary>");
            sb.AppendLine($"    public int {Name(ReferencedById(i))}Id {{ get; set; }}");
        }

        if (HasChild(i))
        {
            sb.AppendLine();
            sb.AppendLine($"    public List<{Name(i + 1)}> {Set(i + 1)} {{ get; set; }} = new();");
        }

        sb.AppendLine();
        sb.AppendLine("    [NotMapped]");
        sb.AppendLine("    public string DisplayName => Code + \" \" + Name;");
        sb.AppendLine("}");
        return sb.ToString();
    }

    private string Configuration(int i)
    {
        var n = Name(i);
        var sb = new StringBuilder();
        sb.AppendLine("using Bench.Domain;");
        sb.AppendLine("using Microsoft.EntityFrameworkCore;");
        sb.AppendLine("using Microsoft.EntityFrameworkCore.Metadata.Builders;");
        sb.AppendLine();
        sb.AppendLine("namespace Bench.Data.Configurations;");
        sb.AppendLine();
        sb.AppendLine($"public sealed class {n}Configuration : IEntityTypeConfiguration<{n}>");
        sb.AppendLine("{");
        sb.AppendLine($"    public void Configure(EntityTypeBuilder<{n}> builder)");
        sb.AppendLine("    {");
        sb.AppendLine($"        builder.ToTable(\"{Set(i)}\");");
        sb.AppendLine("        builder.HasKey(e => e.Id);");
        sb.AppendLine("        builder.Property(e => e.Name).IsRequired();");
        sb.AppendLine("        builder.HasIndex(e => e.CreatedAt);");
        if (i % 10 == 4)
        {
            sb.AppendLine("        builder.Property(e => e.Notes).HasMaxLength(2000);");
        }

        if (IsTenant(i))
        {
            sb.AppendLine("        builder.HasIndex(e => new { e.TenantId, e.Code });");
        }

        if (IsSoftDelete(i) && !SoftDeleteWithoutFilter(i))
        {
            sb.AppendLine("        builder.HasQueryFilter(e => !e.IsDeleted);");
        }

        if (HasIndexedIdReference(i) && i % 20 != 3)
        {
            sb.AppendLine($"        builder.HasIndex(e => e.{Name(ReferencedById(i))}Id);");
        }

        if (HasParent(i) && FluentRelationship(i))
        {
            sb.AppendLine($"        builder.HasOne(e => e.{Name(i - 1)})");
            sb.AppendLine($"            .WithMany(p => p.{Set(i)})");
            sb.AppendLine($"            .HasForeignKey(e => e.{Name(i - 1)}Id)");
            sb.AppendLine("            .OnDelete(DeleteBehavior.Restrict);");
        }

        if (Related(i) is { } related)
        {
            sb.AppendLine($"        builder.HasOne(e => e.{Name(related)}).WithMany().HasForeignKey(e => e.{Name(related)}Id);");
        }

        sb.AppendLine("    }");
        sb.AppendLine("}");
        return sb.ToString();
    }

    private string Context()
    {
        var sb = new StringBuilder();
        sb.AppendLine("using Bench.Domain;");
        sb.AppendLine("using Bench.Shared;");
        sb.AppendLine("using Microsoft.EntityFrameworkCore;");
        sb.AppendLine();
        sb.AppendLine("namespace Bench.Data;");
        sb.AppendLine();
        sb.AppendLine("public class BenchDbContext : DbContext");
        sb.AppendLine("{");
        sb.AppendLine("    private readonly int _tenantId;");
        sb.AppendLine();
        sb.AppendLine("    public BenchDbContext(DbContextOptions<BenchDbContext> options, ITenantProvider tenant)");
        sb.AppendLine("        : base(options)");
        sb.AppendLine("    {");
        sb.AppendLine("        _tenantId = tenant.TenantId;");
        sb.AppendLine("    }");
        for (var i = 0; i < _entities; i++)
        {
            sb.AppendLine();
            sb.AppendLine($"    public DbSet<{Name(i)}> {Set(i)} => Set<{Name(i)}>();");
        }

        sb.AppendLine();
        sb.AppendLine("    protected override void OnModelCreating(ModelBuilder modelBuilder)");
        sb.AppendLine("    {");
        sb.AppendLine("        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BenchDbContext).Assembly);");
        for (var i = 0; i < _entities; i++)
        {
            if (IsTenant(i) && !TenantWithoutFilter(i))
            {
                sb.AppendLine($"        modelBuilder.Entity<{Name(i)}>().HasQueryFilter(e => e.TenantId == _tenantId);");
            }
        }

        sb.AppendLine("    }");
        sb.AppendLine("}");
        return sb.ToString();
    }

    private string Repository(int i)
    {
        var n = Name(i);
        var sb = new StringBuilder();
        sb.AppendLine("using System;");
        sb.AppendLine("using System.Collections.Generic;");
        sb.AppendLine("using System.Linq;");
        sb.AppendLine("using System.Threading;");
        sb.AppendLine("using System.Threading.Tasks;");
        sb.AppendLine("using Bench.Data;");
        sb.AppendLine("using Bench.Domain;");
        sb.AppendLine("using Bench.Shared;");
        sb.AppendLine("using Microsoft.EntityFrameworkCore;");
        sb.AppendLine();
        sb.AppendLine("namespace Bench.Services;");
        sb.AppendLine();
        sb.AppendLine($"public sealed class {n}Repository");
        sb.AppendLine("{");
        sb.AppendLine("    private readonly BenchDbContext _db;");
        sb.AppendLine("    private readonly int _tenantId;");
        sb.AppendLine();
        sb.AppendLine($"    public {n}Repository(BenchDbContext db, ITenantProvider tenant)");
        sb.AppendLine("    {");
        sb.AppendLine("        _db = db;");
        sb.AppendLine("        _tenantId = tenant.TenantId;");
        sb.AppendLine("    }");
        sb.AppendLine();
        sb.AppendLine("    public int DefaultPageSize { get; init; } = 50;");
        for (var k = 0; k < _queriesPerEntity; k++)
        {
            sb.AppendLine();
            QueryMethod(sb, i, k);
        }

        sb.AppendLine("}");
        return sb.ToString();
    }

    /// <summary>One query method: a correct shape most of the time, a rule's trigger now and then.</summary>
    private void QueryMethod(StringBuilder sb, int i, int k)
    {
        var n = Name(i);
        var set = "_db." + Set(i);
        var g = (i * _queriesPerEntity) + k;

        // tenant entities without a global filter filter every query, except the first one (DBP006)
        var tenant = IsTenant(i) && (!TenantWithoutFilter(i) || k > 0) ? " && e.TenantId == _tenantId" : "";
        var child = HasChild(i) ? Set(i + 1) : null;
        var parent = HasParent(i) ? Name(i - 1) : null;
        var m = $"Q{k}";

        if (g % 20 == 5)
        {
            // DBP009: a query per iteration
            sb.AppendLine($"    public async Task<int> {m}CountFoundAsync(IReadOnlyList<int> ids, CancellationToken ct)");
            sb.AppendLine("    {");
            sb.AppendLine("        var found = 0;");
            sb.AppendLine("        foreach (var id in ids)");
            sb.AppendLine("        {");
            sb.AppendLine($"            var item = await {set}.FirstOrDefaultAsync(e => e.Id == id{tenant}, ct);");
            sb.AppendLine("            if (item is not null)");
            sb.AppendLine("            {");
            sb.AppendLine("                found++;");
            sb.AppendLine("            }");
            sb.AppendLine("        }");
            sb.AppendLine();
            sb.AppendLine("        return found;");
            sb.AppendLine("    }");
            return;
        }

        if (g % 20 == 11)
        {
            // DBP010: SaveChanges per iteration
            sb.AppendLine($"    public async Task {m}DeactivateAsync(IEnumerable<{n}> items, CancellationToken ct)");
            sb.AppendLine("    {");
            sb.AppendLine("        foreach (var item in items)");
            sb.AppendLine("        {");
            sb.AppendLine("            item.IsActive = false;");
            sb.AppendLine("            await _db.SaveChangesAsync(ct);");
            sb.AppendLine("        }");
            sb.AppendLine("    }");
            return;
        }

        if (g % 20 == 17 && child is not null)
        {
            // DBP008: navigation read in a loop, not loaded
            sb.AppendLine($"    public async Task<int> {m}CountChildrenAsync(CancellationToken ct)");
            sb.AppendLine("    {");
            sb.AppendLine($"        var items = await {set}.Where(e => e.IsActive{tenant}).ToListAsync(ct);");
            sb.AppendLine("        var total = 0;");
            sb.AppendLine("        foreach (var item in items)");
            sb.AppendLine("        {");
            sb.AppendLine($"            total += item.{child}.Count;");
            sb.AppendLine("        }");
            sb.AppendLine();
            sb.AppendLine("        return total;");
            sb.AppendLine("    }");
            return;
        }

        if (g % 40 == 3)
        {
            // DBP011: filtered after materialization
            sb.AppendLine($"    public async Task<int> {m}CountActiveAsync(CancellationToken ct)");
            sb.AppendLine("    {");
            sb.AppendLine($"        var all = await {set}.Where(e => e.CreatedAt > DateTime.MinValue{tenant}).ToListAsync(ct);");
            sb.AppendLine("        return all.Where(e => e.IsActive).Count();");
            sb.AppendLine("    }");
            return;
        }

        if (g % 40 == 23)
        {
            // DBP012: paging without order
            sb.AppendLine($"    public Task<List<{n}>> {m}PageAsync(int page, CancellationToken ct) =>");
            sb.AppendLine($"        {set}.Where(e => e.IsActive{tenant}).Skip(page * DefaultPageSize).Take(DefaultPageSize).ToListAsync(ct);");
            return;
        }

        if (g % 80 == 7)
        {
            // DBP013: raw SQL from concatenated text
            sb.AppendLine($"    public Task<List<{n}>> {m}SearchAsync(string code, CancellationToken ct)");
            sb.AppendLine("    {");
            sb.AppendLine($"        var sql = \"SELECT * FROM {Set(i)} WHERE Code = '\" + code + \"'\";");
            sb.AppendLine($"        return {set}.FromSqlRaw(sql).ToListAsync(ct);");
            sb.AppendLine("    }");
            return;
        }

        if (g % 80 == 63 && IsTenant(i))
        {
            // DBP007: filters bypassed without the tenant predicate
            sb.AppendLine($"    public Task<List<{n}>> {m}AllTenantsAsync(CancellationToken ct) =>");
            sb.AppendLine($"        {set}.IgnoreQueryFilters().OrderBy(e => e.Id).ToListAsync(ct);");
            return;
        }

        switch (g % 10)
        {
            case 0:
                sb.AppendLine($"    public Task<{n}?> {m}FindAsync(int id, CancellationToken ct) =>");
                sb.AppendLine($"        {set}.Where(e => e.Id == id{tenant}).FirstOrDefaultAsync(ct);");
                break;
            case 1:
                sb.AppendLine($"    public Task<List<{n}>> {m}PageAsync(int page, CancellationToken ct) =>");
                sb.AppendLine($"        {set}.AsNoTracking().Where(e => e.IsActive{tenant}).OrderBy(e => e.Id).Skip(page * DefaultPageSize).Take(DefaultPageSize).ToListAsync(ct);");
                break;
            case 2 when child is not null:
                sb.AppendLine($"    public async Task<int> {m}CountChildrenAsync(CancellationToken ct)");
                sb.AppendLine("    {");
                sb.AppendLine($"        var items = await {set}.Include(e => e.{child}).Where(e => e.IsActive{tenant}).ToListAsync(ct);");
                sb.AppendLine("        var total = 0;");
                sb.AppendLine("        foreach (var item in items)");
                sb.AppendLine("        {");
                sb.AppendLine($"            total += item.{child}.Count;");
                sb.AppendLine("        }");
                sb.AppendLine();
                sb.AppendLine("        return total;");
                sb.AppendLine("    }");
                break;
            case 3:
                sb.AppendLine($"    public async Task<int> {m}ArchiveAsync(DateTime before, CancellationToken ct)");
                sb.AppendLine("    {");
                sb.AppendLine($"        var items = await {set}.Where(e => e.CreatedAt < before{tenant}).ToListAsync(ct);");
                sb.AppendLine("        foreach (var item in items)");
                sb.AppendLine("        {");
                sb.AppendLine("            item.IsActive = false;");
                sb.AppendLine("        }");
                sb.AppendLine();
                sb.AppendLine("        return await _db.SaveChangesAsync(ct);");
                sb.AppendLine("    }");
                break;
            case 4:
                sb.AppendLine($"    public Task<List<string>> {m}NamesAsync(string prefix, CancellationToken ct) =>");
                sb.AppendLine($"        {set}.Where(e => e.Name.StartsWith(prefix){tenant}).OrderBy(e => e.Name).Select(e => e.Name).ToListAsync(ct);");
                break;
            case 5:
                sb.AppendLine($"    public Task<int> {m}CountAsync(CancellationToken ct) =>");
                sb.AppendLine($"        {set}.CountAsync(e => e.IsActive{tenant}, ct);");
                break;
            case 6:
                sb.AppendLine($"    public async Task<int> {m}AddAsync({n} item, CancellationToken ct)");
                sb.AppendLine("    {");
                if (IsTenant(i))
                {
                    sb.AppendLine("        item.TenantId = _tenantId;");
                }

                sb.AppendLine($"        {set}.Add(item);");
                sb.AppendLine("        return await _db.SaveChangesAsync(ct);");
                sb.AppendLine("    }");
                break;
            case 7:
                sb.AppendLine($"    public async Task<Dictionary<int, {n}>> {m}ByIdsAsync(IReadOnlyCollection<int> ids, CancellationToken ct)");
                sb.AppendLine("    {");
                sb.AppendLine($"        var byId = await {set}.Where(e => ids.Contains(e.Id){tenant}).ToDictionaryAsync(e => e.Id, ct);");
                sb.AppendLine("        return byId;");
                sb.AppendLine("    }");
                break;
            case 8 when parent is not null:
                sb.AppendLine($"    public async Task<List<string>> {m}ParentNamesAsync(CancellationToken ct)");
                sb.AppendLine("    {");
                sb.AppendLine($"        var items = await {set}.Include(e => e.{parent}).Where(e => e.IsActive{tenant}).ToListAsync(ct);");
                sb.AppendLine("        var names = new List<string>();");
                sb.AppendLine("        foreach (var item in items)");
                sb.AppendLine("        {");
                sb.AppendLine($"            names.Add(item.{parent}.Name);");
                sb.AppendLine("        }");
                sb.AppendLine();
                sb.AppendLine("        return names;");
                sb.AppendLine("    }");
                break;
            default:
                sb.AppendLine($"    public Task<{n}?> {m}LatestAsync(CancellationToken ct) =>");
                sb.AppendLine($"        {set}.AsNoTracking().Where(e => e.IsActive{tenant}).OrderByDescending(e => e.CreatedAt).FirstOrDefaultAsync(ct);");
                break;
        }
    }

    private string Migration(int m, List<int> range)
    {
        var sb = new StringBuilder();
        sb.AppendLine("using System;");
        sb.AppendLine("using Microsoft.EntityFrameworkCore.Migrations;");
        sb.AppendLine();
        sb.AppendLine("#nullable disable");
        sb.AppendLine();
        sb.AppendLine("namespace Bench.Migrations");
        sb.AppendLine("{");
        sb.AppendLine("    /// <inheritdoc />");
        sb.AppendLine($"    public partial class Batch{m} : Migration");
        sb.AppendLine("    {");
        sb.AppendLine("        /// <inheritdoc />");
        sb.AppendLine("        protected override void Up(MigrationBuilder migrationBuilder)");
        sb.AppendLine("        {");
        foreach (var i in range)
        {
            sb.AppendLine("            migrationBuilder.CreateTable(");
            sb.AppendLine($"                name: \"{Set(i)}\",");
            sb.AppendLine("                columns: table => new");
            sb.AppendLine("                {");
            sb.AppendLine("                    Id = table.Column<int>(type: \"INTEGER\", nullable: false)");
            sb.AppendLine("                        .Annotation(\"Sqlite:Autoincrement\", true),");
            sb.AppendLine("                    Code = table.Column<string>(type: \"TEXT\", maxLength: 64, nullable: false),");
            sb.AppendLine("                    Name = table.Column<string>(type: \"TEXT\", maxLength: 200, nullable: false),");
            sb.AppendLine("                    Amount = table.Column<decimal>(type: \"TEXT\", precision: 18, scale: 2, nullable: false),");
            sb.AppendLine("                    CreatedAt = table.Column<DateTime>(type: \"TEXT\", nullable: false),");
            sb.AppendLine("                    IsActive = table.Column<bool>(type: \"INTEGER\", nullable: false)" + (HasParent(i) ? "," : ""));
            if (HasParent(i))
            {
                sb.AppendLine($"                    {Name(i - 1)}Id = table.Column<int>(type: \"INTEGER\", nullable: false)");
            }

            sb.AppendLine("                },");
            sb.AppendLine("                constraints: table =>");
            sb.AppendLine("                {");
            sb.AppendLine($"                    table.PrimaryKey(\"PK_{Set(i)}\", x => x.Id);");
            if (HasParent(i))
            {
                sb.AppendLine("                    table.ForeignKey(");
                sb.AppendLine($"                        name: \"FK_{Set(i)}_{Set(i - 1)}_{Name(i - 1)}Id\",");
                sb.AppendLine($"                        column: x => x.{Name(i - 1)}Id,");
                sb.AppendLine($"                        principalTable: \"{Set(i - 1)}\",");
                sb.AppendLine("                        principalColumn: \"Id\",");
                sb.AppendLine("                        onDelete: ReferentialAction.Restrict);");
            }

            sb.AppendLine("                });");
            sb.AppendLine();
            if (HasParent(i))
            {
                sb.AppendLine($"            migrationBuilder.CreateIndex(name: \"IX_{Set(i)}_{Name(i - 1)}Id\", table: \"{Set(i)}\", column: \"{Name(i - 1)}Id\");");
                sb.AppendLine();
            }
        }

        if (m % 5 == 4)
        {
            // DBP014: a required column added to an existing table without a default
            sb.AppendLine($"            migrationBuilder.AddColumn<int>(name: \"Priority\", table: \"{Set(range[0])}\", type: \"INTEGER\", nullable: false);");
        }

        sb.AppendLine("        }");
        sb.AppendLine();
        sb.AppendLine("        /// <inheritdoc />");
        sb.AppendLine("        protected override void Down(MigrationBuilder migrationBuilder)");
        sb.AppendLine("        {");
        if (m % 7 != 6)
        {
            for (var r = range.Count - 1; r >= 0; r--)
            {
                sb.AppendLine($"            migrationBuilder.DropTable(name: \"{Set(range[r])}\");");
            }
        }

        sb.AppendLine("        }");
        sb.AppendLine("    }");
        sb.AppendLine("}");
        return sb.ToString();
    }

    private string MigrationDesigner(int m, List<int> range)
    {
        var sb = new StringBuilder();
        sb.AppendLine("// <auto-generated />");
        sb.AppendLine("using System;");
        sb.AppendLine("using Bench.Data;");
        sb.AppendLine("using Microsoft.EntityFrameworkCore;");
        sb.AppendLine("using Microsoft.EntityFrameworkCore.Infrastructure;");
        sb.AppendLine("using Microsoft.EntityFrameworkCore.Migrations;");
        sb.AppendLine();
        sb.AppendLine("#nullable disable");
        sb.AppendLine();
        sb.AppendLine("namespace Bench.Migrations");
        sb.AppendLine("{");
        sb.AppendLine("    [DbContext(typeof(BenchDbContext))]");
        sb.AppendLine($"    [Migration(\"2024010{m % 10}{m:D4}_Batch{m}\")]");
        sb.AppendLine($"    partial class Batch{m}");
        sb.AppendLine("    {");
        sb.AppendLine("        /// <inheritdoc />");
        sb.AppendLine("        protected override void BuildTargetModel(ModelBuilder modelBuilder)");
        sb.AppendLine("        {");
        sb.AppendLine("            modelBuilder.HasAnnotation(\"ProductVersion\", \"10.0.0\");");
        foreach (var i in range)
        {
            SnapshotEntity(sb, i);
        }

        sb.AppendLine("        }");
        sb.AppendLine("    }");
        sb.AppendLine("}");
        return sb.ToString();
    }

    private string Snapshot()
    {
        var sb = new StringBuilder();
        sb.AppendLine("// <auto-generated />");
        sb.AppendLine("using System;");
        sb.AppendLine("using Bench.Data;");
        sb.AppendLine("using Microsoft.EntityFrameworkCore;");
        sb.AppendLine("using Microsoft.EntityFrameworkCore.Infrastructure;");
        sb.AppendLine();
        sb.AppendLine("#nullable disable");
        sb.AppendLine();
        sb.AppendLine("namespace Bench.Migrations");
        sb.AppendLine("{");
        sb.AppendLine("    [DbContext(typeof(BenchDbContext))]");
        sb.AppendLine("    partial class BenchDbContextModelSnapshot : ModelSnapshot");
        sb.AppendLine("    {");
        sb.AppendLine("        protected override void BuildModel(ModelBuilder modelBuilder)");
        sb.AppendLine("        {");
        sb.AppendLine("            modelBuilder.HasAnnotation(\"ProductVersion\", \"10.0.0\");");
        for (var i = 0; i < _entities; i++)
        {
            SnapshotEntity(sb, i);
        }

        sb.AppendLine("        }");
        sb.AppendLine("    }");
        sb.AppendLine("}");
        return sb.ToString();
    }

    private static void SnapshotEntity(StringBuilder sb, int i)
    {
        sb.AppendLine();
        sb.AppendLine($"            modelBuilder.Entity(\"Bench.Domain.{Name(i)}\", b =>");
        sb.AppendLine("                {");
        sb.AppendLine("                    b.Property<int>(\"Id\").ValueGeneratedOnAdd().HasColumnType(\"INTEGER\");");
        sb.AppendLine("                    b.Property<string>(\"Code\").IsRequired().HasMaxLength(64).HasColumnType(\"TEXT\");");
        sb.AppendLine("                    b.Property<string>(\"Name\").IsRequired().HasMaxLength(200).HasColumnType(\"TEXT\");");
        sb.AppendLine("                    b.Property<DateTime>(\"CreatedAt\").HasColumnType(\"TEXT\");");
        if (HasParent(i))
        {
            sb.AppendLine($"                    b.Property<int>(\"{Name(i - 1)}Id\").HasColumnType(\"INTEGER\");");
            sb.AppendLine($"                    b.HasIndex(\"{Name(i - 1)}Id\");");
        }

        sb.AppendLine("                    b.HasKey(\"Id\");");
        sb.AppendLine($"                    b.ToTable(\"{Set(i)}\");");
        sb.AppendLine("                });");
    }
}
