using System;
using System.Linq;
using System.Threading;
using DbPractices.Analyzers.Model;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DbPractices.Analyzers.Tests.Model;

/// <summary>
/// The model index's reading of modern mapping shapes agrees with EF Core 10's real model (InMemory, no database):
/// which query filters EF Core keeps, what generic helpers configure, and how complex types map.
/// </summary>
public class ShapesAgreementTests
{
    private const string Head = "using System;\nusing System.Collections.Generic;\nusing System.Linq.Expressions;\nusing Microsoft.EntityFrameworkCore;\nusing Microsoft.EntityFrameworkCore.Metadata.Builders;\nusing System.ComponentModel.DataAnnotations.Schema;\n";

    private const string Entities = """
        public interface ITenantEntity { Guid TenantId { get; } }
        public interface ISoftDelete { bool IsDeleted { get; } }
        public class Order : ITenantEntity, ISoftDelete { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Invoice : ITenantEntity, ISoftDelete { public int Id { get; set; } public Guid TenantId { get; set; } public bool IsDeleted { get; set; } }
        public class Line : ISoftDelete { public int Id { get; set; } public bool IsDeleted { get; set; } }
        """;

    private static string Context(string body, string members = "") =>
        "public class TestContext : DbContext { public TestContext(DbContextOptions options) : base(options) { } private readonly Guid _tenant = Guid.Empty; " +
        "public DbSet<Order> Orders => Set<Order>(); public DbSet<Invoice> Invoices => Set<Invoice>(); public DbSet<Line> Lines => Set<Line>(); " +
        "protected override void OnModelCreating(ModelBuilder modelBuilder) { " + body + " } " + members + " }";

    public static TheoryData<string, string> FilterModels() => new()
    {
        { "later unnamed replaces", Context("modelBuilder.Entity<Order>().HasQueryFilter(e => e.TenantId == _tenant); modelBuilder.Entity<Order>().HasQueryFilter(e => !e.IsDeleted);") },
        { "chained unnamed", Context("modelBuilder.Entity<Order>().HasQueryFilter(e => !e.IsDeleted).HasQueryFilter(e => e.TenantId == _tenant);") },
        { "named accumulate", Context("modelBuilder.Entity<Order>().HasQueryFilter(\"Tenant\", e => e.TenantId == _tenant).HasQueryFilter(\"SoftDelete\", e => !e.IsDeleted);") },
        { "same name replaces", Context("modelBuilder.Entity<Order>().HasQueryFilter(\"F\", e => e.TenantId == _tenant); modelBuilder.Entity<Order>().HasQueryFilter(\"F\", e => !e.IsDeleted);") },
        {
            "loop then per entity",
            Context(
                "foreach (var t in modelBuilder.Model.GetEntityTypes()) { if (typeof(ITenantEntity).IsAssignableFrom(t.ClrType)) { GetType().GetMethod(nameof(SetTenant))!.MakeGenericMethod(t.ClrType).Invoke(this, new object[] { modelBuilder }); } } " +
                "modelBuilder.Entity<Order>().HasQueryFilter(e => !e.IsDeleted);",
                "public void SetTenant<T>(ModelBuilder modelBuilder) where T : class, ITenantEntity => modelBuilder.Entity<T>().HasQueryFilter(e => e.TenantId == _tenant);")
        },
        {
            "per entity then loop",
            Context(
                "modelBuilder.Entity<Order>().HasQueryFilter(e => !e.IsDeleted); " +
                "foreach (var t in modelBuilder.Model.GetEntityTypes()) { if (typeof(ITenantEntity).IsAssignableFrom(t.ClrType)) { GetType().GetMethod(nameof(SetTenant))!.MakeGenericMethod(t.ClrType).Invoke(this, new object[] { modelBuilder }); } }",
                "public void SetTenant<T>(ModelBuilder modelBuilder) where T : class, ITenantEntity => modelBuilder.Entity<T>().HasQueryFilter(e => e.TenantId == _tenant);")
        },
        {
            "named filters of one loop",
            Context(
                "foreach (var t in modelBuilder.Model.GetEntityTypes()) { " +
                "if (typeof(ISoftDelete).IsAssignableFrom(t.ClrType)) { var d = Expression.Parameter(t.ClrType, \"d\"); t.SetQueryFilter(\"SoftDelete\", Expression.Lambda(Expression.Not(Expression.Property(d, nameof(ISoftDelete.IsDeleted))), d)); } " +
                "if (typeof(ITenantEntity).IsAssignableFrom(t.ClrType)) { var e = Expression.Parameter(t.ClrType, \"e\"); var tenant = Expression.Property(e, nameof(ITenantEntity.TenantId)); t.SetQueryFilter(\"Tenant\", Expression.Lambda(Expression.Equal(tenant, Expression.Constant(_tenant)), e)); } }")
        },
        {
            "generic helper called per entity",
            Context(
                "modelBuilder.Entity<Order>().HasQueryFilter(e => e.TenantId == _tenant); ConfigureSoftDelete(modelBuilder.Entity<Order>()); Configure<Line>(modelBuilder);",
                "static void ConfigureSoftDelete<T>(EntityTypeBuilder<T> b) where T : class, ISoftDelete => b.HasQueryFilter(e => !e.IsDeleted); " +
                "static void Configure<T>(ModelBuilder b) where T : class, ISoftDelete => b.Entity<T>().HasQueryFilter(e => !e.IsDeleted);")
        },
    };

