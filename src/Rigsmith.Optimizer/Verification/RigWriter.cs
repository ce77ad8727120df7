using System.Globalization;
using System.Text;
using Rigsmith.Catalog;
using Rigsmith.Optimizer.Candidates;
using Rigsmith.Optimizer.Solving;
using Rigsmith.Optimizer.Spec;
using Rigsmith.Rigs;

namespace Rigsmith.Optimizer.Verification;

/// <summary>
/// A build as a rig file (docs/rig.md): every part placed (the cards in the slots the placement chose, at their power
/// limit; the drive on a port that no card's slot shares lanes with), the spec's site and workload on the chosen GPU
/// count, and each part's price with its date and source in <c>part_notes</c>.
/// </summary>
public static class RigWriter
{
    public static string Write(OptimizeSpec spec, Selection s)
    {
        var y = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        y.AppendLine("# yaml-language-server: $schema=../docs/schema/rig.schema.json");
        y.AppendLine(inv, $"# Chosen by rigsmith optimize from {Path.GetFileName(spec.File)}; prices are in part_notes.");
        y.AppendLine(inv, $"name: {Quote(spec.Name)}");
        var site = spec.Site;
        y.AppendLine("site:");
        y.AppendLine(inv, $"  mains: {site.Mains.Value:0.#} V");
        y.AppendLine(inv, $"  breaker: {site.Breaker.Value:0.#} A");
        y.AppendLine(inv, $"  continuous_load: {site.ContinuousLoadFraction * 100:0.#} %");
        y.AppendLine(inv, $"  ambient: {site.Ambient.Value:0.#} °C");
        if (site.Circuits > 1)
            y.AppendLine(inv, $"  circuits: {site.Circuits}");
        y.AppendLine(inv, $"cpu: {s.Platform.Cpu.Part.Id}");
        if (s.Platform.CpuCount > 1)
            y.AppendLine(inv, $"cpu_count: {s.Platform.CpuCount}");
        y.AppendLine(inv, $"motherboard: {s.Platform.Board.Part.Id}");
        y.AppendLine(inv, $"chassis: {s.Chassis.Part.Id}");
        y.AppendLine("memory:");
        y.AppendLine(inv, $"  - part: {s.Memory.Module.Part.Id}");
        y.AppendLine(inv, $"    count: {s.Memory.Count}");
        y.AppendLine("gpus:");
        var slots = s.Platform.SlotsFor(s.Gpus.Thickness).Take(s.Gpus.Count).ToList();
        foreach (var (slot, card) in slots.Zip(s.Gpus.Cards))
        {
            y.AppendLine(inv, $"  - part: {card.Part.Id}");
            y.AppendLine(inv, $"    slot: {slot.Id}");
            if (card.Limit != card.Part.BoardPower)
                y.AppendLine(inv, $"    power_limit: {card.Limit.Value:0} W");
        }

        y.AppendLine("storage:");
        y.AppendLine(inv, $"  - part: {s.Drive.Part.Id}");
        y.AppendLine(inv, $"    attach: {Attach(s.Platform, s.Drive.Part, slots.Select(x => x.Id).ToHashSet())}");
        y.AppendLine("psus:");
        y.AppendLine(inv, $"  - part: {s.Psu.Psu.Part.Id}");
        if (s.Psu.Count > 1)
            y.AppendLine(inv, $"    count: {s.Psu.Count}");
        y.AppendLine("workload:");
        foreach (var setting in spec.Workload)
            y.AppendLine(inv, $"  {setting.Key}: {Quote(setting.Value)}");
        y.AppendLine(inv, $"  gpus: \"{s.Gpus.Count}\"");
        y.AppendLine("part_notes:");
        foreach (var line in s.Lines.DistinctBy(l => l.Part.Id))
            y.AppendLine(inv, $"  {line.Part.Id}: {Quote(PriceNote(spec, line))}");
        return y.ToString();
    }

    /// <summary>What a part costs in the build and where its price was seen, for the rig file's part notes.</summary>
    private static string PriceNote(OptimizeSpec spec, PartLine p) => $"{Output.OptimizeSummary.Money(p.Cents, spec)}: {Output.OptimizeSummary.Seen(p, spec.Today)}";

    /// <summary>
    /// The drive's attachment: SATA drives on a SATA port; M.2 and U.2 drives on a live port of their kind, first one that
    /// shares no lanes with a slot holding a card.
    /// </summary>
    private static string Attach(Platform p, Storage drive, HashSet<string> usedSlots)
    {
        if (drive.Form is StorageForm.Sata25 or StorageForm.Sata35)
            return "sata";
        var kind = drive.Form == StorageForm.U2 ? PortKind.U2 : PortKind.M2;
        var ports = p.Board.Part.Ports
            .Where(x => x.Kind == kind && x.Interfaces.Contains(drive.Interface) && x.Socket <= p.CpuCount && x.LanesFor(p.Cpu.Part.PcieLanes) > 0)
            .ToList();
        var port = ports.FirstOrDefault(x => !x.SharesWith.Any(usedSlots.Contains)) ?? ports.First();
        return port.Id;
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
