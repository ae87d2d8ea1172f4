using Microsoft.CodeAnalysis;
using DbPractices.Analyzers.Model;

namespace DbPractices.Analyzers.Rules.Loops;

/// <summary>The types the loop rules recognise, resolved once per compilation.</summary>
internal sealed class LoopSymbols
{
    public LoopSymbols(EfSymbols ef)
    {
        Ef = ef;
        var compilation = ef.Compilation;
        ExpressionOfT = compilation.GetTypeByMetadataName("System.Linq.Expressions.Expression`1");
        ListOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.List`1");
        Array = compilation.GetSpecialType(SpecialType.System_Array);
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
        PeriodicTimer = compilation.GetTypeByMetadataName("System.Threading.PeriodicTimer");
        NavigationEntry = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.ChangeTracking.NavigationEntry");
        EntityEntry = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry");
        DbUpdateException = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbUpdateException");
        Exception = compilation.GetTypeByMetadataName("System.Exception");
    }

    public EfSymbols Ef { get; }

    public INamedTypeSymbol? ExpressionOfT { get; }

    public INamedTypeSymbol? ListOfT { get; }

    public INamedTypeSymbol Array { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? Thread { get; }

    public INamedTypeSymbol? PeriodicTimer { get; }

    /// <summary>Base of <c>CollectionEntry</c> and <c>ReferenceEntry</c>: explicit loading.</summary>
    public INamedTypeSymbol? NavigationEntry { get; }

    public INamedTypeSymbol? EntityEntry { get; }

    public INamedTypeSymbol? DbUpdateException { get; }

    public INamedTypeSymbol? Exception { get; }

    public bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    public bool IsOrInherits(ITypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null && type.IsOrInheritsFrom(expected);
}
