using Rigsmith.Input;

namespace Rigsmith.Catalog;

/// <summary>The parts a query names: every word must appear in the part's id, name or vendor (case ignored).</summary>
public static class PartSearch
{
    public static List<Part> Matching(IEnumerable<Part> parts, string? query, PartCategory? category = null)
    {
        var words = (query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts
            .Where(p => category is null || p.Category == category)
            .Where(p => words.All(w => $"{p.Id} {p.Name} {p.Vendor}".Contains(w, StringComparison.OrdinalIgnoreCase)))
            .ToList();
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
