using System.Data.Common;
using System.Reflection;
using DbUp;
using DbUp.Engine;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Rigsmith.Web.Storage;

public enum DatabaseKind { Sqlite, Postgres }

/// <summary>
/// Where builds are stored: SQLite in write-ahead-log mode by default (a file, nothing to install), or PostgreSQL when
/// <c>--db</c> gives its connection string. The schema is DbUp's numbered scripts in Storage/Migrations, run at start.
/// </summary>
public sealed class Database
{
    private readonly NpgsqlDataSource? _postgres;

    private Database(DatabaseKind kind, string connectionString)
    {
        Kind = kind;
        ConnectionString = connectionString;
        if (kind == DatabaseKind.Postgres)
            _postgres = NpgsqlDataSource.Create(connectionString);
    }

    public DatabaseKind Kind { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// The database <paramref name="option"/> names: a PostgreSQL URI (<c>postgresql://</c>) or key-value connection
    /// string (<c>Host=...</c>), a SQLite connection string (<c>Data Source=...</c>) or file path; null: the SQLite file
    /// <c>rigsmith.db</c> in <paramref name="dataDirectory"/>, created on first start.
    /// </summary>
    public static Database From(string? option, string dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(option))
        {
            Directory.CreateDirectory(dataDirectory);
            return Sqlite(Path.Combine(dataDirectory, "rigsmith.db"));
        }

        if (option.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || option.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new Database(DatabaseKind.Postgres, new NpgsqlConnectionStringBuilder(PostgresUri(option)).ConnectionString);
        if (option.Contains("Host=", StringComparison.OrdinalIgnoreCase))
            return new Database(DatabaseKind.Postgres, option);
        if (option.Contains("Data Source=", StringComparison.OrdinalIgnoreCase))
            return new Database(DatabaseKind.Sqlite, option);
        return Sqlite(option);
    }

    private static Database Sqlite(string file) =>
        new(DatabaseKind.Sqlite, new SqliteConnectionStringBuilder { DataSource = file, Pooling = true }.ConnectionString);

    /// <summary>A <c>postgresql://user:password@host:port/database</c> URI as Npgsql's key-value form.</summary>
    private static string PostgresUri(string uri)
    {
        var u = new Uri(uri);
        var user = Uri.UnescapeDataString(u.UserInfo.Split(':')[0]);
        var password = u.UserInfo.Contains(':', StringComparison.Ordinal) ? Uri.UnescapeDataString(u.UserInfo[(u.UserInfo.IndexOf(':', StringComparison.Ordinal) + 1)..]) : null;
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = u.Host,
            Port = u.Port > 0 ? u.Port : 5432,
            Database = u.AbsolutePath.Trim('/'),
            Username = user,
        };
        if (password is not null)
            builder.Password = password;
        return builder.ConnectionString;
    }

    /// <summary>An open connection; SQLite's waits for a writer's lock rather than failing at once.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancel = default)
    {
        if (_postgres is not null)
            return await _postgres.OpenConnectionAsync(cancel);
        var connection = new SqliteConnection(ConnectionString) { DefaultTimeout = 30 };
        await connection.OpenAsync(cancel);
        return connection;
    }

    /// <summary>Brings the schema up to date (every script not yet run, in order) and, for SQLite, turns on WAL.</summary>
    public void Migrate()
    {
        if (Kind == DatabaseKind.Sqlite)
        {
            using var connection = new SqliteConnection(ConnectionString);
            connection.Open();
            using var wal = connection.CreateCommand();
            // Readers do not block the writer nor the writer readers; the setting is kept in the file.
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }

        var builder = Kind == DatabaseKind.Postgres
            ? DeployChanges.To.PostgresqlDatabase(ConnectionString)
            : DeployChanges.To.SqliteDatabase(ConnectionString);
        var upgrade = builder
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.Contains(".Storage.Migrations.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        if (!upgrade.Successful)
            throw new InvalidOperationException(
                $"the database schema could not be brought up to date{(upgrade.ErrorScript is { } script ? $" ({script.Name})" : "")}: {upgrade.Error.Message}", upgrade.Error);
    }
}
