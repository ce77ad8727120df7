using System.Runtime.CompilerServices;
using Rigsmith.Input;

namespace Rigsmith.Catalog;

/// <summary>
/// Finds parts by what people type ("3090 blower", "7960x", "x299 dark"): every word must appear in the part's id, name,
/// vendor or part numbers, and the results are ranked. A word that is a whole token of the part scores 3, the start of
/// one 2, anywhere else 1; a query that is a part number scores 5 more; curated parts rank above OpenDB parts of the
/// same score, and shorter names above longer ones (the plain model before its bundles and variants).
/// </summary>
public static class PartSearch
{
    private static readonly ConditionalWeakTable<PartCatalog, Index> Indexes = new();

    /// <summary>The parts a query names, best first (all parts in catalog order for an empty query).</summary>
    public static List<Part> Matching(PartCatalog catalog, string? query, PartCategory? category = null, int? limit = null) =>
        Ranked(catalog, query, category, limit).Select(e => catalog.Find(e.Id)).OfType<Part>().ToList();

    /// <summary>The entries a query names, best first, without reading any part.</summary>
    public static List<CatalogEntry> Ranked(PartCatalog catalog, string? query, PartCategory? category = null, int? limit = null)
    {
        var index = Indexes.GetValue(catalog, c => new Index(c.Entries));
        var words = Words(query ?? "");
        var whole = Compact(query ?? "");
        var scored = new List<(CatalogEntry Entry, double Score)>();
        for (var i = 0; i < index.Entries.Count; i++)
        {
            var entry = index.Entries[i];
            if (category is not null && entry.Category != category)
                continue;
            var score = 0.0;
            var all = true;
            foreach (var word in words)
            {
                var s = index.Score(i, word);
                if (s == 0)
                {
                    all = false;
                    break;
                }

                score += s;
            }

            if (!all)
                continue;
            if (whole.Length >= 5 && index.AliasesOf(i).Contains(whole))
                score += 5;
            scored.Add((entry, score + (entry.Curated ? 1.5 : 0) - (0.01 * index.TokensOf(i).Length)));
        }

        IEnumerable<(CatalogEntry Entry, double Score)> ordered = words.Count == 0
            ? scored
            : scored.OrderByDescending(x => x.Score).ThenBy(x => x.Entry.Name.Length).ThenBy(x => x.Entry.Id, StringComparer.Ordinal);
        if (limit is { } n)
            ordered = ordered.Take(n);
        return ordered.Select(x => x.Entry).ToList();
    }

    /// <summary>The query's words, lowercase, split at anything but letters and digits.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var start = -1;
        var lower = text.ToLowerInvariant();
        for (var i = 0; i <= lower.Length; i++)
        {
            var word = i < lower.Length && char.IsAsciiLetterOrDigit(lower[i]);
            if (word && start < 0)
                start = i;
            else if (!word && start >= 0)
            {
                words.Add(lower[start..i]);
                start = -1;
            }
        }

        return words;
    }

    /// <summary>
    /// <see cref="Words"/> split again between letters and digits ("rtx3090" → rtx, 3090), so that "RTX3090" and
    /// "RTX 3090" give the same tokens; for comparing names, where <see cref="Words"/> is for what people type.
    /// </summary>
    public static IEnumerable<string> Tokens(string text)
    {
        foreach (var word in Words(text))
        {
            var start = 0;
            for (var i = 1; i <= word.Length; i++)
            {
                if (i == word.Length || char.IsAsciiDigit(word[i]) != char.IsAsciiDigit(word[i - 1]))
                {
                    yield return word[start..i];
                    start = i;
                }
            }
        }
    }

    /// <summary>Letters and digits only, lowercase: "RTX-3090" and "rtx 3090" compare equal.</summary>
    public static string Compact(string text) => string.Concat(text.Where(char.IsAsciiLetterOrDigit)).ToLowerInvariant();

    /// <summary>Each entry's tokens and compacted text, made once per catalog.</summary>
    private sealed class Index
    {
        private readonly string[][] _tokens;
        private readonly string[] _text;
        private readonly HashSet<string>[] _aliases;

        public Index(IReadOnlyList<CatalogEntry> entries)
        {
            Entries = entries;
            _tokens = new string[entries.Count][];
            _text = new string[entries.Count];
            _aliases = new HashSet<string>[entries.Count];
            for (var i = 0; i < entries.Count; i++)
            {
                var e = entries[i];
                var text = $"{e.Id} {e.Vendor} {e.Name} {string.Join(' ', e.Aliases)}";
                _tokens[i] = Words(text).Distinct().ToArray();
                // Substrings count only within the name ("rtx3090" in "RTX3090"), never inside a part number's digits.
                _text[i] = Compact(e.Vendor + " " + e.Name);
                _aliases[i] = e.Aliases.Select(Compact).Where(a => a.Length > 0).ToHashSet(StringComparer.Ordinal);
            }
        }

        public IReadOnlyList<CatalogEntry> Entries { get; }

        public string[] TokensOf(int i) => _tokens[i];

        public HashSet<string> AliasesOf(int i) => _aliases[i];

        public double Score(int i, string word)
        {
            var best = 0.0;
            foreach (var token in _tokens[i])
            {
                if (token == word)
                    return 3;
                if (token.StartsWith(word, StringComparison.Ordinal))
                    best = 2;
            }

            return best > 0 ? best : _text[i].Contains(word, StringComparison.Ordinal) ? 1 : 0;
        }
    }

    /// <summary>
    /// The category a user named (<c>gpu</c>, any case), or null with a message listing the names and, for a near miss
    /// (<c>gpus</c>), the one meant.
    /// </summary>
    public static (PartCategory? Category, string? Problem) CategoryNamed(string name)
    {
        var names = MapReader.EnumValues<PartCategory>().Select(c => MapReader.EnumName(c)).ToList();
        var lower = name.ToLowerInvariant();
        foreach (var c in MapReader.EnumValues<PartCategory>())
        {
            if (MapReader.EnumName(c) == lower)
                return (c, null);
        }

        var hint = Suggestions.DidYouMean(lower.TrimEnd('s'), names);
        return (null, $"unknown category '{name}'; use one of {string.Join(", ", names)}" + (hint is null ? "" : $" ({hint})"));
    }
}
