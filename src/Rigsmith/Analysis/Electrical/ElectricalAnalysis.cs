using System.Globalization;
using Rigsmith.Catalog;
using Rigsmith.Planning.Electrical;
using Rigsmith.Rigs;
using Rigsmith.Standards;
using Rigsmith.Units;

namespace Rigsmith.Analysis.Electrical;

/// <summary>
/// Power: sustained load against the PSUs, efficiency and wall draw, coincident GPU transients, connectors and cables,
/// the +12 V path to the slots and the wall circuit. The model and its parameters are in docs/models/electrical.md.
/// </summary>
public sealed class ElectricalAnalysis : IAnalysis
{
    public static readonly Rule PsuCapacity = new("PWR201", Severity.Error, "Sustained load within the PSU rating",
        "Sustained DC load (CPU, GPUs at their power limits, board, memory, drives, fans) against each PSU's rating, derated at 100-127 V mains where the unit has a low-line rating; several PSUs share the load in proportion to their capacity.",
        "Catalog PSU ratings; https://www.thefpsreview.com/2020/10/22/puget-systems-tests-four-blower-style-geforce-rtx-3090-cards-in-a-single-workstation-1717-watt-peak-power-draw/");
    public static readonly Rule InputRange = new("PWR202", Severity.Error, "Mains voltage within the PSU's input range",
        "The site's mains voltage against each PSU's input voltage range.", "PSU datasheets (input_voltage)");
    public static readonly Rule Transient = new("PWR203", Severity.Warning, "GPU transients within the PSU's excursion capability",
        "All GPUs spiking together (synchronous training) at 1.33x their power limit for up to 10 ms plus the rest at sustained draw, against the ATX 3.x allowance for 10 ms (160 % of rating above 450 W with a 12VHPWR output, 135 % without) and 100 % for other units; where the peak also passes 110 % of rating, inside the band where over-power protection trips, it says protection may trip, and above 130 % it is an error.",
        "https://www.ecoenergygeek.com/rtx-3090-power-consumption/ ; https://hardzone.es/noticias/tarjetas-graficas/nvidia-rtx-3090-fuente-alimentacion-750-vatios/ ; " + Atx.ExcursionSource + " ; https://www.tomshardware.com/reviews/thermaltake-smart-bm2-750w-power-supply-review/3");
    public static readonly Rule ConnectorCount = new("PWR204", Severity.Error, "PSU has the GPUs' power connectors",
        "Each GPU's power connectors against the PSU leads of that type, counting daisy-chained plugs.", "Catalog PSU cables and GPU power_connectors");
    public static readonly Rule CableCurrent = new("PWR205", Severity.Warning, "GPU power cables within their rating",
        "Current per +12 V pin of each PSU lead (a daisy-chained lead carries all its plugs' current) against the terminal rating, and each plug against its connector's spec power; an error above 125 % of the pin rating.",
        "https://manualshive.com/en/manual/intel/atx-3-0/2071598?page=52 ; http://what-when-how.com/Tutorial/topic-1055jk35/Upgrading-and-Repairing-PCs-935.html");
    public static readonly Rule CpuPower = new("PWR206", Severity.Error, "CPU EPS power connected and within rating",
        "The board's EPS headers against the PSU's EPS leads, and the CPU's current per +12 V pin against the terminal rating (a warning when over it).",
        "https://pdf.datasheet.live/814e1090/molex.com/0440680282.txt");
    public static readonly Rule SlotPins = new("PWR207", Severity.Warning, "Slot power pins within terminal rating",
        "Current per +12 V pin of the 24-pin and of each auxiliary slot-power header, from the slot-path model's worst case, against the Mini-Fit Jr terminal rating derated by circuit count (6 A in the 24-pin).",
        Connectors.MiniFitJrSource + " ; https://pdfslide.us/documents/atx-24-pin-power-supply-connector-pinout.html");
    public static readonly Rule SlotVoltage = new("PWR208", Severity.Error, "12 V at the slots within the card-edge tolerance",
        "Predicted +12 V at the PCIe slots (PSU output after load regulation, minus the I·R drop over leads, heated terminals, returns and board copper), worst case, against the card-edge floor of 11.04 V (-8 %); a warning when only the dip during coincident GPU spikes falls below it.",
        Atx.CardEdgeSource + " ; docs/models/electrical.md");
    public static readonly Rule Circuit = new("PWR209", Severity.Error, "Wall draw within the circuit's continuous limit",
        "Wall draw (DC load over PSU efficiency) on each circuit against mains × breaker × continuous-load fraction (80 % under the NEC unless the rig file says otherwise); with several circuits, the PSU units are plugged into them in turn.",
        "https://www.manhattanreefs.com/forum/general-discussion/1024-electricity-watt-vs-amp.htmlpost-9744 ; https://electricalcalcpro.com/?p=41");

