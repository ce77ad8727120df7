using System.Globalization;
using System.Text;
using Rigsmith.Analysis;
using Rigsmith.Analysis.Training;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Reporting;
using Rigsmith.Rigs;
using Rigsmith.Standards;
using Rigsmith.Training;
using Rigsmith.Units;

namespace Rigsmith.Publishing;

/// <summary>
/// A build article in Markdown, for builds.gg, PCPartPicker build pages or a blog: what the rig is for, each part with
/// the catalog facts that made it the choice and the builder's notes, then the power, PCIe, cooling and training
/// analyses with their figures and findings, and the cost from price observations. Pure: the report in, text out.
/// </summary>
public static class BuildArticle
{
    /// <summary>The analyses that get a section of their own, in article order, with the section title.</summary>
    public static readonly IReadOnlyList<(string Key, string Heading)> Sections =
    [
        ("power", "Power budget and the 12 V at the slots"),
        ("pcie", "PCIe lane map"),
        ("thermal", "Cooling"),
        ("training", "Training fit"),
    ];

    /// <param name="book">The user's price book, for a total converted at its dated rates (its prices are already on the parts).</param>
    public static string Render(Report report, PriceBook? book = null)
    {
        var rig = report.Rig;
        var list = PartList.From(rig, book);
        var sb = new StringBuilder();
        sb.Append("# ").AppendLine(rig.Name).AppendLine();
        sb.Append("tldr: ").AppendLine(Purpose(report)).AppendLine();

        sb.AppendLine("## Part list with details").AppendLine();
        foreach (var (label, entry, facts) in Details(report, list))
        {
            sb.Append("- **").Append(label).Append("**: ").Append(Link(entry.Part)).Append(". ").Append(facts);
            if (entry.Note is not null)
                sb.Append(" *Builder's note: ").Append(Inline(entry.Note)).Append('*');
            sb.AppendLine().AppendLine();
        }

        foreach (var (key, heading) in Sections)
        {
            var analysis = report.Analyses.FirstOrDefault(a => a.Key == key);
            if (analysis is null)
                continue;
            sb.Append("## ").AppendLine(heading).AppendLine();
            var summary = Summary(key, analysis, report);
            if (summary is not null)
                sb.AppendLine(summary).AppendLine();
            if (analysis.Figures.Count == 0 && analysis.Tables.Count == 0)
            {
                sb.AppendLine(key == "training"
                    ? "The rig file names no training workload, so there is nothing to fit; add a `workload:` section."
                    : "Nothing to report.").AppendLine();
                continue;
            }

            WriteFigures(sb, analysis);
            WriteTables(sb, analysis);
            WriteFindings(sb, analysis.Findings);
        }

        var others = report.Analyses.Where(a => Sections.All(s => s.Key != a.Key)).SelectMany(a => a.Findings)
            .OrderByDescending(f => f.Severity).ThenBy(f => f.Rule.Id, StringComparer.Ordinal).ToList();
        if (others.Count > 0)
        {
            sb.AppendLine("## Other checks").AppendLine();
            WriteFindings(sb, others);
        }

        sb.Append(CostSection.Markdown(list));

        var assumed = report.AssumedValues.Count();
        var observed = report.ObservedValues.Count();
        sb.AppendLine("## About these numbers").AppendLine();
        sb.Append("Every figure above comes from rigsmith's models over catalog values with a cited source");
        sb.Append((assumed, observed) switch
        {
            (0, 0) => ".",
            (_, 0) => $"; {assumed} of the catalog values behind them are marked assumed (`rigsmith check` lists each with its reason).",
            (0, _) => $"; {observed} of the catalog values behind them are observed, each in one builder's report rather than a specification (`rigsmith check` lists each with its source).",
            _ => $"; {assumed} of the catalog values behind them are marked assumed and {observed} are observed, each in one builder's report rather than a specification (`rigsmith check` lists each with its reason or source).",
        });
        sb.AppendLine(" Verdict: **" + TextFormat.Verdict(report.Verdict) + $"** ({Headline.Plural(report.Count(Severity.Error), "error")}, {Headline.Plural(report.Count(Severity.Warning), "warning")}).");
        if (Headline.Workload(report) is { } workload)
        {
            // The machine and the job apart, as in the check's headline.
            sb.AppendLine().Append("- ").AppendLine(Headline.Hardware(report)).Append("- ").AppendLine(workload);
        }

        return sb.ToString();
    }

