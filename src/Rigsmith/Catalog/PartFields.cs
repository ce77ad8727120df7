using System.Globalization;
using Rigsmith.Input;
using Rigsmith.Standards;
using Rigsmith.Units;

namespace Rigsmith.Catalog;

/// <summary>One value of a part as shown to people: its YAML key, its value, and where it came from.</summary>
public sealed record PartField(string Key, string Value, Provenance? Provenance);

/// <summary>
/// Lists a part's values under the keys the catalog files use, for <c>rigsmith part</c>, exports and the convention
/// test that every value a rule reads is present and sourced.
/// </summary>
public static class PartFields
{
    public static IReadOnlyList<PartField> Describe(Part part)
    {
        var values = part switch
        {
            Cpu c => Cpu(c),
            Motherboard b => Board(b),
            MemoryModule m => Memory(m),
            Gpu g => Gpu(g),
            Storage s => Storage(s),
            Psu p => Psu(p),
            Chassis c => Chassis(c),
            Adapter a => Adapter(a),
            _ => throw new ArgumentOutOfRangeException(nameof(part)),
        };
        return values.Select(v => new PartField(v.Key, v.Value ?? "unknown", part.Provenance.Of(v.Key))).ToList();
    }

    private static string E<T>(T value)
        where T : struct, Enum => MapReader.EnumName(value);

    private static string Es<T>(IEnumerable<T> values)
        where T : struct, Enum => string.Join(", ", values.Select(E));

    private static IEnumerable<(string Key, string? Value)> Cpu(Cpu c) =>
    [
        ("socket", c.Socket), ("family", c.Family), ("cores", c.Cores.ToString()), ("tdp", c.Tdp.ToString()),
        ("load_power", c.LoadPower?.ToString()), ("pcie_lanes", c.PcieLanes.ToString()), ("pcie_gen", c.PcieGen.ToString()),
        ("memory.type", string.Join(", ", new[] { c.Memory.Type }.Concat(c.Memory.OtherTypes).Select(E))), ("memory.channels", c.Memory.Channels.ToString()), ("memory.max_speed", c.Memory.MaxSpeed.ToString()),
        ("memory.max_capacity", c.Memory.MaxCapacity.ToString()), ("memory.module_kinds", Es(c.Memory.ModuleKinds)), ("memory.ecc", c.Memory.Ecc ? "yes" : "no"),
    ];

    private static IEnumerable<(string Key, string? Value)> Board(Motherboard b)
    {
        var fields = new List<(string, string?)>
        {
            ("socket", b.Socket), ("chipset", b.Chipset), ("form_factor", E(b.FormFactor)), ("cpu_families", string.Join(", ", b.CpuFamilies)),
            ("memory.type", E(b.MemoryType)), ("memory.slots", b.DimmSlots.ToString()), ("memory.max_capacity", b.MaxMemory.ToString()),
            ("memory.max_speed", b.MaxMemorySpeed.ToString()), ("memory.module_kinds", Es(b.ModuleKinds)),
        };
        foreach (var s in b.Slots)
        {
            var wiring = string.Join(", ", s.WidthByCpuLanes.OrderByDescending(kv => kv.Key)
                .Select(kv => kv.Key == 0 ? $"x{kv.Value}" : $"x{kv.Value} with {kv.Key} lanes"));
            fields.Add(($"slots.{s.Id}", $"position {s.Position}, x{s.MechanicalWidth} mechanical, gen {s.Gen}, from {E(s.Source)}: {wiring}"));
        }

        foreach (var p in b.Ports)
        {
            var wiring = string.Join(", ", p.LanesByCpuLanes.OrderByDescending(kv => kv.Key)
                .Select(kv => kv.Key == 0 ? $"x{kv.Value}" : $"x{kv.Value} with {kv.Key} lanes"));
            var shares = p.SharesWith.Count > 0 ? $"; shares lanes with {string.Join(", ", p.SharesWith)}" : "";
            fields.Add(($"ports.{p.Id}", $"{E(p.Kind)} ({Es(p.Interfaces)}), gen {p.Gen}, from {E(p.Source)}: {wiring}{shares}"));
        }

        fields.Add(("sata_ports", b.SataPorts.ToString()));
        fields.Add(("power.eps8", b.Power.Eps8.ToString()));
        fields.Add(("power.slot_power", b.Power.SlotPower.Count == 0 ? "none" : Es(b.Power.SlotPower)));
        fields.Add(("chipset_uplink", $"x{b.ChipsetUplinkLanes} gen {b.ChipsetUplinkGen}"));
        return fields;
    }

