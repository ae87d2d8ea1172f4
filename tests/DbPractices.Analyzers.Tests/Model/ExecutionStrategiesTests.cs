using System.Linq;
using System.Threading;
using DbPractices.Analyzers.Model;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DbPractices.Analyzers.Tests.Model;

/// <summary>Which DbContexts run under a retrying execution strategy (DBP032's fix): a model options fact.</summary>
public class ExecutionStrategiesTests
{
    // matched by name, as every options call is: a stand-in for the providers' EnableRetryOnFailure
    private const string Retry = """
        public static class RetryOptions { public static DbContextOptionsBuilder EnableRetryOnFailure(this DbContextOptionsBuilder b) => b; }
        public class Entity { public int Id { get; set; } }
        public interface IPooled { }
        """;

    private static bool Retries(EfModel model, string context) =>
        model.UsesRetryingStrategy(model.Compilation.GetTypeByMetadataName(context));

    [Fact]
    public void OnConfiguring_and_registrations_name_their_context()
    {
        var compilation = TestCompilation.Create(Retry + """
            public class Own : DbContext
            {
                public DbSet<Entity> Items => Set<Entity>();
                protected override void OnConfiguring(DbContextOptionsBuilder options) => options.EnableRetryOnFailure();
            }
            public class Derived : Own { }
            public class Pooled : DbContext, IPooled { public DbSet<Entity> Items => Set<Entity>(); }
            public class Plain : DbContext { public DbSet<Entity> Items => Set<Entity>(); }
            public static class Setup
            {
                public static void Register(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
                    Microsoft.Extensions.DependencyInjection.EntityFrameworkServiceCollectionExtensions.AddDbContextPool<IPooled, Pooled>(services, o => o.EnableRetryOnFailure());
            }
            """);
        var model = EfModel.For(compilation, CancellationToken.None)!;

        Assert.True(Retries(model, "Own"));
        Assert.True(Retries(model, "Derived"));
        Assert.True(Retries(model, "Pooled"));
        Assert.False(Retries(model, "Plain"));
        Assert.All(model.ContextModels, m => Assert.False(Retries(m, "Plain")));
    }

    [Fact]
    public void Options_outside_a_context_apply_to_every_context()
    {
        var model = EfModel.For(TestCompilation.Create(Retry + """
            public class Plain : DbContext { public DbSet<Entity> Items => Set<Entity>(); }
            public static class Shared { public static void Configure(DbContextOptionsBuilder o) => o.EnableRetryOnFailure(); }
            """), CancellationToken.None)!;

        Assert.True(Retries(model, "Plain"));
    }

    [Fact]
    public void No_retry_without_the_option()
    {
        var model = EfModel.For(TestCompilation.Create("""
            public class Entity { public int Id { get; set; } }
            public class Plain : DbContext { public DbSet<Entity> Items => Set<Entity>(); }
            """), CancellationToken.None)!;

        Assert.False(Retries(model, "Plain"));
    }
}
