using System.Text.Json;
using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Catalog.OpenDb;
using Rigsmith.Rigs;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Catalog;

/// <summary>The BuildCores OpenDB tier: what ships, how it was made, and how commands read it.</summary>
public class OpenDbTierTests
{
    private static readonly string Snapshot = Path.Combine(Repo.Root, "..", "shared", "opendb");

    private static OpenDbTier Tier => Repo.Catalog.BroadTier!;

    [Fact]
    public void Parts_lists_over_twenty_thousand_parts_and_every_value_is_cited_observed_opendb_or_assumed_with_a_reason()
    {
        var result = CliRunner.Run("parts", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var parts = json.RootElement.GetProperty("parts").EnumerateArray().ToList();
        Assert.True(parts.Count >= 20_000, $"{parts.Count} parts");
        Assert.Contains("BuildCores OpenDB", json.RootElement.GetProperty("attribution").GetString(), StringComparison.Ordinal);
        var kinds = new Dictionary<string, int>();
        foreach (var part in parts)
        {
            foreach (var value in part.GetProperty("values").EnumerateArray())
            {
                var kind = value.GetProperty("provenance").GetString()!;
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
                Assert.True(kind is "cited" or "observed" or "opendb" or "assumed", $"{part.GetProperty("id")}.{value.GetProperty("field")} is {kind}");
                if (kind == "assumed")
                    Assert.False(string.IsNullOrWhiteSpace(value.GetProperty("assumed").GetString()));
                else
                    Assert.StartsWith("http", value.GetProperty("source").GetString(), StringComparison.Ordinal);
            }
        }

        Assert.True(kinds["opendb"] > kinds["assumed"], "most values of the broad tier are the OpenDB's own");
    }

    [Fact]
    public void Re_importing_the_pinned_snapshot_reproduces_the_shipped_tier()
    {
        Assert.True(Directory.Exists(Snapshot), "../shared/opendb holds the pinned snapshot");
        var output = Path.Combine(Path.GetTempPath(), $"rigsmith-tier-{Guid.NewGuid():N}", "catalog", OpenDbTier.Folder, OpenDbTier.FileName);
        CopyCurated(Path.GetDirectoryName(Path.GetDirectoryName(output))!);

        var result = CliRunner.Run("catalog", "import-opendb", Snapshot, "--facts", Path.Combine(Repo.Root, "data", "opendb"), "--out", output);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(Tier.ContentHash, OpenDbTier.Open(output).ContentHash);
        Assert.Contains("records skipped", result.Out, StringComparison.Ordinal);
    }

    private static void CopyCurated(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(Repo.CatalogDirectory, "*.yaml"))
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
    }

    [Fact]
    public void A_check_of_the_reference_rig_never_opens_the_tier()
    {
        var opened = 0;
        var catalog = Repo.CuratedCatalog.WithBroad(() =>
        {
            opened++;
            return Tier;
        });

        var rig = RigLoader.Load(Repo.Example("4x3090-x299-dark.rig.yaml"), catalog);
        Assert.True(rig.Ok);
        Analyzer.Check(rig.Value!);

        Assert.Equal(0, opened);
    }

    [Fact]
    public void A_curated_part_hides_its_opendb_twin_and_names_it()
    {
        var twin = Repo.Catalog.TwinOf("evga-x299-dark");

        Assert.NotNull(twin);
        Assert.Equal("Motherboard/eec1774d-e3a4-48bc-b548-349d4886f84e", twin.Reference);
        Assert.DoesNotContain(twin.Id, Repo.Catalog.Ids);
        Assert.NotNull(Repo.Catalog.Find(twin.Id));
        Assert.Equal(Repo.Catalog.Count, Repo.Catalog.Ids.Count());
    }

