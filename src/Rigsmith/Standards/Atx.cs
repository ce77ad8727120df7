using Rigsmith.Units;

namespace Rigsmith.Standards;

/// <summary>
/// Limits the ATX power-supply standards set for the +12 V rail. They sit below the catalog because several layers read
/// them: catalog lint, the electrical plan, the power analysis and the report charts.
/// </summary>
public static class Atx
{
    /// <summary>Nominal +12 V rail.</summary>
    public static readonly Volts NominalRail = Volts.From(12.0);

    /// <summary>
    /// ATX12V +12 V regulation -5 %: 11.40 V, "measured at the load end of the output connectors" (ATX12V PSU Design
    /// Guide 2.0, section 3.2.1, table 2). https://manualsdump.com/en/manuals/intel-atx12v/109764/11 . The model checks
    /// it where the 24-pin lead meets the board.
    /// </summary>
    public static readonly Volts RailMinimum = Volts.From(11.40);

    /// <summary>
    /// +12 V at the PCIe card's edge connector (and its auxiliary connectors): +5 % / -8 %, so 11.04 V, lower than the
    /// PSU's own tolerance "allowing for voltage drop on a motherboard from the Main Power Connector ... to the PCIe Edge
    /// Card Connector" (Intel ATX 3.0 design guide, table 3-5).
    /// https://edc.intel.com/content/www/us/en/design/ipla/software-development-platforms/client/platforms/alder-lake-desktop/atx-version-3-0-multi-rail-desktop-platform-power-supply-design-guide/2.0/2.01/pcie-aic-auxiliary-power-connectors/
    /// </summary>
    public static readonly Volts CardEdgeMinimum = Volts.From(12.0 * 0.92);

    /// <summary>Where <see cref="CardEdgeMinimum"/> comes from.</summary>
    public const string CardEdgeSource =
        "https://edc.intel.com/content/www/us/en/design/ipla/software-development-platforms/client/platforms/alder-lake-desktop/atx-version-3-0-multi-rail-desktop-platform-power-supply-design-guide/2.0/2.01/pcie-aic-auxiliary-power-connectors/";

    /// <summary>Where <see cref="RailMinimum"/> comes from.</summary>
    public const string RailSource = "https://manualsdump.com/en/manuals/intel-atx12v/109764/11";

    /// <summary>
    /// Power excursion a PSU must carry, as a share of its rating, for each excursion time (Intel's table 3-3, "PCIe AIC
    /// and PSU Power Budget used for Peak Power Excursion"): a unit over 450 W with a 12VHPWR connector 200 / 180 / 160 /
    /// 120 % for 100 µs / 1 ms / 10 ms / 100 ms; a unit of 450 W or less, or without a 12VHPWR connector, 150 / 145 / 135
    /// / 110 %. The table read is the ATX12VO guide's copy (https://www.easymanua.ls/intel/atx12vo/manual?p=23); the ATX
    /// 3.0 guide's table 3-3 has the same split by 12VHPWR
    /// (https://be.hardware.info/nieuws/82542/atx-30-de-hoog-vermogen-12vhpwr-aansluiting-blijkt-niet-vereist-te-zijn).
    /// </summary>
    public static readonly IReadOnlyList<ExcursionAllowance> Excursions =
    [
        new(Seconds.From(100e-6), 2.00, 1.50),
        new(Seconds.From(1e-3), 1.80, 1.45),
        new(Seconds.From(10e-3), 1.60, 1.35),
        new(Seconds.From(100e-3), 1.20, 1.10),
    ];

    /// <summary>Where <see cref="Excursions"/> comes from.</summary>
    public const string ExcursionSource =
        "https://www.easymanua.ls/intel/atx12vo/manual?p=23 ; https://be.hardware.info/nieuws/82542/atx-30-de-hoog-vermogen-12vhpwr-aansluiting-blijkt-niet-vereist-te-zijn";

    /// <summary>Units rated above this with a 12VHPWR (or 12V-2x6) output get the full table; others the reduced column.</summary>
    public static readonly Watts ExcursionFullTableAbove = Watts.From(450);

    /// <summary>
    /// The allowance for an excursion lasting <paramref name="duration"/>: the row of the shortest tabled time at or above
    /// it (a spike that lasts 10 ms must stay inside the 10 ms row), 100 % beyond the table.
    /// </summary>
    public static double ExcursionAllowance(Seconds duration, bool fullTable)
    {
        foreach (var row in Excursions)
        {
            if (duration.Value <= row.Duration.Value * (1 + 1e-9))
                return fullTable ? row.With12VHpwr : row.Without12VHpwr;
        }

        return 1.0;
    }
}

/// <summary>One row of the ATX 3.x excursion table: the time and the share of rating for each class of unit.</summary>
public sealed record ExcursionAllowance(Seconds Duration, double With12VHpwr, double Without12VHpwr);
