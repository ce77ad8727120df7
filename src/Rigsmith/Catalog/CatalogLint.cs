using Rigsmith.Input;
using Rigsmith.Standards;
using Rigsmith.Units;

namespace Rigsmith.Catalog;

public enum LintSeverity { Warning, Error }

/// <summary>One check the catalog lint makes (listed in docs/catalog.md). These are not rig findings.</summary>
public sealed record LintRule(string Id, LintSeverity Severity, string Title);

/// <summary>One thing wrong with a catalog entry: which part, where it is defined, which field, and what.</summary>
public sealed record LintProblem(LintRule Rule, Part Part, string Field, string Message)
{
    public override string ToString() =>
        $"{Part.DefinedIn}: {Part.Id}.{Field}: {(Rule.Severity == LintSeverity.Error ? "error" : "warning")} {Rule.Id}: {Message}";
}

/// <summary>A value a rule reads that is assumed rather than cited, with the reason the catalog gives.</summary>
public sealed record LintAssumption(string Field, string Value, string Reason);

/// <summary>The lint of one part: its assumed verdict-relevant values and its problems.</summary>
public sealed record PartLint(Part Part, IReadOnlyList<LintAssumption> Assumed, IReadOnlyList<LintProblem> Problems);

/// <summary>
/// Counts for one category: parts, values (each <see cref="PartFields.Describe"/> entry) by provenance (cited for the field,
/// observed by one builder, assumed, inherited from the part's page only, or with no provenance at all), problems.
/// </summary>
public sealed record CategoryLint(PartCategory Category, int Parts, int Values, int Cited, int Observed, int Assumed, int Inherited, int Unsourced, int Errors, int Warnings);

public sealed record CatalogLintReport(IReadOnlyList<PartLint> Parts, IReadOnlyList<CategoryLint> Categories)
{
    /// <summary>The broad tier's section (its values by provenance and the OpenDB values platform facts overrode); null without a tier.</summary>
    public OpenDb.OpenDbLintReport? OpenDb { get; init; }

    public IEnumerable<LintProblem> Problems => Parts.SelectMany(p => p.Problems);
    public int Errors => Problems.Count(p => p.Rule.Severity == LintSeverity.Error) + (OpenDb?.Errors ?? 0);
    public int Warnings => Problems.Count(p => p.Rule.Severity == LintSeverity.Warning);

    /// <summary>0 when nothing contradicts and nothing a rule reads is missing (assumptions and warnings allowed), else 1.</summary>
    public int ExitCode => Errors > 0 ? 1 : 0;
}

/// <summary>
/// Checks a loaded catalog for data the loader accepts one value at a time but that cannot all be true together,
/// and for values the analyses read that are missing. Reports what is assumed alongside.
/// </summary>
public static class CatalogLint
{
    public static readonly LintRule MissingValue = new("LNT001", LintSeverity.Error, "A value a rule reads is missing or has no source");
    public static readonly LintRule SlotPowerAboveCem = new("LNT002", LintSeverity.Error, "GPU draws more from the slot than a PCIe slot supplies");
    public static readonly LintRule GpuCannotReachLimit = new("LNT003", LintSeverity.Error, "GPU's power inputs cannot physically deliver its maximum power limit");
    public static readonly LintRule SlotWiderThanMechanical = new("LNT004", LintSeverity.Error, "Slot wired wider than its mechanical size");
    public static readonly LintRule BoardMemorySpeedImplausible = new("LNT005", LintSeverity.Error, "Board memory speed below any DDR3/4/5 grade");
    public static readonly LintRule SlotPositionImplausible = new("LNT006", LintSeverity.Error, "Slot position beyond any board's expansion positions");
    public static readonly LintRule BoardFamilyWithoutCpu = new("LNT007", LintSeverity.Warning, "Board supports a CPU family no catalog CPU belongs to");
    public static readonly LintRule CpuPcieGenImplausible = new("LNT008", LintSeverity.Error, "CPU PCIe generation beyond PCIe 6.0");
    public static readonly LintRule PsuLowLineAboveRating = new("LNT009", LintSeverity.Error, "PSU low-line rating above its full rating");
    public static readonly LintRule ChassisCapacityAboveSlots = new("LNT010", LintSeverity.Error, "Chassis holds more GPUs than it has expansion slots");
    public static readonly LintRule NvmeWithoutPcie = new("LNT011", LintSeverity.Error, "NVMe drive without its PCIe link");
    public static readonly LintRule GpuLimitAboveRatings = new("LNT012", LintSeverity.Warning, "GPU's maximum power limit exceeds its slot draw plus its connectors' ratings");
    public static readonly LintRule InheritedCitation = new("LNT013", LintSeverity.Error, "A value's only source is the part's own page (an inherited citation)");
    public static readonly LintRule ReportCitedAsSpecification = new("LNT014", LintSeverity.Error, "One builder's report cited as a specification");