    public static readonly Rule Atx24Rail = new("PWR210", Severity.Warning, "12 V at the board's 24-pin within ATX regulation",
        "Predicted +12 V where the 24-pin lead meets the board (the load end of the PSU's lead, where ATX12V measures regulation), typical case, against the ATX12V -5 % floor of 11.40 V.",
        Atx.RailSource + " ; docs/models/electrical.md");

    public string Key => "power";
    public string Title => "Power";

    public IReadOnlyList<Rule> Rules { get; } = [PsuCapacity, InputRange, Transient, ConnectorCount, CableCurrent, CpuPower, SlotPins, SlotVoltage, Circuit, Atx24Rail];

    public AnalysisResult Run(AnalysisContext context)
    {
        var rig = context.Rig;
        var plan = context.Plan.Electrical;
        var state = plan.AsSet;
        var findings = new List<Finding>();
        var advised = plan.Advice.All;

        CheckPsus(rig, plan, findings);
        CheckTransient(rig, plan, findings);
        var connectorRows = CheckGpuCables(rig, state, findings);
        connectorRows.AddRange(CheckCpuPower(rig, state, findings));
        CheckSlotPath(rig, plan, findings);
        CheckCircuit(rig, plan, findings);

        var figures = new List<Figure>
        {
            new("dc_load_w", "Sustained DC load", Round(state.DcLoad.Value, 1), "W"),
            new("psu_capacity_w", "PSU capacity at this mains voltage", Round(state.Capacity.Value, 1), "W"),
            new("efficiency", "PSU efficiency at this load", Round(state.Efficiency, 3)),
            new("wall_w", "Wall draw", Round(state.Wall.Value, 1), "W"),
            new("heat_w", "Heat into the room", Round(state.Heat.Value, 1), "W"),
            new("heat_btu_per_h", "Heat into the room", Round(state.Heat.BtuPerHour, 0), "BTU/h"),
            new("transient_peak_w", "Coincident transient peak", Round(state.TransientPeak.Value, 1), "W"),
            new("transient_capacity_w", "PSU excursion capability", Round(state.TransientCapacity.Value, 1), "W"),
            new("slot_rail_v", "Predicted +12 V at the slots (typical)", Round(state.SlotPath.SlotVoltage.Value, 3), "V"),
            new("slot_rail_worst_v", "Predicted +12 V at the slots (worst case)", Round(state.SlotPathWorst.SlotVoltage.Value, 3), "V"),
            new("slot_rail_transient_v", "+12 V at the slots during coincident GPU spikes (worst case)", Round(state.SlotPathTransient.SlotVoltage.Value, 3), "V"),
            new("atx24_rail_v", "Predicted +12 V at the board's 24-pin (typical)", Round(state.SlotPath.Atx24Voltage.Value, 3), "V"),
            new("psu_output_v", "PSU +12 V output after load regulation (typical)", Round(state.SlotPath.PsuOutput.Value, 3), "V"),
            new("slot_path_current_a", "Current to the slots", Round(state.SlotPath.Current.Value, 2), "A"),
            new("circuit_limit_w", "Circuit continuous limit", Round(state.CircuitLimit.Value, 1), "W"),
        };
        if (rig.Site.Circuits > 1)
        {
            figures.Add(new("circuits", "Circuits the PSU units are plugged into, in turn", rig.Site.Circuits));
            figures.Add(new("circuit_wall_w", "Wall draw on the most loaded circuit", Round(state.CircuitWall.Value, 1), "W"));
        }

        if (rig.Gpus.Count > 0)
            figures.Add(new("advised_power_limit_w", "Highest GPU power limit inside every limit", advised?.Value ?? 0.0, "W"));

        var tables = new List<ReportTable>
        {
            new("consumers", "Sustained DC load", [new("name", "Consumer"), new("watts", "W"), new("basis", "Basis")],
                state.Consumers.Select(c => (IReadOnlyList<object?>)[c.Name, Round(c.Power.Value, 1), c.Basis]).ToList()),
            new("psus", "PSUs", [new("id", "PSU"), new("unit", "Unit"), new("load_w", "Load W"), new("capacity_w", "Capacity W"), new("load_fraction", "Load"), new("efficiency", "Efficiency"), new("wall_w", "Wall W"), new("curve", "Efficiency curve")],
                state.Psus.Select(p => (IReadOnlyList<object?>)[p.Psu.Id, p.Unit, Round(p.Load.Value, 1), Round(p.Capacity.Value, 1), Round(p.LoadFraction, 3), Round(p.Efficiency, 3), Round(p.Wall.Value, 1), p.Curve]).ToList()),
            new("connectors", "Power leads", [new("gpu", "Load"), new("connector", "Connector"), new("cable", "Lead"), new("current_a", "A"), new("rating_a", "Rating A")],
                connectorRows.Select(r => (IReadOnlyList<object?>)[r.Owner, Connectors.Name(r.Spec.Connector), r.Cable, Round(r.Current.Value, 2), Round(r.Rating.Value, 1)]).ToList()),
            new("slot_path", "+12 V path to the slots", [new("path", "Path"), new("pins", "+12 V pins"), new("resistance_mohm", "Loop mΩ"), new("current_a", "A"), new("per_pin_a", "A per pin"), new("rating_a", "Pin rating A"), new("worst_resistance_mohm", "Worst loop mΩ"), new("worst_per_pin_a", "Worst A per pin"), new("worst_terminal_c", "Worst terminal °C")],
                state.SlotPath.Branches.Zip(state.SlotPathWorst.Branches).Select(x => (IReadOnlyList<object?>)[x.First.Name, x.First.Connector.SupplyPins, Round(x.First.Resistance.Milliohms, 2), Round(x.First.Current.Value, 2), Round(x.First.PerPin.Value, 2), Round(x.First.Connector.PinRating.Value, 1), Round(x.Second.Resistance.Milliohms, 2), Round(x.Second.PerPin.Value, 2), Round(x.Second.Temperature.Value, 0)]).ToList()),
        };
        return new AnalysisResult(Key, Title, findings, figures, tables);
    }

