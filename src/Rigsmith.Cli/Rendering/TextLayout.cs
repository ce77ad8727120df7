using System.Text;
using Spectre.Console;

namespace Rigsmith.Cli.Rendering;

/// <summary>
/// A piece of text that wraps as one unit: a word or a run of white space, with its SGR style (null: plain). It is a
/// slice of the text it came from, so laying out a report does not copy every word into a string of its own.
/// </summary>
internal readonly struct TextSegment(ReadOnlyMemory<char> text, string? sgr)
{
    public static readonly TextSegment Empty = new("", null);

    public TextSegment(string text, string? sgr)
        : this(text.AsMemory(), sgr)
    {
    }

    public ReadOnlyMemory<char> Text { get; } = text;

    public string? Sgr { get; } = sgr;

    public bool IsWhiteSpace => Text.Span.IsWhiteSpace();

    // Padding is sliced from one string of spaces rather than made afresh for every aligned line.
    private static readonly string SpaceRun = new(' ', 256);

    /// <summary>Plain padding of <paramref name="count"/> spaces.</summary>
    public static TextSegment Spaces(int count) =>
        new(count <= SpaceRun.Length ? SpaceRun.AsMemory(0, count) : new string(' ', count).AsMemory(), null);

    /// <summary>Cells on the terminal: every character of rigsmith's text ("·", "—", "µ", "Ω", "≈") takes one.</summary>
    public int Width => Text.Length;
}

/// <summary>
/// Text in hard lines of words and white space, from plain text or from the small markup the views use
/// (<c>[bold]</c>, <c>[red]</c>, <c>[bold green]</c>, <c>[/]</c>, <c>[[</c> and <c>]]</c> for brackets).
/// </summary>
/// <remarks>
/// It keeps the runs of text in one style as the markup gave them (most texts are one run) and cuts them into words and
/// white space only when laid out, into a <see cref="LineBuffer"/> the caller reuses: a report is thousands of words in
/// hundreds of cells, and a list of segments per line of every cell was most of what rendering it allocated.
/// </remarks>
internal sealed class StyledText
{
    /// <summary>A run of text in one style; each line break in it starts a hard line, and it continues the line before it.</summary>
    private readonly record struct Run(ReadOnlyMemory<char> Text, string? Sgr);

    // The first run in a field and the rest in an array made only for a second one: most texts are a single run.
    private Run _first;
    private Run[]? _more;
    private int _runs;

    // Measure's widths, worked out once: a table measures each cell, then lays it out.
    private int _widestSegment = -1;
    private int _widestLine;

    private StyledText()
    {
    }

    /// <summary>Whether a word wider than the line ends in "…" instead of folding onto the next lines.</summary>
    public bool Ellipsis { get; set; }

    /// <summary>No text at all (no line), as the markup "" gives; plain "" is one empty line.</summary>
    public static StyledText Empty() => new();

    public static StyledText Plain(string text)
    {
        var result = new StyledText();
        result.Append(text.AsMemory(), null);
        return result;
    }

    /// <summary>A cell of plain text as <c>FromMarkup(Markup.Escape(text))</c> reads it, without escaping and parsing it.</summary>
    public static StyledText PlainCell(string text) => text.Length == 0 ? Empty() : Plain(text);

    // The styles of the enclosing tags while parsing; one per thread, as parsing does not nest.
    [ThreadStatic]
    private static Stack<string?>? _tagStyles;

    public static StyledText FromMarkup(string markup)
    {
        var result = new StyledText();
        result.AppendMarkup(markup);
        return result;
    }

    private static readonly string Grey = Colour("grey")!;

    /// <summary>
    /// A cell of a <see cref="FittingTable"/> block as the markup <c>"[grey]{label}[/] " + content</c> reads
    /// (<paramref name="label"/> plain, <paramref name="content"/> markup or, when <paramref name="contentIsMarkup"/>
    /// is false, plain text), without building and parsing that string.
    /// </summary>
    public static StyledText Labelled(string label, string content, bool contentIsMarkup) =>
        new StyledText().AppendLabelled(label, content, contentIsMarkup);

    /// <summary>This text emptied and made <see cref="PlainCell"/>'s cell of <paramref name="text"/>, its run array kept.</summary>
    public StyledText Refill(string text)
    {
        Reset();
        if (text.Length > 0)
            Append(text.AsMemory(), null);
        return this;
    }

    private void Reset()
    {
        (_first, _runs, _widestSegment, _widestLine) = (default, 0, -1, 0);
        Ellipsis = false;
    }

    /// <summary>
    /// This text emptied and made <see cref="Labelled"/>'s cell, its run array kept: a block of a
    /// <see cref="FittingTable"/> lays out its cells one at a time, so one text serves them all.
    /// </summary>
    public StyledText Relabel(string label, string content, bool contentIsMarkup)
    {
        Reset();
        return AppendLabelled(label, content, contentIsMarkup);
    }

