using System.Collections.Generic;
using System.Threading.Tasks;
using DbPractices.Analyzers.Rules.Mapping;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace DbPractices.Analyzers.Tests.Rules.Mapping;

/// <summary>
/// What the DBP003 and DBP004 tests share: the entities, and a run of both rules together (they read the same strings,
/// <c>Model/RelationshipStrings</c>), so every case asserts what either rule reports on it, silent cases included.
/// </summary>
internal static class RelationshipStringCases
{
    public const string Usings = "using System;\nusing System.Linq;\nusing System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nusing Microsoft.EntityFrameworkCore.Metadata.Builders;\nusing System.ComponentModel.DataAnnotations.Schema;\n";

    public const string Entities = """
        public class Blog { public int Id { get; set; } public string Url { get; set; } = ""; public List<Post> Posts { get; set; } = new(); }
        public class Post
        {
            public int Id { get; set; }
            public int BlogId { get; set; }
            public Blog Blog { get; set; } = null!;
            public List<Comment> Comments { get; set; } = new();
        }
        public class Comment { public int Id { get; set; } public int PostId { get; set; } public Post Post { get; set; } = null!; }
        """;

    public static Task Analyze(string source, params DiagnosticResult[] expected) =>
        Analyze(new[] { Usings + Entities + source }, EfProvider.Sqlite, System.Array.Empty<MetadataReference>(), expected);

    public static Task Analyze(string[] sources, EfProvider provider, IEnumerable<MetadataReference> references, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<RelationshipMemberNamedByStringAnalyzer>.VerifyWithAsync(
            new DiagnosticAnalyzer[] { new RelationshipStringNamesNoMemberAnalyzer() }, sources, provider, null, EfVersion.EfCore10, references, expected);

    public static DiagnosticResult Named(int location, string name, string type, string member, string use) =>
        AnalyzerVerifier<RelationshipMemberNamedByStringAnalyzer>.Diagnostic("DBP003").WithLocation(location).WithArguments(name, type, member, use);

    public static DiagnosticResult NoMember(int location, string name, string type, string suggestion = "") =>
        AnalyzerVerifier<RelationshipStringNamesNoMemberAnalyzer>.Diagnostic("DBP004").WithLocation(location).WithArguments(name, type, suggestion);
}
