using System.Collections.Generic;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP004;

public class Author
{
    public int Id { get; set; }
    public List<Book> Books { get; set; } = new();
}

public class Book
{
    public int Id { get; set; }
    public int AuthorId { get; set; }
    public Author Author { get; set; } = null!;
    public int? SeriesId { get; set; }
}

public class Series
{
    public int Id { get; set; }
    public List<Book> Books { get; set; } = new();
}

public class LibraryContext : DbContext
{
    public DbSet<Author> Authors => Set<Author>();
    public DbSet<Series> Series => Set<Series>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=library.db");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Reported: "AuthorID" names no member of Book (did you mean 'AuthorId'?): EF Core would add a shadow AuthorID column.
        modelBuilder.Entity<Book>().HasOne(b => b.Author).WithMany(a => a.Books).HasForeignKey("AuthorID");

        // Silent: the member exists and is referenced with nameof.
        modelBuilder.Entity<Series>().HasMany(s => s.Books).WithOne().HasForeignKey(nameof(Book.SeriesId));
    }
}
