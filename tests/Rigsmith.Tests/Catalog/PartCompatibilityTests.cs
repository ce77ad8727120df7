using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Rigs;
using Rigsmith.Standards;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Catalog;

/// <summary>The part picker's compatibility filter against real catalog parts, and against the checks it mirrors.</summary>
public class PartCompatibilityTests
{
    private static T Part<T>(string id)
        where T : Part => Assert.IsType<T>(Repo.Catalog.Find(id), exactMatch: false);

    private static PartSelection With(Cpu? cpu = null, Motherboard? board = null, Chassis? chassis = null, IReadOnlyList<MemoryModule>? memory = null,
        IReadOnlyList<Gpu>? gpus = null, IReadOnlyList<Psu>? psus = null) => new(cpu, board, chassis, memory ?? [], gpus ?? [], psus ?? []);

    private static PartSelection FourBlowers => With(gpus: new[] { "zotac-rtx-3090-blower", "colorful-rtx-3090-blower", "manli-rtx-3090-blower", "gigabyte-rtx-3090-turbo" }.Select(Part<Gpu>).ToList());

    [Fact]
    public void With_the_i9_7960x_chosen_only_lga2066_boards_are_listed_and_the_am4_ones_are_hidden()
    {
        var cpu = Part<Cpu>("i9-7960x");

        var (boards, hidden) = PartCompatibility.Matching(Repo.Catalog, null, PartCategory.Motherboard, With(cpu), 100);

        Assert.True(boards.Count > 10, $"{boards.Count} boards");
        Assert.All(boards, b => Assert.Equal("lga2066", ((Motherboard)b).Socket));
        Assert.Contains(boards, b => b.Id == "evga-x299-dark");
        Assert.True(hidden > 0);
        var am4 = Part<Motherboard>("asrock-x570-phantom-gaming-x");
        Assert.Equal($"socket am4, the {cpu.Name} is lga2066", PartCompatibility.Conflict(am4, With(cpu)));
    }

    [Fact]
    public void Every_matching_part_is_either_listed_in_search_order_or_counted_as_hidden()
    {
        var selection = With(chassis: Part<Chassis>("fractal-define-xl"));
        var all = PartSearch.Matching(Repo.Catalog, "rtx 3090", PartCategory.Gpu);

        var (listed, hidden) = PartCompatibility.Matching(Repo.Catalog, "rtx 3090", PartCategory.Gpu, selection, int.MaxValue);

        Assert.Equal(all.Count, listed.Count + hidden);
        Assert.Equal(all.Where(p => PartCompatibility.Conflict(p, selection) is null).Select(p => p.Id), listed.Select(p => p.Id));
        // The 313 mm Founders Edition is longer than the Define XL's 300 mm; the 268 mm blowers fit.
        Assert.DoesNotContain(listed, p => p.Id == "nvidia-rtx-3090-fe");
        Assert.Contains(listed, p => p.Id == "zotac-rtx-3090-blower");
        var (page, pageHidden) = PartCompatibility.Matching(Repo.Catalog, "rtx 3090", PartCategory.Gpu, selection, 5);
        Assert.Equal(listed.Take(5).Select(p => p.Id), page.Select(p => p.Id));
        Assert.Equal(hidden, pageHidden);
    }

    [Fact]
    public void With_a_ddr4_board_chosen_no_ddr5_kit_is_listed()
    {
        var board = Part<Motherboard>("evga-x299-dark");

        var (kits, hidden) = PartCompatibility.Matching(Repo.Catalog, null, PartCategory.Memory, With(board: board), int.MaxValue);

        Assert.DoesNotContain(kits, k => ((MemoryModule)k).Type == MemoryType.Ddr5);
        Assert.Contains(kits, k => k.Id == "kingston-fury-beast-rgb-ddr4-3200-32gb");
        Assert.True(hidden > 0);
        Assert.Equal($"DDR5, the {board.Name} takes DDR4", PartCompatibility.Conflict(Part<MemoryModule>("crucial-ddr5-5600-48gb-udimm"), With(board: board)));
    }

