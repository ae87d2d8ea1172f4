namespace DbPractices.Analyzers.Model;

/// <summary>What makes a relationship required (see <see cref="RelationshipModel.RequiredBy"/>).</summary>
internal enum RequiredReason
{
    None,
    Fluent,
    RequiredAttribute,
    NonNullableForeignKey,
    NonNullableNavigation,
}
