using System.Globalization;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Planning.Physical;
using Rigsmith.Rigs;
using Rigsmith.Units;

namespace Rigsmith.Analysis.Thermal;

public enum CoolingRisk { Low, Medium, High }

/// <summary>One GPU's cooling risk and the reasons for it.</summary>
public sealed record GpuCooling(GpuInstall Install, CoolingRisk Risk, IReadOnlyList<string> Reasons, Slots? Gap);

/// <summary>
/// A rule-based cooling model: the cooler type sets how much intake room a card needs, the gap to the card below
/// gives how much it has, and power, room temperature and the chassis move the risk up.
/// </summary>
public static class CoolingModel
{
    /// <summary>
    /// Open-air cards with less than one free slot below the cooler run high risk. Assumption: one slot (20.32 mm),
    /// anchored to two measurements: an open-air TITAN RTX stacked directly above blower cards ran ResNet-152 at 21.69
    /// instead of 8.22 ms/image, 2.6× slower (https://l7.curtisnorthcutt.com/gpu-positioning), and the top of two
    /// stacked open-air 1080 Tis reached 84 °C, near its throttle point (https://michaelriedl.com/2021/12/12/dual-gpu-fan.html).
    /// </summary>
    public const double OpenAirTightGapSlots = 1.0;

    /// <summary>Open-air cards with less than two free slots run medium risk. Assumption: open-air coolers get "substantially
    /// riskier as card spacing tightens" (https://www.computeatlas.ai/guides/multi-gpu-airflow-cooling-ai-workstations); two slots
    /// is the spacing at which a second card's fans have their own intake air.</summary>
    public const double OpenAirComfortGapSlots = 2.0;

    /// <summary>A blower sandwiched without a gap above this power limit runs medium risk. Assumption: 300 W, the power
    /// class of professional blower cards (RTX A6000, 300 W, hardware.md §2.1) designed for dense stacks; a 350 W GeForce blower
    /// in the same space runs its fan at full speed ("very noisy under high GPU load",
    /// https://www.tomshw.it/hardware/msi-la-nuova-geforce-rtx-3090-ha-un-dissipatore-particolare/).</summary>
    public static readonly Watts BlowerStackedPower = Watts.From(300);

    /// <summary>Room temperature from which every card's risk goes up one level. Assumption: 30 °C, five degrees above the
    /// 25 °C room that GPU reviews test in; every degree of intake air is a degree on the die.</summary>
    public static readonly Celsius WarmRoom = Celsius.From(30);

