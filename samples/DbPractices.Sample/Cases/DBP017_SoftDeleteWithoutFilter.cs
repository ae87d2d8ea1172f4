using System;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DbPractices.Sample.Cases.DBP017;

// Reported: IsDeleted marks rows as deleted, but no query filter reads it: deleted posts come back everywhere.
public class Post
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public bool IsDeleted { get; set; }
}

// Silent: the configuration class filters deleted comments out.
public class Comment
{
    public int Id { get; set; }
    public DateTime? DeletedAt { get; set; }
}

public class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> builder) => builder.HasQueryFilter(c => c.DeletedAt == null);
}

public class BlogContext : DbContext
{
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<Comment> Comments => Set<Comment>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlite("Data Source=dbp017.db");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new CommentConfiguration());
    }
}
