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
        foreach (var group in platforms.GroupBy(p => Categorical(p, drives)))
        {
            var frontier = new List<Profile>();
            foreach (var p in group.OrderBy(p => p.Cents))
            {
                var profile = new Profile(p, thicknesses, maxGpus);
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

    private sealed class Profile
    {
        private readonly int[] _counts;
        private readonly (int Last, int Gen, int Width, bool Cpu)[][] _slots;

        public Profile(Platform p, IReadOnlyCollection<int> thicknesses, int maxGpus)
        {
            Platform = p;
            var cpu = p.Cpu.Part;
            var board = p.Board.Part;
            _counts = new int[thicknesses.Count];
            _slots = new (int, int, int, bool)[thicknesses.Count][];
            var i = 0;
            foreach (var t in thicknesses)
            {
                var placed = p.SlotsFor(t).Take(maxGpus).ToList();
                _counts[i] = placed.Count;
                _slots[i] = placed.Select((s, n) => (GpuPlacement.LastPosition(placed, n + 1, t), s.Gen, s.WidthFor(cpu.PcieLanes), s.Source == LaneSource.Cpu)).ToArray();
                i++;
            }

            Power = p.CpuPower.Value;
            Dimms = board.DimmSlots;
            MemoryLimit = Math.Min(cpu.Memory.MaxCapacity.Value * p.CpuCount, board.MaxMemory.Value);
            MemoryBandwidth = cpu.Memory.Channels * Math.Max(1, p.CpuCount) * cpu.Memory.MaxSpeed.Value;
            Uplink = Standards.PcieMath.Bandwidth(board.ChipsetUplinkGen, board.ChipsetUplinkLanes).Value;
        }

        public Platform Platform { get; }

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
