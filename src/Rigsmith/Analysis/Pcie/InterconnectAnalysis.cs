using System.Globalization;
using Rigsmith.Catalog;
using Rigsmith.Planning.Pcie;
using Rigsmith.Rigs;
using Rigsmith.Units;

namespace Rigsmith.Analysis.Pcie;

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

    public AnalysisResult Run(AnalysisContext context)
    {
        var rig = context.Rig;
        var topology = context.Plan.Pcie;
        var paths = context.Plan.Interconnect;
        var (bridges, live, pairs, ring) = (paths.Bridges, paths.Live, paths.Pairs, paths.Ring);
        var busbw = paths.RingBusBandwidth;
        var findings = paths.BridgeProblems.Select(p => Finding.Of(BadBridge, $"NVLink bridge GPU{p.A.Index}–GPU{p.B.Index}: {p.Problem}.",
            "Remove the bridge from the rig file, or bridge two NVLink cards of the same model.", [p.A.Gpu.Id, p.B.Gpu.Id],
            Evidence.Uncited(p.A.Gpu, "nvlink_bandwidth").Concat(Evidence.Uncited(p.B.Gpu, "nvlink_bandwidth")))).ToList();

        var noP2p = live.Where(x => !x.Install.Gpu.PeerToPeer).ToList();
        if (live.Count >= 2 && noP2p.Count > 0)
        {
            var names = noP2p.Select(x => x.Install.Gpu).DistinctBy(g => g.Id).ToList();
            findings.Add(Finding.Of(NoPeerToPeer,
                $"{string.Join(", ", names.Select(g => g.Name))} {(names.Count == 1 ? "has" : "have")} no PCIe peer-to-peer: GPU-to-GPU copies go through host memory, so a ring all-reduce reaches about {Gbps(busbw)} bus bandwidth (estimate).",
                bridges.Count > 0 ? null : "NVLink-capable pairs (RTX 3090, A6000) can be bridged; otherwise expect data-parallel training to spend longer in gradient sync.",
                names.Select(g => g.Id), names.SelectMany(g => Evidence.Uncited(g, "peer_to_peer"))));
        }

        foreach (var x in live.Where(x => x.Link.Source == LaneSource.Chipset))
        {
            findings.Add(Finding.Of(ChipsetGpu,
                $"{x.Link.Device} is on chipset lanes: its traffic to the other GPUs and the host shares the {Gbps(topology.UplinkBandwidth)} uplink.",
                "Move it to a CPU-wired slot.", [x.Install.Gpu.Id, rig.Board.Id], x.Link.RestsOn));
        }

        var pcieHops = ring.Where(p => p.Path != GpuPath.Nvlink).ToList();
        if (live.Count >= 2 && pcieHops.Count > 0)
        {
            var fastest = live.Max(x => x.Link.Bandwidth.Value);
            var slow = live.Where(x => x.Link.Bandwidth.Value * 2 <= fastest).ToList();
            if (slow.Count > 0)
            {
                // Concatenated: the list is built with interpolation of its own (see Finding.Of).
                findings.Add(Finding.Of(RingBottleneck,
                    string.Join(", ", slow.Select(x => $"{x.Link.Device} at Gen{x.Link.Gen} x{x.Link.Width} ({Gbps(x.Link.Bandwidth)})"))
                    + (slow.Count == 1 ? " is" : " are") + " half or less of the fastest GPU link ("
                    + fastest.ToString("0.##", CultureInfo.InvariantCulture) + " GB/s); the whole all-reduce ring runs at that pace.",
                    "Give every GPU the same width, or leave the slow slot for a non-GPU card.",
                    slow.Select(x => x.Install.Gpu.Id).Append(rig.Board.Id), slow.SelectMany(x => x.Link.RestsOn)));
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

    public static string PathName(GpuPath path) => path switch
    {
        GpuPath.Nvlink => "nvlink",
        GpuPath.PcieP2p => "pcie_p2p",
        GpuPath.HostMemory => "host_memory",
        _ => "chipset",
    };

    private static string Gbps(GigabytesPerSecond value) => value.Value.ToString("0.##", CultureInfo.InvariantCulture) + " GB/s";
}
