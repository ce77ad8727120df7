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
}
