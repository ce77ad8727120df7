using System.Globalization;
using System.Text.Json;
using Rigsmith.Catalog;
using Rigsmith.Publishing;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Publishing;

/// <summary>
/// Every example rig's part list totals dated price observations and says the date of the oldest one; no example
/// part carries a price of 0, an undated price or a catalog price without the page it was seen on.
/// </summary>
public class ExamplePriceTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        // The OpenDB example is made of parts the OpenDB gives no prices for (it has none); its unpriced total is
        // tested in OpenDbTierTests.
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "examples"), "*.rig.yaml").Order(StringComparer.Ordinal).Where(f => !f.Contains("-opendb-", StringComparison.Ordinal)))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_export_totals_dated_observations_and_names_the_oldest(string example)
    {
        var rig = Repo.Example(example);
        var json = CliRunner.Run("export", rig, "--to", "json");
        Assert.True(json.ExitCode == 0, json.Error);
        using var doc = JsonDocument.Parse(json.Out);
        var root = doc.RootElement;

        var prices = root.GetProperty("parts").EnumerateArray()
            .Select(p => p.GetProperty("price")).Where(p => p.ValueKind == JsonValueKind.Object).ToList();
        Assert.True(prices.Count > 0, $"{example}: no part of the example has a price, so it has no total");
        var dates = new List<DateOnly>();
        foreach (var price in prices)
        {
            Assert.True(price.GetProperty("amount").GetDecimal() > 0, $"{example}: a price of 0");
            Assert.True(DateOnly.TryParseExact(price.GetProperty("date").GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date),
                $"{example}: a price without a date");
            Assert.True(date > new DateOnly(2000, 1, 1) && date <= DateOnly.FromDateTime(DateTime.UtcNow), $"{example}: price date {date} out of range");
            Assert.Contains(price.GetProperty("condition").GetString(), new[] { "new", "used" });
            Assert.False(string.IsNullOrWhiteSpace(price.GetProperty("source").GetString()), $"{example}: a price without a source");
            dates.Add(date);
        }

        // The totals are the sums of the priced rows (a kit row: its modules times the module's price), per currency;
        // the list names the oldest date they rest on.
        var rows = root.GetProperty("parts").EnumerateArray().Where(r => r.GetProperty("price").ValueKind == JsonValueKind.Object).ToList();
        var totals = root.GetProperty("totals").EnumerateArray().ToDictionary(t => t.GetProperty("currency").GetString()!, t => t.GetProperty("amount").GetDecimal());
        var sums = rows.GroupBy(r => r.GetProperty("price").GetProperty("currency").GetString()!)
            .ToDictionary(g => g.Key, g => g.Sum(r => r.GetProperty("modules").GetInt32() * r.GetProperty("price").GetProperty("amount").GetDecimal()));
        Assert.Equal(sums.OrderBy(x => x.Key, StringComparer.Ordinal), totals.OrderBy(x => x.Key, StringComparer.Ordinal));
        var oldest = dates.Min().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(oldest, root.GetProperty("oldest_price_date").GetString());

        var text = CliRunner.Run("export", rig, "--to", "text").Out;
        Assert.Matches($@"\nTotal: \S", text);
        Assert.DoesNotContain("Total: no prices", text, StringComparison.Ordinal);
        Assert.Contains(dates.Min() == dates.Max() ? $"observed on {oldest}" : $"observed {oldest} to ", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_catalog_price_of_an_example_part_is_dated_positive_and_cites_its_page(string example)
    {
        var rig = Repo.LoadRig(example);
        foreach (var part in rig.AllParts.DistinctBy(p => p.Id))
        {
            foreach (var price in part.Prices)
            {
                Assert.True(price.Price.Amount > 0, $"{part.Id}: price of 0");
                Assert.NotEqual(default, price.Date);
                Assert.True(Uri.TryCreate(price.Source, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http",
                    $"{part.Id}: the catalog price's source '{price.Source}' is not the URL of the page it was seen on");
            }
        }
    }

    [Fact]
    public void A_zero_or_undated_price_is_refused_where_it_is_written()
    {
        var book = PriceBook.Read("prices:\n  i9-7960x:\n    - {amount: 0, currency: USD, date: 2025-01-01, condition: used, source: a shop}\n    - {amount: 10, currency: USD, condition: used, source: a shop}\n",
            "book.yaml", id => Repo.Catalog.Find(id) is not null, Repo.Catalog.Ids);
        Assert.False(book.Ok);
        Assert.Contains(book.Problems, p => p.ToString().Contains("prices.i9-7960x[0].amount", StringComparison.Ordinal));
        Assert.Contains(book.Problems, p => p.ToString().Contains("prices.i9-7960x[1]", StringComparison.Ordinal) && p.ToString().Contains("date", StringComparison.Ordinal));
    }
}
