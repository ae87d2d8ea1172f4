namespace DbPractices.Analyzers.Model;

/// <summary>What a piece of property configuration sets (HasMaxLength, HasPrecision, ...).</summary>
internal enum PropertyFacet
{
    MaxLength,
    Precision,
    ColumnType,
    Required,
    Conversion,
}