    [Fact]
    public void With_four_rtx_3090_blowers_chosen_a_psu_with_too_few_pcie_plugs_is_hidden_and_the_jl2000pg_kept()
    {
        // Each blower takes two 8-pin plugs: eight in all. The JL2000PG has eight 8+8-pin cords (16 plugs); the MSI
        // Ai1300P has six single 8-pin cords.
        var jl = Part<Psu>("jl2000pg-2000w");
        Assert.Equal(16, jl.Cables.Where(c => c.Connector == PowerConnector.Pcie8).Sum(c => c.Cables * c.PerCable));
        var msi = Part<Psu>("msi-meg-ai1300p-pcie5");
        Assert.Equal(6, msi.Cables.Where(c => c.Connector == PowerConnector.Pcie8).Sum(c => c.Cables * c.PerCable));

        var (psus, hidden) = PartCompatibility.Matching(Repo.Catalog, null, PartCategory.Psu, FourBlowers, int.MaxValue);

        Assert.Contains(psus, p => p.Id == "jl2000pg-2000w");
        Assert.DoesNotContain(psus, p => p.Id == "msi-meg-ai1300p-pcie5");
        Assert.True(hidden > 0);
        Assert.Equal("6 8-pin PCIe plugs, the 4 chosen GPUs need 8", PartCompatibility.Conflict(msi, FourBlowers));
        // A second PSU already chosen adds its plugs: the pair has 12.
        Assert.Null(PartCompatibility.Conflict(msi, FourBlowers with { Psus = [msi] }));
    }

    [Fact]
    public void With_an_eatx_board_chosen_only_chassis_that_take_eatx_are_listed()
    {
        var board = Part<Motherboard>("evga-x299-dark");
        Assert.Equal(FormFactor.Eatx, board.FormFactor);

        var (cases, hidden) = PartCompatibility.Matching(Repo.Catalog, null, PartCategory.Chassis, With(board: board), int.MaxValue);

        Assert.All(cases, c => Assert.Contains(FormFactor.Eatx, ((Chassis)c).FormFactors));
        Assert.Contains(cases, c => c.Id == "fractal-define-7-xl");
        Assert.DoesNotContain(cases, c => c.Id == "silverstone-fortress-ft04");
        Assert.True(hidden > 0);
    }

    [Fact]
    public void Nothing_conflicts_with_an_empty_selection_and_matching_is_plain_search()
    {
        foreach (var part in Repo.CuratedCatalog.All)
            Assert.Null(PartCompatibility.Conflict(part, PartSelection.Empty));
        foreach (var category in Enum.GetValues<PartCategory>())
        {
            var (parts, hidden) = PartCompatibility.Matching(Repo.Catalog, "pro", category, PartSelection.Empty, 20);
            Assert.Equal(0, hidden);
            Assert.Equal(PartSearch.Matching(Repo.Catalog, "pro", category, 20).Select(p => p.Id), parts.Select(p => p.Id));
            Assert.All(parts.Take(3), p => Assert.Null(PartCompatibility.Conflict(p, PartSelection.Empty)));
        }
    }

    [Fact]
    public void Storage_and_adapters_are_never_filtered()
    {
        var everything = With(Part<Cpu>("i9-7960x"), Part<Motherboard>("evga-x299-dark"), Part<Chassis>("silverstone-fortress-ft04"),
            [Part<MemoryModule>("crucial-ddr5-5600-48gb-udimm")], FourBlowers.Gpus, [Part<Psu>("msi-meg-ai1300p-pcie5")]);

        foreach (var part in Repo.CuratedCatalog.All.Where(p => p.Category is PartCategory.Storage or PartCategory.Adapter))
            Assert.Null(PartCompatibility.Conflict(part, everything));
    }