    /// <summary>"Built to fine-tune SDXL (full, adamw8bit, batch 1) on 4 GPUs with 24 GiB each. ..."</summary>
    public static string Purpose(Report report)
    {
        var rig = report.Rig;
        var gpus = rig.Gpus.GroupBy(g => g.Gpu.Chip.ToUpperInvariant()).Select(g => $"{g.Count()}x {g.First().Gpu.Chip.ToUpperInvariant()} ({g.First().Gpu.Vram})");
        var gpuText = rig.Gpus.Count == 0 ? "no GPU yet" : string.Join(" + ", gpus);
        var sb = new StringBuilder();
        sb.Append(Inline(rig.Name)).Append(": ").Append(gpuText).Append(" on ").Append(rig.Board.Name).Append(" with ").Append(rig.CpuCount > 1 ? $"{rig.CpuCount}x " : "").Append(rig.Cpu.Name);
        if (rig.Chassis is not null)
            sb.Append(", in the ").Append(rig.Chassis.Name);
        sb.Append('.');
        if (report.Context.Job is { } job)
        {
            sb.Append(" Built to ").Append(MethodPhrase(job.Settings.Method)).Append(' ').Append(job.Model.Name).Append(' ')
                .Append(TrainingAnalysis.Describe(job.Settings)).Append(" on ").Append(Math.Min(job.Settings.Gpus ?? rig.Gpus.Count, rig.Gpus.Count)).Append(" GPUs");
            var training = report.Analyses.FirstOrDefault(a => a.Key == "training");
            var verdict = (Figure(training, "verdict") as FigureValue.Text)?.Value;
            var peak = Figure(training, "peak_gib");
            var usable = Figure(training, "usable_gib");
            if (verdict is not null && peak is not null && usable is not null)
                sb.Append(": the training model says it ").Append(VerdictPhrase(verdict)).Append(" (").Append(TextFormat.Value(peak)).Append(" of ").Append(TextFormat.Value(usable)).Append(" GiB per GPU)");
            sb.Append('.');
        }
        else if (rig.Workload is not null)
        {
            sb.Append(" The rig file's workload: ").Append(string.Join(", ", rig.Workload.Settings.Select(s => $"{s.Key} {s.Value}"))).Append('.');
        }

        return sb.ToString();
    }

    private static string MethodPhrase(TrainingMethod method) => method switch
    {
        TrainingMethod.Full => "fully fine-tune",
        TrainingMethod.Lora => "train LoRA adapters for",
        TrainingMethod.Qlora => "train QLoRA adapters for",
        TrainingMethod.Dreambooth => "DreamBooth-train",
        _ => "train textual inversions for",
    };

    private static string VerdictPhrase(string verdict) => verdict switch
    {
        "fits" => "fits",
        "tight" => "barely fits",
        _ => "does not fit as set",
    };

