using System.Diagnostics;
using System.Globalization;

namespace Rigsmith.Bench;

/// <summary>
/// Cold starts as the speed issue measures them: the published binary and the hello-world started in turn (A B A B ...),
/// each pair's ratio taken, and the median of those ratios printed with the medians of the times. Pairing keeps the
/// ratio meaningful while the machine's speed drifts, which BenchmarkDotNet's runs, one benchmark after another, do not.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/Rigsmith.Bench -- --interleaved [PAIRS]</c> (101 pairs by default, after
/// five of each unmeasured); the binaries come from <c>RIGSMITH_PUBLISHED</c> and <c>RIGSMITH_HELLO</c> or are
/// published into artifacts/bench, as for <see cref="ColdStartBenchmarks"/>.
/// </remarks>
public static class InterleavedColdStart
{
    public const string Argument = "--interleaved";

    public static int Run(IReadOnlyList<string> args)
    {
        var pairs = args.Count > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) && n >= 11 ? n : 101;
        var (rigsmith, hello, rig) = ColdStartBenchmarks.Binaries();
        (string Name, string[] Args)[] commands =
        [
            ("check", ["check", rig]),
            ("fit --search", ["fit", rig, "--search"]),
            ("--version", ["--version"]),
        ];
        Console.WriteLine(FormattableString.Invariant($"{pairs} interleaved pairs per command; hello-world: {hello}; rigsmith: {rigsmith}"));
        foreach (var (name, arguments) in commands)
        {
            for (var i = 0; i < 5; i++)
            {
                Time(rigsmith, arguments);
                Time(hello, []);
            }

            var a = new double[pairs];
            var b = new double[pairs];
            var ratios = new double[pairs];
            for (var i = 0; i < pairs; i++)
            {
                a[i] = Time(rigsmith, arguments);
                b[i] = Time(hello, []);
                ratios[i] = a[i] / b[i];
            }

            Console.WriteLine(FormattableString.Invariant(
                $"{name,-13} median {Median(a):0.00} ms, hello-world {Median(b):0.00} ms, median ratio {Median(ratios):0.000} (quartiles {Quantile(ratios, 0.25):0.000}-{Quantile(ratios, 0.75):0.000})"));
        }

        return 0;
    }

    /// <summary>Milliseconds from the start of a new process to its exit, its output read and discarded.</summary>
    private static double Time(string binary, string[] args)
    {
        var clock = Stopwatch.StartNew();
        ColdStartBenchmarks.Run(binary, args);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(double[] values) => Quantile(values, 0.5);

    private static double Quantile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        var at = q * (sorted.Length - 1);
        var low = (int)Math.Floor(at);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
    }
}
