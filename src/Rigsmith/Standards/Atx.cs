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

    /// <summary>ATX12V +12 V regulation -5 %: 11.40 V (ATX12V PSU Design Guide 2.0, table 2). https://manualsdump.com/en/manuals/intel-atx12v/109764/11</summary>
    public static readonly Volts RailMinimum = Volts.From(11.40);
}
