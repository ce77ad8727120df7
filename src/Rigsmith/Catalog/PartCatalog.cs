using Rigsmith.Catalog.OpenDb;

namespace Rigsmith.Catalog;

/// <summary>How search and import see a part without reading it.</summary>
/// <param name="Aliases">Manufacturer part numbers and other names people write for it.</param>
/// <param name="Curated">From the curated catalog (else the broad OpenDB tier).</param>
/// <param name="Reference">The OpenDB record ("GPU/uuid") this part is, or duplicates; null when none.</param>
/// <param name="AlsoNamed">The name its OpenDB twin goes by, for a curated part that has one.</param>
public sealed record CatalogEntry(string Id, PartCategory Category, string Name, string Vendor, IReadOnlyList<string> Aliases, bool Curated, string? Reference, string? AlsoNamed = null);

/// <summary>
/// All known parts, by id. A catalog loaded from its snapshot (<see cref="CatalogSnapshot"/>) knows every part's id and
/// category from the index and reads a part from its YAML only when it is first asked for, so a command that looks up
/// the parts of one rig reads only those; <see cref="All"/> and <see cref="OfType{T}"/> read every part.
/// Beneath the curated parts lies the broad tier (<see cref="OpenDbTier"/>, the BuildCores OpenDB's parts), opened
/// only when an id is not curated or a command lists or searches the whole catalog. A curated part hides its OpenDB
/// twin from listings: the curated values win.
/// </summary>
public sealed class PartCatalog
{
    // In catalog order (file by file, as the files load), so IdsOf lists them as the full load does.
    private readonly Dictionary<string, Entry> _byId;
    private readonly IndexedParts? _source;
    private readonly Broad? _broad;

    public PartCatalog(IEnumerable<Part> parts)
        : this(parts.Select(p => new Entry(p)), null, null)
    {
    }

    private PartCatalog(IEnumerable<Entry> entries, IndexedParts? source, Broad? broad)
        : this(entries.ToDictionary(e => e.Id, StringComparer.Ordinal), source, broad)
    {
    }

    private PartCatalog(Dictionary<string, Entry> byId, IndexedParts? source, Broad? broad)
    {
        _byId = byId;
        _source = source;
        _broad = broad;
    }

    /// <summary>
    /// This catalog over the broad tier <paramref name="tier"/> opens (when first needed; null: none). A tier that
    /// cannot be read is left out and <see cref="BroadProblem"/> says why; the curated parts are shared, not copied.
    /// </summary>
    public PartCatalog WithBroad(Func<OpenDbTier?> tier) => new(_byId, _source, new Broad(new TierSource(tier), null));

    /// <summary>Why the broad tier could not be read, once something asked for it; null when it was read or not needed.</summary>
    public string? BroadProblem => _broad?.Tier.Problem;

    /// <summary>Each part passed through <paramref name="transform"/> (a price book): curated parts now, broad ones as they are read.</summary>
    public PartCatalog Select(Func<Part, Part> transform)
    {
        var broad = _broad is null ? null : _broad with { Transform = _broad.Transform is { } t ? p => transform(t(p)) : transform, Cache = new() };
        return new(Ordered.Select(e => new Entry(transform(e.Part))), null, broad);
    }

    /// <summary>The broad tier, opened now; null when the catalog has none.</summary>
    public OpenDbTier? BroadTier => _broad?.Tier.Value;

    /// <summary>A catalog whose parts are read on demand from <paramref name="source"/>.</summary>
    internal static PartCatalog Indexed(IndexedParts source)
    {
        var entries = new Entry[source.Count];
        for (var i = 0; i < entries.Length; i++)
            entries[i] = new Entry(source, i);
        return new(entries, source, null);
    }

    /// <summary>Every part: the curated ones by category and id, then the broad tier's that no curated part duplicates.</summary>
    public IEnumerable<Part> All => Ordered.Select(e => e.Part).Concat(BroadParts());

    /// <summary>Every id, in the order of <see cref="All"/>, without reading any part.</summary>
    public IEnumerable<string> Ids => Ordered.Select(e => e.Id).Concat(BroadEntries().Select(e => e.Id));

    public int Count => _byId.Count + BroadEntries().Count();

    /// <summary>The broad tier's listing entries that no curated part hides (reads the tier's directory, no part).</summary>
    public IEnumerable<BroadEntry> BroadEntries() =>
        _broad?.Tier.Value is { } tier ? tier.Directory.Where(e => !_byId.ContainsKey(e.Id) && (e.Twin is null || !_byId.ContainsKey(e.Twin))) : [];

    private IReadOnlyList<CatalogEntry>? _entries;

