using Microsoft.CodeAnalysis.Text;

namespace DbPractices.Analyzers.Model;

/// <summary>
/// Where the locations of a model are in a later compilation in which some trees the model points into were edited
/// (see <see cref="ModelReuse"/>): a location in an edited tree moves with the text changes, one in any other tree stays.
/// A span that an edit overlaps only in part has no place in the new tree; the map then <see cref="Failed"/> and the
/// model is built again. Also carries the model's objects over (<see cref="Remap(IndexModel)"/> and the others),
/// keeping an object whose locations did not move and the identity of one that several lists share.
/// </summary>
internal sealed class LocationMap
{
    private readonly Dictionary<SyntaxTree, Edit> _edits = new();
    // the model's objects do not override Equals: keyed by identity; locations do, and are keyed by identity too
    private readonly Dictionary<object, object> _remapped = new();
    private readonly Dictionary<Location, Location> _locations = new(IdentityComparer<Location>.Instance);

    /// <summary>Some location could not be mapped: the model cannot be carried over.</summary>
    public bool Failed { get; private set; }

    public bool IsEmpty => _edits.Count == 0;

    /// <summary>
    /// Adds an edited tree. The changes are those of the text (exact when the new text was made from the old one, as
    /// editors do; otherwise one change covering everything), each narrowed to the characters that differ: an edit that
    /// rewrites a statement to change one argument moves only what follows the argument.
    /// </summary>
    public void Add(SyntaxTree oldTree, SyntaxTree newTree, CancellationToken cancellationToken)
    {
        var oldText = oldTree.GetText(cancellationToken);
        var newText = newTree.GetText(cancellationToken);
        var changes = newText.GetChangeRanges(oldText);
        var narrowed = new List<TextChangeRange>(changes.Count);
        var delta = 0;
        foreach (var change in changes)
        {
            var oldStart = change.Span.Start;
            var oldEnd = change.Span.End;
            var newStart = oldStart + delta;
            var newEnd = newStart + change.NewLength;
            while (oldStart < oldEnd && newStart < newEnd && oldText[oldStart] == newText[newStart])
            {
                oldStart++;
                newStart++;
            }

            while (oldEnd > oldStart && newEnd > newStart && oldText[oldEnd - 1] == newText[newEnd - 1])
            {
                oldEnd--;
                newEnd--;
            }

            narrowed.Add(new TextChangeRange(TextSpan.FromBounds(oldStart, oldEnd), newEnd - newStart));
            delta += change.NewLength - change.Span.Length;
        }

        _edits[oldTree] = new Edit(newTree, narrowed);
    }

    /// <summary>The tree that replaces <paramref name="tree"/>, or the tree itself when it was not edited.</summary>
    public SyntaxTree MapTree(SyntaxTree tree) => _edits.TryGetValue(tree, out var edit) ? edit.NewTree : tree;

    public bool Moves(Location? location) => location?.SourceTree is { } tree && _edits.ContainsKey(tree);

    /// <summary>Where the location is in the new tree; one location object always maps to one (rules compare some by identity).</summary>
    public Location Map(Location location)
    {
        if (location.SourceTree is not { } tree || !_edits.TryGetValue(tree, out var edit))
        {
            return location;
        }

        if (_locations.TryGetValue(location, out var mapped))
        {
            return mapped;
        }

        if (MapSpan(location.SourceSpan, edit.Changes) is not { } span)
        {
            Failed = true;
            return location;
        }

        return _locations[location] = Location.Create(edit.NewTree, span);
    }

    public Location? MapOptional(Location? location) => location is null ? null : Map(location);

    /// <summary>
    /// The span in the new text, or null when a change overlaps it in part. A change that ends at or before the span's
    /// start shifts it (an insertion right before a token is trivia or changes the token, and a changed token changes
    /// the facts or the declarations, which the caller compares); one that starts at or after its end leaves it; one
    /// inside it resizes it.
    /// </summary>
    internal static TextSpan? MapSpan(TextSpan span, IReadOnlyList<TextChangeRange> changes)
    {
        var startDelta = 0;
        var endDelta = 0;
        foreach (var change in changes)
        {
            var delta = change.NewLength - change.Span.Length;
            if (change.Span.End <= span.Start)
            {
                startDelta += delta;
                endDelta += delta;
            }
            else if (change.Span.Start >= span.End)
            {
                break;
            }
            else if (change.Span.Start >= span.Start && change.Span.End <= span.End)
            {
                endDelta += delta;
            }
            else
            {
                return null;
            }
        }

        return TextSpan.FromBounds(span.Start + startDelta, span.End + endDelta);
    }

