using System.Text.Json;
using Rigsmith.Tests.Publishing;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Cli;

/// <summary><c>rigsmith export</c> and <c>rigsmith import</c> through the real command line.</summary>
public class PublishCommandTests
{
    private static string Reference => Repo.Example("4x3090-x299-dark.rig.yaml");

    private static void AssertInvalid(CliRunner.Result result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData("pcpartpicker", "Type|Item|Price")]
    [InlineData("reddit", "Type|Item|Role|Notes|Price")]
    [InlineData("bbcode", "[b]CPU:[/b] ")]
    [InlineData("text", "Video Card: Manli GeForce RTX 3090 OEM blower")]
    [InlineData("csv", "type,item,vendor,id,")]
    [InlineData("json", "\"schema_version\": 1")]
    [InlineData("article", "## PCIe lane map")]
    [InlineData("html", "<figure id=\"chart-slot-voltage\">")]
    public void Export_writes_each_format_to_stdout(string format, string expected)
    {
        var result = CliRunner.Run("export", Reference, "--to", format);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Contains(expected, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_json_parses()
    {
        using var doc = JsonDocument.Parse(CliRunner.Run("export", Reference, "--to", "json").Out);
        Assert.Equal(13, doc.RootElement.GetProperty("parts").GetArrayLength());
    }

    [Fact]
    public void Export_writes_to_out()
    {
        var path = Path.Combine(Path.GetDirectoryName(CliRunner.TempFile(""))!, "rig.html");
        var result = CliRunner.Run("export", Reference, "--to", "html", "--out", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("<svg", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Export_to_an_unknown_format_is_misuse()
    {
        AssertInvalid(CliRunner.Run("export", Reference, "--to", "docx"), "docx");
    }

    [Fact]
    public void Export_of_a_bad_rig_names_the_file_and_line()
    {
        var rig = CliRunner.TempFile(Repo.ReferenceYaml(("cpu: i9-7960x", "cpu: i9-7960")));
        AssertInvalid(CliRunner.Run("export", rig, "--to", "pcpartpicker"), ".rig.yaml:11:");
    }

    [Fact]
    public void Export_article_of_a_bad_workload_names_the_file_and_line()
    {
        var rig = CliRunner.TempFile(Repo.ReferenceYaml(("model: sdxl", "model: sdxxl")));
        AssertInvalid(CliRunner.Run("export", rig, "--to", "article"), "unknown model 'sdxxl'");
    }

    [Fact]
    public void Import_writes_the_rig_to_stdout_and_lists_problem_lines_on_stderr()
    {
        var result = CliRunner.Run("import", PublishingFixtures.Own("custom-and-fuzzy.txt"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("cpu: i9-7960x", result.Out, StringComparison.Ordinal);
        Assert.Contains("custom-and-fuzzy.txt:7: not imported: Video Card: NVIDIA GeForce RTX 9999", result.Error, StringComparison.Ordinal);
        // The Gigabyte TURBO line names its maker and model: the curated card, over OpenDB's other 3090 blowers.
        Assert.Contains("part: gigabyte-rtx-3090-turbo", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_then_import_through_the_command_line_round_trips()
    {
        var list = CliRunner.TempFile(CliRunner.Run("export", Reference, "--to", "pcpartpicker").Out, ".md");
        var rig = Path.Combine(Path.GetDirectoryName(list)!, "imported.rig.yaml");

        var result = CliRunner.Run("import", list, "--out", rig);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Out);
        var text = File.ReadAllText(rig);
        foreach (var id in Repo.LoadRig("4x3090-x299-dark.rig.yaml").AllParts.Select(p => p.Id))
            Assert.Contains(id, text, StringComparison.Ordinal);
        Assert.Contains("13 part lines: 13 exact", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_of_a_missing_file_is_one_message()
    {
        AssertInvalid(CliRunner.Run("import", "/nonexistent/list.md"), "/nonexistent/list.md: file not found");
    }

    [Fact]
    public void Import_of_something_that_is_not_a_part_list_names_the_file_and_line()
    {
        var path = CliRunner.TempFile("hello\nworld\n", ".txt");
        AssertInvalid(CliRunner.Run("import", path), "rig.txt:1:1: no part lines found");
    }
}
