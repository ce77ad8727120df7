namespace Rigsmith.Catalog;

/// <summary>
/// Why a catalog value is not cited: assumed (with a reason), observed (one builder's report, with its URL), or taken
/// from the BuildCores OpenDB (community data, with the record's URL).
/// </summary>
public enum UncitedKind { Assumed, Observed, OpenDb }

/// <summary>
/// A catalog value with no specification source that a finding or figure rests on: <see cref="UncitedKind.Assumed"/>
/// with <c>Detail</c> the reason, or <see cref="UncitedKind.Observed"/> with <c>Detail</c> the report's URL.
/// </summary>
public sealed record UncitedInput(string PartId, string Field, UncitedKind Kind, string Detail)
{
    public static UncitedInput Assumed(string partId, string field, string reason) => new(partId, field, UncitedKind.Assumed, reason);

    public static UncitedInput Observed(string partId, string field, string url) => new(partId, field, UncitedKind.Observed, url);

    public bool IsAssumed => Kind == UncitedKind.Assumed;

    /// <summary>The kind as reports and JSON name it: <c>assumed</c>, <c>observed</c> or <c>opendb</c> (as <see cref="Provenance.Kind"/>).</summary>
    public string KindName => Kind switch { UncitedKind.Assumed => "assumed", UncitedKind.Observed => "observed", _ => "opendb" };

    /// <summary>"part.field", as the reports list it.</summary>
    public string Name => $"{PartId}.{Field}";
}

/// <summary>Collects the uncited (assumed or observed) catalog values that a conclusion depends on.</summary>
public static class Evidence
{
    /// <summary>The given fields of a part whose value is assumed or observed, not cited; cited fields give nothing.</summary>
    public static IEnumerable<UncitedInput> Uncited(Part part, params string[] fields)
    {
        foreach (var field in fields)
        {
            switch (part.Provenance.Of(field))
            {
                case Provenance.Assumed a:
                    yield return UncitedInput.Assumed(part.Id, field, a.Reason);
                    break;
                case Provenance.Observed o:
                    yield return UncitedInput.Observed(part.Id, field, o.Url);
                    break;
                case Provenance.OpenDb d:
                    yield return new UncitedInput(part.Id, field, UncitedKind.OpenDb, d.Url);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Every assumed and observed value of a part, whether or not a conclusion used it.</summary>
    public static IEnumerable<UncitedInput> AllUncited(Part part) =>
        part.Provenance.ByField.Select(kv => kv.Value switch
        {
            Provenance.Assumed a => UncitedInput.Assumed(part.Id, kv.Key, a.Reason),
            Provenance.Observed o => UncitedInput.Observed(part.Id, kv.Key, o.Url),
            _ => null,
        }).OfType<UncitedInput>();
}
