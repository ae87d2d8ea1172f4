using System;
using System.Linq;
using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Mapping;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DbPractices.Analyzers.Tests.Model;

/// <summary>
/// DBP005 and DBP024 flag exactly what EF Core itself rejects or shadows: each model is compiled, EF Core 10
/// builds its real model (InMemory provider, no database), and the analyzer's verdict is compared with EF's.
/// </summary>
public class RealModelAgreementTests
{
    private const string Head = "using System;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing System.ComponentModel.DataAnnotations;\nusing System.ComponentModel.DataAnnotations.Schema;\n";

    private static string Context(string sets, string onModelCreating = "") =>
        "public class TestContext : DbContext { public TestContext(DbContextOptions options) : base(options) { } " + sets +
        " protected override void OnModelCreating(ModelBuilder b) { " + onModelCreating + " } }";

    public static TheoryData<string, string> AmbiguityModels() => new()
    {
        { "two each way", "public class T { public int Id {get;set;} public U CreatedBy {get;set;} = null!; public U AssignedTo {get;set;} = null!; } public class U { public int Id {get;set;} public List<T> CreatedTasks {get;set;} = new(); public List<T> AssignedTasks {get;set;} = new(); }" + Context("public DbSet<T> Ts => Set<T>();") },
        { "two references, one collection back", "public class P { public int Id {get;set;} public A Author {get;set;} = null!; public A? Editor {get;set;} } public class A { public int Id {get;set;} public List<P> Posts {get;set;} = new(); }" + Context("public DbSet<P> Ps => Set<P>();") },
        { "one reference, two back", "public class P { public int Id {get;set;} public A Author {get;set;} = null!; } public class A { public int Id {get;set;} public List<P> Posts {get;set;} = new(); public P? Pinned {get;set;} }" + Context("public DbSet<P> Ps => Set<P>();") },
        { "one directional multiples", "public class S { public int Id {get;set;} public Addr From {get;set;} = null!; public Addr To {get;set;} = null!; } public class Addr { public int Id {get;set;} }" + Context("public DbSet<S> Ss => Set<S>();") },
        { "inverse property on one pair", "public class T { public int Id {get;set;} [InverseProperty(nameof(U.CreatedTasks))] public U CreatedBy {get;set;} = null!; public U AssignedTo {get;set;} = null!; } public class U { public int Id {get;set;} public List<T> CreatedTasks {get;set;} = new(); public List<T> AssignedTasks {get;set;} = new(); }" + Context("public DbSet<T> Ts => Set<T>();") },
        { "inverse property leaves two against one", "public class T { public int Id {get;set;} [InverseProperty(nameof(U.CreatedTasks))] public U CreatedBy {get;set;} = null!; public U AssignedTo {get;set;} = null!; public U ReviewedBy {get;set;} = null!; } public class U { public int Id {get;set;} public List<T> CreatedTasks {get;set;} = new(); public List<T> AssignedTasks {get;set;} = new(); }" + Context("public DbSet<T> Ts => Set<T>();") },
        { "foreign key attributes only", "public class M { public int Id {get;set;} public int HomeId {get;set;} public int AwayId {get;set;} [ForeignKey(nameof(HomeId))] public Team Home {get;set;} = null!; [ForeignKey(nameof(AwayId))] public Team Away {get;set;} = null!; } public class Team { public int Id {get;set;} public List<M> HomeMatches {get;set;} = new(); public List<M> AwayMatches {get;set;} = new(); }" + Context("public DbSet<M> Ms => Set<M>();") },
        { "fluent pairs one pair", "public class T { public int Id {get;set;} public U CreatedBy {get;set;} = null!; public U AssignedTo {get;set;} = null!; } public class U { public int Id {get;set;} public List<T> CreatedTasks {get;set;} = new(); public List<T> AssignedTasks {get;set;} = new(); }" + Context("public DbSet<T> Ts => Set<T>();", "b.Entity<T>().HasOne(t => t.CreatedBy).WithMany(u => u.CreatedTasks);") },
        { "fluent HasOne without With", "public class T { public int Id {get;set;} public U CreatedBy {get;set;} = null!; public U AssignedTo {get;set;} = null!; } public class U { public int Id {get;set;} public List<T> Tasks {get;set;} = new(); }" + Context("public DbSet<T> Ts => Set<T>();", "b.Entity<T>().HasOne(t => t.CreatedBy);") },
        { "fluent WithMany() without inverse", "public class T { public int Id {get;set;} public U CreatedBy {get;set;} = null!; public U AssignedTo {get;set;} = null!; } public class U { public int Id {get;set;} public List<T> Tasks {get;set;} = new(); }" + Context("public DbSet<T> Ts => Set<T>();", "b.Entity<T>().HasOne(t => t.CreatedBy).WithMany();") },
        { "ignored navigation", "public class T { public int Id {get;set;} public U CreatedBy {get;set;} = null!; public U AssignedTo {get;set;} = null!; } public class U { public int Id {get;set;} public List<T> Tasks {get;set;} = new(); }" + Context("public DbSet<T> Ts => Set<T>();", "b.Entity<T>().Ignore(t => t.AssignedTo);") },
        { "self reference pair", "public class E { public int Id {get;set;} public E? Manager {get;set;} public List<E> Reports {get;set;} = new(); }" + Context("public DbSet<E> Es => Set<E>();") },
        { "three self references", "public class E { public int Id {get;set;} public E? Manager {get;set;} public E? Mentor {get;set;} public List<E> Reports {get;set;} = new(); }" + Context("public DbSet<E> Es => Set<E>();") },
        { "two collections against one (many-to-many)", "public class S { public int Id {get;set;} public List<C> Enrolled {get;set;} = new(); public List<C> Completed {get;set;} = new(); } public class C { public int Id {get;set;} public List<S> Students {get;set;} = new(); }" + Context("public DbSet<S> Ss => Set<S>();") },
        { "many-to-many pair", "public class S { public int Id {get;set;} public List<C> Courses {get;set;} = new(); } public class C { public int Id {get;set;} public List<S> Students {get;set;} = new(); }" + Context("public DbSet<S> Ss => Set<S>();") },
    };

