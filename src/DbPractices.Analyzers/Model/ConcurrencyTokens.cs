using System.Runtime.CompilerServices;

namespace DbPractices.Analyzers.Model;

/// <summary>
/// Which entities have an optimistic concurrency token: a property with <c>[Timestamp]</c> or <c>[ConcurrencyCheck]</c>,
/// or configured with <c>IsRowVersion()</c> / <c>IsConcurrencyToken()</c> (on the entity or a base entity, CLR or shadow
/// property). Answered once per entity model.
/// </summary>
internal static class ConcurrencyTokens
{
    private static readonly ConditionalWeakTable<EntityModel, object> Cache = new();

    private static readonly object Yes = new();
    private static readonly object No = new();

    public static bool HasConcurrencyToken(this EntityModel entity, EfSymbols symbols) =>
        ReferenceEquals(Cache.GetValue(entity, e => Compute(e, symbols) ? Yes : No), Yes);

    private static bool Compute(EntityModel entity, EfSymbols symbols)
    {
        var timestamp = symbols.GetType("System.ComponentModel.DataAnnotations.TimestampAttribute");
        var concurrencyCheck = symbols.GetType("System.ComponentModel.DataAnnotations.ConcurrencyCheckAttribute");
        for (var e = entity; e is not null; e = e.BaseEntity)
        {
            foreach (var fact in e.PropertyFacets)
            {
                if (fact.Facet == PropertyFacet.ConcurrencyToken && fact.Value != "false")
                {
                    return true;
                }
            }
        }

        foreach (var property in entity.ScalarProperties)
        {
            if ((timestamp is not null && property.HasAttribute(timestamp)) ||
                (concurrencyCheck is not null && property.HasAttribute(concurrencyCheck)))
            {
                return true;
            }
        }

        return false;
    }
}