    /// <summary>Each part row with an article label (CPU, RAM1, GPU2, SSD1, PSU, Frame) and the facts that made it the choice.</summary>
    private static List<(string Label, PartListEntry Entry, string Facts)> Details(Report report, PartList list)
    {
        var result = new List<(string Label, PartListEntry Entry, string Facts)>();
        var rig = report.Rig;
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        var totals = list.Entries.GroupBy(e => e.Type).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var gpuIndex = 0;
        var storageIndex = 0;
        var memoryRow = 0;
        foreach (var e in list.Entries)
        {
            var prefix = e.Type switch
            {
                PartList.CpuType => "CPU",
                PartList.BoardType => "Motherboard",
                PartList.MemoryType => "RAM",
                PartList.StorageType => "SSD",
                PartList.GpuType => "GPU",
                PartList.PsuType => "PSU",
                PartList.CaseType => rig.Chassis?.Kind is ChassisKind.Benchtable or ChassisKind.OpenFrame ? "Frame" : "Case",
                _ => "Adapter",
            };
            counters[prefix] = counters.GetValueOrDefault(prefix) + 1;
            var label = totals[e.Type] > 1 && e.Type is not (PartList.BoardType or PartList.CaseType) ? prefix + counters[prefix] : prefix;
            var facts = e.Part switch
            {
                Cpu cpu => CpuFacts(cpu, report),
                Motherboard board => BoardFacts(board, rig),
                MemoryModule module => MemoryFacts(module, e, rig.Memory[MemoryIndex(rig, ref memoryRow)]),
                Gpu gpu => GpuFacts(gpu, rig.Gpus[gpuIndex++]),
                Storage drive => StorageFacts(drive, rig.Storage[storageIndex++]),
                Psu psu => PsuFacts(psu),
                Chassis chassis => ChassisFacts(chassis, rig),
                Adapter adapter => $"{Input.MapReader.EnumName(adapter.Kind)} adapter, x{adapter.Lanes}, rated for PCIe {adapter.RatedGen}.0; {e.Role}.",
                _ => "",
            };
            result.Add((label, e, facts));
        }

        return result;
    }

    /// <summary>The memory install a memory row belongs to (rows of one install are consecutive).</summary>
    private static int MemoryIndex(RigModel rig, ref int row)
    {
        var seen = 0;
        for (var i = 0; i < rig.Memory.Count; i++)
        {
            var m = rig.Memory[i];
            var kit = Math.Max(1, m.Module.KitSize);
            var rows = m.Count % kit == 0 ? m.Count / kit : m.Count;
            if (row < seen + rows)
            {
                row++;
                return i;
            }

            seen += rows;
        }

        throw new InvalidOperationException("more memory rows than memory installs");
    }

    private static string CpuFacts(Cpu cpu, Report report)
    {
        var pcie = report.Analyses.FirstOrDefault(a => a.Key == "pcie");
        var used = Figure(pcie, "lanes_used");
        var rig = report.Rig;
        var drivesOnCpu = rig.Storage.Count(s => s.Attachment switch
        {
            DriveAttachment.Port p => p.BoardPort.Source == LaneSource.Cpu && rig.LanesOf(p.BoardPort) > 0,
            DriveAttachment.Slot s2 => s2.BoardSlot.Source == LaneSource.Cpu,
            _ => false,
        });
        var sb = new StringBuilder();
        sb.Append("It has **").Append(cpu.PcieLanes).Append(" PCIe ").Append(cpu.PcieGen).Append(".0 lanes**");
        if (used is not null)
        {
            sb.Append("; this rig's ").Append(rig.Gpus.Count).Append(rig.Gpus.Count == 1 ? " GPU" : " GPUs");
            if (drivesOnCpu > 0)
                sb.Append(" and ").Append(drivesOnCpu).Append(drivesOnCpu == 1 ? " CPU-attached drive" : " CPU-attached drives");
            sb.Append(" use ").Append(TextFormat.Value(used)).Append(" of them");
        }

        sb.Append('.');
        foreach (var fewer in LaneClassesBelow(rig))
            sb.Append(" On this board a ").Append(fewer).Append("-lane CPU would leave ").Append(string.Join(", ", UsedLinksWith(rig, fewer))).Append('.');
        sb.Append(' ').Append(cpu.Cores).Append(" cores, ").Append(cpu.Tdp).Append(" TDP");
        if (cpu.LoadPower is { } load)
            sb.Append(", ").Append(load).Append(" sustained under load");
        sb.Append("; ").Append(cpu.Memory.Channels).Append("-channel ").Append(Input.MapReader.EnumName(cpu.Memory.Type).ToUpperInvariant())
            .Append(" up to ").Append(cpu.Memory.MaxSpeed).Append('.');
        return sb.ToString();
    }

    /// <summary>The board's lane classes (the CPU lane counts its wiring table lists) below this rig's CPU.</summary>
    private static IEnumerable<int> LaneClassesBelow(RigModel rig) =>
        rig.Board.Slots.SelectMany(s => s.WidthByCpuLanes.Keys).Concat(rig.Board.Ports.SelectMany(p => p.LanesByCpuLanes.Keys))
            .Where(k => k > 0 && k < rig.Cpu.PcieLanes).Distinct().OrderDescending();

