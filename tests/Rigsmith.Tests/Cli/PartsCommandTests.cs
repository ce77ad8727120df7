using System.Text.Json;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Cli;

public class PartsCommandTests
{
    [Fact]
    public void Query_and_category_filter_the_list()
    {
        var result = CliRunner.Run("parts", "3090", "--category", "gpu", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var parts = json.RootElement.GetProperty("parts").EnumerateArray().ToList();
        Assert.NotEmpty(parts);
        Assert.All(parts, p => Assert.Equal("gpu", p.GetProperty("category").GetString()));
        Assert.All(parts, p => Assert.Contains("3090", p.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.Equal(parts.Count, json.RootElement.GetProperty("counts").GetProperty("gpu").GetInt32());
    }

    [Fact]
    public void Part_shows_each_value_with_its_source_or_assumption()
    {
        var result = CliRunner.Run("part", "evga-x299-dark");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("https://xdevs.com/guide/e299ocg/", result.Out, StringComparison.Ordinal);
        Assert.Contains("assumed:", result.Out, StringComparison.Ordinal);
        Assert.Contains("slots.PE1", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Part_json_carries_source_or_reason_for_every_value()
    {
        var result = CliRunner.Run("part", "i7-7820x", "--format", "json");
        using var json = JsonDocument.Parse(result.Out);
        foreach (var value in json.RootElement.GetProperty("parts")[0].GetProperty("values").EnumerateArray())
        {
            var cited = value.GetProperty("source").ValueKind == JsonValueKind.String;
            var assumed = value.GetProperty("assumed").ValueKind == JsonValueKind.String;
            Assert.True(cited ^ assumed, value.GetProperty("field").GetString());
        }
    }

    [Fact]
    public void Unknown_part_and_category_get_suggestions_and_exit_2()
    {
        var part = CliRunner.Run("part", "i9-7960");
        Assert.Equal(2, part.ExitCode);
        Assert.Contains("did you mean 'i9-7960x'?", part.Error, StringComparison.Ordinal);

        var category = CliRunner.Run("parts", "--category", "gpus");
        Assert.Equal(2, category.ExitCode);
        Assert.Contains("did you mean 'gpu'?", category.Error, StringComparison.Ordinal);
    }
}
