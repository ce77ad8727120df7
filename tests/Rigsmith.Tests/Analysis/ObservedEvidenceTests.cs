using System.Text.Json;
using Rigsmith.Analysis;
using Rigsmith.Analysis.Pcie;
using Rigsmith.Catalog;
using Rigsmith.Cli.Rendering;
using Rigsmith.Planning.Pcie;
using Rigsmith.Reporting;
using Rigsmith.Rigs;
using Rigsmith.Tests.Support;
using static Rigsmith.Tests.Analysis.RigVariants;

namespace Rigsmith.Tests.Analysis;

/// <summary>
/// A finding lists the uncited catalog values it rests on with their kind: assumed (with the reason) and observed
/// (one builder's report, with its URL), in every report format.
/// </summary>
public class ObservedEvidenceTests
{
    private const string ReportUrl = "https://example.org/one-build-article";

    /// <summary>The reference rig with a PCIe 2.0 riser under GPU1 whose rating is observed and whose lane count is assumed.</summary>
    private static RigModel RigWithObservedRiser() => Reference(
        ("    slot: PE1\n", "    slot: PE1\n    riser: test-observed-riser\n"),
        WithCustomParts($"""
              adapter:
                - id: test-observed-riser
                  name: Test PCIe 2.0 riser
                  vendor: test
                  kind: riser
                  lanes: 16
                  rated_gen: 2
                  observed: {"{"}rated_gen: {ReportUrl}{"}"}
                  assumed: {"{"}kind: test part, lanes: test part{"}"}

            """));

    private static Finding RatedBelow(Report report) =>
        Assert.Single(report.Findings, f => f.Rule == PcieAnalysis.RatedBelowLink);

    [Fact]
    public void A_finding_lists_the_observed_value_it_rests_on_with_its_kind_and_url()
    {
        var finding = RatedBelow(Analyzer.Check(RigWithObservedRiser()));

        Assert.Contains(UncitedInput.Observed("test-observed-riser", "rated_gen", ReportUrl), finding.RestsOn);
        Assert.Contains(UncitedInput.Assumed("test-observed-riser", "lanes", "test part"), finding.RestsOn);
        Assert.DoesNotContain(finding.RestsOn, v => v.Kind == UncitedKind.Assumed && v.Field == "rated_gen");
    }

    [Fact]
    public void An_observed_value_does_not_mark_a_link_width_as_assumed()
    {
        var rig = RigWithObservedRiser();
        var link = PcieTopology.Build(rig).Links[0];

        Assert.Contains(link.RestsOn, v => v.Kind == UncitedKind.Observed);
        var observedOnly = link with { RestsOn = link.RestsOn.Where(v => v.Kind == UncitedKind.Observed).ToList() };
        Assert.False(observedOnly.WidthAssumed);
        Assert.True(link.WidthAssumed);
    }

    [Fact]
    public void Evidence_gives_assumed_and_observed_fields_and_nothing_for_cited_ones()
    {
        var rig = RigWithObservedRiser();
        var riser = rig.Gpus[0].Riser!;

        Assert.Equal(
            [UncitedInput.Observed(riser.Id, "rated_gen", ReportUrl), UncitedInput.Assumed(riser.Id, "lanes", "test part")],
            Evidence.Uncited(riser, "rated_gen", "lanes"));
        var board = rig.Board;
        var cited = board.Provenance.ByField.First(kv => kv.Value is Provenance.Cited).Key;
        Assert.Empty(Evidence.Uncited(board, cited));
    }

    [Fact]
    public void The_text_report_says_which_values_are_assumed_and_which_observed()
    {
        var report = Analyzer.Check(RigWithObservedRiser());
        var text = TestConsole.Render(400, false, c => TerminalReport.Write(c, report));

        Assert.Contains("rests on observed values: test-observed-riser.rated_gen (one builder's report)", text);
        Assert.Contains("rests on assumed values: ", text);
        var assumed = report.AssumedValues.Count();
        var observed = report.ObservedValues.Count();
        Assert.Contains(new UncitedInput("test-observed-riser", "rated_gen", UncitedKind.Observed, ReportUrl), report.ObservedValues);
        Assert.Contains($"{assumed} catalog values of this rig's parts are assumed and {observed} are observed (one builder's report each), not cited", text);
    }

    [Fact]
    public void The_markdown_report_lists_both_kinds_on_the_finding_and_the_observed_values_apart()
    {
        var markdown = MarkdownReport.Render(Analyzer.Check(RigWithObservedRiser()));

        var row = Assert.Single(markdown.Split('\n'), l => l.StartsWith($"| {PcieAnalysis.RatedBelowLink.Id} |", StringComparison.Ordinal));
        Assert.Matches(@"\*\(rests on assumed values: [^;]*test-observed-riser\.lanes[^;]*; rests on observed values: test-observed-riser\.rated_gen \(one builder's report\)\)\*", row);
        Assert.Contains("## Observed catalog values", markdown);
        Assert.Contains($"| test-observed-riser | rated_gen | {ReportUrl} |", markdown);
    }

    [Fact]
    public void The_json_report_gives_each_value_a_kind_with_the_reason_or_the_url()
    {
        using var json = JsonDocument.Parse(JsonReport.Render(Analyzer.Check(RigWithObservedRiser())));
        var finding = json.RootElement.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("rule").GetString() == PcieAnalysis.RatedBelowLink.Id);
        var values = finding.GetProperty("assumptions").EnumerateArray().ToList();

        var observed = Assert.Single(values, v => v.GetProperty("kind").GetString() == "observed");
        Assert.Equal("test-observed-riser", observed.GetProperty("part").GetString());
        Assert.Equal("rated_gen", observed.GetProperty("field").GetString());
        Assert.Equal(ReportUrl, observed.GetProperty("url").GetString());
        Assert.False(observed.TryGetProperty("reason", out _));
        Assert.All(values.Where(v => v.GetProperty("kind").GetString() != "observed"), v =>
        {
            Assert.Equal("assumed", v.GetProperty("kind").GetString());
            Assert.False(string.IsNullOrEmpty(v.GetProperty("reason").GetString()));
        });

        Assert.Contains(json.RootElement.GetProperty("observed_values").EnumerateArray(),
            v => v.GetProperty("part").GetString() == "test-observed-riser" && v.GetProperty("url").GetString() == ReportUrl);
        Assert.All(json.RootElement.GetProperty("assumed_values").EnumerateArray(), v => Assert.Equal("assumed", v.GetProperty("kind").GetString()));
    }
}
