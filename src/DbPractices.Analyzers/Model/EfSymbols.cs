using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace DbPractices.Analyzers.Model;

// EfSymbols is the per-compilation cache of EF Core types that BannedSymbols.txt sends every other caller to.
#pragma warning disable RS0030

/// <summary>
/// EF Core's types, resolved by metadata name once per compilation (the analyzers never reference
/// EF Core, so one package serves EF Core 6 to 10). <c>null</c> when the compilation has no EF Core.
/// </summary>
internal sealed class EfSymbols
{
    private static readonly ConditionalWeakTable<Compilation, EfSymbols?[]> Cache = new();

    public Compilation Compilation { get; }
    public INamedTypeSymbol DbContext { get; }
    public INamedTypeSymbol? DbSet { get; }
    public INamedTypeSymbol? ModelBuilder { get; }
    public INamedTypeSymbol? ModelConfigurationBuilder { get; }
    public INamedTypeSymbol? EntityTypeBuilderOfT { get; }
    public INamedTypeSymbol? OwnedNavigationBuilderOfT { get; }
    public INamedTypeSymbol? IEntityTypeConfiguration { get; }
    public INamedTypeSymbol? DbContextOptionsBuilder { get; }
    public INamedTypeSymbol? Migration { get; }
    public INamedTypeSymbol? ModelSnapshot { get; }
    public INamedTypeSymbol? MigrationBuilder { get; }
    public INamedTypeSymbol? EF { get; }
    public INamedTypeSymbol? Queryable { get; }
    public INamedTypeSymbol? EntityFrameworkQueryableExtensions { get; }
    public INamedTypeSymbol? RelationalQueryableExtensions { get; }
    public INamedTypeSymbol? IQueryableOfT { get; }
    public INamedTypeSymbol? Enumerable { get; }
    public INamedTypeSymbol? AsyncEnumerable { get; }
    public INamedTypeSymbol? IEnumerableOfT { get; }
    public INamedTypeSymbol? ILazyLoader { get; }

    // data annotations
    public INamedTypeSymbol? IndexAttribute { get; }
    public INamedTypeSymbol? PrimaryKeyAttribute { get; }
    public INamedTypeSymbol? KeylessAttribute { get; }
    public INamedTypeSymbol? OwnedAttribute { get; }
    public INamedTypeSymbol? KeyAttribute { get; }
    public INamedTypeSymbol? NotMappedAttribute { get; }
    public INamedTypeSymbol? ForeignKeyAttribute { get; }
    public INamedTypeSymbol? InversePropertyAttribute { get; }
    public INamedTypeSymbol? TableAttribute { get; }
    public INamedTypeSymbol? ColumnAttribute { get; }
    public INamedTypeSymbol? RequiredAttribute { get; }
    public INamedTypeSymbol? MaxLengthAttribute { get; }
    public INamedTypeSymbol? StringLengthAttribute { get; }
    public INamedTypeSymbol? PrecisionAttribute { get; }
    public INamedTypeSymbol? ComplexTypeAttribute { get; }

    /// <summary>Major version of the referenced EF Core assembly (6..10), 0 when unknown.</summary>
    public int EfMajorVersion { get; }

    /// <summary>What each metadata name resolved to, so that a later compilation with the same references can take the same symbols.</summary>
    private readonly Dictionary<string, INamedTypeSymbol?> _resolved = new(StringComparer.Ordinal);
    private readonly EfSymbols? _from;

    /// <summary>
    /// Other types rules ask for by metadata name (<see cref="GetType(string)"/>), shared by every EfSymbols taken over
    /// from this one: only answers from referenced assemblies are kept, and those compilations share their symbols.
    /// </summary>
    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _referencedTypes;

