using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Catalog;

/// <summary>Conventions the whole catalog keeps, checked over every shipped part.</summary>
public class CatalogConventionTests
{
    [Fact]
    public void Every_catalog_file_loads_without_problems()
    {
        var result = CatalogLoader.LoadDirectory(Repo.CatalogDirectory);
        Assert.True(result.Ok, string.Join("\n", result.Problems));
        foreach (var category in Enum.GetValues<PartCategory>())
            Assert.NotEmpty(result.Value!.IdsOf(category));
    }

    /// <summary>
    /// Every catalog value that a rule reads is present or explicitly assumed: each field the analyses use has a value
    /// (never "unknown" standing in for zero) and a provenance, cited or assumed.
    /// </summary>
    [Fact]
    public void Every_value_a_rule_reads_is_present_and_sourced_or_assumed()
    {
        var missing = new List<string>();
        foreach (var part in Repo.CuratedCatalog.All)
        {
            foreach (var field in PartFields.Describe(part))
            {
                if (field.Provenance is null)
                    missing.Add($"{part.Id}.{field.Key}: no source and not assumed");
                if (field.Value == "unknown" && CatalogLint.RuleReads(part.Category, field.Key))
                    missing.Add($"{part.Id}.{field.Key}: missing, and a rule reads it");
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    /// <summary>
    /// Values picked at random from the whole catalog, 25 from each category (200 in all), with fixed seeds so a failure
    /// reproduces: each one's provenance is given for that field or a group naming it, never inherited from the part's
    /// page, a citation or observation is a web address, and a builder's report is never cited as a specification.
    /// </summary>
    [Theory]
    [InlineData(14)]
    [InlineData(2006)]
    public void Randomly_picked_values_each_have_their_own_source(int seed)
    {
        var random = new Random(seed);
        var picked = 0;
        foreach (var category in Enum.GetValues<PartCategory>())
        {
            var values = Repo.CuratedCatalog.All.Where(p => p.Category == category)
                .SelectMany(p => PartFields.Describe(p).Select(f => (Part: p, Field: f))).ToList();
            Assert.NotEmpty(values);
            for (var i = 0; i < 25; i++, picked++)
                AssertOwnSource(values[random.Next(values.Count)], seed);
        }

        Assert.Equal(200, picked);
    }

    /// <summary>The check fails on a value whose only source is the part's page, so the random test above can fail.</summary>
    [Fact]
    public void A_value_cited_only_by_the_parts_page_fails_the_own_source_check()
    {
        var riser = Repo.CuratedCatalog.OfType<Adapter>().First();
        var inherited = riser with { Provenance = new ProvenanceMap(new Provenance.Cited("https://example.com/riser"), new Dictionary<string, Provenance>()) };
        var field = PartFields.Describe(inherited).First();
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertOwnSource((inherited, field), 0));

        var report = riser with
        {
            Provenance = new ProvenanceMap(null, PartFields.Describe(riser).ToDictionary(f => f.Key, _ => (Provenance)new Provenance.Cited("https://builds.gg/someone/a-rig-1"))),
        };
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertOwnSource((report, PartFields.Describe(report).First()), 0));
    }

    private static void AssertOwnSource((Part Part, PartField Field) value, int seed)
    {
        var (part, field) = value;
        var what = $"{part.Id}.{field.Key} (seed {seed})";
        var given = GivenFor(part.Provenance, field.Key);
        Assert.True(given is not null, $"{what}: no source, observation or assumption is given for this field");
        Assert.Equal(given, field.Provenance);
        switch (given)
        {
            case Provenance.Cited c:
                Assert.True(Uri.IsWellFormedUriString(c.Url, UriKind.Absolute), $"{what}: {c.Url}");
                Assert.False(CatalogLint.IsBuildReport(c.Url), $"{what}: a builder's report cited as a specification");
                break;
            case Provenance.Observed o:
                Assert.True(Uri.IsWellFormedUriString(o.Url, UriKind.Absolute), $"{what}: {o.Url}");
                break;
            case Provenance.Assumed a:
                Assert.True(a.Reason.Length >= 20, $"{what}: the reason '{a.Reason}' says too little");
                break;
            default:
                Assert.Fail($"{what}: {given}");
                break;
        }
    }

    /// <summary>The entry written for this field or a field group above it ("slots" for "slots.PE1"), ignoring the part's page.</summary>
    private static Provenance? GivenFor(ProvenanceMap map, string field)
    {
        for (var key = field; ; key = key[..key.LastIndexOf('.')])
        {
            if (map.ByField.TryGetValue(key, out var p))
                return p;
            if (!key.Contains('.', StringComparison.Ordinal))
                return null;
        }
    }

    [Fact]
    public void Catalog_prices_are_dated_observations_with_a_web_source()
    {
        foreach (var part in Repo.CuratedCatalog.All)
        {
            foreach (var price in part.Prices)
            {
                Assert.True(price.Price.Amount > 0, $"{part.Id}: a price is never zero; leave it out when unknown");
                Assert.True(Uri.IsWellFormedUriString(price.Source, UriKind.Absolute), $"{part.Id}: price source {price.Source}");
                Assert.True(price.Date > new DateOnly(2000, 1, 1), $"{part.Id}: price date {price.Date}");
            }
        }
    }

    [Fact]
    public void A_group_key_covers_each_field_it_names()
    {
        var (parts, sink) = ReadRiser("""
                kind: riser
                lanes: 16
                rated_gen: 4
                sources: {"kind, lanes": https://example.com/riser-datasheet}
                observed: {rated_gen: https://builds.gg/someone/a-rig-1}
            """);
        Assert.Empty(sink.Problems);
        var riser = Assert.Single(parts);
        Assert.Equal(new Provenance.Cited("https://example.com/riser-datasheet"), riser.Provenance.Of("kind"));
        Assert.Equal(new Provenance.Cited("https://example.com/riser-datasheet"), riser.Provenance.Of("lanes"));
        Assert.Equal(new Provenance.Observed("https://builds.gg/someone/a-rig-1"), riser.Provenance.Of("rated_gen"));
    }

    [Fact]
    public void Cited_sources_are_web_addresses_and_assumptions_give_a_reason()
    {
        foreach (var part in Repo.CuratedCatalog.All)
        {
            foreach (var provenance in part.Provenance.ByField.Values.Append(part.Provenance.Default).OfType<Provenance>())
            {
                switch (provenance)
                {
                    case Provenance.Cited c:
                        Assert.True(Uri.IsWellFormedUriString(c.Url, UriKind.Absolute), $"{part.Id}: {c.Url}");
                        break;
                    case Provenance.Assumed a:
                        Assert.True(a.Reason.Length >= 20, $"{part.Id}: the reason '{a.Reason}' says too little");
                        break;
                }
            }
        }
    }

    [Fact]
    public void Every_part_of_the_reference_article_is_in_the_catalog()
    {
        string[] ids =
        [
            "i9-7960x", "evga-x299-dark", "kingston-fury-beast-rgb-ddr4-3200-32gb", "heoriady-ddr4-3200-32gb-1r",
            "zotac-rtx-3090-blower", "colorful-rtx-3090-blower", "manli-rtx-3090-blower", "gigabyte-rtx-3090-turbo",
            "intel-p4510-4tb", "samsung-pm863a-1.92tb", "plextor-m6-pro-128gb", "jl2000pg-2000w", "generic-eatx-open-benchtable-4gpu",
            "supermicro-c9x299-rpgf", "i7-7820x", "gigabyte-rtx-3090-gaming-oc",
        ];
        foreach (var id in ids)
            Assert.NotNull(Repo.CuratedCatalog.Find(id));
    }

    [Fact]
    public void An_unsourced_value_is_a_load_error_naming_the_field()
    {
        var (parts, sink) = ReadRiser("""
                kind: riser
                lanes: 16
                rated_gen: 4
            """);

        Assert.Empty(parts);
        Assert.Contains(sink.Problems, p => p.Field == "parts[0].kind" && p.Message == "has no source" && p.Line == 6);
    }

    [Fact]
    public void Duplicate_ids_are_reported_with_both_places()
    {
        var problems = CatalogLoader.DuplicateIds([Repo.CuratedCatalog.Find("i9-7960x")!, Repo.CuratedCatalog.Find("i9-7960x")! with { DefinedIn = "other.yaml:7" }]).ToList();
        var problem = Assert.Single(problems);
        Assert.Equal("other.yaml", problem.File);
        Assert.Equal(7, problem.Line);
        Assert.Contains("first defined at", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Typo_in_an_assumed_field_name_is_caught()
    {
        var (_, sink) = ReadRiser("""
                source: https://example.com/riser
                kind: riser
                lanes: 16
                rated_gen: 4
                assumed: {rated_gne: a reason that is long enough}
            """);
        Assert.Contains(sink.Problems, p => p.Message == "names no field of this part" && p.Suggestion == "did you mean 'rated_gen'?");
    }

    /// <summary>Reads a one-part adapter catalog file whose entry continues with <paramref name="fields"/> (indented as a part's keys).</summary>
    private static (IReadOnlyList<Part> Parts, Rigsmith.Input.ProblemSink Sink) ReadRiser(string fields)
    {
        var sink = new Rigsmith.Input.ProblemSink("test.yaml");
        var yaml = "category: adapter\nparts:\n  - id: riser-x\n    name: Riser X\n    vendor: test\n"
            + string.Join("\n", fields.Split('\n').Select(l => "    " + l.Trim()));
        var root = Rigsmith.Input.YamlInput.ParseRootMapping(yaml, sink);
        return (CatalogLoader.ReadFile(root!, sink), sink);
    }
}
