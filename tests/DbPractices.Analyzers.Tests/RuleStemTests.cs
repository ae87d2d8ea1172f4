using System;
using System.IO;
using System.Linq;
using System.Reflection;
using DbPractices.Analyzers.Tests.Infrastructure;
using Xunit;

namespace DbPractices.Analyzers.Tests;

/// <summary>
/// One name per rule: the <see cref="RuleIdentifiers"/> constant's name is the stem of the rule's analyzer
/// (<c>{Stem}Analyzer</c>), fixer (<c>{Stem}Fixer</c>, when the rule has a fix), test class (<c>{Stem}Tests</c>) and
/// sample (<c>samples/DbPractices.Sample/Cases/{Id}_{Stem}.cs</c>, when the rule has one); the docs page is <c>docs/rules/{Id}.md</c>.
/// </summary>
public class RuleStemTests
{
    public static TheoryData<string, string> Rules()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.IsLiteral && field.GetRawConstantValue() is string id && id.StartsWith("DBP", StringComparison.Ordinal))
            {
                data.Add(id, field.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Analyzer_is_named_after_the_identifier_constant(string id, string stem)
    {
        var name = stem + "Analyzer";
        var analyzer = RuleCatalog.Analyzers.SingleOrDefault(a => a.SupportedDiagnostics.Any(d => d.Id == id));
        Assert.True(analyzer is not null, $"no analyzer reports {id}");
        Assert.Equal(name, analyzer!.GetType().Name);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Fixer_is_named_after_the_identifier_constant(string id, string stem)
    {
        var fixers = RuleCatalog.Fixers.Where(f => f.FixableDiagnosticIds.Contains(id)).ToArray();
        if (fixers.Length == 0)
        {
            return;
        }

        var name = stem + "Fixer";
        Assert.Contains(name, fixers.Select(f => f.GetType().Name));
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Test_class_is_named_after_the_identifier_constant(string id, string stem)
    {
        var name = stem + "Tests";
        Assert.True(typeof(RuleStemTests).Assembly.GetTypes().Any(t => t.Name == name), $"{id}: no test class {name}");
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Sample_is_named_after_the_identifier_constant(string id, string stem)
    {
        var cases = Path.Combine(RuleCatalog.RepositoryRoot, "samples", "DbPractices.Sample", "Cases");
        var samples = Directory.GetFiles(cases, id + "_*.cs").Select(Path.GetFileName).ToArray();
        Assert.All(samples, sample => Assert.Equal(id + "_" + stem + ".cs", sample));
    }

    [Fact]
    public void Rule_families_are_not_named_like_the_model_index()
    {
        foreach (var project in new[] { Path.Combine("src", "DbPractices.Analyzers"), Path.Combine("src", "DbPractices.CodeFixes"), Path.Combine("tests", "DbPractices.Analyzers.Tests") })
        {
            Assert.False(Directory.Exists(Path.Combine(RuleCatalog.RepositoryRoot, project, "Rules", "Model")), $"{project}/Rules/Model collides with the model index (Model/)");
        }
    }
}
