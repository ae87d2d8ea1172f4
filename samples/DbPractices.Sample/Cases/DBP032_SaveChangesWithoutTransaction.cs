using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP032;

public class Account
{
    public int Id { get; set; }
    public decimal Balance { get; set; }
}

public class Transfer
{
    public int Id { get; set; }
    public int AccountId { get; set; }
    public Account Account { get; set; } = null!;
    public decimal Amount { get; set; }
}

public class BankContext : DbContext
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Transfer> Transfers => Set<Transfer>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=bank.db");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>().Property(a => a.Balance).HasPrecision(18, 2);
        modelBuilder.Entity<Transfer>().Property(t => t.Amount).HasPrecision(18, 2);
    }
}

public static class Transfers
{
    // Reported: if the second save fails, the account is already debited.
    public static void Record(BankContext db, Account account, decimal amount)
    {
        account.Balance -= amount;
        db.SaveChanges();
        db.Transfers.Add(new Transfer { AccountId = account.Id, Amount = amount });
        db.SaveChanges();
    }

    // Silent: both steps commit together.
    public static void RecordFixed(BankContext db, Account account, decimal amount)
    {
        using var transaction = db.Database.BeginTransaction();
        account.Balance -= amount;
        db.SaveChanges();
        db.Transfers.Add(new Transfer { AccountId = account.Id, Amount = amount });
        db.SaveChanges();
        transaction.Commit();
    }
}
