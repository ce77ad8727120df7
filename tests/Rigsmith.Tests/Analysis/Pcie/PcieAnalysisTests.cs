using Rigsmith.Analysis;
using Rigsmith.Analysis.Pcie;
using Rigsmith.Planning.Pcie;
using Rigsmith.Reporting;
using Rigsmith.Standards;
using Rigsmith.Tests.Support;
using static Rigsmith.Tests.Analysis.RigVariants;

namespace Rigsmith.Tests.Analysis.Pcie;

public class PcieAnalysisTests
{
    private static readonly PcieAnalysis Pcie = new();

    [Fact]
    public void Reference_rig_links_all_four_gpus_and_the_u2_drive_within_the_44_lanes()
    {
        var rig = Repo.LoadRig("4x3090-x299-dark.rig.yaml");
        var topology = PcieTopology.Build(rig);

        Assert.Equal(5, topology.Links.Count);
        Assert.All(topology.Links, l => Assert.True(l.HasLink, $"{l.Device} has no link"));
        Assert.Equal([16, 8, 8, 8, 4], topology.Links.Select(l => l.Width));
        Assert.All(topology.Links, l => Assert.Equal(3, l.Gen));

        var result = Pcie.Run(rig);
        Assert.Equal(44, Figure(result, "lanes_used"));
        Assert.Equal(44, Figure(result, "lanes_available"));
        Assert.DoesNotContain(result.Findings, f => f.Severity == Severity.Error);
        Assert.DoesNotContain(result.Findings, f => f.Rule == PcieAnalysis.LanesOverBudget);
    }

    [Fact]
    public void Json_report_shows_each_links_gen_width_and_bandwidth()
    {
        var report = Analyzer.Check(Repo.LoadRig("4x3090-x299-dark.rig.yaml"));
        using var json = System.Text.Json.JsonDocument.Parse(JsonReport.Render(report));
        var pcie = json.RootElement.GetProperty("pcie");

        Assert.Equal(44, pcie.GetProperty("lanes_used").GetInt32());
        Assert.Equal(44, pcie.GetProperty("lanes_available").GetInt32());
        Assert.True(pcie.GetProperty("widths_assumed").GetBoolean());
        var devices = pcie.GetProperty("devices").EnumerateArray().ToList();
        Assert.Equal(5, devices.Count);
        var u2 = devices.Single(d => d.GetProperty("slot").GetString() == "U2");
        Assert.Equal(3, u2.GetProperty("link_gen").GetInt32());
        Assert.Equal(4, u2.GetProperty("link_width").GetInt32());
        Assert.Equal("cpu", u2.GetProperty("source").GetString());
        Assert.Equal(3.94, u2.GetProperty("bandwidth_gbps").GetDouble(), 2);
        var first = devices[0];
        Assert.Equal(16, first.GetProperty("link_width").GetInt32());
        Assert.Equal(15.75, first.GetProperty("bandwidth_gbps").GetDouble(), 2);
    }

    [Fact]
    public void Link_widths_on_assumed_board_wiring_are_reported_as_assumed()
    {
        var result = Pcie.Run(Repo.LoadRig("4x3090-x299-dark.rig.yaml"));

        Assert.Equal(true, Figure(result, "widths_assumed"));
        var finding = Assert.Single(result.Findings, f => f.Rule == PcieAnalysis.WidthsAssumed);
        Assert.Contains(finding.RestsOn, a => a.PartId == "evga-x299-dark" && a.Field == "slots");
        Assert.Contains(finding.RestsOn, a => a.PartId == "evga-x299-dark" && a.Field == "ports");
        Assert.All(Column(result, "devices", "width_assumed"), v => Assert.Equal(true, v));
    }

    [Fact]
    public void A_28_lane_cpu_narrows_the_gpus_and_leaves_the_u2_drive_without_a_link()
    {
        var rig = Repo.LoadRig("4x3090-i7-7820x.rig.yaml");
        var topology = PcieTopology.Build(rig);

        Assert.Equal([8, 8, 8, 4, 0], topology.Links.Select(l => l.Width));
        var result = Pcie.Run(rig);
        Assert.Equal(28, Figure(result, "lanes_used"));
        Assert.Equal(28, Figure(result, "lanes_available"));

        var x4 = Assert.Single(result.Findings, f => f.Rule == PcieAnalysis.NarrowLink && f.Severity == Severity.Warning);
        Assert.Contains("x4 of its x16", x4.Message);
        Assert.Contains("28-lane", x4.Message);
        Assert.NotEmpty(x4.RestsOn);
        Assert.Contains(result.Findings, f => f.Rule == PcieAnalysis.NarrowLink && f.Severity == Severity.Info && f.Message.Contains("x8 of its x16", StringComparison.Ordinal));

        // The dark U.2 port is CMP141's finding; the PCIe analysis does not raise it again.
        Assert.DoesNotContain(result.Findings, f => f.Message.Contains("intel-p4510-4tb", StringComparison.Ordinal));
        var report = Analyzer.Check(rig);
        Assert.Contains(report.Findings, f => f.Rule.Id == "CMP141");
    }

