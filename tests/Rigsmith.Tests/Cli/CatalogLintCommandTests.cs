using System.Text.Json;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Cli;

/// <summary><c>rigsmith catalog lint</c>: the shipped catalog passes; injected contradictions and gaps fail with file, line and field.</summary>
public class CatalogLintCommandTests
{
    /// <summary>A copy of the shipped catalog with <paramref name="edit"/> applied to one file, in a fresh directory.</summary>
    private static string CatalogCopy(string file, Func<string, string> edit)
    {
        var catalog = Path.GetDirectoryName(CliRunner.TempFile("", ".keep"))!;
        foreach (var source in Directory.GetFiles(Repo.CatalogDirectory, "*.yaml"))
            File.Copy(source, Path.Combine(catalog, Path.GetFileName(source)));
        var path = Path.Combine(catalog, file);
        var before = File.ReadAllText(path);
        var after = edit(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
        return catalog;
    }

    private static string ReplaceFirst(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{from}' not found");
        return text[..at] + to + text[(at + from.Length)..];
    }

    private static List<JsonElement> Problems(JsonDocument json) => json.RootElement.GetProperty("problems").EnumerateArray().ToList();

    [Fact]
    public void Shipped_catalog_lints_clean()
    {
        var result = CliRunner.Run("catalog", "lint");

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Contains("PASS", result.Out, StringComparison.Ordinal);
        Assert.Contains("Assumed values that rules read", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_parses_and_counts_add_up()
    {
        var result = CliRunner.Run("catalog", "lint", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schema_version").GetInt32());
        Assert.Equal(result.ExitCode, root.GetProperty("exit_code").GetInt32());
        var categories = root.GetProperty("categories").EnumerateArray().ToList();
        Assert.Equal(8, categories.Count);
        var totals = root.GetProperty("totals");
        foreach (var key in new[] { "parts", "values", "cited", "observed", "assumed", "inherited", "unsourced", "errors", "warnings" })
            Assert.Equal(totals.GetProperty(key).GetInt32(), categories.Sum(c => c.GetProperty(key).GetInt32()));

        var problems = Problems(json);
        foreach (var c in categories)
        {
            var category = c.GetProperty("category").GetString();
            Assert.Equal(c.GetProperty("values").GetInt32(), c.GetProperty("cited").GetInt32() + c.GetProperty("observed").GetInt32()
                + c.GetProperty("assumed").GetInt32() + c.GetProperty("inherited").GetInt32() + c.GetProperty("unsourced").GetInt32());
            Assert.Equal(Repo.CuratedCatalog.All.Count(p => Rigsmith.Input.MapReader.EnumName(p.Category) == category), c.GetProperty("parts").GetInt32());
            Assert.Equal(c.GetProperty("errors").GetInt32(), problems.Count(p => p.GetProperty("category").GetString() == category && p.GetProperty("severity").GetString() == "error"));
            Assert.Equal(c.GetProperty("warnings").GetInt32(), problems.Count(p => p.GetProperty("category").GetString() == category && p.GetProperty("severity").GetString() == "warning"));
        }

        Assert.Equal(Repo.CuratedCatalog.Count, totals.GetProperty("parts").GetInt32());
        Assert.Equal(0, totals.GetProperty("errors").GetInt32());
        Assert.Equal(0, totals.GetProperty("inherited").GetInt32());
        Assert.True(totals.GetProperty("assumed").GetInt32() > 0);

        // Every assumed value listed is one the part really marks assumed, with the catalog's reason.
        foreach (var part in root.GetProperty("assumed").EnumerateArray())
        {
            var catalogPart = Repo.CuratedCatalog.Find(part.GetProperty("part").GetString()!)!;
            foreach (var value in part.GetProperty("values").EnumerateArray())
            {
                var provenance = Assert.IsType<Rigsmith.Catalog.Provenance.Assumed>(catalogPart.Provenance.Of(value.GetProperty("field").GetString()!));
                Assert.Equal(provenance.Reason, value.GetProperty("reason").GetString());
            }
        }
    }

    [Fact]
    public void Injected_contradictions_fail_naming_file_line_and_field()
    {
        var catalog = CatalogCopy("gpus.yaml", text => ReplaceFirst(text, "    slot_power: 50 W", "    slot_power: 90 W"));
        var psus = Path.Combine(catalog, "psus.yaml");
        File.WriteAllText(psus, ReplaceFirst(File.ReadAllText(psus), "    wattage: 2000 W\n", "    wattage: 2000 W\n    wattage_low_line: 2200 W\n"));

        var text = CliRunner.Run("catalog", "lint", "--catalog", catalog);
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("gpus.yaml:5: zotac-rtx-3090-blower.slot_power", text.Out, StringComparison.Ordinal);
        Assert.Contains("psus.yaml:4: jl2000pg-2000w.wattage_low_line", text.Out, StringComparison.Ordinal);

        var result = CliRunner.Run("catalog", "lint", "--catalog", catalog, "--format", "json");
        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("fail", json.RootElement.GetProperty("verdict").GetString());
        var problems = Problems(json).Where(p => p.GetProperty("severity").GetString() == "error").ToList();
        var slot = Assert.Single(problems, p => p.GetProperty("id").GetString() == "LNT002");
        Assert.Equal("zotac-rtx-3090-blower", slot.GetProperty("part").GetString());
        Assert.Equal("slot_power", slot.GetProperty("field").GetString());
        Assert.EndsWith("gpus.yaml:5", slot.GetProperty("defined_in").GetString(), StringComparison.Ordinal);
        Assert.Contains("90 W", slot.GetProperty("message").GetString(), StringComparison.Ordinal);
        var psu = Assert.Single(problems, p => p.GetProperty("id").GetString() == "LNT009");
        Assert.Equal("wattage_low_line", psu.GetProperty("field").GetString());
        Assert.EndsWith("psus.yaml:4", psu.GetProperty("defined_in").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, json.RootElement.GetProperty("totals").GetProperty("errors").GetInt32());
    }

    [Fact]
    public void Value_cited_only_by_the_parts_page_fails_as_inherited()
    {
        // The Zotac blower's vram loses its own citation, so only the part's page covers it.
        var catalog = CatalogCopy("gpus.yaml", text => ReplaceFirst(text, "      vram: https://www.nexthardware.com/recensioni/zotac-geforce-rtx-3090-trinity-1464/6/\n", ""));

        var text = CliRunner.Run("catalog", "lint", "--catalog", catalog);
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("LNT013", text.Out, StringComparison.Ordinal);
        Assert.Contains("gpus.yaml:5: zotac-rtx-3090-blower.vram", text.Out, StringComparison.Ordinal);

        var result = CliRunner.Run("catalog", "lint", "--catalog", catalog, "--format", "json");
        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var problem = Assert.Single(Problems(json), p => p.GetProperty("severity").GetString() == "error");
        Assert.Equal("LNT013", problem.GetProperty("id").GetString());
        Assert.Equal("zotac-rtx-3090-blower", problem.GetProperty("part").GetString());
        Assert.Equal("vram", problem.GetProperty("field").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("totals").GetProperty("inherited").GetInt32());
    }

    [Fact]
    public void Missing_value_a_rule_reads_fails()
    {
        var catalog = CatalogCopy("memory.yaml", text => ReplaceFirst(text, "    die_density_gbit: 16\n", ""));

        var result = CliRunner.Run("catalog", "lint", "--catalog", catalog, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var problem = Assert.Single(Problems(json), p => p.GetProperty("severity").GetString() == "error");
        Assert.Equal("LNT001", problem.GetProperty("id").GetString());
        Assert.Equal("kingston-fury-beast-rgb-ddr4-3200-32gb", problem.GetProperty("part").GetString());
        Assert.Equal("die_density_gbit", problem.GetProperty("field").GetString());
        Assert.EndsWith("memory.yaml:4", problem.GetProperty("defined_in").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Board_slot_wired_wider_than_it_is_fails_and_unknown_family_only_warns()
    {
        var catalog = CatalogCopy("motherboards.yaml", text => ReplaceFirst(ReplaceFirst(text, "mechanical: 16", "mechanical: 8"), "skylake-x", "skylake-xx"));

        var result = CliRunner.Run("catalog", "lint", "--catalog", catalog, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var problems = Problems(json);
        Assert.Single(problems, p => p.GetProperty("id").GetString() == "LNT004" && p.GetProperty("field").GetString()!.StartsWith("slots.", StringComparison.Ordinal));
        var family = Assert.Single(problems, p => p.GetProperty("id").GetString() == "LNT007" && p.GetProperty("message").GetString()!.Contains("skylake-xx", StringComparison.Ordinal));
        Assert.Equal("warning", family.GetProperty("severity").GetString());
    }

    [Fact]
    public void Catalog_that_does_not_load_and_markdown_format_exit_2()
    {
        var broken = CatalogCopy("gpus.yaml", text => ReplaceFirst(text, "    slot_power: 50 W", "    slot_power: 50"));
        var result = CliRunner.Run("catalog", "lint", "--catalog", broken);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("gpus.yaml:14", result.Error, StringComparison.Ordinal);

        var markdown = CliRunner.Run("catalog", "lint", "--format", "markdown");
        Assert.Equal(2, markdown.ExitCode);
        Assert.StartsWith("error: ", markdown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_lint_id_is_listed_in_catalog_md_with_its_severity()
    {
        var docs = File.ReadAllText(Repo.Docs("catalog.md"));
        foreach (var rule in Rigsmith.Catalog.CatalogLint.Rules)
            Assert.Contains($"| {rule.Id} | {Rigsmith.Catalog.CatalogLint.SeverityName(rule.Severity)} |", docs, StringComparison.Ordinal);
        Assert.Equal(Rigsmith.Catalog.CatalogLint.Rules.Count, Rigsmith.Catalog.CatalogLint.Rules.Select(r => r.Id).Distinct().Count());
    }
}
