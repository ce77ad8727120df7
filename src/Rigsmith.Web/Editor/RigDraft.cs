using System.Globalization;
using System.Text;
using Rigsmith.Catalog;
using Rigsmith.Publishing.Import;
using YamlDotNet.RepresentationModel;

namespace Rigsmith.Web.Editor;

public sealed record CountedRow(string Part, int Count, string? Note);

public sealed record GpuRow(string Part, string? Slot, string? PowerLimit, string? Riser, bool Display, string? Note);

public sealed record StorageRow(string Part, string? Attach, string? Adapter, string? Note);

/// <summary>
/// A rig file as the editor's form holds it: the parts by id, the placements, the site and the workload, as text the
/// user may still be typing. It reads from YAML (even YAML the loader rejects, so the form shows what the file says)
/// and from the form, and writes a rig file. The rig loader remains the judge of what is valid: the draft only carries
/// values between the two views. Keys the form has no fields for (<c>nvlink_bridges</c>, <c>custom_parts</c>,
/// <c>part_notes</c>) are carried through unchanged; comments are not (the form writes the whole file).
/// </summary>
public sealed class RigDraft
{
    public string Name { get; set; } = "New rig";
    public string? Mains { get; set; }
    public string? Breaker { get; set; }
    public string? ContinuousLoad { get; set; }
    public string? Ambient { get; set; }
    public string? Cpu { get; set; }
    public int CpuCount { get; set; } = 1;
    public string? Motherboard { get; set; }
    public string? Chassis { get; set; }
    public List<CountedRow> Memory { get; } = [];
    public List<GpuRow> Gpus { get; } = [];
    public List<StorageRow> Storage { get; } = [];
    public List<CountedRow> Psus { get; } = [];
    public List<KeyValuePair<string, string>> Workload { get; } = [];

    /// <summary>Top-level keys the form does not edit, kept as the YAML gave them.</summary>
    public List<KeyValuePair<string, YamlNode>> Other { get; } = [];

