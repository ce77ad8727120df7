using Rigsmith.Catalog;

namespace Rigsmith.Analysis;

public enum Severity { Info, Warning, Error }

/// <summary>A rule with a stable id (listed in docs/rules.md), its default severity and what it checks.</summary>
public sealed record Rule(string Id, Severity Severity, string Title, string Checks, string Sources);

/// <summary>What a rule found, with the numbers in the message and what to do about it.</summary>
public sealed record Finding(Rule Rule, Severity Severity, string Message, string? Fix, IReadOnlyList<string> Subjects, IReadOnlyList<AssumedInput> Assumptions)
{
    public static Finding Of(Rule rule, string message, string? fix = null, IEnumerable<string>? subjects = null, IEnumerable<AssumedInput>? assumptions = null, Severity? severity = null) =>
        new(rule, severity ?? rule.Severity, message, fix, subjects?.ToList() ?? [], assumptions?.Distinct().ToList() ?? []);
}

/// <summary>A named number, string or flag an analysis computed. <c>Key</c> is the JSON name, with its unit (<c>wall_w</c>).</summary>
public sealed record Figure(string Key, string Label, object Value, string? Unit = null);

public sealed record Column(string Key, string Header);

/// <summary>Rows of one kind (GPUs, slots, PSUs); rendered as a table in text and as an array in JSON.</summary>
public sealed record ReportTable(string Key, string Title, IReadOnlyList<Column> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);

public sealed record AnalysisResult(
    string Key,
    string Title,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<Figure> Figures,
    IReadOnlyList<ReportTable> Tables);
