using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Rigsmith.Catalog;
using Rigsmith.Cli.Commands;
using Spectre.Console.Cli;

namespace Rigsmith.Cli;

/// <summary>The command line: builds the command tree and maps every failure to exit code 2 with one message.</summary>
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

    // Spectre.Console.Cli marks CommandApp as needing dynamic code; see Rigsmith.Cli.csproj for why that holds here.
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Its reflection only reads the rooted command and settings types; CI runs every command through the published binary.")]
    public static int Run(string[] args, CliIo io)
    {
        // A lone '-' in an argument's place (not an option's value, such as '--out -') means standard input.
        var arguments = args.Select((a, i) => a == "-" && (i == 0 || !args[i - 1].StartsWith('-')) ? CatalogSettings.StandardInput : a).ToList();
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("rigsmith");
            config.Settings.Console = io.Out;
            config.Settings.Registrar.RegisterInstance(io);
            config.PropagateExceptions();
            // Unknown options are errors: a script that asked for --formt json must not parse a table.
            config.UseStrictParsing();
            // Spectre.Console.Cli reflects over every registered command's settings when it starts; a run that names
            // a command registers only that one (the root's help, --version and unknown commands still get them all).
            var only = arguments.Count > 0 && Registrations.Any(r => r.Name == arguments[0]) ? arguments[0] : null;
            foreach (var registration in Registrations.Where(r => only is null || r.Name == only))
                registration.Add(config);
            // -v/--version belongs to the root alone (a command refuses it), so only a run without a command needs it.
            if (only is null)
                config.SetApplicationVersion(Version);
        });

        var branchAlone = arguments.Count > 0 && CommandLineErrors.Branches.Contains(arguments[0])
            && (arguments.Count == 1 || arguments[1].StartsWith('-')) && !arguments.Contains("--help") && !arguments.Contains("-h");
        if (branchAlone)
        {
            // A branch alone is a misuse: show what it offers, then say so with exit 2.
            app.Run([arguments[0], "--help"]);
            return io.Fail($"'{arguments[0]}' needs a subcommand (see 'rigsmith {arguments[0]} --help')");
        }

        try
        {
            return app.Run(arguments);
        }
        catch (CommandAppException e)
        {
            return io.Fail(CommandLineErrors.Describe(e, arguments));
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("RIGSMITH_DEBUG") != "1")
        {
            // A bug must still end in one line, not a stack trace; RIGSMITH_DEBUG=1 lets it through for a report.
            io.Error.WriteLine($"error: internal error: {e.GetType().Name}: {e.Message} (please report it; RIGSMITH_DEBUG=1 shows where)");
            return InternalError;
        }
    }

    /// <summary>Every command (and branch) of the command line, in the order the root's help lists them.</summary>
    private static readonly IReadOnlyList<(string Name, Action<IConfigurator> Add)> Registrations =
    [
        new("check", c => c.AddCommand<CheckCommand>("check")
            .WithDescription("Check a rig file: compatibility and every other analysis, with a verdict.")
            .WithExample("check", "examples/4x3090-x299-dark.rig.yaml")
            .WithExample("check", "examples/4x3090-x299-dark.rig.yaml", "--format", "json")),
        new("power", c => c.AddCommand<PowerCommand>("power")
            .WithDescription("Power only: load, wall draw, transients, leads, the 12 V at the slots and the wall circuit.")
            .WithExample("power", "examples/4x3090-c9x299-rpgf.rig.yaml")
            .WithExample("power", "examples/4x3090-x299-dark.rig.yaml", "--format", "json")),
        new("fit", c => c.AddCommand<FitCommand>("fit")
            .WithDescription("Will the training job fit on this rig, how fast, and (--search) which settings make it fit.")
            .WithExample("fit", "examples/4x3090-x299-dark.rig.yaml", "--search")
            .WithExample("fit", "examples/4x3090-x299-dark.rig.yaml", "--optimizer", "adafactor", "--trainable-fraction", "0.7")
            .WithExample("fit", "--validate")),
        new("parts", c => c.AddCommand<PartsCommand>("parts")
            .WithDescription("List catalog parts, optionally filtered by a query and a category.")
            .WithExample("parts", "3090", "--category", "gpu")),
        new("part", c => c.AddCommand<PartCommand>("part")
            .WithDescription("Show one catalog part with the source of each value.")
            .WithExample("part", "i9-7960x")),
        new("catalog", c => c.AddBranch("catalog", catalog =>
        {
            catalog.SetDescription("Work on the catalog itself.");
            catalog.AddCommand<CatalogLintCommand>("lint")
                .WithDescription("Report contradictory or missing catalog data (exit 1) and the assumed values rules read.")
                .WithExample("catalog", "lint")
                .WithExample("catalog", "lint", "--format", "json");
        })),
        new("export", c => c.AddCommand<ExportCommand>("export")
            .WithDescription("Publish a rig: a build article, a part list (pcpartpicker, reddit, bbcode, text, csv, json) or an HTML report with charts.")
            .WithExample("export", "examples/4x3090-x299-dark.rig.yaml", "--to", "article")
            .WithExample("export", "examples/4x3090-x299-dark.rig.yaml", "--to", "html", "--out", "rig.html")),
        new("import", c => c.AddCommand<ImportCommand>("import")
            .WithDescription("Turn a PCPartPicker part-list export (Markdown or plain text) into a rig file; unmatched lines are listed.")
            .WithExample("import", "list.md", "--out", "my.rig.yaml")),
        new("doctor", c => c.AddCommand<DoctorCommand>("doctor")
            .WithDescription("Read the live machine (nvidia-smi, lspci, smartctl, sensors, kernel log) for faults and, with a rig file, against its plan.")
            .WithExample("doctor", "examples/4x3090-x299-dark.rig.yaml")
            .WithExample("doctor", "--from", "captures/", "--format", "json")
            .WithExample("doctor", "--collect", "captures/")),
    ];
}
