using Rigsmith.Cli;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Cli;

/// <summary>The contract scripts rely on: an option the command does not know is an error, never ignored.</summary>
public class StrictCommandLineTests
{
    private static readonly string Reference = Repo.Example("4x3090-x299-dark.rig.yaml");

    [Fact]
    public void A_misspelt_option_exits_2_with_the_nearest_one()
    {
        var result = CliRunner.Run("check", Reference, "--formt", "json");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Equal("error: unknown option '--formt' (did you mean '--format'?)", result.Error.Trim());
    }

    [Theory]
    [InlineData("parts", "--bogus")]
    [InlineData("fit", "--serch")]
    [InlineData("export", "--format")]
    [InlineData("import", "--format")]
    public void Every_command_refuses_options_it_does_not_take(string command, string option)
    {
        var args = command switch
        {
            "parts" => new[] { "parts", option },
            "import" => ["import", Path.Combine(Repo.Root, "tests", "Rigsmith.Tests", "Publishing", "Fixtures", "leading-pipes.md"), option, "json"],
            _ => [command, Reference, option, "json"],
        };
        var result = CliRunner.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: unknown option '{option}'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_suggestion_comes_from_the_commands_own_options()
    {
        Assert.Contains("'--search'", CliRunner.Run("fit", Reference, "--serch").Error, StringComparison.Ordinal);
        Assert.Contains(CommandLineErrors.OptionsOf("fit"), o => o == "--trainable-fraction");
        Assert.Contains(CommandLineErrors.OptionsOf("catalog lint"), o => o == "--format");
        Assert.DoesNotContain(CommandLineErrors.OptionsOf("export"), o => o == "--format");
    }

    [Fact]
    public void A_value_that_does_not_convert_names_the_option_in_the_users_words()
    {
        var result = CliRunner.Run("fit", Reference, "--top", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --top: 'x' is not a whole number", result.Error.Trim());
    }

    [Theory]
    [InlineData(new[] { "parts", "--bogus" }, "error: unknown option '--bogus'; see 'rigsmith parts --help'")]
    [InlineData(new[] { "check", "--formt", "RIG" }, "error: unknown option '--formt' (did you mean '--format'?)")]
    [InlineData(new[] { "check" }, "error: 'check' needs its <RIG> argument (see 'rigsmith check --help')")]
    [InlineData(new[] { "check", "RIG", "extra.yaml" }, "error: unexpected argument 'extra.yaml' (see 'rigsmith check --help')")]
    [InlineData(new[] { "check", "RIG", "--format" }, "error: --format: give a value (see 'rigsmith check --help')")]
    [InlineData(new[] { "check", "RIG", "--format", "--models", "models" }, "error: --format: give a value (see 'rigsmith check --help')")]
    [InlineData(new[] { "check", "RIG", "-f", "json", "--format", "text" }, "error: --format: given more than once (see 'rigsmith check --help')")]
    [InlineData(new[] { "fit", "RIG", "--search=maybe" }, "error: unexpected argument 'maybe' (see 'rigsmith fit --help')")]
    [InlineData(new[] { "check", "RIG", "-v" }, "error: unknown option '-v'; see 'rigsmith check --help'")]
    [InlineData(new[] { "catalog", "lint", "extra" }, "error: unexpected argument 'extra' (see 'rigsmith catalog lint --help')")]
    public void A_misused_command_line_gets_one_message_in_the_users_words(string[] args, string expected)
    {
        var result = CliRunner.Run([.. args.Select(a => a == "RIG" ? Reference : a)]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Equal(expected, result.Error.Trim());
    }

    [Fact]
    public void After_a_double_dash_a_word_starting_with_a_dash_is_an_argument()
    {
        var result = CliRunner.Run("parts", "--catalog", Repo.CatalogDirectory, "--", "--bogus");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No parts match", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_wins_over_a_missing_argument()
    {
        var result = CliRunner.Run("check", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("DESCRIPTION:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_branch_without_its_subcommand_is_a_misuse()
    {
        var result = CliRunner.Run("catalog");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("lint", result.Out, StringComparison.Ordinal);
        Assert.Contains("'catalog' needs a subcommand", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_root_without_a_command_asks_for_one()
    {
        // "--" ends the options: nothing on the line names a command, and the parser itself reports no error.
        var result = CliRunner.Run("--");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: give a command (see 'rigsmith --help')", result.Error.Trim());
    }

    [Fact]
    public void Version_prints_the_version()
    {
        var result = CliRunner.Run("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(RigsmithApp.Version, result.Out.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", RigsmithApp.Version);
    }
}

public class CommandLineEdgeTests
{
    [Fact]
    public void A_branch_with_only_options_still_asks_for_its_subcommand()
    {
        var result = CliRunner.Run("catalog", "--catalog", Repo.CatalogDirectory);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'catalog' needs a subcommand", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dash_as_an_option_value_is_not_standard_input()
    {
        var result = CliRunner.Run("export", Repo.Example("4x3090-x299-dark.rig.yaml"), "--to", "text", "--out", "-");

        Assert.DoesNotContain("<stdin>", result.Out + result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists("<stdin>"));
        if (File.Exists("-"))
            File.Delete("-");
    }
}

public class CommandTableTests
{
    [Fact]
    public void Every_registered_command_has_its_options_known_for_suggestions()
    {
        var help = CliRunner.Run("--help").Out;
        var listed = help[help.IndexOf("COMMANDS:", StringComparison.Ordinal)..].Split('\n').Skip(1)
            .Select(l => l.Trim().Split(' ')[0]).Where(w => w.Length > 0).ToList();

        // The table's command words and the help's command list are the same set.
        var known = Rigsmith.Cli.CommandLineErrors.Commands.Keys.Select(k => k.Split(' ')[0]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(known, listed.Order(StringComparer.Ordinal));
    }
}
