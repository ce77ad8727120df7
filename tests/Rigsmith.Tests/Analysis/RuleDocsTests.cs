using System.Text.RegularExpressions;
using Rigsmith.Analysis;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Analysis;

/// <summary>docs/rules.md and the rules in code list the same ids with the same severities.</summary>
public partial class RuleDocsTests
{
    [GeneratedRegex(@"^\| ([A-Z]{3}\d{3}) \| (error|warning|info) \|", RegexOptions.Multiline)]
    private static partial Regex Row();

    [Fact]
    public void Every_rule_has_exactly_one_docs_row_with_its_severity()
    {
        var documented = Row().Matches(File.ReadAllText(Repo.Docs("rules.md")))
            .Select(m => (Id: m.Groups[1].Value, Severity: m.Groups[2].Value)).ToList();
        var inCode = Analyzer.AllRules.Select(r => (r.Id, Severity: r.Severity.ToString().ToLowerInvariant())).ToList();

        Assert.Equal(documented.Count, documented.Select(d => d.Id).Distinct().Count());
        Assert.Equal(inCode.OrderBy(r => r.Id), documented.OrderBy(d => d.Id));
    }

    [Fact]
    public void Rule_ids_are_unique_and_in_their_analysis_range()
    {
        var ids = Analyzer.AllRules.Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var analysis in Analyzer.All)
        {
            var prefixes = analysis.Rules.Select(r => r.Id[..3]).Distinct().ToList();
            Assert.True(prefixes.Count <= 2, $"{analysis.Key} mixes rule ranges {string.Join(", ", prefixes)}");
        }
    }
}
