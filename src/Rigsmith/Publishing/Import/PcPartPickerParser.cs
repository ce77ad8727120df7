using System.Text;
using System.Text.RegularExpressions;
using Rigsmith.Input;

namespace Rigsmith.Publishing.Import;

/// <summary>One part line of a PCPartPicker export: where it was, its type, name, price text and product link.</summary>
/// <param name="Modules">For memory written with a quantity ("2 x ..."): the number of modules the line stands for.</param>
public sealed record PartLine(int Line, string Type, string Name, string? Price, string? Url, string Text, int? Modules = null);

/// <summary>A line that is neither a part, a header nor a footer; reported, never dropped silently.</summary>
public sealed record SkippedLine(int Line, string Text, string Reason);

public enum ExportLayout { Markdown, Text, Html }

/// <summary>What the parser read: the layout, the list's link and title when given, the part lines and the lines it skipped.</summary>
public sealed record ParsedPartList(ExportLayout Layout, string? ListUrl, string? Title, IReadOnlyList<PartLine> Parts, IReadOnlyList<SkippedLine> Skipped);

/// <summary>
/// Reads PCPartPicker's Markdown (Reddit) and plain-text exports (layouts in shared/fixtures/README.md), also when every
/// line carries a common paste prefix (<c>&gt; </c>, <c># </c>, <c>// </c>, <c>- </c>) or the table was re-formatted
/// with leading pipes; and its HTML export (a <c>pcpp-part-list</c> table).
/// </summary>
public static partial class PcPartPickerParser
{
    public static LoadResult<ParsedPartList> Parse(string text, string file)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n')
            .Select(l => QuotePrefix().Replace(l, "").TrimEnd()).ToList();
        var header = lines.FindIndex(l => IsTableHeader(l));
        var parsed = text.Contains("pcpp-part-list", StringComparison.Ordinal) ? ParseHtml(lines)
            : header >= 0 ? ParseMarkdown(lines, header) : ParseText(lines);
        parsed = parsed with { Parts = parsed.Parts.SelectMany(Expand).ToList() };
        if (parsed.Parts.Count == 0)
        {
            return LoadResult<ParsedPartList>.Failure(
            [
                new InputProblem(file, 1, 1, "", "no part lines found",
                    "expected PCPartPicker's Markdown export (a 'Type|Item|Price' table) or its plain-text export ('CPU: name  ($price @ shop)' lines)"),
            ]);
        }