    private StyledText AppendLabelled(string label, string content, bool contentIsMarkup)
    {
        // Parsed as one string, the space after the label joins the content's first run when that is unstyled. As runs
        // of their own they cut into the same segments, unless the content starts with white space (which would join
        // the space's segment) or with a bracket (a tag, which may leave the first text unstyled after it).
        var start = content.Length > 0 ? content[0] : ' ';
        if (char.IsWhiteSpace(start) || (contentIsMarkup && (start is '[' or ']')))
        {
            AppendMarkup($"[grey]{Spectre.Console.Markup.Escape(label)}[/] " + (contentIsMarkup ? content : Spectre.Console.Markup.Escape(content)));
            return this;
        }

        if (label.Length > 0)
            Append(label.AsMemory(), Grey);
        Append(" ".AsMemory(), null);
        if (contentIsMarkup)
            AppendMarkup(content);
        else
            Append(content.AsMemory(), null);
        return this;
    }

    /// <summary>Appends the runs of <paramref name="markup"/>, parsed as Spectre's Markup parses it.</summary>
    private void AppendMarkup(string markup)
    {
        // Most cells are text without a tag or an escaped bracket: nothing to parse.
        if (markup.AsSpan().IndexOfAny('[', ']') < 0)
        {
            if (markup.Length > 0)
                Append(markup.AsMemory(), null);
            return;
        }

        var styles = _tagStyles ??= new Stack<string?>();
        styles.Clear();
        string? style = null;
        // The run of text in one style: a slice of the markup while it is one (most runs), copied into a builder only
        // when an escaped bracket splits it.
        int runStart = 0, runEnd = 0;
        StringBuilder? run = null;
        string? runStyle = null;
        var i = 0;
        while (i < markup.Length)
        {
            var c = markup[i];
            if (c == '[' && i + 1 < markup.Length && markup[i + 1] == '[')
            {
                AddText(i, 1);
                i += 2;
            }
            else if (c == ']')
            {
                if (i + 1 >= markup.Length || markup[i + 1] != ']')
                    throw new InvalidOperationException($"Unescaped ']' in markup at {i}: {markup}");
                AddText(i, 1);
                i += 2;
            }
            else if (c == '[')
            {
                var end = markup.IndexOf(']', i);
                if (end < 0)
                    throw new InvalidOperationException($"Unclosed markup tag at {i}: {markup}");
                var tag = markup.AsSpan(i + 1, end - i - 1);
                if (tag is "/")
                {
                    style = styles.Count > 0 ? styles.Pop() : throw new InvalidOperationException($"Unbalanced markup: {markup}");
                }
                else
                {
                    styles.Push(style);
                    style = Combine(style, Sgr(tag));
                }

                i = end + 1;
            }
            else
            {
                var next = markup.IndexOfAny(['[', ']'], i);
                if (next < 0)
                    next = markup.Length;
                AddText(i, next - i);
                i = next;
            }
        }

        if (styles.Count > 0)
            throw new InvalidOperationException($"Unbalanced markup: {markup}");
        Flush();

        void AddText(int start, int length)
        {
            if (runEnd > runStart && runStyle != style)
                Flush();
            runStyle = style;
            if (runEnd == runStart)
            {
                (runStart, runEnd) = (start, start + length);
            }
            else if (run is null && start == runEnd)
            {
                runEnd += length;
            }
            else
            {
                run ??= new StringBuilder().Append(markup, runStart, runEnd - runStart);
                run.Append(markup, start, length);
                runEnd = runStart + run.Length;
            }
        }

        void Flush()
        {
            if (runEnd == runStart)
                return;
            Append(run is null ? markup.AsMemory(runStart, runEnd - runStart) : run.ToString().AsMemory(), runStyle);
            (runStart, runEnd, run) = (0, 0, null);
        }
    }

    private static string? Combine(string? outer, string? inner) =>
        outer is null ? inner : inner is null ? outer : outer + ";" + inner;

    /// <summary>The SGR parameters of one colour name of the markup ("blue": "94").</summary>
    public static string? Colour(string name) => Sgr(name);

    private static string? Sgr(ReadOnlySpan<char> tag)
    {
        string? result = null;
        foreach (var range in tag.Split(' '))
        {
            var code = tag[range] switch
            {
                "" => null,
                "bold" => "1",
                "red" => "91",
                "green" => "32",
                "yellow" => "93",
                "blue" => "94",
                "grey" or "gray" => "90",
                "aqua" => "96",
                "fuchsia" => "95",
                "lime" => "92",
                "purple" => "35",
                "teal" => "36",
                "olive" => "33",
                var other => throw new InvalidOperationException($"Unknown markup style '{other.ToString()}'"),
            };
            result = Combine(result, code);
        }

        return result;
    }

    private void Append(ReadOnlyMemory<char> text, string? sgr)
    {
        var run = new Run(text, sgr);
        if (_runs == 0)
        {
            _first = run;
        }
        else
        {
            // Two more make room for a block cell's label, space and content; markup with more tags grows it.
            _more ??= new Run[2];
            if (_runs - 1 == _more.Length)
                Array.Resize(ref _more, _more.Length * 2);
            _more[_runs - 1] = run;
        }

        _runs++;
    }

