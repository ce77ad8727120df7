using Spectre.Console;
using Spectre.Console.Enrichment;

namespace Rigsmith.Cli;

/// <summary>
/// Colour in the logs of GitHub Actions and Azure Pipelines, which show ANSI colour although their output is not a
/// terminal: what Spectre.Console's default enrichers do there. Those enrichers read every environment variable to
/// recognise a dozen CI services (a fifth of a millisecond on every cold start); the rest of what they set (not
/// interactive, no links) never matters to rigsmith, which neither prompts nor links.
/// </summary>
internal sealed class CiLogColour : IProfileEnricher
{
    public string Name => "rigsmith CI log colour";

    public bool Enabled(IDictionary<string, string> environmentVariables) => ShowsColour(Environment.GetEnvironmentVariable);

    /// <summary>Whether the environment is a CI service whose log shows colour, as Spectre's enrichers recognise them.</summary>
    internal static bool ShowsColour(Func<string, string?> variable) =>
        string.Equals(variable("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase)
        || !string.IsNullOrWhiteSpace(variable("TF_BUILD"));

    public void Enrich(Profile profile) => profile.Capabilities.Ansi = true;

    /// <summary>The console rigsmith writes to: AnsiConsole.Console's settings, with only this enricher.</summary>
    /// <remarks>
    /// Output into a pipe or a file outside those CI services gets no ANSI at all, so its colour system cannot matter:
    /// it is not detected there (Spectre's detector reads the whole environment to look for NO_COLOR).
    /// </remarks>
    public static IAnsiConsole Console() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.Detect,
        ColorSystem = System.Console.IsOutputRedirected && !ShowsColour(Environment.GetEnvironmentVariable)
            ? ColorSystemSupport.NoColors
            : ColorSystemSupport.Detect,
        Out = new AnsiConsoleOutput(System.Console.Out),
        EnvironmentVariables = new Dictionary<string, string>(),
        Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false, Enrichers = [new CiLogColour()] },
    });
}
