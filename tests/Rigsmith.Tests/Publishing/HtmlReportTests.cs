using System.Diagnostics;
using System.Text.RegularExpressions;
using Rigsmith.Analysis;
using Rigsmith.Reports;
using Rigsmith.Tests.Support;
using Rigsmith.Training;
using Xunit.Abstractions;

namespace Rigsmith.Tests.Publishing;

public partial class HtmlReportTests(ITestOutputHelper output)
{
    private static Report ReferenceReport()
    {
        var loaded = Repo.LoadWithJob("4x3090-x299-dark.rig.yaml");
        Assert.NotNull(loaded.Job);
        return Analyzer.Check(loaded.Rig, loaded.Job, HtmlReport.PlanOptions);
    }

    [Fact]
    public void Report_has_one_svg_chart_per_view_and_no_external_assets()
    {
        var html = HtmlReport.Render(ReferenceReport());

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        foreach (var id in new[] { "power-consumers", "power-psus", "slot-voltage", "lane-map", "vram" })
            Assert.Contains($"<figure id=\"chart-{id}\">", html, StringComparison.Ordinal);
        Assert.Equal(5, SvgOpen().Matches(html).Count);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(src|href)\s*=\s*""(https?:)?//", html);
        Assert.DoesNotContain("url(http", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("11.04 V", html, StringComparison.Ordinal);
        Assert.Contains($"as set: {Rigsmith.Planning.Electrical.ElectricalModel.Evaluate(Repo.LoadRig("4x3090-x299-dark.rig.yaml")).SlotPath.SlotVoltage}", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rig_without_workload_or_gpus_still_renders()
    {
        var rig = Repo.LoadRig("4x3090-x299-dark.rig.yaml") with { Gpus = [], Workload = null };
        var html = HtmlReport.Render(Analyzer.Check(rig, null, HtmlReport.PlanOptions));

        Assert.Contains("chart-power-consumers", html, StringComparison.Ordinal);
        Assert.DoesNotContain("chart-vram", html, StringComparison.Ordinal);
        Assert.DoesNotContain("chart-slot-voltage", html, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Headless_chromium_renders_the_charts()
    {
        var chromium = FindChromium();
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (chromium is null)
        {
            Assert.False(ci, "CI=true but chromium is not installed; .ci/run installs Debian's chromium package before the tests.");
            Skip.If(true, "chromium is not installed (apt-get install -y chromium); the HTML report was not opened in a browser.");
        }

        var directory = Path.Combine(AppContext.BaseDirectory, "TestResults", "html-report");
        Directory.CreateDirectory(directory);
        var html = Path.Combine(directory, "reference.html");
        var screenshot = Path.Combine(directory, "reference.png");
        File.Delete(screenshot);
        File.WriteAllText(html, HtmlReport.Render(ReferenceReport()));

        var dom = RunChromium(chromium!, "--dump-dom", $"file://{html}");
        Assert.Equal(5, SvgOpen().Matches(dom).Count);
        foreach (var id in new[] { "power-consumers", "power-psus", "slot-voltage", "lane-map", "vram" })
            Assert.Contains($"id=\"chart-{id}\"", dom, StringComparison.Ordinal);
        Assert.Contains("<path", dom, StringComparison.Ordinal);

        RunChromium(chromium!, $"--screenshot={screenshot}", "--window-size=1280,2000", $"file://{html}");
        Assert.True(File.Exists(screenshot), "chromium wrote no screenshot");
        var bytes = File.ReadAllBytes(screenshot);
        Assert.True(bytes.Length > 20_000, $"the screenshot is only {bytes.Length} bytes: the page looks blank");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        output.WriteLine($"screenshot: {screenshot}");
    }

    /// <summary>Every label of every chart lies inside its chart, as a browser lays it out (rotated tick labels included).</summary>
    [SkippableFact]
    public void Chart_labels_are_not_clipped()
    {
        var chromium = FindChromium();
        Skip.If(chromium is null, "chromium is not installed (apt-get install -y chromium); the chart labels were not measured.");

        var directory = Path.Combine(AppContext.BaseDirectory, "TestResults", "html-report");
        Directory.CreateDirectory(directory);
        var page = Path.Combine(directory, "charts-measured.html");
        var svgs = SvgElement().Matches(HtmlReport.Render(ReferenceReport())).Select(m => m.Value).ToList();
        Assert.Equal(5, svgs.Count);
        // The measuring script lives in this test page only; the report itself carries no script.
        File.WriteAllText(page, "<!DOCTYPE html><html><body style=\"margin:0\">" + string.Join("\n", svgs) +
            "<script>const out=[];document.querySelectorAll('svg').forEach((svg,i)=>{const r=svg.getBoundingClientRect();" +
            "svg.querySelectorAll('text').forEach(t=>{const b=t.getBoundingClientRect();if(t.textContent.trim()&&(b.right>r.right+1||b.bottom>r.bottom+1||b.left<r.left-1||b.top<r.top-1))out.push(i+': '+t.textContent);});});" +
            "document.body.setAttribute('data-clipped',out.join(' | '));document.body.setAttribute('data-measured',document.querySelectorAll('svg text').length);</script></body></html>");

        var dom = RunChromium(chromium!, "--virtual-time-budget=5000", "--dump-dom", $"file://{page}");

        Assert.Matches("data-measured=\"[1-9]\\d*\"", dom);
        Assert.Contains("data-clipped=\"\"", dom, StringComparison.Ordinal);
    }

    [GeneratedRegex("<svg.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgElement();

    private static string RunChromium(string chromium, params string[] args)
    {
        var profile = Path.Combine(Path.GetTempPath(), "rigsmith-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        try
        {
            var info = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}",
            }.Concat(args))
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish within 120 s");
            }

            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // chromium may still be releasing its profile; a leftover temp folder is harmless
            }
        }
    }

    private static string? FindChromium()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { "chromium", "chromium-browser" }.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    [GeneratedRegex("<svg[\\s>]")]
    private static partial Regex SvgOpen();
}
