namespace DbPractices.Analyzers;

/// <summary><c>dbpractices.*</c> keys from .editorconfig / .globalconfig.</summary>
internal static class Options
{
    public const string Prefix = "dbpractices.";
    public const string TenantProperties = "tenant_properties";
    public const string TenantInterfaces = "tenant_interfaces";
    public const string SqlDialect = "sql_dialect";
    public const string ReservedNames = "reserved_names";
    public const string SoftDeleteProperties = "soft_delete_properties";
    public const string SoftDeleteInterfaces = "soft_delete_interfaces";
    public const string DefaultMaxLength = "default_max_length";

    public static string? Get(AnalyzerOptions options, SyntaxTree tree, string key)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        if (provider.GetOptions(tree).TryGetValue(Prefix + key, out var value) ||
            provider.GlobalOptions.TryGetValue(Prefix + key, out value))
        {
            return value;
        }

        return null;
    }

    /// <summary>A comma list option, or <paramref name="defaults"/> when the key is absent.</summary>
    public static ImmutableArray<string> GetList(AnalyzerOptions options, SyntaxTree tree, string key, ImmutableArray<string> defaults)
    {
        var value = Get(options, tree, key);
        if (value is null)
        {
            return defaults;
        }

        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var part in value.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0)
            {
                builder.Add(trimmed);
            }
        }

        return builder.ToImmutable();
    }
}
