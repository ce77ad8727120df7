using System.CommandLine;
using System.CommandLine.Parsing;
using Rigsmith.Cli.CommandLine;

namespace Rigsmith.Tests.Cli;

/// <summary>
/// A run builds only the command its first word names (<see cref="CommandTree.For"/>); it must parse every command line
/// exactly as the whole tree does, errors included.
/// </summary>
public sealed class CommandTreeTests
{
    public static TheoryData<string> CommandLines() =>
    [
        "check examples/4x3090-x299-dark.rig.yaml",
        "check examples/4x3090-x299-dark.rig.yaml --format json --prices prices.yaml",
        "check --bogus x",
        "check",
        "check a b",
        "check --format",
        "fit examples/4x3090-x299-dark.rig.yaml --search --optimizer adafactor --batch 2",
        "fit --validate",
        "fit x --lora-rank",
        "parts 3090 blower",
        "parts --bogus",
        "part zotac-rtx-3090-blower --format json",
        "catalog",
        "catalog lint",
        "catalog lint --format json",
        "catalog bogus",
        "catalog --help",
        "export examples/4x3090-x299-dark.rig.yaml --to markdown",
        "import list.txt --out rig.yaml",
        "doctor captures/ --plan rig.yaml",
        "power examples/4x3090-x299-dark.rig.yaml",
        "check --help",
        "--help",
        "--version",
        "-v check",
        "chek examples/x.rig.yaml",
        "--format json check x",
        "",
    ];

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void The_tree_for_a_command_line_parses_it_as_the_whole_tree_does(string line)
    {
        var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var whole = CommandTree.Build();
        var lazy = CommandTree.For(args);
        var expected = whole.Root.Parse(args);
        var actual = lazy.Root.Parse(args);

        Assert.Equal(Describe(expected), Describe(actual));
        Assert.Equal(whole.DefinitionOf(expected.CommandResult.Command)?.Path, lazy.DefinitionOf(actual.CommandResult.Command)?.Path);
    }

    [Fact]
    public void Only_the_command_named_first_gets_its_options()
    {
        var tree = CommandTree.For(["check", "x"]);
        Assert.Contains(tree.Command("check")!.Options, o => o.Name == "--prices");
        Assert.Empty(tree.Command("fit")!.Options);
        Assert.NotEmpty(CommandTree.For(["catalog", "lint"]).Command("catalog lint")!.Options);
    }

    /// <summary>What a parse found, as text: the command, every option and argument given with its value, the leftovers and the errors.</summary>
    private static string Describe(ParseResult result)
    {
        var lines = new List<string> { $"command {result.CommandResult.Command.Name}" };
        for (var command = result.CommandResult; command is not null; command = command.Parent as CommandResult)
        {
            foreach (var child in command.Children)
            {
                lines.Add(child switch
                {
                    OptionResult o => $"option {o.Option.Name} implicit={o.Implicit} [{string.Join(",", o.Tokens.Select(t => t.Value))}]",
                    ArgumentResult a => $"argument {a.Argument.Name} [{string.Join(",", a.Tokens.Select(t => t.Value))}]",
                    _ => child.GetType().Name,
                });
            }
        }

        lines.AddRange(result.UnmatchedTokens.Select(t => $"unmatched {t}"));
        lines.AddRange(result.Errors.Select(e => $"error {e.Message}"));
        return string.Join("\n", lines);
    }
}
