using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Rigsmith.Cli.CommandLine;

/// <summary>
/// Starting a native binary installed beside <c>rigsmith</c> (<c>rigsmith-exporter</c>, <c>rigsmith-tools</c>) to run
/// a command with this process's output, and passing its exit status on.
/// </summary>
public static class SiblingBinary
{
    /// <summary><c>$VARIABLE</c> when set, else the file <paramref name="name"/> beside this binary.</summary>
    public static string Locate(string variable, string name) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } named ? named : Path.Combine(AppContext.BaseDirectory, name);

    /// <summary>
    /// Starts <paramref name="binary"/> with this process's standard output and error (and its standard input, unless
    /// <paramref name="standardInput"/> gives the bytes to send), forwards SIGINT and SIGTERM to it, and returns its
    /// exit status.
    /// </summary>
    public static int Run(string binary, IReadOnlyList<string> arguments, byte[]? standardInput)
    {
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardInput = standardInput is not null };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        if (standardInput is not null)
        {
            child.StandardInput.BaseStream.Write(standardInput);
            child.StandardInput.Close();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Forward(context, child, Sigint));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Forward(context, child, Sigterm));
        child.WaitForExit();
        return child.ExitCode;
    }

    private const int Sigint = 2;
    private const int Sigterm = 15;

    /// <summary>This process waits for the child to stop, which the signal (sent on to it) asks it to do.</summary>
    private static void Forward(PosixSignalContext context, Process child, int signal)
    {
        context.Cancel = true;
        if (!OperatingSystem.IsWindows() && Kill(child.Id, signal) == 0)
            return;
        child.Kill();
    }

    // kill(2); blittable arguments, so no marshalling code is generated (DllImport: LibraryImport needs unsafe code).
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
