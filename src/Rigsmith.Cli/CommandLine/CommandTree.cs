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
        CatalogImportOpenDbCommand.Definition,
        ExportCommand.Definition,
        ImportCommand.Definition,
        OptimizeCommand.Definition,
        DoctorCommand.Definition,
        ExporterCommand.Definition,
        ServeCommand.Definition,
    ];

    private readonly Dictionary<Command, CliCommand> _definitions = [];

    private CommandTree(string[]? args)
    {
        // A plain command as the root, not RootCommand: no directives, no help or version action of its own.
        Root = new Command("rigsmith") { CliSymbols.HelpOption(), CliSymbols.VersionOption() };
        Root.SetAction(NeverRun);
        var only = args is null ? null : Addressed(args);
        var byPath = new Dictionary<string, Command>(StringComparer.Ordinal) { [""] = Root };
        foreach (var definition in Commands)
        {
            var command = new Command(definition.Name, definition.Description);
            if (definition.IsBranch)
            {
                command.Add(CliSymbols.HelpOption());
                command.SetAction(NeverRun);
            }
            else if (only is null || definition.Path == only || definition.Parent == only)
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

    /// <summary>
    /// The action of the root and of each branch, which RigsmithApp never invokes. Without one, System.CommandLine reports a
    /// command that has subcommands but was given none ('rigsmith --version' is one) as an error worded from its
    /// resources, and creating their ResourceManager is reflection over every assembly's metadata: a native
    /// 'rigsmith --version' took 8.96 ms with it, 8.24 ms without (perf stat, 60 runs). RigsmithApp says itself what
    /// such a line lacks.
    /// </summary>
    private static int NeverRun(ParseResult result) => throw new InvalidOperationException("rigsmith dispatches commands itself");

    /// <summary>
    /// The command <paramref name="args"/> start with ("check", or a branch such as "catalog"), when they start with one;
    /// else null. The parser enters that command at the first word and reads every later word against it alone, so the
    /// other commands' options and arguments can never matter to this run.
    /// </summary>
    private static string? Addressed(string[] args) =>
        args.Length > 0 && Commands.FirstOrDefault(c => c.Parent.Length == 0 && c.Name == args[0]) is { } first ? first.Path : null;

    /// <summary>The root command, <c>rigsmith</c>.</summary>
    public Command Root { get; }

    /// <summary>The whole tree.</summary>
    public static CommandTree Build() => new(null);

    /// <summary>
    /// The tree as <paramref name="args"/> need it: every command named, but only the command they start with (a branch:
    /// with its subcommands) given its options and arguments, which a cold start would otherwise build for all
    /// eleven. Without a leading command word, the whole tree.
    /// </summary>
    public static CommandTree For(string[] args) => new(args);

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
