using System.Globalization;
using Rigsmith.Catalog;
using Rigsmith.Standards;

namespace Rigsmith.Planning.Electrical;

/// <summary>A parameter the slot verdict rests on: its name, its value, and its source URL or "Assumption: ..." with the reason.</summary>
public sealed record ModelParameter(string Name, string Value, string Source)
{
    public const string AssumptionPrefix = "Assumption:";

    public bool Assumed => Source.StartsWith(AssumptionPrefix, StringComparison.Ordinal);

    /// <summary>The reason after "Assumption:", or the source.</summary>
    public string Reason => Assumed ? Source[AssumptionPrefix.Length..].Trim() : Source;
}

/// <summary>
/// Every code-level parameter behind the slot-path findings (PWR207, PWR208, PWR210), listed once so the findings name
/// the assumed ones in their <c>assumptions</c> and a test holds each to a source or a reason. docs/models/electrical.md
/// lists them with how far each moves the predicted voltage. Catalog values (a card's slot power, the board's headers)
/// are reported through their own provenance.
/// </summary>
public static class SlotPathParameters
{
    /// <summary>The <c>part</c> the findings' assumptions name for these parameters.</summary>
    public const string Subject = "model";

    private static string Mohm(double ohms) => (ohms * 1000).ToString("0.##", CultureInfo.InvariantCulture) + " mΩ";

    private static string N(double value) => value.ToString("0.#####", CultureInfo.InvariantCulture);

