using System.Data;
using System.Globalization;
using Dapper;

namespace Rigsmith.Web.Storage;

/// <summary>A build's newest version: its rig YAML and version number (the ETag).</summary>
public sealed record StoredBuild(string Id, int Version, string Name, string Yaml, string UpdatedAt)
{
    /// <summary>The build and version this one was forked from; null when it was not.</summary>
    public string? ForkedFrom { get; init; }
    public int? ForkedVersion { get; init; }
}

/// <summary>One kept version of a build.</summary>
public sealed record BuildVersion(int Version, string Name, string CreatedAt);

/// <summary>How a save ended.</summary>
public enum SaveOutcome { Saved, NotFound, WrongToken, Stale }

public sealed record SaveResult(SaveOutcome Outcome, int Version);

/// <summary>
/// Builds in the database. Every write is one transaction; a save names the version it edits and succeeds only if
/// that is still the newest (<c>UPDATE ... WHERE version = @expected</c>), so of concurrent saves of one version
/// exactly one wins and the others learn the version that beat them. Nothing is overwritten: each save adds a version.
/// </summary>
public sealed class BuildStore(Database database, TimeProvider clock)
{
    public async Task<(string Id, string Token)> CreateAsync(string name, string yaml, CancellationToken cancel = default) =>
        await CreateAsync(name, yaml, null, null, cancel);

    /// <summary>A new build; a fork names the build and version it copies.</summary>
    public async Task<(string Id, string Token)> CreateAsync(string name, string yaml, string? forkedFrom, int? forkedVersion, CancellationToken cancel = default)
    {
        var id = EditTokens.NewId();
        var token = EditTokens.NewToken();
        var now = Now();
        await using var connection = await database.OpenAsync(cancel);
        await using var transaction = await connection.BeginTransactionAsync(cancel);
        await connection.ExecuteAsync(
            "INSERT INTO builds (id, token_hash, version, created_at, updated_at, forked_from, forked_version) VALUES (@id, @hash, 1, @now, @now, @forkedFrom, @forkedVersion)",
            new { id, hash = EditTokens.Hash(token), now, forkedFrom, forkedVersion }, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO build_versions (build_id, version, name, yaml, created_at) VALUES (@id, 1, @name, @yaml, @now)",
            new { id, name, yaml, now }, transaction);
        await transaction.CommitAsync(cancel);
        return (id, token);
    }

    /// <summary>The newest version of build <paramref name="id"/>, or a given one; null when there is none.</summary>
    public async Task<StoredBuild?> GetAsync(string id, int? version = null, CancellationToken cancel = default)
    {
        await using var connection = await database.OpenAsync(cancel);
        var row = await connection.QuerySingleOrDefaultAsync<VersionRow>(
            version is null
                ? "SELECT b.id AS Id, v.version AS Version, v.name AS Name, v.yaml AS Yaml, v.created_at AS UpdatedAt, b.forked_from AS ForkedFrom, b.forked_version AS ForkedVersion FROM builds b JOIN build_versions v ON v.build_id = b.id AND v.version = b.version WHERE b.id = @id"
                : "SELECT b.id AS Id, v.version AS Version, v.name AS Name, v.yaml AS Yaml, v.created_at AS UpdatedAt, b.forked_from AS ForkedFrom, b.forked_version AS ForkedVersion FROM builds b JOIN build_versions v ON v.build_id = b.id WHERE b.id = @id AND v.version = @version",
            new { id, version });
        return row is null ? null : new StoredBuild(row.Id, (int)row.Version, row.Name, row.Yaml, row.UpdatedAt)
        {
            ForkedFrom = row.ForkedFrom,
            ForkedVersion = row.ForkedVersion is { } v ? (int)v : null,
        };
    }

    /// <summary>Whether <paramref name="token"/> edits build <paramref name="id"/> (false when there is no such build).</summary>
    public async Task<bool> TokenEditsAsync(string id, string token, CancellationToken cancel = default)
    {
        await using var connection = await database.OpenAsync(cancel);
        var hash = await connection.QuerySingleOrDefaultAsync<string>("SELECT token_hash FROM builds WHERE id = @id", new { id });
        return hash is not null && EditTokens.Matches(token, hash);
    }

    /// <summary>Every version of build <paramref name="id"/>, oldest first; null when there is no such build.</summary>
    public async Task<IReadOnlyList<BuildVersion>?> VersionsAsync(string id, CancellationToken cancel = default)
    {
        await using var connection = await database.OpenAsync(cancel);
        var versions = (await connection.QueryAsync<VersionRow>(
            "SELECT version AS Version, name AS Name, created_at AS CreatedAt FROM build_versions WHERE build_id = @id ORDER BY version",
            new { id })).Select(v => new BuildVersion((int)v.Version, v.Name, v.CreatedAt)).ToList();
        return versions.Count == 0 ? null : versions;
    }

    /// <summary>Saves <paramref name="yaml"/> as the version after <paramref name="expected"/>, with the edit token.</summary>
    public async Task<SaveResult> SaveAsync(string id, string token, int expected, string name, string yaml, CancellationToken cancel = default)
    {
        await using var connection = await database.OpenAsync(cancel);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancel);
        var hash = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT token_hash FROM builds WHERE id = @id", new { id }, transaction);
        if (hash is null)
            return new SaveResult(SaveOutcome.NotFound, 0);
        if (!EditTokens.Matches(token, hash))
            return new SaveResult(SaveOutcome.WrongToken, 0);

        var now = Now();
        var next = expected + 1;
        // The version check and the move are one statement: a concurrent save of the same version waits for this
        // row (PostgreSQL) or for the write lock (SQLite), then finds the version moved and changes nothing.
        var moved = await connection.ExecuteAsync(
            "UPDATE builds SET version = @next, updated_at = @now WHERE id = @id AND version = @expected",
            new { id, next, now, expected }, transaction);
        if (moved == 0)
        {
            var current = await connection.ExecuteScalarAsync<long>("SELECT version FROM builds WHERE id = @id", new { id }, transaction);
            return new SaveResult(SaveOutcome.Stale, (int)current);
        }

        await connection.ExecuteAsync(
            "INSERT INTO build_versions (build_id, version, name, yaml, created_at) VALUES (@id, @next, @name, @yaml, @now)",
            new { id, next, name, yaml, now }, transaction);
        await transaction.CommitAsync(cancel);
        return new SaveResult(SaveOutcome.Saved, next);
    }

    // Columns as the drivers give them (SQLite's integers are 64-bit), read into properties Dapper converts to.
    private sealed class VersionRow
    {
        public string Id { get; set; } = "";
        public long Version { get; set; }
        public string Name { get; set; } = "";
        public string Yaml { get; set; } = "";
        public string UpdatedAt { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string? ForkedFrom { get; set; }
        public long? ForkedVersion { get; set; }
    }

    private string Now() => clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
}
