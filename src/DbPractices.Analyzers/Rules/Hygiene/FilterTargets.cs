using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPractices.Analyzers.Rules.Hygiene;

/// <summary>Where a fix can add fluent configuration for an entity, handed to the fixers as properties + a location.</summary>
internal static class FilterTargets
{
    /// <summary>Diagnostic property: how the fix adds the filter (see the Mode* constants).</summary>
    public const string ModeKey = "Mode";

    /// <summary>Diagnostic property: the builder parameter of the block, or the ModelBuilder parameter of OnModelCreating.</summary>
    public const string BuilderKey = "Builder";

    /// <summary>Diagnostic property: the entity type, fully qualified (for <c>modelBuilder.Entity&lt;T&gt;()</c>).</summary>
    public const string EntityTypeKey = "EntityType";

    /// <summary>Append <c>builder.HasQueryFilter(..);</c> to an <c>IEntityTypeConfiguration</c>/<c>Entity&lt;T&gt;(b =&gt; {..})</c> block.</summary>
    public const string ModeBlock = "Block";

    /// <summary>Append <c>modelBuilder.Entity&lt;T&gt;().HasQueryFilter(..);</c> to OnModelCreating's body.</summary>
    public const string ModeModel = "Model";

    /// <summary>Join the new condition to the entity's existing unnamed filter with <c>&amp;&amp;</c>.</summary>
    public const string ModeMerge = "Merge";

    /// <summary>
    /// The entity's block (configuration class first), else the block body of OnModelCreating of a context
    /// exposing it (else of any context); null when there is neither.
    /// </summary>
    public static (string Mode, string Builder, Location Location)? Find(EfModel model, EntityModel entity, CancellationToken cancellationToken)
    {
        ConfigurationBlock? chosen = null;
        foreach (var block in entity.ConfigurationBlocks)
        {
            if (block.Location.IsInSource && (chosen is null || (block.IsConfigurationClass && !chosen.IsConfigurationClass)))
            {
                chosen = block;
            }
        }

        if (chosen is not null)
        {
            return (ModeBlock, chosen.Builder, chosen.Location);
        }

        (string, string, Location)? fallback = null;
        foreach (var context in model.Contexts)
        {
            var exposes = false;
            foreach (var property in context.GetInstanceProperties())
            {
                if (model.Symbols.GetDbSetElementType(property.Type) is { } element &&
                    SymbolEqualityComparer.Default.Equals(element.OriginalDefinition, entity.Type))
                {
                    exposes = true;
                    break;
                }
            }

            foreach (var member in context.GetMembers("OnModelCreating"))
            {
                if (member is IMethodSymbol { IsOverride: true, Parameters.Length: 1 } method)
                {
                    foreach (var reference in method.DeclaringSyntaxReferences)
                    {
                        if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax { Body: { } body })
                        {
                            var target = (ModeModel, method.Parameters[0].Name, body.GetLocation());
                            if (exposes)
                            {
                                return target;
                            }

                            fallback ??= target;
                        }
                    }
                }
            }
        }

        return fallback;
    }

    public static string FullyQualified(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
}
