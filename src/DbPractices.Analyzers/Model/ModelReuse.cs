using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPractices.Analyzers.Model;

/// <summary>
/// Lets a new compilation reuse the EF model of the previous one when the model cannot have changed.
/// The IDE makes a new <see cref="Compilation"/> on every keystroke, sharing every unchanged syntax tree
/// with the previous one; rebuilding the model for it costs Roslyn symbol work for every entity of the
/// solution (hundreds of milliseconds at a thousand entities). The model is a function of the
/// declarations (everything outside member bodies), the configuration facts of each tree, the references
/// and the options. So a compilation may take the previous model (<see cref="EfModel.ReuseFor"/>) when:
/// <list type="bullet">
/// <item>it has the same assembly name, options and reference symbols as the previous one;</item>
/// <item>it has the same number of trees and at most <see cref="MaxChangedTrees"/> of them are new, each
/// replacing a tree of the same path;</item>
/// <item>each new tree has the same declarations as the tree it replaces (<see cref="Skeleton"/>);</item>
/// <item>a new tree that replaces one the model was not read from (<see cref="EfModel.ContributingTrees"/>) has no
/// configuration facts; one that replaces a tree the model was read from or points into has the same facts, in the
/// same places once moved by the edit (<see cref="LocationMap"/>), and every location the model holds in it can be
/// moved.</item>
/// </list>
/// A keystroke in a method body of a repository or service qualifies, and so does one in an entity, a DbContext or a
/// configuration class that changes no declaration and no fact (a body, an argument the model does not read, a comment,
/// <c>HasDatabaseName</c>'s name); the reused model's locations in the edited tree are moved to the new tree. Any
/// other edit rebuilds the model (from per-tree caches).
/// </summary>
internal static class ModelReuse
{
    internal const int MaxChangedTrees = 8;

    /// <summary>Most recent model per assembly name. A few entries: one solution's projects that have models.</summary>
    private const int Slots = 4;

    private static readonly EfModel?[] Recent = new EfModel?[Slots];
    private static readonly object Gate = new();
    private static readonly ConditionalWeakTable<SyntaxTree, string> Skeletons = new();

    /// <summary>
    /// Assembly names whose compilations build their model from scratch (<see cref="Suspend"/>), with how many scopes hold
    /// each. Read and written under <see cref="Gate"/>.
    /// </summary>
    private static readonly Dictionary<string, int> Suspended = new(StringComparer.Ordinal);

    /// <summary>Remembers the model as the one the next compilation of its assembly may reuse.</summary>
    public static void Remember(EfModel model)
    {
        lock (Gate)
        {
            var name = model.Compilation.AssemblyName;
            var slot = Slots - 1;
            for (var i = 0; i < Slots; i++)
            {
                if (Recent[i] is null || Recent[i]!.Compilation.AssemblyName == name)
                {
                    slot = i;
                    break;
                }
            }

            // most recent first
            for (var i = slot; i > 0; i--)
            {
                Recent[i] = Recent[i - 1];
            }

            Recent[0] = model;
        }
    }

    /// <summary>
    /// Until the scope is disposed, compilations of <paramref name="assemblyName"/> take no previous model (they build
    /// their own from scratch); other assemblies' compilations are not affected. For tests and benchmarks that compare a
    /// reused model with a fresh one: scoped by assembly name, as the remembered models are, so one run cannot switch
    /// reuse off (or on) for another. Scopes nest.
    /// </summary>
    internal static IDisposable Suspend(string? assemblyName)
    {
        var key = assemblyName ?? string.Empty;
        lock (Gate)
        {
            Suspended[key] = Suspended.TryGetValue(key, out var count) ? count + 1 : 1;
        }

        return new Suspension(key);
    }

    /// <summary>Forgets every remembered model (tests).</summary>
    internal static void Clear()
    {
        lock (Gate)
        {
            Array.Clear(Recent, 0, Slots);
        }
    }

    private static EfModel? Previous(string? assemblyName)
    {
        lock (Gate)
        {
            if (Suspended.Count > 0 && Suspended.ContainsKey(assemblyName ?? string.Empty))
            {
                return null;
            }

            foreach (var model in Recent)
            {
                if (model is not null && model.Compilation.AssemblyName == assemblyName)
                {
                    return model;
                }
            }

            return null;
        }
    }

    /// <summary>The previous model carried over to this compilation, or null when it has to be built.</summary>
    public static EfModel? TryReuse(EfSymbols symbols, CancellationToken cancellationToken)
    {
        var compilation = symbols.Compilation;
        var previous = Previous(compilation.AssemblyName);
        if (previous is null || ReferenceEquals(previous.Compilation, compilation) || !CanReuse(previous, compilation, symbols, out var map, cancellationToken))
        {
            return null;
        }

        return previous.ReuseFor(symbols, map);
    }

