using Rigsmith.Catalog;

namespace Rigsmith.Optimizer.Candidates;

/// <summary>
/// Drops the platforms another one dominates: one that costs no more, takes the same chassis forms, memory and drives,
/// draws no more power, and gives the GPUs at least as much: for every card thickness, at least as many cards, each no
/// lower on the board, each slot of at least the generation and width and on the CPU where the other's is, and the
/// chipset's uplink no slower. With the full catalog priced, the CPUs on the boards that take them are some 20,000
/// platforms; most are dominated.
/// </summary>
public static class PlatformDominance
{
    /// <param name="thicknesses">The card thicknesses (whole slots) of the GPU choices.</param>
    /// <param name="maxGpus">The most cards a build has.</param>
    public static List<Platform> Prune(IReadOnlyList<Platform> platforms, IReadOnlyCollection<int> thicknesses, int maxGpus,
        Func<Platform, bool> owned, Func<Platform, string> drives)
    {
        var kept = new List<Platform>();
        // The slots' part of a profile depends on the board, the CPU's lanes and the CPU count alone: made once for each.
        var layouts = new Dictionary<(Motherboard, int, int), (int[], (int, int, int, bool)[][])>(new LayoutComparer());
        foreach (var group in platforms.GroupBy(p => Categorical(p, drives)))
        {
            var frontier = new List<Profile>();
            foreach (var p in group.OrderBy(p => p.Cents))
            {
                var key = (p.Board.Part, p.Cpu.Part.PcieLanes, p.CpuCount);
                if (!layouts.TryGetValue(key, out var layout))
                    layouts[key] = layout = Profile.Slots(p, thicknesses, maxGpus);
                var profile = new Profile(p, layout);
                if (owned(p) || !frontier.Any(f => !owned(f.Platform) && f.Dominates(profile)))
                    frontier.Add(profile);
            }

            kept.AddRange(frontier.Select(f => f.Platform));
        }

        return kept;
    }

    /// <summary>What must be equal: the chassis form, memory support, the drive ports, CPU sockets.</summary>
    private static string Categorical(Platform p, Func<Platform, string> drives)
    {
        var (cpu, board) = (p.Cpu.Part, p.Board.Part);
        return string.Join('|', board.FormFactor, board.MemoryType, string.Join(',', board.ModuleKinds), cpu.Memory.Type, string.Join(',', cpu.Memory.OtherTypes),
            string.Join(',', cpu.Memory.ModuleKinds), cpu.Memory.Ecc, p.CpuCount, drives(p));
    }

    /// <summary>A board by reference, with a lane count and a CPU count.</summary>
    private sealed class LayoutComparer : IEqualityComparer<(Motherboard, int, int)>
    {
        public bool Equals((Motherboard, int, int) x, (Motherboard, int, int) y) => ReferenceEquals(x.Item1, y.Item1) && x.Item2 == y.Item2 && x.Item3 == y.Item3;

        public int GetHashCode((Motherboard, int, int) k) => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(k.Item1), k.Item2, k.Item3);
    }

    private sealed class Profile
    {
        private readonly int[] _counts;
        private readonly (int Last, int Gen, int Width, bool Cpu)[][] _slots;

        public Profile(Platform p, (int[] Counts, (int Last, int Gen, int Width, bool Cpu)[][] Slots) layout)
        {
            Platform = p;
            var cpu = p.Cpu.Part;
            var board = p.Board.Part;
            (_counts, _slots) = layout;
            Power = p.CpuPower.Value;
            Dimms = board.DimmSlots;
            MemoryLimit = Math.Min(cpu.Memory.MaxCapacity.Value * p.CpuCount, board.MaxMemory.Value);
            MemoryBandwidth = cpu.Memory.Channels * Math.Max(1, p.CpuCount) * cpu.Memory.MaxSpeed.Value;
            Uplink = Standards.PcieMath.Bandwidth(board.ChipsetUplinkGen, board.ChipsetUplinkLanes).Value;
        }

        public Platform Platform { get; }

        /// <summary>For each thickness, how many cards the platform places and, for each, its last position and its slot's link.</summary>
        public static (int[], (int, int, int, bool)[][]) Slots(Platform p, IReadOnlyCollection<int> thicknesses, int maxGpus)
        {
            var counts = new int[thicknesses.Count];
            var slots = new (int, int, int, bool)[thicknesses.Count][];
            var i = 0;
            foreach (var t in thicknesses)
            {
                var placed = p.SlotsFor(t).Take(maxGpus).ToList();
                counts[i] = placed.Count;
                slots[i] = placed.Select((s, n) => (GpuPlacement.LastPosition(placed, n + 1, t), s.Gen, s.WidthFor(p.Cpu.Part.PcieLanes), s.Source == LaneSource.Cpu)).ToArray();
                i++;
            }

            return (counts, slots);
        }

        private double Power { get; }
        private int Dimms { get; }
        private double MemoryLimit { get; }
        private double MemoryBandwidth { get; }
        private double Uplink { get; }

        /// <summary>At least as good for every GPU choice and every constraint the model reads; the cost is compared by the caller's order.</summary>
        public bool Dominates(Profile other)
        {
            if (Power > other.Power || Dimms < other.Dimms || MemoryLimit < other.MemoryLimit || MemoryBandwidth < other.MemoryBandwidth || Uplink < other.Uplink)
                return false;
            for (var t = 0; t < _counts.Length; t++)
            {
                if (_counts[t] < other._counts[t])
                    return false;
                for (var n = 0; n < other._counts[t]; n++)
                {
                    var (a, b) = (_slots[t][n], other._slots[t][n]);
                    if (a.Last > b.Last || a.Gen < b.Gen || a.Width < b.Width || (!a.Cpu && b.Cpu))
                        return false;
                }
            }

            return true;
        }
    }
}
