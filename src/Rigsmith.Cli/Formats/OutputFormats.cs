using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Cli.CommandLine;
using Rigsmith.Cli.Rendering;
using Rigsmith.Doctor;
using Rigsmith.Planning;
using Rigsmith.Publishing;
using Rigsmith.Reporting;
using Rigsmith.Reports;
using Rigsmith.Rigs;
using Rigsmith.Training;
using Rigsmith.Training.Validation;

namespace Rigsmith.Cli.Formats;

/// <summary>A report with the command that made it, for its heading, and the rig's cost where the command shows it (<c>check</c>).</summary>
public sealed record ReportOutput(Report Report, string Command, PartList? Cost = null);

/// <summary>A fit estimate and, with <c>--search</c>, the ranked settings.</summary>
public sealed record FitOutput(FitEstimate Estimate, IReadOnlyList<SearchCandidate>? Candidates);

/// <summary>A loaded rig to export: part lists read the rig; the article and HTML report plan it and run the analyses.</summary>
public sealed record ExportSource(RigModel Rig, TrainingJob? Job, Rigsmith.Catalog.PriceBook? Prices = null);

/// <summary>Every output format of every command, in one place.</summary>
public static class OutputFormats
{
    public static readonly FormatRegistry<ConsoleFormat<ReportOutput>> Report = new("--format",
        new("text", "tables for the terminal", (io, r) => TerminalReport.Write(io.Out, r.Report, r.Command, r.Cost)),
        new("json", "the stable JSON of docs/json.md", (io, r) => io.WriteRaw(JsonReport.Render(r.Report, r.Cost))),
        new("markdown", "Markdown for an issue or a wiki", (io, r) => io.WriteRaw(MarkdownReport.Render(r.Report, r.Command, r.Cost))));

    public static readonly FormatRegistry<ConsoleFormat<FitOutput>> Fit = new("--format",
        new("text", "tables for the terminal", (io, f) => FitView.Write(io.Out, f.Estimate, f.Candidates)),
        new("json", "JSON (docs/json.md)", (io, f) => io.WriteRaw(FitJson.Render(f.Estimate, f.Candidates))),
        new("markdown", "Markdown", (io, f) => io.WriteRaw(FitMarkdown.Render(f.Estimate, f.Candidates))));

    public static readonly FormatRegistry<ConsoleFormat<IReadOnlyList<CaseResult>>> Validation = new("--format",
        new("text", "tables for the terminal", (io, r) => FitView.WriteValidation(io.Out, r)),
        new("json", "JSON", (io, r) => io.WriteRaw(FitJson.RenderValidation(r))));

    public static readonly FormatRegistry<ConsoleFormat<IReadOnlyList<Part>>> Parts = new("--format",
        new("text", "a table for the terminal", (io, p) => PartsView.WriteList(io.Out, p)),
        new("json", "JSON with every value's source", (io, p) => io.WriteRaw(CatalogJson.Render(p))),
        new("markdown", "a Markdown table", (io, p) => io.WriteRaw(CatalogMarkdown.List(p))));

    public static readonly FormatRegistry<ConsoleFormat<Part>> Part = new("--format",
        new("text", "a table for the terminal", (io, p) => PartsView.WriteDetail(io.Out, p)),
        new("json", "JSON with every value's source", (io, p) => io.WriteRaw(CatalogJson.Render([p]))),
        new("markdown", "Markdown", (io, p) => io.WriteRaw(CatalogMarkdown.Detail(p))));

    public static readonly FormatRegistry<ConsoleFormat<CatalogLintReport>> Lint = new("--format",
        new("text", "tables for the terminal", (io, r) => CatalogLintView.Write(io.Out, r)),
        new("json", "JSON", (io, r) => io.WriteRaw(CatalogLintJson.Render(r))));

    public static readonly FormatRegistry<FileFormat<ExportSource>> Export = new("--to",
        new("article", "a Markdown build article", s => BuildArticle.Render(Analyzer.Check(s.Rig, s.Job), s.Prices)),
        new("pcpartpicker", "PCPartPicker-style Markdown part list", s => PcPartPickerMarkdown.Render(PartList.From(s.Rig, s.Prices))),
        new("reddit", "Reddit Markdown part list", s => RedditPartList.Render(PartList.From(s.Rig, s.Prices))),
        new("bbcode", "BBCode part list for forums", s => BbCodePartList.Render(PartList.From(s.Rig, s.Prices))),
        new("text", "plain-text part list", s => TextPartList.Render(PartList.From(s.Rig, s.Prices))),
        new("csv", "CSV part list", s => CsvPartList.Render(PartList.From(s.Rig, s.Prices))),
        new("json", "JSON part list", s => JsonPartList.Render(PartList.From(s.Rig, s.Prices))),
        new("html", "a self-contained HTML report with charts", RenderHtml, InToolsBinary: true));

    // The doctor's renderers, like the HTML report, are compiled only where the doctor runs (ToolsBinary): each is
    // called through a branch on the feature switch, which the native compiler removes from the shipped rigsmith.
    public static readonly FormatRegistry<ConsoleFormat<DoctorReport>> Doctor = new("--format",
        new("text", "tables for the terminal", (io, r) => DoctorText(io, r)),
        new("json", "the stable JSON of docs/json.md", (io, r) => io.WriteRaw(DoctorJsonText(r))),
        new("markdown", "Markdown for an issue or a forum post", (io, r) => io.WriteRaw(DoctorMarkdownText(r))),
        new("prometheus", "Prometheus text exposition format", (io, r) => io.WriteRaw(DoctorPrometheusText(r))));

    private static string RenderHtml(ExportSource s) =>
        ToolsBinary.InProcess ? HtmlReport.Render(Analyzer.Check(s.Rig, s.Job, HtmlReport.PlanOptions), s.Prices) : throw ToolsBinary.NotInThisBinary("the HTML report");

    private static void DoctorText(CliIo io, DoctorReport r)
    {
        if (!ToolsBinary.InProcess)
            throw ToolsBinary.NotInThisBinary("the doctor's report");
        DoctorView.Write(io.Out, r);
    }

    private static string DoctorJsonText(DoctorReport r) => ToolsBinary.InProcess ? DoctorJson.Render(r) : throw ToolsBinary.NotInThisBinary("the doctor's report");

    private static string DoctorMarkdownText(DoctorReport r) => ToolsBinary.InProcess ? DoctorMarkdown.Render(r) : throw ToolsBinary.NotInThisBinary("the doctor's report");

    private static string DoctorPrometheusText(DoctorReport r) =>
        ToolsBinary.InProcess ? PrometheusExposition.Render(r) : throw ToolsBinary.NotInThisBinary("the doctor's report");

    /// <summary>The registries by field name.</summary>
    public static IFormatList ByName(string name) => name switch
    {
        nameof(Report) => Report,
        nameof(Fit) => Fit,
        nameof(Validation) => Validation,
        nameof(Parts) => Parts,
        nameof(Part) => Part,
        nameof(Lint) => Lint,
        nameof(Export) => Export,
        nameof(Doctor) => Doctor,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such format registry"),
    };
}
