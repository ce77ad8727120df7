using System.Diagnostics;
using System.Globalization;
using Rigsmith.Analysis;
using Rigsmith.Doctor.Collection;
using Rigsmith.Doctor.Observations;
using Rigsmith.Reporting;

namespace Rigsmith.Doctor;

/// <summary>Where the exporter listens: a host name or address (empty for every interface) and a TCP port.</summary>
public sealed record ListenAddress(string Host, int Port)
{
    /// <summary>
    /// Assumption: port 9469. Prometheus's list of exporter ports
    /// (https://github.com/prometheus/prometheus/wiki/Default-port-allocations) has its whole 9100-9999 range taken,
    /// so no free port can be claimed there; this one is rigsmith's default, and <c>--listen</c> changes it.
    /// </summary>
    public const int DefaultPort = 9469;

    public static readonly ListenAddress Default = new("", DefaultPort);

    /// <summary><c>HOST:PORT</c>, <c>:PORT</c> (every interface), <c>[::1]:PORT</c>, or a bare port; null with a reason when it is none of them.</summary>
    public static (ListenAddress? Address, string? Problem) Parse(string text)
    {
        var t = text.Trim();
        string host;
        string port;
        if (t.StartsWith('['))
        {
            var close = t.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= t.Length || t[close + 1] != ':')
                return (null, $"'{text}' is not HOST:PORT (an IPv6 address is written [::1]:{DefaultPort})");
            host = t[..(close + 1)];
            port = t[(close + 2)..];
        }
        else if (t.LastIndexOf(':') is var colon and >= 0)
        {
            host = t[..colon];
            port = t[(colon + 1)..];
            if (host.Contains(':', StringComparison.Ordinal))
                return (null, $"'{text}' is not HOST:PORT (an IPv6 address is written in brackets: [::1]:{DefaultPort})");
        }
        else
        {
            (host, port) = ("", t);
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            return (null, $"'{text}': the port must be a number from 1 to 65535 (for example :{DefaultPort} or 127.0.0.1:{DefaultPort})");
        if (host.Any(char.IsWhiteSpace) || host.Contains('/', StringComparison.Ordinal))
            return (null, $"'{text}': '{host}' is not a host name or address");
        return (new ListenAddress(host is "0.0.0.0" or "*" or "+" ? "" : host, number), null);
    }

    /// <summary>Every interface: the host is empty.</summary>
    public bool AllInterfaces => Host.Length == 0;

    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>How often the exporter reads the machine.</summary>
public static class ExporterInterval
{
    /// <summary>
    /// 60 s: Prometheus's default <c>scrape_interval</c> (1m; https://prometheus.io/docs/prometheus/latest/configuration/configuration/).
    /// Reading the machine more often than it is scraped only costs tool runs (smartctl wakes sleeping disks).
    /// </summary>
    public const double DefaultSeconds = 60;

    /// <summary>Assumption: below 1 s the tools' own run time (nvidia-smi takes a few hundred milliseconds) is most of each period.</summary>
    public const double MinimumSeconds = 1;

    /// <summary>Assumption: a day; a longer period is a typo, and a stale exposition hides a failing machine.</summary>
    public const double MaximumSeconds = 86_400;

    public static (TimeSpan? Interval, string? Problem) Parse(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
            ? seconds is >= MinimumSeconds and <= MaximumSeconds
                ? (TimeSpan.FromSeconds(seconds), null)
                : (null, $"'{text}': the interval must be from {MinimumSeconds:0} to {MaximumSeconds:0} seconds")
            : (null, $"'{text}' is not a number of seconds (for example 15 or 60)");
}

/// <summary>
/// The exporter's work between scrapes: read the machine (the captures in a folder, or the tools), run the doctor
/// against the plan, and publish the doctor's metric families with the exporter's own into one registry, which the
/// server serves as it is. A refresh that cannot read the machine keeps the last values and says so in
/// <c>rigsmith_exporter_last_refresh_success</c>.
/// </summary>
public sealed class MachineExporter(MetricsPublisher publisher, Func<MachineObservations?> observe, AnalysisContext? plan, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private IReadOnlyList<MetricFamily> _last = [];

    /// <summary>Reads captures from <paramref name="folder"/> on each refresh; null when the folder is gone.</summary>
    public static Func<MachineObservations?> FromFolder(string folder) =>
        () => CaptureCollector.ReadFolder(folder) is { Count: > 0 } captures ? MachineObservations.Read(captures) : null;

    /// <summary>Runs the tools on each refresh.</summary>
    public static Func<MachineObservations?> FromTools(ICommandRunner runner) => () => CaptureCollector.Observe(CaptureCollector.Collect(runner));

    /// <summary>The latest report, or null before the first refresh that could read the machine.</summary>
    public DoctorReport? Report { get; private set; }

    /// <summary>Reads the machine once and publishes; false when the machine could not be read (the last values stay).</summary>
    public bool Refresh()
    {
        var started = Stopwatch.GetTimestamp();
        var machine = observe();
        if (machine is not null)
        {
            Report = MachineDoctor.Examine(machine, plan);
            _last = MachineMetrics.Of(Report);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var own = new[]
        {
            new MetricFamily("rigsmith_exporter_last_refresh_success", "Whether the last refresh could read the machine (1) or kept the values before it (0).", [],
                [new MetricSample([], machine is null ? 0 : 1)]),
            new MetricFamily("rigsmith_exporter_last_refresh_timestamp_seconds", "When the machine was last read, in seconds since the Unix epoch.", [],
                [new MetricSample([], _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0)]),
            new MetricFamily("rigsmith_exporter_last_refresh_duration_seconds", "How long the last reading of the machine and the doctor took.", [],
                [new MetricSample([], elapsed.TotalSeconds)]),
        };
        publisher.Publish([.. _last, .. own]);
        return machine is not null;
    }
}