    private EfSymbols(Compilation compilation, INamedTypeSymbol dbContext, EfSymbols? from)
    {
        Compilation = compilation;
        _from = from;
        _referencedTypes = from?._referencedTypes ?? new ConcurrentDictionary<string, INamedTypeSymbol?>(StringComparer.Ordinal);
        DbContext = dbContext;
        EfMajorVersion = dbContext.ContainingAssembly.Identity.Version.Major;
        DbSet = Get("Microsoft.EntityFrameworkCore.DbSet`1");
        ModelBuilder = Get("Microsoft.EntityFrameworkCore.ModelBuilder");
        ModelConfigurationBuilder = Get("Microsoft.EntityFrameworkCore.ModelConfigurationBuilder");
        EntityTypeBuilderOfT = Get("Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder`1");
        OwnedNavigationBuilderOfT = Get("Microsoft.EntityFrameworkCore.Metadata.Builders.OwnedNavigationBuilder`2");
        IEntityTypeConfiguration = Get("Microsoft.EntityFrameworkCore.IEntityTypeConfiguration`1");
        DbContextOptionsBuilder = Get("Microsoft.EntityFrameworkCore.DbContextOptionsBuilder");
        Migration = Get("Microsoft.EntityFrameworkCore.Migrations.Migration");
        ModelSnapshot = Get("Microsoft.EntityFrameworkCore.Infrastructure.ModelSnapshot");
        MigrationBuilder = Get("Microsoft.EntityFrameworkCore.Migrations.MigrationBuilder");
        EF = Get("Microsoft.EntityFrameworkCore.EF");
        Queryable = Get("System.Linq.Queryable");
        EntityFrameworkQueryableExtensions = Get("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions");
        RelationalQueryableExtensions = Get("Microsoft.EntityFrameworkCore.RelationalQueryableExtensions");
        IQueryableOfT = Get("System.Linq.IQueryable`1");
        Enumerable = Get("System.Linq.Enumerable");
        AsyncEnumerable = Get("System.Linq.AsyncEnumerable");
        IEnumerableOfT = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
        ILazyLoader = Get("Microsoft.EntityFrameworkCore.Infrastructure.ILazyLoader");

        IndexAttribute = Get("Microsoft.EntityFrameworkCore.IndexAttribute");
        PrimaryKeyAttribute = Get("Microsoft.EntityFrameworkCore.PrimaryKeyAttribute");
        KeylessAttribute = Get("Microsoft.EntityFrameworkCore.KeylessAttribute");
        OwnedAttribute = Get("Microsoft.EntityFrameworkCore.OwnedAttribute");
        KeyAttribute = Get("System.ComponentModel.DataAnnotations.KeyAttribute");
        NotMappedAttribute = Get("System.ComponentModel.DataAnnotations.Schema.NotMappedAttribute");
        ForeignKeyAttribute = Get("System.ComponentModel.DataAnnotations.Schema.ForeignKeyAttribute");
        InversePropertyAttribute = Get("System.ComponentModel.DataAnnotations.Schema.InversePropertyAttribute");
        TableAttribute = Get("System.ComponentModel.DataAnnotations.Schema.TableAttribute");
        ColumnAttribute = Get("System.ComponentModel.DataAnnotations.Schema.ColumnAttribute");
        RequiredAttribute = Get("System.ComponentModel.DataAnnotations.RequiredAttribute");
        MaxLengthAttribute = Get("System.ComponentModel.DataAnnotations.MaxLengthAttribute");
        StringLengthAttribute = Get("System.ComponentModel.DataAnnotations.StringLengthAttribute");
        PrecisionAttribute = Get("Microsoft.EntityFrameworkCore.PrecisionAttribute");
        ComplexTypeAttribute = Get("System.ComponentModel.DataAnnotations.Schema.ComplexTypeAttribute");
        _from = null;
    }

    private INamedTypeSymbol? Get(string metadataName)
    {
        var symbol = _from is not null ? _from._resolved[metadataName] : Compilation.GetTypeByMetadataName(metadataName);
        _resolved[metadataName] = symbol;
        return symbol;
    }

