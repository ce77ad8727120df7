using Prometheus;
using Rigsmith.Doctor;
using Rigsmith.Reporting;

namespace Rigsmith.Tests.Exporter;

public sealed class ExporterLogicTests
{
    [Theory]
    [InlineData(":9469", "", 9469)]
    [InlineData("9000", "", 9000)]
    [InlineData("0.0.0.0:80", "", 80)]
    [InlineData("127.0.0.1:9469", "127.0.0.1", 9469)]
    [InlineData("[::1]:9469", "[::1]", 9469)]
    [InlineData("rig-a.lab.example:9469", "rig-a.lab.example", 9469)]
    public void Listen_addresses_parse(string text, string host, int port)
    {
        var (address, problem) = ListenAddress.Parse(text);
        Assert.Null(problem);
        Assert.Equal(new ListenAddress(host, port), address);
    }

    [Theory]
    [InlineData("localhost:http")]
    [InlineData(":0")]
    [InlineData(":70000")]
    [InlineData("::1:9469")]
    [InlineData("[::1]9469")]
    public void Bad_listen_addresses_are_refused_with_a_reason(string text)
    {
        var (address, problem) = ListenAddress.Parse(text);
        Assert.Null(address);
        Assert.Contains(text, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_series_that_is_no_longer_reported_leaves_the_registry()
    {
        var registry = Metrics.NewCustomRegistry();
        var publisher = new MetricsPublisher(registry);
        MetricFamily Findings(params string[] rules) => new(MachineMetrics.FindingFamily, "h", ["rule"], [.. rules.Select(r => new MetricSample([r], 1))]);
        publisher.Publish([Findings("DOC743", "DOC744")]);
        Assert.Contains("rule=\"DOC744\"", PrometheusExposition.Export(registry), StringComparison.Ordinal);
        publisher.Publish([Findings("DOC743")]);
        var text = PrometheusExposition.Export(registry);
        Assert.Contains("rule=\"DOC743\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("DOC744", text, StringComparison.Ordinal);
        publisher.Publish([]);
        Assert.DoesNotContain("DOC743", PrometheusExposition.Export(registry), StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_empties_keeps_the_last_reading_and_says_so()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "rigsmith-tests", Guid.NewGuid().ToString("N"))).FullName;
        File.Copy(Path.Combine(Support.Repo.Root, "tests/Rigsmith.Tests/Doctor/Fixtures/reference-rig-differing/gpus.csv"), Path.Combine(folder, "gpus.csv"));
        var registry = Metrics.NewCustomRegistry();
        var exporter = new MachineExporter(new MetricsPublisher(registry), MachineExporter.FromFolder(folder), null);
        Assert.True(exporter.Refresh());
        File.Delete(Path.Combine(folder, "gpus.csv"));
        Assert.False(exporter.Refresh());
        var text = PrometheusExposition.Export(registry);
        Assert.Contains("rigsmith_exporter_last_refresh_success 0", text, StringComparison.Ordinal);
        Assert.Contains("rigsmith_doctor_gpu_temperature_celsius{bus_id=\"0000:65:00.0\"} 78", text, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }
}
