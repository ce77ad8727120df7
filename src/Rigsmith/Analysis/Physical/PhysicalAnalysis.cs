using System.Globalization;
using Rigsmith.Catalog;
using Rigsmith.Planning.Physical;
using Rigsmith.Rigs;
using Rigsmith.Units;

namespace Rigsmith.Analysis.Physical;

/// <summary>Physical fit: card thickness against slot spacing, overhang past the board, card length against the chassis.</summary>
public sealed class PhysicalAnalysis : IAnalysis
{
    public static readonly Rule Overlap = new("PHY401", Severity.Error, "Card covers a populated slot",
        "Each GPU's thickness from its slot position against the next populated slot: a card of t slots at position p covers positions p to p + ceil(t) - 1, and a card there cannot go in.",
        "PCI Express CEM slot pitch (20.32 mm); card thickness from vendor pages");
    public static readonly Rule CoversEmpty = new("PHY402", Severity.Info, "Card covers an unused slot",
        "Slots under a thick card's cooler that hold nothing are lost for other cards.",
        "Card thickness from vendor pages");
    public static readonly Rule Overhang = new("PHY403", Severity.Error, "Card reaches past the chassis's slot openings",
        "The last slot position a card covers against the board's positions and the chassis's expansion-slot openings: past the board it needs an extra opening (info), past the chassis it does not fit (error).",
        "https://en.wikipedia.org/wiki/ATX (7 slot positions); chassis spec pages");
    public static readonly Rule TooLong = new("PHY404", Severity.Error, "Card longer than the chassis allows",
        "Each GPU's length against the chassis's maximum GPU length.", "Card and chassis spec pages");

    public string Key => "physical";
    public string Title => "Physical fit";

    public IReadOnlyList<Rule> Rules { get; } = [Overlap, CoversEmpty, Overhang, TooLong];

