namespace Rigsmith.Catalog.OpenDb;

/// <summary>
/// Which OpenDB parts are the same product as a curated part: by manufacturer part number (an OpenDB part number of six
/// or more letters and digits found in the curated name), else by name: every word of the curated vendor and name is in
/// the OpenDB name, and the OpenDB name adds only words that describe, not distinguish (sizes, units, memory types,
/// colours), fewest first. "NVIDIA GeForce RTX 3090 Founders Edition" is "NVIDIA Founders Edition GeForce RTX 3090 24GB
/// GDDR6X", not the "... RTX 3090 Ti ..." card. The curated part wins: the listing shows it, not its twin.
/// </summary>
public static class OpenDbTwins
{
    private static readonly HashSet<string> Descriptive = new(StringComparer.Ordinal)
    {
        "black", "white", "edition", "graphics", "card", "memory", "kit", "eatx", "atx", "matx", "itx", "micro", "mini",
    };

    /// <summary>Memory types, sizes and sockets: words that describe the product, never tell two apart.</summary>
    private static readonly System.Text.RegularExpressions.Regex Described = new(
        @"\b(?:G?DDR\d+X?|HBM\d*E?|\d+(?:\.\d+)?\s*(?:GB|TB|MB|W)|LGA\s?\d{3,4}(?:-\d)?|sTRX?\d|sWRX\d|AM\d)\b",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static Dictionary<string, string> Match(IEnumerable<Part> curated, IEnumerable<BroadPart> broad)
    {
        var twins = new Dictionary<string, string>(StringComparer.Ordinal);
        var byCategory = broad.GroupBy(b => b.Part.Category).ToDictionary(g => g.Key,
            g => g.Select(b => (Part: b, Words: Words(Described.Replace(b.Part.Vendor + " " + b.Part.Name, " ")), Numbers: PartNumbers(b).ToList())).ToList());
        foreach (var part in curated)
        {
            if (!byCategory.TryGetValue(part.Category, out var candidates))
                continue;
            var name = PartSearch.Compact(part.Name);
            var words = Words(Described.Replace(part.Vendor + " " + part.Name, " "));
            var match = candidates.FirstOrDefault(b => b.Numbers.Any(a => name.Contains(a, StringComparison.Ordinal))).Part
                ?? candidates
                    .Where(b => words.IsSubsetOf(b.Words) && b.Words.Except(words).All(w => Descriptive.Contains(w) || w.All(char.IsAsciiDigit)))
                    .OrderBy(b => b.Words.Count).ThenBy(b => b.Part.Part.Id, StringComparer.Ordinal).FirstOrDefault().Part;
            if (match is not null)
                twins.TryAdd(match.Part.Id, part.Id);
        }

        return twins;
    }

    /// <summary>
    /// An OpenDB part's manufacturer part numbers: its aliases of six or more letters and digits with both kinds in them
    /// that are not a piece of its own name ("RTX 3090" names a model, not one maker's product).
    /// </summary>
    public static IEnumerable<string> PartNumbers(BroadPart part)
    {
        var name = PartSearch.Compact(part.Part.Name);
        return part.Aliases.Select(PartSearch.Compact).Where(a => a.Length >= 6 && a.Any(char.IsAsciiDigit) && a.Any(char.IsAsciiLetter) && !name.Contains(a, StringComparison.Ordinal));
    }

    /// <summary>Lowercase words split at anything but letters and digits and between letters and digits.</summary>
    private static HashSet<string> Words(string text) => PartSearch.Tokens(text).ToHashSet(StringComparer.Ordinal);
}
