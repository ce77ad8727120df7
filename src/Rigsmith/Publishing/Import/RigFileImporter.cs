using System.Text;
using Rigsmith.Catalog;

namespace Rigsmith.Publishing.Import;

/// <summary>What an import produced: the rig file text, every line's match, and one report line per thing the user must look at.</summary>
public sealed record ImportResult(string Yaml, IReadOnlyList<PartMatch> Matches, IReadOnlyList<SkippedLine> Skipped, IReadOnlyList<string> Report)
{
    /// <summary>The catalog ids the import put in the rig file, in list order (memory once per row).</summary>
    public IEnumerable<string> PartIds => Matches.Where(m => m.Part is not null).Select(m => m.Part!.Id);
}

/// <summary>
/// Turns a parsed PCPartPicker list into a rig file. Only what the list says is written; what a rig file needs and a
/// part list does not say (the wall circuit, GPU slots, drive ports) becomes a <c># TODO:</c> comment, never a value.
/// </summary>
public static class RigFileImporter
{
    public static ImportResult Import(ParsedPartList list, PartCatalog catalog, string sourceFile)
    {
        var matches = list.Parts.Select(p => PartMatcher.Match(p, catalog)).ToList();
        var report = new List<string>();
        var y = new StringBuilder();
        var fileName = Path.GetFileName(sourceFile);

        y.Append("# Imported by rigsmith from ").Append(OneLine(fileName));
        if (list.ListUrl is not null)
            y.Append(" (PCPartPicker list ").Append(OneLine(list.ListUrl)).Append(')');
        y.AppendLine(".");
        y.AppendLine("# Every '# TODO:' line needs your edit before 'rigsmith check' accepts this file; no value below was guessed.");
        var name = list.Title ?? (list.ListUrl is not null ? $"PCPartPicker list {list.ListUrl.TrimEnd('/').Split('/')[^1]}" : $"Imported from {fileName}");
        y.Append("name: ").AppendLine(Quote(name));
        y.AppendLine("# TODO: site: the wall circuit and the room, which a part list does not give. Uncomment and fill in:");
        y.AppendLine("# site:");
        y.AppendLine("#   mains: <volts, e.g. the nominal mains voltage>");
        y.AppendLine("#   breaker: <amperes of the circuit's breaker or fuse>");
        y.AppendLine("#   ambient: <room temperature in °C; optional>");

        var byCategory = matches.Where(m => m.Part is not null).GroupBy(m => m.Part!.Category).ToDictionary(g => g.Key, g => g.ToList());
        List<PartMatch> Of(PartCategory c) => byCategory.GetValueOrDefault(c) ?? [];

        Motherboard? board = null;
        WriteSingle(y, "cpu", PartCategory.Cpu, Of(PartCategory.Cpu), allowCount: true);
        if (Of(PartCategory.Motherboard).FirstOrDefault()?.Part is Motherboard b)
            board = b;
        WriteSingle(y, "motherboard", PartCategory.Motherboard, Of(PartCategory.Motherboard), allowCount: false);
        if (Of(PartCategory.Chassis).Count > 0)
            WriteSingle(y, "chassis", PartCategory.Chassis, Of(PartCategory.Chassis), allowCount: false);

        var memory = Of(PartCategory.Memory);
        if (memory.Count == 0)
        {
            y.AppendLine("# TODO: memory: the list names no memory the catalog knows; add '- part: ID' entries ('rigsmith parts --category memory').");
        }
        else
        {
            y.AppendLine("memory:");
            foreach (var group in memory.GroupBy(m => m.Part!.Id, StringComparer.Ordinal))
            {
                var module = (MemoryModule)group.First().Part!;
                var kit = Math.Max(1, module.KitSize);
                y.Append("  - part: ").Append(module.Id).Append(Origin(group.First())).AppendLine();
                // A row with a quantity says how many modules it stands for; a bare row is one kit.
                var modules = group.Sum(m => m.Line.Modules ?? kit);
                y.Append("    count: ").Append(modules).Append("  # ");
                if (group.Any(m => m.Line.Modules is not null))
                    y.Append("the list's quantity read as modules (a kit here holds ").Append(kit).AppendLine("): check the number of modules you installed");
                else
                    y.Append(group.Count()).Append(group.Count() == 1 ? " row" : " rows").Append(" of a ").Append(kit).AppendLine("-module kit: check the number of modules you installed");
                foreach (var m in group.Skip(1))
                    y.Append("    # also line ").Append(m.Line.Line).AppendLine(Confidence(m));
            }
        }

        var gpus = Of(PartCategory.Gpu);
        if (gpus.Count > 0)
        {
            y.AppendLine("gpus:");
            foreach (var m in gpus)
            {
                y.Append("  - part: ").Append(m.Part!.Id).AppendLine(Origin(m));
                y.Append("    # TODO: slot: the board slot this card sits in").AppendLine(board is null ? "" : $" (the {board.Id} has {string.Join(", ", board.Slots.Select(s => s.Id))})");
            }
        }

        var drives = Of(PartCategory.Storage);
        if (drives.Count > 0)
        {
            y.AppendLine("storage:");
            foreach (var m in drives)
            {
                var drive = (Storage)m.Part!;
                y.Append("  - part: ").Append(drive.Id).AppendLine(Origin(m));
                if (drive.Interface == StorageInterface.Sata && drive.Form is StorageForm.Sata25 or StorageForm.Sata35)
                    y.AppendLine("    attach: sata  # a 2.5\"/3.5\" SATA drive goes on a SATA port");
                else
                    y.Append("    # TODO: attach: the port or slot the drive uses").AppendLine(board is null ? "" : $" (the {board.Id} has {string.Join(", ", board.Ports.Select(p => p.Id).Concat(board.Slots.Select(s => s.Id)))})");
            }
        }

        var psus = Of(PartCategory.Psu);
        if (psus.Count == 0)
        {
            y.AppendLine("# TODO: psus: the list names no power supply the catalog knows; add '- part: ID' ('rigsmith parts --category psu').");
        }
        else
        {
            y.AppendLine("psus:");
            foreach (var group in psus.GroupBy(m => m.Part!.Id, StringComparer.Ordinal))
            {
                y.Append("  - part: ").Append(group.Key).AppendLine(Origin(group.First()));
                if (group.Count() > 1)
                    y.Append("    count: ").Append(group.Count()).Append("  # lines ").AppendJoin(", ", group.Select(m => m.Line.Line)).AppendLine();
            }
        }

        foreach (var m in Of(PartCategory.Adapter))
        {
            y.Append("# TODO: line ").Append(m.Line.Line).Append(" is the adapter '").Append(m.Part!.Id)
                .AppendLine("': add it as 'riser:' under the GPU it carries or 'adapter:' under the drive it connects.");
        }

        var unmatched = matches.Where(m => m.Part is null).ToList();
        if (unmatched.Count > 0 || list.Skipped.Count > 0)
            y.AppendLine("# Lines not imported:");
        var notImported = unmatched.Select(m => (m.Line.Line, Text: $"{m.Line.Type}: {(m.Line.Name.Length == 0 ? "(no name)" : m.Line.Name)} — {Why(m)}"))
            .Concat(list.Skipped.Select(s => (s.Line, Text: $"{s.Text} — skipped: {s.Reason}")))
            .OrderBy(x => x.Line).ToList();
        foreach (var (line, text) in notImported)
            y.Append("#   line ").Append(line).Append(": ").AppendLine(OneLine(text));

        var lowConfidence = matches.Where(m => m.LowConfidence).Select(m => (m.Line.Line,
            Text: $"low-confidence match ({PartMatcher.FormatConfidence(m.Confidence)}): {m.Line.Type}: {m.Line.Name} → {m.Part!.Id}" + (m.RunnerUp is null ? "" : $" (or {m.RunnerUp})") + "; check it"));
        foreach (var (line, text) in notImported.Select(x => (x.Line, Text: "not imported: " + x.Text)).Concat(lowConfidence).OrderBy(x => x.Line))
            report.Add($"{fileName}:{line}: {text}");
        var exact = matches.Count(m => m.Kind == MatchKind.Exact);
        var fuzzy = matches.Count(m => m.Kind == MatchKind.Fuzzy);
        report.Add($"{fileName}: {matches.Count} part lines: {exact} exact, {fuzzy} fuzzy ({matches.Count(m => m.LowConfidence)} low confidence), {unmatched.Count} not imported; edit the '# TODO:' lines before 'rigsmith check'.");
        return new ImportResult(y.ToString(), matches, list.Skipped, report);
    }

