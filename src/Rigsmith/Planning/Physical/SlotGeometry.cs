using System.Globalization;
using Rigsmith.Catalog;
using Rigsmith.Rigs;
using Rigsmith.Units;

namespace Rigsmith.Planning.Physical;

/// <summary>Where a card sits: the slot positions it covers and the room to the next card.</summary>
/// <param name="First">The slot position of its connector.</param>
/// <param name="Last">The last position its cooler reaches: <c>First + ceil(thickness) - 1</c>.</param>
/// <param name="Gap">Free space between its cooler and the next card, in slots (negative: they collide); infinite when nothing sits below it.</param>
public sealed record CardPlacement(GpuInstall Install, int First, int Last, Slots Gap, GpuInstall? Next)
{
    /// <summary>Whether anything sits below the card (a finite gap).</summary>
    public bool HasNeighbour => !Gap.IsUnbounded;
}

/// <summary>
/// Where everything sits on the board: the cards in their slots with the gaps between them, the slot positions that hold
/// something, the riser plugs, and how many positions the board spans.
/// </summary>
public sealed record PhysicalLayout(IReadOnlyList<CardPlacement> Placements, IReadOnlyList<(int Position, string Slot, object? Who)> Occupied,
    IReadOnlyList<(int Position, string Slot, object? Who)> RiserPlugs, int BoardPositions)
{
    public static PhysicalLayout Build(RigModel rig)
    {
        PlanMetrics.Built(PlanMetrics.Layout);
        return new(SlotGeometry.Place(rig), SlotGeometry.OccupiedPositions(rig), SlotGeometry.RiserPlugs(rig), SlotGeometry.BoardPositions(rig.Board.FormFactor));
    }
}

/// <summary>Pure functions for slot geometry.</summary>
public static class SlotGeometry
{
    /// <summary>
    /// Expansion-slot positions a board of each form factor spans: ATX and its larger relatives 7, microATX 4,
    /// Mini-ITX 1, XL-ATX 8. Source: ATX specification 2.2, section 3 (7 expansion slots),
    /// https://en.wikipedia.org/wiki/ATX ; https://en.wikipedia.org/wiki/MicroATX ; https://en.wikipedia.org/wiki/Mini-ITX ;
    /// https://en.wikipedia.org/wiki/XL-ATX.
    /// </summary>
    public static int BoardPositions(FormFactor form) => form switch
    {
        FormFactor.MiniItx => 1,
        FormFactor.MicroAtx => 4,
        FormFactor.Xlatx => 8,
        _ => 7,
    };

    /// <summary>The whole slot positions a card of <paramref name="thickness"/> covers (a 2.5-slot card covers 3).</summary>
    public static int WholeSlots(Slots thickness) => (int)Math.Ceiling(thickness.Value - 1e-9);

    /// <summary>The last slot position a card of <paramref name="thickness"/> slots reaches from <paramref name="position"/>.</summary>
    public static int LastPosition(int position, Slots thickness) => position + WholeSlots(thickness) - 1;

    /// <summary>
    /// Places the GPUs that sit in their slots (not on risers) in slot order. A card's cooler faces the higher positions
    /// (toward the PSU in a tower), so its gap is to the next populated position: <c>next - position - thickness</c>.
    /// </summary>
    public static IReadOnlyList<CardPlacement> Place(RigModel rig)
    {
        // A stable sort by position (ties keep the rig's order) and a search for the nearest position above, as
        // OrderBy(...) and OrderBy(...).FirstOrDefault() did, without LINQ's sorting machinery on a cold start.
        var inSlots = new List<(GpuInstall Gpu, int Order)>();
        foreach (var g in rig.Gpus)
        {
            if (g.Riser is null)
                inSlots.Add((g, inSlots.Count));
        }

        inSlots.Sort(static (a, b) => a.Gpu.Slot.Position != b.Gpu.Slot.Position ? a.Gpu.Slot.Position.CompareTo(b.Gpu.Slot.Position) : a.Order.CompareTo(b.Order));
        var occupied = OccupiedPositions(rig);
        var placements = new List<CardPlacement>();
        foreach (var (g, _) in inSlots)
        {
            var next = default((int Position, string Slot, object? Who));
            var found = false;
            foreach (var o in occupied)
            {
                if (o.Position > g.Slot.Position && (!found || o.Position < next.Position))
                    (next, found) = (o, true);
            }

            var nextGpu = next.Who as GpuInstall;
            var gap = next.Who is null ? Slots.Unbounded : Slots.From(next.Position - g.Slot.Position - g.Gpu.Thickness.Value);
            placements.Add(new CardPlacement(g, g.Slot.Position, LastPosition(g.Slot.Position, g.Gpu.Thickness), gap, nextGpu));
        }

        return placements;
    }

    /// <summary>Slot positions that hold a card on the board: GPUs in their slots and drives or adapters in slots.</summary>
    public static IReadOnlyList<(int Position, string Slot, object? Who)> OccupiedPositions(RigModel rig) =>
        rig.Gpus.Where(g => g.Riser is null).Select(g => (g.Slot.Position, g.Slot.Id, (object?)g))
            .Concat(rig.Storage.Select(s => s.Attachment is DriveAttachment.Slot slot ? (slot.BoardSlot.Position, slot.BoardSlot.Id, (object?)s) : default)
                .Where(x => x.Item3 is not null))
            .ToList();

    /// <summary>Slots a riser's plug sits in: no card there, but a cooler over it blocks the plug.</summary>
    public static IReadOnlyList<(int Position, string Slot, object? Who)> RiserPlugs(RigModel rig) =>
        rig.Gpus.Where(g => g.Riser is not null).Select(g => (g.Slot.Position, g.Slot.Id, (object?)g.Riser)).ToList();
}
