using Rigsmith.Units;

namespace Rigsmith.Catalog;

/// <summary>
/// Where a catalog value came from: a source cited for that field, one builder's observation with its source, an
/// explicit assumption with its reason, or only the part-level page (inherited, which is not a citation of the field).
/// </summary>
public abstract record Provenance
{
    /// <summary>A specification source (manual, datasheet, spec page, measuring review) given for this field.</summary>
    public sealed record Cited(string Url) : Provenance
    {
        public override string ToString() => Url;
    }

    /// <summary>What one builder reported about their unit (a build article, a forum post): a report, not a specification.</summary>
    public sealed record Observed(string Url) : Provenance
    {
        public override string ToString() => "observed: " + Url;
    }

    public sealed record Assumed(string Reason) : Provenance
    {
        public override string ToString() => "assumed: " + Reason;
    }

    /// <summary>
    /// No source for this field: only the part's own <c>source:</c> page, which says nothing about whether it states
    /// this value. Loads (custom parts may do this), but <c>catalog lint</c> fails on it.
    /// </summary>
    public sealed record Inherited(string Url) : Provenance
    {
        public override string ToString() => "inherited: " + Url;
    }

    /// <summary>
    /// A value taken from the BuildCores OpenDB (the broad tier, <see cref="Rigsmith.Catalog.OpenDb.OpenDbTier"/>): community data for this
    /// product, neither a cited specification nor an assumption. <c>Reference</c> is the record's path in that database
    /// ("GPU/0003d658-..."), at the snapshot's pinned commit.
    /// </summary>
    public sealed record OpenDb(string Reference) : Provenance
    {
        public override string ToString() => "opendb: " + Reference;

        /// <summary>The record's file in the upstream repository at the pinned commit.</summary>
        public string Url => Rigsmith.Catalog.OpenDb.OpenDbSnapshot.RecordUrl(Reference);
    }

    /// <summary>The kind as the lint counts and JSON name it: cited, observed, assumed, opendb or inherited.</summary>
    public string Kind => this switch
    {
        Cited => "cited",
        Observed => "observed",
        Assumed => "assumed",
        OpenDb => "opendb",
        _ => "inherited",
    };
}

/// <summary>
/// The provenance of each value of one part. A part names its own page (<c>source</c>, shown as the part's link, never a
/// citation of a value), per-field or per-group <c>sources</c>, <c>observed</c> fields with the report they come from,
/// and <c>assumed</c> fields with reasons; lookups fall back from "slots.PE1.wiring" to "slots.PE1", then "slots". A
/// value that only the part's page covers is <see cref="Provenance.Inherited"/>.
/// </summary>
public sealed class ProvenanceMap
{
    public static readonly ProvenanceMap Empty = new(null, new Dictionary<string, Provenance>());

    private readonly IReadOnlyDictionary<string, Provenance> _byField;

    /// <param name="fallback">What a field not listed in <paramref name="byField"/> comes from, for parts whose values
    /// come from one record (an OpenDB part: every value its record gave); null for curated parts.</param>
    public ProvenanceMap(Provenance.Cited? defaultSource, IReadOnlyDictionary<string, Provenance> byField, Provenance? fallback = null)
    {
        Default = defaultSource;
        _byField = byField;
        Fallback = fallback;
    }

    /// <summary>What a field not listed by name comes from (an OpenDB record); null for curated parts.</summary>
    public Provenance? Fallback { get; }

    /// <summary>The part's own page (manufacturer or shop page): its link in part lists, not a citation of any value.</summary>
    public Provenance.Cited? Default { get; }

    public IReadOnlyDictionary<string, Provenance> ByField => _byField;

    public Provenance? Of(string field)
    {
        var key = field;
        while (true)
        {
            if (_byField.TryGetValue(key, out var p))
                return p;
            var dot = key.LastIndexOf('.');
            if (dot < 0)
                return Fallback ?? (Default is null ? null : new Provenance.Inherited(Default.Url));
            key = key[..dot];
        }
    }

    public bool IsAssumed(string field) => Of(field) is Provenance.Assumed;

    public IEnumerable<(string Field, string Reason)> AssumedFields =>
        _byField.Where(kv => kv.Value is Provenance.Assumed).Select(kv => (kv.Key, ((Provenance.Assumed)kv.Value).Reason));

    public IEnumerable<(string Field, string Url)> ObservedFields =>
        _byField.Where(kv => kv.Value is Provenance.Observed).Select(kv => (kv.Key, ((Provenance.Observed)kv.Value).Url));
}

/// <summary>Whether a price was for a new or a used unit.</summary>
public enum PriceCondition { New, Used }

/// <summary>
/// A price someone asked or paid: amount and currency, the day it was seen, new or used, and where (a URL, or for a
/// user's price book any note such as "my invoice"). An observation, never an invented figure.
/// </summary>
public sealed record PriceObservation(Money Price, DateOnly Date, PriceCondition Condition, string Source, string? Note = null)
{
    /// <summary>Whether the observation comes from the user's price book (read before the catalog's).</summary>
    public bool Own { get; init; }
}
