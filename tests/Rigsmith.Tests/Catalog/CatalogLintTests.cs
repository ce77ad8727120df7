using Rigsmith.Catalog;
using Rigsmith.Standards;
using Rigsmith.Tests.Support;
using Rigsmith.Units;

namespace Rigsmith.Tests.Catalog;

/// <summary>Each lint check on a shipped part with one value changed: the change is caught, and nothing else is.</summary>
public class CatalogLintTests
{
    private static T Part<T>(string id)
        where T : Part => Assert.IsType<T>(Repo.CuratedCatalog.Find(id));

    /// <summary>Lints the shipped catalog with <paramref name="changed"/> in place of its original and returns that part's problems.</summary>
    private static IReadOnlyList<LintProblem> Lint(Part changed)
    {
        var catalog = new PartCatalog(Repo.CuratedCatalog.All.Where(p => p.Id != changed.Id).Append(changed));
        return CatalogLint.Run(catalog).Parts.Single(p => p.Part.Id == changed.Id).Problems;
    }

    private static LintProblem Only(IReadOnlyList<LintProblem> problems, LintRule rule, string field)
    {
        var problem = Assert.Single(problems);
        Assert.Equal(rule, problem.Rule);
        Assert.Equal(field, problem.Field);
        return problem;
    }

    [Fact]
    public void Gpu_without_enough_inputs_for_its_limit_is_an_error()
    {
        var p40 = Part<Gpu>("nvidia-tesla-p40");
        Assert.Empty(Lint(p40));
        var problem = Only(Lint(p40 with { PowerConnectors = [] }), CatalogLint.GpuCannotReachLimit, "power_limit");
        Assert.Contains("250 W", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gpu_powered_only_through_the_slot_lints_clean_and_shows_no_connectors_as_none()
    {
        // The Tesla T4 has no auxiliary input: its 70 W limit is within the slot's 75 W, so neither power check fires.
        var t4 = Part<Gpu>("nvidia-tesla-t4");
        Assert.Empty(t4.PowerConnectors);
        Assert.Empty(Lint(t4));
        Assert.Equal("none", PartFields.Describe(t4).Single(f => f.Key == "power_connectors").Value);

        // The same card drawing 80 W could not be fed by the slot alone.
        Only(Lint(t4 with { PowerLimitMax = Watts.From(80) }), CatalogLint.GpuCannotReachLimit, "power_limit");
        Assert.Equal("eps8", PartFields.Describe(Part<Gpu>("nvidia-tesla-p40")).Single(f => f.Key == "power_connectors").Value);
    }

    [Fact]
    public void Gpu_limit_above_its_connector_ratings_is_a_warning()
    {
        var p40 = Part<Gpu>("nvidia-tesla-p40");
        // 10 W slot + 235 W EPS = 245 W rated, under the 250 W limit but well within what the pins carry.
        var problem = Only(Lint(p40 with { SlotPower = Watts.From(10) }), CatalogLint.GpuLimitAboveRatings, "power_limit");
        Assert.Equal(LintSeverity.Warning, problem.Rule.Severity);
    }

    [Fact]
    public void Board_memory_speed_and_slot_position_out_of_range_are_errors()
    {
        var board = Part<Motherboard>("evga-x299-dark");
        Assert.DoesNotContain(Lint(board), p => p.Rule.Severity == LintSeverity.Error);
        Only(Lint(board with { MaxMemorySpeed = MegaTransfers.From(266), CpuFamilies = ["skylake-x"] }), CatalogLint.BoardMemorySpeedImplausible, "memory.max_speed");
        var far = board.Slots[0] with { Position = 13 };
        Only(Lint(board with { Slots = [far, .. board.Slots.Skip(1)], CpuFamilies = ["skylake-x"] }), CatalogLint.SlotPositionImplausible, $"slots.{far.Id}");
    }

    [Fact]
    public void Cpu_chassis_and_storage_contradictions_are_errors()
    {
        Only(Lint(Part<Cpu>("i9-7960x") with { PcieGen = 7 }), CatalogLint.CpuPcieGenImplausible, "pcie_gen");
        var chassis = Part<Chassis>("generic-eatx-open-benchtable-4gpu");
        Only(Lint(chassis with { GpuCapacity = chassis.ExpansionSlots + 1 }), CatalogLint.ChassisCapacityAboveSlots, "gpu_capacity");
        Only(Lint(Part<Storage>("intel-p4510-4tb") with { PcieGen = null, PcieLanes = null }), CatalogLint.NvmeWithoutPcie, "pcie");
    }

    [Fact]
    public void Counts_split_every_value_into_cited_observed_assumed_and_inherited()
    {
        var report = CatalogLint.Run(Repo.CuratedCatalog);
        foreach (var c in report.Categories)
        {
            var parts = Repo.CuratedCatalog.All.Where(p => p.Category == c.Category).ToList();
            Assert.Equal(parts.Count, c.Parts);
            Assert.Equal(parts.Sum(p => PartFields.Describe(p).Count), c.Values);
            Assert.Equal(c.Values, c.Cited + c.Observed + c.Assumed + c.Inherited + c.Unsourced);
            Assert.Equal(0, c.Unsourced);
            Assert.Equal(0, c.Inherited);
        }

        Assert.Equal(0, report.ExitCode);
    }

    [Fact]
    public void A_value_covered_only_by_the_parts_page_is_an_inherited_citation()
    {
        var riser = Repo.CuratedCatalog.OfType<Adapter>().First();
        var page = new Provenance.Cited("https://example.com/riser");
        var problems = Lint(riser with { Provenance = new ProvenanceMap(page, new Dictionary<string, Provenance>()) });

        Assert.Equal(PartFields.Describe(riser).Count, problems.Count(p => p.Rule == CatalogLint.InheritedCitation));
        Assert.All(problems.Where(p => p.Rule == CatalogLint.InheritedCitation), p => Assert.Equal(LintSeverity.Error, p.Rule.Severity));
        var report = CatalogLint.Run(new PartCatalog([riser with { Provenance = new ProvenanceMap(page, new Dictionary<string, Provenance>()) }]));
        Assert.Equal(1, report.ExitCode);
        Assert.Equal(PartFields.Describe(riser).Count, report.Categories.Sum(c => c.Inherited));
    }

    [Fact]
    public void A_builders_report_cited_as_a_specification_is_an_error_and_as_an_observation_is_counted()
    {
        var riser = Repo.CuratedCatalog.OfType<Adapter>().First();
        var fields = PartFields.Describe(riser).Select(f => f.Key).ToList();
        const string Report = "https://builds.gg/someone/a-rig-1";
        Dictionary<string, Provenance> Covered(Provenance first) =>
            fields.Select((f, i) => (f, p: i == 0 ? first : new Provenance.Cited("https://example.com/datasheet"))).ToDictionary(x => x.f, x => x.p);

        Only(Lint(riser with { Provenance = new ProvenanceMap(null, Covered(new Provenance.Cited(Report))) }), CatalogLint.ReportCitedAsSpecification, fields[0]);
        Assert.Empty(Lint(riser with { Provenance = new ProvenanceMap(null, Covered(new Provenance.Observed(Report))) }));
        var report = CatalogLint.Run(new PartCatalog([riser with { Provenance = new ProvenanceMap(null, Covered(new Provenance.Observed(Report))) }]));
        Assert.Equal(1, report.Categories.Sum(c => c.Observed));
    }
}
