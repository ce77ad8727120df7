using Rigsmith.Catalog;
using Rigsmith.Rigs;
using Rigsmith.Units;

namespace Rigsmith.Planning.Pcie;

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
    /// Estimated ring all-reduce bus bandwidth (nccl-tests busbw, GB/s): the slowest hop of the ring times <see cref="RingEfficiency"/>, halved when a hop goes through host memory or the chipset.
    /// </summary>
    public static GigabytesPerSecond RingBusBandwidth(IReadOnlyList<GpuPair> ring)
    {
        if (ring.Count == 0)
            return GigabytesPerSecond.From(0);
        return GigabytesPerSecond.From(RingScore(ring.Min(p => p.Bandwidth.Value), ring.Any(p => p.Path is GpuPath.HostMemory or GpuPath.Chipset)));
    }

    /// <summary>The ring's bus bandwidth (GB/s) from its slowest hop and whether any hop is staged through host memory or the chipset.</summary>
    internal static double RingScore(double slowest, bool staged) => slowest * RingEfficiency * (staged ? HostMemoryFactor : 1);
}

/// <summary>An NVLink bridge in the rig file that cannot work, and why.</summary>
public sealed record BridgeProblem(NvlinkBridge Bridge, GpuInstall A, GpuInstall B, string Problem);

/// <summary>A GPU with the PCIe link it negotiated.</summary>
public sealed record LinkedGpu(GpuInstall Install, PcieLink Link);

