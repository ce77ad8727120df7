using System.Text.Json;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Cli;

/// <summary>Every shipped example rig checks without an input error and writes valid JSON.</summary>
public class ExampleRigsTests
{
    public static TheoryData<string> Examples() =>
        new(Directory.GetFiles(Path.Combine(Repo.Root, "examples"), "*.rig.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_checks_with_exit_0_or_1_and_valid_json(string example)
    {
        var result = CliRunner.Run("check", Repo.Example(example), "--format", "json");

        Assert.True(result.ExitCode is 0 or 1, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal("", result.Error);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(result.ExitCode, json.RootElement.GetProperty("exit_code").GetInt32());
        Assert.NotEmpty(json.RootElement.GetProperty("rig").GetProperty("name").GetString()!);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_starts_with_the_schema_line_and_says_what_it_shows(string example)
    {
        var lines = File.ReadAllLines(Repo.Example(example));
        Assert.Equal("# yaml-language-server: $schema=../docs/schema/rig.schema.json", lines[0]);
        Assert.StartsWith("# ", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_example_is_listed_in_the_readme()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        foreach (var example in Directory.GetFiles(Path.Combine(Repo.Root, "examples"), "*.rig.yaml").Select(Path.GetFileName))
            Assert.Contains($"examples/{example}", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Nvlink_example_bridges_its_two_cards_over_x8_links()
    {
        var result = CliRunner.Run("check", Repo.Example("2x3090-nvlink-am5.rig.yaml"), "--format", "json");
        using var json = JsonDocument.Parse(result.Out);
        var interconnect = json.RootElement.GetProperty("interconnect");
        Assert.Equal(1, interconnect.GetProperty("nvlink_bridges").GetInt32());
        var widths = json.RootElement.GetProperty("pcie").GetProperty("devices").EnumerateArray()
            .Where(l => l.GetProperty("device").GetString()!.StartsWith("GPU", StringComparison.Ordinal))
            .Select(l => l.GetProperty("link_width").GetInt32()).ToList();
        Assert.Equal([8, 8], widths);
    }

    [Fact]
    public void Mining_frame_example_reports_passive_cards_without_airflow()
    {
        var result = CliRunner.Run("check", Repo.Example("6xp40-mining-frame.rig.yaml"), "--format", "json");
        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var passive = json.RootElement.GetProperty("findings").EnumerateArray().Count(f => f.GetProperty("rule").GetString() == "THM501");
        Assert.Equal(6, passive);
    }
}