        return LoadResult<ParsedPartList>.Success(parsed);
    }

    /// <summary>
    /// PCPartPicker's HTML export: each row's <c>pcpp-part-list-type</c> cell and the link in its
    /// <c>pcpp-part-list-item</c> cell; the price cell's text when it has one. The line is the type cell's.
    /// </summary>
    private static ParsedPartList ParseHtml(List<string> lines)
    {
        string? url = null;
        var parts = new List<PartLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (url is null && HtmlListLink().Match(lines[i]) is { Success: true } link)
                url = link.Groups["url"].Value;
            if (HtmlType().Match(lines[i]) is not { Success: true } type)
                continue;
            // The item cell follows the type cell, on the same line or the next few.
            for (var j = i; j < Math.Min(lines.Count, i + 4); j++)
            {
                if (HtmlItem().Match(lines[j]) is not { Success: true } item)
                    continue;
                var price = Enumerable.Range(j + 1, Math.Max(0, Math.Min(lines.Count, j + 4) - j - 1))
                    .Select(k => HtmlPrice().Match(lines[k])).FirstOrDefault(m => m.Success)?.Groups["price"].Value;
                var name = System.Net.WebUtility.HtmlDecode(item.Groups["name"].Value).Trim();
                parts.Add(new PartLine(i + 1, System.Net.WebUtility.HtmlDecode(type.Groups["type"].Value).Trim(), name,
                    price is null ? null : System.Net.WebUtility.HtmlDecode(price).Trim(), item.Groups["url"].Value, lines[i].Trim()));
                break;
            }
        }

        return new ParsedPartList(ExportLayout.Html, url, null, parts, []);
    }

    [GeneratedRegex(@"<a href=""(?<url>[^""]*/list/[^""]*)"">PCPartPicker Part List</a>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlListLink();

    [GeneratedRegex(@"<td class=""pcpp-part-list-type"">(?<type>[^<]*)</td>")]
    private static partial Regex HtmlType();

    [GeneratedRegex(@"<td class=""pcpp-part-list-item"">(?:<a href=""(?<url>[^""]*)"">)?(?<name>[^<]*)(?:</a>)?")]
    private static partial Regex HtmlItem();

    [GeneratedRegex(@"^\s*(?:<a [^>]*>)?(?<price>[^<>]*\d[^<>]*)(?:</a>)?\s*$")]
    private static partial Regex HtmlPrice();

    private static bool IsTableHeader(string line)
    {
        var cells = Cells(line);
        return cells.Count >= 2 && cells.Any(c => c.Equals("Type", StringComparison.OrdinalIgnoreCase))
            && cells.Any(c => c.Equals("Item", StringComparison.OrdinalIgnoreCase));
    }

    private static ParsedPartList ParseMarkdown(List<string> lines, int header)
    {
        var columns = Cells(lines[header]);
        var typeColumn = columns.FindIndex(c => c.Equals("Type", StringComparison.OrdinalIgnoreCase));
        var itemColumn = columns.FindIndex(c => c.Equals("Item", StringComparison.OrdinalIgnoreCase));
        var priceColumn = columns.FindIndex(c => c.Equals("Price", StringComparison.OrdinalIgnoreCase));
        var leadingPipe = lines[header].TrimStart().StartsWith('|');

        string? url = null;
        string? title = null;
        var parts = new List<PartLine>();
        var skipped = new List<SkippedLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var number = i + 1;
            if (i == header || string.IsNullOrWhiteSpace(line) || (i == header + 1 && SeparatorRow().IsMatch(line)))
                continue;
            if (i < header)
            {
                if (ListLink().Match(line) is { Success: true } link)
                    url = link.Groups["url"].Value;
                else if (BoldTitle().Match(line) is { Success: true } bold && title is null)
                    title = Unescape(bold.Groups["title"].Value);
                else
                    skipped.Add(new SkippedLine(number, line, "text before the part table"));
                continue;
            }

            if (!line.Contains('|', StringComparison.Ordinal))
            {
                if (!IsFooter(line))
                    skipped.Add(new SkippedLine(number, line, "not a row of the part table"));
                continue;
            }

            var cells = Cells(line, keepEdges: true);
            if (leadingPipe && cells.Count > 0 && cells[0].Length == 0)
                cells.RemoveAt(0);
            var type = Cell(cells, typeColumn).Trim('*', ' ');
            if (type.Length == 0)
                continue; // footer rows (" | *Prices include…* |", " | **Total** | …", " | Generated by …") leave the type empty
            var item = Cell(cells, itemColumn);
            var itemLink = ItemLink().Match(item);
            var name = itemLink.Success ? Unescape(itemLink.Groups["name"].Value) : Unescape(item);
            var price = priceColumn < 0 ? null : Cell(cells, priceColumn).Trim();
            parts.Add(new PartLine(number, type, CollapseSpaces(name), price is null or "" or "-" ? null : Unescape(price),
                itemLink.Success ? itemLink.Groups["url"].Value : null, line));
        }

        return new ParsedPartList(ExportLayout.Markdown, url, title, parts, skipped);
    }

    private static ParsedPartList ParseText(List<string> lines)
    {
        string? url = null;
        string? title = null;
        var parts = new List<PartLine>();
        var skipped = new List<SkippedLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var number = i + 1;
            if (string.IsNullOrWhiteSpace(line) || IsFooter(line))
                continue;
            var m = TextPart().Match(line);
            if (!m.Success)
            {
                skipped.Add(new SkippedLine(number, line, "not a 'Type: name' part line"));
                continue;
            }

            var type = m.Groups["type"].Value.Trim();
            var rest = m.Groups["rest"].Value;
            if (type.EndsWith("Part List", StringComparison.OrdinalIgnoreCase))
            {
                if (Uri.TryCreate(rest.Trim(), UriKind.Absolute, out _))
                    url = rest.Trim();
                else
                    title = rest.Trim();
                continue;
            }

            if (type.Equals("Total", StringComparison.OrdinalIgnoreCase))
                continue;
            string name;
            string? price = null;
            if (PricedRest().Match(rest) is { Success: true } priced)
            {
                name = priced.Groups["name"].Value;
                price = priced.Groups["price"].Value.Trim();
            }
            else
            {
                name = rest;
            }

            parts.Add(new PartLine(number, type, CollapseSpaces(name.Trim()), price, null, line));
        }

        return new ParsedPartList(ExportLayout.Text, url, title, parts, skipped);
    }

    private static bool IsFooter(string line)
    {
        var t = line.Trim();
        return t.StartsWith("Prices ", StringComparison.OrdinalIgnoreCase) || t.StartsWith("Generated by", StringComparison.OrdinalIgnoreCase)
            || (t.StartsWith("^(", StringComparison.Ordinal) && t.Contains("Generated by", StringComparison.Ordinal));
    }

    private static string Cell(List<string> cells, int index) => index >= 0 && index < cells.Count ? cells[index] : "";

    /// <summary>Splits a table row on unescaped pipes; without <paramref name="keepEdges"/> the empty cells a leading or trailing pipe makes are dropped.</summary>
    private static List<string> Cells(string line, bool keepEdges = false)
    {
        var cells = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length)
            {
                current.Append(line[i]).Append(line[i + 1]);
                i++;
            }
            else if (line[i] == '|')
            {
                cells.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(line[i]);
            }
        }

        cells.Add(current.ToString().Trim());
        if (!keepEdges)
            cells.RemoveAll(c => c.Length == 0);
        else if (cells.Count > 1 && cells[^1].Length == 0 && line.TrimEnd().EndsWith('|') && !line.TrimEnd().EndsWith("\\|", StringComparison.Ordinal))
            cells.RemoveAt(cells.Count - 1);
        return cells;
    }

    /// <summary>Removes Markdown backslash escapes.</summary>
    public static string Unescape(string text) => BackslashEscape().Replace(text, "$1");

    private static string CollapseSpaces(string text) => text.Trim();

    /// <summary>A prefix a paste can put on every line: a Markdown quote, a heading or list marker, a code comment.</summary>
    [GeneratedRegex(@"^\s*(?:>\s?|#\s|//\s?|-\s)")]
    private static partial Regex QuotePrefix();

    /// <summary>"2 x Kingston ..." (rigsmith's and forum lists' quantity before the name).</summary>
    [GeneratedRegex(@"^(?<n>[1-9]\d?)\s?[x×]\s+(?<name>\S.*)$")]
    private static partial Regex Quantity();

    /// <summary>
    /// A line with a quantity before its name stands for that many of the part: memory keeps one line with the number
    /// of modules; any other part becomes that many lines, as PCPartPicker lists one line per item.
    /// </summary>
    private static IEnumerable<PartLine> Expand(PartLine line)
    {
        if (Quantity().Match(line.Name) is not { Success: true } m)
            return [line];
        var n = int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var named = line with { Name = m.Groups["name"].Value, Modules = n };
        return line.Type.Equals("Memory", StringComparison.OrdinalIgnoreCase) ? [named] : Enumerable.Repeat(named with { Modules = null }, n);
    }

    [GeneratedRegex(@"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")]
    private static partial Regex SeparatorRow();

    [GeneratedRegex(@"\[PCPartPicker Part List\]\((?<url>[^)\s]+)\)", RegexOptions.IgnoreCase)]
    private static partial Regex ListLink();

    [GeneratedRegex(@"^\*\*(?<title>.+?)\*\*")]
    private static partial Regex BoldTitle();

    [GeneratedRegex(@"^\[(?<name>(?:\\.|[^\]\\])*)\]\((?<url>[^)\s]*)\)$")]
    private static partial Regex ItemLink();

    [GeneratedRegex(@"^(?<type>[A-Za-z][A-Za-z0-9 ./&+-]{0,40}):(?:\s(?<rest>.*)|(?<rest>))$")]
    private static partial Regex TextPart();

    /// <summary>PCPartPicker puts two spaces before the price in parentheses; a nameless custom part has only the price.</summary>
    [GeneratedRegex(@"^(?<name>.*?)(?:  |^\s*)\((?<price>(?:[^()]|\([^()]*\))*\d(?:[^()]|\([^()]*\))*)\)\s*$")]
    private static partial Regex PricedRest();

    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-.!|])")]
    private static partial Regex BackslashEscape();
}