    [Fact]
    public void The_evga_x299_dark_listed_with_pcie_4_and_five_x16_slots_is_corrected_from_platform_facts()
    {
        var board = (Motherboard)Repo.Catalog.Find(Repo.Catalog.TwinOf("evga-x299-dark")!.Id)!;

        // X299's CPU lanes are PCIe 3.0 (a 44-lane Skylake-X at most): no slot above gen 3, no more lanes than the CPU has.
        Assert.All(board.Slots, s => Assert.True(s.Gen <= 3, $"{s.Id} gen {s.Gen}"));
        Assert.True(board.Slots.Where(s => s.Source == LaneSource.Cpu).Sum(s => s.WidthFor(44)) <= 44);
        Assert.IsType<Provenance.Assumed>(board.Provenance.Of("slots"));
        Assert.Contains(Tier.Corrections, c => c.PartId == board.Id && c.Rule == "opendb-pcie-gen-above-platform");
        Assert.Contains(Tier.Corrections, c => c.PartId == board.Id && c.Rule == "opendb-slot-widths-beyond-lanes");
    }

    /// <summary>
    /// A case's outside volume is the box its three dimensions make, whichever way a record orders them (the Meshify C's
    /// 413 x 217 x 453 mm, 40.6 L); the record's own volume only when no dimensions are given; none without either.
    /// </summary>
    [Theory]
    [InlineData("\"dimensions_mm\":{\"width\":217,\"height\":453,\"depth\":413},\"dimensions\":\"1 x 1 x 1\",\"volume\":99,", 40.6)]
    [InlineData("\"dimensions\":\"413  x 217 x 453\",\"volume\":99,", 40.6)]
    [InlineData("\"volume\":38.5,", 38.5)]
    [InlineData("", null)]
    public void A_cases_volume_is_the_box_of_its_dimensions(string fields, double? litres)
    {
        var facts = OpenDbFacts.Load(Path.Combine(Repo.Root, "data", "opendb"));
        var record = Record("PCCase", PartCategory.Chassis, "{\"opendb_id\":\"00000000-0000-0000-0000-000000000002\",\"metadata\":{\"name\":\"Test Mid Tower\",\"manufacturer\":\"Test\"},"
            + fields + "\"form_factor\":\"ATX Mid Tower\",\"supported_motherboard_form_factors\":[\"ATX\"],\"expansion_slots\":7,\"max_video_card_length\":315}");

        var chassis = (Chassis)OpenDbImporter.Import([record], facts.Value!, new HashSet<string>()).Parts.Single().Part;

        Assert.Equal(litres, chassis.Volume);
    }

    [Fact]
    public void The_shipped_tier_carries_the_volume_of_the_meshify_c()
    {
        var chassis = (Chassis)Repo.Catalog.Find("fractal-design-meshify-c-atx-mid-tower-black")!;

        Assert.Equal(40.6, chassis.Volume);
    }

    [Fact]
    public void Zeros_in_a_record_are_unknown_and_filled_with_a_cited_or_assumed_value_never_zero()
    {
        var facts = OpenDbFacts.Load(Path.Combine(Repo.Root, "data", "opendb"));
        Assert.True(facts.Ok, string.Join("\n", facts.Problems));
        var record = Record("GPU", PartCategory.Gpu, """
            {"opendb_id":"00000000-0000-0000-0000-000000000001","metadata":{"name":"Test GeForce RTX 3090 24GB","manufacturer":"Test"},
             "chipset":"GeForce RTX 3090","memory":24,"tdp":0,"length":0,"total_slot_width":0,
             "power_connectors":{"pcie_6_pin":0,"pcie_8_pin":0,"pcie_12VHPWR":0,"pcie_12V_2x6":0},"interface":"PCIe 4.0 x16","cooling":""}
            """);

        var gpu = (Gpu)OpenDbImporter.Import([record], facts.Value!, new HashSet<string>()).Parts.Single().Part;

        Assert.Equal(350, gpu.BoardPower.Value);
        Assert.IsType<Provenance.Cited>(gpu.Provenance.Of("board_power"));
        Assert.NotEmpty(gpu.PowerConnectors);
        Assert.IsType<Provenance.Assumed>(gpu.Provenance.Of("power_connectors"));
        Assert.True(gpu.Length.Value > 0 && gpu.Thickness.Value > 0);
        Assert.IsType<Provenance.Assumed>(gpu.Provenance.Of("length"));
        Assert.IsType<Provenance.OpenDb>(gpu.Provenance.Of("vram"));
    }

