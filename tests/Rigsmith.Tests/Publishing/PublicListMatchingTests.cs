using Rigsmith.Catalog;
using Rigsmith.Publishing.Import;
using Rigsmith.Tests.Support;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Rigsmith.Tests.Publishing;

/// <summary>
/// PCPartPicker import against the full catalog (curated parts over the OpenDB tier), judged by hand-labelled right
/// answers committed before the matcher was changed: twelve public lists (Fixtures/pcpartpicker-public, each with its
/// URL) and the exports in ../shared/fixtures. A line is right when it matches the labelled product (or one listed as
/// the same product), or stays unmatched when the snapshot has no such product; a match to another product is wrong,
/// counted apart from lines left unmatched.
/// </summary>
public class PublicListMatchingTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(Repo.Root, "tests", "Rigsmith.Tests", "Publishing", "Fixtures", "pcpartpicker-public");

    private sealed record Label(string File, string Type, string Item, IReadOnlySet<string> Accepted);

    private static IEnumerable<Label> Labels(string labelsFile, string listFolder)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Folder, labelsFile))));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        foreach (YamlMappingNode list in (YamlSequenceNode)root["lists"])
        {
            var file = Path.Combine(listFolder, ((YamlScalarNode)list["file"]).Value!);
            foreach (YamlMappingNode line in (YamlSequenceNode)list["lines"])
            {
                var accepted = new HashSet<string>(StringComparer.Ordinal);
                if (line["opendb"] is YamlScalarNode { Value: { Length: > 0 } id } && id != "null")
                    accepted.Add(id);
                if (line.Children.TryGetValue(new YamlScalarNode("also"), out var also))
                {
                    foreach (var a in (YamlSequenceNode)also)
                        accepted.Add(((YamlScalarNode)a).Value!);
                }

                yield return new Label(file, ((YamlScalarNode)line["type"]).Value!, ((YamlScalarNode)line["item"]).Value!, accepted);
            }
        }
    }

    private static IEnumerable<Label> AllLabels() =>
        Labels("labels.yaml", Folder).Concat(Labels("labels-shared.yaml", Path.Combine(Repo.Root, "..", "shared", "fixtures")));

    /// <summary>The OpenDB record id a matched part is, or duplicates.</summary>
    private static string? OpenDbIdOf(PartCatalog catalog, Part part)
    {
        var reference = part.Provenance.Fallback is Provenance.OpenDb d ? d.Reference : catalog.TwinOf(part.Id)?.Reference;
        return reference?[(reference.IndexOf('/') + 1)..];
    }

    [Fact]
    public void Public_lists_match_at_least_nine_in_ten_part_lines_to_the_labelled_product()
    {
        var catalog = Repo.FullCatalog;
        var labels = AllLabels().ToList();
        Assert.True(labels.Select(l => l.File).Distinct().Count() >= 13, "the test set holds the shared exports and at least ten public lists");
        int right = 0, wrong = 0, unmatched = 0;
        foreach (var file in labels.GroupBy(l => l.File))
        {
            var parsed = PcPartPickerParser.Parse(File.ReadAllText(file.Key), file.Key);
            Assert.True(parsed.Ok, string.Join("\n", parsed.Problems));
            var matches = RigFileImporter.Import(parsed.Value!, catalog, file.Key).Matches;
            var pending = matches.ToList();
            foreach (var label in file)
            {
                var match = pending.FirstOrDefault(m => m.Line.Name.Trim() == label.Item.Trim()) ?? pending.FirstOrDefault(m => m.Line.Name.Contains(label.Item.Trim(), StringComparison.Ordinal));
                Assert.True(match is not null, $"{Path.GetFileName(file.Key)}: no parsed line reads '{label.Item}'");
                pending.Remove(match);
                var got = match.Part is null ? null : OpenDbIdOf(catalog, match.Part);
                var verdict = match.Part is null
                    ? (label.Accepted.Count == 0 ? "right" : "unmatched")
                    : (got is not null && label.Accepted.Contains(got) ? "right" : "wrong");
                switch (verdict)
                {
                    case "right": right++; break;
                    case "wrong": wrong++; break;
                    default: unmatched++; break;
                }

                if (verdict != "right")
                    output.WriteLine($"{verdict,-9} {Path.GetFileName(file.Key)}: {label.Type}: {label.Item} -> {match.Part?.Id ?? "-"} ({match.Confidence:0.00}; runner-up {match.RunnerUp ?? "-"})");
            }
        }

        var total = right + wrong + unmatched;
        output.WriteLine($"{total} labelled lines: {right} right, {wrong} wrong, {unmatched} unmatched ({100.0 * right / total:0.0} % right)");
        Assert.True(right >= 0.9 * total, $"{right} of {total} lines matched the labelled product; {wrong} wrong, {unmatched} unmatched");
    }
}