    public IndexModel Remap(IndexModel index) =>
        Moves(index.Location) ? Once(index, static (i, map) => new IndexModel(i.Properties, i.IsFiltered, i.IsUnique, map.MapOptional(i.Location))) : index;

    public QueryFilterModel Remap(QueryFilterModel filter) =>
        Moves(filter.Location) || Moves(filter.AppliedAt)
            ? Once(filter, static (f, map) => new QueryFilterModel(f.Name, f.ReadMembers, map.MapOptional(f.Location), f.FromLoop) { AppliedAt = map.MapOptional(f.AppliedAt) })
            : filter;

    public PropertyFacetSetting Remap(PropertyFacetSetting setting) =>
        Moves(setting.Location) ? Once(setting, static (s, map) => new PropertyFacetSetting(s.Member, s.Facet, s.Value, map.Map(s.Location))) : setting;

    public ConfigurationBlock Remap(ConfigurationBlock block) =>
        Moves(block.Location) ? Once(block, static (b, map) => new ConfigurationBlock(b.Builder, map.Map(b.Location), b.IsConfigurationClass)) : block;

    public ConfigurationSite Remap(ConfigurationSite site) =>
        Moves(site.Location) ? Once(site, static (s, map) => new ConfigurationSite(s.Kind, map.Map(s.Location))) : site;

    public TemporalTable Remap(TemporalTable temporal) =>
        Moves(temporal.Location) ? Once(temporal, static (t, map) => new TemporalTable(t.PeriodStart, t.PeriodEnd, map.Map(t.Location))) : temporal;

    public BulkConvention Remap(BulkConvention convention) =>
        Moves(convention.Location) ? Once(convention, static (c, map) => new BulkConvention(c.TypeKey, c.Facet, map.Map(c.Location))) : convention;

    public LoopQueryFilter Remap(LoopQueryFilter loop) =>
        Moves(loop.Location) ? Once(loop, static (l, map) => new LoopQueryFilter(l.Name, l.ReadMembers, l.TypeTests, map.Map(l.Location))) : loop;

    /// <summary>The list itself when no item moves, else a new list of the items carried over.</summary>
    public List<T> RemapAll<T>(List<T> items, Func<T, T> remap)
        where T : class =>
        Copy(items, remap) ?? items;

    /// <inheritdoc cref="RemapAll{T}(List{T}, Func{T, T})"/>
    public IReadOnlyList<T> RemapAll<T>(IReadOnlyList<T> items, Func<T, T> remap)
        where T : class =>
        Copy(items, remap) ?? items;

    private static List<T>? Copy<T>(IReadOnlyList<T> items, Func<T, T> remap)
        where T : class
    {
        List<T>? copy = null;
        for (var i = 0; i < items.Count; i++)
        {
            var item = remap(items[i]);
            if (copy is null && !ReferenceEquals(item, items[i]))
            {
                copy = new List<T>(items.Count);
                for (var j = 0; j < i; j++)
                {
                    copy.Add(items[j]);
                }
            }

            copy?.Add(item);
        }

        return copy;
    }

    /// <summary>Marks the carry-over as impossible (a shape the map does not carry over).</summary>
    public void Fail() => Failed = true;

    private T Once<T>(T item, Func<T, LocationMap, T> create)
        where T : class
    {
        if (!_remapped.TryGetValue(item, out var copy))
        {
            _remapped[item] = copy = create(item, this);
        }

        return (T)copy;
    }

    private readonly struct Edit
    {
        public Edit(SyntaxTree newTree, IReadOnlyList<TextChangeRange> changes)
        {
            NewTree = newTree;
            Changes = changes;
        }

        public SyntaxTree NewTree { get; }

        public IReadOnlyList<TextChangeRange> Changes { get; }
    }

    private sealed class IdentityComparer<T> : IEqualityComparer<T>
        where T : class
    {
        public static readonly IdentityComparer<T> Instance = new();

        public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

        public int GetHashCode(T obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
