namespace Rigsmith.Catalog;

/// <summary>All known parts, by id.</summary>
public sealed class PartCatalog
{
    private readonly Dictionary<string, Part> _byId;

    public PartCatalog(IEnumerable<Part> parts)
    {
        _byId = parts.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    public IEnumerable<Part> All => _byId.Values.OrderBy(p => p.Category).ThenBy(p => p.Id, StringComparer.Ordinal);
    public int Count => _byId.Count;

    public Part? Find(string id) => _byId.GetValueOrDefault(id);

    public IEnumerable<T> OfType<T>()
        where T : Part => All.OfType<T>();

    public IEnumerable<string> IdsOf(PartCategory category) =>
        _byId.Values.Where(p => p.Category == category).Select(p => p.Id);

    /// <summary>A catalog with extra parts (a rig's inline parts) added; ids must not collide.</summary>
    public PartCatalog With(IEnumerable<Part> extra) => new(_byId.Values.Concat(extra));
}
