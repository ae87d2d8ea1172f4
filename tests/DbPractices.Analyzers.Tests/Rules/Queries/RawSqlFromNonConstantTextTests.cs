using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Queries;
using DbPractices.Analyzers.Tests.Infrastructure;
using DbPractices.CodeFixes.Rules.Queries;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = DbPractices.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    DbPractices.Analyzers.Rules.Queries.RawSqlFromNonConstantTextAnalyzer,
    DbPractices.CodeFixes.Rules.Queries.RawSqlFromNonConstantTextFixer>;

namespace DbPractices.Analyzers.Tests.Rules.Queries;

public class RawSqlFromNonConstantTextTests
{
    private const string Usings = "using System;\nusing System.Linq;\nusing System.Text;\nusing System.Threading;\nusing System.Collections.Generic;\nusing System.Threading.Tasks;\nusing Microsoft.EntityFrameworkCore;\n";

    private const string Model = """

        public class User { public int Id { get; set; } public string Name { get; set; } = ""; }
        public class AppDb : DbContext { public DbSet<User> Users => Set<User>(); }
        """;

    private static string Source(string members) => Usings + "public class Repo\n{\n    private readonly AppDb db = new();\n" + members + "\n}\n" + Model;

    private static Task Analyze(string members, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<RawSqlFromNonConstantTextAnalyzer>.VerifyAsync(new[] { Source(members) }, EfProvider.None, null, expected);

    private static Task Analyze8(string members, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<RawSqlFromNonConstantTextAnalyzer>.VerifyAsync(new[] { Source(members) }, EfProvider.None, null, EfVersion.EfCore8, expected);

    private static DiagnosticResult Diagnostic(int location, string method, string how) =>
        Verify.Diagnostic("DBP013").WithLocation(location).WithArguments(method, how);

    // ---- fires (EF Core 10: what EF1002/EF1003 do not see) ----

    [Fact]
    public Task Text_built_in_a_local_fires() => Analyze("""
            public List<User> A(string name)
            {
                var sql = "SELECT * FROM Users WHERE Name = '" + name + "'";
                return db.Users.{|#0:FromSqlRaw|}(sql).ToList();
            }
            public int B(int id)
            {
                var sql = $"DELETE FROM Users WHERE Id = {id}";
                return db.Database.{|#1:ExecuteSqlRaw|}(sql);
            }
            public Task<int> C(string name, bool active, CancellationToken ct)
            {
                var sql = "UPDATE Users SET Active = 0";
                if (active) sql += " WHERE Name = '" + name + "'";
                return db.Database.{|#2:ExecuteSqlRawAsync|}(sql, ct);
            }
            public List<int> D(string table)
            {
                string sql;
                if (table.Length > 3) sql = "SELECT Id FROM Users"; else sql = "SELECT Id FROM " + table;
                return db.Database.{|#3:SqlQueryRaw|}<int>(sql).ToList();
            }
        """,
        Diagnostic(0, "FromSqlRaw", "through local 'sql'"),
        Diagnostic(1, "ExecuteSqlRaw", "through local 'sql'"),
        Diagnostic(2, "ExecuteSqlRawAsync", "through local 'sql'"),
        Diagnostic(3, "SqlQueryRaw", "through local 'sql'"));

    [Fact]
    public Task Text_in_a_field_set_in_the_constructor_fires() => Analyze("""
            private readonly string _sql;
            private readonly string _constant = "SELECT * FROM Users";
            public Repo(string schema) { _sql = "SELECT * FROM " + schema + ".Users"; }
            public List<User> A() => db.Users.{|#0:FromSqlRaw|}(_sql).ToList();
            public List<User> B() => db.Users.FromSqlRaw(_constant).ToList();
        """, Diagnostic(0, "FromSqlRaw", "through field '_sql'"));

    [Fact]
    public Task StringBuilder_fires_through_a_local_and_inline() => Analyze("""
            public int A(IEnumerable<int> ids)
            {
                var sb = new StringBuilder("DELETE FROM Users WHERE Id IN (");
                sb.Append(string.Join(",", ids)).Append(')');
                return db.Database.{|#0:ExecuteSqlRaw|}(sb.ToString());
            }
            public int B(string name) =>
                db.Database.{|#1:ExecuteSqlRaw|}(new StringBuilder("DELETE FROM Users WHERE Name = '").Append(name).Append("'").ToString());
            public int C()
            {
                var sb = new StringBuilder();
                sb.AppendLine("DELETE FROM Users").Append("WHERE Id = 1");
                return db.Database.ExecuteSqlRaw(sb.ToString());
            }
        """,
        Diagnostic(0, "ExecuteSqlRaw", "with a StringBuilder"),
        Diagnostic(1, "ExecuteSqlRaw", "with a StringBuilder"));

    [Fact]
    public Task String_Format_Concat_and_Join_with_non_constant_parts_fire() => Analyze("""
            public List<User> A(string name) => db.Users.{|#0:FromSqlRaw|}(string.Format("SELECT * FROM Users WHERE Name = '{0}'", name)).ToList();
            public int B(string id) => db.Database.{|#1:ExecuteSqlRaw|}(string.Concat("DELETE FROM Users WHERE Id = ", id));
            public int C(IEnumerable<int> ids) => db.Database.{|#2:ExecuteSqlRaw|}(string.Join(" ", "DELETE FROM Users WHERE Id IN (", string.Join(",", ids), ")"));
            public int D() => db.Database.ExecuteSqlRaw(string.Format(System.Globalization.CultureInfo.InvariantCulture, "DELETE FROM Users WHERE Id = {0}", 1));
        """,
        Diagnostic(0, "FromSqlRaw", "by string.Format"),
        Diagnostic(1, "ExecuteSqlRaw", "by string.Concat"),
        Diagnostic(2, "ExecuteSqlRaw", "by string.Join"));

    [Fact]
    public Task Migration_Sql_with_non_constant_text_fires_even_in_generated_migration_files() => AnalyzerVerifier<RawSqlFromNonConstantTextAnalyzer>.VerifyAsync(
        new[] { "// <auto-generated />\n" + Usings + """
            using Microsoft.EntityFrameworkCore.Migrations;
            public partial class Seed : Migration
            {
                private const string Table = "Users";
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    var admin = Environment.GetEnvironmentVariable("ADMIN");
                    migrationBuilder.{|#0:Sql|}("INSERT INTO Users (Name) VALUES ('" + admin + "')");
                    migrationBuilder.Sql("DELETE FROM " + Table);
                    migrationBuilder.Sql($"DELETE FROM {Table} WHERE Id = {1}");
                }
            }
            """ + Model },
        EfProvider.None, null, Diagnostic(0, "Sql", "by concatenation"));

    // ---- silent ----

    [Fact]
    public Task Spots_EF_Core_10_reports_itself_are_silent() => Analyze("""
            public List<User> A(string name) => db.Users.FromSqlRaw($"SELECT * FROM Users WHERE Name = '{name}'").ToList();
            public int B(int id) => db.Database.ExecuteSqlRaw("DELETE FROM Users WHERE Id = " + id);
            public Task<int> C(string name) => db.Database.ExecuteSqlRawAsync("DELETE FROM Users WHERE Name = '" + name + "'");
            public List<int> D(string t) => db.Database.SqlQueryRaw<int>($"SELECT Id FROM {t}").ToList();
        """);

    [Fact]
    public Task Constant_text_is_silent() => Analyze("""
            private const string Table = "Users";
            private static readonly string Select = "SELECT * FROM Users";
            public List<User> A() => db.Users.FromSqlRaw("SELECT * FROM " + Table + " WHERE Id > {0}", 3).ToList();
            public List<User> B()
            {
                const string sql = "SELECT * FROM Users";
                return db.Users.FromSqlRaw(sql).ToList();
            }
            public List<User> C(bool desc)
            {
                var order = desc ? "DESC" : "ASC";
                var sql = $"SELECT * FROM {Table} ORDER BY Name {order}";
                return db.Users.FromSqlRaw(sql).ToList();
            }
            public List<User> D() => db.Users.FromSqlRaw(Select).ToList();
            public int E() => db.Database.ExecuteSqlRaw(string.Format("DELETE FROM {0}", Table));
            public int F() => db.Database.ExecuteSqlRaw(string.Join(" ", "DELETE", "FROM", Table));
        """);

    [Fact]
    public Task Text_from_parameters_and_calls_is_silent_the_caller_owns_it() => Analyze("""
            public List<User> A(string sql) => db.Users.FromSqlRaw(sql).ToList();
            public int B(string sql)
            {
                var text = sql;
                return db.Database.ExecuteSqlRaw(text);
            }
            public int C() => db.Database.ExecuteSqlRaw(LoadScript());
            public List<User> D(int id) => db.Users.FromSql($"SELECT * FROM Users WHERE Id = {id}").ToList();
            private static string LoadScript() => System.IO.File.ReadAllText("script.sql");
        """);

    // ---- EF Core 8: concatenation is ours (EF1003 ships with EF Core 10), interpolation is EF1002 ----

    [Fact]
    public Task EF_Core_8_concatenation_fires_and_interpolation_is_left_to_EF1002() => Analyze8("""
            public List<User> A(string name) => db.Users.{|#0:FromSqlRaw|}("SELECT * FROM Users WHERE Name = '" + name + "'").ToList();
            public List<User> B(string name) => db.Users.FromSqlRaw($"SELECT * FROM Users WHERE Name = {name}").ToList();
        """, Diagnostic(0, "FromSqlRaw", "by concatenation"));

    // ---- fixes ----

    [Fact]
    public Task EF_Core_8_fix_turns_a_concatenation_into_a_parameterized_interpolation() => Verify.VerifyFixAsync(
        new[] { Source("""
                public List<User> A(string name, int min) => db.Users.{|DBP013:FromSqlRaw|}("SELECT * FROM Users WHERE Name = " + name + " AND Id > " + (min + 1)).ToList();
                public Task<int> B(int id, CancellationToken ct) => db.Database.{|DBP013:ExecuteSqlRawAsync|}("DELETE FROM \"Users\" WHERE Id = " + id, ct);
                public List<int> C(int id) => db.Database.{|DBP013:SqlQueryRaw|}<int>("SELECT Id FROM Users WHERE {Id} = " + id).ToList();
            """) },
        new[] { Source("""
                public List<User> A(string name, int min) => db.Users.FromSql($"SELECT * FROM Users WHERE Name = {name} AND Id > {(min + 1)}").ToList();
                public Task<int> B(int id, CancellationToken ct) => db.Database.ExecuteSqlAsync($"DELETE FROM \"Users\" WHERE Id = {id}", ct);
                public List<int> C(int id) => db.Database.SqlQuery<int>($"SELECT Id FROM Users WHERE {{Id}} = {id}").ToList();
            """) },
        RawSqlFromNonConstantTextFixer.EquivalenceKey, EfProvider.None, null, null, EfVersion.EfCore8);

    [Fact]
    public async Task No_fix_where_a_parameter_cannot_stand()
    {
        var source = Source("""
                private const string Table = "Users";
                public List<User> A(string name) => db.Users.{|#0:FromSqlRaw|}("SELECT * FROM Users WHERE Name = '" + name + "'").ToList();
                public List<User> B(string table) => db.Users.{|#1:FromSqlRaw|}("SELECT * FROM " + table).ToList();
                public List<User> C(string column) => db.Users.{|#2:FromSqlRaw|}("SELECT * FROM Users ORDER BY " + column).ToList();
                public List<User> D(int id) => db.Users.{|#3:FromSqlRaw|}("SELECT * FROM " + Table + " WHERE Id = " + id).ToList();
                public List<User> E(string ids) => db.Users.{|#4:FromSqlRaw|}("SELECT * FROM Users WHERE Id IN (" + ids + ")").ToList();
                public List<User> F(int id, int x) => db.Users.{|#5:FromSqlRaw|}("SELECT * FROM Users WHERE Id = " + id + " AND Id > {0}", x).ToList();
                public void G(string s) { var sql = "DELETE FROM Users WHERE Name = " + s; db.Database.{|#6:ExecuteSqlRaw|}(sql); }
            """);
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        TestSetup.Configure(test.TestState, EfProvider.None, null, EfVersion.EfCore8);
        test.ExpectedDiagnostics.AddRange(new[]
        {
            Diagnostic(0, "FromSqlRaw", "by concatenation"), Diagnostic(1, "FromSqlRaw", "by concatenation"),
            Diagnostic(2, "FromSqlRaw", "by concatenation"), Diagnostic(3, "FromSqlRaw", "by concatenation"),
            Diagnostic(4, "FromSqlRaw", "by concatenation"), Diagnostic(5, "FromSqlRaw", "by concatenation"),
            Diagnostic(6, "ExecuteSqlRaw", "through local 'sql'"),
        });
        await test.RunAsync();
    }

    [Fact]
    public Task Fix_all_across_documents_on_EF_Core_8() => Verify.VerifyFixAsync(
        new[]
        {
            Source("""
                public int A(int id) => db.Database.{|DBP013:ExecuteSqlRaw|}("DELETE FROM Users WHERE Id = " + id);
                public int B(string n) => db.Database.{|DBP013:ExecuteSqlRaw|}("DELETE FROM Users WHERE Name = " + n);
            """),
            Usings + "public class Other { public List<User> C(AppDb db, int id) => db.Users.{|DBP013:FromSqlRaw|}(\"SELECT * FROM Users WHERE Id = \" + id).ToList(); }",
        },
        new[]
        {
            Source("""
                public int A(int id) => db.Database.ExecuteSql($"DELETE FROM Users WHERE Id = {id}");
                public int B(string n) => db.Database.ExecuteSql($"DELETE FROM Users WHERE Name = {n}");
            """),
            Usings + "public class Other { public List<User> C(AppDb db, int id) => db.Users.FromSql($\"SELECT * FROM Users WHERE Id = {id}\").ToList(); }",
        },
        RawSqlFromNonConstantTextFixer.EquivalenceKey, EfProvider.None, null, null, EfVersion.EfCore8);

    [Fact]
    public async Task The_same_fix_is_offered_for_EF_Core_10s_EF1003_which_ships_none()
    {
        Assert.DoesNotContain("EF1003", EfCoreAnalyzers.FixedIds(EfCoreAnalyzers.EfCore10Version));
        Assert.Contains("EF1002", EfCoreAnalyzers.FixedIds(EfCoreAnalyzers.EfCore10Version));

        var test = new WithEfCoreAnalyzerTest
        {
            TestCode = Source("""
                public int A(int id) => db.Database.{|EF1003:ExecuteSqlRaw|}("DELETE FROM Users WHERE Id = " + id);
                public List<User> B(string n) => db.Users.{|EF1003:FromSqlRaw|}("SELECT * FROM Users WHERE Name = " + n).ToList();
            """),
            FixedCode = Source("""
                public int A(int id) => db.Database.ExecuteSql($"DELETE FROM Users WHERE Id = {id}");
                public List<User> B(string n) => db.Users.FromSql($"SELECT * FROM Users WHERE Name = {n}").ToList();
            """),
            CodeActionEquivalenceKey = RawSqlFromNonConstantTextFixer.EquivalenceKey,
        };
        TestSetup.Configure(test.TestState, EfProvider.None, null);
        await test.RunAsync();
    }

    private sealed class WithEfCoreAnalyzerTest : CSharpCodeFixTest<RawSqlFromNonConstantTextAnalyzer, RawSqlFromNonConstantTextFixer, DefaultVerifier>
    {
        public WithEfCoreAnalyzerTest()
        {
            ReferenceAssemblies = TestSetup.NoPackages;
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() =>
            base.GetDiagnosticAnalyzers().Concat(EfCoreAnalyzers.RawSql(EfCoreAnalyzers.EfCore10Version));

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
    }

    // ---- acceptance: DBP013 and EF Core's own analyzer never report the same call, and between them miss none ----

    /// <summary>Each line is one raw SQL call; "// R" lines must be reported by exactly one analyzer, "// S" by none.</summary>
    private const string Corpus = """
            private const string Table = "Users";
            private readonly string _field;
            public Corpus(string schema) { _field = "SELECT * FROM " + schema + ".Users"; }
            public void Run(string name, int id, IEnumerable<int> ids, CancellationToken ct)
            {
                var local = "SELECT * FROM Users WHERE Name = '" + name + "'";
                var interpolatedLocal = $"DELETE FROM Users WHERE Id = {id}";
                var sb = new StringBuilder("DELETE FROM Users WHERE Id IN (").Append(string.Join(",", ids)).Append(')');
                const string constant = "SELECT * FROM Users";
                db.Users.FromSqlRaw($"SELECT * FROM Users WHERE Name = '{name}'"); // R
                db.Users.FromSqlRaw("SELECT * FROM Users WHERE Name = '" + name + "'"); // R
                db.Database.ExecuteSqlRaw($"DELETE FROM Users WHERE Id = {id}"); // R
                db.Database.ExecuteSqlRaw("DELETE FROM Users WHERE Id = " + id); // R
                db.Database.ExecuteSqlRawAsync("DELETE FROM Users WHERE Id = " + id, ct); // R
                db.Database.SqlQueryRaw<int>($"SELECT Id FROM Users WHERE Name = {name}"); // R
                db.Database.SqlQueryRaw<int>("SELECT Id FROM Users WHERE Name = " + name); // R
                db.Users.FromSqlRaw(local); // R
                db.Database.ExecuteSqlRaw(interpolatedLocal); // R
                db.Database.ExecuteSqlRaw(sb.ToString()); // R
                db.Users.FromSqlRaw(_field); // R
                db.Users.FromSqlRaw(string.Format("SELECT * FROM Users WHERE Name = '{0}'", name)); // R
                db.Database.ExecuteSqlRaw(string.Concat("DELETE FROM Users WHERE Id = ", id)); // R
                db.Users.FromSqlRaw((string)$"SELECT * FROM Users WHERE Name = '{name}'"); // R
                db.Users.FromSqlRaw(constant); // S
                db.Users.FromSqlRaw("SELECT * FROM " + Table); // S
                db.Users.FromSqlRaw($"SELECT * FROM {Table}"); // S
                db.Users.FromSqlRaw("SELECT * FROM Users WHERE Id = {0}", id); // S
                db.Database.ExecuteSqlRaw(string.Format("DELETE FROM {0}", Table)); // S
            }
        """;

    [Theory]
    [InlineData(10)]
    [InlineData(8)]
    public async Task DBP013_and_EF1002_EF1003_never_report_the_same_call(int efMajor)
    {
        var source = Usings + "public class Corpus\n{\n    private readonly AppDb db = new();\n" + Corpus + "\n}\n" + Model;
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Corpus.cs");
        var references = efMajor == 10 ? References.Framework.AddRange(References.EfCore) : References.Framework80.AddRange(References.EfCore8);
        var compilation = CSharpCompilation.Create("Corpus", new[] { tree }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var efAnalyzers = EfCoreAnalyzers.RawSql(efMajor == 10 ? EfCoreAnalyzers.EfCore10Version : EfCoreAnalyzers.EfCore8Version);
        Assert.NotEmpty(efAnalyzers);
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new RawSqlFromNonConstantTextAnalyzer()).AddRange(efAnalyzers))
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        var relevant = diagnostics.Where(d => d.Id is "DBP013" or "EF1002" or "EF1003").ToList();

        // never the same location twice
        Assert.All(relevant.GroupBy(d => d.Location.SourceSpan), g => Assert.True(g.Count() == 1, $"{g.Key}: {string.Join(", ", g.Select(d => d.Id))}"));

        // each "R" line reported exactly once, each "S" line never
        var text = tree.GetText();
        foreach (var line in text.Lines)
        {
            var content = line.ToString();
            if (!content.Contains("db.", System.StringComparison.Ordinal) || !content.TrimEnd().EndsWith("// R", System.StringComparison.Ordinal) && !content.TrimEnd().EndsWith("// S", System.StringComparison.Ordinal))
            {
                continue;
            }

            var onLine = relevant.Where(d => line.Span.Contains(d.Location.SourceSpan)).Select(d => d.Id).ToList();
            var expected = content.TrimEnd().EndsWith("// R", System.StringComparison.Ordinal) ? 1 : 0;
            Assert.True(onLine.Count == expected, $"EF Core {efMajor}, line {line.LineNumber + 1} '{content.Trim()}': {string.Join(", ", onLine)}");
        }

        Assert.Contains(relevant, d => d.Id == "DBP013");
        Assert.Contains(relevant, d => d.Id == "EF1002");
        if (efMajor == 10)
        {
            Assert.Contains(relevant, d => d.Id == "EF1003");
        }
    }
}
