using Rigsmith.Units;

namespace Rigsmith.Catalog;

/// <summary>Where a catalog value came from: a cited source, or an explicit assumption with its reason.</summary>
public abstract record Provenance
{
    public sealed record Cited(string Url) : Provenance
    {
        public override string ToString() => Url;
    }

    public sealed record Assumed(string Reason) : Provenance
    {
        public override string ToString() => "assumed: " + Reason;
    }
}

/// <summary>
/// The provenance of each value of one part. A part names a default <c>source</c>, per-field or per-group
/// <c>sources</c>, and <c>assumed</c> fields with reasons; lookups fall back from "slots.PE1.wiring" to
/// "slots.PE1", "slots", then the default.
/// </summary>
public sealed class ProvenanceMap
{
    public static readonly ProvenanceMap Empty = new(null, new Dictionary<string, Provenance>());

    private readonly IReadOnlyDictionary<string, Provenance> _byField;

    public ProvenanceMap(Provenance.Cited? defaultSource, IReadOnlyDictionary<string, Provenance> byField)
    {
        Default = defaultSource;
        _byField = byField;
    }

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
                return Default;
            key = key[..dot];
        }
    }

    public bool IsAssumed(string field) => Of(field) is Provenance.Assumed;

    public IEnumerable<(string Field, string Reason)> AssumedFields =>
        _byField.Where(kv => kv.Value is Provenance.Assumed).Select(kv => (kv.Key, ((Provenance.Assumed)kv.Value).Reason));
}

/// <summary>A used-market or retail price seen somewhere: an observation, never an invented figure.</summary>
public sealed record PriceObservation(Money Price, DateOnly Date, string Condition, string Source);