    private static IEnumerable<(string Key, string? Value)> Memory(MemoryModule m) =>
    [
        ("type", E(m.Type)), ("kind", E(m.Kind)), ("capacity", m.Capacity.ToString()), ("speed", m.Speed.ToString()),
        ("cas_latency", m.CasLatency.ToString()), ("ranks", m.Ranks.ToString()), ("die_density_gbit", m.DieDensityGbit?.ToString()),
        ("stacked_die", m.StackedDie ? "yes" : "no"), ("voltage", m.Voltage.ToString()), ("ecc", m.Ecc ? "yes" : "no"), ("kit_size", m.KitSize.ToString()),
    ];

    private static IEnumerable<(string Key, string? Value)> Gpu(Gpu g) =>
    [
        ("chip", g.Chip), ("board_power", g.BoardPower.ToString()), ("power_limit", $"{g.PowerLimitMin}–{g.PowerLimitMax}"),
        ("power_connectors", g.PowerConnectors.Count == 0 ? "none" : Es(g.PowerConnectors)), ("slot_power", g.SlotPower.ToString()), ("thickness", g.Thickness.ToString()),
        ("length", g.Length.ToString()), ("height", g.Height.ToString()), ("cooler", E(g.Cooler)), ("vram", g.Vram.ToString()),
        ("memory_bandwidth", g.MemoryBandwidth.ToString()), ("tensor_bf16", g.TensorBf16?.ToString() ?? "none"),
        ("tensor_fp16", g.TensorFp16.ToString()), ("pcie", $"gen {g.PcieGen} x{g.PcieWidth}"),
        ("nvlink_bandwidth", g.NvlinkBandwidth?.ToString() ?? "none"), ("peer_to_peer", g.PeerToPeer ? "yes" : "no"),
    ];

    private static IEnumerable<(string Key, string? Value)> Storage(Storage s) =>
    [
        ("interface", E(s.Interface)), ("form", E(s.Form)), ("pcie", s.PcieGen is null ? null : $"gen {s.PcieGen} x{s.PcieLanes}"),
        ("capacity", s.Capacity.ToString()), ("active_power", s.ActivePower.ToString()), ("idle_power", s.IdlePower.ToString()),
        ("sequential_read", s.SequentialRead.ToString()),
    ];

    private static IEnumerable<(string Key, string? Value)> Psu(Psu p) =>
    [
        ("wattage", p.Wattage.ToString()), ("wattage_low_line", p.WattageLowLine?.ToString() ?? "same"),
        ("input_voltage", $"{p.InputMin}–{p.InputMax}"), ("efficiency", E(p.Efficiency)), ("atx_version", p.AtxVersion ?? "none"),
        ("cables", string.Join(", ", p.Cables.Select(c => $"{c.Cables}× {E(c.Connector)}" + (c.PerCable > 1 ? $" ({c.PerCable} per cable)" : "")))),
    ];

    // The volume is optional (only the optimizer's chassis_size reads it): listed when known.
    private static IEnumerable<(string Key, string? Value)> Chassis(Chassis c) =>
    [
        ("kind", E(c.Kind)), ("form_factors", Es(c.FormFactors)), ("expansion_slots", c.ExpansionSlots.ToString()),
        ("max_gpu_length", c.MaxGpuLength.ToString()), ("gpu_capacity", c.GpuCapacity.ToString()),
        .. c.Volume is { } v ? [("volume", string.Create(CultureInfo.InvariantCulture, $"{v:0.#} L"))] : Array.Empty<(string, string?)>(),
    ];

    private static IEnumerable<(string Key, string? Value)> Adapter(Adapter a) =>
    [
        ("kind", E(a.Kind)), ("lanes", a.Lanes.ToString()), ("rated_gen", a.RatedGen.ToString()),
        ("cable_length", a.CableLength?.ToString()),
    ];
}
