using Rigsmith.Publishing;
using Rigsmith.Publishing.Import;
using Rigsmith.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Rigsmith.Tests.Publishing;

public class ImportTests
{
    private static ParsedPartList Parse(string path)
    {
        var result = PcPartPickerParser.Parse(File.ReadAllText(path), path);
        Assert.True(result.Ok, string.Join("\n", result.Problems));
        return result.Value!;
    }

    private static ImportResult Import(string path) => RigFileImporter.Import(Parse(path), Repo.CuratedCatalog, path);

    /// <summary>Every part line is imported or named in the report, with its line number: none is dropped silently.</summary>
    private static void AssertNoLineDropped(ImportResult result, string path)
    {
        var name = Path.GetFileName(path);
        foreach (var m in result.Matches.Where(m => m.Part is null || m.LowConfidence))
            Assert.Contains(result.Report, r => r.StartsWith($"{name}:{m.Line.Line}: ", StringComparison.Ordinal));
        foreach (var s in result.Skipped)
            Assert.Contains(result.Report, r => r.StartsWith($"{name}:{s.Line}: ", StringComparison.Ordinal));
        foreach (var m in result.Matches.Where(m => m.Part is not null))
            Assert.Matches($@"# (also |TODO: )?lines? (\d+, )*{m.Line.Line}\b", result.Yaml);
        foreach (var m in result.Matches.Where(m => m.Part is null))
            Assert.Contains($"#   line {m.Line.Line}: ", result.Yaml, StringComparison.Ordinal);
    }

    /// <summary>The rig file is YAML, and what it sets is only what the list said: no site, no slots.</summary>
    private static YamlMappingNode AssertValidYamlWithoutInventedValues(ImportResult result)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(result.Yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        Assert.False(root.Children.ContainsKey("site"));
        Assert.Contains("# TODO: site:", result.Yaml, StringComparison.Ordinal);
        if (root.Children.TryGetValue("gpus", out var gpus))
            Assert.All(((YamlSequenceNode)gpus).Children, g => Assert.False(((YamlMappingNode)g).Children.ContainsKey("slot")));
        return root;
    }

