using Rigsmith.Analysis;
using Rigsmith.Analysis.Pcie;
using Rigsmith.Planning.Pcie;
using Rigsmith.Tests.Support;
using static Rigsmith.Tests.Analysis.RigVariants;

namespace Rigsmith.Tests.Analysis.Pcie;

public class InterconnectAnalysisTests
{
    private static readonly InterconnectAnalysis Interconnect = new();

    [Fact]
    public void Without_peer_to_peer_the_ring_reaches_half_the_slowest_link_times_the_efficiency()
    {
        var result = Interconnect.Run(Repo.LoadRig("4x3090-x299-dark.rig.yaml"));

        var slowest = (double)Figure(result, "ring_slowest_hop_gbps")!;
        Assert.Equal(7.88, slowest, 2);
        var expected = 8.0 * 128 / 130 / 8 * 8 * Rigsmith.Planning.Pcie.Interconnect.RingEfficiency * Rigsmith.Planning.Pcie.Interconnect.HostMemoryFactor;
        Assert.Equal(expected, (double)Figure(result, "allreduce_busbw_gbps")!, 2);
        Assert.Equal(false, Figure(result, "peer_to_peer"));
        Assert.Contains(result.Findings, f => f.Rule == InterconnectAnalysis.NoPeerToPeer);
        Assert.All(Column(result, "pairs", "path"), p => Assert.Equal("host_memory", p));
        Assert.Equal(6, Column(result, "pairs", "path").Count);
    }

    [Fact]
    public void A_28_lane_cpu_lowers_the_all_reduce_estimate()
    {
        var i9 = (double)Figure(Interconnect.Run(Repo.LoadRig("4x3090-x299-dark.rig.yaml")), "allreduce_busbw_gbps")!;
        var i7 = Interconnect.Run(Repo.LoadRig("4x3090-i7-7820x.rig.yaml"));

        Assert.True((double)Figure(i7, "allreduce_busbw_gbps")! < i9);
        var bottleneck = Assert.Single(i7.Findings, f => f.Rule == InterconnectAnalysis.RingBottleneck);
        Assert.Contains("GPU4", bottleneck.Message);
    }

    [Fact]
    public void Nvlink_bridges_join_pairs_but_the_ring_still_crosses_pcie()
    {
        var rig = Reference(("storage:\n", "nvlink_bridges: [[1, 2], [3, 4]]\nstorage:\n"));
        var plain = (double)Figure(Interconnect.Run(Repo.LoadRig("4x3090-x299-dark.rig.yaml")), "allreduce_busbw_gbps")!;

        Assert.Equal(2, rig.NvlinkBridges.Count);
        var result = Interconnect.Run(rig);
        Assert.Equal(2, Figure(result, "nvlink_bridges"));
        var paths = Column(result, "pairs", "path");
        Assert.Equal(2, paths.Count(p => (string?)p == "nvlink"));
        Assert.Equal(plain, (double)Figure(result, "allreduce_busbw_gbps")!, 3);
        Assert.DoesNotContain(result.Findings, f => f.Rule == InterconnectAnalysis.BadBridge);
    }

    [Fact]
    public void A_bridge_to_a_card_without_nvlink_is_an_error()
    {
        var rig = Reference(
            ("  - part: colorful-rtx-3090-blower", "  - part: nvidia-tesla-p40"),
            ("storage:\n", "nvlink_bridges: [[1, 2]]\nstorage:\n"));

        var finding = Assert.Single(Interconnect.Run(rig).Findings, f => f.Rule == InterconnectAnalysis.BadBridge);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("no NVLink", finding.Message);
    }

    [Fact]
    public void A_card_in_two_bridges_is_an_error()
    {
        var rig = Reference(("storage:\n", "nvlink_bridges: [[1, 2], [2, 3]]\nstorage:\n"));

        var finding = Assert.Single(Interconnect.Run(rig).Findings, f => f.Rule == InterconnectAnalysis.BadBridge);
        Assert.Contains("one 2-way bridge", finding.Message);
    }

    [Theory]
    [InlineData("nvlink_bridges: [[1, 5]]")]
    [InlineData("nvlink_bridges: [[1, 1]]")]
    [InlineData("nvlink_bridges: [[1, 2, 3]]")]
    [InlineData("nvlink_bridges: 1")]
    public void Bridges_naming_no_valid_gpu_pair_are_input_errors(string line)
    {
        var result = Repo.ParseRig(Repo.ReferenceYaml(("storage:\n", line + "\nstorage:\n")));

        Assert.False(result.Ok);
        Assert.Contains(result.Problems, p => p.Field == "nvlink_bridges");
    }

    [Fact]
    public void Peer_to_peer_cards_use_the_pcie_p2p_path_at_full_slowest_link_rate()
    {
        var rig = Reference(
            ("  - part: zotac-rtx-3090-blower", "  - part: nvidia-tesla-p40"),
            ("  - part: colorful-rtx-3090-blower", "  - part: nvidia-tesla-p40"),
            ("  - part: manli-rtx-3090-blower", "  - part: nvidia-tesla-p40"),
            ("  - part: gigabyte-rtx-3090-turbo", "  - part: nvidia-tesla-p40"));

        var result = Interconnect.Run(rig);

        Assert.Equal(true, Figure(result, "peer_to_peer"));
        Assert.All(Column(result, "pairs", "path"), p => Assert.Equal("pcie_p2p", p));
        Assert.Equal(7.88 * Rigsmith.Planning.Pcie.Interconnect.RingEfficiency, (double)Figure(result, "allreduce_busbw_gbps")!, 2);
        Assert.DoesNotContain(result.Findings, f => f.Rule == InterconnectAnalysis.NoPeerToPeer);
    }

    [Fact]
    public void A_single_gpu_has_no_ring()
    {
        var text = Repo.ReferenceYaml();
        var start = text.IndexOf("  - part: colorful-rtx-3090-blower", StringComparison.Ordinal);
        var end = text.IndexOf("storage:", StringComparison.Ordinal);
        var result = Interconnect.Run(Parse(text.Remove(start, end - start)));

        Assert.DoesNotContain(result.Figures, f => f.Key == "allreduce_busbw_gbps");
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void A_gpu_on_chipset_lanes_routes_its_pairs_through_the_uplink()
    {
        var rig = Reference(OnCustomBoard(board => board.Replace(
            "{id: PE4, position: 7, mechanical: 16, gen: 3, lanes_from: cpu, wiring: {44: 8, 28: 4}}",
            "{id: PE4, position: 7, mechanical: 16, gen: 3, lanes_from: chipset, wiring: 4}", StringComparison.Ordinal)));

        var result = Interconnect.Run(rig);

        Assert.Single(result.Findings, f => f.Rule == InterconnectAnalysis.ChipsetGpu);
        var pairs = result.Tables.Single(t => t.Key == "pairs").Rows;
        Assert.All(pairs.Where(r => (string?)r[1] == "GPU4"), r => Assert.Equal("chipset", r[2]));
        Assert.All(pairs.Where(r => (string?)r[1] == "GPU4"), r => Assert.Equal(3.94, (double)r[3]!, 2));
    }
}
