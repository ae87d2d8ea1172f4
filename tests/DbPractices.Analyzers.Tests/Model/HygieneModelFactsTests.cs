using System.Linq;
using System.Threading;
using DbPractices.Analyzers.Model;
using DbPractices.Analyzers.Tests.Infrastructure;
using Xunit;

namespace DbPractices.Analyzers.Tests.Model;

/// <summary>Model facts added for the hygiene rules (DBP017–DBP023): requiredness of relationships, named loop filters.</summary>
public class HygieneModelFactsTests
{
    private static EfModel Build(string source) =>
        EfModel.For(TestCompilation.Create(source), CancellationToken.None)!;

    private static RequiredReason RequiredBy(EfModel model, string dependent) =>
        model.Relationships.Single(r => r.Dependent.Name == dependent).RequiredBy;

    [Fact]
    public void Relationship_requiredness_follows_ef_core_precedence()
    {
        var model = Build("""
            public class Blog { public int Id { get; set; } }
            public class ByForeignKey { public int Id { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; }
            public class ByNullableForeignKey { public int Id { get; set; } public int? BlogId { get; set; } public Blog Blog { get; set; } = null!; }
            public class ByNavigation { public int Id { get; set; } public Blog Blog { get; set; } = null!; }
            public class ByOptionalNavigation { public int Id { get; set; } public Blog? Blog { get; set; } }
            public class ByAttribute { public int Id { get; set; } public int? BlogId { get; set; } [Required] public Blog? Blog { get; set; } }
            public class ByFluent { public int Id { get; set; } public Blog? Blog { get; set; } }
            public class ByFluentFalse { public int Id { get; set; } public Blog Blog { get; set; } = null!; }
            public class ByNavigationBuilder { public int Id { get; set; } public Blog? Blog { get; set; } }
            public class Ctx : DbContext
            {
                public DbSet<ByForeignKey> A => Set<ByForeignKey>();
                public DbSet<ByNullableForeignKey> B => Set<ByNullableForeignKey>();
                public DbSet<ByNavigation> C => Set<ByNavigation>();
                public DbSet<ByOptionalNavigation> D => Set<ByOptionalNavigation>();
                public DbSet<ByAttribute> E => Set<ByAttribute>();
                public DbSet<ByFluent> F => Set<ByFluent>();
                public DbSet<ByFluentFalse> G => Set<ByFluentFalse>();
                public DbSet<ByNavigationBuilder> H => Set<ByNavigationBuilder>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<ByFluent>().HasOne(x => x.Blog).WithMany().IsRequired();
                    modelBuilder.Entity<ByFluentFalse>().HasOne(x => x.Blog).WithMany().IsRequired(false);
                    modelBuilder.Entity<ByNavigationBuilder>().Navigation(x => x.Blog).IsRequired();
                }
            }
            """);

        Assert.Equal(RequiredReason.NonNullableForeignKey, RequiredBy(model, "ByForeignKey"));
        Assert.Equal(RequiredReason.None, RequiredBy(model, "ByNullableForeignKey"));
        Assert.Equal(RequiredReason.NonNullableNavigation, RequiredBy(model, "ByNavigation"));
        Assert.Equal(RequiredReason.None, RequiredBy(model, "ByOptionalNavigation"));
        Assert.Equal(RequiredReason.RequiredAttribute, RequiredBy(model, "ByAttribute"));
        Assert.Equal(RequiredReason.Fluent, RequiredBy(model, "ByFluent"));
        Assert.Equal(RequiredReason.None, RequiredBy(model, "ByFluentFalse"));
        Assert.Equal(RequiredReason.Fluent, RequiredBy(model, "ByNavigationBuilder"));
    }

    [Fact]
    public void Every_filter_call_is_kept_with_its_name_including_named_loop_filters()
    {
        var model = Build("""
            public interface ISoftDelete { bool IsDeleted { get; } }
            public class Order : ISoftDelete { public int Id { get; set; } public int TenantId { get; set; } public bool IsDeleted { get; set; } }
            public class OrderConfiguration : IEntityTypeConfiguration<Order>
            {
                public void Configure(EntityTypeBuilder<Order> builder) => builder.HasQueryFilter(o => o.TenantId == 1);
            }
            public class Ctx : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Order>().HasQueryFilter("Tenant", o => o.TenantId == 2);
                    foreach (var entityType in modelBuilder.Model.GetEntityTypes())
                    {
                        if (typeof(ISoftDelete).IsAssignableFrom(entityType.ClrType))
                        {
                            modelBuilder.Entity(entityType.ClrType).HasQueryFilter("SoftDelete", null);
                        }
                    }
                }
            }
            """);

        var filters = model.Entities.Single(e => e.Name == "Order").QueryFilters;
        Assert.Equal(3, filters.Count);
        Assert.Contains(filters, f => f.Name is null && !f.FromLoop && f.Reads("TenantId"));
        Assert.Contains(filters, f => f.Name == "Tenant" && !f.FromLoop);
        Assert.Contains(filters, f => f.Name == "SoftDelete" && f.FromLoop);
    }
}