    /// <summary>
    /// A type by metadata name, for rules that need more than the EF types above. Resolved once for every
    /// compilation with the same references (a keystroke does not search every referenced assembly again).
    /// </summary>
    public INamedTypeSymbol? GetType(string metadataName)
    {
        if (_referencedTypes.TryGetValue(metadataName, out var known))
        {
            return known;
        }

        var type = Compilation.GetTypeByMetadataName(metadataName);
        if (type is null || !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, Compilation.Assembly))
        {
            _referencedTypes.TryAdd(metadataName, type);
        }

        return type;
    }

    /// <summary>Most recent symbols; the next compilation with the same references (a keystroke) takes them over.</summary>
    private static EfSymbols? Latest;

    /// <summary>The EF Core symbols of this compilation, or <c>null</c> when it does not reference EF Core.</summary>
    public static EfSymbols? For(Compilation compilation)
    {
        var slot = Cache.GetValue(compilation, static _ => new EfSymbols?[1]);
        if (slot[0] is { } cached)
        {
            return cached;
        }

        // Resolving some forty metadata names searches every referenced assembly; a compilation whose references
        // are bound to the same assembly symbols as the previous one's gets the same (metadata) symbols.
        var latest = Volatile.Read(ref Latest);
        if (latest is not null && !ReferenceEquals(latest.Compilation, compilation) && latest.DeclaresNone() &&
            ModelReuse.SharesReferenceSymbols(latest.Compilation, compilation))
        {
            // the newest becomes the one to copy from, so that no old compilation stays alive
            var copy = new EfSymbols(compilation, latest.DbContext, latest);
            slot[0] = copy;
            Volatile.Write(ref Latest, copy);
            return copy;
        }

        var dbContext = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbContext");
        if (dbContext is null)
        {
            return null;
        }

        // Two threads may race here; both build the same immutable value, either one is fine.
        var created = new EfSymbols(compilation, dbContext, from: null);
        slot[0] = created;
        Volatile.Write(ref Latest, created);
        return created;
    }

    /// <summary>None of the symbols is declared in the compilation's own source (so all are shared by compilations with the same references).</summary>
    private bool DeclaresNone()
    {
        var own = Compilation.Assembly;
        foreach (var symbol in _resolved.Values)
        {
            if (symbol is not null && SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, own))
            {
                return false;
            }
        }

        return !SymbolEqualityComparer.Default.Equals(DbContext.ContainingAssembly, own);
    }

    public bool IsDbContext(ITypeSymbol? type) => type is not null && type.InheritsFrom(DbContext);

    public bool IsMigrationOrSnapshot(INamedTypeSymbol type) =>
        (Migration is not null && type.InheritsFrom(Migration)) ||
        (ModelSnapshot is not null && type.InheritsFrom(ModelSnapshot));

    /// <summary>T when <paramref name="type"/> is (or derives from) <c>DbSet&lt;T&gt;</c>.</summary>
    public ITypeSymbol? GetDbSetElementType(ITypeSymbol? type)
    {
        for (var t = type as INamedTypeSymbol; t is not null; t = t.BaseType)
        {
            if (DbSet is not null && SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, DbSet))
            {
                return t.TypeArguments[0];
            }
        }

        return null;
    }

    /// <summary>The T of <c>EntityTypeBuilder&lt;T&gt;</c> or the dependent of <c>OwnedNavigationBuilder&lt;TOwner, T&gt;</c>.</summary>
    public ITypeSymbol? GetBuilderEntityType(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named || !named.IsGenericType)
        {
            return null;
        }

        var definition = named.OriginalDefinition;
        if (EntityTypeBuilderOfT is not null && SymbolEqualityComparer.Default.Equals(definition, EntityTypeBuilderOfT))
        {
            return named.TypeArguments[0];
        }

        if (OwnedNavigationBuilderOfT is not null && SymbolEqualityComparer.Default.Equals(definition, OwnedNavigationBuilderOfT))
        {
            return named.TypeArguments[1];
        }

        return null;
    }
}
