using System.Text.Json;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Cli;

public class PowerCommandTests
{
    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var result = CliRunner.Run(args);
        return (result.ExitCode, result.Out, result.Error);
    }

    [Fact]
    public void Should_Fail_The_Board_Without_Slot_Power_Header_With_Only_The_Power_Section()
    {
        var (code, output, error) = Run("power", Repo.Example("4x3090-c9x299-rpgf.rig.yaml"), "--format", "json");

        Assert.Equal(1, code);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.True(root.TryGetProperty("power", out var power));
        Assert.False(root.TryGetProperty("compatibility", out _));
        Assert.True(power.GetProperty("slot_rail_worst_v").GetDouble() < 11.04);
        var rules = root.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ToList();
        Assert.Contains("PWR208", rules);
        Assert.All(rules, r => Assert.StartsWith("PWR", r));
    }

    [Fact]
    public void Should_Print_The_Power_Report_As_Text()
    {
        var (code, output, _) = Run("power", Repo.Example("4x3090-x299-dark.rig.yaml"));

        Assert.Equal(0, code);
        Assert.Contains("rigsmith power", output);
        Assert.Contains("Predicted +12 V at the slots", output);
        Assert.DoesNotContain("PWR208 │ error", output);
    }

    [Fact]
    public void Should_Exit_2_For_A_Missing_Rig_File()
    {
        var (code, _, error) = Run("power", "no-such.rig.yaml");

        Assert.Equal(2, code);
        Assert.StartsWith("error:", error);
    }
}