    public static IReadOnlyList<LintRule> Rules { get; } =
    [
        MissingValue, SlotPowerAboveCem, GpuCannotReachLimit, SlotWiderThanMechanical, BoardMemorySpeedImplausible,
        SlotPositionImplausible, BoardFamilyWithoutCpu, CpuPcieGenImplausible, PsuLowLineAboveRating, ChassisCapacityAboveSlots,
        NvmeWithoutPcie, GpuLimitAboveRatings, InheritedCitation, ReportCitedAsSpecification,
    ];

    /// <summary>
    /// Hosts whose pages are one builder's report of their own machine (build logs, forum threads), never a
    /// specification: a value read there goes under <c>observed:</c>, not <c>sources:</c>.
    /// </summary>
    public static bool IsBuildReport(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && IsReportHost(uri.Host.ToLowerInvariant());

    private static bool IsReportHost(string host) =>
        host is "builds.gg" or "www.builds.gg" or "reddit.com" || host.EndsWith(".reddit.com", StringComparison.Ordinal)
        || host.StartsWith("redlib.", StringComparison.Ordinal);

    /// <summary>
    /// PCIe CEM: an x16 graphics slot supplies at most 75 W (66 W at 12 V plus 3.3 V)
    /// (https://www.techspot.com/trivia/27-how-much-power-can-pcie-x16-graphics-card).
    /// </summary>
    public static readonly Watts SlotLimit = Watts.From(75);

    /// <summary>
    /// 8-pin EPS on a GPU (Tesla P40, A100 PCIe): 235 W, the conservative figure of hardware.md §3.1
    /// (https://dzen.ru/a/X288QP3mKXzj3z6m).
    /// </summary>
    public static readonly Watts Eps8OnGpu = Watts.From(235);

    /// <summary>Highest slot position any catalog board plausibly has (expansion positions of the largest form factors).</summary>
    public const int MaxSlotPosition = 12;

    /// <summary>Slowest memory grade a board of any DDR generation rates (DDR3-800).</summary>
    public static readonly MegaTransfers MinBoardMemorySpeed = MegaTransfers.From(800);

    public const int MaxPcieGen = 6;

    /// <summary>The catalog fields the current analyses read, by category; the rest may be left out (unknown).</summary>
    public static bool RuleReads(PartCategory category, string key) => (category, key) switch
    {
        (PartCategory.Memory, "die_density_gbit") => true,
        (PartCategory.Cpu, "load_power") => false,
        (PartCategory.Storage, "pcie") => false,
        (PartCategory.Adapter, "cable_length") => false,
        (PartCategory.Chassis, "volume") => false,
        _ => true,
    };

    /// <summary>
    /// Power a GPU input is rated for: the PCIe and 12VHPWR ratings of the ATX 3.0 guide (<see cref="Connectors"/>), and
    /// <see cref="Eps8OnGpu"/> for the 8-pin EPS; null for inputs GPUs are not rated on.
    /// </summary>
    public static Watts? GpuInputRating(PowerConnector connector) => connector switch
    {
        PowerConnector.Pcie6 or PowerConnector.Pcie8 or PowerConnector.Hpwr12V => Connectors.Of(connector).SpecPower,
        PowerConnector.Eps8 => Eps8OnGpu,
        _ => null,
    };

    /// <summary>What a GPU input's +12 V pins carry at their terminal rating (<see cref="ConnectorSpec.Rating"/> at 12 V): beyond it the card cannot draw.</summary>
    public static Watts GpuInputPhysical(PowerConnector connector) => Atx.NominalRail * Connectors.Of(connector).Rating;

    public static CatalogLintReport Run(PartCatalog catalog)
    {
        var families = catalog.OfType<Cpu>().Select(c => c.Family).ToHashSet(StringComparer.Ordinal);
        var parts = new List<PartLint>();
        var counts = new Dictionary<PartCategory, int[]>();
        foreach (var part in catalog.All)
        {
            var fields = PartFields.Describe(part);
            var problems = new List<LintProblem>();
            var assumed = new List<LintAssumption>();
            foreach (var field in fields)
            {
                var read = RuleReads(part.Category, field.Key);
                switch (field.Provenance)
                {
                    case null:
                        problems.Add(new LintProblem(MissingValue, part, field.Key, "has no source and is not listed under assumed"));
                        break;
                    case Provenance.Inherited i:
                        problems.Add(new LintProblem(InheritedCitation, part, field.Key,
                            $"only the part's page ({i.Url}) covers it; cite the page that states this value under sources:, or move it under observed: or assumed: with the reason"));
                        break;
                    case Provenance.Cited c when IsBuildReport(c.Url):
                        problems.Add(new LintProblem(ReportCitedAsSpecification, part, field.Key,
                            $"{c.Url} is one builder's report of their own unit; list the value under observed:, or cite a specification"));
                        break;
                }

                if (read && field.Provenance is not null && field.Value == "unknown")
                    problems.Add(new LintProblem(MissingValue, part, field.Key, "is missing, and a rule reads it; give the value with its source, or an estimate under assumed with the reason"));
                if (read && field.Provenance is Provenance.Assumed a)
                    assumed.Add(new LintAssumption(field.Key, field.Value, a.Reason));
            }

            problems.AddRange(Contradictions(part, families));
            parts.Add(new PartLint(part, assumed, problems));

            if (!counts.TryGetValue(part.Category, out var c0))
                counts[part.Category] = c0 = new int[7];
            c0[0]++;
            c0[1] += fields.Count;
            c0[2] += fields.Count(f => f.Provenance is Provenance.Cited);
            c0[3] += fields.Count(f => f.Provenance is Provenance.Observed);
            c0[4] += fields.Count(f => f.Provenance is Provenance.Assumed);
            c0[5] += fields.Count(f => f.Provenance is Provenance.Inherited);
            c0[6] += fields.Count(f => f.Provenance is null);
        }

        var categories = MapReader.EnumValues<PartCategory>().Select(category =>
        {
            var c = counts.GetValueOrDefault(category) ?? new int[7];
            var problems = parts.Where(p => p.Part.Category == category).SelectMany(p => p.Problems).ToList();
            return new CategoryLint(category, c[0], c[1], c[2], c[3], c[4], c[5], c[6],
                problems.Count(p => p.Rule.Severity == LintSeverity.Error), problems.Count(p => p.Rule.Severity == LintSeverity.Warning));
        }).ToList();
        return new CatalogLintReport(parts, categories);
    }

    private static IEnumerable<LintProblem> Contradictions(Part part, HashSet<string> cpuFamilies) => part switch
    {
        Gpu g => GpuProblems(g),
        Motherboard b => BoardProblems(b, cpuFamilies),
        Cpu c when c.PcieGen > MaxPcieGen =>
            [new LintProblem(CpuPcieGenImplausible, c, "pcie_gen", $"PCIe gen {c.PcieGen}; no CPU has more than gen {MaxPcieGen}")],
        Psu p when p.WattageLowLine is { } low && low > p.Wattage =>
            [new LintProblem(PsuLowLineAboveRating, p, "wattage_low_line", $"{low} at 100-127 V is more than the unit's full rating of {p.Wattage}; a low-line rating is the derated one")],
        Chassis c when c.GpuCapacity > c.ExpansionSlots =>
            [new LintProblem(ChassisCapacityAboveSlots, c, "gpu_capacity", $"holds {c.GpuCapacity} GPUs but has {c.ExpansionSlots} expansion slots; every card needs at least one")],
        Storage s when s.Interface == StorageInterface.Nvme && s.PcieGen is null =>
            [new LintProblem(NvmeWithoutPcie, s, "pcie", "an NVMe drive needs its pcie block ({gen, lanes}) for the link checks")],
        _ => [],
    };

    private static IEnumerable<LintProblem> GpuProblems(Gpu g)
    {
        if (g.SlotPower > SlotLimit)
            yield return new LintProblem(SlotPowerAboveCem, g, "slot_power", $"{g.SlotPower} through the slot; a PCIe x16 slot supplies at most {SlotLimit}");

        var connectors = g.PowerConnectors.Count == 0 ? "no power connectors" : string.Join(" + ", g.PowerConnectors.Select(Connectors.Name));
        var physical = g.PowerConnectors.Aggregate(g.SlotPower, (sum, c) => sum + GpuInputPhysical(c));
        if (g.PowerLimitMax > physical)
        {
            yield return new LintProblem(GpuCannotReachLimit, g, "power_limit",
                $"maximum power limit {g.PowerLimitMax} but slot ({g.SlotPower}) + {connectors} carry at most {physical} at their pins' current rating; check power_limit, slot_power and power_connectors");
            yield break;
        }

        var ratings = g.PowerConnectors.Select(GpuInputRating).ToList();
        if (ratings.Any(w => w is null))
            yield break;
        var rated = ratings.Aggregate(g.SlotPower, (sum, w) => sum + w!.Value);
        if (g.PowerLimitMax > rated)
        {
            yield return new LintProblem(GpuLimitAboveRatings, g, "power_limit",
                $"maximum power limit {g.PowerLimitMax} is {g.PowerLimitMax - rated} above slot ({g.SlotPower}) + {connectors} at their ratings ({rated}); at that limit a connector runs over its rating, or slot_power is low");
        }
    }

    private static IEnumerable<LintProblem> BoardProblems(Motherboard b, HashSet<string> cpuFamilies)
    {
        if (b.MaxMemorySpeed < MinBoardMemorySpeed)
            yield return new LintProblem(BoardMemorySpeedImplausible, b, "memory.max_speed", $"{b.MaxMemorySpeed}; no board rates memory below {MinBoardMemorySpeed}");

        foreach (var s in b.Slots)
        {
            if (s.Position > MaxSlotPosition)
                yield return new LintProblem(SlotPositionImplausible, b, $"slots.{s.Id}", $"position {s.Position}; boards have at most {MaxSlotPosition} expansion positions");
            var widest = s.WidthByCpuLanes.Values.DefaultIfEmpty(0).Max();
            if (widest > s.MechanicalWidth)
                yield return new LintProblem(SlotWiderThanMechanical, b, $"slots.{s.Id}", $"wired x{widest} in an x{s.MechanicalWidth} slot; a slot cannot carry more lanes than it has contacts for");
        }

        foreach (var family in b.CpuFamilies.Where(f => !cpuFamilies.Contains(f)))
            yield return new LintProblem(BoardFamilyWithoutCpu, b, "cpu_families", $"'{family}' matches no CPU in the catalog (a typo, or a family with no CPU listed yet)");
    }

    public static string SeverityName(LintSeverity severity) => severity == LintSeverity.Error ? "error" : "warning";

    public static string CategoryName(PartCategory category) => MapReader.EnumName(category);
}
