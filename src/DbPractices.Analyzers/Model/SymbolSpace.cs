using System.Collections.Concurrent;

namespace DbPractices.Analyzers.Model;

/// <summary>Finds the types of a model reused from an earlier compilation in its own compilation, once per name.</summary>
internal sealed class SymbolSpace
{
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _types = new(StringComparer.Ordinal);

    public SymbolSpace(Compilation compilation)
    {
        _compilation = compilation;
    }

    /// <summary>Declared in the compilation's own source (carried by name); other types are shared by compilations with the same references.</summary>
    public bool IsOwn(ITypeSymbol type) => SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly);

    public INamedTypeSymbol ResolveType(string key) =>
        _types.GetOrAdd(key, k => _compilation.Assembly.GetTypeByMetadataName(k)) ??
        throw new InvalidOperationException($"The reused EF model names type '{key}', which this compilation does not declare.");
}
