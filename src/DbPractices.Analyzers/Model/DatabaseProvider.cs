namespace DbPractices.Analyzers.Model;

/// <summary>The database providers a compilation references (<see cref="EfModel.Providers"/>).</summary>
[Flags]
internal enum DatabaseProvider
{
    None = 0,
    SqlServer = 1,
    PostgreSql = 2,
    Sqlite = 4,
    MySql = 8,
    Cosmos = 16,
    InMemory = 32,
    Oracle = 64,
}
