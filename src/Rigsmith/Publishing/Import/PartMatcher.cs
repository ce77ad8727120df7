using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Rigsmith.Catalog;

namespace Rigsmith.Publishing.Import;

public enum MatchKind
{
    /// <summary>The line's name is a catalog part's name (or id), ignoring case and spacing.</summary>
    Exact,
    /// <summary>The best catalog part by vendor and model tokens, with a confidence below 1.</summary>
    Fuzzy,
    /// <summary>No catalog part is close enough.</summary>
    None,
    /// <summary>The line's type is one rigsmith does not model (CPU Cooler, Case Fan, Monitor, ...).</summary>
    NotModelled,
}

/// <summary>How one part line matched the catalog.</summary>
/// <param name="Confidence">1 for an exact match; for a fuzzy one the weighted share of the part's model tokens, vendor and words found in the line.</param>
/// <param name="Best">The best candidate even when it was too weak to use, for the message.</param>
public sealed record PartMatch(PartLine Line, MatchKind Kind, Part? Part, double Confidence, Part? Best, string? RunnerUp)
{
    public bool Matched => Part is not null;
    public bool LowConfidence => Kind == MatchKind.Fuzzy && Confidence < PartMatcher.ConfidentAbove;
}

/// <summary>
/// Matches PCPartPicker names to catalog parts, curated and OpenDB alike: the exact name first; then a manufacturer part
/// number from the line's product link (PCPartPicker ends its product slugs with it); then the name's words, each
/// weighted by how rare it is among the category's parts (inverse document frequency), compared both ways (Dice's
/// coefficient), so a part that lacks the line's model words and one that adds words the line lacks both score lower.
/// </summary>
public static partial class PartMatcher
{
    /// <summary>Matches at or above this are used.</summary>
    public const double AcceptAbove = 0.5;

    /// <summary>Matches below this are used but reported as low confidence.</summary>
    public const double ConfidentAbove = 0.85;

    /// <summary>How far below the best OpenDB part by name a curated part may score and still be taken (policy: curated wins near-ties).</summary>
    private const double CuratedMargin = 0.05;

    /// <summary>The confidence of a match by a part number in the product link (the maker's own identifier).</summary>
    public const double PartNumberConfidence = 0.95;

    /// <summary>Words PCPartPicker appends to every name of a type: they tell nothing about which product it is.</summary>
    private static readonly HashSet<string> NoiseWords = new(StringComparer.Ordinal)
    {
        "gb", "tb", "mb", "w", "v", "the", "of", "and", "with", "for", "kit", "card", "video", "memory", "processor",
        "drive", "solid", "state", "internal", "power", "supply", "case", "motherboard", "graphics", "core", "ghz",
        "certified", "modular", "fully", "semi", "atx", "tower", "mid", "full", "ssd", "nvme", "hard", "rpm", "m",
    };

    private static readonly ConditionalWeakTable<PartCatalog, Weights> WeightTables = new();

    /// <summary>The catalog categories a PCPartPicker type maps to; null for "Custom" (any category); empty when rigsmith does not model it.</summary>
    public static IReadOnlyList<PartCategory>? CategoriesOf(string type)
    {
        var t = type.Trim().ToLowerInvariant();
        return t switch
        {
            "cpu" => [PartCategory.Cpu],
            "motherboard" => [PartCategory.Motherboard],
            "memory" => [PartCategory.Memory],
            "storage" => [PartCategory.Storage],
            "video card" or "gpu" or "graphics card" => [PartCategory.Gpu],
            "power supply" or "psu" => [PartCategory.Psu],
            "case" or "chassis" => [PartCategory.Chassis],
            "custom" => null,
            // Lists edited by hand or older exports: "SSD Storage", "Storage: SSD", "Hard Drive".
            _ when t.EndsWith(" storage", StringComparison.Ordinal) || t.StartsWith("storage", StringComparison.Ordinal) || t is "ssd" or "hdd" or "hard drive" => [PartCategory.Storage],
            _ => [],
        };
    }

