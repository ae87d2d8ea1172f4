namespace DbPractices.Analyzers.Model;

/// <summary>What a piece of property configuration sets (HasMaxLength, HasPrecision, ...).</summary>
internal enum PropertyFacet
{
    MaxLength,
    Precision,
    ColumnType,
    Required,
    Conversion,

    /// <summary><c>IsRowVersion()</c> / <c>IsConcurrencyToken()</c> (Value = "false" for <c>IsConcurrencyToken(false)</c>).</summary>
    ConcurrencyToken,
}