    [Theory]
    [MemberData(nameof(AmbiguityModels))]
    public async Task DBP005_agrees_with_EF_Core(string name, string model)
    {
        var source = Head + model;
        var (_, error) = RealEfModel.Build(source);
        const string efMessage = "Unable to determine the relationship represented by navigation";
        var efRejects = error is not null && error.Message.Contains(efMessage, StringComparison.Ordinal);
        Assert.True(error is null || efRejects, $"{name}: EF Core failed for another reason: {error?.Message}");

        var diagnostics = await AnalyzerRunner.RunAsync(RealEfModel.Compile(source), new AmbiguousRelationshipAnalyzer());
        Assert.True(efRejects == diagnostics.Any(), $"{name}: EF Core {(efRejects ? "throws" : "builds the model")}, the analyzer reports {diagnostics.Length}: {string.Join("; ", diagnostics.Select(d => d.GetMessage()))}");

        if (efRejects)
        {
            // the navigation EF Core names is one the analyzer flags
            var named = error!.Message.Substring(error.Message.IndexOf('\'') + 1);
            named = named.Substring(0, named.IndexOf('\''));
            Assert.Contains(diagnostics, d => d.GetMessage().Contains("'" + named + "'", StringComparison.Ordinal));
        }
    }

    public static TheoryData<string, string, string, string> ForeignKeyModels() => new()
    {
        { "int beside Guid key", "P", "BlogId", "public class Blog { public Guid Id {get;set;} public List<P> Posts {get;set;} = new(); } public class P { public int Id {get;set;} public int BlogId {get;set;} public Blog Blog {get;set;} = null!; }" + Context("public DbSet<Blog> Blogs => Set<Blog>();") },
        { "long beside int key", "P", "BlogId", "public class Blog { public int Id {get;set;} } public class P { public int Id {get;set;} public long BlogId {get;set;} public Blog Blog {get;set;} = null!; }" + Context("public DbSet<P> Ps => Set<P>();") },
        { "nullable int beside int key", "P", "BlogId", "public class Blog { public int Id {get;set;} } public class P { public int Id {get;set;} public int? BlogId {get;set;} public Blog? Blog {get;set;} }" + Context("public DbSet<P> Ps => Set<P>();") },
        { "nullable long beside int key", "P", "BlogId", "public class Blog { public int Id {get;set;} } public class P { public int Id {get;set;} public long? BlogId {get;set;} public Blog? Blog {get;set;} }" + Context("public DbSet<P> Ps => Set<P>();") },
        { "enum beside int key", "P", "BlogId", "public enum Kind { A } public class Blog { public int Id {get;set;} } public class P { public int Id {get;set;} public Kind BlogId {get;set;} public Blog Blog {get;set;} = null!; }" + Context("public DbSet<P> Ps => Set<P>();") },
        { "collection only, principal-named key", "P", "BlogId", "public class Blog { public int Id {get;set;} public List<P> Posts {get;set;} = new(); } public class P { public int Id {get;set;} public long BlogId {get;set;} }" + Context("public DbSet<Blog> Blogs => Set<Blog>();") },
        { "matching Guid", "P", "BlogId", "public class Blog { public Guid Id {get;set;} public List<P> Posts {get;set;} = new(); } public class P { public int Id {get;set;} public Guid BlogId {get;set;} public Blog Blog {get;set;} = null!; }" + Context("public DbSet<Blog> Blogs => Set<Blog>();") },
        { "later compatible name wins", "P", "OwnerCode", "public class Owner { [Key] public int Code {get;set;} } public class P { public int Id {get;set;} public long OwnerCode {get;set;} public int OwnerId {get;set;} public Owner Owner {get;set;} = null!; }" + Context("public DbSet<P> Ps => Set<P>();") },
        { "configured by attribute with another type", "P", "OwnerRef", "public class Owner { public int Id {get;set;} } public class P { public int Id {get;set;} public string OwnerRef {get;set;} = \"\"; [ForeignKey(nameof(OwnerRef))] public Owner Owner {get;set;} = null!; }" + Context("public DbSet<P> Ps => Set<P>();") },
        { "configured fluently with another type", "P", "Holder", "public class Owner { public int Id {get;set;} } public class P { public int Id {get;set;} public long Holder {get;set;} public Owner Owner {get;set;} = null!; }" + Context("public DbSet<P> Ps => Set<P>();", "b.Entity<P>().HasOne(p => p.Owner).WithMany().HasForeignKey(p => p.Holder);") },
        { "derived principal", "P", "BlogId", "public class Blog { public int Id {get;set;} } public class BigBlog : Blog { } public class P { public int Id {get;set;} public long BlogId {get;set;} public BigBlog Blog {get;set;} = null!; }" + Context("public DbSet<Blog> Blogs => Set<Blog>(); public DbSet<P> Ps => Set<P>();") },
        { "fluent HasMany<T>().WithOne() without navigations", "P", "BlogId", "public class Blog { public int Id {get;set;} } public class P { public int Id {get;set;} public short BlogId {get;set;} }" + Context("public DbSet<Blog> Blogs => Set<Blog>();", "b.Entity<Blog>().HasMany<P>().WithOne();") },
    };

