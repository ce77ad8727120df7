using Rigsmith.Catalog;
using Rigsmith.Planning.Physical;
using Rigsmith.Units;

namespace Rigsmith.Optimizer.Candidates;

/// <summary>
/// Where GPUs go on a board without risers: in x16-length slots that this CPU wires, each card clear of the one above
/// (a card of t slots at position p covers p to p + t - 1, as the physical check counts it).
/// </summary>
public static class GpuPlacement
{
    /// <summary>
    /// The slots, top first, that the most cards of <paramref name="thickness"/> slots can take: each next card in the
    /// first live slot below the cooler of the one before. Taking the earliest slot each time places the most cards
    /// (cards of one thickness are intervals of one length; the earliest-ending choice is optimal), and the first n of
    /// the list reach no lower than any other placement of n, which is what the chassis's openings are checked against.
    /// </summary>
    public static IReadOnlyList<ExpansionSlot> Place(Motherboard board, int cpuLanes, int cpuCount, int thickness)
    {
        var live = board.Slots
            .Where(s => s.Socket <= cpuCount && s.MechanicalWidth >= 16 && s.WidthFor(cpuLanes) > 0)
            .OrderBy(s => s.Position)
            .ToList();
        var placed = new List<ExpansionSlot>();
        var free = int.MinValue;
        foreach (var s in live)
        {
            if (s.Position < free)
                continue;
            placed.Add(s);
            free = SlotGeometry.LastPosition(s.Position, Slots.From(thickness)) + 1;
        }

        return placed;
    }

    /// <summary>The last slot position the <paramref name="n"/>th card of the placement covers: what the chassis needs openings for.</summary>
    public static int LastPosition(IReadOnlyList<ExpansionSlot> placement, int n, int thickness) =>
        SlotGeometry.LastPosition(placement[n - 1].Position, Slots.From(thickness));
}
