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

    /// <summary>
    /// Figures as rows for people: one row per quantity, so consecutive figures with one label (heat in W and in
    /// BTU/h) share a row as "2107.8 W (7192 BTU/h)". JSON keeps every figure.
    /// </summary>
    public static IReadOnlyList<(string Label, string Value)> FigureRows(IEnumerable<Figure> figures)
    {
        var rows = new List<(string Label, List<string> Values)>();
        foreach (var f in figures)
        {
            if (rows.Count > 0 && rows[^1].Label == f.Label)
                rows[^1].Values.Add(Value(f.Value, f.Unit));
            else
                rows.Add((f.Label, [Value(f.Value, f.Unit)]));
        }

        return rows.Select(r => (r.Label, r.Values.Count == 1 ? r.Values[0] : $"{r.Values[0]} ({string.Join(", ", r.Values.Skip(1))})")).ToList();
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
