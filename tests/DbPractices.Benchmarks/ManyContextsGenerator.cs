using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DbPractices.Benchmarks;

/// <summary>
/// The shape of EF Core's docs samples: one project with many small DbContexts, each a sample of its own
/// (a static class with nested entity types, a context that configures them in <c>OnModelCreating</c>,
/// and a method that queries it). A few entity types are shared by every context, as real projects share
/// an identity or audit entity. Per-context models must not make the cost grow with contexts × entities.
/// </summary>
internal sealed class ManyContextsGenerator
{
    private readonly int _contexts;

    public ManyContextsGenerator(int contexts) => _contexts = contexts;

    public int Contexts => _contexts;

    public List<GeneratedDocument> Generate()
    {
        var documents = new List<GeneratedDocument> { new("Shared/AuditEntry.cs", Shared(), DocumentKind.Shared) };
        for (var i = 0; i < _contexts; i++)
        {
            documents.Add(new($"Samples/Sample{N(i)}.cs", Sample(i), DocumentKind.Context));
        }

        return documents;
    }

    private static string N(int i) => i.ToString("D4", CultureInfo.InvariantCulture);

    private static string Shared() => """
        using System;

        namespace Contexts.Shared;

        public class AuditEntry
        {
            public int Id { get; set; }
            public string Action { get; set; } = "";
            public DateTime At { get; set; }
        }
        """;

    private static string Sample(int i)
    {
        var sb = new StringBuilder();
        sb.AppendLine("using System;");
        sb.AppendLine("using System.Collections.Generic;");
        sb.AppendLine("using System.Linq;");
        sb.AppendLine("using Contexts.Shared;");
        sb.AppendLine("using Microsoft.EntityFrameworkCore;");
        sb.AppendLine();
        sb.AppendLine("namespace Contexts.Samples;");
        sb.AppendLine();
        sb.AppendLine($"public static class Sample{N(i)}");
        sb.AppendLine("{");
        sb.AppendLine("    public class Blog");
        sb.AppendLine("    {");
        sb.AppendLine("        public int Id { get; set; }");
        sb.AppendLine("        public string Name { get; set; } = \"\";");
        sb.AppendLine("        public bool IsDeleted { get; set; }");
        sb.AppendLine("        public ICollection<Post> Posts { get; } = new List<Post>();");
        sb.AppendLine("    }");
        sb.AppendLine();
        sb.AppendLine("    public class Post");
        sb.AppendLine("    {");
        sb.AppendLine("        public int Id { get; set; }");
        sb.AppendLine("        public string Title { get; set; } = \"\";");
        sb.AppendLine("        public int BlogId { get; set; }");
        sb.AppendLine("        public Blog Blog { get; set; } = null!;");
        sb.AppendLine("        public ICollection<Tag> Tags { get; } = new List<Tag>();");
        sb.AppendLine("    }");
        sb.AppendLine();
        sb.AppendLine("    public class Tag");
        sb.AppendLine("    {");
        sb.AppendLine("        public int Id { get; set; }");
        sb.AppendLine("        public string Text { get; set; } = \"\";");
        sb.AppendLine("        public ICollection<Post> Posts { get; } = new List<Post>();");
        sb.AppendLine("    }");
        sb.AppendLine();
        sb.AppendLine($"    public class SampleContext : DbContext");
        sb.AppendLine("    {");
        sb.AppendLine("        public DbSet<Blog> Blogs => Set<Blog>();");
        sb.AppendLine("        public DbSet<Post> Posts => Set<Post>();");
        sb.AppendLine("        public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();");
        sb.AppendLine();
        sb.AppendLine("        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)");
        sb.AppendLine($"            => optionsBuilder.UseSqlite(\"Data Source=sample{N(i)}.db\");");
        sb.AppendLine();
        sb.AppendLine("        protected override void OnModelCreating(ModelBuilder modelBuilder)");
        sb.AppendLine("        {");
        switch (i % 4)
        {
            case 0:
                sb.AppendLine("            modelBuilder.Entity<Blog>().HasQueryFilter(b => !b.IsDeleted);");
                sb.AppendLine("            modelBuilder.Entity<Post>().HasIndex(p => p.Title);");
                break;
            case 1:
                sb.AppendLine("            modelBuilder.Entity<Blog>(b =>");
                sb.AppendLine("            {");
                sb.AppendLine("                b.HasMany(e => e.Posts).WithOne(e => e.Blog).HasForeignKey(e => e.BlogId);");
                sb.AppendLine("                b.Property(e => e.Name).HasMaxLength(200);");
                sb.AppendLine("            });");
                break;
            case 2:
                sb.AppendLine("            modelBuilder.Entity<Post>().HasMany(p => p.Tags).WithMany(t => t.Posts);");
                break;
            default:
                sb.AppendLine("            modelBuilder.Entity<Tag>().ToTable(\"Tags\");");
                break;
        }

        sb.AppendLine("        }");
        sb.AppendLine("    }");
        sb.AppendLine();
        sb.AppendLine("    public static List<string> Titles(SampleContext context, int blogId)");
        sb.AppendLine("    {");
        sb.AppendLine("        var titles = new List<string>();");
        sb.AppendLine("        foreach (var post in context.Posts.Where(p => p.BlogId == blogId).Include(p => p.Blog).OrderBy(p => p.Id).ToList())");
        sb.AppendLine("        {");
        sb.AppendLine("            titles.Add(post.Blog.Name + \": \" + post.Title);");
        sb.AppendLine("        }");
        sb.AppendLine();
        sb.AppendLine("        return titles;");
        sb.AppendLine("    }");
        sb.AppendLine("}");
        return sb.ToString();
    }
}
