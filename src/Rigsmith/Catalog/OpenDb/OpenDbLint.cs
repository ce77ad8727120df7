namespace Rigsmith.Catalog.OpenDb;

/// <summary>One platform-fact rule the importer applies to OpenDB values, with how often it overrode one.</summary>
public sealed record OpenDbRuleHits(string Rule, string Description, int Count, IReadOnlyList<OpenDbCorrection> Examples);

/// <summary>
/// What <c>catalog lint</c> says about the broad tier: how many parts and values by provenance (a value with none, or
/// only the part's page, is an error), the OpenDB values platform facts overrode, rule by rule, and the records left out.
/// </summary>
public sealed record OpenDbLintReport(
    int Parts,
    IReadOnlyDictionary<string, int> ValuesByKind,
    IReadOnlyList<string> Unsourced,
    IReadOnlyList<OpenDbRuleHits> Rules,
    IReadOnlyList<(PartCategory Category, string Reason, int Count)> Skipped)
{
    public int Errors => Unsourced.Count;

    /// <summary>The rules, in the words the lint shows (the importer's corrections name them).</summary>
    public static readonly IReadOnlyDictionary<string, string> RuleDescriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["opendb-pcie-gen-above-platform"] = "a slot listed at a PCIe generation above what the platform's CPU and chipset give (X299 boards listed as PCIe 4.0)",
        ["opendb-slot-widths-beyond-lanes"] = "slot widths adding up to more lanes than the CPU and chipset have (physical widths listed as electrical: \"5 x16\")",
        ["opendb-memory-below-platform"] = "a memory maximum below every CPU of the socket and below the DIMM slots filled with common modules",
    };

    public static OpenDbLintReport Run(OpenDbTier tier)
    {
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        var unsourced = new List<string>();
        var parts = 0;
        foreach (var part in tier.ReadAll())
        {
            parts++;
            foreach (var field in PartFields.Describe(part))
            {
                var kind = field.Provenance?.Kind ?? "none";
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
                if (field.Provenance is null or Provenance.Inherited)
                    unsourced.Add($"{part.Id}.{field.Key}");
            }
        }

        var rules = tier.Corrections.GroupBy(c => c.Rule).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new OpenDbRuleHits(g.Key, RuleDescriptions.GetValueOrDefault(g.Key, g.Key), g.Count(), g.Take(3).ToList())).ToList();
        return new OpenDbLintReport(parts, kinds, unsourced, rules, tier.Skipped);
    }
}