    private Run RunAt(int index) => index == 0 ? _first : _more![index - 1];

    /// <summary>
    /// Cuts the text into <paramref name="into"/> as Spectre's Paragraph.Append does, run by run: each run continues
    /// the last line and each line break in it starts another; a line's words and runs of white space are its segments,
    /// and an empty line has one empty segment. Nothing when the text has no run.
    /// </summary>
    private void HardLines(LineBuffer into)
    {
        for (var r = 0; r < _runs; r++)
        {
            var (text, sgr) = RunAt(r);
            var at = 0;
            while (true)
            {
                // The line breaks of string.EnumerateLines: \r\n, \n, \r, \f, U+0085, U+2028 and U+2029.
                var end = text.Span[at..].IndexOfAny(LineBreaks);
                var lineLength = end < 0 ? text.Length - at : end;
                if (lineLength == 0)
                {
                    into.Add(TextSegment.Empty);
                }
                else
                {
                    var line = text.Span.Slice(at, lineLength);
                    var start = 0;
                    while (start < line.Length)
                    {
                        var stop = SegmentEnd(line, start);
                        into.Add(new TextSegment(text.Slice(at + start, stop - start), sgr));
                        start = stop;
                    }
                }

                if (end < 0)
                    break;
                into.EndLine();
                at += end + (text.Span[at + end] == '\r' && at + end + 1 < text.Length && text.Span[at + end + 1] == '\n' ? 2 : 1);
            }
        }

        if (_runs > 0)
            into.EndLine();
    }

    /// <summary>Where the segment starting at <paramref name="start"/> ends: the run of white space, or of the rest, goes on to there.</summary>
    private static int SegmentEnd(ReadOnlySpan<char> line, int start)
    {
        var white = char.IsWhiteSpace(line[start]);
        var stop = start + 1;
        while (stop < line.Length && char.IsWhiteSpace(line[stop]) == white)
            stop++;
        return stop;
    }

    private static readonly System.Buffers.SearchValues<char> LineBreaks = System.Buffers.SearchValues.Create("\r\n\f\u0085\u2028\u2029");

    /// <summary>The narrowest this text can be (its widest word or white space) and its widest line, at most <paramref name="maxWidth"/>.</summary>
    public (int Min, int Max) Measure(int maxWidth)
    {
        if (_widestSegment < 0)
            (_widestSegment, _widestLine) = Widths();
        return (_widestSegment, Math.Min(_widestLine, maxWidth));
    }

    /// <summary>The widest segment and the widest hard line, read off the runs as <see cref="HardLines"/> would cut them.</summary>
    private (int Segment, int Line) Widths()
    {
        int segment = 0, widest = 0, line = 0;
        for (var r = 0; r < _runs; r++)
        {
            var text = RunAt(r).Text.Span;
            var at = 0;
            while (true)
            {
                var end = text[at..].IndexOfAny(LineBreaks);
                var piece = end < 0 ? text[at..] : text.Slice(at, end);
                line += piece.Length;
                for (var start = 0; start < piece.Length;)
                {
                    var stop = SegmentEnd(piece, start);
                    segment = Math.Max(segment, stop - start);
                    start = stop;
                }

                if (end < 0)
                    break;
                widest = Math.Max(widest, line);
                line = 0;
                at += end + (text[at + end] == '\r' && at + end + 1 < text.Length && text[at + end + 1] == '\n' ? 2 : 1);
            }
        }

        return (segment, Math.Max(widest, line));
    }

    /// <summary>The first hard line's segments (none for a text without runs), in <paramref name="into"/>, which is emptied first.</summary>
    public ReadOnlySpan<TextSegment> FirstLine(LineBuffer into)
    {
        into.Clear();
        HardLines(into);
        return into.LineCount == 0 ? [] : into.Line(0);
    }

    /// <summary>
    /// Lays the text out at <paramref name="maxWidth"/>, aligned, exactly as Spectre's Paragraph renders it and its
    /// consumers split its segments into lines again; the lines are added to <paramref name="into"/>.
    /// </summary>
    /// <returns>The added lines: <see cref="LineBuffer.Line"/> of First to First + Count - 1.</returns>
    public (int First, int Count) Render(LineBuffer into, int maxWidth, TextAlign align = TextAlign.Left, bool ellipsis = false)
    {
        if (into.OpenLineCount > 0)
            throw new InvalidOperationException("A text is laid out after whole lines only.");
        var first = into.LineCount;
        if (_runs == 0 || maxWidth <= 0)
            return (first, 0);
        var source = into.Source;
        source.Clear();
        HardLines(source);
        Measure(maxWidth);
        if (_widestLine <= maxWidth)
        {
            // Nothing to wrap: the hard lines as they are (none is empty, so Spectre's relinking leaves them be).
            for (var l = 0; l < source.LineCount; l++)
            {
                foreach (var s in source.Line(l))
                    into.Add(s);
                into.EndLine(align, maxWidth);
            }
        }
        else
        {
            Wrap(source, into, maxWidth, ellipsis || Ellipsis, align);
            into.Relink(first);
        }

        return (first, into.LineCount - first);
    }

