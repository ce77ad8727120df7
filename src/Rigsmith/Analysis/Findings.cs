using System.Globalization;
using Rigsmith.Catalog;

namespace Rigsmith.Analysis;

public enum Severity { Info, Warning, Error }

/// <summary>A rule with a stable id (listed in docs/rules.md), its default severity and what it checks.</summary>
public sealed record Rule(string Id, Severity Severity, string Title, string Checks, string Sources);

/// <summary>What a rule found, with the numbers in the message and what to do about it.</summary>
public sealed record Finding(Rule Rule, Severity Severity, string Message, string? Fix, IReadOnlyList<string> Subjects, IReadOnlyList<UncitedInput> RestsOn)
{
    /// <remarks>
    /// Messages are interpolated strings, and a helper that fills one of their holes (a GPU's label, a quantity in
    /// words) is written with concatenation instead: an interpolation inside another returns two buffers of one size to
    /// the shared array pool in a row, and the pool's first such return makes the runtime time its processor-number
    /// call, about 0.2 ms of a cold check.
    /// </remarks>
    public static Finding Of(Rule rule, string message, string? fix = null, IEnumerable<string>? subjects = null, IEnumerable<UncitedInput>? restsOn = null, Severity? severity = null) =>
        new(rule, severity ?? rule.Severity, message, fix, subjects?.ToList() ?? [], Unique(restsOn));

    /// <summary>Each input once, in its first order.</summary>
    /// <remarks>A loop, not Distinct().ToList(): LINQ's distinct iterator and its hash set, allocated for every finding
    /// of a cold check, are not needed where most findings rest on a handful of inputs, looked up in the list; a long
    /// one gets a hash set.</remarks>
    private static List<UncitedInput> Unique(IEnumerable<UncitedInput>? inputs)
    {
        var unique = new List<UncitedInput>();
        if (inputs is null)
            return unique;
        HashSet<UncitedInput>? seen = null;
        foreach (var input in inputs)
        {
            if (seen is null && unique.Count == 16)
                seen = [.. unique];
            if (seen is null ? !unique.Contains(input) : seen.Add(input))
                unique.Add(input);
        }

        return unique;
    }
}

/// <summary>A named number, count, flag or text an analysis computed. <c>Key</c> is the JSON name, with its unit (<c>wall_w</c>).</summary>
public sealed record Figure(string Key, string Label, FigureValue Value, string? Unit = null);

/// <summary>
/// The value of a figure: one of a closed set of kinds, so every renderer handles each kind and nothing else. Built
/// from the value an analysis computed (a <c>double</c> becomes a <see cref="Number"/>, a <c>bool</c> a <see cref="Flag"/>).
/// </summary>
public abstract record FigureValue
{
    private FigureValue()
    {
    }

    /// <summary>A measured or computed quantity; its unit is the figure's.</summary>
    public sealed record Number(double Value) : FigureValue
    {
        public override string ToString() => Value.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>A count: lanes, GPUs, parameters.</summary>
    public sealed record Integer(long Value) : FigureValue
    {
        public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
    }

    public sealed record Flag(bool Value) : FigureValue
    {
        public override string ToString() => Value ? "yes" : "no";
    }

    public sealed record Text(string Value) : FigureValue
    {
        public override string ToString() => Value;
    }

    public static implicit operator FigureValue(double value) => new Number(value);
    public static implicit operator FigureValue(int value) => new Integer(value);
    public static implicit operator FigureValue(long value) => new Integer(value);
    public static implicit operator FigureValue(bool value) => new Flag(value);
    public static implicit operator FigureValue(string value) => new Text(value);
}

public sealed record Column(string Key, string Header);

/// <summary>Rows of one kind (GPUs, slots, PSUs); rendered as a table in text and as an array in JSON.</summary>
public sealed record ReportTable(string Key, string Title, IReadOnlyList<Column> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);

public sealed record AnalysisResult(
    string Key,
    string Title,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<Figure> Figures,
    IReadOnlyList<ReportTable> Tables);
