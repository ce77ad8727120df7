using Rigsmith.Analysis;
using Rigsmith.Publishing;
using Rigsmith.Reporting;
using Rigsmith.Rigs;
using Rigsmith.Tests.Support;
using Rigsmith.Training;

namespace Rigsmith.Tests.Publishing;

public class ArticleTests
{
    /// <summary>The reference rig with its workload resolved against the model zoo, as 'rigsmith export' does.</summary>
    private static Report ReferenceReport()
    {
        var loaded = Repo.LoadWithJob("4x3090-x299-dark.rig.yaml");
        Assert.NotNull(loaded.Job);
        return Analyzer.Check(loaded.Rig, loaded.Job);
    }

    private static string Figure(Report report, string analysis, string key) =>
        TextFormat.Value(report.Analyses.Single(a => a.Key == analysis).Figures.Single(f => f.Key == key).Value);

    /// <summary>Every part the original build article (shared/reference) names, as that article names it.</summary>
    [Theory]
    [InlineData("i9-7960X")]
    [InlineData("X299 Dark")]
    [InlineData("Kingston FURY Beast")]
    [InlineData("HEORIADY")]
    [InlineData("Zotac")]
    [InlineData("ZT-A30900A-10B")]
    [InlineData("Colorful")]
    [InlineData("Manli")]
    [InlineData("Gigabyte")]
    [InlineData("3090 Turbo")]
    [InlineData("P4510")]
    [InlineData("PM863a")]
    [InlineData("Plextor M6 Pro")]
    [InlineData("JL2000PG")]
    [InlineData("benchtable")]
    public void Reference_article_names_every_part_of_the_original(string part)
    {
        Assert.Contains(part, BuildArticle.Render(ReferenceReport()), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Reference_article_carries_the_analyses_figures_and_the_facts_behind_each_choice()
    {
        var report = ReferenceReport();
        var article = BuildArticle.Render(report);

        Assert.StartsWith("# Small 4x RTX 3090 AI training rig\n", article, StringComparison.Ordinal);
        Assert.Contains("Stable Diffusion XL", article, StringComparison.Ordinal);
        foreach (var heading in BuildArticle.Sections.Select(s => s.Heading))
            Assert.Contains("## " + heading, article, StringComparison.Ordinal);
        Assert.Contains($"**{Figure(report, "power", "slot_rail_v")} V**", article, StringComparison.Ordinal);
        Assert.Contains($"{Figure(report, "power", "wall_w")} W from the wall", article, StringComparison.Ordinal);
        Assert.Contains($"get {Figure(report, "pcie", "lanes_used")}.", article, StringComparison.Ordinal);
        Assert.Contains($"peak {Figure(report, "training", "peak_gib")} GiB", article, StringComparison.Ordinal);
        Assert.Contains("**44 PCIe 3.0 lanes**", article, StringComparison.Ordinal);
        Assert.Contains("6-pin PCIe slot-power header", article, StringComparison.Ordinal);
        Assert.Contains("**blower** cooler", article, StringComparison.Ordinal);
        Assert.Contains("**24 GiB VRAM**", article, StringComparison.Ordinal);
        Assert.Contains("**stacked-die**", article, StringComparison.Ordinal);
        Assert.Contains("no ATX 3.x transient rating", article, StringComparison.Ordinal);
        Assert.Contains("On this board a 28-lane CPU would leave ", article, StringComparison.Ordinal);
        Assert.Contains("U2 off.", article, StringComparison.Ordinal);
        Assert.DoesNotContain("0-lane CPU", article, StringComparison.Ordinal);
        Assert.Contains("Without that header, all ", article, StringComparison.Ordinal);
        foreach (var finding in report.Findings)
            Assert.Contains($"**{finding.Rule.Id} ", article, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_slot_power_header_the_article_gives_the_voltage_the_model_predicts_for_the_24_pin_alone()
    {
        var withHeader = BuildArticle.Render(Analyzer.Check(Repo.LoadRig("4x3090-x299-dark.rig.yaml")));
        var without = Analyzer.Check(Repo.LoadRig("4x3090-c9x299-rpgf.rig.yaml"));
        var volts = Figure(without, "power", "slot_rail_v");

        Assert.Contains($"and the slots would see {volts} V.", withHeader, StringComparison.Ordinal);
        Assert.Contains("**no auxiliary slot-power header**", BuildArticle.Render(without), StringComparison.Ordinal);
    }

    [Fact]
    public void Builders_notes_go_into_the_article()
    {
        var rig = Repo.LoadRig("4x3090-x299-dark.rig.yaml");
        var article = BuildArticle.Render(Analyzer.Check(rig));

        var notes = rig.Gpus.Select(g => g.Note).Concat(rig.Memory.Select(m => m.Note)).Concat(rig.Storage.Select(s => s.Note)).Concat(rig.Psus.Select(p => p.Note)).OfType<string>().ToList();
        Assert.NotEmpty(notes);
        foreach (var note in notes)
            Assert.Contains("*Builder's note: " + note + "*", article, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_prices_the_article_says_so_and_gives_no_total()
    {
        var article = BuildArticle.Render(Analyzer.Check(UnpricedCatalog.LoadRig(Repo.Example("4x3090-x299-dark.rig.yaml"))));

        Assert.Contains("| JL2000PG 2000 W mining PSU | no price |", article, StringComparison.Ordinal);
        Assert.Contains("None of these parts has a price observation", article, StringComparison.Ordinal);
    }

    [Fact]
    public void With_prices_the_article_totals_per_currency_and_names_the_unpriced_parts()
    {
        var rig = PublishingFixtures.PricedCustomRig();
        var article = BuildArticle.Render(Analyzer.Check(rig));

        Assert.Contains("Total of the priced parts: **150.00 HKD + $120.50** (currencies are not converted: exchange rates are not observations), from prices observed 2026-02-01 to 2026-03-01 (2 new).", article, StringComparison.Ordinal);
        Assert.Contains("It leaves out 9 parts without a price", article, StringComparison.Ordinal);
        Assert.Contains("*Builder's note: Delidded.*", article, StringComparison.Ordinal);
        Assert.Contains("The rig file names no training workload", article, StringComparison.Ordinal);
        Assert.Contains("- **Adapter**: ", article, StringComparison.Ordinal);
        Assert.Contains("- **RAM3**: ", article, StringComparison.Ordinal);
    }
}
