using Spectre.Console;

namespace Rigsmith.Cli.Rendering;

/// <summary>
/// A table that never breaks a word: when every column can be given at least its longest word (part ids, numbers,
/// rule ids) within the console's width, it is drawn as a table and cells wrap at spaces; otherwise each row is written
/// as a block of "Header: value" lines, which wrap at spaces too. Cells are plain text, with an optional markup copy
/// carry markup for colour (<see cref="StyledText.FromMarkup"/>).
/// </summary>
/// <param name="rows">How many rows the caller will add, when known: the row list is made that size once.</param>
internal sealed class FittingTable(string title, IReadOnlyList<string> headers, TextBorder border, int rows = 0)
{
    // The lists as the caller made them (each row a new one), not copied; the markup null when the cells are plain.
    private readonly List<(IReadOnlyList<string> Plain, IReadOnlyList<string>? Markup)> _rows = new(rows);
    private readonly HashSet<int> _rightAligned = [];
    private int _headingColumns = 1;

    /// <summary>In the block layout, how many leading columns make each block's heading ("TRN601 · error").</summary>
    public FittingTable Heading(int columns)
    {
        _headingColumns = Math.Clamp(columns, 1, headers.Count);
        return this;
    }

    public FittingTable RightAlign(int column)
    {
        _rightAligned.Add(column);
        return this;
    }

    /// <summary>Adds a row of plain text; <paramref name="markup"/> gives the same cells with colour, when wanted.</summary>
    /// <remarks>The table keeps the lists: pass new ones for each row.</remarks>
    public FittingTable AddRow(IReadOnlyList<string> plain, IReadOnlyList<string>? markup = null)
    {
        _rows.Add((plain, markup));
        return this;
    }

    /// <summary>A cell's markup: the plain text escaped when the row has no markup of its own.</summary>
    private static string MarkupOf((IReadOnlyList<string> Plain, IReadOnlyList<string>? Markup) row, int column) =>
        row.Markup?[column] ?? Markup.Escape(row.Plain[column]);

    /// <summary>A cell laid out from its markup, or straight from its plain text, which reads the same escaped.</summary>
    private static StyledText Cell((IReadOnlyList<string> Plain, IReadOnlyList<string>? Markup) row, int column) =>
        row.Markup is { } markup ? StyledText.FromMarkup(markup[column]) : StyledText.PlainCell(row.Plain[column]);

    /// <summary>Columns, borders and padding take this much beside the cells: a bar and a space each side per column.</summary>
    private int Overhead => (3 * headers.Count) + 1;

    /// <summary>The heading columns' markup of a row, joined by " · ", empty ones left out.</summary>
    private string HeadingOf((IReadOnlyList<string> Plain, IReadOnlyList<string>? Markup) row)
    {
        var parts = new List<string>(_headingColumns);
        for (var i = 0; i < _headingColumns; i++)
        {
            if (MarkupOf(row, i) is { Length: > 0 } markup)
                parts.Add(markup);
        }

        return string.Join(" · ", parts);
    }

    public void Write(TextLayout output)
    {
        // Loops rather than Enumerable.Range(...).Select(...), a generic virtual method (slow on its first call in a
        // native binary).
        var extents = new (int LongestWord, int LongestLine)[headers.Count];
        for (var i = 0; i < extents.Length; i++)
            extents[i] = ColumnExtent(i);
        // A table when each column can have at least its longest word within the width.
        if (extents.Sum(e => e.LongestWord) + Overhead <= output.Width)
        {
            var table = new TextTable(border, _rows.Count * headers.Count);
            if (title.Length > 0)
                table.Title(StyledText.PlainCell(title));
            var widths = Widths(output.Width, extents);
            for (var i = 0; i < headers.Count; i++)
                table.AddColumn(StyledText.PlainCell(headers[i]), _rightAligned.Contains(i), widths?[i]);
            // Plain cells go in as their strings, laid out when drawn: no StyledText for each.
            var cells = new object[headers.Count];
            foreach (var row in _rows)
            {
                for (var i = 0; i < cells.Length; i++)
                    cells[i] = row.Markup is { } markup ? StyledText.FromMarkup(markup[i]) : row.Plain[i];
                table.AddRow(cells);
            }

            output.Table(table);
            return;
        }

        if (title.Length > 0)
            output.Rule(Markup.Escape(title));
        // Each label once per table, not once per cell.
        var labels = new string[headers.Count];
        for (var i = _headingColumns; i < headers.Count; i++)
            labels[i] = headers[i] + ":";
        // One labelled cell at a time, laid out before the next: one text, refilled (a cell object each was 21 KB of the
        // 247 KB a cold check's report allocated).
        StyledText? labelled = null;
        foreach (var row in _rows)
        {
            var heading = _headingColumns == 1 ? MarkupOf(row, 0) : HeadingOf(row);
            output.Markup(heading.Length == 0 ? "·\n" : $"[bold]{heading}[/]\n");
            for (var i = _headingColumns; i < headers.Count; i++)
            {
                if (row.Plain[i].Length == 0)
                    continue;
                var content = row.Markup?[i] ?? row.Plain[i];
                var cell = headers[i].Length == 0 ? Cell(row, i)
                    : labelled = labelled is null ? StyledText.Labelled(labels[i], content, row.Markup is not null) : labelled.Relabel(labels[i], content, row.Markup is not null);
                output.Padded(cell, 2);
            }
        }

        output.WriteLine();
    }

    /// <summary>
    /// Column widths for a table wider than the console: each column its longest word, and the room left shared in
    /// proportion to how much more each would like; null when the table fits as it is.
    /// </summary>
    private int[]? Widths(int width, (int LongestWord, int LongestLine)[] extents)
    {
        var min = Array.ConvertAll(extents, e => e.LongestWord);
        var max = Array.ConvertAll(extents, e => e.LongestLine);
        var available = width - Overhead;
        if (max.Sum() <= available)
            return null;
        var extra = available - min.Sum();
        var share = max.Sum() - min.Sum();
        var widths = new int[headers.Count];
        for (var i = 0; i < widths.Length; i++)
            widths[i] = min[i] + (share == 0 ? 0 : (int)((long)extra * (max[i] - min[i]) / share));
        return widths;
    }

    /// <summary>A column's longest word and longest line, over its header and cells.</summary>
    private (int LongestWord, int LongestLine) ColumnExtent(int column)
    {
        var (word, line) = Extent(headers[column]);
        foreach (var row in _rows)
        {
            var (w, l) = Extent(row.Plain[column]);
            word = Math.Max(word, w);
            line = Math.Max(line, l);
        }

        return (word, line);
    }

    /// <summary>The longest run without a space or line break, and the longest line, of one cell.</summary>
    private static (int LongestWord, int LongestLine) Extent(string cell)
    {
        int word = 0, line = 0, run = 0, lineLength = 0;
        foreach (var c in cell)
        {
            if (c == '\n')
            {
                (run, lineLength) = (0, 0);
                continue;
            }

            lineLength++;
            line = Math.Max(line, lineLength);
            run = c == ' ' ? 0 : run + 1;
            word = Math.Max(word, run);
        }

        return (word, line);
    }
}