    [Fact]
    public void A_riser_rated_below_the_link_lowers_the_gen_and_is_flagged()
    {
        var rig = Reference(
            ("    slot: PE1\n", "    slot: PE1\n    riser: test-gen2-riser\n"),
            WithCustomParts("""
                  adapter:
                    - id: test-gen2-riser
                      name: Test PCIe 2.0 riser
                      vendor: test
                      kind: riser
                      lanes: 16
                      rated_gen: 2
                      assumed: {kind: test part, lanes: test part, rated_gen: test part}

                """));

        var gpu1 = PcieTopology.Build(rig).Links[0];
        Assert.Equal(2, gpu1.Gen);
        Assert.Equal(16, gpu1.Width);
        var result = Pcie.Run(rig);
        var finding = Assert.Single(result.Findings, f => f.Rule == PcieAnalysis.RatedBelowLink);
        Assert.Contains("PCIe 2.0", finding.Message);
        Assert.Contains(finding.RestsOn, a => a.PartId == "test-gen2-riser" && a.Field == "rated_gen");
    }

    [Fact]
    public void A_riser_rated_for_the_slots_gen_is_not_flagged()
    {
        var rig = Reference(("    slot: PE1\n", "    slot: PE1\n    riser: generic-pcie3-x16-riser-200mm\n"));

        var result = Pcie.Run(rig);

        Assert.DoesNotContain(result.Findings, f => f.Rule == PcieAnalysis.RatedBelowLink);
        Assert.Equal(3, PcieTopology.Build(rig).Links[0].Gen);
    }

    [Fact]
    public void Two_nvme_drives_behind_the_chipset_oversubscribe_the_dmi_uplink()
    {
        var rig = Reference(
            ("storage:\n", "storage:\n  - part: test-nvme-m2-gen3\n    attach: M2_1\n  - part: test-nvme-m2-gen3\n    attach: M2_2\n"),
            WithCustomParts(NvmeM2Drive));

        var result = Pcie.Run(rig);

        var finding = Assert.Single(result.Findings, f => f.Rule == PcieAnalysis.UplinkOversubscribed);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("3.94 GB/s", finding.Message);
        Assert.True((double)Figure(result, "chipset_demand_gbps")! > (double)Figure(result, "chipset_uplink_gbps")!);
        var chipsetLinks = PcieTopology.Build(rig).Links.Where(l => l.Source == Rigsmith.Catalog.LaneSource.Chipset).ToList();
        Assert.Equal(2, chipsetLinks.Count);
        Assert.All(chipsetLinks, l => Assert.True(l.Bandwidth.Value <= 3.94 + 1e-9, "a chipset device cannot exceed the uplink"));
    }

    [Fact]
    public void One_nvme_drive_plus_sata_drives_behind_the_chipset_is_only_noted()
    {
        var rig = Reference(
            ("storage:\n", "storage:\n  - part: test-nvme-m2-gen3\n    attach: M2_1\n"),
            WithCustomParts(NvmeM2Drive));

        var finding = Assert.Single(Pcie.Run(rig).Findings, f => f.Rule == PcieAnalysis.UplinkOversubscribed);
        Assert.Equal(Severity.Info, finding.Severity);
    }

    [Fact]
    public void Sata_drives_alone_do_not_oversubscribe_the_uplink() =>
        Assert.DoesNotContain(Pcie.Run(Repo.LoadRig("4x3090-x299-dark.rig.yaml")).Findings, f => f.Rule == PcieAnalysis.UplinkOversubscribed);

    [Fact]
    public void A_populated_port_that_shares_lanes_narrows_the_slot_and_is_flagged()
    {
        var rig = Reference(
        [
            ("storage:\n", "storage:\n  - part: test-nvme-m2-gen3\n    attach: M2_1\n"),
            .. OnCustomBoard(board => board.Replace(
                "{id: M2_1, kind: m2, interfaces: [nvme, sata], gen: 3, lanes_from: chipset, wiring: 4}",
                "{id: M2_1, kind: m2, interfaces: [nvme, sata], gen: 3, lanes_from: cpu, wiring: 4, shares_with: [PE1]}", StringComparison.Ordinal),
                NvmeM2Drive),
        ]);

        var links = PcieTopology.Build(rig).Links;
        Assert.Equal(8, links[0].Width);
        var result = Pcie.Run(rig);
        var finding = Assert.Single(result.Findings, f => f.Rule == PcieAnalysis.SharedLanes);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("narrows PE1 from x16 to x8", finding.Message);
    }

