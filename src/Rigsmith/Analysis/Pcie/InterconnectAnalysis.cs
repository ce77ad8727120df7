using System.Globalization;
using Rigsmith.Catalog;
using Rigsmith.Rigs;
using Rigsmith.Units;

namespace Rigsmith.Analysis.Pcie;

/// <summary>How data moves between GPUs: the path for each pair and what a ring all-reduce can reach over them.</summary>
public enum GpuPath
{
    /// <summary>An NVLink bridge joins the two cards.</summary>
    Nvlink,
    /// <summary>PCIe peer-to-peer through the CPU's root complex.</summary>
    PcieP2p,
    /// <summary>No peer-to-peer: the data is copied to host memory and back (two PCIe transfers per hop).</summary>
    HostMemory,
    /// <summary>At least one card sits on chipset lanes: traffic crosses the CPU–chipset uplink.</summary>
    Chipset,
}

public sealed record GpuPair(PcieLink A, PcieLink B, GpuPath Path, GigabytesPerSecond Bandwidth);

/// <summary>Pure functions for GPU-to-GPU paths and the ring all-reduce estimate.</summary>
public static class Interconnect
{
    /// <summary>
    /// Share of the slowest link's bandwidth a ring all-reduce reaches as nccl-tests "busbw" at large message sizes.
    /// </summary>
    /// <remarks>Assumption: 0.8, not measured. nccl-tests defines busbw so that it compares with the hardware's link bandwidth
    /// (https://github.com/NVIDIA/nccl-tests/blob/master/doc/PERFORMANCE.md). On PCIe-only rigs an NCCL maintainer notes the
    /// result "is usually determined by the bandwidth your CPU and memory can deliver"; the same thread reports 35 GB/s
    /// busbw for 4x RTX 5090 on a dual Xeon 8480+ (https://github.com/NVIDIA/nccl/issues/1639). No published nccl-tests
    /// figure for 4x RTX 3090/4090 on PCIe without P2P was found, so 0.8 is an optimistic upper figure for a single root
    /// complex with every GPU on CPU lanes.</remarks>
    public const double RingEfficiency = 0.8;

    /// <summary>
    /// Factor applied when the ring has a hop without peer-to-peer. Assumption: 0.5, because each hop becomes two PCIe
    /// transfers through host memory (GPU → pinned buffer → GPU) that share the root complex and memory bandwidth; GeForce
    /// cards since Ampere have no P2P on NVIDIA's driver (https://github.com/NVIDIA/nccl-tests/issues/117).
    /// </summary>
    public const double HostMemoryFactor = 0.5;

    public static GpuPair Pair(PcieLink a, PcieLink b, Gpu gpuA, Gpu gpuB, bool bridged, GigabytesPerSecond uplink)
    {
        if (bridged && gpuA.NvlinkBandwidth is { } na && gpuB.NvlinkBandwidth is { } nb)
            return new GpuPair(a, b, GpuPath.Nvlink, na < nb ? na : nb);
        var slower = a.Bandwidth < b.Bandwidth ? a.Bandwidth : b.Bandwidth;
        if (a.Source == LaneSource.Chipset || b.Source == LaneSource.Chipset)
            return new GpuPair(a, b, GpuPath.Chipset, slower < uplink ? slower : uplink);
        return new GpuPair(a, b, gpuA.PeerToPeer && gpuB.PeerToPeer ? GpuPath.PcieP2p : GpuPath.HostMemory, slower);
    }

    /// <summary>
    /// Estimated ring all-reduce bus bandwidth (nccl-tests busbw, GB/s): the slowest hop of the ring in rig order
    /// (1 → 2 → ... → n → 1) times <see cref="RingEfficiency"/>, halved when a hop goes through host memory or the chipset.
    /// </summary>
    public static GigabytesPerSecond RingBusBandwidth(IReadOnlyList<GpuPair> ring)
    {
        if (ring.Count == 0)
            return new GigabytesPerSecond(0);
        var slowest = ring.Min(p => p.Bandwidth.Value);
        var staged = ring.Any(p => p.Path is GpuPath.HostMemory or GpuPath.Chipset);
        return new GigabytesPerSecond(slowest * RingEfficiency * (staged ? HostMemoryFactor : 1));
    }
}