    [Fact]
    public void Export_to_pcpartpicker_markdown_then_import_gives_back_the_same_parts()
    {
        var rig = Repo.LoadRig("4x3090-x299-dark.rig.yaml");
        var list = PartList.From(rig);
        var path = CliRunner.TempFile(PcPartPickerMarkdown.Render(list), ".md");

        var result = Import(path);

        Assert.All(result.Matches, m => Assert.Equal(MatchKind.Exact, m.Kind));
        Assert.Equal(list.Entries.Select(e => e.Part.Id), result.PartIds);
        var root = AssertValidYamlWithoutInventedValues(result);
        Assert.Equal("i9-7960x", root["cpu"].ToString());
        Assert.Equal("evga-x299-dark", root["motherboard"].ToString());
        Assert.Equal("generic-eatx-open-benchtable-4gpu", root["chassis"].ToString());
        var memory = ((YamlSequenceNode)root["memory"]).Children.Cast<YamlMappingNode>().Select(m => (m["part"].ToString(), m["count"].ToString()));
        Assert.Equal(rig.Memory.Select(m => (m.Module.Id, m.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))), memory);
        var gpus = ((YamlSequenceNode)root["gpus"]).Children.Cast<YamlMappingNode>().Select(g => g["part"].ToString());
        Assert.Equal(rig.Gpus.Select(g => g.Gpu.Id), gpus);
        var storage = ((YamlSequenceNode)root["storage"]).Children.Cast<YamlMappingNode>().Select(s => s["part"].ToString());
        Assert.Equal(rig.Storage.Select(s => s.Drive.Id), storage);
        Assert.Equal("small 4x rtx 3090 ai training rig", root["name"].ToString().ToLowerInvariant());
        Assert.Single(result.Report); // only the summary: nothing unmatched
    }

    [Fact]
    public void Imported_rig_loads_once_its_todo_lines_are_filled_in()
    {
        var rig = Repo.LoadRig("4x3090-x299-dark.rig.yaml");
        var path = CliRunner.TempFile(PcPartPickerMarkdown.Render(PartList.From(rig)), ".md");
        var yaml = Import(path).Yaml;

        var slots = new Queue<string>(rig.Gpus.Select(g => g.Slot.Id));
        var edited = string.Join('\n', yaml.Split('\n').Select(line =>
            line.TrimStart().StartsWith("# TODO: slot:", StringComparison.Ordinal) ? "    slot: " + slots.Dequeue()
            : line.TrimStart().StartsWith("# TODO: attach:", StringComparison.Ordinal) ? "    attach: U2"
            : line.StartsWith("# TODO: site:", StringComparison.Ordinal) ? "site:\n  mains: 220 V\n  breaker: 13 A"
            : line));
        var loaded = Repo.ParseRig(edited);

        Assert.True(loaded.Ok, string.Join("\n", loaded.Problems) + "\n" + edited);
        Assert.Equal(rig.AllParts.Select(p => p.Id).Order(StringComparer.Ordinal), loaded.Value!.AllParts.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Equal(rig.Memory.Sum(m => m.Count), loaded.Value.Memory.Sum(m => m.Count));
    }

    [Fact]
    public void Export_to_text_then_import_gives_back_the_same_parts()
    {
        var list = PartList.From(PublishingFixtures.PricedCustomRig());
        var catalog = Repo.CuratedCatalog.With(PublishingFixtures.PricedCustomRig().AllParts.Where(p => Repo.CuratedCatalog.Find(p.Id) is null));
        var parsed = PcPartPickerParser.Parse(TextPartList.Render(list), "list.txt");
        Assert.True(parsed.Ok);

        var result = RigFileImporter.Import(parsed.Value!, catalog, "list.txt");

        Assert.Equal(list.Entries.Select(e => e.Part.Id), result.PartIds);
        Assert.Equal("$120.50 new, 2026-02-01 @ example.com", parsed.Value!.Parts.Single(p => p.Type == "Case").Price);
        Assert.Contains("'test-riser': add it as 'riser:'", result.Yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Own_markdown_fixture_with_leading_pipes_repeated_types_and_escapes()
    {
        var path = PublishingFixtures.Own("leading-pipes.md");
        var parsed = Parse(path);

        Assert.Equal(ExportLayout.Markdown, parsed.Layout);
        Assert.Equal("https://pcpartpicker.com/list/AbC123", parsed.ListUrl);
        Assert.Equal(10, parsed.Parts.Count);
        Assert.Equal(Enumerable.Range(5, 10), parsed.Parts.Select(p => p.Line));
        Assert.Equal("Cable | \"braided\" [white]", parsed.Parts[^1].Name);
        Assert.Null(parsed.Parts.Single(p => p.Type == "Storage").Price);
        Assert.Null(parsed.Parts.Single(p => p.Type == "Memory").Price);
        Assert.Equal("Purchased For $0.00", parsed.Parts.Single(p => p.Type == "Motherboard").Price);

        var result = RigFileImporter.Import(parsed, Repo.CuratedCatalog, path);
        AssertNoLineDropped(result, path);
        var root = AssertValidYamlWithoutInventedValues(result);
        Assert.Equal("i9-7960x", root["cpu"].ToString());
        Assert.Equal(2, ((YamlSequenceNode)root["gpus"]).Children.Count);
        var psu = (YamlMappingNode)((YamlSequenceNode)root["psus"]).Children.Single();
        Assert.Equal("2", psu["count"].ToString());
        var cpu = result.Matches.Single(m => m.Line.Type == "CPU");
        Assert.Equal(MatchKind.Fuzzy, cpu.Kind);
        Assert.False(cpu.LowConfidence);
        var drive = result.Matches.Single(m => m.Line.Type == "Storage");
        Assert.Equal("samsung-pm863a-1.92tb", drive.Part?.Id);
        Assert.Contains("attach: sata", result.Yaml, StringComparison.Ordinal);
        Assert.Contains(result.Report, r => r.Contains("rigsmith does not model Case Fan parts", StringComparison.Ordinal));
        Assert.Contains(result.Report, r => r.Contains("Custom: Cable | \"braided\" [white]", StringComparison.Ordinal));
    }

    [Fact]
    public void Own_text_fixture_with_custom_parts_fuzzy_names_and_quotes()
    {
        var path = PublishingFixtures.Own("custom-and-fuzzy.txt");
        var parsed = Parse(path);

        Assert.Equal(ExportLayout.Text, parsed.Layout);
        Assert.Equal("https://uk.pcpartpicker.com/list/Zz9Yy8", parsed.ListUrl);
        Assert.Equal(10, parsed.Parts.Count);
        Assert.Equal("Phanteks \"Enthoo\" Pro 2  Server Edition", parsed.Parts.Single(p => p.Type == "Case").Name);
        Assert.Equal("£650.00 @ eBay - OOS", parsed.Parts.Single(p => p.Name.Contains("TURBO", StringComparison.Ordinal)).Price);
        var nameless = parsed.Parts.Single(p => p.Type == "Custom" && p.Name.Length == 0);
        Assert.Equal("$220.00", nameless.Price);

        var result = RigFileImporter.Import(parsed, Repo.CuratedCatalog, path);
        AssertNoLineDropped(result, path);
        AssertValidYamlWithoutInventedValues(result);
        string? Id(string type, string contains) => result.Matches.Single(m => m.Line.Type == type && m.Line.Name.Contains(contains, StringComparison.Ordinal)).Part?.Id;
        Assert.Equal("i9-7960x", Id("CPU", "7960X"));
        Assert.Equal("evga-x299-dark", Id("Motherboard", "X299"));
        Assert.Equal("heoriady-ddr4-3200-32gb-1r", Id("Memory", "HEORIADY"));
        Assert.Equal("gigabyte-rtx-3090-turbo", Id("Video Card", "TURBO"));
        Assert.Equal("intel-p4510-4tb", Id("Storage", "P4510"));
        Assert.Equal("generic-pcie3-x16-riser-200mm", Id("Custom", "riser"));
        Assert.Null(Id("Video Card", "9999"));
        Assert.Null(Id("Case", "Enthoo"));
        Assert.Contains(result.Report, r => r.Contains(":10: not imported: Custom: (no name) — the line has no name", StringComparison.Ordinal));
        Assert.Contains(result.Report, r => r.Contains("rigsmith does not model Operating System parts", StringComparison.Ordinal));
        Assert.Contains("# TODO: psus:", result.Yaml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Intel Core i7-9700K 3.6 GHz 8-Core Processor", "CPU")]
    [InlineData("AMD Ryzen 5 2600 3.4 GHz 6-Core Processor", "CPU")]
    [InlineData("MSI GeForce GTX 1660 Ti 6 GB VENTUS XS OC Video Card", "Video Card")]
    public void Another_model_of_a_known_vendor_is_not_matched(string name, string type)
    {
        var match = PartMatcher.Match(new PartLine(1, type, name, null, null, name), Repo.CuratedCatalog);

        Assert.Null(match.Part);
        Assert.True(match.Confidence < PartMatcher.AcceptAbove);
    }

    [Fact]
    public void Markdown_sample_from_shared_fixtures_keeps_every_line()
    {
        var path = PublishingFixtures.Shared("pcpartpicker-markdown__blog-2020__ca-gtx1660ti-itx.md");
        if (path is null)
            return; // ../shared/fixtures is not part of a fresh clone
        var parsed = Parse(path);

        Assert.Equal(ExportLayout.Markdown, parsed.Layout);
        Assert.Equal("https://ca.pcpartpicker.com/list/6BJc6R", parsed.ListUrl);
        Assert.Equal(10, parsed.Parts.Count);
        Assert.Equal(["CPU", "Motherboard", "Memory", "Storage", "Storage", "Video Card", "Case", "Power Supply", "Case Fan", "Case Fan"], parsed.Parts.Select(p => p.Type));
        Assert.Equal("$208.37 @ Amazon Canada", parsed.Parts[0].Price);
        Assert.Equal("AMD Ryzen 5 2600 3.4 GHz 6-Core Processor", parsed.Parts[0].Name);
        Assert.Null(parsed.Parts[4].Price);
        Assert.Equal("Kingston A400 240 GB 2.5\" Solid State Drive", parsed.Parts[3].Name);
        Assert.Empty(parsed.Skipped);
        var result = RigFileImporter.Import(parsed, Repo.CuratedCatalog, path);
        AssertNoLineDropped(result, path);
        AssertValidYamlWithoutInventedValues(result);
    }

    [Fact]
    public void Text_samples_from_shared_fixtures_keep_every_line()
    {
        var custom = PublishingFixtures.Shared("pcpartpicker-text__jest-test__us-rx9070xt-custom-parts__trimmed.txt");
        var quoted = PublishingFixtures.Shared("pcpartpicker-text__obsidian-note-2024__uk-rtx2070super__quoted.txt");
        if (custom is null || quoted is null)
            return; // ../shared/fixtures is not part of a fresh clone

        var a = Parse(custom);
        Assert.Equal(4, a.Parts.Count);
        Assert.Equal("", a.Parts[^1].Name);
        Assert.Equal("$220.00", a.Parts[^1].Price);
        Assert.Equal("Lian Li Strimer Wireless 24 Pin - Addressable RGB Power Extension Cable", a.Parts[2].Name);

        var b = Parse(quoted);
        Assert.Equal("https://uk.pcpartpicker.com/list/gLfbFs", b.ListUrl);
        Assert.Equal(15, b.Parts.Count);
        Assert.Equal("Deepcool GAMMAXX 400 74.34 CFM CPU Cooler", b.Parts[1].Name);
        Assert.Null(b.Parts[1].Price);
        Assert.Equal("£153.99 @ Overclockers.co.uk", b.Parts[0].Price);
        Assert.Equal("SteelSeries Arctis 9  Headset", b.Parts[^1].Name);
        Assert.Equal("Samsung Odyssey G7 27.0\" 2560 x 1440 240 Hz Curved Monitor", b.Parts.Single(p => p.Name.Contains("Odyssey", StringComparison.Ordinal)).Name);
        var skipped = Assert.Single(b.Skipped);
        Assert.Equal(1, skipped.Line);

        foreach (var (path, parsed) in new[] { (custom, a), (quoted, b) })
        {
            var result = RigFileImporter.Import(parsed, Repo.CuratedCatalog, path);
            AssertNoLineDropped(result, path);
            AssertValidYamlWithoutInventedValues(result);
        }
    }

    [Fact]
    public void Every_shared_sample_parses()
    {
        foreach (var path in PublishingFixtures.SharedPcPartPicker())
            Assert.NotEmpty(Parse(path).Parts);
    }

    [Fact]
    public void Text_that_is_no_part_list_is_one_problem_at_line_1()
    {
        var result = PcPartPickerParser.Parse("just some notes\nnothing here\n", "notes.txt");

        Assert.False(result.Ok);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(1, problem.Line);
        Assert.StartsWith("notes.txt:1:1: no part lines found", problem.ToString(), StringComparison.Ordinal);
    }
}