    /// <summary>Spectre's Paragraph.SplitLines: greedy at word and white-space segments, folding what is wider than a line.</summary>
    private static void Wrap(LineBuffer source, LineBuffer into, int maxWidth, bool ellipsis, TextAlign align)
    {
        var lineWidth = 0;
        for (var l = 0; l < source.LineCount; l++)
        {
            // Between hard lines, a line break, even after a line the wrap left empty.
            if (l > 0)
            {
                into.EndLine(align, maxWidth);
                lineWidth = 0;
            }

            foreach (var current in source.Line(l))
            {
                if (current.Width <= maxWidth)
                {
                    Place(current);
                }
                else if (ellipsis)
                {
                    var keep = Math.Max(0, maxWidth - 1);
                    PlaceFirstPiece(new TextSegment(keep == 0 ? "…" : string.Concat(current.Text.Span[..Math.Min(keep, current.Text.Length)], "…"), current.Sgr));
                }
                else
                {
                    // Folded into pieces of the line's width: the first goes on this line if it fits, the rest wrap as words.
                    for (var start = 0; start < current.Text.Length; start += maxWidth)
                    {
                        var piece = new TextSegment(current.Text.Slice(start, Math.Min(maxWidth, current.Text.Length - start)), current.Sgr);
                        if (start == 0)
                            PlaceFirstPiece(piece);
                        else
                            Place(piece);
                    }
                }
            }
        }

        if (into.OpenLineCount > 0)
            into.EndLine(align, maxWidth);

        // A segment no wider than the line: on this line if it fits, else the line ends (with an empty segment) and it
        // starts the next one, unless it is white space, which a wrap drops.
        void Place(TextSegment segment)
        {
            if (lineWidth + segment.Width > maxWidth)
            {
                into.Add(TextSegment.Empty);
                into.EndLine(align, maxWidth);
                lineWidth = 0;
                if (segment.IsWhiteSpace)
                    return;
            }

            into.Add(segment);
            lineWidth += segment.Width;
        }

        // The first piece of a folded segment ends the line without an empty segment when it does not fit, and is kept
        // even when it is white space.
        void PlaceFirstPiece(TextSegment piece)
        {
            if (lineWidth + piece.Width > maxWidth)
            {
                into.EndLine(align, maxWidth);
                lineWidth = 0;
            }

            into.Add(piece);
            lineWidth += piece.Width;
        }
    }
}

/// <summary>
/// Laid-out lines, their segments in one buffer with where each line ends: one per <see cref="TextLayout"/>, emptied
/// and filled again for each paragraph or table row, so laying out a report allocates next to nothing per line.
/// </summary>
internal sealed class LineBuffer
{
    private TextSegment[] _segments = new TextSegment[64];
    private int _count;
    private int[] _lineEnds = new int[16];
    private LineBuffer? _source;

    /// <summary>The lines closed so far; segments added since the last one make the open line.</summary>
    public int LineCount { get; private set; }

    /// <summary>How many segments the open line has.</summary>
    public int OpenLineCount => _count - LineStart(LineCount);

    /// <summary>Room for a text's hard lines while <see cref="StyledText.Render"/> wraps them into this buffer.</summary>
    public LineBuffer Source => _source ??= new LineBuffer();

    public ReadOnlySpan<TextSegment> Line(int index) => _segments.AsSpan(LineStart(index), _lineEnds[index] - LineStart(index));

    private int LineStart(int index) => index == 0 ? 0 : _lineEnds[index - 1];

    public void Clear() => (_count, LineCount) = (0, 0);

    public void Add(TextSegment segment)
    {
        // Four times as much room, not twice: a report's longest paragraphs take a few hundred segments, and doubling
        // from 64 left two outgrown arrays per buffer on every cold check.
        if (_count == _segments.Length)
            Array.Resize(ref _segments, _segments.Length * 4);
        _segments[_count++] = segment;
    }

    /// <summary>Closes the open line, even an empty one.</summary>
    public void EndLine()
    {
        if (LineCount == _lineEnds.Length)
            Array.Resize(ref _lineEnds, _lineEnds.Length * 2);
        _lineEnds[LineCount++] = _count;
    }

