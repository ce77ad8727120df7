using System.Text.Json;
using Rigsmith.Reporting;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Cli;

/// <summary>The headline separates the machine from the job: a rig that works can carry a job that does not fit as written.</summary>
public class HeadlineTests
{
    [Fact]
    public void The_reference_rig_passes_as_hardware_and_its_job_does_not_fit_as_written()
    {
        var result = CliRunner.Run("check", Repo.Example("4x3090-x299-dark.rig.yaml"), "--format", "json");
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("fail", root.GetProperty("verdict").GetString());
        Assert.Equal("pass_with_warnings", root.GetProperty("verdicts").GetProperty("hardware").GetString());
        Assert.Equal("does-not-fit", root.GetProperty("verdicts").GetProperty("workload").GetString());
        var fitting = root.GetProperty("fitting_settings");
        Assert.NotEqual(0, fitting.GetProperty("changes").GetArrayLength());
        // The settings that fit fit: their peak is below what the tightest GPU offers.
        Assert.True(fitting.GetProperty("peak_gib").GetDouble() < root.GetProperty("training").GetProperty("usable_gib").GetDouble());
    }

    [Fact]
    public void The_text_headline_gives_both_verdicts_and_the_settings_that_fit()
    {
        var text = CliRunner.Run("check", Repo.Example("4x3090-x299-dark.rig.yaml")).Out;

        Assert.Contains("Verdict: FAIL — 1 error, ", text, StringComparison.Ordinal);
        Assert.Contains("Hardware: PASS with warnings — 0 errors", text, StringComparison.Ordinal);
        Assert.Contains("does not fit as set", text, StringComparison.Ordinal);
        Assert.Contains("It fits with", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rig_without_workload_has_no_workload_verdict_and_no_second_line()
    {
        var result = CliRunner.Run("check", Repo.Example("4x3090-c9x299-rpgf.rig.yaml"), "--format", "json");
        using var json = JsonDocument.Parse(result.Out);
        var verdicts = json.RootElement.GetProperty("verdicts");

        if (verdicts.GetProperty("workload").ValueKind == JsonValueKind.Null)
        {
            Assert.False(json.RootElement.TryGetProperty("fitting_settings", out _));
            Assert.DoesNotContain("Workload:", CliRunner.Run("check", Repo.Example("4x3090-c9x299-rpgf.rig.yaml")).Out, StringComparison.Ordinal);
        }

        // The overall verdict is never better than the hardware's.
        Assert.True(Rank(json.RootElement.GetProperty("verdict").GetString()!) >= Rank(verdicts.GetProperty("hardware").GetString()!));
    }

    [Theory]
    [InlineData("4x3090-x299-dark.rig.yaml")]
    [InlineData("4x3090-c9x299-rpgf.rig.yaml")]
    [InlineData("2x3090-nvlink-am5.rig.yaml")]
    [InlineData("4xa6000-epyc-4u.rig.yaml")]
    [InlineData("6xp40-mining-frame.rig.yaml")]
    public void Exit_1_exactly_when_the_hardware_fails_or_the_job_does_not_fit(string example)
    {
        var result = CliRunner.Run("check", Repo.Example(example), "--format", "json");
        using var json = JsonDocument.Parse(result.Out);
        var verdicts = json.RootElement.GetProperty("verdicts");
        var failing = verdicts.GetProperty("hardware").GetString() == "fail" || verdicts.GetProperty("workload").GetString() == "does-not-fit";

        Assert.Equal(failing ? 1 : 0, result.ExitCode);
    }

    [Theory]
    [InlineData(1, 0, 2, "1 error, 0 warnings, 2 notes")]
    [InlineData(0, 1, 1, "0 errors, 1 warning, 1 note")]
    public void Counts_are_written_in_the_singular_for_one(int errors, int warnings, int notes, string expected)
    {
        Assert.Equal(expected, Headline.Counts(errors, warnings, notes));
    }

    private static int Rank(string verdict) => verdict switch { "pass" => 0, "pass_with_warnings" => 1, _ => 2 };
}
