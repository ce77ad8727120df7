using System.CommandLine;
using Rigsmith.Cli.Commands;

namespace Rigsmith.Cli.CommandLine;

/// <summary>
/// The command line as a System.CommandLine tree: the root (<c>-h/--help</c> and <c>-v/--version</c>), its commands
/// and branches, each with the options every command shares and then its own. Built fresh for every run.
/// </summary>
public sealed class CommandTree
{
    /// <summary>Every command and branch, in the order the root's help lists them; a branch before its subcommands.</summary>
    public static readonly IReadOnlyList<CliCommand> Commands =
    [
        CheckCommand.Definition,
        PowerCommand.Definition,
        FitCommand.Definition,
        PartsCommand.Definition,
        PartCommand.Definition,
        CliCommand.Branch("catalog", "Work on the catalog itself."),
        CatalogLintCommand.Definition,
        ExportCommand.Definition,
        ImportCommand.Definition,
        DoctorCommand.Definition,
        ExporterCommand.Definition,
    ];

    private readonly Dictionary<Command, CliCommand> _definitions = [];

    private CommandTree()
    {
        // A plain command as the root, not RootCommand: no directives, no help or version action of its own.
        Root = new Command("rigsmith") { CliSymbols.HelpOption(), CliSymbols.VersionOption() };
        var byPath = new Dictionary<string, Command>(StringComparer.Ordinal) { [""] = Root };
        foreach (var definition in Commands)
        {
            var command = new Command(definition.Name, definition.Description);
            if (definition.IsBranch)
            {
                command.Add(CliSymbols.HelpOption());
            }
            else
            {
                foreach (var option in CliSymbols.Common())
                    command.Add(option);
                foreach (var symbol in definition.Symbols())
                    Add(command, symbol);
            }

            byPath[definition.Parent].Add(command);
            byPath[definition.Path] = command;
            _definitions[command] = definition;
        }
    }

    /// <summary>The root command, <c>rigsmith</c>.</summary>
    public Command Root { get; }

    /// <summary>The whole tree.</summary>
    public static CommandTree Build() => new();

    /// <summary>The definition of a command of this tree; null for the root.</summary>
    public CliCommand? DefinitionOf(Command command) => _definitions.GetValueOrDefault(command);

    /// <summary>The command at <paramref name="path"/> in this tree ("" for the root), or null.</summary>
    public Command? Command(string path)
    {
        var command = Root;
        foreach (var word in path.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            command = command.Subcommands.FirstOrDefault(c => c.Name == word);
            if (command is null)
                return null;
        }

        return command;
    }

    private static void Add(Command command, Symbol symbol)
    {
        switch (symbol)
        {
            case Argument argument:
                command.Add(argument);
                break;
            case Option option:
                command.Add(option);
                break;
            default:
                throw new ArgumentException($"'{symbol.Name}' is neither an argument nor an option", nameof(symbol));
        }
    }
}
