using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP008;

public class Owner
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}

public class Blog
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public Owner? Owner { get; set; }
    public List<Post> Posts { get; set; } = new();
}

public class Post
{
    public int Id { get; set; }
    public int BlogId { get; set; }
    public Blog Blog { get; set; } = null!;
    public string Title { get; set; } = "";
}

public class BlogContext : DbContext
{
    public DbSet<Blog> Blogs => Set<Blog>();
    public DbSet<Post> Posts => Set<Post>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=blogs.db");
}

public class BlogReport
{
    // Reported: the loop reads Blog.Owner and Blog.Posts, which the query does not load (null / empty).
    public async Task PrintAsync(BlogContext ctx)
    {
        var blogs = await ctx.Blogs.Where(b => b.Name != "").ToListAsync();
        foreach (var blog in blogs)
        {
            Console.WriteLine($"{blog.Name} by {blog.Owner?.Name}: {blog.Posts.Count} posts");
        }

        foreach (var post in ctx.Posts.OrderBy(p => p.Id))
        {
            Console.WriteLine(post.Blog.Owner?.Name);
        }
    }

    // Silent: the same loops with the paths included, or with a projection.
    public async Task PrintFixedAsync(BlogContext ctx)
    {
        var blogs = await ctx.Blogs.Include(b => b.Owner).Include(b => b.Posts).Where(b => b.Name != "").ToListAsync();
        foreach (var blog in blogs)
        {
            Console.WriteLine($"{blog.Name} by {blog.Owner?.Name}: {blog.Posts.Count} posts");
        }

        foreach (var row in ctx.Posts.OrderBy(p => p.Id).Select(p => new { Owner = p.Blog.Owner!.Name }))
        {
            Console.WriteLine(row.Owner);
        }
    }
}