/// <summary>GPU-to-GPU paths: peer-to-peer support, NVLink bridges, and the all-reduce bandwidth the rig can reach.</summary>
public sealed class InterconnectAnalysis : IAnalysis
{
    public static readonly Rule NoPeerToPeer = new("PCI320", Severity.Info, "GPUs without peer-to-peer",
        "Whether the GPUs support PCIe peer-to-peer: without it (GeForce since Ampere) gradients bounce through host memory, about halving all-reduce bandwidth.",
        "https://github.com/NVIDIA/nccl-tests/issues/117; https://github.com/NVIDIA/nccl-tests/blob/master/doc/PERFORMANCE.md");
    public static readonly Rule BadBridge = new("PCI321", Severity.Error, "NVLink bridge cannot work",
        "Each NVLink bridge in the rig file against the cards: both must have NVLink, be the same chip, and (2-way bridges) a card takes one bridge.",
        "https://dev.to/jovan_chan_9500711396d4e6/multi-gpu-for-local-ai-in-2026-nvlink-vs-pcie-and-when-a-second-card-actually-helps-1egf; GA102 whitepaper");
    public static readonly Rule ChipsetGpu = new("PCI322", Severity.Warning, "GPU traffic crosses the chipset uplink",
        "A GPU on chipset lanes shares the CPU–chipset uplink with storage and USB, and all its traffic to other GPUs crosses it.",
        "Board manuals; https://hardwareluxx.de/index.php/artikel/hardware/mainboards/43770-asus-rog-strix-x299-e-gaming-im-test-rog-mainboard-fuer-skylake-x.html?start=1");
    public static readonly Rule RingBottleneck = new("PCI323", Severity.Info, "One GPU link limits the all-reduce ring",
        "The slowest GPU link against the fastest: a ring all-reduce runs at the pace of its slowest hop.",
        "https://github.com/NVIDIA/nccl-tests/blob/master/doc/PERFORMANCE.md");

    public string Key => "interconnect";
    public string Title => "GPU interconnect";

    public IReadOnlyList<Rule> Rules { get; } = [NoPeerToPeer, BadBridge, ChipsetGpu, RingBottleneck];

    public AnalysisResult Run(RigModel rig)
    {
        var findings = new List<Finding>();
        var (topology, bridges, live, pairs, ring) = Paths(rig, rig.Gpus.Count, findings);
        var busbw = Interconnect.RingBusBandwidth(ring);

        var noP2p = live.Where(x => !x.Install.Gpu.PeerToPeer).ToList();
        if (live.Count >= 2 && noP2p.Count > 0)
        {
            var names = noP2p.Select(x => x.Install.Gpu).DistinctBy(g => g.Id).ToList();
            findings.Add(Finding.Of(NoPeerToPeer,
                $"{string.Join(", ", names.Select(g => g.Name))} {(names.Count == 1 ? "has" : "have")} no PCIe peer-to-peer: GPU-to-GPU copies go through host memory, so a ring all-reduce reaches about {Gbps(busbw)} bus bandwidth (estimate).",
                bridges.Count > 0 ? null : "NVLink-capable pairs (RTX 3090, A6000) can be bridged; otherwise expect data-parallel training to spend longer in gradient sync.",
                names.Select(g => g.Id), names.SelectMany(g => Evidence.Assumed(g, "peer_to_peer"))));
        }

        foreach (var x in live.Where(x => x.Link.Source == LaneSource.Chipset))
        {
            findings.Add(Finding.Of(ChipsetGpu,
                $"{x.Link.Device} is on chipset lanes: its traffic to the other GPUs and the host shares the {Gbps(topology.UplinkBandwidth)} uplink.",
                "Move it to a CPU-wired slot.", [x.Install.Gpu.Id, rig.Board.Id], x.Link.Assumptions));
        }

        var pcieHops = ring.Where(p => p.Path != GpuPath.Nvlink).ToList();
        if (live.Count >= 2 && pcieHops.Count > 0)
        {
            var fastest = live.Max(x => x.Link.Bandwidth.Value);
            var slow = live.Where(x => x.Link.Bandwidth.Value * 2 <= fastest).ToList();
            if (slow.Count > 0)
            {
                findings.Add(Finding.Of(RingBottleneck,
                    $"{string.Join(", ", slow.Select(x => $"{x.Link.Device} at Gen{x.Link.Gen} x{x.Link.Width} ({Gbps(x.Link.Bandwidth)})"))} {(slow.Count == 1 ? "is" : "are")} half or less of the fastest GPU link ({fastest.ToString("0.##", CultureInfo.InvariantCulture)} GB/s); the whole all-reduce ring runs at that pace.",
                    "Give every GPU the same width, or leave the slow slot for a non-GPU card.",
                    slow.Select(x => x.Install.Gpu.Id).Append(rig.Board.Id), slow.SelectMany(x => x.Link.Assumptions)));
            }
        }

        var figures = new List<Figure>
        {
            new("gpus_linked", "GPUs with a PCIe link", live.Count),
            new("peer_to_peer", "All GPUs support peer-to-peer", live.Count > 0 && noP2p.Count == 0),
            new("nvlink_bridges", "NVLink bridges", bridges.Count),
        };
        if (ring.Count > 0)
        {
            var slowest = ring.MinBy(p => p.Bandwidth.Value)!;
            figures.Add(new Figure("ring_slowest_hop_gbps", "Slowest hop of the ring (one direction)", PcieAnalysis.Round(slowest.Bandwidth), "GB/s"));
            figures.Add(new Figure("ring_slowest_hop", "Slowest hop", $"{slowest.A.Name} ↔ {slowest.B.Name} ({PathName(slowest.Path)})"));
            figures.Add(new Figure("allreduce_busbw_gbps", "Ring all-reduce bus bandwidth (estimate)", PcieAnalysis.Round(busbw), "GB/s"));
            figures.Add(new Figure("allreduce_efficiency", "Assumed share of the slowest hop reached", Interconnect.RingEfficiency));
        }

        var table = new ReportTable("pairs", "GPU pairs",
        [
            new("gpu_a", "GPU"), new("gpu_b", "GPU"), new("path", "Path"), new("bandwidth_gbps", "GB/s (one direction)"),
        ],
        pairs.Select(p => (IReadOnlyList<object?>)[p.A.Name, p.B.Name, PathName(p.Path), PcieAnalysis.Round(p.Bandwidth)]).ToList());
        return new AnalysisResult(Key, Title, findings, figures, [table]);
    }

