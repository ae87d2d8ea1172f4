using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP011;

public class Order
{
    public int Id { get; set; }
    public string Number { get; set; } = "";
    public bool Open { get; set; }
    public decimal Total { get; set; }
}

public class OrdersContext : DbContext
{
    public DbSet<Order> Orders => Set<Order>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=orders.db");
}

public static class OrderQueries
{
    // Reported: every order is loaded, then filtered / counted in memory.
    public static List<Order> OpenOrders(OrdersContext db) => db.Orders.ToList().Where(o => o.Open).ToList();

    public static async Task<int> BigOrders(OrdersContext db)
    {
        var all = await db.Orders.ToListAsync();
        return all.Count(o => o.Total > 1000);
    }

    // Silent: the same work done by the database.
    public static List<Order> OpenOrdersFixed(OrdersContext db) => db.Orders.Where(o => o.Open).ToList();

    public static Task<int> BigOrdersFixed(OrdersContext db) => db.Orders.CountAsync(o => o.Total > 1000);

    // Silent: the filter calls application code EF Core cannot translate.
    public static List<Order> Lucky(OrdersContext db) => db.Orders.ToList().Where(o => IsLucky(o.Number)).ToList();

    private static bool IsLucky(string number) => number.GetHashCode() % 7 == 0;
}
