using System.Globalization;
using Rigsmith.Analysis;
using Rigsmith.Catalog;

namespace Rigsmith.Reporting;

/// <summary>Culture-independent formatting shared by the text and Markdown renderers.</summary>
public static class TextFormat
{
    /// <summary>
    /// What a finding rests on, one entry per kind present, assumed first: ("rests on assumed values", "a.b, c.d"),
    /// ("rests on observed values", "e.f (one builder's report)"). Empty when every input is cited.
    /// </summary>
    public static IReadOnlyList<(UncitedKind Kind, string Label, string Values)> RestsOn(IEnumerable<UncitedInput> inputs)
    {
        // Loops, not Where(...).Select(...): on a cold start each such chain costs a generic virtual method lookup.
        var assumed = new List<string>();
        var observed = new List<string>();
        var openDb = new List<string>();
        foreach (var v in inputs)
        {
            if (v.Kind == UncitedKind.Assumed)
                assumed.Add(v.Name);
            else if (v.Kind == UncitedKind.Observed)
                observed.Add(v.Name);
            else if (!openDb.Contains(v.Name))
                openDb.Add(v.Name);
        }
        var parts = new List<(UncitedKind, string, string)>();
        if (assumed.Count > 0)
            parts.Add((UncitedKind.Assumed, "rests on assumed values", string.Join(", ", assumed)));
        if (observed.Count > 0)
        {
            parts.Add((UncitedKind.Observed, "rests on observed values",
                string.Join(", ", observed) + (observed.Count == 1 ? " (one builder's report)" : " (one builder's report each)")));
        }

        if (openDb.Count > 0)
            parts.Add((UncitedKind.OpenDb, "rests on OpenDB values", string.Join(", ", openDb) + " (community data, not checked against a datasheet)"));

        return parts;
    }

    /// <summary>
    /// <see cref="RestsOn"/> on one line: "rests on assumed values: a.b; rests on observed values: c.d (one builder's
    /// report)", or null when every input is cited.
    /// </summary>
    public static string? RestsOnLine(IEnumerable<UncitedInput> inputs)
    {
        var parts = RestsOn(inputs);
        return parts.Count == 0 ? null : string.Join("; ", parts.Select(p => $"{p.Label}: {p.Values}"));
    }

    /// <summary>
    /// "12 catalog values of this rig's parts are assumed and 2 are observed (one builder's report each), not cited", or
    /// null when there are none.
    /// </summary>
    public static string? UncitedCount(int assumed, int observed) => (assumed, observed) switch
    {
        (0, 0) => null,
        (_, 0) => $"{assumed} catalog values of this rig's parts are assumed, not cited",
        (0, _) => $"{observed} catalog values of this rig's parts are observed (one builder's report each), not cited",
        _ => $"{assumed} catalog values of this rig's parts are assumed and {observed} are observed (one builder's report each), not cited",
    };

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
