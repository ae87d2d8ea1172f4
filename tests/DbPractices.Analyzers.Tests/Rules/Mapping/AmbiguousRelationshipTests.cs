using System.Threading.Tasks;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Mapping;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Mapping.AmbiguousRelationshipAnalyzer,
    DbPractices.CodeFixes.Rules.Mapping.AmbiguousRelationshipFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Mapping;

public class AmbiguousRelationshipTests
{
    private const string Usings = "using System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing System.ComponentModel.DataAnnotations.Schema;\n";

    private static Task Analyze(string source, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<DbPractices.Analyzers.Rules.Mapping.AmbiguousRelationshipAnalyzer>.VerifyAsync(new[] { Usings + source }, EfProvider.Sqlite, null, expected);

    private static DiagnosticResult D(int location, string navigation, string target, string candidates) =>
        Verify.Diagnostic("DBP005").WithLocation(location).WithArguments(navigation, target, candidates);

    [Fact]
    public Task Two_navigations_each_way_fire_on_every_one() => Analyze("""
        public class TaskItem
        {
            public int Id { get; set; }
            public User {|#0:CreatedBy|} { get; set; } = null!;
            public User {|#1:AssignedTo|} { get; set; } = null!;
        }
        public class User
        {
            public int Id { get; set; }
            public List<TaskItem> {|#2:CreatedTasks|} { get; set; } = new();
            public List<TaskItem> {|#3:AssignedTasks|} { get; set; } = new();
        }
        public class Work : DbContext { public DbSet<TaskItem> Tasks => Set<TaskItem>(); }
        """,
        D(0, "TaskItem.CreatedBy", "User", "candidates: 'CreatedTasks', 'AssignedTasks'"),
        D(1, "TaskItem.AssignedTo", "User", "candidates: 'AssignedTasks', 'CreatedTasks'"),
        D(2, "User.CreatedTasks", "TaskItem", "candidates: 'CreatedBy', 'AssignedTo'"),
        D(3, "User.AssignedTasks", "TaskItem", "candidates: 'AssignedTo', 'CreatedBy'"));

    [Fact]
    public Task Two_references_and_one_collection_back_fire() => Analyze("""
        public class Post
        {
            public int Id { get; set; }
            public Person {|#0:Author|} { get; set; } = null!;
            public Person? {|#1:Editor|} { get; set; }
        }
        public class Person { public int Id { get; set; } public List<Post> {|#2:AuthoredPosts|} { get; set; } = new(); }
        public class Blog : DbContext { public DbSet<Post> Posts => Set<Post>(); }
        """,
        D(0, "Post.Author", "Person", "candidates: 'AuthoredPosts'"),
        D(1, "Post.Editor", "Person", "candidates: 'AuthoredPosts'"),
        D(2, "Person.AuthoredPosts", "Post", "candidates: 'Author', 'Editor'"));

    [Fact]
    public Task Three_self_references_fire_and_many_to_many_collections_too() => Analyze("""
        public class Employee
        {
            public int Id { get; set; }
            public Employee? {|#0:Manager|} { get; set; }
            public Employee? {|#1:Mentor|} { get; set; }
            public List<Employee> {|#2:Reports|} { get; set; } = new();
        }
        public class Student { public int Id { get; set; } public List<Course> {|#3:Enrolled|} { get; set; } = new(); public List<Course> {|#4:Completed|} { get; set; } = new(); }
        public class Course { public int Id { get; set; } public List<Student> {|#5:Students|} { get; set; } = new(); }
        public class Hr : DbContext { public DbSet<Employee> Employees => Set<Employee>(); public DbSet<Student> Students => Set<Student>(); }
        """,
        D(0, "Employee.Manager", "Employee", "candidates: 'Mentor', 'Reports'"),
        D(1, "Employee.Mentor", "Employee", "candidates: 'Manager', 'Reports'"),
        D(2, "Employee.Reports", "Employee", "candidates: 'Manager', 'Mentor'"),
        D(3, "Student.Enrolled", "Course", "candidates: 'Students'"),
        D(4, "Student.Completed", "Course", "candidates: 'Students'"),
        D(5, "Course.Students", "Student", "candidates: 'Enrolled', 'Completed'"));

    [Fact]
    public Task ForeignKey_attributes_do_not_pair_navigations() => Analyze("""
        public class Match
        {
            public int Id { get; set; }
            public int HomeTeamId { get; set; }
            public int AwayTeamId { get; set; }
            [ForeignKey(nameof(HomeTeamId))] public Team {|#0:HomeTeam|} { get; set; } = null!;
            [ForeignKey(nameof(AwayTeamId))] public Team {|#1:AwayTeam|} { get; set; } = null!;
        }
        public class Team { public int Id { get; set; } public List<Match> {|#2:HomeMatches|} { get; set; } = new(); public List<Match> {|#3:AwayMatches|} { get; set; } = new(); }
        public class League : DbContext { public DbSet<Match> Matches => Set<Match>(); }
        """,
        D(0, "Match.HomeTeam", "Team", "candidates: 'HomeMatches', 'AwayMatches'"),
        D(1, "Match.AwayTeam", "Team", "candidates: 'AwayMatches', 'HomeMatches'"),
        D(2, "Team.HomeMatches", "Match", "candidates: 'HomeTeam', 'AwayTeam'"),
        D(3, "Team.AwayMatches", "Match", "candidates: 'AwayTeam', 'HomeTeam'"));

    [Fact]
    public Task Paired_one_directional_self_pair_and_ignored_models_are_silent() => Analyze("""
        public class TaskItem
        {
            public int Id { get; set; }
            [InverseProperty(nameof(User.CreatedTasks))] public User CreatedBy { get; set; } = null!;
            public User AssignedTo { get; set; } = null!;
        }
        public class User
        {
            public int Id { get; set; }
            public List<TaskItem> CreatedTasks { get; set; } = new();
            public List<TaskItem> AssignedTasks { get; set; } = new();
        }
        public class Shipment { public int Id { get; set; } public Address From { get; set; } = null!; public Address To { get; set; } = null!; }
        public class Address { public int Id { get; set; } }
        public class Node { public int Id { get; set; } public Node? Parent { get; set; } public List<Node> Children { get; set; } = new(); }
        public class Invoice { public int Id { get; set; } public Client Billed { get; set; } = null!; [NotMapped] public Client? Cached { get; set; } }
        public class Client { public int Id { get; set; } public List<Invoice> Invoices { get; set; } = new(); }
        public class Order { public int Id { get; set; } public Shop Seller { get; set; } = null!; public Shop Buyer { get; set; } = null!; }
        public class Shop { public int Id { get; set; } public List<Order> Sales { get; set; } = new(); public List<Order> Purchases { get; set; } = new(); }
        public class App : DbContext
        {
            public DbSet<TaskItem> Tasks => Set<TaskItem>();
            public DbSet<Shipment> Shipments => Set<Shipment>();
            public DbSet<Node> Nodes => Set<Node>();
            public DbSet<Invoice> Invoices => Set<Invoice>();
            public DbSet<Order> Orders => Set<Order>();
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<Order>().HasOne(o => o.Seller).WithMany(s => s.Sales);
                modelBuilder.Entity<Shop>().HasMany(s => s.Purchases).WithOne(o => o.Buyer);
            }
        }
        """);

    [Fact]
    public Task Computed_and_get_only_references_are_no_navigations() => Analyze("""
        using System.Linq;
        public class Book
        {
            public int Id { get; set; }
            public List<Author> Authors { get; set; } = new();
            public Author DefaultAuthor => Authors.First();
            public Author? Cached { get; }
        }
        public class Author { public int Id { get; set; } public List<Book> Books { get; set; } = new(); }
        public class Invoice { public int Id { get; set; } public Client Billed { get; set; } = null!; public Client? Payer { get; set; } }
        public class Client { public int Id { get; set; } public List<Invoice> Invoices { get; set; } = new(); }
        public class Library : DbContext
        {
            public DbSet<Book> Books => Set<Book>();
            public DbSet<Invoice> Invoices => Set<Invoice>();
            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Invoice>().Ignore(i => i.Payer);
        }
        """);

    [Fact]
    public Task Get_only_collections_and_references_with_a_private_setter_are_navigations() => Analyze("""
        public class Post
        {
            public int Id { get; set; }
            public Person {|#0:Author|} { get; private set; } = null!;
            public Person? {|#1:Editor|} { get; set; }
        }
        public class Person { public int Id { get; set; } public ICollection<Post> {|#2:Posts|} { get; } = new List<Post>(); }
        public class Blog : DbContext { public DbSet<Post> Posts => Set<Post>(); }
        """,
        D(0, "Post.Author", "Person", "candidates: 'Posts'"),
        D(1, "Post.Editor", "Person", "candidates: 'Posts'"),
        D(2, "Person.Posts", "Post", "candidates: 'Author', 'Editor'"));

    private const string TwoEachSource = """
        using System.Collections.Generic;

        public class TaskItem
        {
            public int Id { get; set; }
            public User {|DBP005:CreatedBy|} { get; set; } = null!;
            public User {|DBP005:AssignedTo|} { get; set; } = null!;
        }
        """;

    private const string UserSource = """
        using System.Collections.Generic;
        using Microsoft.EntityFrameworkCore;

        public class User
        {
            public int Id { get; set; }
            public List<TaskItem> {|DBP005:CreatedTasks|} { get; set; } = new();
            public List<TaskItem> {|DBP005:AssignedTasks|} { get; set; } = new();
        }
        public class Work : DbContext { public DbSet<TaskItem> Tasks => Set<TaskItem>(); }
        """;

    private const string UserFixed = """
        using System.Collections.Generic;
        using Microsoft.EntityFrameworkCore;

        public class User
        {
            public int Id { get; set; }
            public List<TaskItem> CreatedTasks { get; set; } = new();
            public List<TaskItem> AssignedTasks { get; set; } = new();
        }
        public class Work : DbContext { public DbSet<TaskItem> Tasks => Set<TaskItem>(); }
        """;

    [Fact]
    public Task Best_fix_adds_inverse_property_to_the_first_navigation_and_fix_all_stops_when_settled() => Verify.VerifyFixAsync(
        new[] { TwoEachSource, UserSource },
        new[]
        {
            """
            using System.Collections.Generic;
            using System.ComponentModel.DataAnnotations.Schema;

            public class TaskItem
            {
                public int Id { get; set; }
                [InverseProperty(nameof(User.CreatedTasks))]
                public User CreatedBy { get; set; } = null!;
                public User AssignedTo { get; set; } = null!;
            }
            """,
            UserFixed,
        },
        AmbiguousRelationshipFixer.AddBestInversePropertyKey);

    [Fact]
    public Task Alternative_pairing_is_offered_as_its_own_action() => Verify.VerifyFixAsync(
        new[] { TwoEachSource, UserSource },
        new[]
        {
            """
            using System.Collections.Generic;
            using System.ComponentModel.DataAnnotations.Schema;

            public class TaskItem
            {
                public int Id { get; set; }
                [InverseProperty(nameof(User.AssignedTasks))]
                public User CreatedBy { get; set; } = null!;
                public User AssignedTo { get; set; } = null!;
            }
            """,
            UserFixed,
        },
        AmbiguousRelationshipFixer.AddInversePropertyKeyPrefix + "AssignedTasks");

    [Fact]
    public Task Fix_all_pairs_three_by_three_with_the_best_names() => Verify.VerifyFixAsync(
        new[]
        {
            """
            using System.Collections.Generic;
            using Microsoft.EntityFrameworkCore;

            public class Ticket
            {
                public int Id { get; set; }
                // who opened it
                public Agent {|DBP005:OpenedBy|} { get; set; } = null!;
                public Agent {|DBP005:ClosedBy|} { get; set; } = null!;
                public Agent {|DBP005:ReviewedBy|} { get; set; } = null!;
            }
            public class Agent
            {
                public int Id { get; set; }
                public List<Ticket> {|DBP005:ReviewedTickets|} { get; set; } = new();
                public List<Ticket> {|DBP005:ClosedTickets|} { get; set; } = new();
                public List<Ticket> {|DBP005:OpenedTickets|} { get; set; } = new();
            }
            public class Desk : DbContext { public DbSet<Ticket> Tickets => Set<Ticket>(); }
            """,
        },
        new[]
        {
            """
            using System.Collections.Generic;
            using System.ComponentModel.DataAnnotations.Schema;
            using Microsoft.EntityFrameworkCore;

            public class Ticket
            {
                public int Id { get; set; }
                // who opened it
                [InverseProperty(nameof(Agent.OpenedTickets))]
                public Agent OpenedBy { get; set; } = null!;
                [InverseProperty(nameof(Agent.ClosedTickets))]
                public Agent ClosedBy { get; set; } = null!;
                public Agent ReviewedBy { get; set; } = null!;
            }
            public class Agent
            {
                public int Id { get; set; }
                public List<Ticket> ReviewedTickets { get; set; } = new();
                public List<Ticket> ClosedTickets { get; set; } = new();
                public List<Ticket> OpenedTickets { get; set; } = new();
            }
            public class Desk : DbContext { public DbSet<Ticket> Tickets => Set<Ticket>(); }
            """,
        },
        AmbiguousRelationshipFixer.AddBestInversePropertyKey);
}