    public static readonly IReadOnlyList<ModelParameter> All =
    [
        new("psu_output_no_load_v", N(ElectricalConstants.PsuOutput.Value) + " V",
            "Assumption: the PSU's +12 V sits at nominal with no load and falls linearly with load; units above 12 V at light load are not credited"),
        new("load_regulation_typical", N(ElectricalConstants.LoadRegulationTypical * 100) + " % at full load",
            "Assumption: class value for units without their own figure (mining and server units); a reviewed ATX unit held within ±2 % (https://pcper.com/2011/08/antec-high-current-gamer-hcg-750-psu-review/5/)"),
        new("load_regulation_worst", N(ElectricalConstants.LoadRegulationWorst * 100) + " % at full load",
            "Assumption: the ATX12V ±5 % limit (https://manualsdump.com/en/manuals/intel-atx12v/109764/11) applied at the PSU's terminals, before the lead's drop"),
        new("card_edge_minimum_v", N(Atx.CardEdgeMinimum.Value) + " V", Atx.CardEdgeSource),
        new("atx_rail_minimum_v", N(Atx.RailMinimum.Value) + " V", Atx.RailSource),
        new("wire_18awg_typical", Mohm(ElectricalConstants.WirePerMetre(18).Value) + "/m", "http://hyperphysics.phy-astr.gsu.edu/hbase/tables/wirega.html"),
        new("wire_18awg_max", Mohm(ElectricalConstants.WirePerMetreMax(18).Value) + "/m", "https://www.easymanua.ls/gw-instek/sps-series/manual?p=24"),
        new("lead_length_typical_m", N(ElectricalConstants.CableLengthMetres) + " m",
            "Assumption: a typical PSU lead; the ATX guide sets minimum lengths only and the catalog records none"),
        new("lead_length_worst_m", N(ElectricalConstants.CableLengthWorstMetres) + " m",
            "Assumption: a quarter longer than typical, as on units with long leads for frames and benchtables; the catalog records no lead lengths"),
        new("contact_resistance_typical", Mohm(ElectricalConstants.ContactResistance.Value) + " per mated pair",
            "https://pdf.datasheet.live/261a70dd/molex.com/0039012040.txt"),
        new("contact_resistance_max", Mohm(ElectricalConstants.ContactResistanceMax.Value) + " per mated pair",
            "Assumption: the low-level contact-resistance maximum quoted for Molex PS-5556-001; the specification's row was not read"),
        new("mated_pairs_per_conductor", N(ElectricalConstants.MatedPairsPerConductor),
            "Assumption: a modular PSU socket plus the board header; a fixed lead has one, and the catalog does not record modularity"),
        new("terminal_rise_at_rating_c", N(ElectricalConstants.ConductorRiseCelsius) + " °C", "https://pdf.datasheet.live/814e1090/molex.com/0440680282.txt"),
        new("terminal_rise_scaling", "(I / I rated)²",
            "Assumption: Joule heating into a fixed thermal resistance; the wire at the terminal runs at the terminal's temperature"),
        new("contact_temp_coefficient", N(ElectricalConstants.CopperTempCoefficient) + " /°C",
            "Assumption: annealed copper's coefficient (IEC 60028, not retrieved), also for contacts; no Molex figure against temperature was found"),
        new("terminal_pin_rating", "Mini-Fit Jr standard terminal: 24 circuits 6 A, 7-10 circuits 7 A, 4-6 circuits 8 A",
            "Assumption: every lead uses standard brass terminals, not HCS (the catalog does not record the terminal), derated by circuit count per " + Connectors.MiniFitJrSource),
        new("atx24_pins", "2 × +12 V, 8 returns", "https://pdfslide.us/documents/atx-24-pin-power-supply-connector-pinout.html"),
        new("sheet_resistance", Mohm(ElectricalConstants.SheetResistance.Value) + " per square",
            "Assumption: 1 oz (35 µm) board copper; copper resistivity from http://hyperphysics.phy-astr.gsu.edu/hbase/tables/wirega.html"),
        new("plane_rise_c", N(ElectricalConstants.PlaneRiseCelsius) + " °C", "Assumption: board copper runs 30 °C over ambient under load; no board temperature is in the catalog"),
        new("atx24_plane_squares", N(ElectricalConstants.Atx24PlaneSquares),
            "Assumption: about 250 mm × 10 mm of copper from the 24-pin at the board's edge to the slots' +12 V pins; no board layout was measured"),
        new("header_plane_squares", N(ElectricalConstants.HeaderPlaneSquares), "Assumption: a slot-power header sits beside the slots, about 50 mm × 10 mm of copper"),
        new("slot_share_at_limit", "slot power × limit / board power", "Assumption: a card keeps its slot share of power at any power limit"),
        new("slot_excursion_factor", N(ElectricalConstants.SlotExcursionFactor),
            "Assumption: a card's slot draw spikes with the card, at the ratio recorded for an RTX 3090 (https://www.ecoenergygeek.com/rtx-3090-power-consumption/)"),
        new("board_fans_w", N(ElectricalConstants.BoardFans * ElectricalConstants.FanPower.Value) + " W on the 24-pin's +12 V",
            "Assumption: three 3 W fans on board headers; rig files list no fans"),
        new("memory_on_12v", N(ElectricalConstants.MemoryModulePower.Value) + " W per module on the 24-pin's +12 V",
            "Assumption: the board feeds its DRAM VRM from the 24-pin's +12 V (some boards use +5 V); module power figures were not retrieved"),
        new("chipset_12v_w", N(ElectricalConstants.Chipset12V.Value) + " W on the 24-pin's +12 V",
            "Assumption: Intel's desktop PCHs are listed at about 6 W (the X299 page was not retrieved), fed from +12 V on this board"),
        new("slot_drives", "add-in-card drives' active power on the slot's +12 V",
            "Assumption: an add-in-card drive takes all its power from the slot's +12 V; M.2 drives draw +3.3 V and are left out"),
        new("psu_load_share", "in proportion to capacity",
            "Assumption: several PSUs share the load in proportion to their capacity; the first unit's regulation sets the 24-pin's source voltage"),
    ];

    /// <summary>The assumed parameters as the findings' <c>assumptions</c>.</summary>
    /// <remarks>
    /// A loop, not Where(...).Select(...): Select on a LINQ iterator is a generic virtual method, and the first such call
    /// in a native binary starts its type loader, about 1 % of a cold check.
    /// </remarks>
    public static IEnumerable<UncitedInput> Assumptions
    {
        get
        {
            var assumptions = new List<UncitedInput>();
            foreach (var p in All)
            {
                if (p.Assumed)
                    assumptions.Add(UncitedInput.Assumed(Subject, p.Name, p.Reason));
            }

            return assumptions;
        }
    }
}
