using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Rigsmith.Cli.Commands;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Golden;

/// <summary>
/// <c>rigsmith serve</c> through the published binary, which starts <c>rigsmith-web</c> from beside itself (.ci/run
/// publishes both into one folder): the server answers a check of the reference rig, and SIGTERM stops both.
/// </summary>
public sealed class PublishedServeTests
{
    [SkippableFact]
    public async Task Serve_starts_the_web_server_which_checks_a_rig_and_stops_on_sigterm()
    {
        var binary = Published();
        var port = FreePort();
        var data = Path.Combine(Path.GetTempPath(), "rigsmith-serve-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "serve", "--listen", $"127.0.0.1:{port}", "--data", data })
            start.ArgumentList.Add(a);
        using var serve = Process.Start(start)!;
        var output = new StringBuilder();
        // The two streams are read on two threads; a StringBuilder is not safe to append to from both at once.
        serve.OutputDataReceived += (_, e) =>
        {
            lock (output)
                output.AppendLine(e.Data);
        };
        serve.ErrorDataReceived += (_, e) =>
        {
            lock (output)
                output.AppendLine(e.Data);
        };
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitUntilUp(http, serve, output);
            var rig = File.ReadAllText(Path.Combine(Repo.Root, "examples", "4x3090-x299-dark.rig.yaml"));

            var response = await http.PostAsync("/api/check", new StringContent(rig, Encoding.UTF8, "application/yaml"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"verdict\": \"fail\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(data, "rigsmith.db")), "the default SQLite database is created in --data");
        }
        finally
        {
            // SIGTERM to rigsmith, which forwards it to the server and waits for it.
            Process.Start("kill", ["-TERM", serve.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            var stopped = serve.WaitForExit(TimeSpan.FromSeconds(30));
            if (!stopped)
                serve.Kill(entireProcessTree: true);
            if (!stopped)
                Assert.Fail("rigsmith serve did not stop on SIGTERM:\n" + Text(output));

            Directory.Delete(data, recursive: true);
        }
    }

    [SkippableFact]
    public void Without_the_web_server_serve_is_one_message_and_exit_2()
    {
        var binary = Published();
        var missing = Path.Combine(Path.GetTempPath(), "rigsmith-no-web-" + Guid.NewGuid().ToString("N"));

        var result = PublishedBinary.Run(binary, ["serve"], CliRunner.DefaultWidth, environment: new Dictionary<string, string> { [ServeCommand.BinaryVariable] = missing });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"the web server '{missing}' is not installed", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
    }

    private static async Task WaitUntilUp(HttpClient http, Process serve, StringBuilder output)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (serve.HasExited)
                Assert.Fail("rigsmith serve exited early:\n" + Text(output));
            try
            {
                if ((await http.GetAsync("/api/parts?q=3090")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        Assert.Fail("the web server did not answer within 60 s:\n" + Text(output));
    }

    /// <summary>What the server printed so far, read under the lock its output handlers append under.</summary>
    private static string Text(StringBuilder output)
    {
        lock (output)
            return output.ToString();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Published()
    {
        var binary = Environment.GetEnvironmentVariable(PublishedBinary.Variable);
        Skip.If(string.IsNullOrEmpty(binary), $"{PublishedBinary.Variable} is not set; .ci/run publishes the native binary and sets it.");
        return binary!;
    }
}
