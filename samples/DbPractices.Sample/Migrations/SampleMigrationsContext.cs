using System.Collections.Generic;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Migrations;

// The context the sample migrations belong to ([DbContext(typeof(SampleMigrationsContext))]).
// Migrations/ shows one migration per migration rule (DBP014, DBP015, DBP016) next to the shape
// EF Core scaffolds (InitialCreate, its Designer.cs and the model snapshot), which no rule reports.
public class Blog
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public List<Post> Posts { get; set; } = new();
}

public class Post
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public int BlogId { get; set; }
    public Blog Blog { get; set; } = null!;
}

public class SampleMigrationsContext : DbContext
{
    public DbSet<Blog> Blogs => Set<Blog>();
    public DbSet<Post> Posts => Set<Post>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=migrations-sample.db");
}
