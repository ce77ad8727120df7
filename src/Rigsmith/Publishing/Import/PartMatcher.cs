using System.Globalization;
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

/// <summary>Matches PCPartPicker names to catalog parts: exact name first, then a token score over vendor and model tokens.</summary>
public static partial class PartMatcher
{
    /// <summary>Fuzzy matches at or above this are used.</summary>
    public const double AcceptAbove = 0.5;

    /// <summary>Fuzzy matches below this are used but reported as low confidence.</summary>
    public const double ConfidentAbove = 0.85;

    /// <summary>Weights of the fuzzy score: model tokens (those with a digit) decide, vendor and remaining words refine.</summary>
    private const double ModelWeight = 0.6;
    private const double VendorWeight = 0.25;
    private const double WordWeight = 0.15;

    /// <summary>A vendor or model number missing from the line caps the score below acceptance: another maker's or model's part is another part.</summary>
    private const double VendorMissCap = 0.45;

    private static readonly HashSet<string> NoiseWords = new(StringComparer.Ordinal)
    {
        "gb", "tb", "mb", "w", "v", "the", "of", "and", "with", "for", "kit", "card", "video", "memory", "processor",
        "drive", "solid", "state", "internal", "power", "supply", "case", "motherboard", "graphics",
    };

    /// <summary>The catalog categories a PCPartPicker type maps to; null for "Custom" (any category); empty when rigsmith does not model it.</summary>
    public static IReadOnlyList<PartCategory>? CategoriesOf(string type) => type.Trim().ToLowerInvariant() switch
    {
        "cpu" => [PartCategory.Cpu],
        "motherboard" => [PartCategory.Motherboard],
        "memory" => [PartCategory.Memory],
        "storage" => [PartCategory.Storage],
        "video card" or "gpu" => [PartCategory.Gpu],
        "power supply" or "psu" => [PartCategory.Psu],
        "case" or "chassis" => [PartCategory.Chassis],
        "custom" => null,
        _ => [],
    };

    public static PartMatch Match(PartLine line, PartCatalog catalog)
    {
        var categories = CategoriesOf(line.Type);
        if (categories is { Count: 0 })
            return new PartMatch(line, MatchKind.NotModelled, null, 0, null, null);
        var candidates = catalog.All.Where(p => categories is null || categories.Contains(p.Category)).ToList();
        if (line.Name.Length == 0)
            return new PartMatch(line, MatchKind.None, null, 0, null, null);

        var wanted = Normalize(line.Name);
        var exact = candidates.FirstOrDefault(p => Normalize(p.Name) == wanted || Normalize(p.Vendor + " " + p.Name) == wanted || p.Id == line.Name.Trim());
        if (exact is not null)
            return new PartMatch(line, MatchKind.Exact, exact, 1, exact, null);

        var lineTokens = Tokens(line.Name).ToHashSet(StringComparer.Ordinal);
        var ranked = candidates.Select(p => (Part: p, Score: Score(p, lineTokens)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Part.Id, StringComparer.Ordinal).Take(2).ToList();
        if (ranked.Count == 0)
            return new PartMatch(line, MatchKind.None, null, 0, null, null);
        var (best, score) = ranked[0];
        var runnerUp = ranked.Count > 1 && ranked[1].Score >= AcceptAbove && score - ranked[1].Score < 0.05 ? ranked[1].Part.Id : null;
        // Two parts scoring alike: keep the better one but never call it confident.
        if (runnerUp is not null)
            score = Math.Min(score, ConfidentAbove - 0.01);
        score = Math.Round(score, 2);
        return score >= AcceptAbove
            ? new PartMatch(line, MatchKind.Fuzzy, best, score, best, runnerUp)
            : new PartMatch(line, MatchKind.None, null, score, best, null);
    }

    /// <summary>The fuzzy score of a catalog part against a line's tokens, 0–1.</summary>
    public static double Score(Part part, IReadOnlySet<string> lineTokens)
    {
        var vendorTokens = Tokens(part.Vendor).Where(t => !NoiseWords.Contains(t)).ToList();
        var nameTokens = Tokens(part.Name).Where(t => !NoiseWords.Contains(t)).Except(vendorTokens).Distinct().ToList();
        var model = nameTokens.Where(t => t.Any(char.IsAsciiDigit)).ToList();
        var words = nameTokens.Where(t => !t.Any(char.IsAsciiDigit)).ToList();
        double Share(List<string> tokens) => tokens.Count == 0 ? 0 : tokens.Count(lineTokens.Contains) / (double)tokens.Count;

        var wordShare = Share(words);
        var modelShare = model.Count == 0 ? wordShare : Share(model);
        // A part's model number (a token with three or more digits: 7960x, sn850x, p4510) missing from the line means another model.
        var numbers = model.Where(t => t.Count(char.IsAsciiDigit) >= 3).ToList();
        var numberMissed = numbers.Count > 0 && !numbers.Any(lineTokens.Contains);
        var branded = vendorTokens.Count > 0 && !vendorTokens.SequenceEqual(["unbranded"]);
        var vendorHit = branded && vendorTokens.All(lineTokens.Contains);
        var score = (ModelWeight * modelShare) + (VendorWeight * (branded ? (vendorHit ? 1 : 0) : wordShare)) + (WordWeight * wordShare);
        return (branded && !vendorHit) || numberMissed ? Math.Min(score, VendorMissCap) : score;
    }

    public static IEnumerable<string> Tokens(string text) =>
        NonToken().Split(text.ToLowerInvariant()).Select(t => t.Trim('.')).Where(t => t.Length > 0);

    private static string Normalize(string text) => Whitespace().Replace(text.Trim().ToLowerInvariant(), " ");

    public static string FormatConfidence(double confidence) => confidence.ToString("0.00", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"[^a-z0-9.]+")]
    private static partial Regex NonToken();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
