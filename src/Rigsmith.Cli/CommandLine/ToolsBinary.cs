using System.Diagnostics.CodeAnalysis;

namespace Rigsmith.Cli.CommandLine;

/// <summary>
/// Where the commands with heavy dependencies run: the doctor (the XML reader for nvidia-smi, the Prometheus
/// exposition) and the HTML report (ScottPlot on SkiaSharp). In the shipped <c>rigsmith</c> they are not compiled in:
/// a native binary pays at every start for the breadth of what it contains (a static base allocated for every type with
/// static fields, about 3,000 with these two compiled in and 2,100 without, and the type data read around them), and
/// they made a cold <c>check</c> about 10 % slower. They run in <c>rigsmith-tools</c> instead, the same command line compiled with them
/// (<c>src/Rigsmith.Tools</c>), published beside <c>rigsmith</c>: the command is parsed and checked here (bad input is
/// one message and exit 2 from <c>rigsmith</c> itself), then the tools binary runs it with the same arguments, standard
/// input and output, and its exit status is this command's.
/// </summary>
public static class ToolsBinary
{
    /// <summary>The feature switch: false in the published <c>rigsmith</c>, where the native compiler then drops every
    /// branch that runs a tools command in this process (Rigsmith.Cli.csproj sets it).</summary>
    public const string Switch = "Rigsmith.Cli.ToolsInProcess";

    /// <summary>True where this binary runs the doctor and the HTML report itself: <c>dotnet run</c>, the tests and
    /// <c>rigsmith-tools</c>.</summary>
    [FeatureSwitchDefinition(Switch)]
    public static bool InProcess => !AppContext.TryGetSwitch(Switch, out var inProcess) || inProcess;

    /// <summary>The binary's file name beside <c>rigsmith</c>.</summary>
    public static readonly string BinaryName = OperatingSystem.IsWindows() ? "rigsmith-tools.exe" : "rigsmith-tools";

    /// <summary>Names the tools binary when it is not beside <c>rigsmith</c>.</summary>
    public const string BinaryVariable = "RIGSMITH_TOOLS";

    /// <summary>Runs this process's command line in the tools binary and returns its exit status (2 when it is missing).</summary>
    public static int Run(CliIo io)
    {
        var binary = SiblingBinary.Locate(BinaryVariable, BinaryName);
        if (!File.Exists(binary))
        {
            return io.Fail($"the tools binary '{binary}' is not installed: publish src/Rigsmith.Cli again (it publishes "
                + $"rigsmith-tools beside rigsmith), or name it with {BinaryVariable}");
        }

        // The same words the user typed; standard input is inherited, so a rig read from '-' reaches the tools binary.
        var arguments = Environment.GetCommandLineArgs().AsSpan(1).ToArray();
        io.Out.Profile.Out.Writer.Flush();
        return SiblingBinary.Run(binary, arguments, standardInput: null);
    }

    /// <summary>What a renderer that only the tools binary has throws here: unreachable, since the command hands its
    /// whole run to the tools binary before anything is rendered.</summary>
    public static InvalidOperationException NotInThisBinary(string what) =>
        new($"{what} is rendered by {BinaryName}, which runs this command");
}
