using System.Linq;
using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Mapping;
using DbPractices.Analyzers.Tests.Infrastructure;
using Xunit;

namespace DbPractices.Analyzers.Tests.Rules.Mapping;

/// <summary>
/// One model configured three ways (annotations only, OnModelCreating only, IEntityTypeConfiguration only)
/// gives the same DBP002/DBP003/DBP005/DBP024 diagnostics.
/// </summary>
public class ConfigurationStylesTests
{
    private const string Head = "using System;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing Microsoft.EntityFrameworkCore.Metadata.Builders;\nusing System.ComponentModel.DataAnnotations.Schema;\n";

    private const string Annotations = """
        [Index("Group", "Id")]
        public class Ticket
        {
            public int Id { get; set; }
            [Column("SortOrder")] public int Order { get; set; }
            public string Group { get; set; } = "";
            [InverseProperty(nameof(Agent.OpenedTickets))] public Agent OpenedBy { get; set; } = null!;
            public Agent ClosedBy { get; set; } = null!;
            public Agent ReviewedBy { get; set; } = null!;
            public long OwnerRef { get; set; }
            [ForeignKey(nameof(OwnerRef))] public Owner Owner { get; set; } = null!;
        }
        public class Agent { public int Id { get; set; } public List<Ticket> OpenedTickets { get; set; } = new(); public List<Ticket> ClosedTickets { get; set; } = new(); }
        public class Owner { public int Id { get; set; } }
        public class Desk : DbContext { public DbSet<Ticket> Tickets => Set<Ticket>(); }
        """;

    private const string PlainEntities = """
        public class Ticket
        {
            public int Id { get; set; }
            public int Order { get; set; }
            public string Group { get; set; } = "";
            public Agent OpenedBy { get; set; } = null!;
            public Agent ClosedBy { get; set; } = null!;
            public Agent ReviewedBy { get; set; } = null!;
            public long OwnerRef { get; set; }
            public Owner Owner { get; set; } = null!;
        }
        public class Agent { public int Id { get; set; } public List<Ticket> OpenedTickets { get; set; } = new(); public List<Ticket> ClosedTickets { get; set; } = new(); }
        public class Owner { public int Id { get; set; } }
        """;

    private const string OnModelCreating = PlainEntities + """
        public class Desk : DbContext
        {
            public DbSet<Ticket> Tickets => Set<Ticket>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Ticket>(b =>
                {
                    b.HasIndex("Group", "Id");
                    b.Property(t => t.Order).HasColumnName("SortOrder");
                    b.HasOne(t => t.OpenedBy).WithMany(a => a.OpenedTickets);
                    b.HasOne(t => t.Owner).WithMany().HasForeignKey(t => t.OwnerRef);
                });
            }
        }
        """;

    private const string ConfigurationClass = PlainEntities + """
        public class TicketConfiguration : IEntityTypeConfiguration<Ticket>
        {
            public void Configure(EntityTypeBuilder<Ticket> builder)
            {
                builder.HasIndex("Group", "Id");
                builder.Property(t => t.Order).HasColumnName("SortOrder");
                builder.HasOne(t => t.OpenedBy).WithMany(a => a.OpenedTickets);
                builder.HasOne(t => t.Owner).WithMany().HasForeignKey(t => t.OwnerRef);
            }
        }
        public class Desk : DbContext
        {
            public DbSet<Ticket> Tickets => Set<Ticket>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfiguration(new TicketConfiguration());
        }
        """;

    private static readonly string[] Expected =
    {
        "DBP002: 'Ticket.Group' is a reserved keyword in SQLite: raw SQL, reports and database tools must quote the column",
        "DBP003: \"Group\" names 'Ticket.Group' by a string: use nameof so that renames and typos are caught by the compiler",
        "DBP003: \"Id\" names 'Ticket.Id' by a string: use nameof so that renames and typos are caught by the compiler",
        "DBP005: EF Core cannot tell which navigation of 'Agent' is the inverse of 'Ticket.ClosedBy' (candidates: 'ClosedTickets'): it throws \"Unable to determine the relationship represented by navigation\" when it builds the model",
        "DBP005: EF Core cannot tell which navigation of 'Agent' is the inverse of 'Ticket.ReviewedBy' (candidates: 'ClosedTickets'): it throws \"Unable to determine the relationship represented by navigation\" when it builds the model",
        "DBP005: EF Core cannot tell which navigation of 'Ticket' is the inverse of 'Agent.ClosedTickets' (candidates: 'ClosedBy', 'ReviewedBy'): it throws \"Unable to determine the relationship represented by navigation\" when it builds the model",
        "DBP024: 'Ticket.OwnerRef' is long but the key of 'Owner' ('Id') is int: EF Core rejects the configured foreign key when it builds the model",
    };

    public static TheoryData<string> Styles() => new() { nameof(Annotations), nameof(OnModelCreating), nameof(ConfigurationClass) };

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task Same_model_gives_the_same_diagnostics(string style)
    {
        var source = style switch
        {
            nameof(Annotations) => Annotations,
            nameof(OnModelCreating) => OnModelCreating,
            _ => ConfigurationClass,
        };

        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Styles",
            new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(Head + source, new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest)) },
            References.Framework.AddRange(References.EfCore).AddRange(References.Sqlite),
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: Microsoft.CodeAnalysis.NullableContextOptions.Enable));
        var diagnostics = await AnalyzerRunner.RunAsync(
            compilation,
            new ReservedNameAnalyzer(), new RelationshipMemberNamedByStringAnalyzer(), new RelationshipStringNamesNoMemberAnalyzer(), new AmbiguousRelationshipAnalyzer(), new ForeignKeyTypeMismatchAnalyzer());

        Assert.Equal(Expected, diagnostics.Select(d => d.Id + ": " + d.GetMessage()).OrderBy(x => x, System.StringComparer.Ordinal));
    }
}
