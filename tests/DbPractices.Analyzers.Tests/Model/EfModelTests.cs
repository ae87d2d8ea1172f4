using System.Linq;
using System.Threading;
using DbPractices.Analyzers.Model;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace DbPractices.Analyzers.Tests.Model;

/// <summary>Facts of the EF model index, asserted directly on <see cref="EfModel"/>.</summary>
public class EfModelTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing System.ComponentModel.DataAnnotations;\nusing System.ComponentModel.DataAnnotations.Schema;\n";

    internal static EfModel Build(string source, params MetadataReference[] extra)
    {
        var compilation = CSharpCompilation.Create(
            "ModelFacts",
            new[] { CSharpSyntaxTree.ParseText(Usings + source, new CSharpParseOptions(LanguageVersion.Latest)) },
            References.Framework.AddRange(References.EfCore).AddRange(extra),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return EfModel.For(compilation, CancellationToken.None)!;
    }

    private static NavigationModel Nav(EfModel model, string entity, string name) =>
        model.FindEntityByName(entity)!.FindNavigation(name)!;

    private const string TwoEach = """
        public class Task { public int Id { get; set; } public User CreatedBy { get; set; } = null!; public User AssignedTo { get; set; } = null!; }
        public class User { public int Id { get; set; } public List<Task> CreatedTasks { get; set; } = new(); public List<Task> AssignedTasks { get; set; } = new(); }
        public class Db : DbContext { public DbSet<Task> Tasks => Set<Task>(); }
        """;

    [Fact]
    public void Two_navigations_each_way_are_ambiguous_with_their_candidates()
    {
        var model = Build(TwoEach);
        var createdBy = Nav(model, "Task", "CreatedBy");
        Assert.True(createdBy.IsAmbiguous);
        Assert.Equal(new[] { "CreatedTasks", "AssignedTasks" }, createdBy.AmbiguousInverses.Select(n => n.Name));
        Assert.True(Nav(model, "User", "AssignedTasks").IsAmbiguous);
        Assert.Equal(new[] { "CreatedBy", "AssignedTo" }, Nav(model, "User", "AssignedTasks").AmbiguousInverses.Select(n => n.Name));

        // still given one-directional relationships, so other rules see their foreign keys
        Assert.NotNull(createdBy.Relationship);
        Assert.Null(createdBy.Relationship!.PrincipalNavigation);
    }

    [Fact]
    public void Inverse_property_on_one_pair_leaves_the_other_pair_to_the_convention()
    {
        var model = Build(TwoEach.Replace("public User CreatedBy", "[InverseProperty(nameof(User.CreatedTasks))] public User CreatedBy"));
        Assert.DoesNotContain(model.Entities.SelectMany(e => e.Navigations), n => n.IsAmbiguous);
        Assert.Equal("AssignedTasks", Nav(model, "Task", "AssignedTo").Relationship!.PrincipalNavigation);
        Assert.Equal("CreatedTasks", Nav(model, "Task", "CreatedBy").Relationship!.PrincipalNavigation);
    }

    [Fact]
    public void Fluent_pairing_of_one_pair_settles_the_other()
    {
        var model = Build(TwoEach.Replace("public class Db : DbContext {", "public class Db : DbContext { protected override void OnModelCreating(ModelBuilder b) => b.Entity<Task>().HasOne(t => t.CreatedBy).WithMany(u => u.CreatedTasks);"));
        Assert.DoesNotContain(model.Entities.SelectMany(e => e.Navigations), n => n.IsAmbiguous);
        Assert.Equal("AssignedTasks", Nav(model, "Task", "AssignedTo").Relationship!.PrincipalNavigation);
    }

    [Fact]
    public void HasOne_without_With_still_competes_for_the_inverse()
    {
        var model = Build("""
            public class Task { public int Id { get; set; } public User CreatedBy { get; set; } = null!; public User AssignedTo { get; set; } = null!; }
            public class User { public int Id { get; set; } public List<Task> Tasks { get; set; } = new(); }
            public class Db : DbContext { protected override void OnModelCreating(ModelBuilder b) => b.Entity<Task>().HasOne(t => t.CreatedBy); }
            """);
        Assert.False(Nav(model, "Task", "CreatedBy").IsAmbiguous);
        Assert.True(Nav(model, "Task", "AssignedTo").IsAmbiguous);
        Assert.True(Nav(model, "User", "Tasks").IsAmbiguous);
    }

    [Fact]
    public void One_directional_multiple_navigations_are_not_ambiguous()
    {
        var model = Build("""
            public class Task { public int Id { get; set; } public User CreatedBy { get; set; } = null!; public User AssignedTo { get; set; } = null!; }
            public class User { public int Id { get; set; } }
            public class Db : DbContext { public DbSet<Task> Tasks => Set<Task>(); }
            """);
        Assert.DoesNotContain(model.Entities.SelectMany(e => e.Navigations), n => n.IsAmbiguous);
        Assert.Equal(2, model.Relationships.Count);
    }

    [Fact]
    public void Two_self_references_pair_three_are_ambiguous()
    {
        var two = Build("""
            public class Employee { public int Id { get; set; } public Employee? Manager { get; set; } public List<Employee> Reports { get; set; } = new(); }
            public class Db : DbContext { public DbSet<Employee> Employees => Set<Employee>(); }
            """);
        Assert.False(Nav(two, "Employee", "Manager").IsAmbiguous);
        Assert.Equal("Reports", Nav(two, "Employee", "Manager").Relationship!.PrincipalNavigation);

        var three = Build("""
            public class Employee { public int Id { get; set; } public Employee? Manager { get; set; } public Employee? Mentor { get; set; } public List<Employee> Reports { get; set; } = new(); }
            public class Db : DbContext { public DbSet<Employee> Employees => Set<Employee>(); }
            """);
        Assert.True(Nav(three, "Employee", "Manager").IsAmbiguous);
        Assert.Equal(new[] { "Mentor", "Reports" }, Nav(three, "Employee", "Manager").AmbiguousInverses.Select(n => n.Name));
    }

    [Fact]
    public void Foreign_key_of_another_type_is_incompatible_and_the_key_is_shadow()
    {
        var model = Build("""
            public class Blog { public Guid Id { get; set; } public List<Post> Posts { get; set; } = new(); }
            public class Post { public int Id { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; }
            public class Db : DbContext { public DbSet<Blog> Blogs => Set<Blog>(); }
            """);
        var relationship = Nav(model, "Post", "Blog").Relationship!;
        Assert.Empty(relationship.ForeignKey);
        Assert.Equal(new[] { "BlogId" }, relationship.IncompatibleForeignKey);
    }

    [Fact]
    public void Nullable_foreign_key_is_compatible_and_a_later_compatible_name_wins()
    {
        var model = Build("""
            public class Owner { [Key] public int Code { get; set; } }
            public class Pet { public int Id { get; set; } public long OwnerCode { get; set; } public int? OwnerId { get; set; } public Owner? Owner { get; set; } }
            public class Db : DbContext { public DbSet<Pet> Pets => Set<Pet>(); }
            """);
        var relationship = Nav(model, "Pet", "Owner").Relationship!;
        Assert.Equal(new[] { "OwnerId" }, relationship.ForeignKey);
        Assert.Empty(relationship.IncompatibleForeignKey);
    }

    [Fact]
    public void Default_table_name_is_the_DbSet_name_else_the_type_name()
    {
        var model = Build("""
            public class Order { public int Id { get; set; } public List<Line> Lines { get; set; } = new(); }
            public class Line { public int Id { get; set; } }
            public class Db : DbContext { public DbSet<Order> Orders => Set<Order>(); }
            """);
        Assert.Equal("Orders", model.FindEntityByName("Order")!.DefaultTableName);
        Assert.Equal("Line", model.FindEntityByName("Line")!.DefaultTableName);
    }

    [Fact]
    public void HasMany_of_a_type_without_navigation_adds_it_to_the_model()
    {
        var model = Build("""
            public class Blog { public int Id { get; set; } }
            public class Tag { public int Id { get; set; } public long BlogId { get; set; } }
            public class Db : DbContext { protected override void OnModelCreating(ModelBuilder b) => b.Entity<Blog>().HasMany<Tag>().WithOne(); }
            """);
        Assert.NotNull(model.FindEntityByName("Tag"));
        var relationship = Assert.Single(model.Relationships);
        Assert.Equal(new[] { "BlogId" }, relationship.IncompatibleForeignKey);
    }
}
