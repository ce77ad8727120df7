using System.Diagnostics;

namespace Rigsmith.Tests.Support;

/// <summary>Runs the published native <c>rigsmith</c> as a separate process, the way a user or a script does.</summary>
public static class PublishedBinary
{
    /// <summary>The variable that names the published binary (set by .ci/run after <c>dotnet publish</c>).</summary>
    public const string Variable = "RIGSMITH_PUBLISHED";

    /// <summary>Runs <paramref name="binary"/> with output piped and <c>COLUMNS</c> set, as the in-process runner's console.</summary>
    public static CliRunner.Result Run(string binary, IEnumerable<string> args, int width, byte[]? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["COLUMNS"] = width.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Nothing from the environment that would change what the binary reads or how it writes.
        foreach (var name in new[] { "RIGSMITH_CATALOG", "RIGSMITH_MODELS", "RIGSMITH_DEBUG", "NO_COLOR" })
            start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        if (stdin is not null)
            process.StandardInput.BaseStream.Write(stdin);
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{binary} {string.Join(' ', args)} did not finish in 2 minutes");
        }

        return new CliRunner.Result(process.ExitCode, output, error.Result);
    }
}
