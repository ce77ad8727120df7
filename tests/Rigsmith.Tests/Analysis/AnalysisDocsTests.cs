using Rigsmith.Analysis;
using Rigsmith.Analysis.Pcie;
using Rigsmith.Analysis.Physical;
using Rigsmith.Analysis.Thermal;
using Rigsmith.Reporting;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Analysis;

/// <summary>Keeps docs/rules.md and docs/json.md in step with the PCIe, interconnect, physical and thermal analyses.</summary>
public class AnalysisDocsTests
{
    private static readonly string[] AnalysisKeys = ["pcie", "interconnect", "physical", "thermal"];

    public static TheoryData<string> Keys => new(AnalysisKeys);

    private static IAnalysis Analysis(string key) => Analyzer.All.Single(a => a.Key == key);

    public static string Row(Rule r) =>
        $"| {r.Id} | {JsonReport.SeverityName(r.Severity)} | {r.Title} | {r.Checks} | {r.Sources} |";

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_rule_is_listed_in_rules_md_as_in_code(string key)
    {
        var docs = File.ReadAllText(Repo.Docs("rules.md"));
        foreach (var rule in Analysis(key).Rules)
            Assert.Contains(Row(rule), docs);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_json_field_is_documented_in_json_md(string key)
    {
        var docs = File.ReadAllText(Repo.Docs("json.md"));
        var section = docs[docs.IndexOf($"## `{key}`", StringComparison.Ordinal)..];
        var next = section.IndexOf("\n## ", 3, StringComparison.Ordinal);
        section = next < 0 ? section : section[..next];

        // Every figure and table column the analysis writes for the three example rigs.
        foreach (var example in new[] { "4x3090-x299-dark.rig.yaml", "4x3090-i7-7820x.rig.yaml", "4x3090-open-air.rig.yaml" })
        {
            var result = Analysis(key).Run(Repo.LoadRig(example));
            foreach (var figure in result.Figures)
                Assert.Contains($"`{figure.Key}`", section);
            foreach (var table in result.Tables)
            {
                foreach (var column in table.Columns)
                    Assert.Contains($"`{table.Key}[].{column.Key}`", section);
            }
        }
    }

    [Fact]
    public void Rule_ids_are_unique_and_in_their_range()
    {
        var ids = AnalysisKeys.SelectMany(k => Analysis(k).Rules.Select(r => (Key: k, r.Id))).ToList();
        Assert.Equal(ids.Count, ids.Select(i => i.Id).Distinct().Count());
        Assert.All(ids, i => Assert.StartsWith(i.Key switch { "physical" => "PHY4", "thermal" => "THM5", _ => "PCI3" }, i.Id));
    }
}
