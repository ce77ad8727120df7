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
    [Input.YamlName("12vhpwr")]
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
public sealed record ConnectorSpec(PowerConnector Connector, int SupplyPins, int ReturnPins, Amperes PinRating, Watts? SpecPower, int Awg, string Source)
{
    /// <summary>Current the connector's +12 V pins carry together at their terminal rating.</summary>
    public Amperes Rating => PinRating * SupplyPins;

    /// <summary>The power used to split a card's draw over its connectors: the standard's figure, else what the pins carry at 12 V.</summary>
    public Watts Weight => SpecPower ?? Atx.NominalRail * Rating;
}

public static class Connectors
{
    /// <summary>
    /// 24-pin ATX: +12 V on pins 10 and 11 only; COM on pins 3, 5, 7, 15, 17, 18, 19, 24. Mini-Fit Jr HCS terminals
    /// (required by the ATX specs since 2005) are rated 9 A.
    /// </summary>
    public static readonly ConnectorSpec Atx24 = new(PowerConnector.Atx24, 2, 8, Amperes.From(9.0), null, 18,
        "https://pdfslide.us/documents/atx-24-pin-power-supply-connector-pinout.html ; http://what-when-how.com/Tutorial/topic-264kuql/Upgrading-and-Repairing-PCs-1142.html");

    /// <summary>6-pin PCIe (2x3): 75 W, two +12 V pins at 8.0 A each (Intel ATX 3.0 design guide). Assumption: two returns counted (the third ground is the sense pin).</summary>
    public static readonly ConnectorSpec Pcie6 = new(PowerConnector.Pcie6, 2, 2, Amperes.From(8.0), Watts.From(75), 18,
        "https://edc.intel.com/content/www/us/en/design/ipla/software-development-platforms/client/platforms/alder-lake-desktop/atx-version-3-0-multi-rail-desktop-platform-power-supply-design-guide/2.0/2.01/pci-express-pcie-add-in-card-connectors-recommended/");

    /// <summary>8-pin PCIe (2x4): 150 W, three +12 V pins; standard 8 A terminals (about 288 W physical capability).</summary>
    public static readonly ConnectorSpec Pcie8 = new(PowerConnector.Pcie8, 3, 3, Amperes.From(8.0), Watts.From(150), 18,
        "https://manualshive.com/en/manual/intel/atx-3-0/2071598?page=52 ; http://what-when-how.com/Tutorial/topic-1055jk35/Upgrading-and-Repairing-PCs-935.html");

    /// <summary>12VHPWR / 12V-2x6: 600 W, 12 power pins (6 × +12 V, 6 returns) at 9.2 A, 16 AWG.</summary>
    public static readonly ConnectorSpec Hpwr12V = new(PowerConnector.Hpwr12V, 6, 6, Amperes.From(9.2), Watts.From(600), 16,
        "https://manualshive.com/en/manual/intel/atx-3-0/2071598?page=55");

    /// <summary>8-pin EPS: four +12 V pins; Mini-Fit Jr brass terminals in a 7-10 circuit housing on 18 AWG are rated 7 A (Molex PS-43810-001 table 4.2).</summary>
    public static readonly ConnectorSpec Eps8 = new(PowerConnector.Eps8, 4, 4, Amperes.From(7.0), null, 18,
        "https://pdf.datasheet.live/814e1090/molex.com/0440680282.txt");

    /// <summary>4-pin ATX12V/EPS: two +12 V pins; 8 A in a 4-6 circuit housing on 18 AWG (Molex PS-43810-001 table 4.2).</summary>
    public static readonly ConnectorSpec Eps4 = new(PowerConnector.Eps4, 2, 2, Amperes.From(8.0), null, 18,
        "https://pdf.datasheet.live/814e1090/molex.com/0440680282.txt");

    /// <summary>Assumption: 4-pin peripheral ("Molex") lead, one +12 V pin and two grounds (shared with +5 V); its terminal rating was not retrieved, so the standard Mini-Fit Jr 6 A is used as a conservative stand-in.</summary>
    public static readonly ConnectorSpec Molex = new(PowerConnector.Molex, 1, 2, Amperes.From(6.0), null, 18,
        "Assumption: peripheral terminal rating not retrieved; standard Mini-Fit Jr 6 A used");

    /// <summary>Assumption: SATA power, three +12 V pins at the commonly quoted 1.5 A each (SATA specification not retrieved).</summary>
    public static readonly ConnectorSpec Sata = new(PowerConnector.Sata, 3, 3, Amperes.From(1.5), Watts.From(54), 18,
        "Assumption: SATA power 1.5 A per pin as commonly quoted; SATA specification not retrieved");

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