    public static PartMatch Match(PartLine line, PartCatalog catalog)
    {
        var categories = CategoriesOf(line.Type);
        if (categories is { Count: 0 })
            return new PartMatch(line, MatchKind.NotModelled, null, 0, null, null);
        if (line.Name.Length == 0)
            return new PartMatch(line, MatchKind.None, null, 0, null, null);
        var weights = WeightTables.GetValue(catalog, c => new Weights(c.Entries));
        var candidates = weights.Entries.Where(e => categories is null || categories.Contains(e.Entry.Category)).ToList();
        if (candidates.Count == 0)
            return new PartMatch(line, MatchKind.None, null, 0, null, null);

        var wanted = Normalize(line.Name);
        var exact = candidates.FirstOrDefault(c => c.Name == wanted || c.VendorAndName == wanted || c.Entry.Id == line.Name.Trim());
        if (exact is not null && catalog.Find(exact.Entry.Id) is { } exactPart)
            return new PartMatch(line, MatchKind.Exact, exactPart, 1, exactPart, null);

        var lineTokens = Words(line.Name);
        var sizes = Sizes.Of(line.Name);
        // The best by name whose capacity, kit and wattage agree with the line's ("2 TB" is not the 4 TB model of a drive).
        var lineCompact = PartSearch.Compact(line.Name);
        var ranked = candidates.Select(c => (c.Entry, Score: weights.Dice(c, lineTokens, lineCompact)))
            .OrderByDescending(x => x.Score).ThenByDescending(x => x.Entry.Curated).ThenBy(x => x.Entry.Id, StringComparer.Ordinal)
            .Take(SizeChecked).Where(x => sizes.Agree(catalog.Find(x.Entry.Id))).ToList();
        if (ranked.Count == 0)
            return new PartMatch(line, MatchKind.None, null, 0, null, null);

        // A maker's part number ending the product link (PCPartPicker's slugs end with it) decides between look-alikes.
        var slug = line.Url is { } url ? PartSearch.Compact(url[(url.TrimEnd('/').LastIndexOf('/') + 1)..]) : "";
        var byNumber = slug.Length == 0 ? null : ranked
            .Select(x => (x.Entry, x.Score, Number: weights.Of(x.Entry).Numbers.Where(n => slug.EndsWith(n, StringComparison.Ordinal)).DefaultIfEmpty("").Max(n => n.Length)))
            .Where(x => x.Number > 0 && x.Score >= AcceptAbove / 2)
            .OrderByDescending(x => x.Number).ThenByDescending(x => x.Score).Select(x => ((CatalogEntry, double)?)(x.Entry, x.Score)).FirstOrDefault();

        // Curated parts win: one within CuratedMargin of the best by name is taken before an OpenDB part.
        var top = ranked[0];
        if (!top.Entry.Curated && ranked.FirstOrDefault(x => x.Entry.Curated) is { Entry: not null } curated && top.Score - curated.Score <= CuratedMargin)
            top = curated;
        var (best, score) = byNumber is { } n ? (n.Item1, Math.Max(n.Item2, PartNumberConfidence)) : top;
        var second = ranked.FirstOrDefault(x => x.Entry.Id != best.Id);
        var runnerUp = second.Entry?.Id;
        // Two parts scoring alike by name alone: keep the better one but never call it confident (unless the curated part
        // won over OpenDB look-alikes, as curated parts do).
        if (byNumber is null && second.Entry is not null && score - second.Score < 0.05 && !(best.Curated && !second.Entry.Curated))
            score = Math.Min(score, ConfidentAbove - 0.01);
        score = Math.Round(score, 2);
        var part = catalog.Find(best.Id);
        return score >= AcceptAbove && part is not null
            ? new PartMatch(line, MatchKind.Fuzzy, part, score, part, runnerUp)
            : new PartMatch(line, MatchKind.None, null, score, part, runnerUp);
    }

    /// <summary>Lowercase words split at anything but letters and digits, and between letters and digits ("rtx3090" → rtx, 3090).</summary>
    public static IEnumerable<string> Tokens(string text) => PartSearch.Tokens(text);

    private static string Normalize(string text) => Whitespace().Replace(text.Trim().ToLowerInvariant(), " ");

    /// <summary>How many of the best candidates by name are read to compare sizes; the rest are too far off by name.</summary>
    private const int SizeChecked = 40;

