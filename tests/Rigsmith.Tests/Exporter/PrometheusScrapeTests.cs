using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Exporter;

/// <summary>
/// The exporter against a real Prometheus: Debian's <c>prometheus</c> runs in the foreground with its own config and
/// data folder in a temporary directory, on free loopback ports, scraping <c>rigsmith exporter</c> that reads fixture
/// captures; the series are read back through Prometheus's HTTP API. <c>promtool</c> checks the exposition of both the
/// doctor and the exporter and the shipped alert rules. Outside CI the tests skip when prometheus is not installed; in
/// CI (<c>CI=true</c>, where .ci/run installs it) they fail instead.
/// </summary>
public sealed class PrometheusScrapeTests
{
    private const string Rig = "examples/4x3090-x299-dark.rig.yaml";
    private const string Captures = "tests/Rigsmith.Tests/Doctor/Fixtures/reference-rig-differing";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public void Prometheus_scrapes_the_exporter_s_series_with_their_labels()
    {
        var prometheus = Tool("prometheus");
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "rigsmith-tests", "prometheus-" + Guid.NewGuid().ToString("N"))).FullName;
        var exporterPort = FreePort();
        var prometheusPort = FreePort();
        File.Copy(Repo.Docs("prometheus/rigsmith-alerts.yml"), Path.Combine(directory, "rigsmith-alerts.yml"));
        File.WriteAllText(Path.Combine(directory, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [rigsmith-alerts.yml]
            scrape_configs:
              - job_name: rigsmith
                static_configs:
                  - targets: ["127.0.0.1:{exporterPort}"]
                    labels: {"{"}rig: reference{"}"}
            """);

        Process? exporter = null;
        Process? server = null;
        try
        {
            exporter = Start(Rigsmith(), ["exporter", Rig, "--from", Captures, "--listen", $"127.0.0.1:{exporterPort}", "--interval", "1", "--catalog", Repo.CatalogDirectory]);
            server = Start(prometheus, [$"--config.file={Path.Combine(directory, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{prometheusPort}"]);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

            var finding = Query(http, prometheusPort, "rigsmith_doctor_finding{rule=\"DOC743\"}", server, exporter);
            var metric = Assert.Single(finding).GetProperty("metric");
            Assert.Equal("0000:65:00.0", metric.GetProperty("subject").GetString());
            Assert.Equal("warning", metric.GetProperty("severity").GetString());
            Assert.Equal("rigsmith", metric.GetProperty("job").GetString());
            Assert.Equal("reference", metric.GetProperty("rig").GetString());

            var planned = Query(http, prometheusPort, "rigsmith_doctor_gpu_pcie_link_width_lanes{gpu=\"GPU2\"}", server, exporter);
            Assert.Equal("8", Value(planned, "planned"));
            Assert.Equal("4", Value(planned, "max"));
            Assert.All(planned, s => Assert.Equal("0000:65:00.0", s.GetProperty("metric").GetProperty("bus_id").GetString()));

            // The shipped rule's comparison of the gauges (for: 10m, so pending) evaluates on the scraped series.
            var alert = Query(http, prometheusPort, "ALERTS{alertname=\"RigsmithGpuLinkWidthBelowPlan\"}", server, exporter);
            Assert.Equal("GPU2", Assert.Single(alert).GetProperty("metric").GetProperty("gpu").GetString());

            var page = http.GetStringAsync($"http://127.0.0.1:{exporterPort}/metrics").GetAwaiter().GetResult();
            Assert.Contains("rigsmith_exporter_last_refresh_success 1", page, StringComparison.Ordinal);
            Promtool(["check", "metrics"], page);
        }
        finally
        {
            Stop(server);
            Stop(exporter);
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A file Prometheus still held: the temporary folder is left for the system to clean.
            }
        }
    }

    [SkippableFact]
    public void Promtool_accepts_the_doctor_s_exposition_and_the_shipped_rules()
    {
        var doctor = CliRunner.Run("doctor", Path.Combine(Repo.Root, Rig), "--from", Path.Combine(Repo.Root, Captures), "--format", "prometheus");
        Assert.Equal(1, doctor.ExitCode);
        Promtool(["check", "metrics"], doctor.Out);
        var health = CliRunner.Run("doctor", "--from", Path.Combine(Repo.Root, "tests/Rigsmith.Tests/Doctor/Fixtures/stopped-fan"), "--format", "prometheus");
        Assert.Contains("rigsmith_doctor_gpu_fan_speed_ratio", health.Out, StringComparison.Ordinal);
        Promtool(["check", "metrics"], health.Out);
        Promtool(["check", "rules", Repo.Docs("prometheus/rigsmith-alerts.yml")], null);
        Promtool(["check", "config", Repo.Docs("prometheus/prometheus.yml")], null);
    }

    /// <summary>The published binary when .ci/run names it (rigsmith-exporter is published beside it), else the one built beside the tests.</summary>
    private static string Rigsmith() =>
        Environment.GetEnvironmentVariable(PublishedBinary.Variable) is { Length: > 0 } published ? published : Path.Combine(AppContext.BaseDirectory, "rigsmith");

    private static string Tool(string name)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
        if (path is null)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"{name} is not installed, and CI must run this test (.ci/run installs Debian's prometheus package)");
            Skip.If(true, $"{name} is not installed (apt-get install -y prometheus); the exporter was not scraped by Prometheus.");
        }

        return path!;
    }

    private static void Promtool(string[] args, string? input)
    {
        var start = new ProcessStartInfo(Tool("promtool")) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        if (input is not null)
            process.StandardInput.Write(input);
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "promtool did not finish");
        Assert.True(process.ExitCode == 0, $"promtool {string.Join(' ', args)} failed ({process.ExitCode}):\n{output}\n{error.Result}");
        // check metrics prints lint problems and still exits 0 on some versions: there must be none.
        Assert.True(args[1] != "metrics" || (output + error.Result).Trim().Length == 0, $"promtool check metrics: {output}{error.Result}");
    }

    /// <summary>Asks Prometheus until the query has a result (bounded by <see cref="Patience"/>); fails with both processes' output.</summary>
    private static List<JsonElement> Query(HttpClient http, int port, string query, Process server, Process exporter)
    {
        var deadline = Stopwatch.StartNew();
        var last = "";
        while (deadline.Elapsed < Patience)
        {
            if (server.HasExited)
                Assert.Fail($"prometheus exited ({server.ExitCode})");
            if (exporter.HasExited)
                Assert.Fail($"the exporter exited ({exporter.ExitCode})");
            try
            {
                last = http.GetStringAsync($"http://127.0.0.1:{port}/api/v1/query?query={Uri.EscapeDataString(query)}").GetAwaiter().GetResult();
                using var document = JsonDocument.Parse(last);
                var result = document.RootElement.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() > 0)
                    return [.. result.EnumerateArray().Select(e => e.Clone())];
            }
            catch (HttpRequestException)
            {
                // Prometheus is still starting.
            }

            Thread.Sleep(500);
        }

        Assert.Fail($"no result for {query} within {Patience.TotalSeconds} s; last answer: {last}");
        return [];
    }

    private static string? Value(List<JsonElement> series, string state) =>
        series.FirstOrDefault(s => s.GetProperty("metric").GetProperty("state").GetString() == state) is { ValueKind: JsonValueKind.Object } s
            ? s.GetProperty("value")[1].GetString()
            : null;

    private static Process Start(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        // Drained so a full pipe never blocks the process.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process? process)
    {
        if (process is null)
            return;
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.WaitForExit(TimeSpan.FromSeconds(30));
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