    /// <summary>"PE1 x16, PE3 off, U2 off": the slots and ports this rig uses, wired for a CPU of <paramref name="lanes"/> lanes.</summary>
    private static IEnumerable<string> UsedLinksWith(RigModel rig, int lanes)
    {
        static string Width(int w) => w == 0 ? "off" : $"x{w}";
        foreach (var g in rig.Gpus)
            yield return $"{g.Slot.Id} {Width(g.Slot.WidthFor(lanes))}";
        foreach (var s in rig.Storage)
        {
            if (s.Attachment is DriveAttachment.Port { BoardPort: var port } && port.Source == LaneSource.Cpu)
                yield return $"{port.Id} {Width(port.LanesFor(lanes))}";
            else if (s.Attachment is DriveAttachment.Slot { BoardSlot: var slot })
                yield return $"{slot.Id} {Width(slot.WidthFor(lanes))}";
        }
    }

    private static string BoardFacts(Motherboard board, RigModel rig)
    {
        var sb = new StringBuilder();
        sb.Append(MapReader.EnumName(board.FormFactor).ToUpperInvariant()).Append(' ').Append(board.Chipset.ToUpperInvariant()).Append(" board, ")
            .Append(board.Slots.Count).Append(" expansion slots wired ")
            .Append(string.Join(", ", board.Slots.Select(s => $"{s.Id} x{rig.LanesOf(s)}"))).Append(" with this CPU. ");
        if (board.Power.SlotPower.Count > 0)
        {
            sb.Append("It **has ").Append(board.Power.SlotPower.Count == 1 ? "a " : "").Append(string.Join(" + ", board.Power.SlotPower.Select(ConnectorName)))
                .Append(" slot-power header").Append(board.Power.SlotPower.Count > 1 ? "s" : "")
                .Append("**, which carries the PCIe slots' 12 V beside the 24-pin.");
        }
        else
        {
            sb.Append("It has **no auxiliary slot-power header**: every slot's 12 V flows through the 24-pin.");
        }

        sb.Append(' ').Append(board.DimmSlots).Append(" DIMM slots, up to ").Append(board.MaxMemory).Append('.');
        return sb.ToString();
    }

    private static string MemoryFacts(MemoryModule module, PartListEntry row, MemoryInstall install)
    {
        var sb = new StringBuilder();
        sb.Append(row.Modules > 1 ? $"A kit of {row.Modules} x " : "One module of ").Append(module.Capacity).Append(' ')
            .Append(MapReader.EnumName(module.Type).ToUpperInvariant()).Append('-').Append(module.Speed.Value.ToString("0", CultureInfo.InvariantCulture))
            .Append(" CL").Append(module.CasLatency).Append(' ').Append(MapReader.EnumName(module.Kind).ToUpperInvariant()).Append(", ")
            .Append(module.Ranks == 1 ? "single-rank" : $"{module.Ranks}-rank");
        if (module.StackedDie)
            sb.Append(", **stacked-die**");
        if (module.DieDensityGbit is { } density)
            sb.Append(", ").Append(density).Append(" Gbit dies");
        sb.Append(" (").Append(install.Count).Append(install.Count == 1 ? " module" : " modules").Append(" of this part installed).");
        return sb.ToString();
    }

    private static string GpuFacts(Gpu gpu, GpuInstall install)
    {
        var sb = new StringBuilder();
        sb.Append("**").Append(gpu.Vram).Append(" VRAM**, ").Append(gpu.Chip.ToUpperInvariant()).Append(", ");
        sb.Append(gpu.Cooler switch
        {
            Cooler.Blower => "**blower** cooler that exhausts out of the back, so cards can sit in adjacent slots",
            Cooler.OpenAir => "open-air cooler that needs a gap below it",
            Cooler.Liquid => "liquid cooled",
            _ => "passive (needs chassis airflow)",
        });
        sb.Append("; ").Append(gpu.Thickness).Append(" thick, ").Append(gpu.Length).Append(" long. ")
            .Append(gpu.BoardPower).Append(" board power, limit set to ").Append(install.PowerLimit).Append(", ")
            .Append(gpu.SlotPower).Append(" of it through the slot; power inputs ")
            .Append(string.Join(" + ", gpu.PowerConnectors.Select(ConnectorName))).Append(". In ").Append(install.Slot.Id);
        if (install.Riser is not null)
            sb.Append(" on the riser ").Append(install.Riser.Name);
        sb.Append('.');
        return sb.ToString();
    }

