using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP027;

public class Note
{
    public int Id { get; set; }
    public int BoardId { get; set; }
    public string Text { get; set; } = "";
    public bool IsDeleted { get; set; }
}

public class AuditEntry
{
    public int Id { get; set; }
    public DateTime At { get; set; }
}

public class BoardContext : DbContext
{
    public DbSet<Note> Notes => Set<Note>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=board.db");

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Note>().HasQueryFilter(n => !n.IsDeleted);
}

public static class BoardCleanup
{
    // Reported: notes are soft-deleted everywhere else; this removes them physically.
    public static Task<int> ClearBoard(BoardContext db, int boardId) =>
        db.Notes.Where(n => n.BoardId == boardId).ExecuteDeleteAsync();

    // Reported: no predicate and no query filter: every audit row goes.
    public static int ClearAudit(BoardContext db) => db.AuditEntries.ExecuteDelete();

    // Silent: marks the rows, and purges only old audit rows.
    public static Task<int> ClearBoardFixed(BoardContext db, int boardId) =>
        db.Notes.Where(n => n.BoardId == boardId).ExecuteUpdateAsync(s => s.SetProperty(n => n.IsDeleted, true));

    public static int PurgeAudit(BoardContext db, DateTime before) => db.AuditEntries.Where(a => a.At < before).ExecuteDelete();
}
