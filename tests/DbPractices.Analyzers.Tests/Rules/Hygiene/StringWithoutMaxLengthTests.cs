using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Hygiene;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Hygiene;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Hygiene.StringWithoutMaxLengthAnalyzer,
    DbPractices.CodeFixes.Rules.Hygiene.StringWithoutMaxLengthFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Hygiene;

public class StringWithoutMaxLengthTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing System.ComponentModel.DataAnnotations;\nusing System.ComponentModel.DataAnnotations.Schema;\n";

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<StringWithoutMaxLengthAnalyzer>.VerifyAsync(new[] { Usings + source }, EfProvider.None, null, expected);

    private static DiagnosticResult Expect(int location, string property) =>
        Verify.Diagnostic("DBP020").WithSeverity(DiagnosticSeverity.Info).WithLocation(location).WithArguments(property);

    [Fact]
    public void Is_a_suggestion_enabled_by_default()
    {
        Assert.Equal(DiagnosticSeverity.Info, StringWithoutMaxLengthAnalyzer.Rule.DefaultSeverity);
        Assert.True(StringWithoutMaxLengthAnalyzer.Rule.IsEnabledByDefault);
    }

    [Fact]
    public Task String_without_max_length_fires() => Analyze("""
        public abstract class Named { public string {|#0:Name|} { get; set; } = ""; }
        public class Customer : Named
        {
            public int Id { get; set; }
            public string? {|#1:Notes|} { get; set; }
            public Address Address { get; set; } = new();
        }
        [Owned] public class Address { public string {|#2:Street|} { get; set; } = ""; }
        public class Crm : DbContext { public DbSet<Customer> Customers => Set<Customer>(); }
        """,
        Expect(0, "Customer.Name"), Expect(1, "Customer.Notes"), Expect(2, "Address.Street"));

    [Fact]
    public Task Annotations_fluent_and_conventions_are_silent() => Analyze("""
        public class Customer
        {
            public int Id { get; set; }
            [MaxLength(100)] public string A { get; set; } = "";
            [StringLength(50)] public string B { get; set; } = "";
            [Column(TypeName = "varchar(20)")] public string C { get; set; } = "";
            public string D { get; set; } = "";
            public string E { get; set; } = "";
            [NotMapped] public string F { get; set; } = "";
            public string G => A + B;
        }
        public class Crm : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Customer>().Property(c => c.D).HasMaxLength(30);
                modelBuilder.Entity<Customer>(b => b.Property(c => c.E).HasColumnType("nvarchar(40)"));
            }
        }
        """);

    [Fact]
    public Task Bulk_convention_is_silent() => Analyze("""
        public class Customer { public int Id { get; set; } public string Name { get; set; } = ""; }
        public class Crm : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
                configurationBuilder.Properties<string>().HaveMaxLength(200);
        }
        """);

    [Fact]
    public Task Keys_foreign_keys_and_indexed_columns_are_silent() => Analyze("""
        [Index(nameof(Email))]
        public class User
        {
            [Key] public string Login { get; set; } = "";
            public string Email { get; set; } = "";
            public string Code { get; set; } = "";
            public string CountryCode { get; set; } = "";
            public Country Country { get; set; } = null!;
        }
        public class Country { [Key] public string Code { get; set; } = ""; }
        [Keyless] public class Report { public string Text { get; set; } = ""; }
        public class Crm : DbContext
        {
            public DbSet<User> Users => Set<User>();
            public DbSet<Report> Reports => Set<Report>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<User>().HasAlternateKey(u => u.Code);
        }
        """);

    [Fact]
    public Task Sqlite_is_silent() => AnalyzerVerifier<StringWithoutMaxLengthAnalyzer>.VerifyAsync(
        new[] { Usings + "public class Customer { public int Id { get; set; } public string Name { get; set; } = \"\"; }\npublic class Crm : DbContext { public DbSet<Customer> Customers => Set<Customer>(); }" },
        EfProvider.Sqlite, null);

    [Fact]
    public Task Fix_adds_max_length_from_option_and_using() => Verify.VerifyFixAsync(
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;

            public class Customer
            {
                public int Id { get; set; }
                public string {|DBP020:Name|} { get; set; } = "";
                public string? {|DBP020:Notes|} { get; set; }
            }

            public class Crm : DbContext { public DbSet<Customer> Customers => Set<Customer>(); public DbSet<Supplier> Suppliers => Set<Supplier>(); }
            """,
            """
            using System;

            public class Supplier { public int Id { get; set; } public string {|DBP020:Name|} { get; set; } = ""; }
            """,
        },
        new[]
        {
            """
            using System.ComponentModel.DataAnnotations;
            using Microsoft.EntityFrameworkCore;

            public class Customer
            {
                public int Id { get; set; }
                [MaxLength(256)]
                public string Name { get; set; } = "";
                [MaxLength(256)]
                public string? Notes { get; set; }
            }

            public class Crm : DbContext { public DbSet<Customer> Customers => Set<Customer>(); public DbSet<Supplier> Suppliers => Set<Supplier>(); }
            """,
            """
            using System;
            using System.ComponentModel.DataAnnotations;

            public class Supplier { public int Id { get; set; } [MaxLength(256)] public string Name { get; set; } = ""; }
            """,
        },
        StringWithoutMaxLengthFixer.AddMaxLengthKey);

    [Fact]
    public Task Fix_uses_the_configured_length() => Verify.VerifyFixAsync(
        new[]
        {
            """
            using Microsoft.EntityFrameworkCore;
            public class Customer { public int Id { get; set; } public string {|DBP020:Name|} { get; set; } = ""; }
            public class Crm : DbContext { public DbSet<Customer> Customers => Set<Customer>(); }
            """,
        },
        new[]
        {
            """
            using System.ComponentModel.DataAnnotations;
            using Microsoft.EntityFrameworkCore;
            public class Customer { public int Id { get; set; } [MaxLength(100)] public string Name { get; set; } = ""; }
            public class Crm : DbContext { public DbSet<Customer> Customers => Set<Customer>(); }
            """,
        },
        StringWithoutMaxLengthFixer.AddMaxLengthKey,
        editorConfig: "dbpractices.default_max_length = 100");

    [Fact]
    public Task Complex_type_members_are_checked_per_use() => Analyze("""
        public class Address { public string {|#0:City|} { get; set; } = ""; public string Street { get; set; } = ""; [MaxLength(12)] public string Zip { get; set; } = ""; }
        public class Order
        {
            public int Id { get; set; }
            public Address ShipTo { get; set; } = new();
            public Address BillTo { get; set; } = new();
        }
        public class Shop : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                // Street is bounded in both uses, City only in one: reported once, naming the use without it
                modelBuilder.Entity<Order>().ComplexProperty(o => o.ShipTo, a =>
                {
                    a.Property(x => x.Street).HasMaxLength(100);
                    a.Property(x => x.City).HasMaxLength(60);
                });
                modelBuilder.Entity<Order>().ComplexProperty(o => o.BillTo).Property(x => x.Street).HasMaxLength(100);
            }
        }
        """,
        Expect(0, "Order.BillTo.City"));
}
