using System.ComponentModel;
using Rigsmith.Analysis;
using Rigsmith.Planning;
using Rigsmith.Publishing;
using Rigsmith.Reports;
using Rigsmith.Rigs;
using Rigsmith.Training;
using Rigsmith.Training.Models;
using Spectre.Console.Cli;

namespace Rigsmith.Cli.Commands;

public enum ExportFormat { Article, Pcpartpicker, Reddit, Bbcode, Text, Csv, Json, Html }

/// <summary><c>rigsmith export RIG.yaml --to FORMAT [--out FILE]</c>: a build article, a part list, or the HTML report. Exit 0 written, 2 bad input.</summary>
public sealed class ExportCommand(CliIo io) : Command<ExportCommand.Settings>
{
    public sealed class Settings : CatalogSettings
    {
        [CommandArgument(0, "<RIG>")]
        [Description("The rig file (YAML); - reads it from standard input.")]
        public string Rig { get; init; } = "";

        [CommandOption("-t|--to <FORMAT>")]
        [Description("article, pcpartpicker, reddit, bbcode, text, csv, json or html.")]
        [DefaultValue(ExportFormat.Article)]
        public ExportFormat To { get; init; } = ExportFormat.Article;

        [CommandOption("-o|--out <FILE>")]
        [Description("Write here instead of to stdout.")]
        public string? Out { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // The workload is resolved like check does, so the article and report carry the training analysis.
        var loaded = RigInput.Load(CatalogSettings.RigSourceOf(settings.Rig, io), settings.Data());
        if (!loaded.Ok)
            return io.Fail(loaded.Problems);
        var (rig, job) = (loaded.Value!.Rig, loaded.Value.Job);

        string text;
        if (settings.To is ExportFormat.Article or ExportFormat.Html)
        {
            // Only the HTML report draws the slot voltage at every power cap, so only it asks the plan for the sweep.
            var report = Analyzer.Check(rig, job, settings.To == ExportFormat.Html ? HtmlReport.PlanOptions : PlanOptions.Default);
            text = settings.To == ExportFormat.Article ? BuildArticle.Render(report) : HtmlReport.Render(report);
        }
        else
        {
            var list = PartList.From(rig);
            text = settings.To switch
            {
                ExportFormat.Pcpartpicker => PcPartPickerMarkdown.Render(list),
                ExportFormat.Reddit => RedditPartList.Render(list),
                ExportFormat.Bbcode => BbCodePartList.Render(list),
                ExportFormat.Text => TextPartList.Render(list),
                ExportFormat.Csv => CsvPartList.Render(list),
                _ => JsonPartList.Render(list),
            };
        }

        if (settings.Out is null)
        {
            io.WriteRaw(text);
            return CliIo.Pass;
        }

        try
        {
            File.WriteAllText(settings.Out, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return io.Fail($"{settings.Out}: cannot write: {e.Message}");
        }

        return CliIo.Pass;
    }
}