    /// <summary>
    /// The ring all-reduce bus bandwidth among the rig's first <paramref name="gpus"/> linked GPUs: the figure the
    /// training model uses for gradient communication.
    /// </summary>
    public static GigabytesPerSecond AllreduceBusBandwidth(RigModel rig, int gpus) =>
        Interconnect.RingBusBandwidth(Paths(rig, gpus, []).Ring);

    /// <summary>Links, valid bridges, every GPU pair and the ring (rig order) among the first <paramref name="count"/> GPUs.</summary>
    private static (PcieTopology Topology, List<NvlinkBridge> Bridges, List<(GpuInstall Install, PcieLink Link)> Live, List<GpuPair> Pairs, List<GpuPair> Ring)
        Paths(RigModel rig, int count, List<Finding> findings)
    {
        var topology = PcieTopology.Build(rig);
        var gpuLinks = topology.Gpus.ToList();
        var bridges = ValidBridges(rig, findings);
        var live = rig.Gpus.Select((g, i) => (Install: g, Link: gpuLinks[i])).Where(x => x.Link.HasLink).Take(count).ToList();
        bool Bridged(int a, int b) => bridges.Any(x => (x.First == a && x.Second == b) || (x.First == b && x.Second == a));
        GpuPair PairOf(int i, int j) => Interconnect.Pair(live[i].Link, live[j].Link, live[i].Install.Gpu, live[j].Install.Gpu,
            Bridged(live[i].Install.Index, live[j].Install.Index), topology.UplinkBandwidth);

        var pairs = new List<GpuPair>();
        for (var i = 0; i < live.Count; i++)
        {
            for (var j = i + 1; j < live.Count; j++)
                pairs.Add(PairOf(i, j));
        }

        var ring = live.Count < 2 ? [] : Enumerable.Range(0, live.Count).Select(i => PairOf(i, (i + 1) % live.Count)).Take(live.Count == 2 ? 1 : live.Count).ToList();
        return (topology, bridges, live, pairs, ring);
    }

    public static string PathName(GpuPath path) => path switch
    {
        GpuPath.Nvlink => "nvlink",
        GpuPath.PcieP2p => "pcie_p2p",
        GpuPath.HostMemory => "host_memory",
        _ => "chipset",
    };

    private static string Gbps(GigabytesPerSecond value) => value.Value.ToString("0.##", CultureInfo.InvariantCulture) + " GB/s";

    private static List<NvlinkBridge> ValidBridges(RigModel rig, List<Finding> findings)
    {
        var valid = new List<NvlinkBridge>();
        var used = new Dictionary<int, NvlinkBridge>();
        foreach (var bridge in rig.NvlinkBridges)
        {
            var a = rig.Gpus.FirstOrDefault(g => g.Index == bridge.First);
            var b = rig.Gpus.FirstOrDefault(g => g.Index == bridge.Second);
            if (a is null || b is null)
                continue;
            string? problem = null;
            if (a.Gpu.NvlinkBandwidth is null || b.Gpu.NvlinkBandwidth is null)
            {
                var without = new[] { a, b }.Where(g => g.Gpu.NvlinkBandwidth is null).Select(g => g.Gpu.Name).Distinct();
                problem = $"{string.Join(" and ", without)} {(without.Count() == 1 ? "has" : "have")} no NVLink";
            }
            else if (!string.Equals(a.Gpu.Chip, b.Gpu.Chip, StringComparison.Ordinal))
            {
                problem = $"NVLink joins cards of one chip; these are {a.Gpu.Chip} and {b.Gpu.Chip}";
            }
            else if (used.TryGetValue(a.Index, out var other) || used.TryGetValue(b.Index, out other))
            {
                problem = $"a card takes one 2-way bridge; GPU{other.First}–GPU{other.Second} already uses one of them";
            }

            if (problem is not null)
            {
                findings.Add(Finding.Of(BadBridge, $"NVLink bridge GPU{a.Index}–GPU{b.Index}: {problem}.",
                    "Remove the bridge from the rig file, or bridge two NVLink cards of the same model.", [a.Gpu.Id, b.Gpu.Id],
                    Evidence.Assumed(a.Gpu, "nvlink_bandwidth").Concat(Evidence.Assumed(b.Gpu, "nvlink_bandwidth"))));
                continue;
            }

            used[a.Index] = bridge;
            used[b.Index] = bridge;
            valid.Add(bridge);
        }

        return valid;
    }
}
