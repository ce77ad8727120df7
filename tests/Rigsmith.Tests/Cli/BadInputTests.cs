using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Cli;

/// <summary>Every kind of bad input gets one clear message naming file, line and field, exit code 2, never a stack trace.</summary>
public class BadInputTests
{
    private static CliRunner.Result CheckText(string yaml) => CliRunner.Run("check", CliRunner.TempFile(yaml));

    private static void AssertInvalid(CliRunner.Result result, string expectedInMessage, int? line = null)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expectedInMessage, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error + result.Out, StringComparison.Ordinal);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        if (line is not null)
            Assert.Contains($".yaml:{line}:", result.Error, StringComparison.Ordinal);
    }

    private static int LineOf(string yaml, string text) =>
        yaml.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(text, StringComparison.Ordinal)).i + 1;

    [Fact]
    public void Malformed_yaml_names_the_line()
    {
        var yaml = Repo.ReferenceYaml(("cpu: i9-7960x", "cpu: [i9-7960x"));
        AssertInvalid(CheckText(yaml), "is not valid YAML");
    }

    [Fact]
    public void Unknown_part_suggests_the_closest_id()
    {
        var yaml = Repo.ReferenceYaml(("part: manli-rtx-3090-blower", "part: manli-rtx-3090-blowr"));
        var result = CheckText(yaml);
        AssertInvalid(result, "unknown gpu 'manli-rtx-3090-blowr'", LineOf(yaml, "blowr"));
        Assert.Contains("did you mean 'manli-rtx-3090-blower'?", result.Error, StringComparison.Ordinal);
        Assert.Contains("gpus[2].part", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Part_of_the_wrong_category_is_named()
    {
        var yaml = Repo.ReferenceYaml(("cpu: i9-7960x", "cpu: evga-x299-dark"));
        AssertInvalid(CheckText(yaml), "'evga-x299-dark' is a motherboard, not a cpu");
    }

    [Fact]
    public void Unknown_key_suggests_the_known_one()
    {
        var yaml = Repo.ReferenceYaml(("    slot: PE2", "    slott: PE2"));
        var result = CheckText(yaml);
        AssertInvalid(result, "unknown key", LineOf(yaml, "slott"));
        Assert.Contains("did you mean 'slot'?", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_field_is_named()
    {
        var yaml = Repo.ReferenceYaml(("motherboard: evga-x299-dark\n", ""));
        AssertInvalid(CheckText(yaml), "motherboard: is required but missing");
    }

    [Theory]
    [InlineData("power_limit: -50 W", "outside the plausible range")]
    [InlineData("power_limit: 20 kW", "outside the plausible range")]
    [InlineData("power_limit: 450 W", "outside the zotac-rtx-3090-blower's power-limit range")]
    [InlineData("power_limit: 350 watts", "'watts' is not a unit of power")]
    [InlineData("power_limit: 350", "has no unit")]
    public void Absurd_or_unparseable_numbers_are_rejected(string replacement, string expected)
    {
        var yaml = Repo.ReferenceYaml(("    slot: PE1\n", $"    slot: PE1\n    {replacement}\n"));
        AssertInvalid(CheckText(yaml), expected, LineOf(yaml, replacement));
    }

    [Fact]
    public void Gpu_in_a_slot_the_board_does_not_have_lists_the_slots()
    {
        var yaml = Repo.ReferenceYaml(("slot: PE4", "slot: PE9"));
        var result = CheckText(yaml);
        AssertInvalid(result, "the evga-x299-dark has no slot 'PE9'; its slots are PE1, PE2, PE3, PE4", LineOf(yaml, "PE9"));
    }

    [Fact]
    public void Two_cards_in_one_slot_are_rejected()
    {
        var yaml = Repo.ReferenceYaml(("slot: PE4", "slot: PE1"));
        AssertInvalid(CheckText(yaml), "slot PE1 already holds zotac-rtx-3090-blower", LineOf(yaml, "gigabyte-rtx-3090-turbo") + 1);
    }

    [Fact]
    public void Empty_file_is_rejected() => AssertInvalid(CheckText("   \n"), "the file is empty");

    [Fact]
    public void Comment_only_file_is_empty() => AssertInvalid(CheckText("# nothing here\n"), "the file is empty");

    [Fact]
    public void Directory_instead_of_file_is_rejected()
    {
        var result = CliRunner.Run("check", Path.GetTempPath());
        AssertInvalid(result, "is a directory, not a file");
    }

    [Fact]
    public void Missing_file_is_rejected()
    {
        var result = CliRunner.Run("check", Path.Combine(Path.GetTempPath(), "no-such-rig.yaml"));
        AssertInvalid(result, "file not found");
    }

    [Fact]
    public void Every_problem_is_reported_in_one_pass()
    {
        var yaml = Repo.ReferenceYaml(("cpu: i9-7960x", "cpu: i9-7960"), ("slot: PE4", "slot: PE9"), ("    slot: PE2", "    slott: PE2"));
        var result = CheckText(yaml);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(3, result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Unknown_command_and_missing_argument_exit_2_without_stack_trace()
    {
        foreach (var args in new[] { new[] { "chek" }, new[] { "check" }, new[] { "check", "a.yaml", "--format", "xml" } })
        {
            var result = CliRunner.Run(args);
            Assert.Equal(2, result.ExitCode);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
            Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Broken_catalog_entry_is_reported_with_its_file_and_line()
    {
        var catalog = Path.GetDirectoryName(CliRunner.TempFile("", ".keep"))!;
        foreach (var file in Directory.GetFiles(Repo.CatalogDirectory, "*.yaml"))
            File.Copy(file, Path.Combine(catalog, Path.GetFileName(file)));
        var gpus = Path.Combine(catalog, "gpus.yaml");
        File.WriteAllText(gpus, File.ReadAllText(gpus).Replace("board_power: 370 W", "board_power: 20000 W", StringComparison.Ordinal));

        var result = CliRunner.Run("check", Repo.Example("4x3090-x299-dark.rig.yaml"), "--catalog", catalog);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("gpus.yaml:", result.Error, StringComparison.Ordinal);
        Assert.Contains("board_power: 20000 W is outside the plausible range", result.Error, StringComparison.Ordinal);
    }
}
