using Rigsmith.Cli.Commands;
using Spectre.Console.Cli;

namespace Rigsmith.Cli;

/// <summary>The command line: builds the command tree and maps every failure to exit code 2 with one message.</summary>
public static class RigsmithApp
{
    public static int Run(string[] args, CliIo io)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("rigsmith");
            config.Settings.Console = io.Out;
            config.Settings.Registrar.RegisterInstance(io);
            config.PropagateExceptions();
            config.AddCommand<CheckCommand>("check")
                .WithDescription("Check a rig file: compatibility and every other analysis, with a verdict.")
                .WithExample("check", "examples/4x3090-x299-dark.rig.yaml")
                .WithExample("check", "examples/4x3090-x299-dark.rig.yaml", "--format", "json");
            config.AddCommand<PowerCommand>("power")
                .WithDescription("Power only: load, wall draw, transients, leads, the 12 V at the slots and the wall circuit.")
                .WithExample("power", "examples/4x3090-c9x299-rpgf.rig.yaml")
                .WithExample("power", "examples/4x3090-x299-dark.rig.yaml", "--format", "json");
            config.AddCommand<FitCommand>("fit")
                .WithDescription("Will the training job fit on this rig, how fast, and (--search) which settings make it fit.")
                .WithExample("fit", "examples/4x3090-x299-dark.rig.yaml", "--search")
                .WithExample("fit", "examples/4x3090-x299-dark.rig.yaml", "--optimizer", "adafactor", "--trainable-fraction", "0.7")
                .WithExample("fit", "--validate");
            config.AddCommand<PartsCommand>("parts")
                .WithDescription("List catalog parts, optionally filtered by a query and a category.")
                .WithExample("parts", "3090", "--category", "gpu");
            config.AddCommand<PartCommand>("part")
                .WithDescription("Show one catalog part with the source of each value.")
                .WithExample("part", "i9-7960x");
            config.AddBranch("catalog", catalog =>
            {
                catalog.SetDescription("Work on the catalog itself.");
                catalog.AddCommand<CatalogLintCommand>("lint")
                    .WithDescription("Report contradictory or missing catalog data (exit 1) and the assumed values rules read.")
                    .WithExample("catalog", "lint")
                    .WithExample("catalog", "lint", "--format", "json");
            });
            config.AddCommand<ExportCommand>("export")
                .WithDescription("Publish a rig: a build article, a part list (pcpartpicker, reddit, bbcode, text, csv, json) or an HTML report with charts.")
                .WithExample("export", "examples/4x3090-x299-dark.rig.yaml", "--to", "article")
                .WithExample("export", "examples/4x3090-x299-dark.rig.yaml", "--to", "html", "--out", "rig.html");
            config.AddCommand<ImportCommand>("import")
                .WithDescription("Turn a PCPartPicker part-list export (Markdown or plain text) into a rig file; unmatched lines are listed.")
                .WithExample("import", "list.md", "--out", "my.rig.yaml");
        });

        try
        {
            return app.Run(args.Select(a => a == "-" ? CatalogSettings.StandardInput : a));
        }
        catch (CommandAppException e)
        {
            return io.Fail(e.Message.TrimEnd('.') + " (see 'rigsmith --help')");
        }
    }
}
