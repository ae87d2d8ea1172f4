using DbPractices.Analyzers.Model;
using Xunit;

namespace DbPractices.Analyzers.Tests.Model;

public class TargetDatabaseTests
{
    [Theory]
    [InlineData("sqlserver", "SqlServer")]
    [InlineData(" MSSQL ", "SqlServer")]
    [InlineData("postgres", "PostgreSql")]
    [InlineData("npgsql", "PostgreSql")]
    [InlineData("sqlite", "Sqlite")]
    [InlineData("mariadb", "MySql")]
    [InlineData("oracle", "Oracle")]
    [InlineData("cosmos", "Cosmos")]
    public void Option_values_name_one_provider(string value, string expected) =>
        Assert.Equal(expected, TargetDatabase.Parse(value).ToString());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("db2")]
    public void Absent_or_unknown_values_fall_back_to_the_referenced_providers(string? value) =>
        Assert.Null(TargetDatabase.Parse(value));
}
