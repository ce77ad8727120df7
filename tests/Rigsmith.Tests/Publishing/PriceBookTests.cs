using System.Text.Json;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Publishing;

/// <summary>The user's price book wins over the catalog's prices, and totals never add currencies without a dated rate.</summary>
public class PriceBookTests
{
    private static readonly string Reference = Path.Combine(Repo.Root, "examples", "4x3090-x299-dark.rig.yaml");

    [Fact]
    public void Without_a_price_book_an_unpriced_rig_says_so_and_totals_nothing()
    {
        var result = CliRunner.Run("export", Reference, "--to", "text", "--catalog", UnpricedCatalog.Directory);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Total: no prices", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("$0", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_price_book_overrides_the_catalog_and_converts_at_its_dated_rate()
    {
        var result = CliRunner.Run("export", Reference, "--to", "text", "--prices", PublishingFixtures.Own("prices.yaml"), "--catalog", UnpricedCatalog.Directory);

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Contains("your price book", result.Out, StringComparison.Ordinal);
        // Zotac from the book (5200 HKD = 665.60 USD) and the CPU at $180.
        Assert.Contains("$845.60 (5200.00 HKD + $180.00 at your rates: 1 HKD = 0.128 USD of 2026-01-15)", result.Out, StringComparison.Ordinal);
        Assert.Contains("observed 2025-10-20 to 2025-11-02 (2 used)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_rate_currencies_stay_apart()
    {
        var book = Path.Combine(Path.GetTempPath(), $"rigsmith-prices-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(book, "prices:\n  zotac-rtx-3090-blower:\n    - {amount: 5200, currency: HKD, date: 2025-11-02, condition: used, source: a shop}\n");
        try
        {
            var result = CliRunner.Run("export", Reference, "--to", "text", "--prices", book, "--catalog", UnpricedCatalog.Directory);
            Assert.True(result.ExitCode == 0, result.Out + result.Error);
            Assert.Contains("Total: 5200.00 HKD\n", result.Out, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(book);
        }
    }

    [Fact]
    public void An_unknown_part_in_the_price_book_is_an_input_error_with_a_suggestion()
    {
        var book = Path.Combine(Path.GetTempPath(), $"rigsmith-prices-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(book, "prices:\n  zotac-rtx-3090-blowr:\n    - {amount: 1, currency: USD, date: 2025-11-02, condition: used, source: a shop}\n");
        try
        {
            var result = CliRunner.Run("export", Reference, "--to", "text", "--prices", book);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("unknown part 'zotac-rtx-3090-blowr'", result.Error, StringComparison.Ordinal);
            Assert.Contains("zotac-rtx-3090-blower", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(book);
        }
    }

    private static readonly string Am5 = Path.Combine(Repo.Root, "examples", "2x3090-nvlink-am5.rig.yaml");

    /// <summary>A book that prices the AM5 rig's RTX 3090 FE (which the catalog prices too) at $650 used.</summary>
    private const string FeBook = "prices:\n  nvidia-rtx-3090-fe:\n    - {amount: 650, currency: USD, date: 2026-01-10, condition: used, source: my invoice}\n";

    private static CliRunner.Result WithBook(string book, params string[] args)
    {
        var path = Path.Combine(Path.GetTempPath(), $"rigsmith-prices-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, book.Replace("BOOK", path, StringComparison.Ordinal));
        try
        {
            return CliRunner.Run([.. args, "--prices", path]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("check", "--format", "json")]
    [InlineData("export", "--to", "json")]
    public void The_price_book_overrides_the_catalog_in_the_json_of_check_and_export(string command, string option, string format)
    {
        var result = WithBook(FeBook, command, Am5, option, format);

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var list = command == "check" ? json.RootElement.GetProperty("cost") : json.RootElement;
        var fe = list.GetProperty("parts").EnumerateArray().Where(p => p.GetProperty("id").GetString() == "nvidia-rtx-3090-fe").ToList();
        Assert.Equal(2, fe.Count);
        foreach (var row in fe)
        {
            var price = row.GetProperty("price");
            Assert.Equal(650m, price.GetProperty("amount").GetDecimal());
            Assert.Equal("my invoice", price.GetProperty("source").GetString());
            Assert.True(price.GetProperty("own").GetBoolean());
        }

        // The catalog's own price for the CPU stays; the total adds the book's two cards to it.
        var cpu = list.GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("type").GetString() == "CPU").GetProperty("price");
        Assert.False(cpu.GetProperty("own").GetBoolean());
        var usd = list.GetProperty("totals").EnumerateArray().Single(t => t.GetProperty("currency").GetString() == "USD").GetProperty("amount").GetDecimal();
        var pricedUsd = list.GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("price"))
            .Where(p => p.ValueKind == JsonValueKind.Object && p.GetProperty("currency").GetString() == "USD").Sum(p => p.GetProperty("amount").GetDecimal());
        Assert.Equal(pricedUsd, usd);
        Assert.Equal("2026-01-10", list.GetProperty("newest_price_date").GetString());
    }

    [Theory]
    [InlineData("text")]
    [InlineData("markdown")]
    public void Check_shows_the_price_book_price_in_its_cost_section(string format)
    {
        var without = CliRunner.Run("check", Am5, "--format", format);
        var with = WithBook(FeBook, "check", Am5, "--format", format);

        Assert.True(with.ExitCode == 0, with.Out + with.Error);
        Assert.Contains("Cost", with.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("@ my invoice", without.Out, StringComparison.Ordinal);
        Assert.Contains("$650.00 used, 2026-01-10 @ your price book: my invoice", with.Out, StringComparison.Ordinal);
        Assert.Contains("Total of the priced parts", with.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Power_shows_no_cost()
    {
        var result = CliRunner.Run("power", Am5, "--format", "json");

        using var json = JsonDocument.Parse(result.Out);
        Assert.False(json.RootElement.TryGetProperty("cost", out _));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public void Part_lists_the_price_book_observation_first(string format)
    {
        var result = WithBook(FeBook, "part", "nvidia-rtx-3090-fe", "--format", format);

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        if (format == "json")
        {
            using var json = JsonDocument.Parse(result.Out);
            var prices = json.RootElement.GetProperty("parts").EnumerateArray().Single().GetProperty("prices");
            Assert.Equal(650m, prices[0].GetProperty("amount").GetDecimal());
            Assert.True(prices.GetArrayLength() > 1, "the catalog's observations stay listed after the book's");
        }
        else
        {
            var first = result.Out.Split('\n').First(l => l.StartsWith("Price", StringComparison.Ordinal));
            Assert.Contains("650", first, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("check")]
    [InlineData("export")]
    [InlineData("part")]
    public void An_unknown_part_in_the_price_book_names_file_line_and_field_once(string command)
    {
        var book = "prices:\n  nvidia-rtx-3090-fee:\n    - {amount: 1, currency: USD, date: 2025-11-02, condition: used, source: a shop}\n";
        var result = WithBook(book, command == "part" ? ["part", "nvidia-rtx-3090-fe"] : [command, Am5]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var error = Assert.Single(lines);
        Assert.Matches(@"^error: .*rigsmith-prices-[0-9a-f]+\.yaml:2:3: prices\.nvidia-rtx-3090-fee: unknown part 'nvidia-rtx-3090-fee' \(did you mean 'nvidia-rtx-3090-fe'\?\)$", error);
    }

    [Theory]
    [InlineData("export", "--to", "article")]
    [InlineData("export", "--to", "html")]
    [InlineData("export", "--to", "text")]
    [InlineData("check", "--format", "markdown")]
    public void Every_total_converts_at_the_books_dated_rate(string command, string option, string format)
    {
        const string book = "currency: USD\nrates:\n  - {from: HKD, to: USD, rate: 0.128, date: 2026-01-15, source: my bank}\n" +
            "prices:\n  nvidia-rtx-3090-fe:\n    - {amount: 5200, currency: HKD, date: 2025-11-02, condition: used, source: a shop}\n";
        var result = WithBook(book, command, Am5, option, format);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("10400.00 HKD", result.Out, StringComparison.Ordinal);
        Assert.Contains("at your rates: 1 HKD = 0.128 USD of 2026-01-15", result.Out, StringComparison.Ordinal);
    }
}
