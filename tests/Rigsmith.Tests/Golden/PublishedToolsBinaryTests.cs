using Rigsmith.Cli.CommandLine;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Golden;

/// <summary>
/// The published <c>rigsmith</c> runs the doctor and the HTML report in <c>rigsmith-tools</c> (ToolsBinary). The golden
/// suite runs their cases through the published pair; these tests hold the hand-over itself: standard input reaches the
/// tools binary, and a missing tools binary is one message and exit 2.
/// </summary>
public sealed class PublishedToolsBinaryTests
{
    [SkippableTheory]
    [InlineData("export", "-", "--to", "html")]
    [InlineData("doctor", "-", "--from", "tests/Rigsmith.Tests/Doctor/Fixtures/reference-rig-differing", "--format", "json")]
    public void A_rig_on_standard_input_reaches_the_tools_binary(params string[] args)
    {
        var binary = Published();
        var rig = File.ReadAllBytes(Path.Combine(Repo.Root, "examples", "4x3090-x299-dark.rig.yaml"));
        var repoArgs = args.Select(a => a.StartsWith("tests/", StringComparison.Ordinal) ? Path.Combine(Repo.Root, a) : a).ToArray();

        var expected = CliRunner.RunWithBytes(rig, repoArgs);
        var actual = PublishedBinary.Run(binary, [.. repoArgs, "--catalog", Repo.CatalogDirectory], CliRunner.DefaultWidth, rig);

        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.Equal(expected.Error, actual.Error);
        // The HTML report's SVG clip-path ids count from a process-wide counter: renumbered as the golden suite does.
        Assert.Equal(GoldenOutputTests.Normalize(expected.Out), GoldenOutputTests.Normalize(actual.Out));
        Assert.NotEmpty(actual.Out);
    }

    [SkippableFact]
    public void Without_the_tools_binary_the_doctor_is_one_message_and_exit_2()
    {
        var binary = Published();
        var missing = Path.Combine(Path.GetTempPath(), "rigsmith-no-tools-" + Guid.NewGuid().ToString("N"));
        var result = PublishedBinary.Run(binary, ["doctor", "--from", Path.Combine(Repo.Root, "tests/Rigsmith.Tests/Doctor/Fixtures/sata-link-resets")],
            CliRunner.DefaultWidth, environment: new Dictionary<string, string> { [ToolsBinary.BinaryVariable] = missing });

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains($"the tools binary '{missing}' is not installed", result.Error, StringComparison.Ordinal);
        Assert.Contains(ToolsBinary.BinaryVariable, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
    }

    private static string Published()
    {
        var binary = Environment.GetEnvironmentVariable(PublishedBinary.Variable);
        Skip.If(string.IsNullOrEmpty(binary), $"{PublishedBinary.Variable} is not set; .ci/run publishes the native binary and sets it.");
        return binary!;
    }
}
