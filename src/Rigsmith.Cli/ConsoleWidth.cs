using System.Globalization;

namespace Rigsmith.Cli;

/// <summary>
/// How wide text output is: <c>COLUMNS</c> when set, else the terminal that standard output (or, when that is piped,
/// standard error) is attached to, so 'rigsmith check rig.yaml &gt; file' in a terminal keeps its width; else 80.
/// </summary>
public static class ConsoleWidth
{
    public const int Default = 80;
    public const int Minimum = 20;

    public static int Detect() =>
        Choose(Environment.GetEnvironmentVariable("COLUMNS"), !Console.IsOutputRedirected, !Console.IsErrorRedirected, TerminalWidth);

    /// <summary>The rule, as a pure function of what the process can see.</summary>
    public static int Choose(string? columns, bool outputIsTerminal, bool errorIsTerminal, Func<int> terminalWidth)
    {
        if (int.TryParse(columns, NumberStyles.None, CultureInfo.InvariantCulture, out var set) && set >= Minimum)
            return set;
        if (outputIsTerminal || errorIsTerminal)
        {
            var width = terminalWidth();
            if (width >= Minimum)
                return width;
        }

        return Default;
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or InvalidOperationException)
        {
            return 0;
        }
    }
}
