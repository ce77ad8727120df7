using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Publishing;

/// <summary>The user's price book wins over the catalog's prices, and totals never add currencies without a dated rate.</summary>
public class PriceBookTests
{
    private static readonly string Reference = Path.Combine(Repo.Root, "examples", "4x3090-x299-dark.rig.yaml");

    [Fact]
    public void Without_a_price_book_an_unpriced_rig_says_so_and_totals_nothing()
    {
        var result = CliRunner.Run("export", Reference, "--to", "text");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Total: no prices", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("$0", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_price_book_overrides_the_catalog_and_converts_at_its_dated_rate()
    {
        var result = CliRunner.Run("export", Reference, "--to", "text", "--prices", PublishingFixtures.Own("prices.yaml"));

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Contains("your price book", result.Out, StringComparison.Ordinal);
        // Zotac from the book (5200 HKD = 665.60 USD) and the CPU at $180.
        Assert.Contains("$845.60 (5200.00 HKD + $180.00 at your rates: 1 HKD = 0.128 USD of 2026-01-15)", result.Out, StringComparison.Ordinal);
        Assert.Contains("the oldest from 2025-10-20", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_rate_currencies_stay_apart()
    {
        var book = Path.Combine(Path.GetTempPath(), $"rigsmith-prices-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(book, "prices:\n  zotac-rtx-3090-blower:\n    - {amount: 5200, currency: HKD, date: 2025-11-02, condition: used, source: a shop}\n");
        try
        {
            var result = CliRunner.Run("export", Reference, "--to", "text", "--prices", book);
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
}
