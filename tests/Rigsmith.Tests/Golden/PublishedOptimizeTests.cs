using System.Text.Json;
using Rigsmith.Cli.Commands;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Golden;

/// <summary>
/// <c>rigsmith optimize</c> through the published binary, which starts <c>rigsmith-optimize</c> from beside itself
/// (.ci/run publishes both into one folder): the SDXL example is answered OPTIMAL with a rig file that passes the
/// published <c>rigsmith check</c> with exit 0.
/// </summary>
public sealed class PublishedOptimizeTests
{
    [SkippableFact]
    public void Optimize_starts_the_optimizer_whose_rig_passes_check()
    {
        var binary = Published();
        var rig = Path.Combine(Path.GetTempPath(), $"rigsmith-optimized-{Guid.NewGuid():N}.rig.yaml");
        try
        {
            var result = PublishedBinary.Run(binary, ["optimize", Repo.Example("sdxl-full-120v.optimize.yaml"), "--format", "json", "--out", rig], CliRunner.DefaultWidth);

            Assert.True(result.ExitCode == 0, result.Error);
            using var json = JsonDocument.Parse(result.Out);
            Assert.Equal("optimal", json.RootElement.GetProperty("status").GetString());
            var check = PublishedBinary.Run(binary, ["check", rig], CliRunner.DefaultWidth);
            Assert.True(check.ExitCode == 0, check.Out + check.Error);
        }
        finally
        {
            File.Delete(rig);
        }
    }

    [SkippableFact]
    public void Without_the_optimizer_optimize_is_one_message_and_exit_2()
    {
        var binary = Published();
        var missing = Path.Combine(Path.GetTempPath(), "rigsmith-no-optimizer-" + Guid.NewGuid().ToString("N"));

        var result = PublishedBinary.Run(binary, ["optimize", Repo.Example("sdxl-full-120v.optimize.yaml")], CliRunner.DefaultWidth,
            environment: new Dictionary<string, string> { [OptimizeCommand.BinaryVariable] = missing });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"the optimizer '{missing}' is not installed", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
    }

    private static string Published()
    {
        var binary = Environment.GetEnvironmentVariable(PublishedBinary.Variable);
        Skip.If(string.IsNullOrEmpty(binary), $"{PublishedBinary.Variable} is not set; .ci/run publishes the native binary and sets it.");
        return binary!;
    }
}