    /// <summary>
    /// Closes the open line, padded with spaces as Spectre's Paragraph aligns a line narrower than
    /// <paramref name="maxWidth"/>: all the room before it (right), or half before and the rest after (centre).
    /// </summary>
    public void EndLine(TextAlign align, int maxWidth)
    {
        if (align != TextAlign.Left)
        {
            var start = LineStart(LineCount);
            var width = 0;
            for (var i = start; i < _count; i++)
                width += _segments[i].Width;
            if (width < maxWidth)
            {
                var before = align == TextAlign.Right ? maxWidth - width : (maxWidth - width) / 2;
                Add(default);
                Array.Copy(_segments, start, _segments, start + 1, _count - 1 - start);
                _segments[start] = TextSegment.Spaces(before);
                if (align == TextAlign.Center)
                    Add(TextSegment.Spaces(maxWidth - width - before));
            }
        }

        EndLine();
    }

    /// <summary>
    /// Spectre hands a paragraph's lines on as one stream with a line break before each line that is not empty
    /// (Rendering/SegmentLineIterator), and the reader splits them at the breaks: lines left empty by a wrap vanish,
    /// and the line after one joins the line before it. The segments stay as they are; only where the lines from
    /// <paramref name="first"/> on end changes.
    /// </summary>
    public void Relink(int first)
    {
        var count = LineCount - first;
        if (count == 0)
            return;
        var end = _lineEnds[LineCount - 1];
        var written = first;
        // A line ends where a line that is not empty (or the first) is followed by one that is not empty; the others run
        // on into the next. Each end is written at or before the place it is read from.
        for (var i = first; i < LineCount - 1; i++)
        {
            var visited = i == first || IsEmpty(i) is false;
            if (visited && !IsEmpty(i + 1))
                _lineEnds[written++] = _lineEnds[i];
        }

        var lastStart = written == 0 ? 0 : _lineEnds[written - 1];
        _lineEnds[written++] = end;
        LineCount = written;
        // An empty last line is dropped.
        if (end == lastStart)
            LineCount--;
    }

    private bool IsEmpty(int line) => _lineEnds[line] == LineStart(line);
}

internal enum TextAlign
{
    Left,
    Center,
    Right,
}

internal enum TextBorder
{
    /// <summary>Rounded corners (Spectre's TableBorder.Rounded).</summary>
    Rounded,

    /// <summary>Spaces round the table and a line under the header (TableBorder.Simple).</summary>
    Simple,

    /// <summary>Square corners: what Rounded falls back to on a terminal without Unicode.</summary>
    Square,
}

/// <summary>A table laid out as Spectre's Table lays out one with padding 1 each side of every column.</summary>
/// <param name="border">The border's style.</param>
/// <param name="cells">How many cells the rows will have, when known: the list is made that size once.</param>
internal sealed class TextTable(TextBorder border, int cells = 0)
{
    private readonly List<(StyledText Header, bool Right, int? Width)> _columns = [];

    // The rows' cells one row after another, a row as many as there are columns: no array per row. A cell is its
    // StyledText or, for plain text, its string, laid out through one text refilled for each (most cells are plain).
    private readonly List<object> _cells = new(cells);
    private StyledText? _plainCell;
    private StyledText? _title;

    public TextTable Title(StyledText title)
    {
        _title = title;
        return this;
    }

    /// <summary>A column; as with Spectre's <c>new TableColumn(string)</c>, a header word wider than the column ends in "…".</summary>
    public TextTable AddColumn(StyledText header, bool rightAligned = false, int? width = null)
    {
        header.Ellipsis = true;
        _columns.Add((header, rightAligned, width));
        return this;
    }

    /// <summary>A row, a cell for each column (the columns are added first): each a <see cref="StyledText"/> or a string of
    /// plain text (as <see cref="StyledText.PlainCell"/>).</summary>
    public TextTable AddRow(ReadOnlySpan<object> cells)
    {
        if (cells.Length != _columns.Count)
            throw new ArgumentException($"a row of {cells.Length} cells in a table of {_columns.Count} columns", nameof(cells));
        foreach (var cell in cells)
            _cells.Add(cell is string or StyledText ? cell : throw new ArgumentException("a cell is a StyledText or a string", nameof(cells)));
        return this;
    }

    private int RowCount => _columns.Count == 0 ? 0 : _cells.Count / _columns.Count;

    /// <summary>Row <paramref name="row"/>'s cell in column <paramref name="column"/>; row -1 is the header.</summary>
    /// <remarks>A plain cell comes back in the table's one refilled text: use it before asking for the next cell.</remarks>
    private StyledText Cell(int row, int column) =>
        row < 0 ? _columns[column].Header
        : _cells[(row * _columns.Count) + column] is string plain ? (_plainCell ??= StyledText.Empty()).Refill(plain)
        : (StyledText)_cells[(row * _columns.Count) + column];