/// <summary>
/// The rig's GPU-to-GPU paths: the bridges that work (and those that cannot), the GPUs with a link, every pair, and
/// the ring all-reduce over them in its best order (rig order where no order is faster).
/// </summary>
public sealed record GpuInterconnect(
    IReadOnlyList<NvlinkBridge> Bridges,
    IReadOnlyList<BridgeProblem> BridgeProblems,
    IReadOnlyList<LinkedGpu> Live,
    IReadOnlyList<GpuPair> Pairs,
    IReadOnlyList<GpuPair> Ring,
    GigabytesPerSecond UplinkBandwidth)
{
    /// <summary>Estimated ring all-reduce bus bandwidth over every linked GPU.</summary>
    public GigabytesPerSecond RingBusBandwidth => Interconnect.RingBusBandwidth(Ring);

    /// <summary>
    /// The ring all-reduce bus bandwidth among the first <paramref name="gpus"/> linked GPUs: the figure the training
    /// model uses for gradient communication when a job uses fewer GPUs than the rig has.
    /// </summary>
    public GigabytesPerSecond RingBusBandwidthOf(int gpus) =>
        gpus >= Live.Count ? RingBusBandwidth : Interconnect.RingBusBandwidth(RingOf(Live.Take(gpus).ToList()));

    /// <summary>Builds the paths from the rig and its PCIe topology.</summary>
    public static GpuInterconnect Build(RigModel rig, PcieTopology topology)
    {
        PlanMetrics.Built(PlanMetrics.Interconnect);
        var gpuLinks = topology.Gpus.ToList();
        var (bridges, problems) = ValidBridges(rig);
        var live = rig.Gpus.Select((g, i) => new LinkedGpu(g, gpuLinks[i])).Where(x => x.Link.HasLink).ToList();
        var partial = new GpuInterconnect(bridges, problems, live, [], [], topology.UplinkBandwidth);
        var pairs = new List<GpuPair>();
        for (var i = 0; i < live.Count; i++)
        {
            for (var j = i + 1; j < live.Count; j++)
                pairs.Add(partial.PairOf(live[i], live[j]));
        }

        return partial with { Pairs = pairs, Ring = partial.RingOf(live) };
    }

    private bool Bridged(int a, int b) => Bridges.Any(x => (x.First == a && x.Second == b) || (x.First == b && x.Second == a));

    private GpuPair PairOf(LinkedGpu a, LinkedGpu b) =>
        Interconnect.Pair(a.Link, b.Link, a.Install.Gpu, b.Install.Gpu, Bridged(a.Install.Index, b.Install.Index), UplinkBandwidth);

    /// <summary>Orders searched in full; above this many GPUs (7! = 5040 rings at 8) the ring keeps rig order.</summary>
    public const int BestOrderMaxGpus = 8;

    /// <summary>
    /// The ring in the order with the highest all-reduce bus bandwidth, as NCCL chooses its ring from the topology rather
    /// than from device numbering; ties keep the rig order (the first order found, starting from it). Up to
    /// <see cref="BestOrderMaxGpus"/> GPUs every order is considered (the first GPU fixed: a ring has no start).
    /// </summary>
    private List<GpuPair> RingOf(IReadOnlyList<LinkedGpu> live)
    {
        if (live.Count < 2)
            return [];
        if (live.Count == 2)
            return [PairOf(live[0], live[1])];
        var pairs = new GpuPair[live.Count, live.Count];
        for (var i = 0; i < live.Count; i++)
        {
            for (var j = i + 1; j < live.Count; j++)
                pairs[i, j] = pairs[j, i] = PairOf(live[i], live[j]);
        }

        var order = live.Count > BestOrderMaxGpus
            ? [.. Enumerable.Range(0, live.Count)]
            : BestRingOrder(live.Count, (i, j) => (pairs[i, j].Bandwidth.Value, pairs[i, j].Path is GpuPath.HostMemory or GpuPath.Chipset), out _);
        var ring = new List<GpuPair>(order.Length);
        for (var k = 0; k < order.Length; k++)
            ring.Add(pairs[order[k], order[(k + 1) % order.Length]]);
        return ring;
    }

    /// <summary>
    /// The order of <paramref name="count"/> GPUs (the first fixed) whose ring scores highest by
    /// <see cref="Interconnect.RingBusBandwidth"/>: its slowest hop, halved when a hop is staged through host memory.
    /// The orders are searched depth first in the order a full enumeration would list them, keeping the first of equal
    /// rings, but a partial ring is abandoned once its slowest hop so far (halved if staged) cannot beat the best ring
    /// found: rings only get slower as hops are added. On a rig whose links are alike that leaves a few orders per
    /// GPU, not (n − 1)!; <paramref name="visited"/> counts the partial rings looked at.
    /// </summary>
    internal static int[] BestRingOrder(int count, Func<int, int, (double Bandwidth, bool Staged)> hop, out int visited)
    {
        var order = new int[count];
        var used = new bool[count];
        used[0] = true;
        var best = Enumerable.Range(0, count).ToArray();
        var identity = new List<(double Bandwidth, bool Staged)>(count);
        for (var k = 0; k < count; k++)
            identity.Add(hop(k, (k + 1) % count));
        var bestScore = Interconnect.RingScore(identity.Min(h => h.Bandwidth), identity.Any(h => h.Staged));
        var seen = 0;
        Extend(1, double.PositiveInfinity, staged: false);
        visited = seen;
        return best;

        void Extend(int depth, double slowest, bool staged)
        {
            seen++;
            if (Interconnect.RingScore(slowest, staged) <= bestScore + 1e-12)
                return;
            if (depth == count)
            {
                var (bandwidth, closing) = hop(order[count - 1], order[0]);
                var score = Interconnect.RingScore(Math.Min(slowest, bandwidth), staged || closing);
                if (score > bestScore + 1e-12)
                    (best, bestScore) = ((int[])order.Clone(), score);
                return;
            }

            for (var next = 1; next < count; next++)
            {
                if (used[next])
                    continue;
                var (bandwidth, isStaged) = hop(order[depth - 1], next);
                (order[depth], used[next]) = (next, true);
                Extend(depth + 1, Math.Min(slowest, bandwidth), staged || isStaged);
                used[next] = false;
            }
        }
    }

    private static (List<NvlinkBridge> Valid, List<BridgeProblem> Problems) ValidBridges(RigModel rig)
    {
        var valid = new List<NvlinkBridge>();
        var problems = new List<BridgeProblem>();
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
                problems.Add(new BridgeProblem(bridge, a, b, problem));
                continue;
            }

            used[a.Index] = bridge;
            used[b.Index] = bridge;
            valid.Add(bridge);
        }

        return (valid, problems);
    }
}
