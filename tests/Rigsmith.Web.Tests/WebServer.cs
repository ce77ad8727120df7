using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Rigsmith.Web.Tests;

/// <summary>The real server in process, on a SQLite database of its own in a temporary directory.</summary>
public sealed class WebServer : WebApplicationFactory<Program>
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "rigsmith-web-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>The repository root, whose examples the tests send.</summary>
    public static string Repo { get; } = FindRepo();

    public static string Example(string name) => File.ReadAllText(Path.Combine(Repo, "examples", name));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("data", _data);
        // The concurrency tests save far faster than a person; the limit itself has a test of its own.
        builder.UseSetting("limits:saves_per_minute", "100000");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "rigsmith.slnx")))
                return dir.FullName;
        }

        throw new InvalidOperationException("rigsmith.slnx not found above " + AppContext.BaseDirectory);
    }
}