    public void Render(TextLayout output)
    {
        var maxWidth = output.Width;
        var n = _columns.Count;
        var nonColumn = (n - 1) + 2 + (2 * n);
        var totalCellWidth = maxWidth - nonColumn;
        var widths = ColumnWidths(totalCellWidth);
        var tableWidth = widths.Sum() + nonColumn;
        var b = border == TextBorder.Rounded && !output.Unicode ? TextBorder.Square : border;
        if (tableWidth <= 0 || tableWidth > maxWidth || widths.Any(w => w < 0))
        {
            output.Append("…");
            return;
        }

        if (_title is not null)
        {
            output.AppendLines(_title, tableWidth, TextAlign.Center, ellipsis: true);
            output.NewLine();
        }

        // Each row's cells are laid out together into the layout's line buffer, emptied for the next row.
        var lines = output.Lines;
        var cells = new (int First, int Count)[n];
        var rowCount = RowCount;
        for (var r = -1; r < rowCount; r++)
        {
            var first = r < 0;
            lines.Clear();
            var height = 1;
            for (var c = 0; c < n; c++)
            {
                cells[c] = Cell(r, c).Render(lines, widths[c], _columns[c].Right ? TextAlign.Right : TextAlign.Left);
                height = Math.Max(height, cells[c].Count);
            }

            if (first)
                ColumnRow(output, b, Part.Top, widths);
            for (var line = 0; line < height; line++)
            {
                for (var c = 0; c < n; c++)
                {
                    if (c == 0)
                        output.Append(Edge(b, first, left: true));
                    output.Append(" ");
                    output.AppendCell(lines, cells[c], line, widths[c]);
                    output.Append(" ");
                    output.Append(c == n - 1 ? Edge(b, first, left: false) : Separator(b, first));
                }

                output.NewLine();
            }

            if (first && rowCount > 0)
                ColumnRow(output, b, Part.HeaderSeparator, widths);
            if (r == rowCount - 1)
                ColumnRow(output, b, Part.Bottom, widths);
        }
    }

    private enum Part
    {
        Top,
        HeaderSeparator,
        Bottom,
    }

    private static string Edge(TextBorder b, bool header, bool left) => b == TextBorder.Simple ? " " : "│";

    private static string Separator(TextBorder b, bool header) => b == TextBorder.Simple ? " " : "│";

    /// <summary>A border line across the columns, and its line break.</summary>
    private static void ColumnRow(TextLayout output, TextBorder b, Part part, List<int> widths)
    {
        var (left, center, separator, right) = (b, part) switch
        {
            (TextBorder.Simple, Part.HeaderSeparator) => ('─', '─', '─', '─'),
            (TextBorder.Simple, _) => (' ', ' ', ' ', ' '),
            (_, Part.HeaderSeparator) => ('├', '─', '┼', '┤'),
            (TextBorder.Rounded, Part.Top) => ('╭', '─', '┬', '╮'),
            (TextBorder.Rounded, _) => ('╰', '─', '┴', '╯'),
            (_, Part.Top) => ('┌', '─', '┬', '┐'),
            _ => ('└', '─', '┴', '┘'),
        };
        output.Append(left);
        for (var i = 0; i < widths.Count; i++)
        {
            output.Append(center, widths[i] + 2);
            if (i < widths.Count - 1)
                output.Append(separator);
        }

        output.Append(right).NewLine();
    }

    /// <summary>Spectre's TableMeasurer.CalculateColumnWidths (no expansion, every column wraps).</summary>
    private List<int> ColumnWidths(int maxWidth)
    {
        var widths = new List<int>(_columns.Count);
        for (var c = 0; c < _columns.Count; c++)
        {
            if (_columns[c].Width is { } fixedWidth)
            {
                widths.Add(fixedWidth);
                continue;
            }

            var max = _columns[c].Header.Measure(maxWidth).Max;
            for (var r = 0; r < RowCount; r++)
                max = Math.Max(max, Cell(r, c).Measure(maxWidth).Max);
            widths.Add(max);
        }

        var tableWidth = widths.Sum();
        if (tableWidth > maxWidth)
        {
            widths = Collapse(widths, maxWidth);
            tableWidth = widths.Sum();
            if (tableWidth > maxWidth)
                widths = Reduce(tableWidth - maxWidth, widths.Select(_ => 1).ToList(), widths, widths);
        }

        return widths;
    }

    private static List<int> Collapse(List<int> widths, int maxWidth)
    {
        var totalWidth = widths.Sum();
        var excessWidth = totalWidth - maxWidth;
        while (totalWidth != 0 && excessWidth > 0)
        {
            var maxColumn = widths.Max();
            var secondMaxColumn = widths.Select(w => w != maxColumn ? w : 1).Max();
            var columnDifference = maxColumn - secondMaxColumn;
            var ratios = widths.Select(w => w == maxColumn ? 1 : 0).ToList();
            if (!ratios.Any(x => x != 0) || columnDifference == 0)
                break;
            var maxReduce = widths.Select(_ => Math.Min(excessWidth, columnDifference)).ToList();
            widths = Reduce(excessWidth, ratios, maxReduce, widths);
            totalWidth = widths.Sum();
            excessWidth = totalWidth - maxWidth;
        }

        return widths;
    }

