using System.Text.RegularExpressions;
using Rigsmith.Cli;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Cli;

/// <summary>Text output at any width: as wide as asked, and never an identifier broken across lines.</summary>
public class OutputWidthTests
{
    [Theory]
    [InlineData(80)]
    [InlineData(100)]
    [InlineData(160)]
    public void The_reference_report_breaks_no_part_id_or_rule_id(int width)
    {
        var rig = Repo.LoadRig("4x3090-x299-dark.rig.yaml");
        var result = CliRunner.RunAtWidth(width, "check", Repo.Example("4x3090-x299-dark.rig.yaml"));
        var json = CliRunner.Run("check", Repo.Example("4x3090-x299-dark.rig.yaml"), "--format", "json").Out;
        var text = result.Out;
        // A console too wide to wrap anything shows which ids the report names at all.
        var unwrapped = CliRunner.RunAtWidth(2000, "check", Repo.Example("4x3090-x299-dark.rig.yaml")).Out;
        var named = rig.AllParts.Select(p => p.Id).Where(id => unwrapped.Contains(id, StringComparison.Ordinal)).ToList();

        Assert.True(named.Count >= 8, $"the report names only {named.Count} part ids");
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd().Length <= width, $"{line.TrimEnd().Length} > {width}: {line}"));
        foreach (var id in named)
            Assert.True(text.Contains(id, StringComparison.Ordinal), $"part id {id} is broken at {width} columns");
        foreach (Match rule in Regex.Matches(json, "\"rule\": \"([A-Z]{3}\\d{3})\""))
            Assert.Contains(rule.Groups[1].Value, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_wins_then_a_terminal_on_either_stream_then_80()
    {
        Assert.Equal(132, ConsoleWidth.Choose("132", false, false, () => 200));
        Assert.Equal(200, ConsoleWidth.Choose(null, true, false, () => 200));
        Assert.Equal(190, ConsoleWidth.Choose(null, false, true, () => 190));
        Assert.Equal(80, ConsoleWidth.Choose(null, false, false, () => 200));
        Assert.Equal(80, ConsoleWidth.Choose("wide", false, false, () => 200));
        Assert.Equal(80, ConsoleWidth.Choose("5", false, false, () => 200));
        Assert.Equal(80, ConsoleWidth.Choose(null, true, false, () => 0));
    }
}