    [Fact]
    public void A_record_whose_chip_the_tables_do_not_know_is_skipped_with_the_reason()
    {
        var facts = OpenDbFacts.Load(Path.Combine(Repo.Root, "data", "opendb")).Value!;
        var record = Record("GPU", PartCategory.Gpu, """{"opendb_id":"00000000-0000-0000-0000-000000000002","metadata":{"name":"Unknown X1","manufacturer":"Test"},"chipset":"Imaginary X1","memory":8}""");

        var import = OpenDbImporter.Import([record], facts, new HashSet<string>());

        Assert.Empty(import.Parts);
        Assert.Contains("Imaginary X1", Assert.Single(import.Skipped).Reason, StringComparison.Ordinal);
    }

    private static OpenDbSnapshot.Record Record(string folder, PartCategory category, string json)
    {
        using var doc = JsonDocument.Parse(json);
        return new OpenDbSnapshot.Record(folder, category, "test.jsonl", 1, doc.RootElement.Clone());
    }

    [Theory]
    [InlineData("x299 dark", "evga-x299-dark")]
    [InlineData("7960x", "i9-7960x")]
    [InlineData("3090 blower", "zotac-rtx-3090-blower")]
    [InlineData("rm1000x", "corsair-rm1000x")]
    public void Search_ranks_the_part_people_mean_first(string query, string expectedPrefix)
    {
        var ranked = PartSearch.Ranked(Repo.Catalog, query, limit: 5);

        Assert.NotEmpty(ranked);
        Assert.Contains(ranked.Take(3), e => e.Id.StartsWith(expectedPrefix, StringComparison.Ordinal));
        Assert.All(PartSearch.Words(query), w => Assert.All(ranked, e => Assert.Contains(w, $"{e.Id} {e.Name} {e.Vendor} {string.Join(' ', e.Aliases)}".ToLowerInvariant(), StringComparison.Ordinal)));
    }