    [Fact]
    public void The_reason_names_the_chosen_part_the_candidate_conflicts_with()
    {
        var cpu = Part<Cpu>("i9-7960x");
        var board = Part<Motherboard>("evga-x299-dark");
        var chassis = Part<Chassis>("silverstone-fortress-ft04");
        var fe = Part<Gpu>("nvidia-rtx-3090-fe");

        Assert.Equal($"socket am4, the {board.Name} is lga2066", PartCompatibility.Conflict(Part<Cpu>("ryzen-9-5950x"), With(board: board)));
        Assert.Equal($"xeon-w-2100 CPU, the {board.Name} supports skylake-x, kaby-lake-x, cascade-lake-x",
            PartCompatibility.Conflict(Part<Cpu>("xeon-w-2195"), With(board: board)));
        Assert.Equal($"RDIMM, the {cpu.Name} takes UDIMM", PartCompatibility.Conflict(Part<MemoryModule>("micron-mta18asf4g72pz-3g2-32gb"), With(cpu)));
        Assert.Equal($"takes mini-itx/micro-atx/ATX, the {board.Name} is E-ATX", PartCompatibility.Conflict(chassis, With(board: board)));
        Assert.Equal($"E-ATX, the {chassis.Name} takes mini-itx/micro-atx/ATX", PartCompatibility.Conflict(board, With(chassis: chassis)));
        var shortCase = Part<Chassis>("fractal-define-xl");
        Assert.Equal($"313 mm long, the {shortCase.Name} takes cards up to 300 mm", PartCompatibility.Conflict(fe, With(chassis: shortCase)));
        Assert.Equal($"takes cards up to 300 mm, the {fe.Name} is 313 mm long", PartCompatibility.Conflict(shortCase, With(gpus: [fe])));
        var three = Part<Chassis>("sliger-cx4170a");
        Assert.Equal("holds 3 GPUs, not the 4 chosen", PartCompatibility.Conflict(three, FourBlowers));
        Assert.Equal($"one GPU too many, the {three.Name} holds 3 and 3 are chosen",
            PartCompatibility.Conflict(fe, With(chassis: three, gpus: FourBlowers.Gpus.Take(3).ToList())));
    }

    [Fact]
    public void A_board_is_judged_by_the_chosen_modules_memory_type_not_by_the_cpus()
    {
        // The curated i9-13900K lists DDR5, but Raptor Lake runs DDR4 boards too, and CMP103 judges modules only.
        var cpu = Part<Cpu>("i9-13900k");
        var ddr4Board = Part<Motherboard>("asus-proart-b760-creator-d4");

        Assert.Null(PartCompatibility.Conflict(ddr4Board, With(cpu)));
        Assert.Equal($"takes DDR4, the {Part<MemoryModule>("crucial-ddr5-5600-48gb-udimm").Name} is DDR5",
            PartCompatibility.Conflict(ddr4Board, With(cpu, memory: [Part<MemoryModule>("crucial-ddr5-5600-48gb-udimm")])));
    }

    /// <summary>Each pair is judged alike whichever of the two is chosen and which is the candidate.</summary>
    [Fact]
    public void A_pair_conflicts_the_same_whichever_part_is_the_candidate()
    {
        var all = Repo.CuratedCatalog.All.ToList();
        var cpus = all.OfType<Cpu>().ToList();
        var boards = all.OfType<Motherboard>().ToList();
        var kits = all.OfType<MemoryModule>().ToList();
        var cases = all.OfType<Chassis>().ToList();
        var conflicts = 0;
        void Same(Part a, PartSelection withB, Part b, PartSelection withA)
        {
            var (ab, ba) = (PartCompatibility.Conflict(a, withB), PartCompatibility.Conflict(b, withA));
            Assert.True(ab is null == ba is null, $"{a.Id} / {b.Id}: '{ab}' but '{ba}'");
            conflicts += ab is null ? 0 : 1;
        }

        foreach (var board in boards)
        {
            foreach (var cpu in cpus)
                Same(cpu, With(board: board), board, With(cpu));
            foreach (var kit in kits)
                Same(kit, With(board: board), board, With(memory: [kit]));
            foreach (var chassis in cases)
                Same(chassis, With(board: board), board, With(chassis: chassis));
        }

        foreach (var kit in kits)
        {
            foreach (var cpu in cpus)
                Same(kit, With(cpu), cpu, With(memory: [kit]));
        }

        Assert.True(conflicts > 100, $"{conflicts} conflicting pairs");
    }

