using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP009;

public class Customer
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}

public class Order
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public Customer Customer { get; set; } = null!;
    public List<OrderLine> Lines { get; set; } = new();
}

public class OrderLine
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public decimal Amount { get; set; }
}

public class ShopContext : DbContext
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=shop.db");
}

public class Invoicing
{
    // Reported: one query per order (a lookup by key, and an explicit load).
    public async Task BillAsync(ShopContext ctx, List<Order> orders, CancellationToken ct)
    {
        foreach (var order in orders)
        {
            var customer = await ctx.Customers.FirstOrDefaultAsync(c => c.Id == order.CustomerId, ct);
            Console.WriteLine(customer?.Name);
        }

        foreach (var order in await ctx.Orders.ToListAsync(ct))
        {
            await ctx.Entry(order).Collection(o => o.Lines).LoadAsync(ct);
            Console.WriteLine(order.Lines.Sum(l => l.Amount));
        }
    }

    // Silent: one query before the loop, an Include, and a paging loop with Take.
    public async Task BillFixedAsync(ShopContext ctx, List<Order> orders, CancellationToken ct)
    {
        var customersById = await ctx.Customers.Where(x => orders.Select(o => o.CustomerId).Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
        foreach (var order in orders)
        {
            var customer = customersById.GetValueOrDefault(order.CustomerId);
            Console.WriteLine(customer?.Name);
        }

        foreach (var order in await ctx.Orders.Include(o => o.Lines).ToListAsync(ct))
        {
            Console.WriteLine(order.Lines.Sum(l => l.Amount));
        }

        var lastId = 0;
        while (true)
        {
            var page = await ctx.Orders.Where(o => o.Id > lastId).OrderBy(o => o.Id).Take(500).ToListAsync(ct);
            if (page.Count == 0)
            {
                break;
            }

            lastId = page[^1].Id;
        }
    }
}