    /// <summary>
    /// The sizes a PCPartPicker name states: a drive's capacity ("2 TB"), a memory kit ("32 GB (2 x 16 GB)"), a power
    /// supply's rating ("850 W"). A part whose own value differs is another product.
    /// </summary>
    private sealed partial record Sizes(double? StorageGb, int? KitSize, double? ModuleGb, double? TotalGb, double? Watts, StorageForm? Form)
    {
        public static Sizes Of(string name)
        {
            double? storage = null, module = null, total = null, watts = null;
            int? kit = null;
            if (KitPattern().Match(name) is { Success: true } k)
            {
                total = Number(k.Groups["total"].Value);
                kit = (int)Number(k.Groups["n"].Value);
                module = Number(k.Groups["each"].Value);
            }

            if (CapacityPattern().Match(name) is { Success: true } c)
                storage = Number(c.Groups["n"].Value) * (c.Groups["unit"].Value.Equals("TB", StringComparison.OrdinalIgnoreCase) ? 1000 : 1);
            if (WattPattern().Match(name) is { Success: true } w)
                watts = Number(w.Groups["n"].Value);
            // The drive's form as PCPartPicker names it: 2.5" and 3.5" drives, M.2 sticks.
            StorageForm? form = name.Contains("2.5\"", StringComparison.Ordinal) ? StorageForm.Sata25
                : name.Contains("3.5\"", StringComparison.Ordinal) ? StorageForm.Sata35
                : name.Contains("M.2", StringComparison.OrdinalIgnoreCase) ? StorageForm.M2 : null;
            return new Sizes(storage, kit, module, total, watts, form);
        }

        private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

        public bool Agree(Part? part) => part switch
        {
            null => false,
            // Within 10 %: a model's capacities are a factor of two apart, while makers round ("4 TB" for 3.84 TB).
            Storage s when StorageGb is { } gb => Math.Abs((s.Capacity.Value / 1e9) - gb) <= 0.1 * gb && (Form is null || s.Form == Form),
            MemoryModule m when KitSize is { } n => m.KitSize == n && Math.Abs((m.Capacity.Value / (1L << 30)) - ModuleGb!.Value) < 0.5,
            Psu p when Watts is { } w => Math.Abs(p.Wattage.Value - w) < 1,
            _ => true,
        };

        [GeneratedRegex(@"(?<total>\d+)\s*GB\s*\(\s*(?<n>\d+)\s*x\s*(?<each>\d+)\s*GB\s*\)", RegexOptions.IgnoreCase)]
        private static partial Regex KitPattern();

        [GeneratedRegex(@"(?<![\d.])(?<n>\d+(?:\.\d+)?)\s*(?<unit>TB|GB)\b", RegexOptions.IgnoreCase)]
        private static partial Regex CapacityPattern();

        [GeneratedRegex(@"(?<![\d.])(?<n>\d{3,4})\s*W\b")]
        private static partial Regex WattPattern();
    }