    private static string StorageFacts(Storage drive, StorageInstall install) =>
        $"{drive.Capacity} {MapReader.EnumName(drive.Interface).ToUpperInvariant()} ({FormName(drive.Form)}), {drive.SequentialRead} sequential read, {drive.ActivePower} active; on the {PartList.Attachment(install.Attachment)}.";

    private static string PsuFacts(Psu psu)
    {
        var cables = psu.Cables.Where(c => c.Connector is PowerConnector.Pcie8 or PowerConnector.Pcie6 or PowerConnector.Hpwr12V)
            .Select(c => $"{c.Cables} cords x {c.PerCable} {ConnectorName(c.Connector)}").ToList();
        var sb = new StringBuilder();
        sb.Append("**").Append(psu.Wattage).Append("**");
        if (psu.WattageLowLine is { } low)
            sb.Append(" (").Append(low).Append(" on 100-127 V)");
        sb.Append(", efficiency rating ").Append(MapReader.EnumName(psu.Efficiency)).Append(", input ").Append(psu.InputMin).Append('-').Append(psu.InputMax).Append("; ");
        sb.Append(psu.AtxVersion is null ? "no ATX 3.x transient rating" : $"rated to the ATX {psu.AtxVersion} transient test");
        if (cables.Count > 0)
            sb.Append("; GPU power: ").Append(string.Join(", ", cables));
        sb.Append('.');
        return sb.ToString();
    }

    private static string ChassisFacts(Chassis chassis, RigModel rig) =>
        $"{MapReader.EnumName(chassis.Kind)} for {string.Join("/", chassis.FormFactors.Select(f => MapReader.EnumName(f).ToUpperInvariant()))} boards, holds {chassis.GpuCapacity} GPUs ({rig.Gpus.Count} fitted), {chassis.ExpansionSlots} expansion slots, cards up to {chassis.MaxGpuLength}.";

    private static string FormName(StorageForm form) => form switch
    {
        StorageForm.M2 => "M.2",
        StorageForm.U2 => "U.2",
        StorageForm.Sata25 => "2.5\"",
        StorageForm.Sata35 => "3.5\"",
        _ => "add-in card",
    };

    public static string ConnectorName(PowerConnector c) => c switch
    {
        PowerConnector.Atx24 => "24-pin ATX",
        PowerConnector.Eps8 => "8-pin EPS",
        PowerConnector.Eps4 => "4-pin EPS",
        PowerConnector.Pcie6 => "6-pin PCIe",
        PowerConnector.Pcie8 => "8-pin PCIe",
        PowerConnector.Hpwr12V => "12VHPWR",
        PowerConnector.Molex => "Molex",
        _ => "SATA power",
    };

