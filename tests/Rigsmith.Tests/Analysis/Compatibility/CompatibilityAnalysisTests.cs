using Rigsmith.Analysis;
using Rigsmith.Analysis.Compatibility;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Analysis.Compatibility;

public class CompatibilityAnalysisTests
{
    private static IReadOnlyList<Finding> Findings(string yaml)
    {
        var rig = Repo.ParseRig(yaml);
        Assert.True(rig.Ok, string.Join("\n", rig.Problems));
        return new CompatibilityAnalysis().Run(rig.Value!).Findings;
    }

    private static IEnumerable<string> Ids(IEnumerable<Finding> findings) => findings.Select(f => f.Rule.Id);

    [Fact]
    public void Reference_rig_has_no_compatibility_errors_but_warns_about_its_mixed_kits()
    {
        var findings = new CompatibilityAnalysis().Run(Repo.LoadRig("4x3090-x299-dark.rig.yaml")).Findings;

        Assert.DoesNotContain(findings, f => f.Severity == Severity.Error);
        var mixed = Assert.Single(findings, f => f.Rule == CompatibilityAnalysis.MixedKits);
        Assert.Contains("ranks (2R vs 1R)", mixed.Message, StringComparison.Ordinal);
        Assert.Contains("CAS latency (CL16 vs CL22)", mixed.Message, StringComparison.Ordinal);
        Assert.Contains(findings, f => f.Rule == CompatibilityAnalysis.UnusualModule && f.Subjects.Contains("heoriady-ddr4-3200-32gb-1r"));
    }

