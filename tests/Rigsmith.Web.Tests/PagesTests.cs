using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Rigsmith.Planning;
using Rigsmith.Web.Editor;

namespace Rigsmith.Web.Tests;

/// <summary>
/// The pages' server side, without a browser (these run wherever the tests run): the editor's two views of a rig file
/// agree, forms need their antiforgery token, a stale save is refused, downloads, and the doctor on an upload.
/// </summary>
public sealed partial class PagesTests(SqliteWebServer server) : IClassFixture<SqliteWebServer>
{
    private static readonly DataSources Data = new(Path.Combine(WebServer.Repo, "catalog"), Path.Combine(WebServer.Repo, "models"));

    private HttpClient NewClient() => server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The antiforgery field of a page the client fetched (its cookie pair is now in the client).</summary>
    private static async Task<KeyValuePair<string, string>> TokenAsync(HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        var m = AntiforgeryField().Match(html);
        Assert.True(m.Success, $"{url} has no antiforgery field");
        return new(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value));
    }

    private static FormUrlEncodedContent Form(KeyValuePair<string, string> token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Prepend(token));

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void The_form_writes_back_the_rig_it_was_read_from(string example)
    {
        var yaml = WebServer.Example(example);
        var draft = RigDraft.FromYaml(yaml)!;
        var rewritten = draft.ToYaml();

        var before = RigInput.Load(RigSource.Text(yaml, example), Data);
        var after = RigInput.Load(RigSource.Text(rewritten, example), Data);
        Assert.True(after.Ok, string.Join("\n", after.Problems) + "\n" + rewritten);
        var (a, b) = (before.Value!.Rig, after.Value!.Rig);
        Assert.Equal(a.Name, b.Name);
        Assert.Equal(a.Site, b.Site);
        Assert.Equal(a.AllParts.Select(p => p.Id), b.AllParts.Select(p => p.Id));
        Assert.Equal(a.Memory.Select(m => (m.Module.Id, m.Count, m.Note)), b.Memory.Select(m => (m.Module.Id, m.Count, m.Note)));
        Assert.Equal(a.Gpus.Select(g => (g.Gpu.Id, g.Slot.Id, g.PowerLimit, g.Riser?.Id, g.Note)), b.Gpus.Select(g => (g.Gpu.Id, g.Slot.Id, g.PowerLimit, g.Riser?.Id, g.Note)));
        Assert.Equal(a.Storage.Select(s => (s.Drive.Id, s.Attachment.ToString(), s.Note)), b.Storage.Select(s => (s.Drive.Id, s.Attachment.ToString(), s.Note)));
        Assert.Equal(a.Psus.Select(p => (p.Psu.Id, p.Count)), b.Psus.Select(p => (p.Psu.Id, p.Count)));
        Assert.Equal(a.NvlinkBridges, b.NvlinkBridges);
        Assert.Equal(a.Workload?.Settings.Select(s => (s.Key, s.Value)), b.Workload?.Settings.Select(s => (s.Key, s.Value)));
    }

    public static TheoryData<string> ExampleNames() =>
        new(Directory.GetFiles(Path.Combine(WebServer.Repo, "examples"), "*.rig.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void Four_two_slot_cards_added_one_by_one_go_into_slots_their_coolers_leave_free()
    {
        var catalog = Data.Catalog.Value!;
        var draft = RigDraft.FromYaml(WebServer.Example("4x3090-x299-dark.rig.yaml"))!;
        draft.Gpus.Clear();
        draft.Storage.RemoveAll(s => s.Attach != "sata");
        var card = (Catalog.Gpu)catalog.Find("zotac-rtx-3090-blower")!;
        for (var i = 0; i < 4; i++)
            draft.Add(card, catalog);

        var board = (Catalog.Motherboard)catalog.Find("evga-x299-dark")!;
        var positions = draft.Gpus.Select(g => board.Slots.Single(s => s.Id == g.Slot).Position).ToList();
        Assert.Equal(4, positions.Distinct().Count());
        // Each card's cooler (2 slots thick) ends above the next card: the positions are at least two apart.
        Assert.All(positions.Order().Zip(positions.Order().Skip(1)), pair => Assert.True(pair.Second - pair.First >= card.Thickness.Value, $"{pair.First} and {pair.Second}"));
        var report = Analysis.Analyzer.Check(RigInput.Load(RigSource.Text(draft.ToYaml(), "draft"), Data).Value!.Rig);
        Assert.DoesNotContain(report.Findings, f => f.Rule.Id.StartsWith("PHY", StringComparison.Ordinal) && f.Severity == Analysis.Severity.Error);
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_is_refused_and_saves_nothing()
    {
        var client = NewClient();
        var response = await client.PostAsync("/edit", new FormUrlEncodedContent([new("yaml", WebServer.Example("4x3090-x299-dark.rig.yaml")), new("do", "save")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("was not accepted", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_save_from_the_editor_over_a_newer_version_is_refused_with_412_and_keeps_the_text()
    {
        var client = NewClient();
        var token = await TokenAsync(client, "/new");
        var rig = WebServer.Example("4x3090-x299-dark.rig.yaml");
        var created = await client.PostAsync("/edit", Form(token, ("yaml", rig), ("do", "yaml")));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var saved = await client.PostAsync("/edit", Form(token, ("yaml", rig), ("do", "save")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = Regex.Match(saved.Headers.Location!.OriginalString, "^/b/([A-Za-z0-9_-]+)/edit\\?created=1$").Groups[1].Value;
        Assert.NotEmpty(id);

        // Two copies of version 1 are saved one after the other: the first wins, the second is told so and keeps its text.
        var winner = await client.PostAsync("/edit", Form(token, ("build", id), ("version", "1"), ("yaml", rig + "\n"), ("do", "save")));
        var stale = await client.PostAsync("/edit", Form(token, ("build", id), ("version", "1"), ("yaml", rig.Replace("count: 2", "count: 1", StringComparison.Ordinal)), ("do", "save")));

        Assert.Equal(HttpStatusCode.Redirect, winner.StatusCode);
        Assert.Equal($"/b/{id}/edit?saved=2", winner.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var page = await stale.Content.ReadAsStringAsync();
        Assert.Contains("The build has changed", page, StringComparison.Ordinal);
        Assert.Contains("count: 1", page, StringComparison.Ordinal);
        var versions = await client.GetStringAsync($"/api/builds/{id}/versions");
        Assert.Equal(2, Regex.Matches(versions, "\"version\"").Count);
    }

    [Fact]
    public async Task Another_browser_cannot_save_a_build_but_can_fork_it()
    {
        var owner = NewClient();
        var token = await TokenAsync(owner, "/new");
        var saved = await owner.PostAsync("/edit", Form(token, ("yaml", WebServer.Example("2x3090-nvlink-am5.rig.yaml")), ("do", "save")));
        var id = Regex.Match(saved.Headers.Location!.OriginalString, "^/b/([A-Za-z0-9_-]+)/edit").Groups[1].Value;

        var other = NewClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/b/{id}/edit")).StatusCode);
        var otherToken = await TokenAsync(other, $"/b/{id}");
        var refused = await other.PostAsync("/edit", Form(otherToken, ("build", id), ("version", "1"), ("yaml", WebServer.Example("2x3090-nvlink-am5.rig.yaml")), ("do", "save")));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var fork = await other.PostAsync($"/b/{id}/fork", Form(otherToken, ("version", "1")));
        Assert.Equal(HttpStatusCode.Redirect, fork.StatusCode);
        var forkId = Regex.Match(fork.Headers.Location!.OriginalString, "^/b/([A-Za-z0-9_-]+)/edit\\?created=1$").Groups[1].Value;
        Assert.NotEqual(id, forkId);
        Assert.Contains($"Forked from <a href=\"/b/{id}?version=1\">", await other.GetStringAsync($"/b/{forkId}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/b/{forkId}/edit")).StatusCode);
    }

    [Fact]
    public async Task A_build_downloads_as_a_csv_part_list_and_as_its_rig_file()
    {
        var client = NewClient();
        var id = await CreateViaApiAsync(client, WebServer.Example("4x3090-x299-dark.rig.yaml"));
        var csv = await client.GetAsync($"/b/{id}/export?to=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("small-4x-rtx-3090-ai-training-rig.parts.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains("i9-7960x", await csv.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var rig = await client.GetStringAsync($"/b/{id}/export?to=rig");
        Assert.Equal(WebServer.Example("4x3090-x299-dark.rig.yaml"), rig);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/b/{id}/export?to=docx")).StatusCode);
    }

    [Fact]
    public async Task Uploaded_captures_are_compared_with_the_build_s_plan()
    {
        var client = NewClient();
        var id = await CreateViaApiAsync(client, WebServer.Example("4x3090-x299-dark.rig.yaml"));
        var token = await TokenAsync(client, $"/b/{id}");
        var folder = Path.Combine(WebServer.Repo, "tests", "Rigsmith.Tests", "Doctor", "Fixtures", "reference-rig-differing");
        var zip = Zip(Directory.GetFiles(folder).Select(f => ("captures/" + Path.GetFileName(f), File.ReadAllBytes(f))));

        var response = await client.PostAsync($"/b/{id}/doctor?version=1", Upload(token, zip));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The same differences `rigsmith doctor RIG --from DIR` names (DoctorTests): a GPU missing, a narrow link, a lower power limit.
        Assert.Matches("<td>DOC740</td><td>error</td><td>[^<]*</td><td>3 GPUs</td><td>4 GPUs</td>", html);
        Assert.Matches("<td>DOC743</td>.*<td>Gen3 x4</td><td>Gen3 x8</td>", html);
        Assert.Matches("<td>DOC744</td>.*<td>300 W</td><td>350 W</td>", html);
    }

    [Fact]
    public async Task An_upload_that_unpacks_into_more_than_a_capture_is_refused()
    {
        var client = NewClient();
        var id = await CreateViaApiAsync(client, WebServer.Example("4x3090-x299-dark.rig.yaml"));
        var token = await TokenAsync(client, $"/b/{id}");
        // Compresses to a few KB, unpacks to 5 MB.
        var bomb = Zip([("log.txt", new byte[5 * 1024 * 1024])]);
        Assert.True(bomb.Length < 64 * 1024);

        var response = await client.PostAsync($"/b/{id}/doctor", Upload(token, bomb));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("unpacks to more than 4 MB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A real capture folder with long kernel logs zips to more than the 256 KB other requests may send; the route
        // takes it (Kestrel's limit for this route, 8 MB, is the endpoint's metadata; this in-memory server has none).
        var noise = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(noise);
        var large = await client.PostAsync($"/b/{id}/doctor", Upload(token, Zip([("dmesg.txt", noise)])));
        Assert.Equal(HttpStatusCode.OK, large.StatusCode);
        var notZip = await client.PostAsync($"/b/{id}/doctor", Upload(token, Encoding.UTF8.GetBytes("not a zip")));
        Assert.Contains("not a zip file", await notZip.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_editor_checks_the_rig_file_against_the_rig_schema_and_names_the_line()
    {
        var client = NewClient();
        var token = await TokenAsync(client, "/new");
        var rig = WebServer.Example("4x3090-x299-dark.rig.yaml");
        var valid = await (await client.PostAsync("/edit", Form(token, ("yaml", rig), ("do", "yaml")))).Content.ReadAsStringAsync();
        Assert.Contains("Conforms to the <a href=\"/static/rig.schema.json\">rig schema</a>", valid, StringComparison.Ordinal);

        var typo = rig.Replace("    slot: PE2", "    slott: PE2", StringComparison.Ordinal);
        var line = typo.Split('\n').ToList().FindIndex(l => l.Contains("slott", StringComparison.Ordinal)) + 1;
        var html = await (await client.PostAsync("/edit", Form(token, ("yaml", typo), ("do", "yaml")))).Content.ReadAsStringAsync();
        var schema = html[html.IndexOf("id=\"schema\"", StringComparison.Ordinal)..];
        schema = schema[..schema.IndexOf("</div>", StringComparison.Ordinal)];
        // The unknown key is reported on the line of the GPU entry that holds it (the schema forbids extra keys there).
        Assert.Contains("violation", schema, StringComparison.Ordinal);
        Assert.Matches($"line ({line - 2}|{line - 1}|{line}), <code>gpus.1", schema);
    }

    [Fact]
    public async Task The_picker_lists_only_boards_for_the_chosen_CPU()
    {
        var client = NewClient();
        var token = await TokenAsync(client, "/new");
        var response = await client.PostAsync("/edit", Form(token, ("cpu", "i9-7960x"), ("yaml", ""), ("pick_category", "motherboard"), ("q", "")));
        var html = await response.Content.ReadAsStringAsync();
        var results = html[html.IndexOf("id=\"picker-results\"", StringComparison.Ordinal)..];
        results = results[..results.IndexOf("</ul>", StringComparison.Ordinal)];
        Assert.Contains("value=\"pick:evga-x299-dark\"", results, StringComparison.Ordinal);
        Assert.Matches("more match but conflict with them", results);
        // Each listed board's facts begin with its socket: all are the CPU's.
        var sockets = Regex.Matches(results, "<span class=\"facts\">([^,]+),").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(sockets);
        Assert.All(sockets, socket => Assert.Equal("lga2066", socket));
    }

    private static async Task<string> CreateViaApiAsync(HttpClient client, string yaml)
    {
        var created = await client.PostAsync("/api/builds", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return Regex.Match(await created.Content.ReadAsStringAsync(), "\"id\":\"([^\"]+)\"").Groups[1].Value;
    }

    private static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> files)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in files)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(bytes);
            }
        }

        return memory.ToArray();
    }

    private static MultipartFormDataContent Upload(KeyValuePair<string, string> token, byte[] zip)
    {
        var content = new MultipartFormDataContent { { new StringContent(token.Value), token.Key } };
        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new("application/zip");
        content.Add(file, "captures", "captures.zip");
        return content;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex AntiforgeryField();
}
