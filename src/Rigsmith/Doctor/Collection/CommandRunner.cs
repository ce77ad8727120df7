using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Rigsmith.Doctor.Collection;

/// <summary>What running a tool gave: its output, or why there is none.</summary>
/// <param name="Failure">Null when the tool ran; otherwise "not installed", "timed out after 30 s", its error output, ...</param>
public sealed record CommandOutput(int? ExitCode, string Output, string? Failure);

/// <summary>Runs a tool on this machine. The doctor's one door to the live machine, so tests can answer with captured text.</summary>
public interface ICommandRunner
{
    CommandOutput Run(string program, IReadOnlyList<string> arguments, TimeSpan timeout);
}

/// <summary>Runs tools as processes, each with a timeout; a missing tool or a refused permission is a result, never an exception.</summary>
public sealed class ProcessRunner : ICommandRunner
{
    public CommandOutput Run(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // Tools print their numbers in the C locale only when asked; the parsers read '.' decimals.
        start.Environment["LC_ALL"] = "C";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception e)
        {
            return new CommandOutput(null, "", e.NativeErrorCode == 2 ? "not installed (not found on PATH)" : e.Message);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return new CommandOutput(null, output.IsCompleted ? output.Result : "", $"timed out after {timeout.TotalSeconds:0} s");
            }

            process.WaitForExit();
            var text = output.Result;
            var stderr = error.Result.Trim();
            // smartctl's exit status is a bitmask of what it found, so output with a non-zero status is still a capture.
            var failure = text.Trim().Length == 0 ? (stderr.Length > 0 ? FirstLine(stderr) : $"no output (exit status {process.ExitCode})") : null;
            return new CommandOutput(process.ExitCode, text, failure);
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
