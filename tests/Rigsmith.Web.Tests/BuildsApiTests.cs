using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Rigsmith.Web.Tests;

/// <summary>Saved builds on SQLite.</summary>
public sealed class BuildsOnSqliteTests(SqliteWebServer server) : BuildsApiTests<SqliteWebServer>(server);

/// <summary>Saved builds on PostgreSQL; skipped, saying why, when no server is configured (never in CI).</summary>
public sealed class BuildsOnPostgresTests(PostgresWebServer server) : BuildsApiTests<PostgresWebServer>(server);

/// <summary>Saves beyond the per-client limit are refused with 429.</summary>
public sealed class SaveRateLimitTests(RateLimitedWebServer server) : IClassFixture<RateLimitedWebServer>
{
    [Fact]
    public async Task A_client_saving_faster_than_sixty_a_minute_is_refused()
    {
        var client = server.Client();
        var rig = WebServer.Example("4x3090-x299-dark.rig.yaml");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var created = 0;
        HttpResponseMessage response;
        do
        {
            response = await client.PostAsync("/api/builds", new StringContent(rig, Encoding.UTF8, "application/yaml"));
            if (response.StatusCode == HttpStatusCode.Created)
                created++;
        }
        while (response.StatusCode == HttpStatusCode.Created && created <= 200);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        // The bucket holds 60 and refills one a second: what got through is the bucket plus the refill meanwhile.
        Assert.InRange(created, 60, 60 + (int)Math.Ceiling(clock.Elapsed.TotalSeconds) + 1);
    }
}

/// <summary>Saved builds: create, read, save with token and ETag, versions, concurrency, and hostile input.</summary>
public abstract class BuildsApiTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : WebServer
{
    private HttpClient Client => server.Client();

    private static readonly string Rig = WebServer.Example("4x3090-x299-dark.rig.yaml");

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    private sealed record Created(string Id, int Version, string Token);

    private async Task<Created> CreateAsync(string yaml)
    {
        var response = await Client.PostAsync("/api/builds", Yaml(yaml));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = json.RootElement.GetProperty("id").GetString()!;
        Assert.Equal($"/api/builds/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        return new Created(id, 1, json.RootElement.GetProperty("edit_token").GetString()!);
    }

    private HttpRequestMessage Put(string id, string? token, string? ifMatch, string yaml)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/builds/{id}") { Content = Yaml(yaml) };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    private async Task<int> VersionCountAsync(string id) =>
        (await Client.GetFromJsonAsync<JsonElement>($"/api/builds/{id}/versions")).GetArrayLength();

    [SkippableFact]
    public async Task A_build_is_read_back_as_saved_with_its_version_as_etag()
    {
        var build = await CreateAsync(Rig);

        var response = await Client.GetAsync($"/api/builds/{build.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(Rig, await response.Content.ReadAsStringAsync());
        var cached = new HttpRequestMessage(HttpMethod.Get, $"/api/builds/{build.Id}");
        cached.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.NotModified, (await Client.SendAsync(cached)).StatusCode);
    }

    [SkippableFact]
    public async Task A_save_needs_the_token_and_the_version_and_a_stale_one_changes_nothing()
    {
        var build = await CreateAsync(Rig);
        var edited = Rig.Replace("Small 4x RTX 3090", "Edited 4x RTX 3090", StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(Put(build.Id, null, "\"1\"", edited))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client.SendAsync(Put(build.Id, "not-the-token", "\"1\"", edited))).StatusCode);
        Assert.Equal((HttpStatusCode)428, (await Client.SendAsync(Put(build.Id, build.Token, null, edited))).StatusCode);
        var saved = await Client.SendAsync(Put(build.Id, build.Token, "\"1\"", edited));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("\"2\"", saved.Headers.ETag?.Tag);

        var stale = await Client.SendAsync(Put(build.Id, build.Token, "\"1\"", Rig));

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("version 2 is newer", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(edited, await Client.GetStringAsync($"/api/builds/{build.Id}"));
        Assert.Equal(Rig, await Client.GetStringAsync($"/api/builds/{build.Id}?version=1"));
        Assert.Equal(2, await VersionCountAsync(build.Id));
    }

    [SkippableFact]
    public async Task Of_fifty_parallel_saves_of_one_version_exactly_one_wins_and_nothing_is_lost()
    {
        var build = await CreateAsync(Rig);
        var edits = Enumerable.Range(0, 50).Select(i => Rig.Replace("Small 4x RTX 3090", $"Edit {i}", StringComparison.Ordinal)).ToList();

        var responses = await Task.WhenAll(edits.Select(e => Client.SendAsync(Put(build.Id, build.Token, "\"1\"", e))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(49, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        Assert.Equal(2, await VersionCountAsync(build.Id));
        // The one that won is the one stored, whole.
        var winner = edits[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK)];
        Assert.Equal(winner, await Client.GetStringAsync($"/api/builds/{build.Id}"));
    }

    [SkippableFact]
    public async Task A_thousand_builds_created_in_parallel_are_all_readable()
    {
        var created = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => CreateAsync(Rig)));

        Assert.Equal(1000, created.Select(c => c.Id).Distinct().Count());
        var reads = await Task.WhenAll(created.Select(c => Client.GetAsync($"/api/builds/{c.Id}")));
        Assert.All(reads, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [SkippableTheory]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("x'%20OR%20'1'%3D'1")]
    [InlineData("1%3B%20DROP%20TABLE%20builds")]
    public async Task Ids_that_are_not_ids_find_nothing(string id)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/builds/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.SendAsync(Put(id, "t", "\"1\"", Rig))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/b/{id}")).StatusCode);
    }

    [SkippableFact]
    public async Task A_rig_named_like_a_script_is_text_on_its_page()
    {
        var hostile = Rig.Replace("name: Small 4x RTX 3090 AI training rig", "name: \"<script>alert('x')</script> & 'quotes'\"", StringComparison.Ordinal);
        Assert.NotEqual(Rig, hostile);
        var build = await CreateAsync(hostile);

        var page = await Client.GetAsync($"/b/{build.Id}");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // The one script element is the page's own htmx; the rig's name is text.
        Assert.Equal(["<script src=\"/static/vendor/htmx.min.js\" defer></script>"], System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>[^<]*</script>").Select(m => m.Value));
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Sql_in_a_rig_is_stored_and_read_back_as_text()
    {
        var sql = Rig.Replace("name: Small 4x RTX 3090 AI training rig", "name: \"x'); DROP TABLE builds; -- \\\" OR 1=1\"", StringComparison.Ordinal);
        Assert.NotEqual(Rig, sql);

        var build = await CreateAsync(sql);

        Assert.Equal(sql, await Client.GetStringAsync($"/api/builds/{build.Id}"));
        var versions = await Client.GetFromJsonAsync<JsonElement>($"/api/builds/{build.Id}/versions");
        Assert.Equal("x'); DROP TABLE builds; -- \" OR 1=1", versions[0].GetProperty("name").GetString());
    }

    [SkippableFact]
    public async Task A_rig_with_problems_is_not_stored()
    {
        var response = await Client.PostAsync("/api/builds", Yaml("name: [unclosed\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.Location);
    }
}