    public AnalysisResult Run(AnalysisContext context)
    {
        var rig = context.Rig;
        var layout = context.Plan.Layout;
        var findings = new List<Finding>();
        var placements = layout.Placements;
        var occupied = layout.Occupied.Concat(layout.RiserPlugs).ToList();
        var boardPositions = layout.BoardPositions;
        var chassis = rig.Chassis;

        foreach (var p in placements)
        {
            var g = p.Install;
            var evidence = Evidence.Uncited(g.Gpu, "thickness").Concat(Evidence.Uncited(rig.Board, "slots")).ToList();
            var blocked = occupied.Where(o => o.Position > p.First && o.Position <= p.Last).ToList();
            foreach (var b in blocked)
            {
                var whose = b.Who switch
                {
                    GpuInstall other => other.Label,
                    StorageInstall s => s.Label,
                    Adapter riser => $"the plug of a {riser.Name} ({rig.Gpus.First(x => x.Riser == riser && x.Slot.Id == b.Slot).Label})",
                    _ => "a card",
                };
                findings.Add(Finding.Of(Overlap,
                    $"{g.Label} is {g.Gpu.Thickness} thick and covers positions {p.First}–{p.Last}; slot {b.Slot} at position {b.Position} holds {whose}.",
                    "Use thinner cards (2-slot blowers), move a card to a free slot further down, or mount it on a riser.",
                    [g.Gpu.Id, rig.Board.Id], evidence));
            }

            var lost = rig.Board.Slots.Where(s => s.Position > p.First && s.Position <= p.Last && occupied.All(o => o.Slot != s.Id)).ToList();
            if (lost.Count > 0)
            {
                // Concatenated: the list is built with interpolation of its own (see Finding.Of).
                findings.Add(Finding.Of(CoversEmpty,
                    g.Label + " covers " + string.Join(", ", lost.Select(s => $"{s.Id} (position {s.Position})")) + "; "
                    + (lost.Count == 1 ? "that slot" : "those slots") + " cannot take a card.",
                    null, [g.Gpu.Id, rig.Board.Id], evidence));
            }

            if (chassis is not null && p.Last > chassis.ExpansionSlots)
            {
                findings.Add(Finding.Of(Overhang,
                    $"{g.Label} covers positions {p.First}–{p.Last}; the {chassis.Name} has {chassis.ExpansionSlots} expansion-slot openings.",
                    "Move the card up a slot, use a thinner card, or a chassis with more slot openings.",
                    [g.Gpu.Id, chassis.Id], evidence.Concat(Evidence.Uncited(chassis, "expansion_slots"))));
            }
            else if (p.Last > boardPositions)
            {
                var fits = chassis is null
                    ? "check that the case has the extra opening"
                    : $"the {chassis.Name} has {chassis.ExpansionSlots} openings, so it fits";
                findings.Add(Finding.Of(Overhang,
                    $"{g.Label} covers positions {p.First}–{p.Last}, past the {boardPositions} slot positions of the {rig.Board.Name} ({FormName(rig.Board.FormFactor)}); {fits}.",
                    chassis is null ? "Choose a case with at least " + p.Last.ToString(CultureInfo.InvariantCulture) + " expansion-slot openings." : null,
                    [g.Gpu.Id, rig.Board.Id], evidence.Concat(chassis is null ? [] : Evidence.Uncited(chassis, "expansion_slots")),
                    chassis is null ? Severity.Warning : Severity.Info));
            }
        }

        if (chassis is not null)
        {
            foreach (var g in rig.Gpus.Where(g => g.Gpu.Length > chassis.MaxGpuLength))
            {
                findings.Add(Finding.Of(TooLong,
                    $"{g.Label} is {g.Gpu.Length} long; the {chassis.Name} takes cards up to {chassis.MaxGpuLength}.",
                    "Choose a shorter card or a larger chassis.", [g.Gpu.Id, chassis.Id],
                    Evidence.Uncited(g.Gpu, "length").Concat(Evidence.Uncited(chassis, "max_gpu_length"))));
            }
        }

        var lastUsed = placements.Count == 0 ? 0 : placements.Max(p => p.Last);
        var figures = new List<Figure>
        {
            new("board_slot_positions", "Slot positions on the board", boardPositions),
            new("last_position_used", "Last slot position a card covers", lastUsed),
            new("gpus_on_risers", "GPUs on risers (not placed on the board)", rig.Gpus.Count(g => g.Riser is not null)),
        };
        if (chassis is not null)
        {
            figures.Add(new Figure("chassis_expansion_slots", "Chassis slot openings", chassis.ExpansionSlots));
            figures.Add(new Figure("chassis_max_gpu_length_mm", "Longest card the chassis takes", chassis.MaxGpuLength.Value, "mm"));
        }

        var byInstall = placements.ToDictionary(p => p.Install.Index);
        var table = new ReportTable("gpus", "Card placement",
        [
            new("device", "GPU"), new("part", "Part"), new("slot", "Slot"), new("first_position", "From"), new("last_position", "To"), new("thickness_slots", "Slots thick"),
            new("gap_slots", "Gap below (slots)"), new("length_mm", "Length (mm)"), new("on_riser", "Riser"),
        ],
        rig.Gpus.Select(g =>
        {
            byInstall.TryGetValue(g.Index, out var p);
            return (IReadOnlyList<object?>)
            [
                $"GPU{g.Index}", g.Gpu.Id, g.Slot.Id, p?.First, p?.Last, g.Gpu.Thickness.Value,
                p is { HasNeighbour: true } ? Math.Round(p!.Gap.Value, 2) : null,
                g.Gpu.Length.Value, g.Riser is not null,
            ];
        }).ToList());
        return new AnalysisResult(Key, Title, findings, figures, [table]);
    }

    private static string FormName(FormFactor form) => form switch
    {
        FormFactor.MiniItx => "Mini-ITX",
        FormFactor.MicroAtx => "microATX",
        FormFactor.Eatx => "E-ATX",
        FormFactor.Xlatx => "XL-ATX",
        _ => form.ToString().ToUpperInvariant(),
    };
}