    /// <summary>One sentence per section from its figures, in the article's own words; null when the figures are missing.</summary>
    private static string? Summary(string key, AnalysisResult a, Report report)
    {
        var rig = report.Rig;
        string V(string figure) => TextFormat.Value(Figure(a, figure));
        bool Has(params string[] figures) => figures.All(f => Figure(a, f) is not null);
        return key switch
        {
            "power" when Has("dc_load_w", "psu_capacity_w", "wall_w", "slot_rail_v") =>
                $"Under training load the rig draws {V("dc_load_w")} W DC from {V("psu_capacity_w")} W of PSU capacity, {V("wall_w")} W from the wall. "
                + $"The slots' 12 V arrives at **{V("slot_rail_v")} V** (ATX allows down to 11.40 V) "
                + (rig.Board.Power.SlotPower.Count > 0
                    ? $"because the board's {string.Join(" + ", rig.Board.Power.SlotPower.Select(ConnectorName))} header shares the slot current with the 24-pin."
                    : "with all slot current through the 24-pin.")
                + WithoutHeader(report)
                + (Has("transient_peak_w", "transient_capacity_w") ? $" Coincident GPU spikes reach {V("transient_peak_w")} W against {V("transient_capacity_w")} W the PSUs are rated to carry in an excursion." : ""),
            "pcie" when Has("cpu_lanes", "lanes_used", "lanes_requested") =>
                $"The CPU gives {V("cpu_lanes")} lanes; the devices would take {V("lanes_requested")} at full width and get {V("lanes_used")}.",
            "thermal" when Has("gpu_heat_w", "highest_risk") =>
                $"{V("gpu_heat_w")} W of GPU heat" + (Has("ambient_c") ? $" into a {V("ambient_c")} °C room" : "") + $"; the highest cooling risk among the cards is **{V("highest_risk")}**.",
            "training" when Has("model", "peak_gib", "usable_gib", "step_time_s") =>
                $"{V("model")}: peak {V("peak_gib")} GiB of {V("usable_gib")} GiB usable on the tightest GPU, {V("step_time_s")} s per step on {V("gpus")} GPUs.",
            _ => null,
        };
    }

    /// <summary>What the electrical model predicts for the same slot load with no slot-power header: the 24-pin alone.</summary>
    private static string WithoutHeader(Report report)
    {
        if (report.Plan.Electrical.WithoutHeaders is not { } alone || report.Rig.Psus.Count == 0)
            return "";
        var pin = alone.Branches[0];
        var voltage = alone.Collapsed ? "the rail would collapse" : $"the slots would see {alone.SlotVoltage}";
        return $" Without that header, all {alone.Current} would cross the 24-pin's {pin.Connector.SupplyPins} +12 V pins ({pin.PerPin} each, rated {pin.Connector.PinRating}) and {voltage}.";
    }

    private static FigureValue? Figure(AnalysisResult? analysis, string key) => analysis?.Figures.FirstOrDefault(f => f.Key == key)?.Value;

    private static void WriteFigures(StringBuilder sb, AnalysisResult a)
    {
        if (a.Figures.Count == 0)
            return;
        sb.AppendLine("| Figure | Value |").AppendLine("|---|---|");
        foreach (var (label, value) in TextFormat.FigureRows(a.Figures))
            sb.Append("| ").Append(Cell(label)).Append(" | ").Append(Cell(value)).AppendLine(" |");
        sb.AppendLine();
    }

    private static void WriteTables(StringBuilder sb, AnalysisResult a)
    {
        foreach (var table in a.Tables)
        {
            sb.Append("**").Append(table.Title).AppendLine("**").AppendLine();
            sb.Append("| ").AppendJoin(" | ", table.Columns.Select(c => Cell(c.Header))).AppendLine(" |");
            sb.Append('|').AppendJoin("", table.Columns.Select(_ => "---|")).AppendLine();
            foreach (var row in table.Rows)
                sb.Append("| ").AppendJoin(" | ", row.Select(v => Cell(TextFormat.Value(v)))).AppendLine(" |");
            sb.AppendLine();
        }
    }

    private static void WriteFindings(StringBuilder sb, IEnumerable<Finding> findings)
    {
        var any = false;
        foreach (var f in findings.OrderByDescending(f => f.Severity))
        {
            any = true;
            sb.Append("- **").Append(f.Rule.Id).Append(' ').Append(TextFormat.Severity(f.Severity)).Append("**: ").Append(Inline(f.Message));
            if (f.Fix is not null)
                sb.Append(" *What to do:* ").Append(Inline(f.Fix));
            if (TextFormat.RestsOnLine(f.RestsOn) is { } rests)
                sb.Append(" *(").Append(rests).Append(")*");
            sb.AppendLine();
        }

        if (any)
            sb.AppendLine();
    }

    private static string Link(Part part) =>
        part.Provenance.Default is { } source ? $"[{PcPartPickerMarkdown.Escape(part.Name)}]({source.Url.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)})" : PcPartPickerMarkdown.Escape(part.Name);

    private static string Inline(string text) => text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Cell(string text) => Inline(text).Replace("|", "\\|", StringComparison.Ordinal);
}
