using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Rigsmith.Bench;

/// <summary>
/// Cold starts of the published native binary, each a new process (with the file cache warm), as a ratio to a
/// hello-world published the same way (bench/HelloWorld) in the same run: the ratio is what the goals are
/// set in (check at most 2.5x, fit --search at most 3x), and it does not depend on the machine's speed.
/// </summary>
/// <remarks>
/// Both programs are published into artifacts/bench on first use, or taken from <c>RIGSMITH_PUBLISHED</c> and
/// <c>RIGSMITH_HELLO</c>. For interleaved runs (A B A B ...), see <see cref="InterleavedColdStart"/>.
/// </remarks>
public class ColdStartBenchmarks
{
    private string _rigsmith = "";
    private string _hello = "";
    private string _rig = "";

    [GlobalSetup]
    public void Setup() => (_rigsmith, _hello, _rig) = Binaries();

    /// <summary>The published rigsmith, the published hello-world and the reference rig.</summary>
    public static (string Rigsmith, string Hello, string Rig) Binaries()
    {
        var root = CheckBenchmarks.RepositoryRoot();
        var rigsmith = Environment.GetEnvironmentVariable("RIGSMITH_PUBLISHED") is { Length: > 0 } published
            ? published
            : Publish(root, "src/Rigsmith.Cli", "rigsmith");
        var hello = Environment.GetEnvironmentVariable("RIGSMITH_HELLO") is { Length: > 0 } built
            ? built
            : Publish(root, "bench/HelloWorld", "HelloWorld");
        return (rigsmith, hello, Path.Combine(root, "examples", "4x3090-x299-dark.rig.yaml"));
    }

    [Benchmark(Baseline = true)]
    public int HelloWorld() => Run(_hello);

    [Benchmark]
    public int Version() => Run(_rigsmith, "--version");

    [Benchmark]
    public int CheckReferenceRig() => Run(_rigsmith, "check", _rig);

    [Benchmark]
    public int FitSearchReferenceRig() => Run(_rigsmith, "fit", _rig, "--search");

    internal static int Run(string binary, params string[] args)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }

    private static string Publish(string root, string project, string name)
    {
        var output = Path.Combine(root, "artifacts", "bench", name);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, UseShellExecute = false };
        foreach (var arg in new[] { "publish", project, "-c", "Release", "-o", output })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish {project} failed (exit {process.ExitCode})");
        return Path.Combine(output, name);
    }
}
