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

    /// <summary>Cells on the terminal: every character of rigsmith's text ("·", "—", "µ", "Ω", "≈") takes one.</summary>
    public int Width => Text.Length;
}

/// <summary>
/// Text in hard lines of words and white space, from plain text or from the small markup the views use
/// (<c>[bold]</c>, <c>[red]</c>, <c>[bold green]</c>, <c>[/]</c>, <c>[[</c> and <c>]]</c> for brackets).
/// </summary>
internal sealed class StyledText
{
    private StyledText(List<List<TextSegment>> lines) => Lines = lines;

    public List<List<TextSegment>> Lines { get; }

    /// <summary>Whether a word wider than the line ends in "…" instead of folding onto the next lines.</summary>
    public bool Ellipsis { get; set; }

    public static StyledText Plain(string text)
    {
        var result = new StyledText([]);
        result.Append(text.AsMemory(), null);
        return result;
    }

    public static StyledText FromMarkup(string markup)
    {
        // Most cells are text without a tag or an escaped bracket: nothing to parse.
        if (markup.AsSpan().IndexOfAny('[', ']') < 0)
            return markup.Length == 0 ? new StyledText([]) : Plain(markup);
        var result = new StyledText([]);
        var styles = new Stack<string?>();
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
        return result;

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
            result.Append(run is null ? markup.AsMemory(runStart, runEnd - runStart) : run.ToString().AsMemory(), runStyle);
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

    /// <summary>As Spectre's Paragraph.Append: the text continues the last line; each newline starts another.</summary>
    private void Append(ReadOnlyMemory<char> text, string? sgr)
    {
        var first = true;
        var at = 0;
        while (true)
        {
            // The line breaks of string.EnumerateLines: \r\n, \n, \r, \f, U+0085, U+2028 and U+2029.
            var end = text.Span[at..].IndexOfAny(LineBreaks);
            var lineLength = end < 0 ? text.Length - at : end;
            // Sized once for its words and spaces: a report lays out thousands of words, and growing each line's list
            // step by step allocated as much again.
            var segments = lineLength == 0 ? 1 : SegmentCount(text.Span.Slice(at, lineLength));
            List<TextSegment> line;
            if (!first || Lines.Count == 0)
            {
                line = new List<TextSegment>(segments);
                Lines.Add(line);
            }
            else
            {
                line = Lines[^1];
                line.EnsureCapacity(line.Count + segments);
            }

            first = false;
            if (lineLength == 0)
            {
                line.Add(TextSegment.Empty);
            }
            else
            {
                var lineSpan = text.Span.Slice(at, lineLength);
                var start = 0;
                while (start < lineSpan.Length)
                {
                    var white = char.IsWhiteSpace(lineSpan[start]);
                    var stop = start + 1;
                    while (stop < lineSpan.Length && char.IsWhiteSpace(lineSpan[stop]) == white)
                        stop++;
                    line.Add(new TextSegment(text.Slice(at + start, stop - start), sgr));
                    start = stop;
                }
            }

            if (end < 0)
                return;
            at += end + (text.Span[at + end] == '\r' && at + end + 1 < text.Length && text.Span[at + end + 1] == '\n' ? 2 : 1);
        }
    }

    /// <summary>How many segments <see cref="Append"/> cuts a line into: runs of white space and of the rest.</summary>
    private static int SegmentCount(ReadOnlySpan<char> line)
    {
        var count = 1;
        for (var i = 1; i < line.Length; i++)
        {
            if (char.IsWhiteSpace(line[i]) != char.IsWhiteSpace(line[i - 1]))
                count++;
        }

        return count;
    }

    private static readonly System.Buffers.SearchValues<char> LineBreaks = System.Buffers.SearchValues.Create("\r\n\f\u0085\u2028\u2029");

    /// <summary>The narrowest this text can be (its widest word or white space) and its widest line, at most <paramref name="maxWidth"/>.</summary>
    public (int Min, int Max) Measure(int maxWidth)
    {
        if (Lines.Count == 0)
            return (0, 0);
        int min = 0, max = 0;
        foreach (var line in Lines)
        {
            var width = 0;
            foreach (var s in line)
            {
                min = Math.Max(min, s.Width);
                width += s.Width;
            }

            max = Math.Max(max, width);
        }

        return (min, Math.Min(max, maxWidth));
    }

    /// <summary>
    /// The lines this text renders to at <paramref name="maxWidth"/>, aligned, exactly as Spectre's Paragraph renders
    /// them and its consumers split its segments into lines again.
    /// </summary>
    public List<List<TextSegment>> Render(int maxWidth, TextAlign align = TextAlign.Left, bool ellipsis = false)
    {
        if (Lines.Count == 0)
            return [];
        var lines = Wrap(maxWidth, ellipsis || Ellipsis, copy: align != TextAlign.Left);
        if (align != TextAlign.Left)
        {
            foreach (var line in lines)
                Align(line, align, maxWidth);
        }

        return ReferenceEquals(lines, Lines) || !lines.Exists(l => l.Count == 0) ? lines : Relink(lines);
    }

    private static int Width(List<TextSegment> line)
    {
        var width = 0;
        foreach (var s in line)
            width += s.Width;
        return width;
    }

    private static void Align(List<TextSegment> line, TextAlign align, int maxWidth)
    {
        var width = Width(line);
        if (width >= maxWidth)
            return;
        if (align == TextAlign.Right)
        {
            line.Insert(0, new TextSegment(new string(' ', maxWidth - width), null));
            return;
        }

        var diff = (maxWidth - width) / 2;
        line.Insert(0, new TextSegment(new string(' ', diff), null));
        line.Add(new TextSegment(new string(' ', diff + ((maxWidth - width) % 2)), null));
    }

    /// <summary>A line's copy with room for the padding <see cref="Align"/> adds on either side.</summary>
    private static List<TextSegment> CopyForAlignment(List<TextSegment> line)
    {
        var copy = new List<TextSegment>(line.Count + 2);
        copy.AddRange(line);
        return copy;
    }

    /// <summary>Spectre's Paragraph.SplitLines: greedy at word and white-space segments, folding what is wider than a line.</summary>
    private List<List<TextSegment>> Wrap(int maxWidth, bool ellipsis, bool copy)
    {
        if (maxWidth <= 0)
            return [];
        var widest = 0;
        foreach (var l in Lines)
            widest = Math.Max(widest, Width(l));
        if (widest <= maxWidth)
            return copy ? Lines.ConvertAll(CopyForAlignment) : Lines;

        var lines = new List<List<TextSegment>>();
        // Each wrapped line is about as long as the one before it: sized from that, not grown word by word.
        var line = new List<TextSegment>(Math.Min(Lines[0].Count, maxWidth) + 1);
        var lineWidth = 0;
        // The pieces of a word folded over lines; made only when a word is wider than the line.
        Queue<TextSegment>? queue = null;
        var lineIndex = 0;
        var segmentIndex = 0;
        while (true)
        {
            TextSegment current;
            var isLineBreak = false;
            if (queue is { Count: > 0 })
            {
                current = queue.Dequeue();
            }
            else if (lineIndex >= Lines.Count)
            {
                break;
            }
            else if (segmentIndex < Lines[lineIndex].Count)
            {
                current = Lines[lineIndex][segmentIndex++];
            }
            else
            {
                // Between hard lines (each has a segment at least), a line break.
                lineIndex++;
                segmentIndex = 0;
                if (lineIndex >= Lines.Count)
                    break;
                current = TextSegment.Empty;
                isLineBreak = true;
            }

            if (isLineBreak)
            {
                lines.Add(line);
                line = new List<TextSegment>(line.Count + 1);
                lineWidth = 0;
                continue;
            }

            var newLine = false;
            var length = current.Width;
            if (length > maxWidth)
            {
                var pieces = Overflow(current, maxWidth, ellipsis);
                if (pieces.Count > 0)
                {
                    if (lineWidth + pieces[0].Width > maxWidth)
                    {
                        lines.Add(line);
                        line = new List<TextSegment>(line.Count + 1);
                        lineWidth = 0;
                        queue ??= new Queue<TextSegment>();
                        foreach (var p in pieces)
                            queue.Enqueue(p);
                        continue;
                    }

                    line.Add(pieces[0]);
                    lineWidth += pieces[0].Width;
                    queue ??= new Queue<TextSegment>();
                    foreach (var p in pieces.Skip(1))
                        queue.Enqueue(p);
                    continue;
                }
            }
            else if (lineWidth + length > maxWidth)
            {
                line.Add(TextSegment.Empty);
                lines.Add(line);
                line = new List<TextSegment>(line.Count + 1);
                lineWidth = 0;
                newLine = true;
            }

            if (newLine && current.IsWhiteSpace)
                continue;
            line.Add(current);
            lineWidth += length;
        }

        if (line.Count > 0)
            lines.Add(line);
        return lines;
    }

    private static List<TextSegment> Overflow(TextSegment segment, int maxWidth, bool ellipsis)
    {
        if (ellipsis)
        {
            var keep = Math.Max(0, maxWidth - 1);
            return [new TextSegment(keep == 0 ? "…" : string.Concat(segment.Text.Span[..Math.Min(keep, segment.Text.Length)], "…"), segment.Sgr)];
        }

        var result = new List<TextSegment>();
        for (var start = 0; start < segment.Text.Length; start += maxWidth)
            result.Add(new TextSegment(segment.Text.Slice(start, Math.Min(maxWidth, segment.Text.Length - start)), segment.Sgr));
        return result;
    }

    /// <summary>
    /// Spectre hands a paragraph's lines on as one stream with a line break before each line that is not empty
    /// (Rendering/SegmentLineIterator), and the reader splits them at the breaks: lines left empty by a wrap vanish,
    /// and the line after one joins the line before it.
    /// </summary>
    /// <remarks>Without an empty line this gives the lines as they are, so they are not copied then.</remarks>
    private static List<List<TextSegment>> Relink(List<List<TextSegment>> lines)
    {
        var result = new List<List<TextSegment>> { new() };
        var current = 0;
        var index = -1;
        var lineBreakEmitted = false;
        while (current < lines.Count)
        {
            index++;
            if (index > lines[current].Count - 1)
            {
                if (!lineBreakEmitted && current + 1 < lines.Count && lines[current + 1].Count > 0)
                {
                    lineBreakEmitted = true;
                    result.Add([]);
                    continue;
                }

                current++;
                index = 0;
                lineBreakEmitted = false;
                while (current < lines.Count && lines[current].Count == 0)
                    current++;
                if (current >= lines.Count)
                    break;
            }

            lineBreakEmitted = false;
            result[^1].Add(lines[current][index]);
        }

        if (result[^1].Count == 0)
            result.RemoveAt(result.Count - 1);
        return result;
    }
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
internal sealed class TextTable(TextBorder border)
{
    private readonly List<(StyledText Header, bool Right, int? Width)> _columns = [];
    private readonly List<StyledText[]> _rows = [];
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

    public TextTable AddRow(StyledText[] cells)
    {
        _rows.Add(cells);
        return this;
    }

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
            output.AppendLines(_title.Render(tableWidth, TextAlign.Center, ellipsis: true));
            output.NewLine();
        }

        var rows = new List<StyledText[]>(_rows.Count + 1) { _columns.Select(c => c.Header).ToArray() };
        rows.AddRange(_rows);
        for (var r = 0; r < rows.Count; r++)
        {
            var first = r == 0;
            var cells = new List<List<TextSegment>>[n];
            var height = 1;
            for (var c = 0; c < n; c++)
            {
                cells[c] = rows[r][c].Render(widths[c], _columns[c].Right ? TextAlign.Right : TextAlign.Left);
                height = Math.Max(height, cells[c].Count);
            }

            if (first)
                output.Append(ColumnRow(b, Part.Top, widths)).NewLine();
            for (var line = 0; line < height; line++)
            {
                for (var c = 0; c < n; c++)
                {
                    if (c == 0)
                        output.Append(Edge(b, first, left: true));
                    output.Append(" ");
                    var width = 0;
                    if (line < cells[c].Count)
                    {
                        foreach (var s in cells[c][line])
                        {
                            output.Append(s);
                            width += s.Width;
                        }
                    }

                    output.Pad(widths[c] - width);
                    output.Append(" ");
                    output.Append(c == n - 1 ? Edge(b, first, left: false) : Separator(b, first));
                }

                output.NewLine();
            }

            if (first && rows.Count > 1)
                output.Append(ColumnRow(b, Part.HeaderSeparator, widths)).NewLine();
            if (r == rows.Count - 1)
                output.Append(ColumnRow(b, Part.Bottom, widths)).NewLine();
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

    private static string ColumnRow(TextBorder b, Part part, List<int> widths)
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
        var builder = new StringBuilder();
        builder.Append(left);
        for (var i = 0; i < widths.Count; i++)
        {
            builder.Append(center, widths[i] + 2);
            if (i < widths.Count - 1)
                builder.Append(separator);
        }

        builder.Append(right);
        return builder.ToString();
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
            foreach (var row in _rows)
                max = Math.Max(max, row[c].Measure(maxWidth).Max);
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
/// same text Spectre.Console's widgets produce, built in one buffer and written at once; colour as ANSI SGR sequences
/// when the console takes them.
/// </summary>
internal sealed class TextLayout(int width, bool ansi, bool unicode = true)
{
    private readonly StringBuilder _text = new(4096);

    public int Width { get; } = width;

    public bool Ansi { get; } = ansi;

    public bool Unicode { get; } = unicode;

    public static TextLayout For(IAnsiConsole console) =>
        new(console.Profile.Width, console.Profile.Capabilities.Ansi, console.Profile.Capabilities.Unicode);

    public TextLayout Append(string text)
    {
        _text.Append(text);
        return this;
    }

    public TextLayout Append(TextSegment segment)
    {
        if (Ansi && segment.Sgr is not null && segment.Text.Length > 0)
            _text.Append("\e[").Append(segment.Sgr).Append('m').Append(segment.Text.Span).Append("\e[0m");
        else
            _text.Append(segment.Text.Span);
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
        return this;
    }

    /// <summary>Lines with a break between them and none after the last, as a widget's segments come.</summary>
    public void AppendLines(List<List<TextSegment>> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0)
                NewLine();
            foreach (var s in lines[i])
                Append(s);
        }
    }

    /// <summary>Markup as <c>console.Markup</c> writes it: wrapped at the console's width.</summary>
    public void Markup(string markup) => AppendLines(StyledText.FromMarkup(markup).Render(Width));

    /// <summary>As <c>console.MarkupLine</c>.</summary>
    public void MarkupLine(string markup) => Markup(markup + "\n");

    /// <summary>As <c>console.WriteLine(text)</c>: plain text, wrapped at the console's width.</summary>
    public void WriteLine(string text) => AppendLines(StyledText.Plain(text + "\n").Render(Width));

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
        var title = text.Lines.Count == 0 ? [] : new List<TextSegment>(text.Lines[0]);
        var titleWidth = title.Sum(s => s.Width);
        if (titleWidth > Width - extra)
        {
            title = TruncateWithEllipsis(title, Width - extra);
            if (title.Count == 0)
            {
                _text.Append('─', Width).Append('\n');
                return;
            }

            titleWidth = title.Sum(s => s.Width);
        }

        _text.Append("── ");
        foreach (var s in title)
            Append(s);
        _text.Append(' ').Append('─', Width - titleWidth - 4).Append('\n');
    }

    private static List<TextSegment> TruncateWithEllipsis(List<TextSegment> segments, int maxWidth)
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

        if (kept.Count == 0 && segments.Count > 0 && maxWidth - 1 > 0)
            kept.Add(new TextSegment(segments[0].Text[..Math.Min(segments[0].Text.Length, maxWidth - 1)], segments[0].Sgr));
        while (kept.Count > 0 && kept[^1].IsWhiteSpace)
            kept.RemoveAt(kept.Count - 1);
        if (kept.Count == 0)
            return kept;
        kept.Add(new TextSegment("…", kept[^1].Sgr));
        return kept;
    }

    /// <summary>As Spectre's Padder with a left padding of <paramref name="left"/> round a paragraph.</summary>
    public void Padded(StyledText text, int left)
    {
        var childWidth = Width - left;
        var width = Math.Min(text.Measure(childWidth).Max + left, Width);
        foreach (var line in text.Render(childWidth))
        {
            Pad(left);
            var lineWidth = 0;
            foreach (var s in line)
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
        if (_text.Length == 0)
            return;
        var writer = console.Profile.Out.Writer;
        foreach (var chunk in _text.GetChunks())
            writer.Write(chunk.Span);
        writer.Flush();
        _text.Clear();
    }
}
