using System.Text.RegularExpressions;

namespace Rigsmith.Doctor.Parsers;

/// <summary>How two GPUs reach each other, as <c>nvidia-smi topo -m</c> names it (<c>PIX</c>, <c>PHB</c>, <c>SYS</c>, <c>NV4</c>, ...).</summary>
public sealed record GpuPath(string From, string To, string Kind);

/// <summary>The GPU rows of the topology matrix: each GPU's CPU affinity and its path to every other GPU.</summary>
public sealed record GpuTopology(IReadOnlyList<string> Gpus, IReadOnlyList<GpuPath> Paths, IReadOnlyDictionary<string, string> CpuAffinity)
{
    public static readonly GpuTopology Empty = new([], [], new Dictionary<string, string>());
}

/// <summary>
/// <c>nvidia-smi topo -m</c>: a tab-separated matrix whose header names the GPUs (and NICs) then "CPU Affinity". The
/// header may carry terminal escapes (underline) as captured; they are removed. Found anywhere in the text, so a
/// capture with other sections around it reads too.
/// </summary>
public static partial class NvidiaSmiTopoParser
{
    public static ParseResult<GpuTopology> Parse(string text)
    {
        var problems = new List<ParseProblem>();
        var lines = AnsiEscape().Replace(text, "").Replace("\r\n", "\n").Split('\n');
        var headerIndex = Array.FindIndex(lines, l => l.Contains("GPU0", StringComparison.Ordinal) && l.Contains("CPU Affinity", StringComparison.Ordinal));
        if (headerIndex < 0)
        {
            problems.Add(new ParseProblem(null, "no topology header (a line naming GPU0 and CPU Affinity)"));
            return new ParseResult<GpuTopology>(GpuTopology.Empty, problems);
        }

        var columns = lines[headerIndex].Split('\t', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        var deviceColumns = columns.TakeWhile(c => c != "CPU Affinity").ToList();
        var gpus = new List<string>();
        var paths = new List<GpuPath>();
        var affinity = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = headerIndex + 1; i < lines.Length && lines[i].Trim().Length > 0; i++)
        {
            var cells = lines[i].Split('\t').Select(c => c.Trim()).ToList();
            var row = cells[0];
            if (!row.StartsWith("GPU", StringComparison.Ordinal))
                continue;
            gpus.Add(row);
            if (cells.Count < deviceColumns.Count + 1)
            {
                problems.Add(new ParseProblem(i + 1, $"{row} has {cells.Count - 1} cell(s) for {deviceColumns.Count} device column(s)"));
                continue;
            }

            for (var c = 0; c < deviceColumns.Count; c++)
            {
                if (deviceColumns[c] != row && deviceColumns[c].StartsWith("GPU", StringComparison.Ordinal))
                    paths.Add(new GpuPath(row, deviceColumns[c], cells[c + 1]));
            }

            if (cells.Count > deviceColumns.Count + 1)
                affinity[row] = cells[deviceColumns.Count + 1];
        }

        if (gpus.Count == 0)
            problems.Add(new ParseProblem(headerIndex + 1, "a topology header but no GPU rows"));
        return new ParseResult<GpuTopology>(new GpuTopology(gpus, paths, affinity), problems);
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}