    /// <summary>Spectre's Ratio.Distribute: <paramref name="total"/> shared in proportion to the ratios, rounding up as it goes.</summary>
    internal static List<int> Distribute(int total, List<int> ratios)
    {
        var result = new List<int>(ratios.Count);
        var remaining = total;
        var ratioLeft = ratios.Sum();
        foreach (var ratio in ratios)
        {
            var share = ratioLeft > 0 ? (int)Math.Ceiling(ratio * remaining / (double)ratioLeft) : remaining;
            result.Add(share);
            ratioLeft -= ratio;
            remaining -= share;
        }

        return result;
    }

    /// <summary>Spectre's Ratio.Reduce: takes <paramref name="total"/> off the values in proportion to the ratios, each at most its maximum.</summary>
    internal static List<int> Reduce(int total, List<int> ratios, List<int> maximums, List<int> values)
    {
        ratios = ratios.Zip(maximums, (a, b) => b > 0 ? a : 0).ToList();
        var totalRatio = ratios.Sum();
        if (totalRatio <= 0)
            return values;
        var totalRemaining = total;
        var result = new List<int>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (ratios[i] != 0 && totalRatio > 0)
            {
                var distributed = Math.Min(maximums[i], ratios[i] * totalRemaining / totalRatio);
                result.Add(values[i] - distributed);
                totalRemaining -= distributed;
                totalRatio -= ratios[i];
            }
            else
            {
                result.Add(values[i]);
            }
        }

        return result;
    }
}

/// <summary>
/// Rigsmith's own plain-text layout of what the terminal views draw (rules, tables, padded and wrapped paragraphs), the
/// same text Spectre.Console's widgets produce, built in a buffer that a layout made <see cref="For"/> a console hands
/// to the console's writer every few thousand characters (at a line's end) and at <see cref="Flush"/>; colour as ANSI
/// SGR sequences when the console takes them.
/// </summary>
internal sealed class TextLayout(int width, bool ansi, bool unicode = true, bool colour = true)
{
    // A report of 30,000 characters held whole until the end cost a 60 KB builder; handed on at this size, 8 KB.
    private const int WriteAt = 4096;

    private readonly StringBuilder _text = new(WriteAt + 256);

    // The console's writer, for a layout made For one; null: the text stays in the buffer (ToString).
    private TextWriter? _writer;

    /// <summary>Where texts are laid out on their way into the buffer, reused from one paragraph or table row to the next.</summary>
    internal LineBuffer Lines { get; } = new();

    public int Width { get; } = width;

    public bool Ansi { get; } = ansi;

    public bool Unicode { get; } = unicode;

    /// <summary>
    /// Whether ANSI output may colour: not when the console's colour system is NoColors, which is what Spectre detects
    /// when NO_COLOR is set (no-color.org). Bold stays, as Spectre keeps decorations without colours.
    /// </summary>
    public bool Colour { get; } = colour;

    public static TextLayout For(IAnsiConsole console) =>
        new(console.Profile.Width, console.Profile.Capabilities.Ansi, console.Profile.Capabilities.Unicode,
            console.Profile.Capabilities.ColorSystem != ColorSystem.NoColors)
        { _writer = console.Profile.Out.Writer };

    public TextLayout Append(string text)
    {
        _text.Append(text);
        return this;
    }

    public TextLayout Append(TextSegment segment)
    {
        var sgr = Ansi && segment.Text.Length > 0 ? (Colour ? segment.Sgr : WithoutColour(segment.Sgr)) : null;
        if (sgr is not null)
            _text.Append("\e[").Append(sgr).Append('m').Append(segment.Text.Span).Append("\e[0m");
        else
            _text.Append(segment.Text.Span);
        return this;
    }

    /// <summary>The decoration of SGR parameters without their colours: bold ("1") is the only one the markup sets.</summary>
    private static string? WithoutColour(string? sgr)
    {
        if (sgr is null)
            return null;
        foreach (var range in sgr.AsSpan().Split(';'))
        {
            if (sgr.AsSpan()[range] is "1")
                return "1";
        }

        return null;
    }

    /// <summary>
    /// One cell's line of a table or grid: line <paramref name="line"/> of <paramref name="cell"/>, whose lines lie in
    /// <paramref name="lines"/> from its first (blank when the cell has fewer), padded to <paramref name="width"/>.
    /// </summary>
    public void AppendCell(LineBuffer lines, (int First, int Count) cell, int line, int width)
    {
        var used = 0;
        if (line < cell.Count)
        {
            foreach (var segment in lines.Line(cell.First + line))
            {
                Append(segment);
                used += segment.Width;
            }
        }

        Pad(width - used);
    }

    public TextLayout Append(char c, int repeat = 1)
    {
        _text.Append(c, repeat);
        return this;
    }

    public TextLayout Pad(int count)
    {
        if (count > 0)
            _text.Append(' ', count);
        return this;
    }

    public TextLayout NewLine()
    {
        _text.Append('\n');
        if (_writer is not null && _text.Length >= WriteAt)
            WriteOut(_writer);
        return this;
    }

