using System.Text.Json;
using Rigsmith.Publishing;
using Rigsmith.Tests.Support;
using Rigsmith.Units;

namespace Rigsmith.Tests.Publishing;

public class PartListTests
{
    [Fact]
    public void Reference_rig_lists_one_row_per_part_bought_and_says_nothing_is_priced()
    {
        var list = PartList.From(UnpricedCatalog.LoadRig(Repo.Example("4x3090-x299-dark.rig.yaml")));

        Assert.Equal(["CPU", "Motherboard", "Memory", "Memory", "Storage", "Storage", "Storage", "Video Card", "Video Card", "Video Card", "Video Card", "Case", "Power Supply"],
            list.Entries.Select(e => e.Type));
        Assert.All(list.Entries.Where(e => e.Type == "Memory"), e => Assert.Equal(2, e.Modules));
        Assert.Empty(list.Totals);
        Assert.Equal(13, list.Unpriced.Count());
        Assert.Equal("Datasets and training results.", list.Entries.Single(e => e.Part.Id == "intel-p4510-4tb").Note);
    }

    [Fact]
    public void Newest_observation_prices_a_part_and_totals_stay_per_currency()
    {
        var list = PartList.From(PublishingFixtures.PricedCustomRig());

        var tower = list.Entries.Single(e => e.Type == "Case");
        Assert.Equal(Money.Of(120.5m, "USD"), tower.Price!.Price);
        Assert.Equal([Money.Of(150m, "HKD"), Money.Of(120.5m, "USD")], list.Totals);
        Assert.Equal("150.00 HKD", MoneyText.Format(Money.Of(150m, "HKD")));
        Assert.Equal("$120.50 + 150.00 HKD", MoneyText.Totals([Money.Of(120.5m, "USD"), Money.Of(150m, "HKD")]));
    }

    [Fact]
    public void Memory_that_is_not_whole_kits_is_listed_module_by_module_and_notes_are_merged()
    {
        var list = PartList.From(PublishingFixtures.PricedCustomRig());

        var memory = list.Entries.Where(e => e.Type == "Memory").ToList();
        Assert.Equal(3, memory.Count);
        Assert.All(memory, e => Assert.Equal(1, e.Modules));
        Assert.Equal("Delidded.", list.Entries.Single(e => e.Type == "CPU").Note);
        var riser = Assert.Single(list.Entries, e => e.Type == "Custom");
        Assert.Equal("test-riser", riser.Part.Id);
        Assert.Equal("riser for GPU2", riser.Role);
    }

    [Fact]
    public void Pcpartpicker_markdown_has_the_export_layout()
    {
        var text = PcPartPickerMarkdown.Render(PartList.From(PublishingFixtures.PricedCustomRig()));
        var lines = text.Split('\n');

        Assert.Contains("Type|Item|Price", lines);
        Assert.Contains(":----|:----|:----", lines);
        Assert.Contains(lines, l => l.StartsWith("**Case** | Tower \"Quiet, Big\" 8-slot | $120.50 new, 2026-02-01 @ example.com", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("**Custom** | Test riser \\[x16\\], 200 mm | 150.00 HKD new, 2026-03-01 @ local shop", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("**Storage** | [Samsung PM863a", StringComparison.Ordinal) && l.EndsWith(" | no price", StringComparison.Ordinal));
        Assert.Contains(" | **Total** | **150.00 HKD + $120.50**", lines);
        Assert.Contains(lines, l => l.Contains("9 of 11 parts have no price", StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_quotes_fields_as_rfc_4180_says()
    {
        var csv = CsvPartList.Render(PartList.From(PublishingFixtures.PricedCustomRig()));

        Assert.EndsWith("\r\n", csv, StringComparison.Ordinal);
        var rows = csv.Split("\r\n");
        Assert.Equal(string.Join(',', CsvPartList.Header), rows[0]);
        Assert.Contains(rows, r => r.StartsWith("Case,\"Tower \"\"Quiet, Big\"\" 8-slot\",test,test-quiet-tower,Chassis,1,,120.5,USD,2026-02-01,new,", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(",\"First card, \"\"as new\"\".\",", StringComparison.Ordinal));
        Assert.Equal("plain", CsvPartList.Field("plain"));
        Assert.Equal("\"a\nb\"", CsvPartList.Field("a\nb"));
    }

    [Fact]
    public void Json_has_the_documented_fields()
    {
        using var doc = JsonDocument.Parse(JsonPartList.Render(PartList.From(PublishingFixtures.PricedCustomRig())));
        var root = doc.RootElement;

        Assert.Equal(1, root.GetProperty("schema_version").GetInt32());
        Assert.Equal("Test rig \"Quiet, Big\" edition", root.GetProperty("rig").GetProperty("name").GetString());
        var parts = root.GetProperty("parts").EnumerateArray().ToList();
        Assert.Equal(11, parts.Count);
        var tower = parts.Single(p => p.GetProperty("id").GetString() == "test-quiet-tower");
        Assert.Equal("Case", tower.GetProperty("type").GetString());
        Assert.Equal("chassis", tower.GetProperty("category").GetString());
        Assert.Equal(120.5m, tower.GetProperty("price").GetProperty("amount").GetDecimal());
        Assert.Equal("2026-02-01", tower.GetProperty("price").GetProperty("date").GetString());
        Assert.Equal(JsonValueKind.Null, parts[0].GetProperty("price").ValueKind);
        Assert.Equal(9, root.GetProperty("unpriced_parts").GetInt32());
        Assert.Equal(2, root.GetProperty("totals").GetArrayLength());
    }

    [Fact]
    public void Text_reddit_and_bbcode_carry_every_part_and_the_total()
    {
        var list = PartList.From(PublishingFixtures.PricedCustomRig());
        var text = TextPartList.Render(list);
        var reddit = RedditPartList.Render(list);
        var bbcode = BbCodePartList.Render(list);

        Assert.Contains("Case: Tower \"Quiet, Big\" 8-slot  ($120.50 new, 2026-02-01 @ example.com)\n", text, StringComparison.Ordinal);
        Assert.Contains("Total: 150.00 HKD + $120.50\n", text, StringComparison.Ordinal);
        Assert.Contains("Type|Item|Role|Notes|Price", reddit, StringComparison.Ordinal);
        Assert.Contains("Mining PSU, bought used.", reddit, StringComparison.Ordinal);
        Assert.Contains("[b]Custom:[/b] Test riser (x16), 200 mm  (150.00 HKD new, 2026-03-01 @ local shop)", bbcode, StringComparison.Ordinal);
        Assert.Contains("[b]Total:[/b] 150.00 HKD + $120.50", bbcode, StringComparison.Ordinal);
        foreach (var e in list.Entries)
            Assert.Contains(e.Part.Name, text, StringComparison.Ordinal);
    }
}
