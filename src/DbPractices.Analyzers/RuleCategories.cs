namespace DbPractices.Analyzers;

internal static class RuleCategories
{
    public const string Performance = "Performance";
    public const string Design = "Design";
    public const string Reliability = "Reliability";
    public const string Security = "Security";
}
