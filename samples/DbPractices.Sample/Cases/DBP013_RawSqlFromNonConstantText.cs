using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP013;

public class Customer
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}

public class CrmContext : DbContext
{
    public DbSet<Customer> Customers => Set<Customer>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=crm.db");
}

public static class CustomerQueries
{
    // Reported by DBP013: the text is built in a local / a StringBuilder (EF Core's analyzer does not follow them).
    public static List<Customer> ByName(CrmContext db, string name)
    {
        var sql = "SELECT * FROM Customers WHERE Name = '" + name + "'";
        return db.Customers.FromSqlRaw(sql).ToList();
    }

    public static int DeleteMany(CrmContext db, IEnumerable<int> ids)
    {
        var sb = new StringBuilder("DELETE FROM Customers WHERE Id IN (");
        sb.Append(string.Join(",", ids)).Append(')');
        return db.Database.ExecuteSqlRaw(sb.ToString());
    }

    // Reported by EF Core itself (EF1003 on EF Core 10), not twice by DBP013; DBP013's fix is offered for it.
    public static int Delete(CrmContext db, int id) => db.Database.ExecuteSqlRaw("DELETE FROM Customers WHERE Id = " + id);

    // Silent: parameterized, or constant text.
    public static List<Customer> ByNameFixed(CrmContext db, string name) =>
        db.Customers.FromSql($"SELECT * FROM Customers WHERE Name = {name}").ToList();

    public static List<Customer> All(CrmContext db)
    {
        const string sql = "SELECT * FROM Customers";
        return db.Customers.FromSqlRaw(sql).ToList();
    }
}
