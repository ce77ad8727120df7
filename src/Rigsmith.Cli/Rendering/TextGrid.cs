namespace Rigsmith.Cli.Rendering;

/// <summary>
/// Columns of text without borders, laid out as Spectre.Console's Grid lays them out when every column sets its own
/// padding (the help's layout): each column as wide as its widest cell, every column's padding kept (the last one's
/// too, so lines end in spaces), and the columns that may wrap narrowed, widest first, when the console is too narrow.
/// </summary>
internal sealed class TextGrid
{
    private readonly List<(int Left, int Right, bool NoWrap)> _columns = [];
    private readonly List<StyledText[]> _rows = [];

    /// <summary>A column with <paramref name="left"/> and <paramref name="right"/> spaces round it; a no-wrap column is never narrowed first.</summary>
    public TextGrid AddColumn(int left, int right, bool noWrap = false)
    {
        _columns.Add((left, right, noWrap));
        return this;
    }

    public TextGrid AddRow(params StyledText[] cells)
    {
        if (cells.Length != _columns.Count)
            throw new ArgumentException($"a row of {cells.Length} cells in a grid of {_columns.Count} columns", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    public void Render(TextLayout output)
    {
        var padding = _columns.Sum(c => c.Left + c.Right);
        var widths = ColumnWidths(output.Width - padding);
        var gridWidth = widths.Sum() + padding;
        if (gridWidth <= 0 || gridWidth > output.Width || widths.Any(w => w < 0))
        {
            output.Append("…");
            return;
        }

        // Each row's cells are laid out together into the layout's line buffer, emptied for the next row.
        var lines = output.Lines;
        var cells = new (int First, int Count)[_columns.Count];
        foreach (var row in _rows)
        {
            lines.Clear();
            var height = 1;
            for (var c = 0; c < row.Length; c++)
            {
                cells[c] = row[c].Render(lines, widths[c]);
                height = Math.Max(height, cells[c].Count);
            }

            for (var line = 0; line < height; line++)
            {
                for (var c = 0; c < row.Length; c++)
                {
                    output.Pad(_columns[c].Left);
                    output.AppendCell(lines, cells[c], line, widths[c]);
                    output.Pad(_columns[c].Right);
                }

                output.NewLine();
            }
        }
    }

    /// <summary>Spectre's TableMeasurer.CalculateColumnWidths without expansion.</summary>
    private List<int> ColumnWidths(int maxWidth)
    {
        var widths = new List<int>(_columns.Count);
        for (var c = 0; c < _columns.Count; c++)
        {
            var max = 0;
            foreach (var row in _rows)
                max = Math.Max(max, row[c].Measure(maxWidth).Max);
            widths.Add(max);
        }

        if (widths.Sum() > maxWidth)
        {
            widths = Collapse(widths, maxWidth);
            var excess = widths.Sum() - maxWidth;
            if (excess > 0)
                widths = TextTable.Reduce(excess, widths.Select(_ => 1).ToList(), widths, widths);
        }

        return widths;
    }

    /// <summary>Narrows the widest wrappable columns to the next widest, in turn, until the grid fits.</summary>
    private List<int> Collapse(List<int> widths, int maxWidth)
    {
        var wrappable = _columns.Select(c => !c.NoWrap).ToList();
        if (!wrappable.Contains(true))
            return widths;
        var total = widths.Sum();
        var excess = total - maxWidth;
        while (total != 0 && excess > 0)
        {
            var maxColumn = widths.Where((_, i) => wrappable[i]).Max();
            var secondMaxColumn = widths.Select((w, i) => wrappable[i] && w != maxColumn ? w : 0).Max();
            var difference = maxColumn - secondMaxColumn;
            var ratios = widths.Select((w, i) => w == maxColumn && wrappable[i] ? 1 : 0).ToList();
            if (!ratios.Any(r => r != 0) || difference <= 0)
                break;
            var maxReduce = widths.Select(_ => Math.Min(excess, difference)).ToList();
            widths = TextTable.Reduce(excess, ratios, maxReduce, widths);
            total = widths.Sum();
            excess = total - maxWidth;
        }

        return widths;
    }
}