    private static bool CanReuse(EfModel previous, Compilation compilation, EfSymbols symbols, out LocationMap? map, CancellationToken cancellationToken)
    {
        map = null;
        var old = previous.Compilation;
        if (!ReferenceEquals(old.Options, compilation.Options) && !old.Options.Equals(compilation.Options))
        {
            return false;
        }

        // Same references, bound to the same assembly symbols: symbols of referenced assemblies are then shared.
        if (!ReferenceEquals(previous.Symbols.DbContext, symbols.DbContext) || !SharesReferenceSymbols(old, compilation))
        {
            return false;
        }

        var oldTrees = previous.Trees;
        var added = new List<SyntaxTree>();
        var count = 0;
        foreach (var tree in compilation.SyntaxTrees)
        {
            count++;
            if (!oldTrees.Contains(tree))
            {
                added.Add(tree);
                if (added.Count > MaxChangedTrees)
                {
                    return false;
                }
            }
        }

        if (count != oldTrees.Count)
        {
            return false;
        }

        if (added.Count == 0)
        {
            return true;
        }

        var current = new HashSet<SyntaxTree>(compilation.SyntaxTrees);
        foreach (var tree in added)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (previous.FindTree(tree.FilePath) is not { } replaced || current.Contains(replaced) ||
                !string.Equals(Skeleton(replaced, cancellationToken), Skeleton(tree, cancellationToken), StringComparison.Ordinal))
            {
                return false;
            }

            var facts = FluentConfigurationReader.Read(tree, symbols, cancellationToken);
            if (!previous.ContributingTrees.Contains(replaced))
            {
                if (!facts.IsEmpty)
                {
                    return false;
                }

                continue;
            }

            // a tree the model was read from or points into: the same facts in the same places after the edit
            map ??= new LocationMap();
            map.Add(replaced, tree, cancellationToken);
            if (!SameFacts(FluentConfigurationReader.Read(replaced, previous.Symbols, cancellationToken), facts, map) || map.Failed)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The facts of an edited tree are those of the tree it replaces, with their locations moved by the edit.</summary>
    private static bool SameFacts(ImmutableArray<ConfigFact> before, ImmutableArray<ConfigFact> after, LocationMap map)
    {
        if (before.Length != after.Length)
        {
            return false;
        }

        for (var i = 0; i < before.Length; i++)
        {
            if (!SameFact(before[i], after[i], map))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameFact(ConfigFact before, ConfigFact after, LocationMap map) =>
        before.Kind == after.Kind && before.Facet == after.Facet &&
        before.IsPrimaryKey == after.IsPrimaryKey && before.IsFiltered == after.IsFiltered && before.IsUnique == after.IsUnique &&
        before.IsConfigurationClass == after.IsConfigurationClass && before.IsJson == after.IsJson && before.IsRequired == after.IsRequired &&
        before.HelperTypeParameter == after.HelperTypeParameter &&
        Same(before.Entity, after.Entity) && Same(before.Name, after.Name) && Same(before.Target, after.Target) &&
        Same(before.Owner, after.Owner) && Same(before.Helper, after.Helper) &&
        Same(before.Members, after.Members) && Same(before.Types, after.Types) &&
        Same(map.Map(before.Location), after.Location) && Same(map.MapOptional(before.AppliedAt), after.AppliedAt) &&
        SameRelationship(before.Relationship, after.Relationship, map);

    private static bool SameRelationship(RelationshipFact? before, RelationshipFact? after, LocationMap map) =>
        before is null || after is null
            ? before is null && after is null
            : Same(before.Navigation, after.Navigation) && Same(before.Inverse, after.Inverse) && Same(before.DependentHint, after.DependentHint) &&
              before.IsCollection == after.IsCollection && before.WithCalled == after.WithCalled &&
              before.InverseIsCollection == after.InverseIsCollection && before.IsRequired == after.IsRequired && before.Required == after.Required &&
              Same(before.ForeignKey, after.ForeignKey) && Same(before.PrincipalKey, after.PrincipalKey) &&
              Same(map.MapOptional(before.ForeignKeyLocation), after.ForeignKeyLocation);

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal);

    private static bool Same(Location? a, Location? b) => a is null ? b is null : a.Equals(b);

    private static bool Same(ImmutableArray<string> a, ImmutableArray<string> b) =>
        a.IsDefault || b.IsDefault ? a.IsDefault == b.IsDefault : System.Linq.ImmutableArrayExtensions.SequenceEqual(a, b, StringComparer.Ordinal);

    /// <summary>The same references in the same order, bound to the same assembly symbols (so their symbols are shared).</summary>
    internal static bool SharesReferenceSymbols(Compilation old, Compilation compilation)
    {
        using var oldReferences = old.References.GetEnumerator();
        using var newReferences = compilation.References.GetEnumerator();
        while (true)
        {
            var moreOld = oldReferences.MoveNext();
            if (moreOld != newReferences.MoveNext())
            {
                return false;
            }

            if (!moreOld)
            {
                return true;
            }

            if (!ReferenceEquals(oldReferences.Current, newReferences.Current) ||
                !ReferenceEquals(old.GetAssemblyOrModuleSymbol(oldReferences.Current), compilation.GetAssemblyOrModuleSymbol(newReferences.Current)))
            {
                return false;
            }
        }
    }

    /// <summary>
    /// The tree's declarations as the model reads them: every token outside member bodies (method, constructor,
    /// operator and accessor bodies, expression bodies, top-level statements) and outside the arguments of
    /// attributes whose arguments the model never reads (<see cref="UnreadAttributeArguments"/>: <c>[MaxLength(200)]</c>
    /// is read by rules from the symbols of the compilation at hand), and every preprocessor directive. Two trees
    /// with the same skeleton declare the same types, members, attributes, initializers and nullable contexts.
    /// </summary>
    internal static string Skeleton(SyntaxTree tree, CancellationToken cancellationToken) =>
        Skeletons.GetValue(tree, t =>
        {
            var root = t.GetRoot(cancellationToken);
            var text = new StringBuilder();
            foreach (var token in root.DescendantTokens(static node => !IsBody(node) && !IsUnreadAttributeArguments(node)))
            {
                text.Append(token.Text).Append('\n');
            }

            if (root.ContainsDirectives && root is CSharpSyntaxNode node)
            {
                for (var directive = node.GetFirstDirective(); directive is not null; directive = directive.GetNextDirective())
                {
                    text.Append(directive.ToString()).Append('\n');
                }
            }

            return text.ToString();
        });

    private static bool IsBody(SyntaxNode node) => node switch
    {
        BlockSyntax block => block.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax,
        ArrowExpressionClauseSyntax arrow => arrow.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or BasePropertyDeclarationSyntax or LocalFunctionStatementSyntax,
        GlobalStatementSyntax => true,
        _ => false,
    };

    /// <summary>
    /// Attributes (by the name written, without the <c>Attribute</c> suffix) whose arguments no part of the model reads:
    /// data annotations that rules read from the property symbols of the compilation they analyze. The model reads the
    /// arguments of <c>[Table]</c>, <c>[Column]</c>, <c>[Index]</c>, <c>[PrimaryKey]</c>, <c>[ForeignKey]</c> and
    /// <c>[InverseProperty]</c>, which are not listed. The attribute's name stays in the skeleton either way.
    /// </summary>
    internal static readonly ImmutableHashSet<string> UnreadAttributeArguments = ImmutableHashSet.Create(
        StringComparer.Ordinal, "MaxLength", "StringLength", "MinLength", "Precision", "Unicode", "Comment", "Range", "DefaultValue");

    private static bool IsUnreadAttributeArguments(SyntaxNode node) =>
        node is AttributeArgumentListSyntax { Parent: AttributeSyntax attribute } && attribute.ShortName() is { } name && UnreadAttributeArguments.Contains(name);

    /// <summary>See <see cref="EfModel.ContributingTrees"/>; called once when a model is built.</summary>
    internal static HashSet<SyntaxTree> CollectContributingTrees(EfModel model, IEnumerable<SyntaxTree> factTrees)
    {
        var trees = new HashSet<SyntaxTree>(factTrees);
        foreach (var context in model.Contexts)
        {
            AddDeclarations(trees, context);
        }

        foreach (var entity in model.Entities)
        {
            for (var type = entity.Type; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                AddDeclarations(trees, type.OriginalDefinition);
            }

            foreach (var property in entity.ScalarProperties)
            {
                AddDeclarations(trees, property);
            }

            foreach (var navigation in entity.Navigations)
            {
                AddDeclarations(trees, navigation.Property);
            }

            foreach (var index in entity.Indexes)
            {
                AddLocation(trees, index.Location);
            }

            foreach (var filter in entity.QueryFilters)
            {
                AddLocation(trees, filter.Location);
            }

            foreach (var setting in entity.PropertyFacets)
            {
                AddLocation(trees, setting.Location);
            }

            foreach (var block in entity.ConfigurationBlocks)
            {
                AddLocation(trees, block.Location);
            }

            AddLocation(trees, entity.Temporal?.Location);
        }

        foreach (var relationship in model.Relationships)
        {
            AddLocation(trees, relationship.Location);
        }

        foreach (var convention in model.BulkConventions)
        {
            AddLocation(trees, convention.Location);
        }

        foreach (var loop in model.LoopQueryFilters)
        {
            AddLocation(trees, loop.Location);
        }

        return trees;
    }

    private static void AddDeclarations(HashSet<SyntaxTree> trees, ISymbol symbol)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            trees.Add(reference.SyntaxTree);
        }
    }

    private static void AddLocation(HashSet<SyntaxTree> trees, Location? location)
    {
        if (location?.SourceTree is { } tree)
        {
            trees.Add(tree);
        }
    }

    private sealed class Suspension : IDisposable
    {
        private string? _key;

        public Suspension(string key) => _key = key;

        public void Dispose()
        {
            var key = Interlocked.Exchange(ref _key, null);
            if (key is null)
            {
                return;
            }

            lock (Gate)
            {
                if (Suspended.TryGetValue(key, out var count) && count > 1)
                {
                    Suspended[key] = count - 1;
                }
                else
                {
                    Suspended.Remove(key);
                }
            }
        }
    }
}
