using System.Linq;
using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Queries;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Queries;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Queries.LookupWithoutIndexAnalyzer,
    DbPractices.CodeFixes.Rules.Queries.LookupWithoutIndexFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Queries;

public class LookupWithoutIndexTests
{
    private const string Usings = "using System;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing System.ComponentModel.DataAnnotations.Schema;\nusing Microsoft.EntityFrameworkCore;\n";

    /// <summary>The model of every analyzer test (also built by EF Core in <see cref="EfCore_agrees_on_every_column"/>).</summary>
    internal const string Model = """

        public class Customer
        {
            public int Id { get; set; }
            public string Email { get; set; } = "";
            public string Code { get; set; } = "";
            public Guid ExternalRef { get; set; }
            public long? LegacyNumber { get; set; }
            public string Name { get; set; } = "";
            public bool Active { get; set; }
            public DateTime Created { get; set; }
            public decimal Balance { get; set; }
            public Kind Kind { get; set; }
            public string Region { get; set; } = "";
            public string City { get; set; } = "";
            public string Sku { get; set; } = "";
            [NotMapped] public string Display { get; set; } = "";
            public int TenantId { get; set; }
            public int GroupId { get; set; }
            public Group? Group { get; set; }
            public int AccountId { get; set; }
            public string Phone { get; set; } = "";
        }
        public enum Kind { A, B }
        public class Group { public int Id { get; set; } }
        public class Account { public int Id { get; set; } }
        public class Line { public int OrderId { get; set; } public int Number { get; set; } public string Sku { get; set; } = ""; }
        public class Report { public string Name { get; set; } = ""; public int Total { get; set; } }
        public class Summary { public int Id { get; set; } public string Name { get; set; } = ""; }
        public class Shop : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Group> Groups => Set<Group>();
            public DbSet<Account> Accounts => Set<Account>();
            public DbSet<Line> Lines => Set<Line>();
            public DbSet<Report> Reports => Set<Report>();
            public DbSet<Summary> Summaries => Set<Summary>();
            protected override void OnModelCreating(ModelBuilder b)
            {
                b.Entity<Customer>().HasIndex(c => c.Code);
                b.Entity<Customer>().HasIndex(c => new { c.Region, c.City });
                b.Entity<Customer>().HasAlternateKey(c => c.Phone);
                b.Entity<Line>().HasKey(l => new { l.OrderId, l.Number });
                b.Entity<Report>().HasNoKey();
                b.Entity<Summary>().ToView("CustomerSummaries");
            }
        }
        """;

