// The Spectre.Console rendering the terminal views had before rigsmith laid out its own text: the reference that
// TextLayoutEquivalenceTests compares the production views against, byte for byte.
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rigsmith.Tests.Support.SpectreReference;

/// <summary>
/// A table that never breaks a word: when every column can be given at least its longest word (part ids, numbers,
/// rule ids) within the console's width, it is drawn as a table and cells wrap at spaces; otherwise each row is written
/// as a block of "Header: value" lines, which wrap at spaces too. Cells are plain text, with an optional markup copy
/// carry Spectre markup for colour.
/// </summary>
public sealed class SpectreFittingTable(string title, IReadOnlyList<string> headers, TableBorder border)
{
    private readonly List<(string[] Plain, string[] Markup)> _rows = [];
    private readonly HashSet<int> _rightAligned = [];
    private int _headingColumns = 1;

    /// <summary>In the block layout, how many leading columns make each block's heading ("TRN601 · error").</summary>
    public SpectreFittingTable Heading(int columns)
    {
        _headingColumns = Math.Clamp(columns, 1, headers.Count);
        return this;
    }

    public SpectreFittingTable RightAlign(int column)
    {
        _rightAligned.Add(column);
        return this;
    }

    /// <summary>Adds a row of plain text; <paramref name="markup"/> gives the same cells with colour, when wanted.</summary>
    public SpectreFittingTable AddRow(IReadOnlyList<string> plain, IReadOnlyList<string>? markup = null)
    {
        _rows.Add((plain.ToArray(), (markup ?? plain.Select(Markup.Escape).ToList()).ToArray()));
        return this;
    }

    /// <summary>Columns, borders and padding take this much beside the cells: a bar and a space each side per column.</summary>
    private int Overhead => (3 * headers.Count) + 1;

    /// <summary>Whether each column fits its longest word within <paramref name="width"/>.</summary>
    public bool FitsAsTable(int width)
    {
        var longest = headers.Select((h, i) => LongestWord(_rows.Select(r => r.Plain[i]).Append(h))).Sum();
        return longest + Overhead <= width;
    }

    public void Write(IAnsiConsole console)
    {
        if (FitsAsTable(console.Profile.Width))
        {
            var table = new Table().Border(border);
            if (title.Length > 0)
                table.Title(Markup.Escape(title));
            var widths = Widths(console.Profile.Width);
            for (var i = 0; i < headers.Count; i++)
            {
                var column = new TableColumn(Markup.Escape(headers[i]));
                if (widths is not null)
                    column.Width(widths[i]);
                table.AddColumn(_rightAligned.Contains(i) ? column.RightAligned() : column);
            }

            foreach (var row in _rows)
                table.AddRow(row.Markup.Select(m => (IRenderable)new Markup(m)).ToArray());
            console.Write(table);
            return;
        }

        if (title.Length > 0)
            console.Write(new Rule(Markup.Escape(title)).LeftJustified());
        foreach (var row in _rows)
        {
            var heading = string.Join(" · ", row.Markup.Take(_headingColumns).Where(m => m.Length > 0));
            console.MarkupLine(heading.Length == 0 ? "·" : $"[bold]{heading}[/]");
            for (var i = _headingColumns; i < headers.Count; i++)
            {
                if (row.Plain[i].Length == 0)
                    continue;
                var label = headers[i].Length == 0 ? "" : $"[grey]{Markup.Escape(headers[i])}:[/] ";
                console.Write(new Padder(new Markup(label + row.Markup[i]), new Padding(2, 0, 0, 0)));
            }
        }

        console.WriteLine();
    }

    /// <summary>
    /// Column widths for a table wider than the console: each column its longest word, and the room left shared in
    /// proportion to how much more each would like; null when the table fits as it is.
    /// </summary>
    private int[]? Widths(int width)
    {
        var columns = Enumerable.Range(0, headers.Count).Select(i => _rows.Select(r => r.Plain[i]).Append(headers[i]).ToList()).ToList();
        var min = columns.Select(LongestWord).ToArray();
        var max = columns.Select(c => c.SelectMany(x => x.Split('\n')).Select(l => l.Length).DefaultIfEmpty(0).Max()).ToArray();
        var available = width - Overhead;
        if (max.Sum() <= available)
            return null;
        var wanted = max.Zip(min, (a, b) => a - b).ToArray();
        var extra = available - min.Sum();
        var share = wanted.Sum();
        return min.Select((m, i) => m + (share == 0 ? 0 : (int)((long)extra * wanted[i] / share))).ToArray();
    }

    private static int LongestWord(IEnumerable<string> cells) =>
        cells.SelectMany(c => c.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)).Select(w => w.Length).DefaultIfEmpty(0).Max();
}
