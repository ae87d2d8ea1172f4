using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP025;

public class Ticket
{
    public int Id { get; set; }
    public string Status { get; set; } = "";
}

public class HelpdeskContext : DbContext
{
    public DbSet<Ticket> Tickets => Set<Ticket>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=helpdesk.db");
}

public static class TicketWorkflow
{
    // Reported: the ticket is not tracked, so SaveChangesAsync writes nothing.
    public static async Task Close(HelpdeskContext db, int id)
    {
        var ticket = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == id);
        ticket.Status = "Closed";
        await db.SaveChangesAsync();
    }

    // Silent: a tracking query.
    public static async Task CloseFixed(HelpdeskContext db, int id)
    {
        var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
        ticket.Status = "Closed";
        await db.SaveChangesAsync();
    }
}
