using Rigsmith.Units;

namespace Rigsmith.Planning.Electrical;

/// <summary>
/// Every number the electrical model rests on, each with its source URL or marked "Assumption:" with the reason.
/// docs/models/electrical.md lists them again with what the model leaves out.
/// </summary>
public static class ElectricalConstants
{
    // ---- Rails (the ATX limits themselves are in Standards/Atx.cs) ---------------------------------------------------

    /// <summary>
    /// Assumption: the PSU holds its +12 V output at the nominal 12.0 V under load (ATX only promises 11.40-12.60 V at
    /// the PSU). A PSU that sags under load adds to the drop the model predicts.
    /// </summary>
    public static readonly Volts PsuOutput = Volts.From(12.0);


    // ---- Consumers ------------------------------------------------------------------------------------------------

    /// <summary>Assumption: board logic, chipset (X299 PCH is a few watts), BMC, NICs, USB and VRM losses together; no per-board figure is in the catalog.</summary>
    public static readonly Watts BoardPower = Watts.From(30);

    /// <summary>Assumption: a DDR4/DDR5 module under training load draws about 3 W; module datasheets with power figures were not retrieved.</summary>
    public static readonly Watts MemoryModulePower = Watts.From(3);

    /// <summary>Assumption: three 12 V fans on board headers (CPU cooler and case or frame fans) at 3 W each; rig files do not list fans. GPU fans are inside the GPU power limit.</summary>
    public const int BoardFans = 3;

    /// <summary>Assumption: see <see cref="BoardFans"/>.</summary>
    public static readonly Watts FanPower = Watts.From(3);

    // ---- Transients -----------------------------------------------------------------------------------------------

    /// <summary>
    /// A GPU's millisecond-scale excursion over its power limit: an RTX 3090 at 350 W was recorded spiking to 464 W
    /// (464 / 350 = 1.33). https://www.ecoenergygeek.com/rtx-3090-power-consumption/ . Assumption: the same ratio for
    /// every GPU model and power limit; Igor's Lab measured an RTX 5090 at 1.09/1.28/1.43/1.57 x TGP over 10-20/5-10/1-5/&lt;1 ms
    /// windows (https://news.1rj.ru/str/sheetposting/147588), so newer cards can spike harder.
    /// </summary>
    public const double GpuExcursionFactor = 464.0 / 350.0;

    /// <summary>ATX 3.0 units must supply 200 % of rated power for 100 µs. https://www.anandtech.com/show/18679/the-msi-meg-ai1300p-pcie5-1300w-psu-review/2</summary>
    public const double Atx3ExcursionFactor = 2.0;

    /// <summary>
    /// Units without an ATX 3.x excursion rating get no headroom above their rating. Over-power protection in good units trips
    /// at about 110-130 % (https://www.tomshardware.com/reviews/thermaltake-smart-bm2-750w-power-supply-review/3); above
    /// 130 % of capacity a trip is likely, so the transient finding becomes an error there.
    /// </summary>
    public const double OppPracticeFactor = 1.30;

    // ---- Wall circuit ---------------------------------------------------------------------------------------------

    /// <summary>PSUs rated for 100-127 V mains use <c>wattage_low_line</c> at or below this voltage.</summary>
    public static readonly Volts LowLineMax = Volts.From(127);

    // ---- Slot 12 V path (resistive model) -------------------------------------------------------------------------

    /// <summary>Copper resistance per metre by AWG at 20 °C (18 AWG 20.9 mΩ/m, 16 AWG 13.2 mΩ/m). http://hyperphysics.phy-astr.gsu.edu/hbase/tables/wirega.html</summary>
    public static Ohms WirePerMetre(int awg) => awg switch
    {
        14 => Ohms.FromMilliohms(8.28),
        16 => Ohms.FromMilliohms(13.2),
        18 => Ohms.FromMilliohms(20.9),
        20 => Ohms.FromMilliohms(33.2),
        22 => Ohms.FromMilliohms(52.7),
        _ => throw new ArgumentOutOfRangeException(nameof(awg), awg, "no resistance for this gauge"),
    };

    /// <summary>Assumption: a PSU lead (24-pin, PCIe, EPS) is about 0.6 m long; the ATX guide sets minimums, not typical lengths.</summary>
    public const double CableLengthMetres = 0.6;

    /// <summary>
    /// Assumption: 10 mΩ per mated Mini-Fit Jr terminal pair, the low-level contact-resistance maximum quoted for Molex's
    /// Mini-Fit Jr product specification PS-5556-001 (https://pdf.datasheet.live/261a70dd/molex.com/0039012040.txt is its
    /// test summary); the exact table row was not read. The maximum is used, not a typical value.
    /// </summary>
    public static readonly Ohms ContactResistance = Ohms.FromMilliohms(10);

    /// <summary>Assumption: two mated pairs per conductor (a modular PSU socket and the board header); a fixed cable has one. The catalog does not record modularity.</summary>
    public const int MatedPairsPerConductor = 2;

    /// <summary>
    /// Conductors run at ambient + 30 °C: Mini-Fit Jr current ratings are defined at 30 °C rise over ambient
    /// (https://pdf.datasheet.live/814e1090/molex.com/0440680282.txt, section 4.2). Assumption: the wires and board copper run
    /// at that rise under a full training load.
    /// </summary>
    public const double ConductorRiseCelsius = 30;

    /// <summary>Assumption: temperature coefficient of annealed copper, 0.00393 per °C at 20 °C (IEC 60028 value; the standard itself was not retrieved).</summary>
    public const double CopperTempCoefficient = 0.00393;

    /// <summary>
    /// Sheet resistance of 1 oz (35 µm) board copper: ρ / t = 1.68e-8 Ω·m / 35e-6 m = 0.48 mΩ per square
    /// (copper resistivity from http://hyperphysics.phy-astr.gsu.edu/hbase/tables/wirega.html). Assumption: the slot 12 V
    /// pour is 1 oz copper.
    /// </summary>
    public static readonly Ohms SheetResistance = Ohms.FromMilliohms(1.68e-8 / 35e-6 * 1000);

    /// <summary>
    /// Assumption: the 12 V copper from the 24-pin (board's right edge) to the slots' +12 V pins (next to the rear bracket)
    /// is about 250 mm long and 10 mm wide: 25 squares. The same for every board; no board layout was measured.
    /// </summary>
    public const double Atx24PlaneSquares = 25;

    /// <summary>Assumption: an auxiliary slot-power header sits beside the slots (that is its purpose): about 50 mm by 10 mm of copper, 5 squares.</summary>
    public const double HeaderPlaneSquares = 5;
}
