using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Rigsmith.Web.Tests;

/// <summary>The real server in process, with a data directory (and SQLite database) of its own.</summary>
public class WebServer : WebApplicationFactory<Program>
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "rigsmith-web-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>The repository root, whose examples the tests send.</summary>
    public static string Repo { get; } = FindRepo();

    public static string Example(string name) => File.ReadAllText(Path.Combine(Repo, "examples", name));

    /// <summary>Why this server cannot run here (its database is missing), or null.</summary>
    public virtual string? Unavailable => null;

    private HttpClient? _client;

    /// <summary>
    /// A client of the running server, once its database is known to be there: otherwise the test is skipped, saying
    /// why, or fails under CI, where every database must be present.
    /// </summary>
    public HttpClient Client()
    {
        if (Unavailable is { } why)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", why);
            Skip.If(true, why);
        }

        return _client ??= CreateClient();
    }

    /// <summary>The <c>--db</c> the server is given; null: its default SQLite file.</summary>
    protected virtual string? DatabaseOption => null;

    /// <summary>Saves a client may make a minute.</summary>
    protected virtual int SavesPerMinute => 100_000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("data", _data);
        if (DatabaseOption is { } db)
            builder.UseSetting("db", db);
        // The concurrency tests save far faster than a person; the rate limit has a server of its own.
        builder.UseSetting("limits:saves_per_minute", SavesPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
        catch (UnauthorizedAccessException)
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

/// <summary>The default: SQLite in the data directory.</summary>
public sealed class SqliteWebServer : WebServer;

/// <summary>SQLite, with the default limit on saves (60 a minute per client).</summary>
public sealed class RateLimitedWebServer : WebServer
{
    protected override int SavesPerMinute => 60;
}

/// <summary>
/// The server on a real PostgreSQL: a database of its own, created on the server <c>RIGSMITH_TEST_POSTGRES</c> names
/// (<c>.ci/postgres start DIR</c> starts one and prints its connection string) and dropped afterwards.
/// </summary>
public sealed class PostgresWebServer : WebServer
{
    public const string Variable = "RIGSMITH_TEST_POSTGRES";

    private readonly string? _admin = Environment.GetEnvironmentVariable(Variable);
    private readonly string _name = "rigsmith_test_" + Guid.NewGuid().ToString("N");
    private string? _database;

    public override string? Unavailable => string.IsNullOrWhiteSpace(_admin)
        ? $"PostgreSQL is not configured: set {Variable} to a server's connection string (.ci/postgres start DIR prints one)"
        : null;

    protected override string? DatabaseOption => _database ??= Create();

    private string Create()
    {
        using (var connection = new NpgsqlConnection(_admin))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {_name}", connection);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(_admin) { Database = _name, MaxPoolSize = 50 }.ConnectionString;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_database is null)
            return;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
