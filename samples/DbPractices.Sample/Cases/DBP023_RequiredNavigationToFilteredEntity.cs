using System.Collections.Generic;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP023;

public class Blog
{
    public int Id { get; set; }
    public bool IsDeleted { get; set; }
    public List<Post> Posts { get; set; } = new();
}

// Reported: Post.Blog is required and Blog has a filter: posts of deleted blogs vanish from ctx.Posts.
public class Post
{
    public int Id { get; set; }
    public int BlogId { get; set; }
    public Blog Blog { get; set; } = null!;
}

// Silent: the dependent has the matching filter (see OnModelCreating).
public class Image
{
    public int Id { get; set; }
    public int BlogId { get; set; }
    public Blog Blog { get; set; } = null!;
}

// Silent: an optional navigation (posts of deleted blogs stay, with Blog == null).
public class Link
{
    public int Id { get; set; }
    public int? BlogId { get; set; }
    public Blog? Blog { get; set; }
}

public class BlogContext : DbContext
{
    public DbSet<Blog> Blogs => Set<Blog>();
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<Image> Images => Set<Image>();
    public DbSet<Link> Links => Set<Link>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlite("Data Source=dbp023.db");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);
        modelBuilder.Entity<Image>().HasQueryFilter(i => !i.Blog.IsDeleted);
    }
}