    private void WriteOut(TextWriter writer)
    {
        foreach (var chunk in _text.GetChunks())
            writer.Write(chunk.Span);
        _text.Clear();
    }

    /// <summary>
    /// The text laid out at <paramref name="maxWidth"/>, its lines with a break between them and none after the last,
    /// as a widget's segments come.
    /// </summary>
    public void AppendLines(StyledText text, int maxWidth, TextAlign align = TextAlign.Left, bool ellipsis = false)
    {
        Lines.Clear();
        var (first, count) = text.Render(Lines, maxWidth, align, ellipsis);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
                NewLine();
            foreach (var s in Lines.Line(first + i))
                Append(s);
        }
    }

    /// <summary>Markup as <c>console.Markup</c> writes it: wrapped at the console's width.</summary>
    public void Markup(string markup) => AppendLines(StyledText.FromMarkup(markup), Width);

    /// <summary>As <c>console.MarkupLine</c>.</summary>
    public void MarkupLine(string markup) => Markup(markup + "\n");

    /// <summary>As <c>console.WriteLine(text)</c>: plain text, wrapped at the console's width.</summary>
    public void WriteLine(string text) => AppendLines(StyledText.Plain(text + "\n"), Width);

    /// <summary>As <c>console.WriteLine()</c>.</summary>
    public void WriteLine() => NewLine();

    /// <summary>As Spectre's left-justified Rule with a markup title: "── title ─────".</summary>
    public void Rule(string titleMarkup)
    {
        const int extra = 6;
        if (Width <= extra)
        {
            _text.Append('─', Math.Max(0, Width)).Append('\n');
            return;
        }

        var text = StyledText.FromMarkup(titleMarkup.ReplaceLineEndings("\n").Replace("\n", " ", StringComparison.Ordinal).Trim());
        var title = text.FirstLine(Lines);
        var titleWidth = 0;
        foreach (var s in title)
            titleWidth += s.Width;
        if (titleWidth > Width - extra)
        {
            title = TruncateWithEllipsis(title, Width - extra);
            if (title.Length == 0)
            {
                _text.Append('─', Width).Append('\n');
                return;
            }

            titleWidth = 0;
            foreach (var s in title)
                titleWidth += s.Width;
        }

        _text.Append("── ");
        foreach (var s in title)
            Append(s);
        _text.Append(' ').Append('─', Width - titleWidth - 4).Append('\n');
    }

    /// <summary>The segments that fit in <paramref name="maxWidth"/> with "…" after them, trailing white space dropped.</summary>
    private static TextSegment[] TruncateWithEllipsis(ReadOnlySpan<TextSegment> segments, int maxWidth)
    {
        var kept = new List<TextSegment>();
        var total = 0;
        foreach (var s in segments)
        {
            if (total + s.Width > maxWidth - 1)
                break;
            kept.Add(s);
            total += s.Width;
        }

        if (kept.Count == 0 && segments.Length > 0 && maxWidth - 1 > 0)
            kept.Add(new TextSegment(segments[0].Text[..Math.Min(segments[0].Text.Length, maxWidth - 1)], segments[0].Sgr));
        while (kept.Count > 0 && kept[^1].IsWhiteSpace)
            kept.RemoveAt(kept.Count - 1);
        if (kept.Count == 0)
            return [];
        kept.Add(new TextSegment("…", kept[^1].Sgr));
        return [.. kept];
    }

    /// <summary>As Spectre's Padder with a left padding of <paramref name="left"/> round a paragraph.</summary>
    public void Padded(StyledText text, int left)
    {
        var childWidth = Width - left;
        var width = Math.Min(text.Measure(childWidth).Max + left, Width);
        Lines.Clear();
        var (first, count) = text.Render(Lines, childWidth);
        for (var line = first; line < first + count; line++)
        {
            Pad(left);
            var lineWidth = 0;
            foreach (var s in Lines.Line(line))
            {
                Append(s);
                lineWidth += s.Width;
            }

            Pad(width - lineWidth - left);
            NewLine();
        }
    }

    public void Table(TextTable table) => table.Render(this);

    /// <summary>As <c>console.MarkupLineInterpolated</c>: the arguments escaped, the format's markup kept.</summary>
    public void MarkupLineInterpolated(FormattableString value)
    {
        var args = value.GetArguments()
            .Select(arg => arg switch
            {
                null => null,
                string text => Spectre.Console.Markup.Escape(text),
                IFormattable => arg,
                _ => (object?)Spectre.Console.Markup.Escape(arg.ToString() ?? ""),
            })
            .ToArray();
        MarkupLine(string.Format(System.Globalization.CultureInfo.CurrentCulture, value.Format, args));
    }

    /// <summary>What has been laid out, as text.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>Writes what has been laid out to the console's writer, and empties the buffer.</summary>
    public void Flush(IAnsiConsole console)
    {
        var writer = console.Profile.Out.Writer;
        if (_text.Length > 0)
            WriteOut(writer);
        writer.Flush();
    }
}
