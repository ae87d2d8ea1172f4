namespace DbPractices.Analyzers.Model;

/// <summary>What configured a relationship (EF Core's precedence: fluent over data annotation over convention).</summary>
internal enum ConfigurationSource
{
    Convention,
    DataAnnotation,
    Fluent,
}
