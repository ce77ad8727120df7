using Rigsmith.Standards;
using Rigsmith.Units;

namespace Rigsmith.Standards;

/// <summary>The power connectors of the ATX and PCIe standards, as the catalog names them.</summary>
public enum PowerConnector
{
    Atx24,
    Eps8,
    Eps4,
    Pcie6,
    Pcie8,
    /// <summary>12VHPWR or its ATX 3.1 successor 12V-2x6 (same 600 W rating).</summary>
    Hpwr12V,
    Molex,
    Sata,
}

/// <summary>
/// The electrical facts of one power connector: its +12 V and return pins, the current one terminal is rated for,
/// the power the standard allows through it, and the wire gauge of a typical PSU lead.
/// </summary>
/// <param name="SupplyPins">+12 V pins.</param>
/// <param name="ReturnPins">Ground pins that carry the return current of those +12 V pins.</param>
/// <param name="PinRating">Current one terminal carries at its rated temperature rise (30 °C for Mini-Fit Jr).</param>
/// <param name="SpecPower">Sustained power the standard allows through the connector; null where no standard sets one.</param>
/// <param name="Awg">Wire gauge of the PSU lead.</param>
/// <param name="Source">Where the pin counts and ratings come from (URL), or "Assumption: ..." with the reason.</param>
/// <param name="Circuits">Positions in the housing; Mini-Fit Jr terminals are derated by it.</param>
/// <param name="MiniFitJr">True for the connectors built on Mini-Fit Jr terminals, whose rating and contact resistance the model shares.</param>
public sealed record ConnectorSpec(PowerConnector Connector, int SupplyPins, int ReturnPins, Amperes PinRating, Watts? SpecPower, int Awg, string Source, int Circuits, bool MiniFitJr = true)
{
    /// <summary>Current the connector's +12 V pins carry together at their terminal rating.</summary>
    public Amperes Rating => PinRating * SupplyPins;

    /// <summary>The power used to split a card's draw over its connectors: the standard's figure, else what the pins carry at 12 V.</summary>
    public Watts Weight => SpecPower ?? Atx.NominalRail * Rating;
}

public static class Connectors
{
    /// <summary>
    /// Where the Mini-Fit Jr terminal ratings come from: Molex PS-43810-001 table 4.2 (brass terminals on 18 AWG: 8 A in a
    /// 4-6 circuit housing, 7 A in a 7-10 circuit housing) and Upgrading and Repairing PCs (standard terminals 6 A in the
    /// 24-pin, 8 A in a 4-pin +12 V housing).
    /// </summary>
    public const string MiniFitJrSource =
        "https://pdf.datasheet.live/814e1090/molex.com/0440680282.txt ; http://what-when-how.com/Tutorial/topic-264kuql/Upgrading-and-Repairing-PCs-1142.html";

    /// <summary>
    /// The one terminal assumption for every Mini-Fit Jr connector (24-pin, EPS, 6- and 8-pin PCIe): a standard
    /// tin-plated brass terminal on 18 AWG, rated for a 30 °C rise with every circuit carrying current, derated by the
    /// housing's circuit count: 8 A for 4-6 circuits, 7 A for 7-10 circuits (Molex PS-43810-001 table 4.2), 6 A for the
    /// 24-circuit main connector (Upgrading and Repairing PCs: 6 A standard, 9 A HCS, 11 A Plus HCS). Assumption: the
    /// leads use standard terminals, not HCS; the catalog does not record the terminal, and an unbranded unit is not
    /// known to use HCS (with HCS the 24-pin would be 9 A). Assumption: 2-3 circuits taken at 9 A (not read; no
    /// connector here has so few).
    /// </summary>
    public static Amperes MiniFitJrPinRating(int circuits) => circuits switch
    {
        <= 3 => Amperes.From(9.0),
        <= 6 => Amperes.From(8.0),
        <= 10 => Amperes.From(7.0),
        _ => Amperes.From(6.0),
    };

    /// <summary>24-pin ATX: +12 V on pins 10 and 11 only; COM on pins 3, 5, 7, 15, 17, 18, 19, 24. A 24-circuit Mini-Fit Jr housing.</summary>
    public static readonly ConnectorSpec Atx24 = new(PowerConnector.Atx24, 2, 8, MiniFitJrPinRating(24), null, 18,
        "https://pdfslide.us/documents/atx-24-pin-power-supply-connector-pinout.html ; " + MiniFitJrSource, Circuits: 24);

