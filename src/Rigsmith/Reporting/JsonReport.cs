using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Publishing;

namespace Rigsmith.Reporting;

/// <summary>The stable JSON form of a report (documented field by field in docs/json.md).</summary>
public static class JsonReport
{
    public const int SchemaVersion = 1;

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="cost">The rig's part list with prices, written as <c>cost</c> (docs/json.md); null leaves it out.</param>
    public static string Render(Report report, PartList? cost = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", SchemaVersion);
            w.WriteStartObject("rig");
            w.WriteString("name", report.Rig.Name);
            w.WriteString("file", report.Rig.File);
            w.WriteEndObject();
            w.WriteString("verdict", VerdictName(report.Verdict));
            w.WriteStartObject("verdicts");
            w.WriteString("hardware", VerdictName(report.HardwareVerdict));
            if (report.WorkloadVerdict is { } workload)
                w.WriteString("workload", Headline.WorkloadName(workload));
            else
                w.WriteNull("workload");
            w.WriteEndObject();
            if (report.WorkloadVerdict == Training.FitVerdict.DoesNotFit && report.Plan.Training?.Candidates.FirstOrDefault() is { } best)
            {
                w.WriteStartObject("fitting_settings");
                w.WriteStartArray("changes");
                foreach (var change in best.Changes)
                    w.WriteStringValue(change);
                w.WriteEndArray();
                w.WriteNumber("compromise", Math.Round(best.Compromise, 3));
                w.WriteNumber("peak_gib", Math.Round(best.Estimate.Worst.Peak.Gibibytes, 2));
                w.WriteNumber("step_time_s", Math.Round(best.Estimate.StepTime.Value, 3));
                w.WriteNumber("samples_per_s", Math.Round(best.Estimate.SamplesPerSecond, 3));
                w.WriteEndObject();
            }
            w.WriteNumber("exit_code", report.ExitCode);
            w.WriteStartObject("counts");
            w.WriteNumber("error", report.Count(Severity.Error));
            w.WriteNumber("warning", report.Count(Severity.Warning));
            w.WriteNumber("info", report.Count(Severity.Info));
            w.WriteEndObject();

            w.WriteStartArray("findings");
            foreach (var analysis in report.Analyses)
            {
                foreach (var f in analysis.Findings.OrderByDescending(f => f.Severity))
                    WriteFinding(w, analysis.Key, f);
            }

            w.WriteEndArray();

            w.WriteStartArray("assumed_values");
            foreach (var a in report.AssumedValues)
                WriteAssumption(w, a);
            w.WriteEndArray();

            w.WriteStartArray("observed_values");
            foreach (var o in report.ObservedValues)
                WriteAssumption(w, o);
            w.WriteEndArray();

            foreach (var analysis in report.Analyses)
            {
                w.WriteStartObject(analysis.Key);
                foreach (var figure in analysis.Figures)
                {
                    w.WritePropertyName(figure.Key);
                    WriteFigure(w, figure.Value);
                }

                foreach (var table in analysis.Tables)
                    WriteTable(w, table);
                w.WriteEndObject();
            }

            if (cost is not null)
            {
                w.WriteStartObject("cost");
                CostSection.WriteJson(w, cost);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static string VerdictName(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "pass",
        Verdict.PassWithWarnings => "pass_with_warnings",
        _ => "fail",
    };

    public static string SeverityName(Severity severity) => MapReader.EnumName(severity);

    private static void WriteFinding(Utf8JsonWriter w, string analysis, Finding f)
    {
        w.WriteStartObject();
        w.WriteString("rule", f.Rule.Id);
        w.WriteString("severity", SeverityName(f.Severity));
        w.WriteString("analysis", analysis);
        w.WriteString("title", f.Rule.Title);
        w.WriteString("message", f.Message);
        if (f.Fix is null)
            w.WriteNull("fix");
        else
            w.WriteString("fix", f.Fix);
        w.WriteStartArray("subjects");
        foreach (var s in f.Subjects)
            w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteStartArray("assumptions");
        foreach (var a in f.RestsOn)
            WriteAssumption(w, a);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteAssumption(Utf8JsonWriter w, UncitedInput a)
    {
        w.WriteStartObject();
        w.WriteString("part", a.PartId);
        w.WriteString("field", a.Field);
        w.WriteString("kind", a.KindName);
        w.WriteString(a.IsAssumed ? "reason" : "url", a.Detail);
        w.WriteEndObject();
    }

    private static void WriteTable(Utf8JsonWriter w, ReportTable table)
    {
        w.WriteStartArray(table.Key);
        foreach (var row in table.Rows)
        {
            w.WriteStartObject();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                w.WritePropertyName(table.Columns[i].Key);
                WriteValue(w, i < row.Count ? row[i] : null);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteFigure(Utf8JsonWriter w, FigureValue value)
    {
        switch (value)
        {
            case FigureValue.Number n when double.IsFinite(n.Value):
                w.WriteNumberValue(Math.Round(n.Value, 3));
                break;
            case FigureValue.Number:
                // JSON has no infinity; a model that gives one has no number to report.
                w.WriteNullValue();
                break;
            case FigureValue.Integer i:
                w.WriteNumberValue(i.Value);
                break;
            case FigureValue.Flag f:
                w.WriteBooleanValue(f.Value);
                break;
            case FigureValue.Text t:
                w.WriteStringValue(t.Value);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value, "unknown figure kind");
        }
    }

    internal static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case int i:
                w.WriteNumberValue(i);
                break;
            case long l:
                w.WriteNumberValue(l);
                break;
            case double d:
                w.WriteNumberValue(Math.Round(d, 3));
                break;
            case decimal m:
                w.WriteNumberValue(m);
                break;
            case IEnumerable<string> list:
                w.WriteStartArray();
                foreach (var s in list)
                    w.WriteStringValue(s);
                w.WriteEndArray();
                break;
            default:
                w.WriteStringValue(value.ToString());
                break;
        }
    }
}
