using System.Collections.Generic;
using System.Linq;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP003;

public class Blog
{
    public int Id { get; set; }
    public List<Post> Posts { get; set; } = new();
}

public class Post
{
    public int Id { get; set; }
    public int BlogId { get; set; }
    public Blog Blog { get; set; } = null!;
    public List<Comment> Comments { get; set; } = new();
}

public class Comment
{
    public int Id { get; set; }
    public int PostId { get; set; }
    public Post Post { get; set; } = null!;
}

public class RelationshipStringContext : DbContext
{
    public DbSet<Blog> Blogs => Set<Blog>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=blogs.db");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Reported: members named by strings.
        modelBuilder.Entity<Post>().HasOne("Blog").WithMany("Posts").HasForeignKey("BlogId");

        // Silent: the compile-checked forms.
        modelBuilder.Entity<Comment>().HasOne(c => c.Post).WithMany(p => p.Comments).HasForeignKey(c => c.PostId);
    }

    // Reported: a string include path. Silent: the lambda chain.
    public List<Blog> WithComments() => Blogs.Include("Posts.Comments").ToList();

    public List<Blog> WithCommentsChecked() => Blogs.Include(b => b.Posts).ThenInclude(p => p.Comments).ToList();
}
