using System.CommandLine;
using System.Globalization;
using Rigsmith.Cli.Rendering;

namespace Rigsmith.Cli.CommandLine;

/// <summary>
/// A command's help, in the layout rigsmith's help has always had (Spectre.Console.Cli's): DESCRIPTION, USAGE,
/// EXAMPLES, ARGUMENTS, OPTIONS with a DEFAULT column when an option has a default, and COMMANDS, read from the
/// System.CommandLine tree and the commands' definitions. Descriptions lose their final full stop.
/// </summary>
internal static class HelpWriter
{
    /// <summary>How many examples the help of the root or a branch borrows from its commands.</summary>
    private const int MaximumIndirectExamples = 5;

    public static void Write(TextLayout output, CommandTree tree, Command command)
    {
        var definition = tree.DefinitionOf(command);
        var chain = Chain(command);

        if (definition is not null)
            output.Markup($"{Header("DESCRIPTION")}\n{Escape(Normalize(definition.Description))}\n\n");

        var usage = new List<string>();
        foreach (var current in chain.Skip(1))
        {
            var isCurrent = current == command;
            usage.Add(Escape(current.Name));
            if (isCurrent)
                usage.AddRange(current.Arguments.Where(Required).Select(a => Escape($"<{a.Name}>")));
            usage.AddRange(current.Arguments.Where(a => !Required(a)).Select(a => Escape($"[{a.Name}]")));
            if (isCurrent)
                usage.Add(Escape("[OPTIONS]"));
        }

        if (command == tree.Root)
            usage.Add(Escape("[OPTIONS]"));
        if (command.Subcommands.Count > 0)
            usage.Add(Escape("<COMMAND>"));
        output.Markup($"{Header("USAGE")}\n    rigsmith {string.Join(' ', usage)}\n");

        var examples = Examples(tree, command);
        if (examples.Count > 0)
            output.Markup($"\n{Header("EXAMPLES")}\n" + string.Concat(examples.Select(e => $"    rigsmith {Escape(e)}\n")));

        if (command.Arguments.Count > 0)
        {
            output.Markup($"\n{Header("ARGUMENTS")}\n");
            var grid = new TextGrid().AddColumn(4, 4, noWrap: true).AddColumn(0, 0);
            foreach (var argument in command.Arguments.Where(Required))
                grid.AddRow(StyledText.Plain($"<{argument.Name}>"), StyledText.Plain(Normalize(argument.Description)));
            foreach (var argument in command.Arguments.Where(a => !Required(a)))
                grid.AddRow(StyledText.Plain($"[{argument.Name}]"), StyledText.Plain(Normalize(argument.Description)));
            grid.Render(output);
        }

        WriteOptions(output, command.Options);

        if (command.Subcommands.Count > 0)
        {
            output.Markup($"\n{Header("COMMANDS")}\n");
            var grid = new TextGrid().AddColumn(4, 4, noWrap: true).AddColumn(0, 0);
            foreach (var child in command.Subcommands)
            {
                var name = string.Join(' ', child.Arguments.Where(Required).Select(a => $"<{a.Name}>").Prepend(child.Name));
                grid.AddRow(StyledText.Plain(name), StyledText.Plain(Normalize(child.Description)));
            }

            grid.Render(output);
        }
    }

    private static void WriteOptions(TextLayout output, IList<Option> options)
    {
        output.Markup($"\n{Header("OPTIONS")}\n");
        var defaults = options.Select(DefaultOf).ToList();
        var withDefaults = defaults.Any(d => d is not null);
        var grid = new TextGrid().AddColumn(4, 4, noWrap: true);
        if (withDefaults)
        {
            grid.AddColumn(0, 4).AddColumn(0, 0);
            grid.AddRow(StyledText.Plain(" "), StyledText.FromMarkup("[green]DEFAULT[/]"), StyledText.Plain(" "));
        }
        else
        {
            grid.AddColumn(0, 0);
        }

        for (var i = 0; i < options.Count; i++)
        {
            var option = options[i];
            var names = NamesOf(option);
            var description = StyledText.Plain(Normalize(option.Description));
            if (withDefaults)
                grid.AddRow(names, defaults[i] is { Length: > 0 } value ? StyledText.FromMarkup($"[bold]{Escape(value)}[/]") : StyledText.Plain(" "), description);
            else
                grid.AddRow(names, description);
        }

        grid.Render(output);
    }

    /// <summary>"-f, --format &lt;FORMAT&gt;", or "    --catalog &lt;DIR&gt;" for an option without a short name.</summary>
    private static StyledText NamesOf(Option option)
    {
        var shortName = option.Aliases.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        var text = (shortName is null ? "    " : shortName + ", ") + option.Name;
        if (option.ValueType != typeof(bool))
            text += $" <{option.HelpName ?? option.Name.TrimStart('-').ToUpperInvariant()}>";
        return StyledText.Plain(text);
    }

    /// <summary>The default help shows: none for a flag, which is simply off.</summary>
    private static string? DefaultOf(Option option) =>
        option.ValueType == typeof(bool) || !option.HasDefaultValue
            ? null
            : Convert.ToString(option.GetDefaultValue(), CultureInfo.InvariantCulture);

    /// <summary>The examples of the command, or for the root and a branch, the first of its commands' examples.</summary>
    private static List<string> Examples(CommandTree tree, Command command)
    {
        if (tree.DefinitionOf(command) is { IsBranch: false } definition)
            return [.. definition.Examples];
        var examples = new List<string>();
        var queue = new Queue<Command>([command]);
        while (queue.Count > 0)
        {
            foreach (var child in queue.Dequeue().Subcommands)
            {
                examples.AddRange(tree.DefinitionOf(child)?.Examples ?? []);
                queue.Enqueue(child);
            }

            if (examples.Count >= MaximumIndirectExamples)
                break;
        }

        return [.. examples.Take(MaximumIndirectExamples)];
    }

    private static List<Command> Chain(Command command)
    {
        var chain = new List<Command>();
        for (Symbol? current = command; current is Command c; current = c.Parents.FirstOrDefault())
            chain.Insert(0, c);
        return chain;
    }

    private static bool Required(Argument argument) => argument.Arity.MinimumNumberOfValues > 0;

    private static string Header(string name) => $"[yellow]{name}:[/]";

    private static string Normalize(string? description) => (description ?? "").TrimEnd('.');

    private static string Escape(string text) => text.Replace("[", "[[", StringComparison.Ordinal).Replace("]", "]]", StringComparison.Ordinal);
}
