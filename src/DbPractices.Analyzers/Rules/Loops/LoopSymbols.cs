namespace DbPractices.Analyzers.Rules.Loops;

/// <summary>The types the loop rules recognise, resolved once per compilation.</summary>
internal sealed class LoopSymbols
{
    public LoopSymbols(EfSymbols ef)
    {
        Ef = ef;
        ExpressionOfT = ef.GetType("System.Linq.Expressions.Expression`1");
        ListOfT = ef.GetType("System.Collections.Generic.List`1");
        Array = ef.Compilation.GetSpecialType(SpecialType.System_Array);
        Task = ef.GetType("System.Threading.Tasks.Task");
        Thread = ef.GetType("System.Threading.Thread");
        PeriodicTimer = ef.GetType("System.Threading.PeriodicTimer");
        NavigationEntry = ef.GetType("Microsoft.EntityFrameworkCore.ChangeTracking.NavigationEntry");
        EntityEntry = ef.GetType("Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry");
        DbUpdateException = ef.GetType("Microsoft.EntityFrameworkCore.DbUpdateException");
        Exception = ef.GetType("System.Exception");
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
