using System.CommandLine;
using System.CommandLine.Parsing;
using System.Reflection;
using Rigsmith.Catalog;
using Rigsmith.Cli.CommandLine;
using Rigsmith.Cli.Rendering;

namespace Rigsmith.Cli;

/// <summary>The command line: parses it (System.CommandLine), runs the command, and maps every failure to exit code 2 with one message.</summary>
public static class RigsmithApp
{
    /// <summary>Exit code of a bug in rigsmith itself (EX_SOFTWARE of sysexits.h), apart from 2 for the user's input.</summary>
    public const int InternalError = 70;

    /// <summary>The version <c>rigsmith --version</c> prints: the assembly's informational version without build metadata.</summary>
    /// <remarks>Read when asked, not at start-up: reading an attribute is reflection, which a native binary pays for.</remarks>
    public static string Version =>
        (typeof(RigsmithApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>The argument the build passes, with the output's catalog directory, to write the shipped catalog's index; not a command.</summary>
    public const string WriteCatalogIndexArgument = "--write-catalog-index";

    /// <summary>No response files: an argument starting with '@' is a value like any other.</summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    /// <summary>
    /// Writes the index of the catalog in <paramref name="catalogDirectory"/> into its <c>.index</c> folder. A catalog with
    /// problems gets none and the build goes on: the binary then loads it in full and reports them.
    /// </summary>
    public static int WriteCatalogIndex(string catalogDirectory, TextWriter output)
    {
        var result = CatalogSnapshot.WriteIndex(catalogDirectory, Path.Combine(catalogDirectory, CatalogSnapshot.IndexFolder));
        output.WriteLine(result.Ok
            ? $"rigsmith: indexed the {result.Value!.Count} parts of {catalogDirectory}"
            : $"rigsmith: the catalog in {catalogDirectory} has problems, so it ships without an index ('rigsmith catalog lint' lists them)");
        return 0;
    }

    public static int Run(string[] args, CliIo io)
    {
        try
        {
            return Dispatch(args, io);
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("RIGSMITH_DEBUG") != "1")
        {
            // A bug must still end in one line, not a stack trace; RIGSMITH_DEBUG=1 lets it through for a report.
            io.Error.WriteLine($"error: internal error: {e.GetType().Name}: {e.Message} (please report it; RIGSMITH_DEBUG=1 shows where)");
            return InternalError;
        }
    }

    private static int Dispatch(string[] args, CliIo io)
    {
        var tree = CommandTree.For(args);
        var result = tree.Root.Parse(args, Parsing);
        var command = result.CommandResult.Command;
        var definition = tree.DefinitionOf(command);
        var path = definition?.Path ?? "";

        // -h/--help wins over everything else on the line, for the command it was given to.
        for (var current = result.CommandResult; current is not null; current = current.Parent as CommandResult)
        {
            if (current.Command.Options.FirstOrDefault(o => o.Name == CliSymbols.Help) is { } help && result.GetResult(help) is { Implicit: false })
                return WriteHelp(io, tree, current.Command);
        }

        if (command == tree.Root && args.Length == 0)
            return WriteHelp(io, tree, command);
        if (command == tree.Root && result.UnmatchedTokens.Count == 0 && result.GetResult(CliSymbols.Version) is OptionResult { Implicit: false })
        {
            io.Out.Profile.Out.Writer.WriteLine(Version);
            return CliIo.Pass;
        }

        if (definition is { IsBranch: true } && result.UnmatchedTokens.FirstOrDefault() is null or ['-', ..])
        {
            // A branch alone is a misuse: show what it offers, then say so with exit 2.
            WriteHelp(io, tree, command);
            return io.Fail($"'{path}' needs a subcommand (see 'rigsmith {path} --help')");
        }

        if (CommandLineErrors.StrayOption(result, path) is { } stray)
            return io.Fail(stray);
        if (result.Errors.Count > 0 || definition?.Run is null)
            return io.Fail(CommandLineErrors.Describe(result, path));
        return definition.Run(result, io);
    }

    private static int WriteHelp(CliIo io, CommandTree tree, Command command)
    {
        var output = TextLayout.For(io.Out);
        HelpWriter.Write(output, tree, command);
        output.Flush(io.Out);
        return CliIo.Pass;
    }
}
