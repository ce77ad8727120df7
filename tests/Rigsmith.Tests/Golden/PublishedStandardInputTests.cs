using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Golden;

/// <summary>
/// A rig piped to the published native binary as '-' reads as the same file does in the JIT build: standard input goes
/// through another path (a stream opened on the process's handle) than the golden cases' files.
/// </summary>
public sealed class PublishedStandardInputTests
{
    [SkippableTheory]
    [InlineData("check")]
    [InlineData("fit")]
    public void A_rig_on_standard_input_gives_the_in_process_output(string command)
    {
        var binary = Environment.GetEnvironmentVariable(PublishedBinary.Variable);
        Skip.If(string.IsNullOrEmpty(binary), $"{PublishedBinary.Variable} is not set; .ci/run publishes the native binary and sets it.");
        var rig = File.ReadAllBytes(Path.Combine(Repo.Root, "examples", "4x3090-x299-dark.rig.yaml"));

        var expected = CliRunner.RunWithBytes(rig, command, "-", "--format", "json");
        var actual = PublishedBinary.Run(binary!, [command, "-", "--format", "json", "--catalog", Repo.CatalogDirectory], CliRunner.DefaultWidth, rig);

        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.Out, actual.Out);
    }
}