    [Fact]
    public void Should_Reject_Xeon_W_On_X299_Dark_Although_The_Socket_Matches()
    {
        var findings = Findings(Repo.ReferenceYaml(("cpu: i9-7960x", "cpu: xeon-w-2195")));

        var family = Assert.Single(findings, f => f.Rule == CompatibilityAnalysis.CpuFamily);
        Assert.Equal(Severity.Error, family.Severity);
        Assert.Contains("xeon-w-2100", family.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(CompatibilityAnalysis.Socket.Id, Ids(findings));
        // The Xeon's controller wants registered memory; the unbuffered kits are flagged too.
        Assert.Contains(CompatibilityAnalysis.ModuleKind.Id, Ids(findings));
    }

    [Fact]
    public void One_kit_of_identical_modules_is_not_mixed()
    {
        var yaml = Repo.ReferenceYaml(("part: heoriady-ddr4-3200-32gb-1r", "part: kingston-fury-beast-rgb-ddr4-3200-32gb"));
        Assert.DoesNotContain(CompatibilityAnalysis.MixedKits.Id, Ids(Findings(yaml)));
    }

    [Fact]
    public void More_modules_than_dimm_slots_is_an_error()
    {
        var yaml = Repo.ReferenceYaml(("    count: 2\n    note: A pair", "    count: 4\n    note: A pair"));
        var finding = Assert.Single(Findings(yaml), f => f.Rule == CompatibilityAnalysis.DimmCount);
        Assert.Contains("6 memory modules for 4 DIMM slots", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_modules_on_a_four_channel_cpu_leave_channels_empty()
    {
        var yaml = Repo.ReferenceYaml(("  - part: heoriady-ddr4-3200-32gb-1r\n    count: 2\n    note: Rare single-sided 32 GB sticks; unstable in general.\n", ""));
        var finding = Assert.Single(Findings(yaml), f => f.Rule == CompatibilityAnalysis.Channels);
        Assert.Contains("fill 2 of the", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Eatx_board_in_an_atx_only_chassis_is_an_error()
    {
        var yaml = Repo.ReferenceYaml(
            ("chassis: generic-eatx-open-benchtable-4gpu", "chassis: atx-only-case"),
            ("psus:", """
                custom_parts:
                  chassis:
                    - id: atx-only-case
                      name: An ATX tower
                      vendor: test
                      assumed: {kind: test, form_factors: test, expansion_slots: test, max_gpu_length: test, gpu_capacity: test}
                      kind: tower
                      form_factors: [atx, micro-atx]
                      expansion_slots: 7
                      max_gpu_length: 300 mm
                      gpu_capacity: 3
                psus:
                """));
        var findings = Findings(yaml);
        Assert.Contains(findings, f => f.Rule == CompatibilityAnalysis.ChassisForm && f.Message.Contains("E-ATX", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Rule == CompatibilityAnalysis.GpuCapacity && f.Message.Contains("4 GPUs; the An ATX tower holds 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Twenty_eight_lane_cpu_darkens_the_u2_port_that_44_lanes_feed()
    {
        var findings = new CompatibilityAnalysis().Run(Repo.LoadRig("4x3090-i7-7820x.rig.yaml")).Findings;

        var port = Assert.Single(findings, f => f.Rule == CompatibilityAnalysis.DisabledPort);
        Assert.Contains("28-lane", port.Message, StringComparison.Ordinal);
        Assert.Contains(port.RestsOn, a => a.PartId == "evga-x299-dark" && a.Field == "ports");
    }

    [Fact]
    public void Nvme_drive_on_a_sata_port_is_an_error()
    {
        var yaml = Repo.ReferenceYaml(("    attach: U2", "    attach: sata"));
        var finding = Assert.Single(Findings(yaml), f => f.Rule == CompatibilityAnalysis.DriveInterface);
        Assert.Contains("cannot use a SATA port", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void U2_drive_in_a_slot_needs_an_adapter_and_is_fine_with_one()
    {
        var without = Repo.ReferenceYaml(("part: gigabyte-rtx-3090-turbo\n    slot: PE4", "part: gigabyte-rtx-3090-turbo\n    slot: PE3"),
            ("part: manli-rtx-3090-blower\n    slot: PE3\n", "part: manli-rtx-3090-blower\n    slot: PE2\n"),
            ("part: colorful-rtx-3090-blower\n    slot: PE2", "part: colorful-rtx-3090-blower\n    slot: PE1"),
            ("  - part: zotac-rtx-3090-blower\n    slot: PE1\n    note: Bought as \"looks good but overheats\"; new paste and pads fixed it.\n", ""),
            ("    attach: U2", "    attach: PE4"));
        Assert.Contains(Findings(without), f => f.Rule == CompatibilityAnalysis.DriveInterface && f.Message.Contains("needs a u2-to-pcie adapter", StringComparison.Ordinal));

        var with = without.Replace("    attach: PE4", "    attach: PE4\n    adapter: generic-u2-to-pcie-x4", StringComparison.Ordinal);
        Assert.DoesNotContain(CompatibilityAnalysis.DriveInterface.Id, Ids(Findings(with)));
    }

    [Fact]
    public void Too_many_sata_drives_for_the_ports_is_an_error()
    {
        var drives = string.Concat(Enumerable.Repeat("  - part: plextor-m6-pro-128gb\n    attach: sata\n", 8));
        var yaml = Repo.ReferenceYaml(("storage:\n", "storage:\n" + drives));
        var finding = Assert.Single(Findings(yaml), f => f.Rule == CompatibilityAnalysis.DriveInterface);
        Assert.Contains("10 SATA drives; the EVGA X299 DARK has 8 SATA ports", finding.Message, StringComparison.Ordinal);
    }
}

public class DualSocketTests
{
    private const string Board = """
        custom_parts:
          motherboard:
            - id: test-dual-socket-board
              name: Dual-socket test board
              vendor: test
              source: https://example.com/dual
              socket: lga2066
              sockets: 2
              chipset: X299
              form_factor: eatx
              cpu_families: [skylake-x]
              memory: {type: ddr4, slots: 8, max_capacity: 256 GiB, max_speed: 2666 MT/s, module_kinds: [udimm]}
              slots:
                - {id: S1, position: 1, mechanical: 16, gen: 3, lanes_from: cpu, wiring: 16}
                - {id: S2, position: 3, mechanical: 16, gen: 3, lanes_from: cpu, wiring: 16, socket: 2}
              sata_ports: 4
              power: {eps8: 2}
              chipset_uplink: {lanes: 4, gen: 3}
        name: dual
        site: {mains: 230 V, breaker: 16 A}
        cpu: i9-7960x
        motherboard: test-dual-socket-board
        memory: [{part: kingston-fury-beast-rgb-ddr4-3200-32gb, count: 4}]
        gpus:
          - {part: zotac-rtx-3090-blower, slot: S1}
          - {part: manli-rtx-3090-blower, slot: S2}
        psus: [{part: jl2000pg-2000w}]
        """;

    private static IReadOnlyList<Finding> Findings(string yaml)
    {
        var rig = Repo.ParseRig(yaml);
        Assert.True(rig.Ok, string.Join("\n", rig.Problems));
        return new CompatibilityAnalysis().Run(rig.Value!).Findings;
    }

    [Fact]
    public void Slot_wired_to_an_empty_socket_has_no_lanes()
    {
        var dead = Assert.Single(Findings(Board), f => f.Rule == CompatibilityAnalysis.DeadSlot);
        Assert.Contains("slot S2", dead.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Findings(Board.Replace("cpu: i9-7960x", "cpu: i9-7960x\ncpu_count: 2", StringComparison.Ordinal)),
            f => f.Rule == CompatibilityAnalysis.DeadSlot);
    }

    [Fact]
    public void More_cpus_than_sockets_is_an_error() =>
        Assert.Contains(Findings(Board.Replace("cpu: i9-7960x", "cpu: i9-7960x\ncpu_count: 3", StringComparison.Ordinal)),
            f => f.Rule == CompatibilityAnalysis.CpuCount);
}
