using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP031;

public class Subscription
{
    public int Id { get; set; }
    public DateTime ExpiresAt { get; set; }
    public bool Active { get; set; }
    public int Reminders { get; set; }
}

public class BillingContext : DbContext
{
    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=billing.db");
}

public static class SubscriptionJobs
{
    // Reported: every expired subscription is loaded, changed and saved one by one.
    public static async Task ExpireAsync(BillingContext db, DateTime now, CancellationToken ct)
    {
        var expired = await db.Subscriptions.Where(s => s.Active && s.ExpiresAt < now).ToListAsync(ct);
        foreach (var subscription in expired)
        {
            subscription.Active = false;
            subscription.Reminders = subscription.Reminders + 1;
        }

        await db.SaveChangesAsync(ct);
    }

    // Reported: rows loaded only to be deleted.
    public static void Purge(BillingContext db, DateTime before)
    {
        foreach (var subscription in db.Subscriptions.Where(s => !s.Active && s.ExpiresAt < before).ToList())
        {
            db.Remove(subscription);
        }

        db.SaveChanges();
    }

    // Silent: one UPDATE statement, nothing loaded.
    public static Task<int> ExpireFixedAsync(BillingContext db, DateTime now, CancellationToken ct) =>
        db.Subscriptions.Where(s => s.Active && s.ExpiresAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Active, false).SetProperty(e => e.Reminders, e => e.Reminders + 1), ct);
}