    private static Task Analyze(string body, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<LookupWithoutIndexAnalyzer>.VerifyAsync(new[] { Usings + Wrap(body) + Model }, EfProvider.Sqlite, null, expected);

    private static string Wrap(string body) => "public class Repo\n{\n    private readonly Shop ctx = new();\n" + body + "\n}\n";

    private static DiagnosticResult Lookup(int location, string column, string entity = "Customer") =>
        Verify.Diagnostic("DBP030").WithLocation(location)
            .WithArguments(column, entity);

    // ---- fires ----

    [Fact]
    public Task Equality_lookups_on_unindexed_key_columns_fire() => Analyze("""
            public Customer? A(string email) => ctx.Customers.FirstOrDefault(c => {|#0:c.Email == email|});
            public Task<Customer?> B(Guid id, CancellationToken ct) => ctx.Customers.SingleOrDefaultAsync(c => {|#1:id == c.ExternalRef|}, ct);
            public bool C(long n) => ctx.Customers.Any(c => {|#2:c.LegacyNumber == n|});
            public int D(string email) => ctx.Customers.Where(c => {|#3:c.Email == email|}).Count();
            public Task<int> E(string sku) => ctx.Lines.CountAsync(l => {|#4:l.Sku == sku|});
            public long F(string email) => ctx.Customers.LongCount(c => {|#5:c.Email == email|});
            public Customer G(string email) => ctx.Set<Customer>().AsNoTracking().Where(c => {|#6:c.Email == email|}).OrderBy(c => c.Id).Last();
        """,
        Lookup(0, "Customer.Email"), Lookup(1, "Customer.ExternalRef"), Lookup(2, "Customer.LegacyNumber"), Lookup(3, "Customer.Email"),
        Lookup(4, "Line.Sku", "Line"), Lookup(5, "Customer.Email"), Lookup(6, "Customer.Email"));

    [Fact]
    public Task Bulk_operations_and_locals_fire() => Analyze("""
            public int A(string email) => ctx.Customers.Where(c => {|#0:c.Email == email|}).ExecuteDelete();
            public int B(string email)
            {
                var query = ctx.Customers.AsQueryable();
                return query.Where(c => {|#1:c.Email == email|}).ExecuteUpdate(s => s.SetProperty(c => c.Active, false));
            }
        """, Lookup(0, "Customer.Email"), Lookup(1, "Customer.Email"));

    [Fact]
    public Task Non_leading_column_of_a_composite_key_or_index_fires() => Analyze("""
            public Line? A(int n) => ctx.Lines.FirstOrDefault(l => {|#0:l.Number == n|});
            public Customer? B(string city) => ctx.Customers.FirstOrDefault(c => {|#1:c.City == city|});
        """, Lookup(0, "Line.Number", "Line"), Lookup(1, "Customer.City"));

    [Fact]
    public Task One_diagnostic_per_chain_at_the_first_column() => Analyze("""
            public Customer? A(string email, string name) => ctx.Customers.Where(c => {|#0:c.Email == email|} && c.Name == name).FirstOrDefault(c => c.Sku == name);
        """, Lookup(0, "Customer.Email"));

    // ---- silent ----

    [Fact]
    public Task Indexed_keyed_and_alternate_key_columns_are_silent() => Analyze("""
            public Customer? A(string code) => ctx.Customers.FirstOrDefault(c => c.Code == code);
            public Customer? B(int id) => ctx.Customers.FirstOrDefault(c => c.Id == id);
            public Customer? C(string region) => ctx.Customers.FirstOrDefault(c => c.Region == region);
            public Customer? D(string phone) => ctx.Customers.FirstOrDefault(c => c.Phone == phone);
            public Line? E(int order) => ctx.Lines.FirstOrDefault(l => l.OrderId == order);
        """);

    [Fact]
    public Task A_conjunction_with_an_indexed_column_is_silent() => Analyze("""
            public Customer? A(string email, int id) => ctx.Customers.FirstOrDefault(c => c.Email == email && c.Id == id);
            public Customer? B(string email, string code) => ctx.Customers.Where(c => c.Code == code).FirstOrDefault(c => c.Email == email);
            public Customer? C(string email, string region) => ctx.Customers.Where(c => c.Email == email).Where(c => c.Region == region).FirstOrDefault();
            public Line? D(string sku, int order) => ctx.Lines.Where(l => l.OrderId > order && l.Sku == sku).FirstOrDefault();
        """);

    [Fact]
    public Task Other_types_and_shapes_are_silent() => Analyze("""
            public Customer? A(bool b) => ctx.Customers.FirstOrDefault(c => c.Active == b);
            public Customer? B(DateTime d) => ctx.Customers.FirstOrDefault(c => c.Created == d);
            public Customer? C(decimal d) => ctx.Customers.FirstOrDefault(c => c.Balance == d);
            public Customer? D(Kind k) => ctx.Customers.FirstOrDefault(c => c.Kind == k);
            public Customer? E(string s) => ctx.Customers.FirstOrDefault(c => c.Email != s);
            public Customer? F() => ctx.Customers.FirstOrDefault(c => c.Email == c.Name);
            public Customer? G() => ctx.Customers.FirstOrDefault(c => c.Email == "a@b.c");
            public Customer? H() => ctx.Customers.FirstOrDefault(c => c.Email == null);
            public Customer? I(string s) => ctx.Customers.FirstOrDefault(c => c.Email == s || c.Name == s);
            public Customer? J(string s) => ctx.Customers.FirstOrDefault(c => c.Display == s);
            public Customer? K(string s) => ctx.Customers.ToList().FirstOrDefault(c => c.Email == s);
            public Customer? L(string s) => ctx.Customers.AsEnumerable().Where(c => c.Email == s).FirstOrDefault();
            public bool M(string s, IQueryable<Customer> q) => q.Any(c => c.Email == s);
            public string? N(string s) => ctx.Customers.Select(c => new { c.Email, c.Name }).Where(x => x.Email == s).Select(x => x.Name).FirstOrDefault();
            public Customer[] O() => ctx.Customers.Where(c => c.LegacyNumber == (long)(EF.Functions.Random() * 4.0) + 1).ToArray();
        """);

    [Fact]
    public Task Keyless_views_foreign_keys_tenant_keys_and_references_by_id_are_silent() => Analyze("""
            public Report? A(string s) => ctx.Reports.FirstOrDefault(r => r.Name == s);
            public Summary? B(string s) => ctx.Summaries.FirstOrDefault(r => r.Name == s);
            public Customer? C(int g) => ctx.Customers.FirstOrDefault(c => c.GroupId == g);
            public Customer? D(int t) => ctx.Customers.FirstOrDefault(c => c.TenantId == t);
            public Customer? E(int a) => ctx.Customers.FirstOrDefault(c => c.AccountId == a);
        """);

    [Fact]
    public Task A_query_filter_on_an_indexed_column_narrows_the_scan() => AnalyzerVerifier<LookupWithoutIndexAnalyzer>.VerifyAsync(new[] { Usings + """
        public class Doc { public int Id { get; set; } public int Owner { get; set; } public string Slug { get; set; } = ""; }
        public class Docs : DbContext
        {
            public int CurrentOwner { get; set; }
            public DbSet<Doc> Items => Set<Doc>();
            protected override void OnModelCreating(ModelBuilder b)
            {
                b.Entity<Doc>().HasIndex(d => d.Owner);
                b.Entity<Doc>().HasQueryFilter(d => d.Owner == CurrentOwner);
            }
        }
        public class Repo
        {
            private readonly Docs ctx = new();
            public Doc? A(string slug) => ctx.Items.FirstOrDefault(d => d.Slug == slug);
            public Doc? B(string slug) => ctx.Items.IgnoreQueryFilters().FirstOrDefault(d => {|#0:d.Slug == slug|});
        }
        """ }, EfProvider.Sqlite, null, Lookup(0, "Doc.Slug", "Doc"));

    [Fact]
    public Task Silent_when_the_context_is_not_in_the_compilation() => AnalyzerVerifier<LookupWithoutIndexAnalyzer>.VerifyAsync(new[] { Usings + """
        public class Doc { public int Id { get; set; } public string Slug { get; set; } = ""; }
        public interface IDocs { DbSet<Doc> Docs { get; } }
        public class Repo
        {
            public Doc? A(IDocs db, string slug) => db.Docs.FirstOrDefault(d => d.Slug == slug);
        }
        """ }, EfProvider.Sqlite, null);

    [Fact]
    public Task Judged_in_the_context_the_query_runs_on() => AnalyzerVerifier<LookupWithoutIndexAnalyzer>.VerifyAsync(new[] { Usings + """
        public class Doc { public int Id { get; set; } public string Slug { get; set; } = ""; }
        public class Reads : DbContext
        {
            public DbSet<Doc> Docs => Set<Doc>();
            protected override void OnModelCreating(ModelBuilder b) => b.Entity<Doc>().HasIndex(d => d.Slug);
        }
        public class Writes : DbContext
        {
            public DbSet<Doc> Docs => Set<Doc>();
        }
        public class Repo
        {
            public Doc? A(Reads r, string slug) => r.Docs.FirstOrDefault(d => d.Slug == slug);
            public Doc? B(Writes w, string slug) => w.Docs.FirstOrDefault(d => {|#0:d.Slug == slug|});
        }
        """ }, EfProvider.Sqlite, null, Verify.Diagnostic("DBP030").WithLocation(0).WithArguments("Doc.Slug", "Doc (in Writes)"));

    // ---- EF Core agrees ----

    [Fact]
    public void EfCore_agrees_on_every_column()
    {
        // the analyzer tests' model, built by EF Core (SQLite provider, relational model: views included)
        var source = Usings + Model.Replace("public class Shop : DbContext\n{", "public class Shop : DbContext\n{\n    public Shop(DbContextOptions options) : base(options) { }");
        var (model, error) = RealEfModel.Build(source, "Shop", relational: true);
        Assert.Null(error);

        bool Leads(string entity, string property)
        {
            var type = model!.GetEntityTypes().Single(t => t.ClrType.Name == entity);
            return type.GetKeys().Any(k => k.Properties[0].Name == property) || type.GetIndexes().Any(i => i.Properties[0].Name == property);
        }

        // reported: EF Core has no index or key leading with them
        foreach (var (entity, property) in new[] { ("Customer", "Email"), ("Customer", "ExternalRef"), ("Customer", "LegacyNumber"), ("Customer", "City"), ("Line", "Sku"), ("Line", "Number") })
        {
            Assert.False(Leads(entity, property), $"{entity}.{property} is indexed in EF Core's model");
        }

        // silent because indexed: keys, alternate keys, indexes (leading column), the foreign key's own index
        foreach (var (entity, property) in new[] { ("Customer", "Id"), ("Customer", "Code"), ("Customer", "Region"), ("Customer", "Phone"), ("Customer", "GroupId"), ("Line", "OrderId") })
        {
            Assert.True(Leads(entity, property), $"{entity}.{property} is not indexed in EF Core's model");
        }

        // silent because not a table with a key of its own
        Assert.Null(model!.GetEntityTypes().Single(t => t.ClrType.Name == "Report").FindPrimaryKey());
        Assert.Equal("CustomerSummaries", Microsoft.EntityFrameworkCore.RelationalEntityTypeExtensions.GetViewName(model.GetEntityTypes().Single(t => t.ClrType.Name == "Summary")));
        Assert.Null(model.GetEntityTypes().Single(t => t.ClrType.Name == "Customer").FindProperty("Display"));
    }

    // ---- fixes ----

    private const string FixModel = """
        using System.Linq;
        using Microsoft.EntityFrameworkCore;

        public class Customer
        {
            public int Id { get; set; }
            public string Email { get; set; } = "";
        }
        """;

    [Fact]
    public Task Fix_adds_the_index_attribute_once_for_every_lookup() => Verify.VerifyFixAsync(
        new[]
        {
            FixModel,
            """
            using System.Linq;
            using Microsoft.EntityFrameworkCore;

            public class Shop : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
                public Customer? A(string e) => Customers.FirstOrDefault(c => {|DBP030:c.Email == e|});
                public bool B(string e) => Customers.Any(c => {|DBP030:e == c.Email|});
            }
            """,
        },
        new[]
        {
            """
            using System.Linq;
            using Microsoft.EntityFrameworkCore;

            [Index(nameof(Email))]
            public class Customer
            {
                public int Id { get; set; }
                public string Email { get; set; } = "";
            }
            """,
            """
            using System.Linq;
            using Microsoft.EntityFrameworkCore;

            public class Shop : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
                public Customer? A(string e) => Customers.FirstOrDefault(c => c.Email == e);
                public bool B(string e) => Customers.Any(c => e == c.Email);
            }
            """,
        },
        LookupWithoutIndexFixer.AddIndexAttributeKey, EfProvider.Sqlite);

    [Fact]
    public Task Fix_adds_HasIndex_to_the_configuration_block() => Verify.VerifyFixAsync(
        new[]
        {
            FixModel,
            """
            using System.Linq;
            using Microsoft.EntityFrameworkCore;

            public class Shop : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Customer>(b =>
                    {
                        b.Property(c => c.Email).HasMaxLength(200);
                    });
                }
            }
            public class Repo
            {
                public Customer? A(Shop s, string e) => s.Customers.FirstOrDefault(c => {|DBP030:c.Email == e|});
                public int B(Shop s, string e) => s.Customers.Where(c => {|DBP030:c.Email == e|}).ExecuteDelete();
            }
            """,
        },
        new[]
        {
            FixModel,
            """
            using System.Linq;
            using Microsoft.EntityFrameworkCore;

            public class Shop : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity<Customer>(b =>
                    {
                        b.Property(c => c.Email).HasMaxLength(200);
                        b.HasIndex(e => e.Email);
                    });
                }
            }
            public class Repo
            {
                public Customer? A(Shop s, string e) => s.Customers.FirstOrDefault(c => c.Email == e);
                public int B(Shop s, string e) => s.Customers.Where(c => c.Email == e).ExecuteDelete();
            }
            """,
        },
        LookupWithoutIndexFixer.AddHasIndexKey, EfProvider.Sqlite);

    [Fact]
    public Task Fix_for_an_entity_of_another_assembly_writes_HasIndex_at_its_configuration_site() => MultiProject.VerifyFixAsync<LookupWithoutIndexAnalyzer, LookupWithoutIndexFixer>(
        new Domain("""
            namespace Shop.Domain;
            public class Customer { public int Id { get; private set; } public string Email { get; private set; } = ""; }
            """, reference: DomainReference.Assembly), """
        using System.Linq;
        using Microsoft.EntityFrameworkCore;
        using Shop.Domain;
        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public Customer? A(string e) => Customers.FirstOrDefault(c => {|DBP030:c.Email == e|});
        }
        """, """
        using System.Linq;
        using Microsoft.EntityFrameworkCore;
        using Shop.Domain;
        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
            public Customer? A(string e) => Customers.FirstOrDefault(c => c.Email == e);

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Customer>().HasIndex(e => e.Email);
            }
        }
        """, LookupWithoutIndexFixer.AddHasIndexKey);
}
