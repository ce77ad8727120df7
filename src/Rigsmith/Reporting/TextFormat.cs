using System.Globalization;
using Rigsmith.Analysis;

namespace Rigsmith.Reporting;

/// <summary>Culture-independent formatting shared by the text and Markdown renderers.</summary>
public static class TextFormat
{
    /// <summary>A figure's value with its unit: "11.68 V", "44", "yes".</summary>
    public static string Value(FigureValue? value, string? unit = null) =>
        value is null ? "—" : unit is null ? value.ToString() : $"{value} {unit}";

    public static string Value(object? value, string? unit = null)
    {
        var text = value switch
        {
            null => "—",
            bool b => b ? "yes" : "no",
            double d => d.ToString("0.##", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            IEnumerable<string> list => string.Join(", ", list),
            _ => value.ToString() ?? "",
        };
        return unit is null || value is null ? text : $"{text} {unit}";
    }

    public static string Verdict(Verdict verdict) => verdict switch
    {
        Analysis.Verdict.Pass => "PASS",
        Analysis.Verdict.PassWithWarnings => "PASS with warnings",
        _ => "FAIL",
    };

    public static string Severity(Severity severity) => severity switch
    {
        Analysis.Severity.Error => "error",
        Analysis.Severity.Warning => "warning",
        _ => "info",
    };
}
