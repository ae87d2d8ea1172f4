using System.Collections.Generic;
using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace DbPractices.Sample.Cases.DBP005;

// Reported: two navigations each way between WorkItem and Member; EF Core cannot pair them.
public class WorkItem
{
    public int Id { get; set; }
    public Member CreatedBy { get; set; } = null!;
    public Member AssignedTo { get; set; } = null!;
}

public class Member
{
    public int Id { get; set; }
    public List<WorkItem> CreatedItems { get; set; } = new();
    public List<WorkItem> AssignedItems { get; set; } = new();
}

// Silent: one pair is named with [InverseProperty]; the remaining pair is unambiguous.
public class Issue
{
    public int Id { get; set; }
    [InverseProperty(nameof(Reporter.ReportedIssues))]
    public Reporter ReportedBy { get; set; } = null!;
    public Reporter ClosedBy { get; set; } = null!;
}

public class Reporter
{
    public int Id { get; set; }
    public List<Issue> ReportedIssues { get; set; } = new();
    public List<Issue> ClosedIssues { get; set; } = new();
}

public class AmbiguousRelationshipContext : DbContext
{
    public DbSet<WorkItem> WorkItems => Set<WorkItem>();
    public DbSet<Issue> Issues => Set<Issue>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite("Data Source=work.db");
}