    private static void WriteSingle(StringBuilder y, string key, PartCategory category, List<PartMatch> found, bool allowCount)
    {
        if (found.Count == 0)
        {
            y.Append("# TODO: ").Append(key).Append(": the list names no ").Append(key).Append(" the catalog knows; set one ('rigsmith parts --category ")
                .Append(Input.MapReader.EnumName(category)).AppendLine("').");
            return;
        }

        var first = found[0];
        y.Append(key).Append(": ").Append(first.Part!.Id).AppendLine(Origin(first));
        var same = found.Skip(1).Where(m => m.Part!.Id == first.Part.Id).ToList();
        if (allowCount && same.Count > 0)
            y.Append(key).Append("_count: ").Append(same.Count + 1).Append("  # lines ").AppendJoin(", ", found.Select(m => m.Line.Line)).AppendLine();
        foreach (var m in found.Skip(1).Where(m => !allowCount || m.Part!.Id != first.Part.Id))
        {
            y.Append("# TODO: ").Append(key).Append(": line ").Append(m.Line.Line).Append(" names another ").Append(key).Append(", '").Append(m.Part!.Id)
                .AppendLine("'; a rig has one — keep the right one.");
        }
    }

    /// <summary>"  # line 4, exact name" or "  # line 4, fuzzy match 0.62 — check it".</summary>
    private static string Origin(PartMatch m) => $"  # line {m.Line.Line}{Confidence(m)}";

    private static string Confidence(PartMatch m) => m.Kind switch
    {
        MatchKind.Exact => ", exact name",
        _ when m.LowConfidence => $", TODO: low-confidence match ({PartMatcher.FormatConfidence(m.Confidence)}) for \"{OneLine(m.Line.Name)}\"" + (m.RunnerUp is null ? "" : $" (or {m.RunnerUp})") + " — check it",
        _ => $", matched \"{OneLine(m.Line.Name)}\" ({PartMatcher.FormatConfidence(m.Confidence)}" + (m.RunnerUp is null ? ")" : $"; runner-up {m.RunnerUp})"),
    };

    private static string Why(PartMatch m) => m.Kind switch
    {
        MatchKind.NotModelled => $"rigsmith does not model {m.Line.Type} parts",
        _ when m.Line.Name.Length == 0 => "the line has no name",
        _ when m.Best is not null => $"no catalog match (closest: {m.Best.Id}, confidence {PartMatcher.FormatConfidence(m.Confidence)}); add the part to the catalog or a custom_parts section",
        _ => "no catalog match; add the part to the catalog or a custom_parts section",
    };

    private static string OneLine(string text) => text.Replace('\n', ' ').Replace('\r', ' ');

    /// <summary>A YAML double-quoted scalar.</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                '\n' => sb.Append("\\n"),
                '\t' => sb.Append("\\t"),
                _ when char.IsControl(c) => sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => sb.Append(c),
            };
        }

        return sb.Append('"').ToString();
    }
}
