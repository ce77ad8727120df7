using Rigsmith.Catalog;
using Rigsmith.Planning.Electrical;
using Rigsmith.Rigs;
using Rigsmith.Standards;
using Rigsmith.Tests.Support;
using Rigsmith.Units;

namespace Rigsmith.Tests.Analysis.Electrical;

/// <summary>The parameters behind the slot verdict, and the standards' limits it is judged against.</summary>
public class SlotPathParameterTests
{
    /// <summary>Every parameter the slot verdict rests on. A new one must be added here and to <see cref="SlotPathParameters.All"/>.</summary>
    private static readonly string[] Expected =
    [
        "psu_output_no_load_v", "load_regulation_typical", "load_regulation_worst", "card_edge_minimum_v", "atx_rail_minimum_v",
        "wire_18awg_typical", "wire_18awg_max", "lead_length_typical_m", "lead_length_worst_m", "contact_resistance_typical",
        "contact_resistance_max", "mated_pairs_per_conductor", "terminal_rise_at_rating_c", "terminal_rise_scaling",
        "contact_temp_coefficient", "terminal_pin_rating", "atx24_pins", "sheet_resistance", "plane_rise_c", "atx24_plane_squares",
        "header_plane_squares", "slot_share_at_limit", "slot_excursion_factor", "board_fans_w", "memory_on_12v", "chipset_12v_w",
        "slot_drives", "psu_load_share",
    ];

    [Fact]
    public void Should_List_Every_Parameter_Behind_The_Slot_Verdict()
    {
        Assert.Equal(Expected.Order(StringComparer.Ordinal), SlotPathParameters.All.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_Cite_Or_Give_A_Reason_For_Every_Slot_Parameter()
    {
        foreach (var p in SlotPathParameters.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Value), p.Name);
            if (p.Assumed)
                Assert.True(p.Reason.Length >= 20, $"{p.Name}: an assumption needs its reason, got '{p.Reason}'");
            else
                Assert.True(p.Source.Contains("http", StringComparison.Ordinal), $"{p.Name}: neither cited (URL) nor marked 'Assumption:' with a reason: '{p.Source}'");
        }
    }

    [Fact]
    public void Should_Document_Every_Slot_Parameter_In_The_Model_Page()
    {
        var page = File.ReadAllText(Repo.Docs(Path.Combine("models", "electrical.md")));
        foreach (var p in SlotPathParameters.All)
            Assert.Contains($"`{p.Name}`", page);
    }

    [Fact]
    public void Should_Check_Each_Limit_Where_It_Applies()
    {
        Assert.Equal(11.40, Atx.RailMinimum.Value, 9);
        Assert.Equal(11.04, Atx.CardEdgeMinimum.Value, 9);
        Assert.Contains("edc.intel.com", Atx.CardEdgeSource);
    }

    [Fact]
    public void Should_Rate_Every_Mini_Fit_Jr_Connector_From_One_Terminal_Derated_By_Circuit_Count()
    {
        Assert.Equal(6.0, Connectors.Atx24.PinRating.Value);
        Assert.Equal(8.0, Connectors.Pcie6.PinRating.Value);
        Assert.Equal(7.0, Connectors.Pcie8.PinRating.Value);
        Assert.Equal(7.0, Connectors.Eps8.PinRating.Value);
        Assert.Equal(8.0, Connectors.Eps4.PinRating.Value);
        foreach (var spec in new[] { Connectors.Atx24, Connectors.Pcie6, Connectors.Pcie8, Connectors.Eps8, Connectors.Eps4 })
        {
            Assert.True(spec.MiniFitJr);
            Assert.Equal(Connectors.MiniFitJrPinRating(spec.Circuits), spec.PinRating);
        }
    }

    [Fact]
    public void Should_Use_The_Excursion_Allowance_For_The_Spike_Duration()
    {
        Assert.Equal(2.00, Atx.ExcursionAllowance(Seconds.From(100e-6), fullTable: true));
        Assert.Equal(1.80, Atx.ExcursionAllowance(Seconds.From(1e-3), fullTable: true));
        Assert.Equal(1.60, Atx.ExcursionAllowance(Seconds.From(10e-3), fullTable: true));
        Assert.Equal(1.45, Atx.ExcursionAllowance(Seconds.From(1e-3), fullTable: false));
        Assert.Equal(1.35, Atx.ExcursionAllowance(Seconds.From(10e-3), fullTable: false));
        Assert.Equal(1.0, Atx.ExcursionAllowance(Seconds.From(1), fullTable: true));
    }

    [Fact]
    public void Should_Give_An_ATX3_Unit_Without_12VHPWR_The_Reduced_Allowance_And_A_Legacy_Unit_Its_Rating()
    {
        var rig = Repo.LoadRig("4x3090-x299-dark.rig.yaml");
        var atx3 = Repo.Catalog.OfType<Psu>().Single(p => p.Id == "msi-meg-ai1300p-pcie5");
        var without = atx3 with { Cables = atx3.Cables.Where(c => c.Connector != PowerConnector.Hpwr12V).ToList() };

        Assert.Equal(1.60, ElectricalModel.ExcursionFactor(atx3));
        Assert.Equal(1.35, ElectricalModel.ExcursionFactor(without));
        Assert.Equal(1.0, ElectricalModel.ExcursionFactor(rig.Psus[0].Psu));
        var state = ElectricalModel.Evaluate(rig with { Psus = [new PsuInstall(without, 1, null)] });
        Assert.Equal(1300 * 1.35, state.TransientCapacity.Value, 6);
    }

    [Fact]
    public void Should_Draw_More_Current_Through_Hotter_Terminals()
    {
        var cool = SlotPath.Lead(Connectors.Atx24, Amperes.From(2), Celsius.From(25), SlotPathCase.Typical);
        var hot = SlotPath.Lead(Connectors.Atx24, Amperes.From(20), Celsius.From(25), SlotPathCase.Typical);
        Assert.True(hot.Value > cool.Value);
        // At its rating a terminal runs 30 °C over ambient.
        Assert.Equal(55, SlotPath.TerminalTemperature(Connectors.Atx24, Connectors.Atx24.PinRating, Celsius.From(25)).Value, 9);
    }
}
