namespace DbPractices.Analyzers.Model;

/// <summary>
/// Which database the code targets: <c>dbpractices.sql_dialect</c> when set to a known value, else every
/// provider whose assembly the compilation references (<see cref="EfModel.Providers"/>; None when none is).
/// The one reader of that option, shared by every dialect-aware rule.
/// </summary>
internal static class TargetDatabase
{
    public static DatabaseProvider Resolve(EfModel model, AnalyzerOptions options, SyntaxTree tree) =>
        Parse(Options.Get(options, tree, Options.SqlDialect)) ?? model.Providers;

    /// <summary>The provider an option value names; null for an absent or unknown value.</summary>
    public static DatabaseProvider? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "sqlserver" or "mssql" or "azuresql" => DatabaseProvider.SqlServer,
        "postgresql" or "postgres" or "npgsql" => DatabaseProvider.PostgreSql,
        "sqlite" => DatabaseProvider.Sqlite,
        "mysql" or "mariadb" => DatabaseProvider.MySql,
        "oracle" => DatabaseProvider.Oracle,
        "cosmos" => DatabaseProvider.Cosmos,
        _ => null,
    };
}