    public static GpuCooling Assess(GpuInstall install, Slots? gap, ChassisKind? chassis, int gpuCount, Celsius ambient)
    {
        var gpu = install.Gpu;
        var reasons = new List<string>();
        var risk = CoolingRisk.Low;
        var gapText = gap is { } g ? $"{g.Value.ToString("0.##", CultureInfo.InvariantCulture)} slot gap below" : "free intake below";
        switch (gpu.Cooler)
        {
            case Cooler.Passive when chassis == ChassisKind.Rackmount:
                reasons.Add("passive heatsink in a rackmount chassis whose fans push air through it");
                break;
            case Cooler.Passive:
                risk = CoolingRisk.High;
                reasons.Add($"passive heatsink without forced airflow ({(chassis is { } k ? KindName(k) : "no chassis given")})");
                break;
            case Cooler.Liquid:
                reasons.Add("liquid-cooled; heat leaves at the radiator");
                break;
            case Cooler.OpenAir when gap is { } og && og.Value < OpenAirTightGapSlots:
                risk = CoolingRisk.High;
                reasons.Add(og.Value < 0
                    ? $"open-air cooler reaching {(-og.Value).ToString("0.##", CultureInfo.InvariantCulture)} slots into the next card's space: its fans breathe that card's heat"
                    : $"open-air cooler with a {og.Value.ToString("0.##", CultureInfo.InvariantCulture)} slot gap below: its fans breathe the next card's heat");
                break;
            case Cooler.OpenAir when gap is { } og && og.Value < OpenAirComfortGapSlots:
                risk = CoolingRisk.Medium;
                reasons.Add($"open-air cooler with a {og.Value.ToString("0.##", CultureInfo.InvariantCulture)} slot gap below");
                break;
            case Cooler.OpenAir:
                reasons.Add($"open-air cooler, {gapText}");
                break;
            case Cooler.Blower when gap is { } bg && bg.Value < OpenAirTightGapSlots && install.PowerLimit > BlowerStackedPower:
                risk = CoolingRisk.Medium;
                reasons.Add($"blower sandwiched ({gapText}) at {install.PowerLimit}: exhausts out the back but runs hot and loud");
                break;
            case Cooler.Blower:
                reasons.Add($"blower exhausting out of the case, {gapText}");
                break;
        }

        if (gpu.Cooler == Cooler.OpenAir && chassis == ChassisKind.Tower && gpuCount >= 2)
        {
            risk = Raise(risk);
            reasons.Add($"{gpuCount} cards in a closed tower: open-air coolers leave their heat inside the case");
        }

        if (ambient >= WarmRoom && gpu.Cooler != Cooler.Liquid)
        {
            risk = Raise(risk);
            reasons.Add($"warm room ({ambient})");
        }

        return new GpuCooling(install, risk, reasons, gap);
    }

    // Spelled out: an enum's ToString reads its names by reflection on first use, a cost every cold check paid.
    public static string RiskName(CoolingRisk risk) => risk switch
    {
        CoolingRisk.Low => "low",
        CoolingRisk.Medium => "medium",
        _ => "high",
    };

    public static string KindName(ChassisKind kind) => kind switch
    {
        ChassisKind.OpenFrame => "open frame",
        ChassisKind.Benchtable => "benchtable",
        ChassisKind.Rackmount => "rackmount",
        _ => "tower",
    };

    private static CoolingRisk Raise(CoolingRisk risk) => risk == CoolingRisk.High ? CoolingRisk.High : risk + 1;
}

/// <summary>Cooling: each GPU's risk from its cooler, the gap to its neighbour, power, room and chassis; heat the GPUs and CPU put out.</summary>
public sealed class ThermalAnalysis : IAnalysis
{
    public static readonly Rule PassiveWithoutAirflow = new("THM501", Severity.Error, "Passive card without forced airflow",
        "A GPU with a passive heatsink (Tesla P40, A100 PCIe) needs a server chassis's fans to push air through it; on a benchtable, open frame or tower it overheats. A warning when the rig names no chassis.",
        "https://omegaco.ae/shop/gpu-cards-edge-ai/nvidia-p40 (P40: passive, dual slot)");
    public static readonly Rule BlockedIntake = new("THM502", Severity.Warning, "Open-air card with its intake blocked",
        "The gap between an open-air card's cooler and the next card, in slots: under one slot its fans breathe the next card's exhaust (measured: 2.6× slower, 84 °C stacked).",
        "https://l7.curtisnorthcutt.com/gpu-positioning; https://michaelriedl.com/2021/12/12/dual-gpu-fan.html; https://www.computeatlas.ai/guides/multi-gpu-airflow-cooling-ai-workstations");
    public static readonly Rule SandwichedBlower = new("THM503", Severity.Info, "Blower card sandwiched at high power",
        "A blower with no gap below it and a power limit above 300 W: it still exhausts out of the case, but runs at high fan speed and temperature.",
        "https://www.computeatlas.ai/guides/multi-gpu-airflow-cooling-ai-workstations; https://www.tomshw.it/hardware/msi-la-nuova-geforce-rtx-3090-ha-un-dissipatore-particolare/");
    public static readonly Rule WarmRoom = new("THM504", Severity.Warning, "Warm room for the heat load",
        "The site's ambient temperature against 30 °C: every card breathes room air, so a warm room raises every card's risk one level.",
        "Assumption (docs/models/thermal.md)");
    public static readonly Rule TowerOpenAir = new("THM505", Severity.Warning, "Open-air cards in a closed tower",
        "Two or more open-air GPUs in a tower case: their coolers exhaust into the case, and the cards and CPU breathe that air.",
        "https://www.computeatlas.ai/guides/multi-gpu-airflow-cooling-ai-workstations");

    public string Key => "thermal";
    public string Title => "Cooling";

    public IReadOnlyList<Rule> Rules { get; } = [PassiveWithoutAirflow, BlockedIntake, SandwichedBlower, WarmRoom, TowerOpenAir];

    public AnalysisResult Run(AnalysisContext context)
    {
        var rig = context.Rig;
        var findings = new List<Finding>();
        var placements = context.Plan.Layout.Placements.ToDictionary(p => p.Install.Index);
        var chassis = rig.Chassis?.Kind;
        var ambient = rig.Site.Ambient;
        var assessments = rig.Gpus.Select(g =>
        {
            Slots? gap = placements.TryGetValue(g.Index, out var p) && p.HasNeighbour ? p.Gap : null;
            return CoolingModel.Assess(g, gap, chassis, rig.Gpus.Count, ambient);
        }).ToList();

        foreach (var a in assessments)
        {
            var g = a.Install;
            var evidence = Evidence.Uncited(g.Gpu, "cooler", "thickness").Concat(Evidence.Uncited(rig.Board, "slots")).ToList();
            if (g.Gpu.Cooler == Cooler.Passive && chassis != ChassisKind.Rackmount)
            {
                findings.Add(Finding.Of(PassiveWithoutAirflow,
                    rig.Chassis is null
                        ? $"{g.Label} has a passive heatsink and the rig names no chassis; it needs a server chassis's forced airflow."
                        : $"{g.Label} has a passive heatsink; the {rig.Chassis.Name} ({CoolingModel.KindName(rig.Chassis.Kind)}) has no fans pushing air through it, so it will overheat at {g.PowerLimit}.",
                    "Use a rackmount chassis built for passive cards, or fit a ducted blower fan to each card.",
                    [g.Gpu.Id, .. rig.Chassis is null ? Array.Empty<string>() : [rig.Chassis.Id]], Evidence.Uncited(g.Gpu, "cooler"),
                    rig.Chassis is null ? Severity.Warning : Severity.Error));
            }
            else if (g.Gpu.Cooler == Cooler.OpenAir && a.Gap is { } gap && gap.Value < CoolingModel.OpenAirTightGapSlots)
            {
                var below = placements[g.Index].Next?.Label ?? "the card below";
                findings.Add(Finding.Of(BlockedIntake,
                    $"{g.Label} is an open-air card {Room(gap)} {below}: it breathes that card's heat (an open-air card stacked above others ran 2.6× slower; stacked 1080 Tis reached 84 °C).",
                    "Leave at least one empty slot below each open-air card, use 2-slot blower cards, or move cards onto risers in an open frame.",
                    [g.Gpu.Id], evidence));
            }
            else if (g.Gpu.Cooler == Cooler.Blower && a.Gap is { } bg && bg.Value < CoolingModel.OpenAirTightGapSlots && g.PowerLimit > CoolingModel.BlowerStackedPower)
            {
                findings.Add(Finding.Of(SandwichedBlower,
                    $"{g.Label} is a blower with no gap below it at a {g.PowerLimit} power limit: it exhausts out of the case but will run hot and loud.",
                    $"Watch its temperature under load; a lower power limit (nvidia-smi -pl, for example {CoolingModel.BlowerStackedPower}) puts less heat into the same cooler.",
                    [g.Gpu.Id], evidence));
            }
        }

        var openAir = rig.Gpus.Where(g => g.Gpu.Cooler == Cooler.OpenAir).ToList();
        if (chassis == ChassisKind.Tower && openAir.Count >= 2)
        {
            findings.Add(Finding.Of(TowerOpenAir,
                $"{openAir.Count} open-air GPUs ({Power(openAir.Sum(g => g.PowerLimit.Value))}) in the {rig.Chassis!.Name}: their heat stays in the case.",
                "Use blower cards, or a case with strong front-to-back airflow, or an open frame.",
                openAir.Select(g => g.Gpu.Id).Distinct().Append(rig.Chassis.Id), Evidence.Uncited(rig.Chassis, "kind")));
        }

        var gpuHeat = Watts.From(rig.Gpus.Sum(g => g.PowerLimit.Value));
        var cpuHeat = rig.Cpu.LoadPower ?? rig.Cpu.Tdp;
        // The heat into the room is the power report's figure (all wall draw ends as heat), so both reports agree.
        var roomHeat = context.Plan.Electrical.AsSet.Heat;
        if (ambient >= CoolingModel.WarmRoom && rig.Gpus.Count > 0)
        {
            findings.Add(Finding.Of(WarmRoom,
                $"The room is {ambient}{(rig.Site.AmbientAssumed ? " (assumed)" : "")}, at or above {CoolingModel.WarmRoom}; the rig adds {Math.Round(roomHeat.Value).ToString(CultureInfo.InvariantCulture)} W of heat to it (its wall draw; the GPUs and CPU {gpuHeat + cpuHeat} of it).",
                "Ventilate or air-condition the room, or lower the GPUs' power limits.", [rig.Cpu.Id]));
        }

        var worst = assessments.Count == 0 ? CoolingRisk.Low : assessments.Max(a => a.Risk);
        var figures = new List<Figure>
        {
            new("ambient_c", "Room temperature", ambient.Value, "°C"),
            new("ambient_assumed", "Room temperature assumed", rig.Site.AmbientAssumed),
            new("chassis_kind", "Chassis", chassis is { } k ? CoolingModel.KindName(k) : "none given"),
            new("gpu_heat_w", "GPU heat (sum of power limits)", gpuHeat.Value, "W"),
            new("cpu_heat_w", "CPU heat (load power, or TDP)", cpuHeat.Value, "W"),
            new("gpu_cpu_heat_w", "GPU and CPU heat (part of the room heat)", (gpuHeat + cpuHeat).Value, "W"),
            new("heat_w", "Heat into the room (wall draw, as in the power report)", Math.Round(roomHeat.Value, 1), "W"),
            new("highest_risk", "Highest cooling risk", CoolingModel.RiskName(worst)),
        };
        var table = new ReportTable("gpus", "GPU cooling",
        [
            new("device", "GPU"), new("part", "Part"), new("cooler", "Cooler"), new("power_limit_w", "Power limit (W)"), new("gap_slots", "Gap below (slots)"),
            new("risk", "Risk"), new("reason", "Why"),
        ],
        assessments.Select(a => (IReadOnlyList<object?>)
        [
            $"GPU{a.Install.Index}", a.Install.Gpu.Id, CoolerName(a.Install.Gpu.Cooler), a.Install.PowerLimit.Value, a.Gap is { } gap ? Math.Round(gap.Value, 2) : null,
            CoolingModel.RiskName(a.Risk), string.Join("; ", a.Reasons),
        ]).ToList());
        return new AnalysisResult(Key, Title, findings, figures, [table]);
    }

    // Concatenated: it fills a hole of an interpolated message (see Finding.Of).
    private static string Room(Slots gap) => gap.Value < 0
        ? "whose cooler reaches " + (-gap.Value).ToString("0.##", CultureInfo.InvariantCulture) + " slots into the space of"
        : "with " + gap.Value.ToString("0.##", CultureInfo.InvariantCulture) + " slots between its fans and";

    private static string Power(double w) => Watts.From(w).ToString();

    private static string CoolerName(Cooler cooler) => MapReader.EnumName(cooler);
}