    /// <summary>
    /// Every part as search and import see it, without reading broad parts: id, category, names, and the part numbers
    /// people write (a curated part takes its OpenDB twin's too). Curated parts first.
    /// </summary>
    public IReadOnlyList<CatalogEntry> Entries
    {
        get
        {
            if (_entries is { } known)
                return known;
            var twins = _broad?.Tier.Value is { } tier
                ? tier.Directory.Where(e => e.Twin is not null && _byId.ContainsKey(e.Twin)).GroupBy(e => e.Twin!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal)
                : [];
            var list = new List<CatalogEntry>(_byId.Count);
            foreach (var e in Ordered)
            {
                var part = e.Part;
                var twin = twins.GetValueOrDefault(e.Id);
                list.Add(new CatalogEntry(e.Id, e.Category, part.Name, part.Vendor, twin?.Aliases ?? [], true, twin?.Reference, twin?.Name));
            }

            list.AddRange(BroadEntries().Select(b => new CatalogEntry(b.Id, b.Category, b.Name, b.Vendor, b.Aliases, false, b.Reference)));
            return _entries = list;
        }
    }

    /// <summary>The OpenDB entry a curated part duplicates, if the tier has one.</summary>
    public BroadEntry? TwinOf(string curatedId) =>
        _broad?.Tier.Value is { } tier ? tier.Directory.FirstOrDefault(e => e.Twin == curatedId) : null;

    /// <summary>Whether a part comes from the curated catalog (else from the broad tier, or a rig's own).</summary>
    public bool IsCurated(string id) => _byId.ContainsKey(id);

    private IEnumerable<Part> BroadParts()
    {
        if (_broad?.Tier.Value is not { } tier)
            yield break;
        var hidden = tier.Directory.Where(e => _byId.ContainsKey(e.Id) || (e.Twin is not null && _byId.ContainsKey(e.Twin))).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var part in tier.ReadAll())
        {
            if (!hidden.Contains(part.Id))
                yield return _broad.Apply(part);
        }
    }

    /// <summary>Whether the parts are read on demand from an index (else they were all read up front).</summary>
    internal bool IsIndexed => _source is not null;

    /// <summary>How many parts this catalog has read from the YAML on demand (0 for a catalog built from parts).</summary>
    internal int PartsRead => _source?.PartsRead ?? 0;

    /// <summary>How many whole files it read because an entry would not parse alone (0 for the shipped catalog).</summary>
    internal int WholeFilesRead => _source?.WholeFilesRead ?? 0;

    /// <summary>How many parts were read from their binary form in the index (the rest: by parsing their text).</summary>
    internal int PartsDecoded => _source?.PartsDecoded ?? 0;

    public Part? Find(string id) => _byId.GetValueOrDefault(id)?.Part ?? FindBroad(id);

    private Part? FindBroad(string id)
    {
        if (_broad is null || !OpenDbId(id) || _broad.Tier.Value?.Find(id) is not { } part)
            return null;
        return _broad.Cache.GetOrAdd(id, _ => _broad.Apply(part));
    }

    /// <summary>Could be a broad-tier id (the tier's ids are lowercase slugs); anything else never opens the tier.</summary>
    private static bool OpenDbId(string id) => id.Length > 0 && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public IEnumerable<T> OfType<T>()
        where T : Part => All.OfType<T>();

    public IEnumerable<string> IdsOf(PartCategory category) =>
        _byId.Values.Where(e => e.Category == category).Select(e => e.Id).Concat(BroadEntries().Where(e => e.Category == category).Select(e => e.Id));

    /// <summary>A catalog with extra parts (a rig's inline parts) added; ids must not collide.</summary>
    public PartCatalog With(IEnumerable<Part> extra) => new(_byId.Values.Concat(extra.Select(p => new Entry(p))), _source, _broad);

    /// <summary>
    /// The broad tier, opened at the first use and shared by every catalog made from this one; a tier that cannot be
    /// read is left out and <see cref="Problem"/> says why.
    /// </summary>
    private sealed class TierSource
    {
        private readonly Lazy<OpenDbTier?> _tier;

        public TierSource(Func<OpenDbTier?> open) => _tier = new(() =>
        {
            try
            {
                return open();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or EndOfStreamException)
            {
                Problem = $"the OpenDB tier cannot be read ({e.Message}); its parts are left out";
                return null;
            }
        });

        public OpenDbTier? Value => _tier.Value;

        public string? Problem { get; private set; }
    }

    /// <summary>The broad tier, how its parts are passed on (a price book), and the parts already passed.</summary>
    private sealed record Broad(TierSource Tier, Func<Part, Part>? Transform)
    {
        public System.Collections.Concurrent.ConcurrentDictionary<string, Part> Cache { get; init; } = new(StringComparer.Ordinal);

        public Part Apply(Part part) => Transform is null ? part : Transform(part);
    }

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
