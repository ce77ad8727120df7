using Rigsmith.Catalog;
using Rigsmith.Optimizer.Spec;
using Rigsmith.Planning.Pcie;
using Rigsmith.Planning.Physical;
using Rigsmith.Rigs;
using Rigsmith.Training;
using Rigsmith.Units;

namespace Rigsmith.Optimizer.Candidates;

/// <summary>
/// What a platform gives a number of GPUs: the ring all-reduce bus bandwidth among them and the slowest GPU's host link,
/// as the check's plan works them out for the cards in the placement's slots; and the most host memory bandwidth the
/// platform's channels reach at the CPU's rated speed.
/// </summary>
public sealed record LinkLevel(double RingGBps, double HostLinkGBps, double HostMemoryGBps);

/// <summary>
/// The training model's throughput for each GPU choice on each link level, worked out once per distinct case. The
/// levels come from the same PCIe topology and interconnect code the check runs, on a rig of the platform and the
/// placed cards; memory bandwidth is taken at the platform's best, so the figure bounds what any memory gives.
/// </summary>
public sealed class ThroughputTable(OptimizeSpec spec)
{
    private readonly Dictionary<(string, string, int), LinkLevel?> _levels = [];
    private readonly Dictionary<(string, int, double, LinkLevel), double> _throughput = [];

    // Per platform and per card (by reference: records compare by value, which is slow for these), what was worked out.
    private readonly Dictionary<Platform, Dictionary<(string, int), LinkLevel?>> _byPlatform = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Gpu, string> _linkKeys = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Gpu, string> _performanceKeys = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(Platform, int, int), string> _signatures = new(new PlatformKeyComparer());

    /// <summary>The link level of <paramref name="n"/> of <paramref name="gpu"/> on the platform, or null when its slots cannot hold them.</summary>
    /// <remarks>
    /// Worked out once per distinct set of slots the cards take (their generation, wiring and lane source, the chipset's
    /// uplink, the CPU's memory reach): boards of one platform family share them, so the topology is built a few hundred
    /// times rather than once per platform.
    /// </remarks>
    public LinkLevel? Level(Platform platform, Gpu gpu, int n)
    {
        if (!_byPlatform.TryGetValue(platform, out var mine))
            _byPlatform[platform] = mine = [];
        if (!_linkKeys.TryGetValue(gpu, out var link))
            _linkKeys[gpu] = link = LinkKey(gpu);
        if (mine.TryGetValue((link, n), out var level))
            return level;
        var thickness = SlotGeometry.WholeSlots(gpu.Thickness);
        if (!_signatures.TryGetValue((platform, thickness, n), out var signature))
            _signatures[(platform, thickness, n)] = signature = Signature(platform, thickness, n);
        var key = (signature, link, n);
        if (!_levels.TryGetValue(key, out level))
            _levels[key] = level = Compute(platform, gpu, n);
        return mine[(link, n)] = level;
    }

    /// <summary>What the links of the first <paramref name="n"/> placed cards depend on.</summary>
    private static string Signature(Platform platform, int thickness, int n)
    {
        var board = platform.Board.Part;
        var cpu = platform.Cpu.Part;
        var slots = platform.SlotsFor(thickness).Take(n);
        return string.Join(';', slots.Select(s => $"{s.Gen},{s.WidthFor(cpu.PcieLanes)},{s.Source},{s.Socket}"))
            + $"|{board.ChipsetUplinkGen}x{board.ChipsetUplinkLanes}|{cpu.Memory.Channels * Math.Max(1, platform.CpuCount)}x{cpu.Memory.MaxSpeed.Value}|{platform.CpuCount}";
    }

    /// <summary>The spec's score (samples per second, effective over several jobs) of the choice at the level.</summary>
    public double SamplesPerSecond(GpuChoice choice, LinkLevel level)
    {
        var performance = Performance(choice.Gpu.Part) + (choice.Alongside is { } a ? $"+{a.Count}x{Performance(a.Gpu.Part)}@{a.Limit.Value}" : "");
        var key = (performance, choice.Count, choice.Limit.Value, level);
        if (_throughput.TryGetValue(key, out var known))
            return known;
        var targets = choice.Cards
            .Select((c, i) => new GpuTarget($"GPU{i}", c.Part.Vram, c.Part.TensorBf16, c.Part.TensorFp16, c.Limit, c.Part.BoardPower, false,
                GigabytesPerSecond.From(level.HostLinkGBps), c.Part.MemoryBandwidth))
            .ToList();
        var rig = new RigContext(targets, GigabytesPerSecond.From(level.RingGBps), Watts.From(0), GigabytesPerSecond.From(level.HostMemoryGBps));
        return _throughput[key] = spec.Score(spec.Jobs.Select(j => TrainingEstimator.Estimate(j.Job.Settings with { Gpus = choice.Count }, j.Job.Model, rig).SamplesPerSecond).ToList());
    }

    private string Performance(Gpu g)
    {
        if (!_performanceKeys.TryGetValue(g, out var performance))
            _performanceKeys[g] = performance = CandidateBuilder.PerformanceKey(g);
        return performance;
    }

    /// <summary>A platform by reference, with a thickness and a count.</summary>
    private sealed class PlatformKeyComparer : IEqualityComparer<(Platform, int, int)>
    {
        public bool Equals((Platform, int, int) x, (Platform, int, int) y) => ReferenceEquals(x.Item1, y.Item1) && x.Item2 == y.Item2 && x.Item3 == y.Item3;

        public int GetHashCode((Platform, int, int) k) => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(k.Item1), k.Item2, k.Item3);
    }

    /// <summary>What of a card decides its links: its PCIe generation and width, peer-to-peer, and its thickness (its slots).</summary>
    public static string LinkKey(Gpu g) => $"{g.PcieGen}|{g.PcieWidth}|{g.PeerToPeer}|{SlotGeometry.WholeSlots(g.Thickness)}";

    private LinkLevel? Compute(Platform platform, Gpu gpu, int n)
    {
        var thickness = SlotGeometry.WholeSlots(gpu.Thickness);
        var slots = platform.SlotsFor(thickness);
        if (slots.Count < n)
            return null;
        var rig = new RigModel
        {
            Name = "link level",
            File = "",
            Site = spec.Site,
            Cpu = platform.Cpu.Part,
            CpuCount = platform.CpuCount,
            Board = platform.Board.Part,
            Memory = [],
            Gpus = slots.Take(n).Select((s, i) => new GpuInstall(i + 1, gpu, s, gpu.BoardPower, null, null)).ToList(),
            Storage = [],
            Psus = [],
        };
        var interconnect = GpuInterconnect.Build(rig, PcieTopology.Build(rig));
        var live = interconnect.Live;
        if (live.Count < n)
            return null;
        var hostLink = live.Min(l => l.Link.Bandwidth.Value);
        var cpu = platform.Cpu.Part.Memory;
        // As the check's plan counts it (every channel populated, modules no faster than the CPU's rating): its most.
        var memory = cpu.Channels * Math.Max(1, platform.CpuCount) * cpu.MaxSpeed.Value * 8 / 1000.0;
        return new LinkLevel(interconnect.RingBusBandwidthOf(n).Value, hostLink, memory);
    }
}
