using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DbPractices.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DbPractices.Analyzers.Tests;

/// <summary>Docs in sync with the code: help links, pages, the README table and release tracking.</summary>
public class DocumentationTests
{
    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    private static DiagnosticDescriptor Descriptor(string id) => RuleCatalog.Descriptors.Single(d => d.Id == id);

    [Fact]
    public void Every_identifier_constant_that_an_analyzer_uses_is_a_DBP_id()
    {
        Assert.NotEmpty(RuleCatalog.Descriptors);
        Assert.All(RuleCatalog.Descriptors, d => Assert.Matches("^DBP[0-9]{3}$", d.Id));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Help_link_points_at_the_rule_page_which_exists(string id)
    {
        var descriptor = Descriptor(id);
        Assert.Equal(RuleIdentifiers.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
        var page = Path.Combine(RuleCatalog.RepositoryRoot, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"{page} is missing");
        Assert.StartsWith("# " + id + " — " + descriptor.Title, File.ReadAllText(page), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Readme_table_lists_the_rule_with_category_severity_and_fix(string id)
    {
        var descriptor = Descriptor(id);
        var readme = File.ReadAllLines(Path.Combine(RuleCatalog.RepositoryRoot, "README.md"));
        var row = readme.SingleOrDefault(l => l.StartsWith($"| [{id}](docs/rules/{id}.md) |", StringComparison.Ordinal));
        Assert.True(row is not null, $"README.md has no rule table row for {id}");
        var cells = row!.Split('|').Select(c => c.Trim()).Where(c => c.Length > 0).ToArray();
        Assert.Equal(descriptor.Title.ToString(), cells[1]);
        Assert.Equal(descriptor.Category, cells[2]);
        Assert.Equal(SeverityText(descriptor), cells[3]);
        Assert.Equal(RuleCatalog.HasFix(id) ? "Yes" : "No", cells[4]);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_page_states_category_and_severity(string id)
    {
        var descriptor = Descriptor(id);
        var page = File.ReadAllText(Path.Combine(RuleCatalog.RepositoryRoot, "docs", "rules", id + ".md"));
        Assert.Contains("| Category | " + descriptor.Category + " |", page, StringComparison.Ordinal);
        Assert.Contains("| Default severity | " + SeverityText(descriptor) + " |", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_lists_no_rule_that_does_not_exist()
    {
        var readme = File.ReadAllText(Path.Combine(RuleCatalog.RepositoryRoot, "README.md"));
        var listed = Regex.Matches(readme, @"^\| \[(DBP[0-9]{3})\]", RegexOptions.Multiline).Select(m => m.Groups[1].Value);
        Assert.Equal(RuleCatalog.Descriptors.Select(d => d.Id), listed.OrderBy(x => x, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_option_key_in_the_code_is_documented_on_a_rule_page()
    {
        var pages = string.Join("\n", Directory.GetFiles(Path.Combine(RuleCatalog.RepositoryRoot, "docs", "rules"), "*.md").Select(File.ReadAllText));
        var source = string.Join("\n", Directory.GetFiles(Path.Combine(RuleCatalog.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        var keys = Regex.Matches(source, @"public const string \w+ = ""([a-z_]+)"";").Select(m => m.Groups[1].Value)
            .Distinct();
        foreach (var key in keys)
        {
            Assert.Contains("dbpractices." + key, pages, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Strict")]
    [InlineData("None")]
    public void Presets_set_every_rule(string preset)
    {
        var path = Path.Combine(RuleCatalog.RepositoryRoot, "src", "DbPractices.Package", "configuration", preset + ".globalconfig");
        var lines = File.ReadAllLines(path);
        Assert.Contains("is_global = true", lines);
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            // Strict raises every rule to at least a warning and never lowers one: the error rules stay errors
            var severity = preset == "None" ? "none" : descriptor.DefaultSeverity == DiagnosticSeverity.Error ? "error" : "warning";
            Assert.Contains($"dotnet_diagnostic.{descriptor.Id}.severity = {severity}", lines);
        }
    }

    /// <summary>
    /// What a fix changes besides code (schema, query results, migrations) is said on the rule page and in the
    /// README's Fix All section, the same way; a rule with a fix that is not listed there is named as code-only.
    /// </summary>
    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Fix_all_section_and_rule_page_say_what_a_fix_changes_besides_code(string id)
    {
        if (!RuleCatalog.HasFix(id))
        {
            return;
        }

        var readme = File.ReadAllText(Path.Combine(RuleCatalog.RepositoryRoot, "README.md"));
        var section = readme.Substring(readme.IndexOf("## Fix All", StringComparison.Ordinal));
        section = section.Substring(0, section.IndexOf("\n## ", 3, StringComparison.Ordinal));
        var row = Regex.Match(section, @"^\| " + id + @" \| ([^|]+) \| ([^|]+) \|$", RegexOptions.Multiline);
        var page = File.ReadAllText(Path.Combine(RuleCatalog.RepositoryRoot, "docs", "rules", id + ".md"));
        var pageRow = Regex.Match(page, @"^\| Fix changes more than code \| ([^:|]+): ", RegexOptions.Multiline);
        if (row.Success)
        {
            Assert.True(pageRow.Success, $"docs/rules/{id}.md does not say what its fix changes besides code");
            Assert.Equal(row.Groups[1].Value.Trim(), pageRow.Groups[1].Value.Trim());
        }
        else
        {
            Assert.False(pageRow.Success, $"README's Fix All section does not list {id}, its page says its fix changes more than code");
            Assert.Matches(@"The fixes of [^.]*\b" + id + @"\b[^.]* change only code", section);
        }
    }

    /// <summary>How the README and the pages name a default severity.</summary>
    public static string SeverityText(DiagnosticDescriptor descriptor) =>
        !descriptor.IsEnabledByDefault ? "Off" : descriptor.DefaultSeverity switch
        {
            DiagnosticSeverity.Error => "Error",
            DiagnosticSeverity.Warning => "Warning",
            DiagnosticSeverity.Info => "Suggestion",
            _ => "Hidden",
        };
}
