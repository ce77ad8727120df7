using System.Globalization;
using System.Text.Json;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Publishing;

/// <summary>
/// Every list of parts says of each price whether it is new or used and when it was seen, and every total says the
/// span of dates it rests on; the expected text is built from the JSON part list, so it follows the catalog.
/// </summary>
public class PriceWordingTests
{
    private static readonly string Am5 = Repo.Example("2x3090-nvlink-am5.rig.yaml");

    private sealed record Row(string Id, string Money, string Condition, string Date);

    private static List<Row> PricedRows(string rig)
    {
        using var json = JsonDocument.Parse(CliRunner.Run("export", rig, "--to", "json").Out);
        return json.RootElement.GetProperty("parts").EnumerateArray()
            .Where(p => p.GetProperty("price").ValueKind == JsonValueKind.Object)
            .Select(p =>
            {
                var price = p.GetProperty("price");
                var amount = price.GetProperty("amount").GetDecimal().ToString("0.00", CultureInfo.InvariantCulture);
                var currency = price.GetProperty("currency").GetString()!;
                var money = currency == "USD" ? "$" + amount : $"{amount} {currency}";
                return new Row(p.GetProperty("id").GetString()!, money, price.GetProperty("condition").GetString()!, price.GetProperty("date").GetString()!);
            })
            .ToList();
    }

    [Theory]
    [InlineData("export", "--to", "pcpartpicker")]
    [InlineData("export", "--to", "reddit")]
    [InlineData("export", "--to", "bbcode")]
    [InlineData("export", "--to", "text")]
    [InlineData("export", "--to", "article")]
    [InlineData("export", "--to", "html")]
    [InlineData("check", "--format", "markdown")]
    [InlineData("check", "--format", "text")]
    public void Each_price_says_new_or_used_and_when_and_the_total_says_the_span_of_dates(string command, string option, string format)
    {
        var rows = PricedRows(Am5);
        Assert.NotEmpty(rows);
        var output = CliRunner.RunAtWidth(400, command, Am5, option, format).Out;

        foreach (var row in rows)
            Assert.Contains($"{row.Money} {row.Condition}, {row.Date} @ ", output, StringComparison.Ordinal);
        var dates = rows.Select(r => r.Date).Order(StringComparer.Ordinal).ToList();
        var span = dates[0] == dates[^1] ? $"observed on {dates[0]}" : $"observed {dates[0]} to {dates[^1]}";
        var conditions = string.Join(", ", new[] { "new", "used" }.Select(c => (c, n: rows.Count(r => r.Condition == c))).Where(x => x.n > 0).Select(x => $"{x.n} {x.c}"));
        Assert.Contains($"{span} ({conditions})", output, StringComparison.Ordinal);
        Assert.DoesNotContain("$0.00", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_part_list_gives_the_oldest_and_newest_dates_of_its_total()
    {
        var rows = PricedRows(Am5);
        using var json = JsonDocument.Parse(CliRunner.Run("export", Am5, "--to", "json").Out);

        Assert.Equal(rows.Select(r => r.Date).Min(StringComparer.Ordinal), json.RootElement.GetProperty("oldest_price_date").GetString());
        Assert.Equal(rows.Select(r => r.Date).Max(StringComparer.Ordinal), json.RootElement.GetProperty("newest_price_date").GetString());
    }

    [Fact]
    public void A_list_without_any_price_gives_no_dates_and_no_total()
    {
        // The catalog without its prices: every row says "no price" and nothing is totalled.
        var text = CliRunner.Run("export", Am5, "--to", "pcpartpicker", "--catalog", UnpricedCatalog.Directory).Out;
        using var json = JsonDocument.Parse(CliRunner.Run("export", Am5, "--to", "json", "--catalog", UnpricedCatalog.Directory).Out);

        Assert.Contains("| no price", text, StringComparison.Ordinal);
        Assert.DoesNotContain("observed", text, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("oldest_price_date").ValueKind);
        Assert.Equal(0, json.RootElement.GetProperty("totals").GetArrayLength());
        Assert.Equal(json.RootElement.GetProperty("parts").GetArrayLength(), json.RootElement.GetProperty("unpriced_parts").GetInt32());
    }

    [Fact]
    public void Parts_shows_each_parts_newest_price_with_its_condition_or_no_price()
    {
        var output = CliRunner.RunAtWidth(400, "parts", "3090", "--category", "gpu", "--format", "markdown").Out;
        var fe = PricedRows(Am5).First(r => r.Id == "nvidia-rtx-3090-fe");

        Assert.Contains("| Price |", output, StringComparison.Ordinal);
        Assert.Matches($@"\| nvidia-rtx-3090-fe \|.*\| {System.Text.RegularExpressions.Regex.Escape($"{fe.Money} {fe.Condition}, {fe.Date} @ ")}", output);
        Assert.Contains("| no price |", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Part_marks_the_price_book_observation_and_the_one_part_lists_use()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rigsmith-prices-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "prices:\n  nvidia-rtx-3090-fe:\n    - {amount: 650, currency: USD, date: 2026-01-10, condition: used, source: my invoice}\n");
        try
        {
            var output = CliRunner.RunAtWidth(400, "part", "nvidia-rtx-3090-fe", "--prices", path).Out;
            var lines = output.Split('\n').Where(l => l.StartsWith("Price", StringComparison.Ordinal)).ToList();

            Assert.Equal("Price (your price book): $650.00 used, observed 2026-01-10 — my invoice (the newest: part lists use it)", lines[0].TrimEnd());
            Assert.True(lines.Count > 1);
            Assert.All(lines.Skip(1), l => Assert.DoesNotContain("part lists use it", l, StringComparison.Ordinal));
            Assert.All(lines.Skip(1), l => Assert.Matches(@"^Price: \S+ (new|used), observed \d{4}-\d\d-\d\d — ", l));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
