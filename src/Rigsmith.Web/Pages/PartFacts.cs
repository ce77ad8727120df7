using System.Globalization;
using Rigsmith.Catalog;
using Rigsmith.Input;

namespace Rigsmith.Web.Pages;

/// <summary>The few values a person picks a part by, on one line of the picker (the part page has the rest, cited).</summary>
public static class PartFacts
{
    /// <summary>The values, then the newest observed price where the catalog or price book has one.</summary>
    public static string Summary(Part part) =>
        Publishing.PartList.NewestPrice(part) is { } price ? Values(part) + "; " + Publishing.MoneyText.Describe(price) : Values(part);

    private static string Values(Part part) => part switch
    {
        Cpu c => $"{c.Socket}, {N(c.Cores)} cores, {N(c.PcieLanes)} PCIe {N(c.PcieGen)}.0 lanes, {c.Tdp}",
        Motherboard b => $"{b.Socket}, {b.Chipset}, {MapReader.EnumName(b.FormFactor)}, {MapReader.EnumName(b.MemoryType)}, {N(b.Slots.Count(s => s.MechanicalWidth >= 16))} x16-length slots",
        MemoryModule m => $"{MapReader.EnumName(m.Type)} {MapReader.EnumName(m.Kind)}, {N(m.KitSize)} × {m.Capacity}, {m.Speed}",
        Gpu g => $"{g.Vram}, {g.BoardPower}, {g.Thickness.Value.ToString("0.#", CultureInfo.InvariantCulture)} slots, {g.Length}, {MapReader.EnumName(g.Cooler)}",
        Catalog.Storage s => $"{MapReader.EnumName(s.Interface)} {MapReader.EnumName(s.Form)}, {s.Capacity}",
        Psu p => $"{p.Wattage}, {MapReader.EnumName(p.Efficiency)}, {N(p.Plugs(Standards.PowerConnector.Pcie8))} 8-pin PCIe plugs",
        Chassis c => $"{MapReader.EnumName(c.Kind)}, {N(c.ExpansionSlots)} slot openings, GPUs up to {c.MaxGpuLength}, holds {N(c.GpuCapacity)} GPUs",
        _ => MapReader.EnumName(part.Category),
    };

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
