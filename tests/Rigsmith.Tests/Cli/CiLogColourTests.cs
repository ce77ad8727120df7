using Rigsmith.Cli;
using Rigsmith.Cli.Rendering;
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

/// <summary>NO_COLOR (no-color.org): ANSI output keeps bold but loses its colours, as Spectre keeps decorations.</summary>
public sealed class NoColourTests
{
    private const string Markup = "[bold red]TRN601[/] [grey]rests on[/] [bold]FAIL[/] plain";

    [Fact]
    public void A_console_without_colours_keeps_bold_only()
    {
        var layout = new TextLayout(80, ansi: true, colour: false);
        layout.Markup(Markup);

        Assert.Equal("\e[1mTRN601\e[0m rests on \e[1mFAIL\e[0m plain", layout.ToString().TrimEnd());
    }

    [Fact]
    public void A_console_with_colours_colours()
    {
        var layout = new TextLayout(80, ansi: true);
        layout.Markup(Markup);

        // As Spectre's Paragraph styles a run: word by word, the spaces between included.
        Assert.Equal("\e[1;91mTRN601\e[0m \e[90mrests\e[0m\e[90m \e[0m\e[90mon\e[0m \e[1mFAIL\e[0m plain", layout.ToString().TrimEnd());
    }

    [Fact]
    public void A_console_whose_colour_system_is_none_lays_out_without_colour()
    {
        // Spectre's ColorSystemDetector answers NoColors whenever NO_COLOR is set; the test gives that answer directly
        // rather than set the variable for a process whose other tests run in parallel.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(new StringWriter()),
        });
        Assert.False(TextLayout.For(console).Colour);

        var coloured = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Out = new AnsiConsoleOutput(new StringWriter()),
        });
        Assert.True(TextLayout.For(coloured).Colour);
    }
}
