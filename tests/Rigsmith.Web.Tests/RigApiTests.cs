using System.Net;
using System.Text;
using System.Text.Json;

namespace Rigsmith.Web.Tests;

/// <summary>The stateless routes on a server with SQLite.</summary>
public sealed class RigApiOnSqliteTests(SqliteWebServer server) : RigApiTests<SqliteWebServer>(server);

/// <summary>The stateless routes on a server with PostgreSQL; skipped, saying why, when no server is configured (never in CI).</summary>
public sealed class RigApiOnPostgresTests(PostgresWebServer server) : RigApiTests<PostgresWebServer>(server);

/// <summary>The stateless routes: check, fit, parts, import, the OpenAPI document, and what every response carries.</summary>
public abstract class RigApiTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : WebServer
{
    private HttpClient Client => server.Client();

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    [SkippableFact]
    public async Task Check_answers_with_the_command_lines_report()
    {
        var response = await Client.PostAsync("/api/check", Yaml(WebServer.Example("4x3090-x299-dark.rig.yaml")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        // The reference rig's known answer: the hardware passes with warnings, SDXL full fine-tuning does not fit
        // as written and fits under ZeRO-2 (the golden expected output of `check --format json` says the same).
        Assert.Equal("fail", root.GetProperty("verdict").GetString());
        Assert.Equal("pass_with_warnings", root.GetProperty("verdicts").GetProperty("hardware").GetString());
        Assert.Equal("does-not-fit", root.GetProperty("verdicts").GetProperty("workload").GetString());
        Assert.Contains("zero2", root.GetProperty("fitting_settings").GetProperty("changes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("request.rig.yaml", root.GetProperty("rig").GetProperty("file").GetString());
    }

    [SkippableFact]
    public async Task A_rig_with_problems_gets_a_problem_document_naming_line_and_field()
    {
        var rig = WebServer.Example("4x3090-x299-dark.rig.yaml").Replace("rtx-3090", "rtx-3090-nonesuch", StringComparison.Ordinal);

        var response = await Client.PostAsync("/api/check", Yaml(rig));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var first = json.RootElement.GetProperty("problems")[0];
        Assert.True(first.GetProperty("line").GetInt32() > 0);
        Assert.Contains("rtx-3090-nonesuch", first.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Fit_with_search_ranks_settings_that_fit()
    {
        var response = await Client.PostAsync("/api/fit?search=true&top=3", Yaml(WebServer.Example("4x3090-x299-dark.rig.yaml")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var candidates = json.RootElement.GetProperty("candidates");
        Assert.InRange(candidates.GetArrayLength(), 1, 3);
    }

    [SkippableFact]
    public async Task Parts_are_searched_by_every_word_and_a_bad_category_is_a_400()
    {
        using var json = JsonDocument.Parse(await Client.GetStringAsync("/api/parts?q=3090&category=gpu"));
        var parts = json.RootElement.GetProperty("parts").EnumerateArray().ToList();
        Assert.NotEmpty(parts);
        Assert.All(parts, p => Assert.Contains("3090", p.GetProperty("name").GetString() + p.GetProperty("id").GetString(), StringComparison.OrdinalIgnoreCase));
        Assert.True(parts.Count <= Rigsmith.Web.Api.RigApi.PartsPerPage);

        // The OpenDB tier ships with the server: a board only the OpenDB knows, best match first.
        using var board = JsonDocument.Parse(await Client.GetStringAsync("/api/parts?q=b550-f%20gaming%20wifi&category=motherboard"));
        Assert.StartsWith("asus-rog-strix-b550-f-gaming-wifi", board.RootElement.GetProperty("parts")[0].GetProperty("id").GetString(), StringComparison.Ordinal);

        var bad = await Client.GetAsync("/api/parts?category=gpus");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("gpu", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Import_turns_a_pcpartpicker_list_into_a_rig_file()
    {
        var list = File.ReadAllText(Path.Combine(WebServer.Repo, "..", "shared", "fixtures", "pcpartpicker-markdown__blog-2020__ca-gtx1660ti-itx.md"));

        var response = await Client.PostAsync("/api/import", new StringContent(list, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("name:", json.RootElement.GetProperty("rig").GetString(), StringComparison.Ordinal);
        Assert.NotEmpty(json.RootElement.GetProperty("matches").EnumerateArray());
    }

    [SkippableFact]
    public async Task Every_response_carries_the_security_headers_and_scripts_only_from_the_server_itself()
    {
        var response = await Client.GetAsync("/api/parts?q=3090");

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        // htmx, from this server: no inline script, no eval, no other origin.
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [SkippableFact]
    public async Task The_openapi_document_lists_the_routes()
    {
        using var json = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json"));
        var paths = json.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/check", paths);
        Assert.Contains("/api/builds/{id}", paths);
    }

    [SkippableTheory]
    [InlineData("a: &a [x, x]\nb: [*a, *a]\n", "anchor")]
    [InlineData("name: [[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]\n", "nested")]
    public async Task Yaml_that_breaks_the_request_limits_is_refused_before_loading(string yaml, string said)
    {
        var response = await Client.PostAsync("/api/check", Yaml(yaml));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(said, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_body_that_is_not_utf8_is_a_400_saying_so()
    {
        var response = await Client.PostAsync("/api/check", new ByteArrayContent([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_oversized_body_is_a_413()
    {
        var response = await Client.PostAsync("/api/check", Yaml("name: " + new string('a', 400 * 1024)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
