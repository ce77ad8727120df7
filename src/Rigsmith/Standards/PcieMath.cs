using Rigsmith.Units;

namespace Rigsmith.Standards;

/// <summary>Per-lane PCIe rates and link negotiation, as pure functions.</summary>
public static class PcieMath
{
    /// <summary>
    /// Usable bandwidth of one lane in one direction, after line encoding, in GB/s.
    /// Gen1 2.5 GT/s and Gen2 5 GT/s with 8b/10b; Gen3 8, Gen4 16 and Gen5 32 GT/s with 128b/130b
    /// (0.985, 1.969, 3.938 GB/s); Gen6 64 GT/s PAM4 with FLIT encoding (242/256), about 7.56 GB/s.
    /// Sources: https://en.wikipedia.org/wiki/PCI_Express (table "PCI Express link performance");
    /// https://intel.com/content/www/us/en/docs/programmable/683111/23-4/avalon-st-interface-with-optional-sr.html (Gen3 x16 = 126 Gbit/s per direction).
    /// </summary>
    public static GigabytesPerSecond PerLane(int gen) => gen switch
    {
        <= 0 => GigabytesPerSecond.From(0),
        1 => GigabytesPerSecond.From(2.5 * 8 / 10 / 8),
        2 => GigabytesPerSecond.From(5.0 * 8 / 10 / 8),
        3 => GigabytesPerSecond.From(8.0 * 128 / 130 / 8),
        4 => GigabytesPerSecond.From(16.0 * 128 / 130 / 8),
        5 => GigabytesPerSecond.From(32.0 * 128 / 130 / 8),
        _ => GigabytesPerSecond.From(64.0 * 242 / 256 / 8),
    };

    /// <summary>One direction of a link of <paramref name="width"/> lanes at <paramref name="gen"/>; zero when the link is down.</summary>
    public static GigabytesPerSecond Bandwidth(int gen, int width) => width <= 0 ? GigabytesPerSecond.From(0) : PerLane(gen) * width;

    /// <summary>The largest width a PCIe link trains to with <paramref name="lanes"/> lanes wired: x16, x8, x4, x2 or x1 (PCIe links use these widths).</summary>
    public static int StandardWidth(int lanes) => lanes switch
    {
        >= 16 => 16,
        >= 8 => 8,
        >= 4 => 4,
        >= 2 => 2,
        >= 1 => 1,
        _ => 0,
    };

    /// <summary>
    /// The link a device and its host agree on: the lowest generation any part of the path supports (device, slot
    /// or port, riser or adapter) and the narrowest width (device, wired lanes, adapter lanes).
    /// </summary>
    public static (int Gen, int Width) Negotiate(int deviceGen, int deviceWidth, int hostGen, int wiredWidth, int? pathGen = null, int? pathLanes = null)
    {
        var width = StandardWidth(Math.Min(Math.Min(deviceWidth, wiredWidth), pathLanes ?? int.MaxValue));
        if (width == 0)
            return (0, 0);
        var gen = Math.Min(Math.Min(deviceGen, hostGen), pathGen ?? int.MaxValue);
        return (gen, width);
    }
}