    /// <summary>
    /// The OpenDB tier stores an assumed stand-in for what a record lacks; such a value is unknown and hides nothing:
    /// every OpenDB case's GPU capacity is assumed (half its slots), so none is hidden for holding too few GPUs.
    /// </summary>
    [Fact]
    public void An_unknown_value_from_the_opendb_tier_never_hides_a_part()
    {
        var eight = With(gpus: Enumerable.Repeat(Part<Gpu>("nvidia-rtx-3090-fe"), 8).ToList());
        var broad = Repo.Catalog.BroadEntries().Where(e => e.Category == PartCategory.Chassis).Select(e => (Chassis)Repo.Catalog.Find(e.Id)!).ToList();
        Assert.NotEmpty(broad);
        Assert.All(broad, c => Assert.IsType<Provenance.Assumed>(c.Provenance.Of("gpu_capacity")));

        // The 313 mm card is hidden only by a case whose record gives a shorter maximum.
        foreach (var chassis in broad)
        {
            var lengthKnown = chassis.Provenance.Of("max_gpu_length") is not Provenance.Assumed;
            Assert.Equal(lengthKnown && chassis.MaxGpuLength.Value < 313, PartCompatibility.Conflict(chassis, eight) is not null);
        }

        Assert.Contains(broad, c => c.Provenance.Of("max_gpu_length") is Provenance.Assumed);
        Assert.Contains(broad, c => c.Provenance.Of("max_gpu_length") is not Provenance.Assumed && c.MaxGpuLength.Value < 313);
    }

    // ---- agreement with the checks the filter mirrors ----

    /// <summary>The error rules whose verdict the filter gives ahead of the check, by the candidate's category.</summary>
    private static readonly Dictionary<PartCategory, string[]> Mirrored = new()
    {
        [PartCategory.Cpu] = ["CMP101", "CMP102", "CMP103", "CMP104"],
        [PartCategory.Motherboard] = ["CMP101", "CMP102", "CMP103", "CMP104", "CMP120"],
        [PartCategory.Memory] = ["CMP103", "CMP104"],
        [PartCategory.Gpu] = ["CMP132", "PHY404"],
        [PartCategory.Chassis] = ["CMP120", "CMP132", "PHY404"],
        [PartCategory.Psu] = ["PWR204"],
    };

    /// <summary>A rig without GPUs, for boards whose slot ids differ from the reference rig's.</summary>
    private const string Bare = """
        name: picker check
        site:
          mains: 230 V
          breaker: 16 A
        cpu: i9-7960x
        motherboard: evga-x299-dark
        chassis: fractal-define-7-xl
        memory:
          - part: kingston-fury-beast-rgb-ddr4-3200-32gb
            count: 4
        psus:
          - part: jl2000pg-2000w
        """;

