using System.Text.Json;
using System.Text.RegularExpressions;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Exporter;

/// <summary>The alert rules and the Grafana dashboard in docs/prometheus name only metric families the exporter serves.</summary>
public sealed partial class ShippedFilesTests
{
    [Theory]
    [InlineData("prometheus/rigsmith-alerts.yml")]
    [InlineData("prometheus/grafana-dashboard.json")]
    [InlineData("exporter.md")]
    public void Every_metric_named_in_the_shipped_files_is_served(string file)
    {
        var sources = File.ReadAllText(Path.Combine(Repo.Root, "src/Rigsmith/Reporting/MachineMetrics.cs"))
            + File.ReadAllText(Path.Combine(Repo.Root, "src/Rigsmith/Doctor/MachineExporter.cs"));
        var served = Literal().Matches(sources).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var text = File.ReadAllText(Repo.Docs(file));
        var named = MetricName().Matches(text).Select(m => m.Value).Distinct().ToList();
        Assert.NotEmpty(named);
        // exporter.md abbreviates a family's siblings by their suffix (`_temperature_celsius`), which has no prefix.
        Assert.All(named, name => Assert.Contains(name, served));
    }

    [Fact]
    public void The_dashboard_is_json_with_a_panel_per_concern()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Repo.Docs("prometheus/grafana-dashboard.json")));
        Assert.True(dashboard.RootElement.GetProperty("panels").GetArrayLength() >= 8);
    }

    [GeneratedRegex(@"""(rigsmith_[a-z0-9_]+)""")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\brigsmith_(doctor|exporter)_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