    private static double Round(double value, int digits) => double.IsFinite(value) ? Math.Round(value, digits) : value;

    private static string W(double watts) => watts.ToString("#,0", CultureInfo.InvariantCulture) + " W";

    private static string Pct(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    private static string LimitFix(RigModel rig, Watts? limit, string what)
    {
        if (rig.Gpus.Count == 0)
            return "";
        if (limit is not { } l)
            return $"No GPU power limit inside the cards' range brings {what} within limits.";
        var current = rig.Gpus.Max(g => g.PowerLimit.Value);
        return l.Value >= current
            ? ""
            : $"Set every GPU's power limit to {W(l.Value)} or less (nvidia-smi -pl {l.Value.ToString("0", CultureInfo.InvariantCulture)}), the highest that brings {what} within limits.";
    }

    private static IEnumerable<string> GpuIds(RigModel rig) => rig.Gpus.Select(g => g.Gpu.Id).Distinct();

    private static void CheckPsus(RigModel rig, ElectricalPlan plan, List<Finding> findings)
    {
        var state = plan.AsSet;
        if (rig.Psus.Count == 0)
        {
            findings.Add(Finding.Of(PsuCapacity, $"No PSU listed for a sustained load of {W(state.DcLoad.Value)}.", "Add a PSU under 'psus:'."));
            return;
        }

        foreach (var install in rig.Psus)
        {
            var psu = install.Psu;
            if (rig.Site.Mains < psu.InputMin || rig.Site.Mains > psu.InputMax)
            {
                findings.Add(Finding.Of(InputRange,
                    $"{psu.Name} takes {psu.InputMin}-{psu.InputMax} mains; the site supplies {rig.Site.Mains}.",
                    "Choose a PSU rated for this mains voltage (full-range 100-240 V units exist), or run the rig from a circuit it accepts.",
                    [psu.Id], Evidence.Uncited(psu, "input_voltage")));
            }
        }

        var limit = plan.Advice.Psu;
        foreach (var p in state.Psus.Where(p => p.Load > p.Capacity))
        {
            var derate = p.LowLine ? $" (its {rig.Site.Mains} low-line rating)" : "";
            var fix = LimitFix(rig, limit, "the PSU load");
            findings.Add(Finding.Of(PsuCapacity,
                $"{p.Psu.Name} unit {p.Unit} carries {W(p.Load.Value)} sustained, {Pct(p.LoadFraction)} of its {W(p.Capacity.Value)}{derate}.",
                (fix + " Or use a larger PSU or add one.").Trim(),
                [p.Psu.Id, .. GpuIds(rig)], Evidence.Uncited(p.Psu, "wattage", "wattage_low_line", "input_voltage")));
        }
    }

    private static void CheckTransient(RigModel rig, ElectricalPlan plan, List<Finding> findings)
    {
        var state = plan.AsSet;
        if (rig.Gpus.Count == 0 || rig.Psus.Count == 0 || state.TransientOk)
            return;
        var ratio = state.TransientCapacity.Value <= 0 ? double.PositiveInfinity : state.TransientPeak / state.TransientCapacity;
        var ofRating = state.Capacity.Value <= 0 ? double.PositiveInfinity : state.TransientPeak / state.Capacity;
        var window = (ElectricalConstants.GpuExcursionWindow.Value * 1000).ToString("0", CultureInfo.InvariantCulture) + " ms";
        var kinds = rig.Psus.Select(p => p.Psu).DistinctBy(p => p.Id).Select(p =>
        {
            var factor = ElectricalModel.ExcursionFactor(p);
            return factor <= 1
                ? $"{p.Name} has no ATX 3.x excursion rating, so its capability is its rating"
                : ElectricalModel.FullExcursionTable(p)
                    ? $"{p.Name} (ATX {p.AtxVersion}, above 450 W with a 12VHPWR output) is rated for {Pct(factor)} for {window}"
                    : $"{p.Name} (ATX {p.AtxVersion} without a 12VHPWR output, or 450 W or less) is rated for {Pct(factor)} for {window}";
        });
        var kind = string.Join("; ", kinds);
        // Say protection may trip only where the peak is inside the band where over-power protection is measured to trip.
        var risk = ofRating > ElectricalConstants.OppLowFactor
            ? $" At {Pct(ofRating)} of the units' rating the peak is past {Pct(ElectricalConstants.OppLowFactor)}, where over-power protection is measured to trip (good units trip at {Pct(ElectricalConstants.OppLowFactor)}-{Pct(ElectricalConstants.OppPracticeFactor)}), so the PSU's over-power protection may trip and shut the rig down mid-run."
            : " The peak is above what the units are rated to carry for that long but below the band where over-power protection trips: at risk is the +12 V's regulation during the spikes (see the slot voltage during spikes).";
        var limit = plan.Advice.Transient;
        var fix = LimitFix(rig, limit, "the coincident transient peak");
        findings.Add(Finding.Of(Transient,
            $"{rig.Gpus.Count} GPUs spiking together at {ElectricalConstants.GpuExcursionFactor.ToString("0.00", CultureInfo.InvariantCulture)}x their limits for up to {window} make a {W(state.TransientPeak.Value)} peak, " +
            $"{Pct(ratio)} of the PSUs' {W(state.TransientCapacity.Value)} excursion capability ({kind}).{risk}",
            (fix + " Or use an ATX 3.x PSU with a 12VHPWR output (160 % for 10 ms) or a larger one.").Trim(),
            [.. rig.Psus.Select(p => p.Psu.Id), .. GpuIds(rig)],
            rig.Psus.SelectMany(p => Evidence.Uncited(p.Psu, "wattage", "atx_version", "cables")),
            severity: ofRating > ElectricalConstants.OppPracticeFactor && ratio > 1 ? Severity.Error : Severity.Warning));
    }

    internal sealed record LeadRow(string Owner, ConnectorSpec Spec, string Cable, Amperes Current, Amperes Rating);

    private static List<LeadRow> CheckGpuCables(RigModel rig, ElectricalState state, List<Finding> findings)
    {
        var rows = new List<LeadRow>();
        // Each GPU's draw above its slot share, split over its connectors by their spec power.
        var plugs = new List<(int Gpu, PowerConnector Connector, Watts Power)>();
        for (var i = 0; i < rig.Gpus.Count; i++)
        {
            var g = rig.Gpus[i];
            var aux = state.GpuLimits[i] - ElectricalModel.SlotPower(g.Gpu, state.GpuLimits[i]);
            var weights = g.Gpu.PowerConnectors.Select(c => Connectors.Of(c).Weight.Value).ToList();
            var total = weights.Sum();
            for (var c = 0; c < g.Gpu.PowerConnectors.Count; c++)
                plugs.Add((i, g.Gpu.PowerConnectors[c], total <= 0 ? Watts.Zero : aux * (weights[c] / total)));
        }

        foreach (var group in plugs.GroupBy(p => p.Connector))
        {
            var spec = Connectors.Of(group.Key);
            var leads = rig.Psus.SelectMany(p => p.Psu.Cables.Where(c => c.Connector == group.Key)
                .SelectMany(c => Enumerable.Repeat(c.PerCable, c.Cables * p.Count))).ToList();
            var needed = group.Count();
            var available = leads.Sum();
            if (available < needed)
            {
                findings.Add(Finding.Of(ConnectorCount,
                    $"The GPUs need {needed} {Connectors.Name(group.Key)} plugs; the PSUs have {available} ({leads.Count} leads).",
                    "Use a PSU with more leads of this type, or a second PSU; adapters from other connectors are not modelled and often overload them.",
                    [.. rig.Psus.Select(p => p.Psu.Id), .. GpuIds(rig)], rig.Psus.SelectMany(p => Evidence.Uncited(p.Psu, "cables"))));
                continue;
            }

            // One plug per lead while leads last; then daisy-chain, pairing plugs of the same GPU first.
            var bundles = group.Select(p => new List<(int Gpu, Watts Power)> { (p.Gpu, p.Power) }).ToList();
            var maxPerLead = leads.Max();
            while (bundles.Count > leads.Count)
            {
                var pair = FindPair(bundles, maxPerLead, sameGpu: true) ?? FindPair(bundles, maxPerLead, sameGpu: false);
                if (pair is not var (a, b))
                    break;
                bundles[a].AddRange(bundles[b]);
                bundles.RemoveAt(b);
            }

            var index = 0;
            var over = new List<(string Owner, string Cable, string Problem, bool Daisy, bool Severe, List<(int Gpu, Watts Power)> Bundle)>();
            foreach (var bundle in bundles)
            {
                index++;
                var owner = string.Join(" + ", bundle.Select(p => $"GPU{rig.Gpus[p.Gpu].Index}").Distinct());
                var power = bundle.Aggregate(Watts.Zero, (s, p) => s + p.Power);
                var current = power / Atx.NominalRail;
                var cable = bundle.Count == 1 ? $"lead {index}" : $"lead {index} ({bundle.Count} plugs daisy-chained)";
                rows.Add(new LeadRow(owner, spec, cable, current, spec.Rating));

                var perPin = current / spec.SupplyPins;
                var overPlug = spec.SpecPower is { } specPower ? bundle.Where(p => p.Power > specPower).ToList() : [];
                if (perPin > spec.PinRating || overPlug.Count > 0)
                {
                    var parts = new List<string>();
                    if (perPin > spec.PinRating)
                        parts.Add($"{current} over {spec.SupplyPins} +12 V pins is {perPin} per pin, above the {spec.PinRating} terminal rating");
                    if (overPlug.Count > 0)
                        parts.Add($"a plug carries {W(overPlug.Max(p => p.Power.Value))}, above the {Connectors.Name(group.Key)}'s {spec.SpecPower} spec");
                    over.Add((owner, cable, string.Join("; ", parts), bundle.Count > 1, perPin > spec.PinRating * 1.25, bundle));
                }
            }

            // Leads with the same problem make one finding that names them all, not one finding per lead.
            foreach (var same in over.GroupBy(o => (o.Problem, o.Daisy, o.Severe)))
            {
                var hit = same.ToList();
                var who = hit.Count == 1
                    ? $"{hit[0].Owner}: {Connectors.Name(group.Key)} {hit[0].Cable}"
                    : $"{string.Join(", ", hit.Select(l => l.Owner).Distinct())}: {hit.Count} {Connectors.Name(group.Key)} leads ({string.Join(", ", hit.Select(l => l.Cable))}), each";
                var bundle = hit.SelectMany(l => l.Bundle).ToList();
                findings.Add(Finding.Of(CableCurrent,
                    $"{who}: {same.Key.Problem}.",
                    same.Key.Daisy ? "Give each plug its own lead from the PSU; do not use the daisy-chained second plug on a high-power card." : "Lower the GPU power limit or use a card and PSU with 12VHPWR.",
                    [.. rig.Psus.Select(p => p.Psu.Id), .. bundle.Select(p => rig.Gpus[p.Gpu].Gpu.Id).Distinct()],
                    rig.Psus.SelectMany(p => Evidence.Uncited(p.Psu, "cables")).Concat(bundle.SelectMany(p => Evidence.Uncited(rig.Gpus[p.Gpu].Gpu, "power_connectors", "slot_power"))),
                    severity: same.Key.Severe ? Severity.Error : Severity.Warning));
            }
        }

        return rows;
    }

    private static (int A, int B)? FindPair(List<List<(int Gpu, Watts Power)>> bundles, int maxPerLead, bool sameGpu)
    {
        (int, int)? best = null;
        var bestSize = int.MaxValue;
        for (var a = 0; a < bundles.Count; a++)
        {
            for (var b = a + 1; b < bundles.Count; b++)
            {
                var size = bundles[a].Count + bundles[b].Count;
                if (size > maxPerLead || size >= bestSize)
                    continue;
                if (sameGpu && !bundles[a].Select(p => p.Gpu).Intersect(bundles[b].Select(p => p.Gpu)).Any())
                    continue;
                best = (a, b);
                bestSize = size;
            }
        }

        return best;
    }

    private static IEnumerable<LeadRow> CheckCpuPower(RigModel rig, ElectricalState state, List<Finding> findings)
    {
        var board = rig.Board;
        var cpuPower = state.Consumers[0].Power;
        var eps8Leads = rig.Psus.Sum(p => p.Psu.Cables.Where(c => c.Connector == PowerConnector.Eps8).Sum(c => c.Cables * c.PerCable) * p.Count);
        var eps4Leads = rig.Psus.Sum(p => p.Psu.Cables.Where(c => c.Connector == PowerConnector.Eps4).Sum(c => c.Cables * c.PerCable) * p.Count);
        var connected8 = Math.Min(board.Power.Eps8, eps8Leads);
        // An 8-pin EPS lead is a 4+4 and also fits a 4-pin header.
        var connected4 = Math.Min(board.Power.Eps4, eps8Leads - connected8 + eps4Leads);
        var pins = (connected8 * Connectors.Eps8.SupplyPins) + (connected4 * Connectors.Eps4.SupplyPins);
        var subjects = new[] { rig.Cpu.Id, board.Id }.Concat(rig.Psus.Select(p => p.Psu.Id)).ToList();
        var assumed = Evidence.Uncited(board, "power.eps8", "power.eps4").Concat(rig.Psus.SelectMany(p => Evidence.Uncited(p.Psu, "cables")));
        if (board.Power.Eps8 + board.Power.Eps4 == 0)
            return [];
        if (pins == 0)
        {
            findings.Add(Finding.Of(CpuPower,
                $"The {board.Name} has {board.Power.Eps8} 8-pin and {board.Power.Eps4} 4-pin EPS headers; the PSUs have no EPS leads to feed them.",
                "Use a PSU with EPS (CPU) leads.", subjects, assumed));
            return [];
        }

        var current = cpuPower / Atx.NominalRail;
        var perPin = current / pins;
        var rating = connected8 > 0 ? Connectors.Eps8.PinRating : Connectors.Eps4.PinRating;
        var spec = connected8 > 0 ? Connectors.Eps8 : Connectors.Eps4;
        var missing = board.Power.Eps8 + board.Power.Eps4 - connected8 - connected4;
        if (perPin > rating)
        {
            findings.Add(Finding.Of(CpuPower,
                $"The CPU's {current} over {pins} EPS +12 V pins is {perPin} per pin, above the {rating} terminal rating" +
                (missing > 0 ? $"; {missing} of the board's EPS headers have no lead." : "."),
                "Connect every EPS header on the board; use a PSU with enough EPS leads.", subjects, assumed, Severity.Warning));
        }

        var label = connected4 > 0 ? $"{connected8} x 8-pin + {connected4} x 4-pin" : $"{connected8} x 8-pin";
        var rated = (Connectors.Eps8.PinRating * (connected8 * Connectors.Eps8.SupplyPins)) + (Connectors.Eps4.PinRating * (connected4 * Connectors.Eps4.SupplyPins));
        return [new LeadRow("CPU", spec, $"{label} EPS ({pins} +12 V pins)", current, rated)];
    }

    private static void CheckSlotPath(RigModel rig, ElectricalPlan plan, List<Finding> findings)
    {
        var state = plan.AsSet;
        var path = state.SlotPath;
        var worst = state.SlotPathWorst;
        var spike = state.SlotPathTransient;
        var board = rig.Board;
        // The catalog values the path rests on, then every code-level parameter that is an assumption.
        var assumed = Evidence.Uncited(board, "power.slot_power").Concat(rig.Gpus.SelectMany(g => Evidence.Uncited(g.Gpu, "slot_power")))
            .Concat(rig.Psus.SelectMany(p => Evidence.Uncited(p.Psu, "wattage")))
            .Concat(SlotPathParameters.Assumptions).ToList();
        var subjects = new[] { board.Id }.Concat(GpuIds(rig)).ToList();
        string V(Volts v) => v.Value.ToString("0.00", CultureInfo.InvariantCulture) + " V";

        foreach (var branch in worst.Branches.Where(b => b.OverRating))
        {
            var limit = plan.Advice.SlotPins;
            findings.Add(Finding.Of(SlotPins,
                $"The {branch.Name} carries {branch.Current} over {branch.Connector.SupplyPins} +12 V pins (worst case): {branch.PerPin} per pin, above the {branch.Connector.PinRating} Mini-Fit Jr terminal rating for a {branch.Connector.Circuits}-circuit housing; the terminals run at about {branch.Temperature}.",
                (LimitFix(rig, limit, "the slot-power pins") + " Or use a board with an auxiliary slot-power header (and connect it), or powered risers.").Trim(),
                subjects, assumed));
        }

        var headers = board.Power.SlotPower.Count == 0
            ? $"the {board.Name} has no auxiliary slot-power header, so all {path.Current} flows through the 24-pin's two +12 V pins"
            : $"the {board.Name}'s {board.Power.SlotPower.Count} slot-power header(s) and the 24-pin share {path.Current}";
        var range = $"typical {V(path.SlotVoltage)}, worst case {V(worst.SlotVoltage)}, {V(spike.SlotVoltage)} during coincident GPU spikes";
        if (!state.SlotVoltageOk)
        {
            var limit = plan.Advice.SlotVoltage;
            var fix = LimitFix(rig, limit, "the slot rail");
            findings.Add(Finding.Of(SlotVoltage,
                $"Predicted +12 V at the slots: {range}; the worst case is below the card-edge floor of {V(Atx.CardEdgeMinimum)} ({headers}; the PSU's +12 V sags to {V(worst.PsuOutput)} at this load in the worst case). " +
                "The cards' input regulation is at risk: expect instability or crashes under load.",
                ("Use a board with an auxiliary slot-power header (EVGA-style 6-pin) and connect it, or powered PCIe risers that take slot power from their own lead. " + fix).Trim(),
                subjects, assumed));
        }
        else if (rig.Gpus.Count > 0 && !state.SlotTransientOk)
        {
            findings.Add(Finding.Of(SlotVoltage,
                $"Predicted +12 V at the slots: {range}; sustained it stays above the card-edge floor of {V(Atx.CardEdgeMinimum)}, but during coincident GPU spikes the worst case dips below it ({headers}).",
                "Lower the GPUs' power limits to shrink the spikes, or feed the slots from an auxiliary slot-power header or powered risers.",
                subjects, assumed, Severity.Warning));
        }

        if (!state.Atx24Ok)
        {
            var limit = plan.Advice.Atx24;
            findings.Add(Finding.Of(Atx24Rail,
                $"Predicted +12 V at the board's 24-pin: {V(path.Atx24Voltage)} (typical; worst case {V(worst.Atx24Voltage)}), below the ATX12V floor of {V(Atx.RailMinimum)} that applies at the load end of the PSU's leads: " +
                $"the 24-pin's +12 V pins carry {path.Branches[0].Current} and the PSU's +12 V is {V(path.PsuOutput)} at this load.",
                (LimitFix(rig, limit, "the 24-pin's +12 V") + " Or move slot power off the 24-pin (an auxiliary slot-power header or powered risers), or use a PSU that regulates tighter.").Trim(),
                subjects, assumed));
        }
    }

    private static void CheckCircuit(RigModel rig, ElectricalPlan plan, List<Finding> findings)
    {
        var state = plan.AsSet;
        if (state.CircuitOk)
            return;
        var site = rig.Site;
        var limit = plan.Advice.Circuit;
        var basis = site.ContinuousLoadAssumed
            ? $"{Pct(site.ContinuousLoadFraction)} continuous-load rule assumed (NEC)"
            : $"{Pct(site.ContinuousLoadFraction)} continuous load from the rig file";
        var draw = site.Circuits == 1
            ? $"The rig draws {W(state.Wall.Value)} from the wall"
            : $"The rig draws {W(state.Wall.Value)} from the wall, {W(state.CircuitWall.Value)} of it on its most loaded circuit (its PSU units in turn on {site.Circuits} circuits)";
        findings.Add(Finding.Of(Circuit,
            $"{draw}; a {site.Mains} / {site.Breaker} circuit carries {W(state.CircuitLimit.Value)} continuously ({basis}).",
            (LimitFix(rig, limit, "the wall draw") + " Or use a higher-rated circuit (20 A, or 230 V), or split the rig across circuits.").Trim(),
            GpuIds(rig)));
    }
}
