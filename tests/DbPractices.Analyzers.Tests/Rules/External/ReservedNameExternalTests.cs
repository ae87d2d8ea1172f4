using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Mapping;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Mapping;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Mapping.ReservedNameAnalyzer,
    DbPractices.CodeFixes.Rules.Mapping.ReservedNameFixer>;

namespace DbPractices.Analyzers.Tests.Rules.External;

/// <summary>DBP002 about entities declared in a Domain project: reported at the nearest configuration site, mapped fluently there (no rename).</summary>
public class ReservedNameExternalTests
{
    private const string Quote = ": raw SQL, reports and database tools must quote the column";

    private const string PlainDomain = """
        namespace Journal.Domain;
        public class Entry
        {
            public int Id { get; set; }
            public string Order { get; set; } = "";
        }
        public class Order
        {
            public int Id { get; set; }
        }
        """;

    private const string Context = """
        using Microsoft.EntityFrameworkCore;
        using Journal.Domain;
        public class JournalContext : DbContext
        {
            public DbSet<Entry> {|#0:Entries|} => Set<Entry>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                {|#1:modelBuilder.Entity<Order>()|};
            }
        }
        """;

    [Theory]
    [InlineData(DomainReference.Project)]
    [InlineData(DomainReference.Assembly)]
    public Task Column_and_table_fire_at_their_sites(DomainReference reference) => MultiProject.VerifyAsync<ReservedNameAnalyzer>(
        new Domain(PlainDomain, reference: reference), Context,
        Verify.Diagnostic("DBP002").WithLocation(0).WithArguments("Entry.Order", "is a reserved SQL keyword (in SQL Server, PostgreSQL, SQLite and MySQL)" + Quote),
        Verify.Diagnostic("DBP002").WithLocation(1).WithArguments("Order", "is mapped to table 'Order', which is a reserved SQL keyword (in SQL Server, PostgreSQL, SQLite and MySQL): raw SQL, reports and database tools must quote it"));

    [Fact]
    public Task Column_annotation_in_the_domain_project_keeps_it_silent() => MultiProject.VerifyAsync<ReservedNameAnalyzer>(
        new Domain("""
            using System.ComponentModel.DataAnnotations.Schema;
            namespace Journal.Domain;
            [Table("Orders")]
            public class Order
            {
                public int Id { get; set; }
                public Entry? Entry { get; set; }
            }
            public class Entry
            {
                public int Id { get; set; }
                [Column("EntryOrder")] public string Order { get; set; } = "";
            }
            """, withEfCore: true, reference: DomainReference.Assembly),
        """
        using Microsoft.EntityFrameworkCore;
        using Journal.Domain;
        public class JournalContext : DbContext
        {
            public DbSet<Entry> Entries => Set<Entry>();

            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Order>();
        }
        """);

    [Fact]
    public Task Fluent_mapping_keeps_it_silent() => MultiProject.VerifyAsync<ReservedNameAnalyzer>(
        new Domain(PlainDomain),
        """
        using Microsoft.EntityFrameworkCore;
        using Journal.Domain;
        public class JournalContext : DbContext
        {
            public DbSet<Entry> Entries => Set<Entry>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Entry>().Property(e => e.Order).HasColumnName("EntryOrder");
                modelBuilder.Entity<Order>().ToTable("Orders");
            }
        }
        """);

    [Fact]
    public Task Fix_all_maps_the_column_and_the_table_fluently() => MultiProject.VerifyFixAsync<ReservedNameAnalyzer, ReservedNameFixer>(
        new Domain(PlainDomain),
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;
            using Journal.Domain;
            public class JournalContext : DbContext
            {
                public DbSet<Entry> Entries => Set<Entry>();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    {|DBP002:modelBuilder.Entity<Order>()|};
                    modelBuilder.Entity<Entry>(b =>
                    {
                        b.HasKey(e => e.Id);
                    });
                }
            }
            """.Replace("modelBuilder.Entity<Entry>(b =>", "{|DBP002:modelBuilder.Entity<Entry>(b =>").Replace("        });", "        })|};"),
        },
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;
            using Journal.Domain;
            public class JournalContext : DbContext
            {
                public DbSet<Entry> Entries => Set<Entry>();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Order>();
                    modelBuilder.Entity<Order>().ToTable("Orders");
                    modelBuilder.Entity<Entry>(b =>
                    {
                        b.HasKey(e => e.Id);
                        b.Property(e => e.Order).HasColumnName("EntryOrder");
                    });
                }
            }
            """,
        },
        null,
        iterations: 2);
}
