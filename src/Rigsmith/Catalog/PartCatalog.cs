namespace Rigsmith.Catalog;

/// <summary>
/// All known parts, by id. A catalog loaded from its snapshot (<see cref="CatalogSnapshot"/>) knows every part's id and
/// category from the index and reads a part from its YAML only when it is first asked for, so a command that looks up
/// the parts of one rig reads only those; <see cref="All"/> and <see cref="OfType{T}"/> read every part.
/// </summary>
public sealed class PartCatalog
{
    // In catalog order (file by file, as the files load), so IdsOf lists them as the full load does.
    private readonly Dictionary<string, Entry> _byId;
    private readonly IndexedParts? _source;

    public PartCatalog(IEnumerable<Part> parts)
        : this(parts.Select(p => new Entry(p)), null)
    {
    }

    private PartCatalog(IEnumerable<Entry> entries, IndexedParts? source)
    {
        _byId = entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
        _source = source;
    }

    /// <summary>A catalog whose parts are read on demand from <paramref name="source"/>.</summary>
    internal static PartCatalog Indexed(IndexedParts source)
    {
        var entries = new Entry[source.Count];
        for (var i = 0; i < entries.Length; i++)
            entries[i] = new Entry(source, i);
        return new(entries, source);
    }

    public IEnumerable<Part> All => Ordered.Select(e => e.Part);

    /// <summary>Every id, in the order of <see cref="All"/>, without reading any part.</summary>
    public IEnumerable<string> Ids => Ordered.Select(e => e.Id);

    public int Count => _byId.Count;

    /// <summary>Whether the parts are read on demand from an index (else they were all read up front).</summary>
    internal bool IsIndexed => _source is not null;

    /// <summary>How many parts this catalog has read from the YAML on demand (0 for a catalog built from parts).</summary>
    internal int PartsRead => _source?.PartsRead ?? 0;

    /// <summary>How many whole files it read because an entry would not parse alone (0 for the shipped catalog).</summary>
    internal int WholeFilesRead => _source?.WholeFilesRead ?? 0;

    /// <summary>How many parts were read from their binary form in the index (the rest: by parsing their text).</summary>
    internal int PartsDecoded => _source?.PartsDecoded ?? 0;

    public Part? Find(string id) => _byId.GetValueOrDefault(id)?.Part;

    public IEnumerable<T> OfType<T>()
        where T : Part => All.OfType<T>();

    public IEnumerable<string> IdsOf(PartCategory category) =>
        _byId.Values.Where(e => e.Category == category).Select(e => e.Id);

    /// <summary>A catalog with extra parts (a rig's inline parts) added; ids must not collide.</summary>
    public PartCatalog With(IEnumerable<Part> extra) => new(_byId.Values.Concat(extra.Select(p => new Entry(p))), _source);

    private IEnumerable<Entry> Ordered => _byId.Values.OrderBy(e => e.Category).ThenBy(e => e.Id, StringComparer.Ordinal);

    /// <summary>One part: its id and category always, the part itself once read. Shared by the catalogs <see cref="With"/> makes.</summary>
    private sealed class Entry
    {
        private readonly IndexedParts? _source;
        private readonly int _index;
        private Part? _part;

        public Entry(Part part)
        {
            Id = part.Id;
            Category = part.Category;
            _part = part;
        }

        public Entry(IndexedParts source, int index)
        {
            Id = source.IdOf(index);
            Category = source.CategoryOf(index);
            _source = source;
            _index = index;
        }

        public string Id { get; }
        public PartCategory Category { get; }

        public Part Part
        {
            get
            {
                if (Volatile.Read(ref _part) is { } part)
                    return part;
                // Two threads may read the same part at once; both get the first one stored.
                Interlocked.CompareExchange(ref _part, _source!.Read(_index), null);
                return _part;
            }
        }
    }
}