    /// <summary>
    /// A rig is checked with one part swapped in; the filter, given the rig's other parts as the selection, hides that
    /// part exactly when the check finds an error of a rule it mirrors.
    /// </summary>
    [Theory]
    // CPUs on the reference rig's EVGA X299 DARK with DDR4 UDIMMs: CMP101, CMP102 (with CMP104), CMP101 with CMP103.
    [InlineData(true, "cpu: i9-7960x", "cpu: i9-10980xe", "i9-10980xe", false)]
    [InlineData(true, "cpu: i9-7960x", "cpu: ryzen-9-5950x", "ryzen-9-5950x", true)]
    [InlineData(true, "cpu: i9-7960x", "cpu: xeon-w-2195", "xeon-w-2195", true)]
    [InlineData(true, "cpu: i9-7960x", "cpu: threadripper-7960x", "threadripper-7960x", true)]
    // Boards for the i9-7960x: CMP101; CMP102 (C422); CMP120 (E-ATX in an ATX case).
    [InlineData(false, "motherboard: evga-x299-dark", "motherboard: supermicro-c9x299-rpgf", "supermicro-c9x299-rpgf", false)]
    [InlineData(false, "motherboard: evga-x299-dark", "motherboard: asrock-x570-phantom-gaming-x", "asrock-x570-phantom-gaming-x", true)]
    [InlineData(false, "motherboard: evga-x299-dark", "motherboard: asus-ws-c422-sage-10g", "asus-ws-c422-sage-10g", true)]
    [InlineData(false, "chassis: fractal-define-7-xl", "chassis: silverstone-fortress-ft04", "evga-x299-dark", true)]
    // Memory: CMP103 (DDR5), CMP104 (RDIMM on Core X).
    [InlineData(false, "kingston-fury-beast-rgb-ddr4-3200-32gb", "heoriady-ddr4-3200-32gb-1r", "heoriady-ddr4-3200-32gb-1r", false)]
    [InlineData(false, "kingston-fury-beast-rgb-ddr4-3200-32gb", "crucial-ddr5-5600-48gb-udimm", "crucial-ddr5-5600-48gb-udimm", true)]
    [InlineData(false, "kingston-fury-beast-rgb-ddr4-3200-32gb", "micron-mta18asf4g72pz-3g2-32gb", "micron-mta18asf4g72pz-3g2-32gb", true)]
    // Chassis for the reference rig's E-ATX board and four 268 mm cards: CMP120 with CMP132; CMP132.
    [InlineData(true, "chassis: generic-eatx-open-benchtable-4gpu", "chassis: fractal-define-7-xl", "fractal-define-7-xl", false)]
    [InlineData(true, "chassis: generic-eatx-open-benchtable-4gpu", "chassis: silverstone-fortress-ft04", "silverstone-fortress-ft04", true)]
    [InlineData(true, "chassis: generic-eatx-open-benchtable-4gpu", "chassis: sliger-cx4170a", "sliger-cx4170a", true)]
    // GPUs: PHY404 (357.6 mm in the 330 mm bench); CMP132 (a fourth card in a case that holds three).
    [InlineData(true, "part: gigabyte-rtx-3090-turbo", "part: msi-rtx-3090-gaming-x-trio", "msi-rtx-3090-gaming-x-trio", false)]
    [InlineData(true, "part: gigabyte-rtx-3090-turbo", "part: asus-rog-strix-rtx-4090-oc", "asus-rog-strix-rtx-4090-oc", true)]
    [InlineData(true, "chassis: generic-eatx-open-benchtable-4gpu", "chassis: sliger-cx4170a", "manli-rtx-3090-blower", true)]
    // PSUs for the four blowers' eight 8-pin plugs: PWR204 with six 8-pin plugs, and with 6-pin leads only.
    [InlineData(true, "part: jl2000pg-2000w", "part: seasonic-prime-px-2200", "seasonic-prime-px-2200", false)]
    [InlineData(true, "part: jl2000pg-2000w", "part: msi-meg-ai1300p-pcie5", "msi-meg-ai1300p-pcie5", true)]
    [InlineData(true, "part: jl2000pg-2000w", "part: hp-dps-1200fb-breakout", "hp-dps-1200fb-breakout", true)]
    public void Conflict_agrees_with_the_check_of_the_rig_that_includes_the_part(bool reference, string from, string to, string candidateId, bool conflicts)
    {
        var yaml = reference ? Repo.ReferenceYaml((from, to)) : Bare.Replace(from, to, StringComparison.Ordinal);
        var loaded = Repo.ParseRig(yaml);
        Assert.True(loaded.Ok, string.Join("\n", loaded.Problems));
        var rig = loaded.Value!;
        var candidate = rig.AllParts.First(p => p.Id == candidateId);

        var conflict = PartCompatibility.Conflict(candidate, Others(rig, candidate));
        var errors = Analyzer.Check(rig).Findings.Where(f => f.Severity == Severity.Error && Mirrored[candidate.Category].Contains(f.Rule.Id)).ToList();

        Assert.Equal(conflicts, conflict is not null);
        Assert.True(errors.Count > 0 == conflict is not null, $"filter: '{conflict}'; check: {string.Join("; ", errors.Select(f => $"{f.Rule.Id} {f.Message}"))}");
    }

    /// <summary>The rig's parts as the picker sees them while <paramref name="candidate"/> is being added.</summary>
    private static PartSelection Others(RigModel rig, Part candidate)
    {
        var gpus = rig.Gpus.Select(g => g.Gpu).ToList();
        var psus = rig.Psus.SelectMany(p => Enumerable.Repeat(p.Psu, p.Count)).ToList();
        if (candidate is Gpu gpu)
            gpus.Remove(gpu);
        if (candidate is Psu psu)
            psus.Remove(psu);
        return new PartSelection(rig.Cpu, rig.Board, rig.Chassis, rig.Memory.Select(m => m.Module).ToList(), gpus, psus);
    }
}
