using System.Collections.Generic;
using System.Linq;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP012;

public class Article
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public bool Published { get; set; }
}

public class NewsContext : DbContext
{
    public DbSet<Article> Articles => Set<Article>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=news.db");
}

public static class ArticleQueries
{
    // Reported: a page and a "first" row without ORDER BY change between runs.
    public static List<Article> Page(NewsContext db, int page) =>
        db.Articles.Where(a => a.Published).Skip(page * 20).Take(20).ToList();

    public static Article? Any(NewsContext db) => db.Articles.FirstOrDefault();

    // Silent: ordered, or filtered to the row wanted.
    public static List<Article> PageFixed(NewsContext db, int page) =>
        db.Articles.Where(a => a.Published).OrderBy(a => a.Id).Skip(page * 20).Take(20).ToList();

    public static Article? ById(NewsContext db, int id) => db.Articles.FirstOrDefault(a => a.Id == id);
}
