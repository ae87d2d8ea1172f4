using System.Collections;

namespace DbPractices.Analyzers.Model;

/// <summary>A read-only view of a set of member or convention names (ordinal): what <c>IReadOnlySet</c> is on newer targets.</summary>
internal sealed class ReadOnlyNameSet : IReadOnlyCollection<string>
{
    private readonly HashSet<string> _names;

    public ReadOnlyNameSet(HashSet<string> names)
    {
        _names = names;
    }

    public static ReadOnlyNameSet Create() => new(new HashSet<string>(StringComparer.Ordinal));

    public int Count => _names.Count;

    public bool Contains(string name) => _names.Contains(name);

    internal bool Add(string name) => _names.Add(name);

    public HashSet<string>.Enumerator GetEnumerator() => _names.GetEnumerator();

    IEnumerator<string> IEnumerable<string>.GetEnumerator() => _names.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _names.GetEnumerator();
}
