using System.Text.Json;
using System.Text.RegularExpressions;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Cli;

/// <summary>Small honesty fixes: numbers worded so that they cannot be misread.</summary>
public partial class WordingTests
{
    private static IEnumerable<string> Examples => Directory.GetFiles(Path.Combine(Repo.Root, "examples"), "*.rig.yaml").Order(StringComparer.Ordinal);

    [Fact]
    public void Scaling_efficiency_is_a_plain_percentage()
    {
        var text = CliRunner.Run("fit", Repo.Example("4x3090-x299-dark.rig.yaml")).Out;
        var markdown = CliRunner.Run("fit", Repo.Example("4x3090-x299-dark.rig.yaml"), "--format", "markdown").Out;

        Assert.Matches(@"scaling efficiency \d{1,3} %", text);
        Assert.Matches(@"scaling efficiency \d{1,3} %", markdown);
        Assert.DoesNotContain("+", ScalingText().Match(text).Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_power_limit_cost_never_claims_100_percent_beside_two_different_rates()
    {
        foreach (var example in Examples)
        {
            using var json = JsonDocument.Parse(CliRunner.Run("check", example, "--format", "json").Out);
            foreach (var f in json.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rule").GetString() == "TRN607"))
            {
                var message = f.GetProperty("message").GetString()!;
                Assert.DoesNotContain("keeps 100 %", message, StringComparison.Ordinal);
                if (TwoRates().Match(message) is { Success: true } m)
                    Assert.NotEqual(m.Groups[1].Value, m.Groups[2].Value);
            }
        }
    }

    [Fact]
    public void Each_quantity_has_one_row_in_the_html_figure_tables()
    {
        var html = CliRunner.Run("export", Repo.Example("4x3090-x299-dark.rig.yaml"), "--to", "html").Out;

        // Figure tables are the ones without a header row.
        var tables = Regex.Matches(html, "<table><tbody>.*?</table>", RegexOptions.Singleline);
        Assert.NotEmpty(tables);
        foreach (Match table in tables)
        {
            var labels = Regex.Matches(table.Value, "<th>([^<]+)</th><td>").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(labels.Distinct().Count(), labels.Count);
        }

        Assert.Contains("<th>Heat into the room</th><td>2107.8 W (7192 BTU/h)</td>", html, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"scaling efficiency [^)]*")]
    private static partial Regex ScalingText();

    [GeneratedRegex(@"\(([\d.]+) instead of ([\d.]+) samples/s\)")]
    private static partial Regex TwoRates();
}
