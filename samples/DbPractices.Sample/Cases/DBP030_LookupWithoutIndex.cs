using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP030;

[Index(nameof(Code))]
public class Member
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Email { get; set; } = "";
    public bool Active { get; set; }
}

public class ClubContext : DbContext
{
    public DbSet<Member> Members => Set<Member>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=club.db");
}

public static class MemberLookup
{
    // Reported (suggestion): no index leads with Email, so every sign-in scans the table.
    public static Task<Member?> ByEmail(ClubContext db, string email) =>
        db.Members.FirstOrDefaultAsync(m => m.Email == email);

    // Silent: Code is indexed; the primary key is a key.
    public static Member? ByCode(ClubContext db, string code) => db.Members.FirstOrDefault(m => m.Code == code);

    public static Member? ById(ClubContext db, int id) => db.Members.FirstOrDefault(m => m.Id == id);

    // Silent: a bool is no lookup key.
    public static int CountActive(ClubContext db, bool active) => db.Members.Count(m => m.Active == active);
}