    /// <summary>6-pin PCIe (2x3): 75 W, two +12 V pins; 6 circuits (Intel's guide also rates it 8.0 A with all six contacts energized). Assumption: two returns counted (the third ground is the sense pin).</summary>
    public static readonly ConnectorSpec Pcie6 = new(PowerConnector.Pcie6, 2, 2, MiniFitJrPinRating(6), Watts.From(75), 18,
        "https://edc.intel.com/content/www/us/en/design/ipla/software-development-platforms/client/platforms/alder-lake-desktop/atx-version-3-0-multi-rail-desktop-platform-power-supply-design-guide/2.0/2.01/pci-express-pcie-add-in-card-connectors-recommended/ ; " + MiniFitJrSource, Circuits: 6);

    /// <summary>8-pin PCIe (2x4): 150 W, three +12 V pins; 8 circuits.</summary>
    public static readonly ConnectorSpec Pcie8 = new(PowerConnector.Pcie8, 3, 3, MiniFitJrPinRating(8), Watts.From(150), 18,
        "https://manualshive.com/en/manual/intel/atx-3-0/2071598?page=52 ; " + MiniFitJrSource, Circuits: 8);

    /// <summary>12VHPWR / 12V-2x6: 600 W, 12 power pins (6 × +12 V, 6 returns) at 9.2 A, 16 AWG. Not a Mini-Fit Jr connector.</summary>
    public static readonly ConnectorSpec Hpwr12V = new(PowerConnector.Hpwr12V, 6, 6, Amperes.From(9.2), Watts.From(600), 16,
        "https://manualshive.com/en/manual/intel/atx-3-0/2071598?page=55", Circuits: 12, MiniFitJr: false);

    /// <summary>8-pin EPS: four +12 V pins; 8 circuits.</summary>
    public static readonly ConnectorSpec Eps8 = new(PowerConnector.Eps8, 4, 4, MiniFitJrPinRating(8), null, 18, MiniFitJrSource, Circuits: 8);

    /// <summary>4-pin ATX12V/EPS: two +12 V pins; 4 circuits.</summary>
    public static readonly ConnectorSpec Eps4 = new(PowerConnector.Eps4, 2, 2, MiniFitJrPinRating(4), null, 18, MiniFitJrSource, Circuits: 4);

    /// <summary>Assumption: 4-pin peripheral ("Molex") lead, one +12 V pin and two grounds (shared with +5 V); not a Mini-Fit Jr connector and its terminal rating was not retrieved, so the standard Mini-Fit Jr 24-circuit 6 A is used as a conservative stand-in.</summary>
    public static readonly ConnectorSpec Molex = new(PowerConnector.Molex, 1, 2, Amperes.From(6.0), null, 18,
        "Assumption: peripheral terminal rating not retrieved; standard Mini-Fit Jr 6 A used", Circuits: 4, MiniFitJr: false);

    /// <summary>Assumption: SATA power, three +12 V pins at the commonly quoted 1.5 A each (SATA specification not retrieved).</summary>
    public static readonly ConnectorSpec Sata = new(PowerConnector.Sata, 3, 3, Amperes.From(1.5), Watts.From(54), 18,
        "Assumption: SATA power 1.5 A per pin as commonly quoted; SATA specification not retrieved", Circuits: 15, MiniFitJr: false);

    public static ConnectorSpec Of(PowerConnector connector) => connector switch
    {
        PowerConnector.Atx24 => Atx24,
        PowerConnector.Pcie6 => Pcie6,
        PowerConnector.Pcie8 => Pcie8,
        PowerConnector.Hpwr12V => Hpwr12V,
        PowerConnector.Eps8 => Eps8,
        PowerConnector.Eps4 => Eps4,
        PowerConnector.Molex => Molex,
        PowerConnector.Sata => Sata,
        _ => throw new ArgumentOutOfRangeException(nameof(connector), connector, "unknown connector"),
    };

    public static string Name(PowerConnector connector) => connector switch
    {
        PowerConnector.Atx24 => "24-pin ATX",
        PowerConnector.Pcie6 => "6-pin PCIe",
        PowerConnector.Pcie8 => "8-pin PCIe",
        PowerConnector.Hpwr12V => "12VHPWR",
        PowerConnector.Eps8 => "8-pin EPS",
        PowerConnector.Eps4 => "4-pin EPS",
        PowerConnector.Molex => "4-pin Molex",
        PowerConnector.Sata => "SATA power",
        _ => connector.ToString(),
    };
}