    /// <summary>For every entity: the keys of the filters EF Core keeps, and the tenant/soft-delete members each reads.</summary>
    [Theory]
    [MemberData(nameof(FilterModels))]
    public void Kept_query_filters_agree_with_EF_Core(string name, string model)
    {
        var source = Head + Entities + model;
        var (real, error) = RealEfModel.Build(source);
        Assert.True(error is null, $"{name}: EF Core failed: {error?.Message}");

        var index = EfModel.For(RealEfModel.Compile(source), CancellationToken.None)!;
        foreach (var entityType in real!.GetEntityTypes())
        {
            var ef = entityType.GetDeclaredQueryFilters()
                .Select(f => Describe(f.Key, f.Expression!.ToString()))
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToArray();
            var entity = index.Entities.Single(e => e.Name == entityType.ClrType.Name);
            var ours = entity.KeptQueryFilters
                .Select(f => Describe(f.Name, string.Join(" ", f.ReadMembers)))
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToArray();
            Assert.True(ef.SequenceEqual(ours), $"{name}, {entity.Name}: EF Core keeps [{string.Join("; ", ef)}], the index [{string.Join("; ", ours)}]");
        }

        static string Describe(string? key, string text) =>
            (key ?? "(unnamed)") + ":" + (text.Contains("TenantId", StringComparison.Ordinal) ? " TenantId" : "") + (text.Contains("IsDeleted", StringComparison.Ordinal) ? " IsDeleted" : "");
    }

    public static TheoryData<string, string> ComplexModels() => new()
    {
        {
            "fluent, nested, column name",
            "public class Address { public string Order { get; set; } = \"\"; public string City { get; set; } = \"\"; public Geo Geo { get; set; } = new(); } public class Geo { public double Lat { get; set; } } " +
            "public class Customer { public int Id { get; set; } } public class Shipment { public int Id { get; set; } public Address ShippingAddress { get; set; } = new(); public Customer? Customer { get; set; } } " +
            "public class TestContext : DbContext { public TestContext(DbContextOptions options) : base(options) { } public DbSet<Shipment> Shipments => Set<Shipment>(); " +
            "protected override void OnModelCreating(ModelBuilder b) { b.Entity<Shipment>().ComplexProperty(s => s.ShippingAddress, a => { a.Property(x => x.City).HasColumnName(\"Town\"); a.ComplexProperty(x => x.Geo); }); } }"
        },
        {
            "attribute",
            "[ComplexType] public class Money { public decimal Amount { get; set; } [Column(\"Cur\")] public string Currency { get; set; } = \"\"; } " +
            "public class Invoice { public int Id { get; set; } public Money Total { get; set; } = new(); public Money Tax { get; set; } = new(); } " +
            "public class TestContext : DbContext { public TestContext(DbContextOptions options) : base(options) { } public DbSet<Invoice> Invoices => Set<Invoice>(); }"
        },
    };

    /// <summary>Complex properties are neither entity types nor navigations; each scalar member's column is the one EF Core's relational model names.</summary>
    [Theory]
    [MemberData(nameof(ComplexModels))]
    public void Complex_type_columns_agree_with_EF_Core(string name, string model)
    {
        var source = Head + model;
        var (real, error) = RealEfModel.Build(source, relational: true);
        Assert.True(error is null, $"{name}: EF Core failed: {error?.Message}");

        var index = EfModel.For(RealEfModel.Compile(source), CancellationToken.None)!;
        Assert.Equal(
            real!.GetEntityTypes().Select(e => e.ClrType.Name).OrderBy(n => n, StringComparer.Ordinal),
            index.Entities.Select(e => e.Name).OrderBy(n => n, StringComparer.Ordinal));

        foreach (var entityType in real.GetEntityTypes())
        {
            var entity = index.Entities.Single(e => e.Name == entityType.ClrType.Name);
            Assert.Equal(
                entityType.GetNavigations().Select(n => n.Name).OrderBy(n => n, StringComparer.Ordinal),
                entity.Navigations.Select(n => n.Name).OrderBy(n => n, StringComparer.Ordinal));

            var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            var efColumns = entityType.GetFlattenedComplexProperties()
                .SelectMany(c => c.ComplexType.GetProperties().Select(p => (Path: Path(c), Member: p.Name, Column: p.GetColumnName(table))))
                .OrderBy(c => c.Path + "." + c.Member, StringComparer.Ordinal)
                .ToArray();
            var ours = efColumns
                .Select(c => (c.Path, c.Member, Column: entity.ComplexProperties.Single(p => p.Path == c.Path).Column(c.Member)?.Name))
                .ToArray();
            Assert.Equal(efColumns, ours);
        }

        static string Path(Microsoft.EntityFrameworkCore.Metadata.IComplexProperty property) =>
            property.DeclaringType is Microsoft.EntityFrameworkCore.Metadata.IComplexType { ComplexProperty: { } parent } ? Path(parent) + "." + property.Name : property.Name;
    }
}
