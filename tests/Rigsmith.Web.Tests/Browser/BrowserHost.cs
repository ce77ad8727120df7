using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Rigsmith.Web.Tests.Browser;

/// <summary>
/// The real server on a free loopback port (Kestrel, its own SQLite data folder) and Debian's chromium driven by
/// Playwright through its executable path: no browser is downloaded. Outside CI a missing chromium or axe-core skips
/// the browser tests, saying why; under CI it fails them. A chromium that Playwright cannot drive fails with its
/// version and what to do.
/// </summary>
public sealed class BrowserHost : IAsyncLifetime
{
    /// <summary>Overrides where chromium is (default: chromium on the PATH, as Debian's package installs it).</summary>
    public const string ChromiumVariable = "RIGSMITH_CHROMIUM";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "rigsmith-browser-tests-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser? Browser { get; private set; }
    public string? Unavailable { get; private set; }

    /// <summary>axe-core's script, from the npm package that .ci/run installs (tests/Rigsmith.Web.Tests/browser).</summary>
    public string? Axe { get; private set; }

    /// <summary>Where the screenshots go: artifacts/screenshots in the repository (CI keeps that folder).</summary>
    public static string Screenshots { get; } = Path.Combine(WebServer.Repo, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        var chromium = FindChromium();
        var axe = Path.Combine(WebServer.Repo, "tests", "Rigsmith.Web.Tests", "browser", "node_modules", "axe-core", "axe.min.js");
        if (chromium is null)
        {
            Unavailable = $"chromium is not installed (apt-get install -y chromium, or set {ChromiumVariable}); the pages were not opened in a browser";
            return;
        }

        if (!File.Exists(axe))
        {
            Unavailable = "axe-core is not installed: run npm ci --prefix tests/Rigsmith.Web.Tests/browser";
            return;
        }

        Axe = await File.ReadAllTextAsync(axe);
        _app = WebApp.Create(["--listen", "http://127.0.0.1:0", "--data", _data]);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _playwright = await Playwright.CreateAsync();
        try
        {
            Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException(
                $"Playwright {typeof(IPlaywright).Assembly.GetName().Version} could not start the chromium at {chromium} ({Version(chromium)}). "
                + "It drives a chromium through the DevTools protocol of its own generation: install the chromium of this Debian release, or pin the Microsoft.Playwright "
                + $"version whose release notes name a compatible chromium. Playwright said: {e.Message.Split('\n')[0]}", e);
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>The browser, once it is known to be there: otherwise the test is skipped (outside CI) or fails (in CI).</summary>
    public IBrowser Require()
    {
        if (Unavailable is { } why)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "CI=true but " + why);
            Skip.If(true, why);
        }

        return Browser!;
    }

    /// <summary>
    /// A new browser context (its own cookies: a second person) at desktop or phone size, light or dark, whose pages
    /// record every Content-Security-Policy violation and page error in <paramref name="errors"/>.
    /// </summary>
    public async Task<IBrowserContext> ContextAsync(List<string> errors, bool phone = false, bool dark = false)
    {
        var context = await Require().NewContextAsync(new()
        {
            BaseURL = BaseUrl,
            ViewportSize = phone ? new() { Width = 390, Height = 844 } : new() { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light,
            AcceptDownloads = true,
        });
        context.Page += (_, page) =>
        {
            page.Console += (_, message) =>
            {
                // htmx logs a redraw that a newer one replaced (hx-sync) as an error; that is the design, not a fault.
                if (message.Type == "error" && !message.Text.StartsWith("htmx:sendAbort", StringComparison.Ordinal) && !message.Text.StartsWith("htmx:afterRequest", StringComparison.Ordinal))
                    errors.Add($"{page.Url}: console: {message.Text}");
            };
            page.PageError += (_, error) => errors.Add($"{page.Url}: page error: {error}");
        };
        return context;
    }

    /// <summary>axe-core run in the page: the serious and critical violations of WCAG 2.x A and AA rules, one line each.</summary>
    public async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
        await page.EvaluateAsync(Axe!);
        var json = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations" +
            ".map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))");
        return json.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{page.Url}: {v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()} at {string.Join("; ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()))}")
            .ToList();
    }

    private static string? FindChromium()
    {
        if (Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } set)
            return File.Exists(set) ? set : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var path = Path.Combine(dir, name);
                if (File.Exists(path))
                    return path;
            }
        }

        return null;
    }

    private static string Version(string chromium)
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(chromium, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit(10_000);
            return text.Length > 0 ? text : "version unknown";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return "does not run: " + e.Message;
        }
    }
}