    /// <summary>The draft of a YAML text; null when it is not a YAML mapping at all (the loader's message says why).</summary>
    public static RigDraft? FromYaml(string yaml)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
                return null;
            root = map;
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return null;
        }

        var d = new RigDraft();
        foreach (var (keyNode, value) in root.Children)
        {
            var key = Scalar(keyNode) ?? "";
            switch (key)
            {
                case "name": d.Name = Scalar(value) ?? d.Name; break;
                case "cpu": d.Cpu = Scalar(value); break;
                case "cpu_count": d.CpuCount = int.TryParse(Scalar(value), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1; break;
                case "motherboard": d.Motherboard = Scalar(value); break;
                case "chassis": d.Chassis = Scalar(value); break;
                case "site" when value is YamlMappingNode site:
                    d.Mains = Field(site, "mains");
                    d.Breaker = Field(site, "breaker");
                    d.ContinuousLoad = Field(site, "continuous_load");
                    d.Ambient = Field(site, "ambient");
                    break;
                case "memory":
                    foreach (var m in Items(value))
                        d.Memory.Add(new CountedRow(Field(m, "part") ?? "", Count(Field(m, "count")), Field(m, "note")));
                    break;
                case "psus":
                    foreach (var p in Items(value))
                        d.Psus.Add(new CountedRow(Field(p, "part") ?? "", Count(Field(p, "count")), Field(p, "note")));
                    break;
                case "gpus":
                    foreach (var g in Items(value))
                        d.Gpus.Add(new GpuRow(Field(g, "part") ?? "", Field(g, "slot"), Field(g, "power_limit"), Field(g, "riser"), Field(g, "display") is "true" or "yes", Field(g, "note")));
                    break;
                case "storage":
                    foreach (var s in Items(value))
                        d.Storage.Add(new StorageRow(Field(s, "part") ?? "", Field(s, "attach"), Field(s, "adapter"), Field(s, "note")));
                    break;
                case "workload" when value is YamlMappingNode workload:
                    foreach (var (k, v) in workload.Children)
                        d.Workload.Add(new(Scalar(k) ?? "", Scalar(v) ?? ""));
                    break;
                default:
                    d.Other.Add(new(key, value));
                    break;
            }
        }

        return d;
    }

    /// <summary>The rig file: the keys in the order the examples use, blank values left out.</summary>
    public string ToYaml()
    {
        var y = new StringBuilder();
        y.Append("name: ").AppendLine(RigFileImporter.Quote(Name));
        if (Some(Mains) || Some(Breaker) || Some(ContinuousLoad) || Some(Ambient))
        {
            y.AppendLine("site:");
            Line(y, "  ", "mains", Mains);
            Line(y, "  ", "breaker", Breaker);
            Line(y, "  ", "continuous_load", ContinuousLoad);
            Line(y, "  ", "ambient", Ambient);
        }

        Line(y, "", "cpu", Cpu);
        if (CpuCount > 1)
            y.Append("cpu_count: ").Append(CpuCount.ToString(CultureInfo.InvariantCulture)).AppendLine();
        Line(y, "", "motherboard", Motherboard);
        Line(y, "", "chassis", Chassis);
        Counted(y, "memory", Memory);

        if (Gpus.Count > 0)
        {
            y.AppendLine("gpus:");
            foreach (var g in Gpus)
            {
                Item(y, "part", g.Part);
                Line(y, "    ", "slot", g.Slot);
                Line(y, "    ", "power_limit", g.PowerLimit);
                Line(y, "    ", "riser", g.Riser);
                if (g.Display)
                    y.AppendLine("    display: true");
                Line(y, "    ", "note", g.Note);
            }
        }

        if (Storage.Count > 0)
        {
            y.AppendLine("storage:");
            foreach (var s in Storage)
            {
                Item(y, "part", s.Part);
                Line(y, "    ", "attach", s.Attach);
                Line(y, "    ", "adapter", s.Adapter);
                Line(y, "    ", "note", s.Note);
            }
        }

        Counted(y, "psus", Psus);

        if (Other.Count > 0)
        {
            var other = new YamlMappingNode();
            foreach (var (key, value) in Other)
                other.Add(key, value);
            var text = new StringWriter();
            new YamlStream(new YamlDocument(other)).Save(text, assignAnchors: false);
            y.Append(text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd().TrimEnd('.').TrimEnd()).AppendLine();
        }

        var workload = Workload.Where(w => Some(w.Key)).ToList();
        if (workload.Count > 0)
        {
            y.AppendLine("workload:");
            foreach (var (key, value) in workload)
                y.Append("  ").Append(key.Trim()).Append(": ").AppendLine(RigFileImporter.Quote(value.Trim()));
        }

        return y.ToString();
    }

    /// <summary>
    /// Adds a part the picker chose: a CPU, board or chassis replaces the one there; memory comes as a kit; a GPU goes
    /// into the first free full-length slot that no card's cooler covers (else the first free one, where the check
    /// will say what collides); a drive onto a port its interface takes.
    /// </summary>
    public void Add(Part part, PartCatalog catalog)
    {
        switch (part)
        {
            case Catalog.Cpu: Cpu = part.Id; break;
            case Catalog.Motherboard: Motherboard = part.Id; break;
            case Catalog.Chassis: Chassis = part.Id; break;
            case MemoryModule m:
                Memory.Add(new CountedRow(m.Id, Math.Max(1, m.KitSize), null));
                break;
            case Psu: Psus.Add(new CountedRow(part.Id, 1, null)); break;
            case Gpu g: Gpus.Add(new GpuRow(g.Id, NextSlot(catalog), null, null, false, null)); break;
            case Catalog.Storage s: Storage.Add(new StorageRow(s.Id, AttachFor(s, catalog), null, null)); break;
        }
    }

    private string? NextSlot(PartCatalog catalog)
    {
        if (Motherboard is null || catalog.Find(Motherboard) is not Motherboard board)
            return null;
        var taken = Gpus.Select(g => g.Slot).Concat(Storage.Select(s => s.Attach)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        // A card covers the positions below its own up to its thickness (a 2-slot card's cooler hides the next slot).
        var covered = new HashSet<int>();
        foreach (var g in Gpus)
        {
            if (board.Slots.FirstOrDefault(s => s.Id == g.Slot) is { } slot && catalog.Find(g.Part) is Gpu card)
            {
                for (var p = slot.Position + 1; p < slot.Position + Math.Ceiling(card.Thickness.Value); p++)
                    covered.Add(p);
            }
        }

        var free = board.Slots.Where(s => s.MechanicalWidth >= 16 && !taken.Contains(s.Id)).OrderBy(s => s.Position).ToList();
        return (free.FirstOrDefault(s => !covered.Contains(s.Position)) ?? free.FirstOrDefault())?.Id;
    }

    private string? AttachFor(Catalog.Storage drive, PartCatalog catalog)
    {
        if (drive.Interface == StorageInterface.Sata && drive.Form is StorageForm.Sata25 or StorageForm.Sata35)
            return "sata";
        if (Motherboard is null || catalog.Find(Motherboard) is not Motherboard board)
            return null;
        var taken = Storage.Select(s => s.Attach).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var kind = drive.Form == StorageForm.U2 ? PortKind.U2 : PortKind.M2;
        return board.Ports.FirstOrDefault(p => p.Kind == kind && p.Interfaces.Contains(drive.Interface) && !taken.Contains(p.Id))?.Id;
    }

    /// <summary>A list of parts with counts (memory, power supplies); a count of one is left out, as the examples write it.</summary>
    private static void Counted(StringBuilder y, string key, List<CountedRow> rows)
    {
        if (rows.Count == 0)
            return;
        y.Append(key).AppendLine(":");
        foreach (var row in rows)
        {
            Item(y, "part", row.Part);
            if (row.Count != 1)
                y.Append("    count: ").Append(row.Count.ToString(CultureInfo.InvariantCulture)).AppendLine();
            Line(y, "    ", "note", row.Note);
        }
    }

    private static bool Some(string? value) => !string.IsNullOrWhiteSpace(value);

    private static void Line(StringBuilder y, string indent, string key, string? value)
    {
        if (Some(value))
            y.Append(indent).Append(key).Append(": ").AppendLine(Plain(value!.Trim()));
    }

    private static void Item(StringBuilder y, string key, string value) => y.Append("  - ").Append(key).Append(": ").AppendLine(Plain(value.Trim()));

    /// <summary>A value as a plain scalar where YAML reads it back unchanged (ids, "220 V", "28 °C"), else double-quoted.</summary>
    private static string Plain(string value)
    {
        var plain = value.Length > 0 && !value.Contains(": ", StringComparison.Ordinal) && !value.Contains(" #", StringComparison.Ordinal)
            && value.IndexOfAny(['\n', '\r', '"', '\'', '\\', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%', '@', '`']) < 0
            && !":-?#".Contains(value[0], StringComparison.Ordinal) && value[^1] != ':' && value.Trim() == value;
        return plain ? value : RigFileImporter.Quote(value);
    }

    private static int Count(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;

    private static string? Scalar(YamlNode node) => node is YamlScalarNode { Value: var v } ? v : null;

    private static string? Field(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? Scalar(value) : null;

    private static IEnumerable<YamlMappingNode> Items(YamlNode node) =>
        node is YamlSequenceNode seq ? seq.Children.OfType<YamlMappingNode>() : [];
}