    [Theory]
    [MemberData(nameof(ForeignKeyModels))]
    public async Task DBP024_agrees_with_EF_Core(string name, string entity, string property, string model)
    {
        var source = Head + model;
        var (efModel, error) = RealEfModel.Build(source);
        bool efIgnoresProperty;
        if (error is not null)
        {
            Assert.True(error.Message.Contains("is not compatible", StringComparison.Ordinal) || error.Message.Contains("not compatible", StringComparison.Ordinal),
                $"{name}: EF Core failed for another reason: {error.Message}");
            efIgnoresProperty = true;
        }
        else
        {
            var entityType = efModel!.GetEntityTypes().Single(e => e.ClrType.Name == entity);
            var usedAsKey = entityType.GetForeignKeys().Any(fk => fk.Properties.Any(p => p.Name == property));
            var hasShadowKey = entityType.GetForeignKeys().Any(fk => fk.Properties.Any(p => p.IsShadowProperty()));
            efIgnoresProperty = !usedAsKey && hasShadowKey;
        }

        var diagnostics = await AnalyzerRunner.RunAsync(RealEfModel.Compile(source), new ForeignKeyTypeMismatchAnalyzer());
        var flagged = diagnostics.Any(d => d.GetMessage().StartsWith($"'{entity}.{property}'", StringComparison.Ordinal));
        Assert.True(efIgnoresProperty == flagged, $"{name}: EF Core {(efIgnoresProperty ? "ignores or rejects" : "uses")} {entity}.{property}, the analyzer {(flagged ? "flags" : "does not flag")} it");
        Assert.Equal(flagged ? 1 : 0, diagnostics.Length);
    }
}