    public static string FormatConfidence(double confidence) => confidence.ToString("0.00", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>A part's vendor missing from the line caps its score below acceptance: another maker's part is another part.</summary>
    private const double VendorMissCap = 0.45;

    /// <summary>One candidate's informative words (and its OpenDB twin's, for a curated part), vendor, and part numbers.</summary>
    private sealed record Candidate(CatalogEntry Entry, HashSet<string> Words, IReadOnlyList<HashSet<string>> OtherNames, string Vendor, string[] Numbers)
    {
        /// <summary>The name and "vendor name" as the exact match compares them, made once.</summary>
        public string Name { get; } = Normalize(Entry.Name);

        public string VendorAndName { get; } = Normalize(Entry.Vendor + " " + Entry.Name);

        /// <summary>Its model numbers (words of three or more digits: 7960, 4510), by any of its names; the name's first.</summary>
        public string[] ModelNumbers { get; } = ModelNumbersOf(Words, OtherNames);

        private static string[] ModelNumbersOf(HashSet<string> words, IReadOnlyList<HashSet<string>> others)
        {
            static bool IsNumber(string w) => w.Length >= 3 && w.All(char.IsAsciiDigit);
            var own = words.Where(IsNumber).ToList();
            return own.Count == 0 ? [] : [.. own, .. others.SelectMany(n => n).Where(IsNumber)];
        }
    }

    /// <summary>
    /// The other ways a part is named: a curated name without what it puts in parentheses (the maker's part number or a
    /// note: "... Turbo 24G (GV-N3090TURBO-24GD)"), and its OpenDB twin's name.
    /// </summary>
    private static List<HashSet<string>> OtherNames(CatalogEntry e)
    {
        var names = new List<HashSet<string>>();
        if (e.Curated && Parenthesised().IsMatch(e.Name))
            names.Add(Words($"{e.Vendor} {Parenthesised().Replace(e.Name, " ")}"));
        if (e.AlsoNamed is { } twin)
            names.Add(Words($"{e.Vendor} {twin}"));
        return names;
    }

    /// <summary>
    /// The informative words of a name: tokens without the noise words and without the clock and core count PCPartPicker
    /// writes into every CPU's name ("2.8 GHz 16-Core"), which are specifications of the model, not its name.
    /// </summary>
    private static HashSet<string> Words(string text) =>
        Tokens(CpuSpecs().Replace(text, " ")).Where(t => !NoiseWords.Contains(t)).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\b\d+(?:\.\d+)?\s*GHz\b|\b\d+-Core\b", RegexOptions.IgnoreCase)]
    private static partial Regex CpuSpecs();

    [GeneratedRegex(@"\([^()]*\)")]
    private static partial Regex Parenthesised();

    /// <summary>Each category's word weights: ln(parts / parts with the word) + 1, noise words 0.</summary>
    private sealed class Weights
    {
        private readonly Dictionary<(PartCategory, string), double> _idf = [];
        private readonly Dictionary<PartCategory, int> _counts = [];
        private readonly Dictionary<string, Candidate> _byId = new(StringComparer.Ordinal);

        public Weights(IReadOnlyList<CatalogEntry> entries)
        {
            Entries = entries.Select(e => new Candidate(e,
                Words($"{e.Vendor} {e.Name}"),
                OtherNames(e),
                PartSearch.Compact(e.Vendor),
                e.Aliases.Select(PartSearch.Compact).Where(a => a.Length >= 7 && a.Any(char.IsAsciiDigit) && a.Any(char.IsAsciiLetter)).ToArray())).ToList();
            var df = new Dictionary<(PartCategory, string), int>();
            foreach (var c in Entries)
            {
                _byId[c.Entry.Id] = c;
                _counts[c.Entry.Category] = _counts.GetValueOrDefault(c.Entry.Category) + 1;
                foreach (var w in c.Words)
                    df[(c.Entry.Category, w)] = df.GetValueOrDefault((c.Entry.Category, w)) + 1;
            }

            foreach (var ((category, word), count) in df)
                _idf[(category, word)] = Math.Log((double)_counts[category] / count) + 1;
        }

        public List<Candidate> Entries { get; }

        public Candidate Of(CatalogEntry entry) => _byId[entry.Id];

        private double Weight(PartCategory category, string word) =>
            NoiseWords.Contains(word) ? 0 : _idf.GetValueOrDefault((category, word), Math.Log(_counts.GetValueOrDefault(category, 1)) + 1);

        /// <summary>
        /// 2·(weight of the words both share) / (weight of the line's words + weight of the part's), by the part's name or
        /// its OpenDB twin's, whichever is closer; capped below acceptance when the line does not name the part's maker.
        /// </summary>
        public double Dice(Candidate candidate, HashSet<string> line, string lineCompact)
        {
            var score = candidate.OtherNames.Select(n => Dice(candidate.Entry.Category, n, line)).DefaultIfEmpty(0).Max();
            score = Math.Max(score, Dice(candidate.Entry.Category, candidate.Words, line));
            var branded = candidate.Vendor.Length > 0 && candidate.Vendor != "unbranded" && candidate.Vendor != "generic";
            // A model number of the part (three or more digits: 7960, 4510) that the line lacks means another model.
            var numberMissed = candidate.ModelNumbers.Length > 0 && !candidate.ModelNumbers.Any(line.Contains);
            return (branded && !lineCompact.Contains(candidate.Vendor, StringComparison.Ordinal)) || numberMissed ? Math.Min(score, VendorMissCap) : score;
        }

        private double Dice(PartCategory category, HashSet<string> words, HashSet<string> line)
        {
            double shared = 0, lineWeight = 0, partWeight = 0;
            foreach (var w in line)
            {
                var weight = Weight(category, w);
                lineWeight += weight;
                if (words.Contains(w))
                    shared += weight;
            }

            foreach (var w in words)
                partWeight += Weight(category, w);
            return lineWeight + partWeight == 0 ? 0 : 2 * shared / (lineWeight + partWeight);
        }
    }
}
