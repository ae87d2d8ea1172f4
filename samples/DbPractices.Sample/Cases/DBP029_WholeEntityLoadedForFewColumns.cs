using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP029;

public class Member
{
    public int Id { get; set; }
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Biography { get; set; } = "";
    public DateTime JoinedAt { get; set; }
    public bool Active { get; set; }
}

public class ClubContext : DbContext
{
    public DbSet<Member> Members => Set<Member>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=club.db");
}

public static class Newsletter
{
    // Reported: loads every column of the member (and tracks it) to read its email.
    public static async Task<string> EmailOf(ClubContext db, int id)
    {
        var member = await db.Members.FirstAsync(m => m.Id == id);
        return member.Email;
    }

    // Reported: every active member, whole, to print two columns.
    public static void PrintRoster(ClubContext db)
    {
        foreach (var member in db.Members.Where(m => m.Active))
        {
            Console.WriteLine($"{member.DisplayName} <{member.Email}>");
        }
    }

    // Silent: selects only what it reads; and an update needs the tracked entity.
    public static Task<string> EmailOfFixed(ClubContext db, int id) =>
        db.Members.Where(m => m.Id == id).Select(m => m.Email).FirstAsync();

    public static async Task Deactivate(ClubContext db, int id)
    {
        var member = await db.Members.FirstAsync(m => m.Id == id);
        member.Active = false;
        await db.SaveChangesAsync();
    }
}