    [Theory]
    [InlineData(3, 0.985)]
    [InlineData(4, 1.969)]
    [InlineData(5, 3.938)]
    public void Per_lane_rates_follow_128b_130b_encoding(int gen, double gbps) =>
        Assert.Equal(gbps, PcieMath.PerLane(gen).Value, 3);

    [Fact]
    public void A_narrower_slot_never_raises_bandwidth()
    {
        int[] widths = [0, 1, 2, 4, 8, 16];
        for (var deviceGen = 1; deviceGen <= 5; deviceGen++)
        {
            for (var hostGen = 1; hostGen <= 5; hostGen++)
            {
                foreach (var deviceWidth in widths.Where(w => w > 0))
                {
                    var previous = double.PositiveInfinity;
                    foreach (var wired in widths.Reverse())
                    {
                        var (gen, width) = PcieMath.Negotiate(deviceGen, deviceWidth, hostGen, wired);
                        var bandwidth = PcieMath.Bandwidth(gen, width).Value;
                        Assert.True(bandwidth <= previous, $"Gen{deviceGen} x{deviceWidth} in Gen{hostGen} slot: x{wired} gave more than a wider slot");
                        previous = bandwidth;
                    }
                }
            }
        }
    }

    [Fact]
    public void More_gpus_never_lower_lanes_used()
    {
        var text = Repo.ReferenceYaml();
        var gpuBlocks = new[] { "  - part: colorful-rtx-3090-blower", "  - part: manli-rtx-3090-blower", "  - part: gigabyte-rtx-3090-turbo" };
        var previous = int.MaxValue;
        // Remove GPUs from the end, one at a time: lanes used must never rise as GPUs go away.
        for (var keep = 3; keep >= 0; keep--)
        {
            var variant = text;
            foreach (var block in gpuBlocks.Skip(keep))
            {
                var start = variant.IndexOf(block, StringComparison.Ordinal);
                var end = variant.IndexOf("\n  - part:", start + 1, StringComparison.Ordinal);
                var storage = variant.IndexOf("\nstorage:", start, StringComparison.Ordinal);
                end = end < 0 || end > storage ? storage : end;
                variant = variant.Remove(start, end - start + 1);
            }

            var used = (int)Figure(Pcie.Run(Parse(variant)), "lanes_used")!;
            Assert.True(used <= previous, $"{keep + 1} GPUs use {used} lanes, more than {keep + 2} GPUs ({previous})");
            previous = used;
        }

        Assert.Equal(20, previous);
    }

    [Fact]
    public void Wiring_that_adds_up_to_more_lanes_than_the_cpu_has_is_flagged()
    {
        var rig = Reference(OnCustomBoard(board => board.Replace("wiring: {44: 8, 28: 8}}", "wiring: {44: 16, 28: 8}}", StringComparison.Ordinal)));

        var result = Pcie.Run(rig);

        Assert.Equal(60, Figure(result, "lanes_used"));
        var finding = Assert.Single(result.Findings, f => f.Rule == PcieAnalysis.LanesOverBudget);
        Assert.Contains("60 lanes", finding.Message);
        Assert.DoesNotContain(result.Findings, f => f.Rule == PcieAnalysis.LanesRequested);
    }

    [Fact]
    public void A_port_that_shares_lanes_with_an_empty_slot_is_only_noted()
    {
        var rig = Reference(
        [
            ("storage:\n", "storage:\n  - part: test-nvme-m2-gen3\n    attach: M2_2\n"),
            .. OnCustomBoard(board => board
                .Replace("{id: PE4, position: 7, mechanical: 16, gen: 3, lanes_from: cpu, wiring: {44: 8, 28: 4}}",
                    "{id: PE4, position: 7, mechanical: 16, gen: 3, lanes_from: cpu, wiring: {44: 8, 28: 4}}\n      - {id: PE5, position: 6, mechanical: 16, gen: 3, lanes_from: chipset, wiring: 4}", StringComparison.Ordinal)
                .Replace("{id: M2_2, kind: m2, interfaces: [nvme], gen: 3, lanes_from: chipset, wiring: 4}",
                    "{id: M2_2, kind: m2, interfaces: [nvme], gen: 3, lanes_from: chipset, wiring: 4, shares_with: [PE5]}", StringComparison.Ordinal),
                NvmeM2Drive),
        ]);

        var finding = Assert.Single(Pcie.Run(rig).Findings, f => f.Rule == PcieAnalysis.SharedLanes);

        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("goes dark", finding.Message);
    }
}
