using System.Threading.Tasks;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Mapping;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Mapping.ReservedNameAnalyzer,
    DbPractices.CodeFixes.Rules.Mapping.ReservedNameFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Mapping;

public class ReservedNameTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing System.ComponentModel.DataAnnotations.Schema;\n";
    private const string Quote = ": raw SQL, reports and database tools must quote the column";

    private static Task Analyze(string source, EfProvider provider, string? editorConfig, MetadataReference[] references, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<DbPractices.Analyzers.Rules.Mapping.ReservedNameAnalyzer>.VerifyAsync(new[] { Usings + source }, provider, editorConfig, references, expected);

    private static DiagnosticResult D(int location, string subject, string reason) =>
        Verify.Diagnostic("DBP002").WithLocation(location).WithArguments(subject, reason);

    private const string Columns = """
        public class Entry
        {
            public int Id { get; set; }
            public string {|#0:Order|} { get; set; } = "";
            public string {|#1:User|} { get; set; } = "";
            public string {|#2:Key|} { get; set; } = "";
            public bool {|#3:Limit|} { get; set; }
            public string {|#4:Column|} { get; set; } = "";
            public string Name { get; set; } = "";
            public string Value { get; set; } = "";
            public string Type { get; set; } = "";
            public DateTime Date { get; set; }
            public int Status { get; set; }
        }
        public class Journal : DbContext { public DbSet<Entry> Entries => Set<Entry>(); }
        """;

    [Fact]
    public Task No_provider_known_only_words_reserved_everywhere_fire() => Analyze(Columns, EfProvider.None, null, System.Array.Empty<MetadataReference>(),
        D(0, "Entry.Order", "is a reserved SQL keyword (in SQL Server, PostgreSQL, SQLite and MySQL)" + Quote));

    [Fact]
    public Task Sqlite_provider_is_detected() => Analyze(Columns, EfProvider.Sqlite, null, System.Array.Empty<MetadataReference>(),
        D(0, "Entry.Order", "is a reserved keyword in SQLite" + Quote),
        D(3, "Entry.Limit", "is a reserved keyword in SQLite" + Quote));

    [Fact]
    public Task SqlServer_provider_is_detected() => Analyze(Columns, EfProvider.None, null, new[] { References.FakeProvider("Microsoft.EntityFrameworkCore.SqlServer") },
        D(0, "Entry.Order", "is a reserved keyword in SQL Server" + Quote),
        D(1, "Entry.User", "is a reserved keyword in SQL Server" + Quote),
        D(2, "Entry.Key", "is a reserved keyword in SQL Server" + Quote),
        D(4, "Entry.Column", "is a reserved keyword in SQL Server" + Quote));

    [Fact]
    public Task PostgreSql_provider_is_detected() => Analyze(Columns, EfProvider.None, null, new[] { References.FakeProvider("Npgsql.EntityFrameworkCore.PostgreSQL") },
        D(0, "Entry.Order", "is a reserved keyword in PostgreSQL" + Quote),
        D(1, "Entry.User", "is a reserved keyword in PostgreSQL" + Quote),
        D(3, "Entry.Limit", "is a reserved keyword in PostgreSQL" + Quote),
        D(4, "Entry.Column", "is a reserved keyword in PostgreSQL" + Quote));

    [Fact]
    public Task MySql_provider_is_detected() => Analyze(Columns, EfProvider.None, null, new[] { References.FakeProvider("Pomelo.EntityFrameworkCore.MySql") },
        D(0, "Entry.Order", "is a reserved keyword in MySQL" + Quote),
        D(2, "Entry.Key", "is a reserved keyword in MySQL" + Quote),
        D(3, "Entry.Limit", "is a reserved keyword in MySQL" + Quote),
        D(4, "Entry.Column", "is a reserved keyword in MySQL" + Quote));

    [Fact]
    public Task Dialect_option_wins_and_team_names_fire() => Analyze(Columns + "\npublic class Doc { public int Id { get; set; } public string {|#5:Metadata|} { get; set; } = \"\"; public Journal? Journal { get; set; } }\npublic class DocStore : DbContext { public DbSet<Doc> Docs => Set<Doc>(); }",
        EfProvider.Sqlite, "dbpractices.sql_dialect = sqlserver\ndbpractices.reserved_names = metadata, payload", System.Array.Empty<MetadataReference>(),
        D(0, "Entry.Order", "is a reserved keyword in SQL Server" + Quote),
        D(1, "Entry.User", "is a reserved keyword in SQL Server" + Quote),
        D(2, "Entry.Key", "is a reserved keyword in SQL Server" + Quote),
        D(4, "Entry.Column", "is a reserved keyword in SQL Server" + Quote),
        D(5, "Doc.Metadata", "is in dbpractices.reserved_names" + Quote));

    [Fact]
    public Task Tables_EF_owned_names_and_DbContext_members_fire() => Analyze("""
        public class {|#0:Group|} { public int Id { get; set; } }
        public class Animal { public int Id { get; set; } public string {|#1:Discriminator|} { get; set; } = ""; }
        public class Dog : Animal { }
        public class Audit { public int Id { get; set; } public DateTime {|#2:PeriodStart|} { get; set; } }
        public class Model { public int Id { get; set; } }
        // IsTemporal ships with the SQL Server provider, which the tests do not reference: the same shape, declared here
        public static class TemporalShim
        {
            public static Microsoft.EntityFrameworkCore.Metadata.Builders.TableBuilder<T> IsTemporal<T>(this Microsoft.EntityFrameworkCore.Metadata.Builders.TableBuilder<T> table) where T : class => table;
        }
        public class Zoo : DbContext
        {
            public DbSet<Animal> Animals => Set<Animal>();
            public DbSet<Dog> Dogs => Set<Dog>();
            public DbSet<Model> {|#3:Model|} => Set<Model>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Group>();
                modelBuilder.Entity<Audit>().ToTable("Audits", t => t.IsTemporal());
            }
        }
        """, EfProvider.Sqlite, null, System.Array.Empty<MetadataReference>(),
        D(0, "Group", "is mapped to table 'Group', which is a reserved keyword in SQLite: raw SQL, reports and database tools must quote it"),
        D(1, "Animal.Discriminator", "collides with the shadow 'Discriminator' column EF Core adds to a TPH hierarchy whose discriminator is not configured"),
        D(2, "Audit.PeriodStart", "collides with the 'PeriodStart' period column EF Core adds to a temporal table with default period names"),
        D(3, "Zoo.Model", "hides DbContext.Model: code using the context's 'Model' gets the DbSet instead"));

    [Fact]
    public Task Mapped_names_and_configured_hierarchies_are_silent() => Analyze("""
        [Table("Groups")]
        public class Group { public int Id { get; set; } [Column("SortOrder")] public int Order { get; set; } public string Select { get; set; } = ""; }
        public class User { public int Id { get; set; } public string Check { get; set; } = ""; [NotMapped] public string Default { get; set; } = ""; }
        public class Animal { public int Id { get; set; } public string Discriminator { get; set; } = ""; }
        public class Cat : Animal { }
        public class Plain { public int Id { get; set; } public string Discriminator { get; set; } = ""; public DateTime PeriodStart { get; set; } }
        public class Zoo : DbContext
        {
            public DbSet<User> Users => Set<User>();
            public DbSet<Animal> Animals => Set<Animal>();
            public DbSet<Cat> Cats => Set<Cat>();
            public DbSet<Plain> Plains => Set<Plain>();
            public DbSet<Group> Groups => Set<Group>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Group>().Property(g => g.Select).HasColumnName("Selection");
                modelBuilder.Entity<User>().Property(u => u.Check).HasColumnName("CheckValue");
                modelBuilder.Entity<Animal>().HasDiscriminator(a => a.Discriminator);
            }
        }
        """, EfProvider.Sqlite, null, System.Array.Empty<MetadataReference>());

    private const string FixSource = """
        using System;
        using Microsoft.EntityFrameworkCore;

        public class Order
        {
            public int Id { get; set; }
            /// <summary>Where it sorts.</summary>
            public int {|DBP002:Group|} { get; set; }
            public string {|DBP002:Check|} { get; set; } = "";
        }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Order>().HasIndex(o => o.Group);
        }
        """;

    [Fact]
    public Task Column_fix_keeps_the_clr_name() => Verify.VerifyFixAsync(
        new[] { FixSource },
        new[]
        {
            """
            using System;
            using System.ComponentModel.DataAnnotations.Schema;
            using Microsoft.EntityFrameworkCore;

            public class Order
            {
                public int Id { get; set; }
                /// <summary>Where it sorts.</summary>
                [Column("OrderGroup")]
                public int Group { get; set; }
                [Column("OrderCheck")]
                public string Check { get; set; } = "";
            }
            public class Shop : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Order>().HasIndex(o => o.Group);
            }
            """,
        },
        ReservedNameFixer.ColumnKey);

    [Fact]
    public Task Rename_fix_renames_across_the_solution() => Verify.VerifyFixAsync(
        new[] { FixSource, "public static class Report { public static int Of(Order o) => o.Group + o.Check.Length; }" },
        new[]
        {
            """
            using System;
            using Microsoft.EntityFrameworkCore;

            public class Order
            {
                public int Id { get; set; }
                /// <summary>Where it sorts.</summary>
                public int OrderGroup { get; set; }
                public string OrderCheck { get; set; } = "";
            }
            public class Shop : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Order>().HasIndex(o => o.OrderGroup);
            }
            """,
            "public static class Report { public static int Of(Order o) => o.OrderGroup + o.OrderCheck.Length; }",
        },
        ReservedNameFixer.RenameKey);

    [Fact]
    public Task Table_fix_maps_the_entity() => Verify.VerifyFixAsync(
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;

            public class {|DBP002:Group|} { public int Id { get; set; } }
            public class {|DBP002:Table|} { public int Id { get; set; } }
            public class Org : DbContext
            {
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Group>();
                    modelBuilder.Entity<Table>();
                }
            }
            """,
        },
        new[]
        {
            """
            using System.ComponentModel.DataAnnotations.Schema;
            using Microsoft.EntityFrameworkCore;

            [Table("Groups")]
            public class Group { public int Id { get; set; } }
            [Table("Tables")]
            public class Table { public int Id { get; set; } }
            public class Org : DbContext
            {
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Group>();
                    modelBuilder.Entity<Table>();
                }
            }
            """,
        },
        ReservedNameFixer.TableKey);

    // ---- complex types (EF Core 8+): members map to {Property}_{Member} columns ----

    [Fact]
    public Task Complex_type_members_are_checked_by_their_real_column_names() => Analyze("""
        public class Address { public string Order { get; set; } = ""; public string Key { get; set; } = ""; public Geo Geo { get; set; } = new(); }
        public class Geo { public double Group { get; set; } }
        [ComplexType] public class Money { public decimal Amount { get; set; } public string Order { get; set; } = ""; }
        public class Line { public string Order { get; set; } = ""; }
        public class Shipment
        {
            public int Id { get; set; }
            public Address ShippingAddress { get; set; } = new();
            public Money Price { get; set; } = new();
            public List<Line> Lines { get; set; } = new();
        }
        public class Shop : DbContext
        {
            public DbSet<Shipment> Shipments => Set<Shipment>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Shipment>().ComplexProperty(s => s.ShippingAddress, a =>
                {
                    a.Property(x => x.Key).HasColumnName("AddressKey");
                    a.ComplexProperty(x => x.Geo);
                });
                modelBuilder.Entity<Shipment>().ComplexCollection(s => s.Lines);
            }
        }
        """,
        EfProvider.None, null, System.Array.Empty<MetadataReference>());

    [Fact]
    public Task Complex_type_member_whose_column_name_is_reserved_fires() => Analyze("""
        public class Address { public string {|#0:Kind|} { get; set; } = ""; public string City { get; set; } = ""; }
        public class Shipment { public int Id { get; set; } public Address Ship { get; set; } = new(); }
        public class Shop : DbContext
        {
            public DbSet<Shipment> Shipments => Set<Shipment>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) =>
                modelBuilder.Entity<Shipment>().ComplexProperty(s => s.Ship).Property(a => a.City).HasColumnName("Ship_Kind2");
        }
        """,
        EfProvider.None, "dbpractices.reserved_names = Ship_Kind, Ship_City", System.Array.Empty<MetadataReference>(),
        D(0, "Shipment.Ship.Kind", "is mapped to column 'Ship_Kind', which is in dbpractices.reserved_names: raw SQL, reports and database tools must quote it"));
}