    [Fact]
    public void The_all_opendb_example_gives_the_hardware_verdict_and_labels_assumed_wiring_and_opendb_values()
    {
        var result = CliRunner.Run("check", Repo.Example("2x3090-opendb-b550.rig.yaml"), "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("rule").GetString() == "PCI310");
        Assert.Contains("\"kind\": \"opendb\"", result.Out, StringComparison.Ordinal);
        var text = CliRunner.Run("check", Repo.Example("2x3090-opendb-b550.rig.yaml"));
        Assert.Contains("rests on assumed values: asus-rog-strix-b550-f-gaming-wifi.slots", text.Out.Replace("\n  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("rests on OpenDB values", text.Out, StringComparison.Ordinal);
        Assert.Contains("None of these parts has a price observation", text.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// Raptor Lake takes DDR4 and DDR5 and the board decides: the OpenDB lists both types, the curated entries list DDR5
    /// with DDR4 as memory.other_types (cited). DDR4 modules on a DDR4 board are no memory-type error; DDR5 ones still are.
    /// </summary>
    [Theory]
    [InlineData("intel-core-i5-13600k", "gigabyte-z690-aero-g-ddr4", "corsair-vengeance-lpx-ddr4-3200-cl16-32gb-2x16gb", false)]
    [InlineData("intel-core-i5-13600k", "gigabyte-z690-aero-g-ddr4", "crucial-ddr5-5600-48gb-udimm", true)]
    [InlineData("i9-13900k", "asus-proart-b760-creator-d4", "kingston-fury-beast-rgb-ddr4-3200-32gb", false)]
    [InlineData("i9-14900k", "asus-proart-b760-creator-d4", "kingston-fury-beast-rgb-ddr4-3200-32gb", false)]
    [InlineData("i9-13900k", "asus-proart-b760-creator-d4", "crucial-ddr5-5600-48gb-udimm", true)]
    public void A_cpu_that_takes_ddr4_and_ddr5_takes_the_boards_type(string cpu, string board, string memory, bool flagged)
    {
        var rig = Repo.ParseRig($"""
            name: Raptor Lake on a DDR4 board
            site:
              mains: 230 V
              breaker: 16 A
            psus:
              - part: corsair-rm1000x-2021-1000w-80plus-gold-certified-fully-modular-atx
            cpu: {cpu}
            motherboard: {board}
            memory:
              - part: {memory}
                count: 2
            """);
        Assert.True(rig.Ok, string.Join("\n", rig.Problems));

        var findings = Analyzer.Check(rig.Value!).Findings.Where(f => f.Rule.Id == "CMP103").ToList();

        Assert.Equal(flagged, findings.Count > 0);
        Assert.True(((Cpu)Repo.Catalog.Find(cpu)!).Memory.Takes(MemoryType.Ddr4));
    }

    /// <summary>
    /// The platform and chip tables against the curated catalog's cited values: every curated CPU and GPU with an OpenDB
    /// twin gets the same lanes, PCIe generation and rated memory speed, or memory bandwidth and tensor rates, from the
    /// tables as the curated entry cites (16 CPUs and 14 GPUs at this snapshot).
    /// </summary>
    [Fact]
    public void The_platform_and_chip_tables_agree_with_every_curated_cpu_and_gpu_they_overlap()
    {
        var (cpus, gpus) = (0, 0);
        foreach (var entry in Repo.Catalog.Entries.Where(e => e.Curated && e.Reference is not null))
        {
            var twin = Repo.Catalog.Find(Repo.Catalog.TwinOf(entry.Id)!.Id);
            switch (Repo.Catalog.Find(entry.Id), twin)
            {
                case (Cpu c, Cpu t):
                    cpus++;
                    Assert.Equal((c.PcieLanes, c.PcieGen, c.Memory.MaxSpeed), (t.PcieLanes, t.PcieGen, t.Memory.MaxSpeed));
                    break;
                case (Gpu g, Gpu t):
                    gpus++;
                    Assert.Equal((g.MemoryBandwidth, g.TensorFp16, g.TensorBf16), (t.MemoryBandwidth, t.TensorFp16, t.TensorBf16));
                    break;
            }
        }

        Assert.True(cpus >= 10 && gpus >= 5, $"{cpus} CPUs and {gpus} GPUs compared");
    }

    [Fact]
    public void An_unreadable_tier_leaves_its_parts_out_and_the_unknown_part_message_says_why()
    {
        var catalog = Repo.CuratedCatalog.WithBroad(() => throw new InvalidDataException("catalog/opendb/parts.rsdb: not a rigsmith OpenDB tier"));

        Assert.NotNull(catalog.Find("evga-x299-dark"));
        Assert.Null(catalog.BroadProblem);
        Assert.Null(catalog.Find("asus-rog-strix-b550-f-gaming-wifi"));
        Assert.Contains("not a rigsmith OpenDB tier", catalog.BroadProblem, StringComparison.Ordinal);
        var rig = RigLoader.Parse(File.ReadAllText(Repo.Example("2x3090-opendb-b550.rig.yaml")), "b550.rig.yaml", catalog);
        Assert.Contains(rig.Problems, p => p.Message.Contains("unknown motherboard 'asus-rog-strix-b550-f-gaming-wifi' (the OpenDB tier cannot be read", StringComparison.Ordinal));
    }
}
