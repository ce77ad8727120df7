using System.Text;
using Prometheus;
using Rigsmith.Doctor;

namespace Rigsmith.Reporting;

/// <summary>
/// The doctor's metric families (<see cref="MachineMetrics"/>) in the Prometheus text exposition format, written by
/// prometheus-net's registry and serializer (the format's escaping, number formatting and family layout are the
/// library's). <c>doctor --format prometheus</c> renders once; the exporter keeps one registry up to date through
/// <see cref="MetricsPublisher"/> and serves it, so both give the same families.
/// </summary>
public static class PrometheusExposition
{
    public static string Render(DoctorReport report) => Render(MachineMetrics.Of(report));

    public static string Render(IReadOnlyList<MetricFamily> families)
    {
        var registry = Metrics.NewCustomRegistry();
        new MetricsPublisher(registry).Publish(families);
        return Export(registry);
    }

    /// <summary>The registry's current exposition (text format 0.0.4) as a string.</summary>
    public static string Export(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        // The serializer writes to a memory stream: nothing waits, and no synchronization context is captured.
        registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, checked((int)stream.Length));
    }
}

/// <summary>
/// Keeps a prometheus-net registry equal to the latest metric families: each family is one gauge with its label
/// names, each sample sets its series, and a series no longer reported (a finding that cleared, a drive that went away)
/// is removed, so the registry does not grow over an exporter's lifetime. Safe to call from one refreshing thread while
/// the registry is scraped from others (prometheus-net's gauges are thread-safe).
/// </summary>
public sealed class MetricsPublisher(CollectorRegistry registry)
{
    private readonly MetricFactory _factory = Metrics.WithCustomRegistry(registry);
    private readonly Dictionary<string, Gauge> _gauges = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public CollectorRegistry Registry => registry;

    public void Publish(IReadOnlyList<MetricFamily> families)
    {
        lock (_lock)
        {
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var family in families)
            {
                reported.Add(family.Name);
                if (!_gauges.TryGetValue(family.Name, out var gauge))
                {
                    gauge = _factory.CreateGauge(family.Name, family.Help, [.. family.LabelNames]);
                    _gauges.Add(family.Name, gauge);
                }

                var live = new HashSet<string>(StringComparer.Ordinal);
                foreach (var sample in family.Samples)
                {
                    var values = sample.LabelValues.ToArray();
                    gauge.WithLabels(values).Set(sample.Value);
                    live.Add(Key(values));
                }

                RemoveAllBut(gauge, live);
            }

            foreach (var (name, gauge) in _gauges)
            {
                if (!reported.Contains(name))
                    RemoveAllBut(gauge, []);
            }
        }
    }

    private static void RemoveAllBut(Gauge gauge, HashSet<string> live)
    {
        foreach (var values in gauge.GetAllLabelValues().ToList())
        {
            if (!live.Contains(Key(values)))
                gauge.RemoveLabelled(values);
        }
    }

    private static string Key(IEnumerable<string> labelValues) => string.Join('\u0000', labelValues);
}
