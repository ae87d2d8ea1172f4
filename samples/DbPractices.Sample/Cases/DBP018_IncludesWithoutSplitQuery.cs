using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP018;

public class Blog
{
    public int Id { get; set; }
    public List<Post> Posts { get; set; } = new();
    public List<Tag> Tags { get; set; } = new();
}

public class Post
{
    public int Id { get; set; }
    public Blog Blog { get; set; } = null!;
}

public class Tag
{
    public int Id { get; set; }
    public List<Blog> Blogs { get; set; } = new();
}

public class BloggingContext : DbContext
{
    public DbSet<Blog> Blogs => Set<Blog>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=blogging.db");
}

public static class BlogQueries
{
    // Reported: posts x tags rows per blog.
    public static Task<List<Blog>> WithEverything(BloggingContext db) =>
        db.Blogs.Include(b => b.Posts).Include(b => b.Tags).ToListAsync();

    // Silent: one query per collection.
    public static Task<List<Blog>> WithEverythingFixed(BloggingContext db) =>
        db.Blogs.AsSplitQuery().Include(b => b.Posts).Include(b => b.Tags).ToListAsync();
}
