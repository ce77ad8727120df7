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
    /// Assumption: the PSU's +12 V sits at the nominal 12.0 V with no load and falls linearly with its load fraction
    /// (load regulation, below). Units that sit above 12 V at light load are not credited.
    /// </summary>
    public static readonly Volts PsuOutput = Volts.From(12.0);

    /// <summary>
    /// Typical +12 V load regulation (fall from no load to full rated load) for a unit with no figure of its own: 2 %.
    /// Assumption: a class value for mining and server units, whose datasheets give none; pcper measured a reviewed ATX
    /// unit (Antec HCG-750) holding its +12 V "within ±2 %" from light to full load
    /// (https://pcper.com/2011/08/antec-high-current-gamer-hcg-750-psu-review/5/), and an unbranded unit is not taken to
    /// do better.
    /// </summary>
    public const double LoadRegulationTypical = 0.02;

    /// <summary>
    /// Worst-case +12 V load regulation: 5 %, the most ATX12V allows (±5 %, https://manualsdump.com/en/manuals/intel-atx12v/109764/11).
    /// Assumption: applied at the PSU's terminals, before the lead's own drop (ATX measures at the load end, so a
    /// compliant unit does at least this well).
    /// </summary>
    public const double LoadRegulationWorst = 0.05;


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
    /// How long the GPU excursion below lasts, to pick the ATX 3.x allowance it is compared with: 10 ms. Igor's Lab
    /// reports RTX 3090 spikes in the 1-10 ms range as the ones that trip PSUs and budgets 460-500 W per card for them
    /// (https://hardzone.es/noticias/tarjetas-graficas/nvidia-rtx-3090-fuente-alimentacion-750-vatios/). Assumption: the
    /// 464 W figure is such a spike; a spike lasting up to 10 ms must stay inside the 10 ms row, the smallest allowance of
    /// that range.
    /// </summary>
    public static readonly Seconds GpuExcursionWindow = Seconds.From(10e-3);

    /// <summary>
    /// A GPU's millisecond-scale excursion over its power limit: an RTX 3090 at 350 W was recorded spiking to 464 W
    /// (464 / 350 = 1.33). https://www.ecoenergygeek.com/rtx-3090-power-consumption/ . Assumption: the same ratio for
    /// every GPU model and power limit; Igor's Lab measured an RTX 5090 at 1.09/1.28/1.43/1.57 x TGP over 10-20/5-10/1-5/&lt;1 ms
    /// windows (https://news.1rj.ru/str/sheetposting/147588), so newer cards can spike harder.
    /// </summary>
    public const double GpuExcursionFactor = 464.0 / 350.0;

    /// <summary>
    /// Assumption: a card's slot draw spikes with the card (its slot share of the excursion equals its share of the
    /// sustained power); the PCIe slot's 5.5 A limit includes short transients (http://igorscience.org/index-2106.html),
    /// so a card designed to it would not spike there, but the 3090s measured near that limit sustained.
    /// </summary>
    public const double SlotExcursionFactor = GpuExcursionFactor;

    /// <summary>
    /// Over-power protection in good units trips at about 110-130 % of rating
    /// (https://www.tomshardware.com/reviews/thermaltake-smart-bm2-750w-power-supply-review/3). A peak above a unit's
    /// excursion capability and above 110 % of its rating is inside that band: protection may trip. Above 130 % a trip
    /// is likely, so the transient finding becomes an error there.
    /// </summary>
    public const double OppLowFactor = 1.10;

    /// <summary>See <see cref="OppLowFactor"/>.</summary>
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

    /// <summary>
    /// Maximum conductor resistance per metre of stranded hook-up wire by AWG (18 AWG 24.4 mΩ/m, 16 AWG 15.6 mΩ/m): the
    /// worst case's copper. https://www.easymanua.ls/gw-instek/sps-series/manual?p=24
    /// </summary>
    public static Ohms WirePerMetreMax(int awg) => awg switch
    {
        14 => Ohms.FromMilliohms(9.90),
        16 => Ohms.FromMilliohms(15.6),
        18 => Ohms.FromMilliohms(24.4),
        20 => Ohms.FromMilliohms(39.5),
        22 => Ohms.FromMilliohms(62.5),
        _ => throw new ArgumentOutOfRangeException(nameof(awg), awg, "no resistance for this gauge"),
    };

    /// <summary>Assumption: a PSU lead (24-pin, PCIe, EPS) is about 0.6 m long; the ATX guide sets minimums, not typical lengths, and the catalog records none.</summary>
    public const double CableLengthMetres = 0.6;

    /// <summary>Assumption: the worst case's lead is 0.75 m, a quarter longer than the typical one, as on units with long leads for frames and benchtables; the catalog records no lead lengths.</summary>
    public const double CableLengthWorstMetres = 0.75;

    /// <summary>
    /// Typical resistance of one mated Mini-Fit Jr pair (tin-plated brass): 3.09 mΩ, the mean low-level contact
    /// resistance in Molex's test summary TS-5556-002, section 5.1.1 (minimum 2.85 mΩ).
    /// https://pdf.datasheet.live/261a70dd/molex.com/0039012040.txt
    /// </summary>
    public static readonly Ohms ContactResistance = Ohms.FromMilliohms(3.09);

    /// <summary>
    /// Assumption: 10 mΩ per mated Mini-Fit Jr pair for the worst case, the low-level contact-resistance maximum quoted for
    /// Molex's product specification PS-5556-001; the specification's table row itself was not read.
    /// </summary>
    public static readonly Ohms ContactResistanceMax = Ohms.FromMilliohms(10);

    /// <summary>Assumption: two mated pairs per conductor (a modular PSU socket and the board header); a fixed cable has one. The catalog does not record modularity.</summary>
    public const int MatedPairsPerConductor = 2;

    /// <summary>
    /// Mini-Fit Jr current ratings are defined at a 30 °C rise over ambient (https://pdf.datasheet.live/814e1090/molex.com/0440680282.txt,
    /// section 4.2). A terminal carrying its rated current runs at ambient + 30 °C; Assumption: the rise scales with the
    /// square of the current (Joule heating into a fixed thermal resistance), so a pin at 1.5x its rating runs 67 °C
    /// over ambient, and the wire at the terminal runs at the terminal's temperature.
    /// </summary>
    public const double ConductorRiseCelsius = 30;

    /// <summary>Assumption: board copper runs 30 °C over ambient under load (the same rise as a terminal at its rating); no board temperature is in the catalog.</summary>
    public const double PlaneRiseCelsius = 30;

    /// <summary>
    /// Assumption: temperature coefficient of annealed copper, 0.00393 per °C at 20 °C (IEC 60028 value; the standard
    /// itself was not retrieved). Also used for the terminals' contact resistance, which follows the resistivity of the
    /// contact metals (brass rises less, tin more); no Molex figure for contact resistance against temperature was found.
    /// </summary>
    public const double CopperTempCoefficient = 0.00393;

    // ---- Loads on the 24-pin's +12 V pins besides the slots --------------------------------------------------------

    /// <summary>
    /// Assumption: the board feeds its DRAM VRM from the 24-pin's +12 V, so each module's power (<see cref="MemoryModulePower"/>)
    /// flows through those pins; many boards do, some use +5 V, and the catalog does not say which.
    /// </summary>
    public const bool MemoryOn12V = true;

    /// <summary>
    /// Assumption: 6 W for the chipset, fed from the 24-pin's +12 V through a board regulator. Intel lists its desktop
    /// PCHs at about 6 W; the X299 ARK page was not retrieved, and some boards feed the PCH from +5 V or +3.3 V.
    /// </summary>
    public static readonly Watts Chipset12V = Watts.From(6);

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
