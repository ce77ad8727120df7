using System.Text.Json;
using System.Text.RegularExpressions;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Cli;

public partial class CheckCommandTests
{
    [Fact]
    public void Reference_rig_hardware_passes_but_its_sdxl_job_does_not_fit_under_ddp()
    {
        var result = CliRunner.Run("check", Repo.Example("4x3090-x299-dark.rig.yaml"), "--format", "json");

        // The build article: the SDXL fine-tune "barely runs with compromised settings" on these four 24 GB cards.
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var errors = json.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("severity").GetString() == "error").Select(f => f.GetProperty("rule").GetString()).ToList();
        Assert.Equal(["TRN601"], errors);
        Assert.Contains(json.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("rule").GetString() == "TRN604");
        Assert.False(json.RootElement.GetProperty("training").GetProperty("fits").GetBoolean());
    }

    [Fact]
    public void Reference_rig_without_its_workload_passes_with_warnings()
    {
        var yaml = File.ReadAllText(Repo.Example("4x3090-x299-dark.rig.yaml"));
        var result = CliRunner.Run("check", CliRunner.TempFile(yaml[..yaml.IndexOf("workload:", StringComparison.Ordinal)]));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("PASS with warnings", result.Out, StringComparison.Ordinal);
        Assert.Contains("CMP109", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Rig_with_errors_exits_1()
    {
        var path = CliRunner.TempFile(Repo.ReferenceYaml(("cpu: i9-7960x", "cpu: xeon-w-2195")));
        var result = CliRunner.Run("check", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4x3090-x299-dark.rig.yaml")]
    [InlineData("4x3090-c9x299-rpgf.rig.yaml")]
    [InlineData("4x3090-i7-7820x.rig.yaml")]
    [InlineData("4x3090-open-air.rig.yaml")]
    public void Json_output_parses_and_its_exit_code_matches_the_process(string example)
    {
        var result = CliRunner.Run("check", Repo.Example(example), "--format", "json");

        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schema_version").GetInt32());
        Assert.Equal(result.ExitCode, root.GetProperty("exit_code").GetInt32());
        var errors = root.GetProperty("findings").EnumerateArray().Count(f => f.GetProperty("severity").GetString() == "error");
        Assert.Equal(errors, root.GetProperty("counts").GetProperty("error").GetInt32());
        Assert.Equal(errors > 0 ? "fail" : root.GetProperty("counts").GetProperty("warning").GetInt32() > 0 ? "pass_with_warnings" : "pass",
            root.GetProperty("verdict").GetString());
    }

    [GeneratedRegex(@"^\| `([a-z0-9_.\[\]`, ]+)` \|", RegexOptions.Multiline)]
    private static partial Regex DocumentedField();

    /// <summary>Every field the JSON report writes is documented in docs/json.md.</summary>
    [Fact]
    public void Every_json_field_is_documented()
    {
        var docs = File.ReadAllText(Repo.Docs("json.md"));
        var documented = DocumentedField().Matches(docs)
            .SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries))
            .Select(s => s.Trim('`'))
            .SelectMany(s => s.Contains("[].", StringComparison.Ordinal) ? [s, s[..(s.IndexOf("[].", StringComparison.Ordinal) + 2)]] : new[] { s })
            .ToHashSet();
        var result = CliRunner.Run("check", Repo.Example("4x3090-x299-dark.rig.yaml"), "--format", "json");
        using var json = JsonDocument.Parse(result.Out);

        var undocumented = new List<string>();
        foreach (var section in json.RootElement.EnumerateObject())
        {
            if (section.Value.ValueKind != JsonValueKind.Object || section.Name is "rig" or "counts")
                continue;
            foreach (var field in section.Value.EnumerateObject())
            {
                var name = field.Value.ValueKind == JsonValueKind.Array ? field.Name + "[]" : field.Name;
                if (!documented.Contains(name) && !documented.Contains(field.Name))
                    undocumented.Add($"{section.Name}.{name}");
            }
        }

        Assert.True(undocumented.Count == 0, "undocumented: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void Markdown_output_has_the_verdict_and_findings_table()
    {
        var result = CliRunner.Run("check", Repo.Example("4x3090-x299-dark.rig.yaml"), "--format", "markdown");
        Assert.Contains("**Verdict: FAIL**", result.Out, StringComparison.Ordinal);
        Assert.Contains("| CMP109 | warning |", result.Out, StringComparison.Ordinal);
        Assert.Contains("## Assumed catalog values", result.Out, StringComparison.Ordinal);
    }
}

public class CheckFromStandardInputTests
{
    [Fact]
    public void A_rig_piped_to_check_dash_gives_the_same_report_as_the_file()
    {
        var path = Repo.Example("4x3090-x299-dark.rig.yaml");
        var fromFile = CliRunner.Run("check", path, "--format", "json");
        var piped = CliRunner.RunWithInput(File.ReadAllText(path), "check", "-", "--format", "json");

        Assert.Equal(fromFile.ExitCode, piped.ExitCode);
        Assert.Equal(fromFile.Out.Replace(path, "<stdin>", StringComparison.Ordinal), piped.Out);
    }

    [Fact]
    public void Problems_in_piped_text_name_stdin_with_line_and_field()
    {
        var result = CliRunner.RunWithInput("name: only a name\n", "check", "-");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("<stdin>:1:1: cpu: is required but missing", result.Error, StringComparison.Ordinal);
    }
}
