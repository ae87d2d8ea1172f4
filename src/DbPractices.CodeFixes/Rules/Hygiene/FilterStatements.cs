using DbPractices.Analyzers.Rules.Hygiene;
using Microsoft.CodeAnalysis.Simplification;

namespace DbPractices.CodeFixes.Rules.Hygiene;

/// <summary>Writes a new query filter where <see cref="FilterTargets"/> said it goes (a configuration block or OnModelCreating).</summary>
internal static class FilterStatements
{
    /// <summary>One filter to add: the lambda is written as <c>{parameter} =&gt; {body}</c> with <c>{0}</c> in the body standing for the parameter.</summary>
    public sealed record NewFilter(string Mode, string Builder, string EntityType, string BodyFormat, string? Name);

    public static NewFilter? From(Diagnostic diagnostic, string bodyFormat, string? name)
    {
        var p = diagnostic.Properties;
        return p.TryGetValue(FilterTargets.ModeKey, out var mode) && mode is FilterTargets.ModeBlock or FilterTargets.ModeModel &&
               p.TryGetValue(FilterTargets.BuilderKey, out var builder) && builder is not null &&
               p.TryGetValue(FilterTargets.EntityTypeKey, out var entityType) && entityType is not null
            ? new NewFilter(mode!, builder, entityType, bodyFormat, name)
            : null;
    }

    /// <summary>Appends the filters to the block at <paramref name="target"/> (a configuration block or OnModelCreating's body).</summary>
    public static SyntaxNode Append(SyntaxNode root, Location target, IReadOnlyList<NewFilter> filters)
    {
        if (root.FindNode(target.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<BlockSyntax>() is not { } block)
        {
            return root;
        }

        var parameter = HygieneEditing.FreshName(block, "e", "x", "entity");
        var statements = new List<StatementSyntax>();
        var texts = filters.Select(f =>
        {
            var lambda = parameter + " => " + f.BodyFormat.Replace("{0}", parameter);
            var arguments = f.Name is null ? lambda : "\"" + f.Name + "\", " + lambda;
            return f.Mode == FilterTargets.ModeBlock
                ? $"{f.Builder}.HasQueryFilter({arguments});"
                : $"{f.Builder}.Entity<{f.EntityType}>().HasQueryFilter({arguments});";
        });

        var newBlock = HygieneEditing.AppendStatements(block, texts);
        newBlock = newBlock.ReplaceNodes(
            newBlock.DescendantNodes().OfType<QualifiedNameSyntax>().Where(q => q.Parent is TypeArgumentListSyntax && q.ToString().StartsWith("global::", System.StringComparison.Ordinal)),
            (original, _) => original.WithAdditionalAnnotations(Simplifier.Annotation));
        newBlock = newBlock.ReplaceNodes(
            newBlock.DescendantNodes().OfType<AliasQualifiedNameSyntax>().Where(q => q.Parent is TypeArgumentListSyntax),
            (original, _) => original.WithAdditionalAnnotations(Simplifier.Annotation));
        return root.ReplaceNode(block, newBlock);
    }
}
