namespace Rigsmith.Catalog;

/// <summary>A catalog value marked <c>assumed</c> that a finding or figure rests on.</summary>
public sealed record AssumedInput(string PartId, string Field, string Reason);

/// <summary>Collects the assumed catalog values that a conclusion depends on.</summary>
public static class Evidence
{
    public static IEnumerable<AssumedInput> Assumed(Part part, params string[] fields)
    {
        foreach (var field in fields)
        {
            if (part.Provenance.Of(field) is Provenance.Assumed a)
                yield return new AssumedInput(part.Id, field, a.Reason);
        }
    }
}
