using Rigsmith.Cli;
using Spectre.Console;

namespace Rigsmith.Tests.Cli;

/// <summary>
/// The console enrichment that replaces Spectre.Console's default CI enrichers: colour where their logs show it, the
/// same verdict Spectre's own GitHub and Azure Pipelines enrichers give.
/// </summary>
public sealed class CiLogColourTests
{
    [Theory]
    [InlineData("GITHUB_ACTIONS", "true", true)]
    [InlineData("GITHUB_ACTIONS", "TRUE", true)]
    [InlineData("GITHUB_ACTIONS", "false", false)]
    [InlineData("TF_BUILD", "True", true)]
    [InlineData("TF_BUILD", " ", false)]
    [InlineData("JENKINS_URL", "http://ci", false)]
    public void Colour_where_the_CI_log_shows_it_as_Spectre_decides(string name, string value, bool colour)
    {
        var environment = new Dictionary<string, string> { [name] = value };
        Assert.Equal(colour, CiLogColour.ShowsColour(environment.GetValueOrDefault));

        // Spectre's own enrichers, given the same environment, turn colour on exactly then.
        var spectre = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            Out = new AnsiConsoleOutput(new StringWriter()),
            EnvironmentVariables = environment,
        });
        Assert.Equal(colour, spectre.Profile.Capabilities.Ansi);
    }
}
