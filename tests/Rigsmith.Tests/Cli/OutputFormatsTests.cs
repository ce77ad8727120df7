using Rigsmith.Cli.Formats;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Cli;

/// <summary>
/// The format registry drives the accepted values, the help and the dispatch: every listed format renders something of
/// its own through the real command, an unlisted one is refused with the list, and help shows the list.
/// </summary>
public sealed class OutputFormatsTests
{
    private static readonly string Reference = Repo.Example("4x3090-x299-dark.rig.yaml");

    /// <summary>Each command with a format option, the option, its registry's names, and the rest of its arguments.</summary>
    public static TheoryData<string, string, string[]> Commands() => new()
    {
        { "--format", "Report", ["check", Reference] },
        { "--format", "Report", ["power", Reference] },
        { "--format", "Fit", ["fit", Reference] },
        { "--format", "Validation", ["fit", "--validate"] },
        { "--format", "Parts", ["parts", "3090"] },
        { "--format", "Part", ["part", "i9-7960x"] },
        { "--format", "Lint", ["catalog", "lint"] },
        { "--to", "Export", ["export", Reference] },
    };

    private static IReadOnlyList<string> Names(string registry) => OutputFormats.ByName(registry).Names;

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_listed_format_renders_output_of_its_own(string option, string registry, string[] args)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Names(registry))
        {
            var result = CliRunner.Run([.. args, option, name]);
            Assert.True(result.ExitCode is 0 or 1, $"{string.Join(' ', args)} {option} {name}: exit {result.ExitCode}: {result.Error}");
            Assert.False(string.IsNullOrWhiteSpace(result.Out), $"{name} wrote nothing");
            outputs[name] = result.Out;
        }

        // Two formats with the same output would mean one fell back to the other.
        var same = outputs.GroupBy(o => o.Value, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => string.Join(" = ", g.Select(o => o.Key))).ToList();
        Assert.True(same.Count == 0, $"identical output: {string.Join("; ", same)}");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void An_unlisted_format_is_refused_with_the_accepted_ones(string option, string registry, string[] args)
    {
        var result = CliRunner.Run([.. args, option, "yamlish"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains($"{option}: unknown format 'yamlish'", result.Error, StringComparison.Ordinal);
        Assert.All(Names(registry), n => Assert.Contains(n, result.Error, StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check", "Report")]
    [InlineData("power", "Report")]
    [InlineData("fit", "Fit")]
    [InlineData("parts", "Parts")]
    [InlineData("part", "Part")]
    [InlineData("export", "Export")]
    public void Help_lists_exactly_the_registry(string command, string registry)
    {
        var help = CliRunner.Run(command, "--help").Out;
        Assert.Contains(OutputFormats.ByName(registry).Accepted, help, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_format_gets_a_suggestion()
    {
        var result = CliRunner.Run("check", Reference, "--format", "jsno");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("json", result.Error, StringComparison.Ordinal);
        Assert.Contains("did you mean", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_format_name_is_matched_without_regard_to_case()
    {
        Assert.Equal(CliRunner.Run("check", Reference, "--format", "json").Out, CliRunner.Run("check", Reference, "--format", "JSON").Out);
    }
}
