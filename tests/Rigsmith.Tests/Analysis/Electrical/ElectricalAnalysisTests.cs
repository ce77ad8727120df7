using System.Globalization;
using Rigsmith.Analysis;
using Rigsmith.Analysis.Electrical;
using Rigsmith.Planning.Electrical;
using Rigsmith.Standards;
using Rigsmith.Tests.Support;
using Rigsmith.Units;
using static Rigsmith.Tests.Analysis.Electrical.ElectricalTestRigs;

namespace Rigsmith.Tests.Analysis.Electrical;

public class ElectricalAnalysisTests
{
    [Fact]
    public void Should_Flag_Slot_Rail_Below_The_Card_Edge_Floor_On_Board_Without_Slot_Power_Header()
    {
        var result = Power(Repo.LoadRig("4x3090-c9x299-rpgf.rig.yaml"));

        var finding = Assert.Single(Of(result, ElectricalAnalysis.SlotVoltage));
        Assert.Equal(Severity.Error, finding.Severity);
        // The verdict is judged on the worst case, against the card-edge floor (ATX 3.0 table 3-5), not the PSU's 11.40 V.
        Assert.True(Figure(result, "slot_rail_worst_v") < Atx.CardEdgeMinimum.Value, $"worst slot rail {Figure(result, "slot_rail_worst_v")} V");
        Assert.True(Figure(result, "slot_rail_worst_v") <= Figure(result, "slot_rail_v"));
        Assert.Contains("11.04 V", finding.Message);
        Assert.Contains("slot-power header", finding.Fix);
        Assert.Contains("power limit to", finding.Fix);
    }

    [Fact]
    public void Should_Not_Give_An_Error_For_The_Slot_Path_With_One_Pcie6_Slot_Power_Header()
    {
        var result = Power(Repo.LoadRig("4x3090-x299-dark.rig.yaml"));

        Assert.DoesNotContain(Of(result, ElectricalAnalysis.SlotVoltage), f => f.Severity == Severity.Error);
        Assert.Empty(Of(result, ElectricalAnalysis.SlotPins));
        Assert.True(Figure(result, "slot_rail_worst_v") >= Atx.CardEdgeMinimum.Value, $"worst slot rail {Figure(result, "slot_rail_worst_v")} V");
        Assert.Equal(2, result.Tables.Single(t => t.Key == "slot_path").Rows.Count);
    }

    [Fact]
    public void Should_Judge_Both_Reference_Boards_From_The_Same_Parameters()
    {
        // The two boards differ only in the catalog's header list: the same typical and worst cases judge both.
        var supermicro = ElectricalModel.Evaluate(Repo.LoadRig("4x3090-c9x299-rpgf.rig.yaml"));
        var evga = ElectricalModel.Evaluate(Repo.LoadRig("4x3090-x299-dark.rig.yaml"));

        Assert.Same(supermicro.SlotPathWorst.Case, evga.SlotPathWorst.Case);
        Assert.Equal(supermicro.SlotLoads, evga.SlotLoads);
        Assert.False(supermicro.SlotVoltageOk);
        Assert.True(evga.SlotVoltageOk);
        foreach (var state in new[] { supermicro, evga })
        {
            Assert.True(state.SlotPathWorst.SlotVoltage <= state.SlotPath.SlotVoltage);
            Assert.True(state.SlotPathTransient.SlotVoltage <= state.SlotPathWorst.SlotVoltage);
            Assert.True(state.SlotPath.SlotVoltage <= state.SlotPath.Atx24Voltage);
            Assert.True(state.SlotPath.Atx24Voltage < state.SlotPath.PsuOutput);
        }
    }

    [Fact]
    public void Should_Name_The_Assumed_Model_Parameters_In_The_Slot_Findings()
    {
        var result = Power(Repo.LoadRig("4x3090-c9x299-rpgf.rig.yaml"));

        foreach (var rule in new[] { ElectricalAnalysis.SlotVoltage, ElectricalAnalysis.SlotPins })
        {
            var finding = Assert.Single(Of(result, rule));
            foreach (var parameter in SlotPathParameters.All.Where(p => p.Assumed))
                Assert.Contains(finding.RestsOn, a => a.PartId == SlotPathParameters.Subject && a.Field == parameter.Name && a.IsAssumed && a.Detail.Length > 0);
        }
    }

    [Fact]
    public void Should_Advise_A_Slot_Limit_That_Actually_Restores_The_Rail()
    {
        var rig = Repo.LoadRig("4x3090-c9x299-rpgf.rig.yaml");
        var limit = PowerLimitAdvice.Compute(rig).SlotVoltage;

        Assert.NotNull(limit);
        Assert.True(ElectricalModel.EvaluateCapped(rig, limit.Value).SlotVoltageOk);
        Assert.False(ElectricalModel.EvaluateCapped(rig, limit.Value + Watts.From(PowerLimitAdvice.Step)).SlotVoltageOk);
    }

    [Fact]
    public void Should_Flag_Transients_Of_Four_Stock_3090s_On_A_1600_W_Unit_Without_ATX3()
    {
        var result = Power(Parse(Repo.ReferenceYaml(Psu("seasonic-prime-tx-1600"))));

        var finding = Assert.Single(Of(result, ElectricalAnalysis.Transient));
        Assert.True(Figure(result, "transient_peak_w") > Figure(result, "transient_capacity_w"));
        Assert.Equal(1600, Figure(result, "transient_capacity_w"));
        Assert.Contains("no ATX 3.x excursion rating", finding.Message);
        // 2.1 kW is 132 % of a 1600 W rating: past the 110-130 % band where over-power protection trips.
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("may trip", finding.Message);
    }

    [Fact]
    public void Should_Say_What_Is_At_Risk_When_The_Peak_Is_Below_The_Protection_Band()
    {
        // The reference rig: 2.1 kW peak on a 2000 W legacy unit is 106 % of its rating, above its capability but below
        // the lowest over-power trip point measured (110 %), so no trip is claimed.
        var finding = Assert.Single(Of(Power(Repo.LoadRig("4x3090-x299-dark.rig.yaml")), ElectricalAnalysis.Transient));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.DoesNotContain("may trip", finding.Message);
        Assert.Contains("at risk", finding.Message);
    }

    [Fact]
    public void Should_Not_Flag_Transients_Of_Four_3090s_Limited_To_250_W_On_A_1600_W_Unit()
    {
        var result = Power(Parse(Repo.ReferenceYaml([Psu("seasonic-prime-tx-1600"), .. Limits(250)])));

        Assert.Empty(Of(result, ElectricalAnalysis.Transient));
        Assert.Empty(Of(result, ElectricalAnalysis.PsuCapacity));
        Assert.True(Figure(result, "transient_peak_w") <= 1600);
    }

    [Fact]
    public void Should_Give_ATX3_Units_With_12VHPWR_Their_10_Ms_Allowance_For_Excursions()
    {
        var result = Power(Parse(Repo.ReferenceYaml(Psu("msi-meg-ai1300p-pcie5"))));

        // A millisecond-scale spike is held to the 10 ms row of the ATX 3.x table: 160 %, not the 100 µs row's 200 %.
        Assert.Equal(2080, Figure(result, "transient_capacity_w"));
        // Four stock 3090s spike just past it; at 163 % of the rating the peak is past the band where over-power
        // protection trips, so the finding says protection may trip.
        var transient = Assert.Single(Of(result, ElectricalAnalysis.Transient));
        Assert.Contains("over-power protection may trip", transient.Message);
        Assert.Empty(Of(Power(Parse(Repo.ReferenceYaml([Psu("msi-meg-ai1300p-pcie5"), .. Limits(300)]))), ElectricalAnalysis.Transient));
        // 1.66 kW sustained is still over a 1300 W rating.
        Assert.Single(Of(result, ElectricalAnalysis.PsuCapacity));
    }

    [Fact]
    public void Should_Flag_Wall_Draw_Over_A_US_15_A_Circuit_With_The_Power_Limit_That_Fits()
    {
        var rig = Parse(Repo.ReferenceYaml([Psu("seasonic-prime-tx-1600"), .. UsSite15A]));
        var result = Power(rig);

        Assert.Equal(1440, Figure(result, "circuit_limit_w"));
        Assert.True(Figure(result, "wall_w") > 1440);
        var finding = Assert.Single(Of(result, ElectricalAnalysis.Circuit));
        var limit = PowerLimitAdvice.Compute(rig).Circuit;
        Assert.NotNull(limit);
        Assert.Contains($"nvidia-smi -pl {limit.Value.Value.ToString("0", CultureInfo.InvariantCulture)}", finding.Fix);
        Assert.True(ElectricalModel.EvaluateCapped(rig, limit.Value).Wall.Value <= 1440);
        Assert.True(ElectricalModel.EvaluateCapped(rig, limit.Value + Watts.From(5)).Wall.Value > 1440);
    }

    [Fact]
    public void Should_Judge_Each_Circuit_When_The_Psu_Units_Are_Spread_Over_Two()
    {
        // Two 1600 W units on a 120 V / 15 A site draw more than one circuit's 1,440 W; on two circuits, each carries one unit.
        (string, string) twoUnits = ("part: jl2000pg-2000w", "part: seasonic-prime-tx-1600\n    count: 2");
        (string, string) twoCircuits = ("  breaker: 15 A\n", "  breaker: 15 A\n  circuits: 2\n");
        var one = Power(Parse(Repo.ReferenceYaml([twoUnits, .. UsSite15A])));
        var two = Power(Parse(Repo.ReferenceYaml([twoUnits, .. UsSite15A, twoCircuits])));

        Assert.Single(Of(one, ElectricalAnalysis.Circuit));
        Assert.DoesNotContain(one.Figures, f => f.Key == "circuit_wall_w");
        Assert.Empty(Of(two, ElectricalAnalysis.Circuit));
        // Identical units share the load equally, so each circuit carries half the wall draw.
        Assert.Equal(Figure(two, "wall_w") / 2, Figure(two, "circuit_wall_w"), 0.2);
        Assert.Equal(Figure(one, "wall_w"), Figure(two, "wall_w"), 0.1);
        Assert.InRange(Figure(two, "circuit_wall_w"), 0, 1440);
    }

    [Fact]
    public void Should_Flag_The_Most_Loaded_Circuit_When_Units_Outnumber_Circuits()
    {
        // Three identical units on two circuits: the first circuit carries two of them.
        var rig = Parse(Repo.ReferenceYaml([("part: jl2000pg-2000w", "part: seasonic-prime-tx-1600\n    count: 3"), .. UsSite15A,
            ("  breaker: 15 A\n", "  breaker: 15 A\n  circuits: 2\n")]));
        var state = ElectricalModel.Evaluate(rig);

        Assert.Equal([1, 2, 1], state.Psus.Select(p => p.Circuit));
        Assert.Equal(state.Wall.Value * 2 / 3, state.CircuitWall.Value, 0.2);
        Assert.Equal(state.Wall.Value, state.CircuitWalls.Sum(w => w.Value), 0.01);
    }

    [Fact]
    public void Should_Flag_Mains_Outside_The_PSU_Input_Range()
    {
        var result = Power(Parse(Repo.ReferenceYaml(UsSite15A)));

        var finding = Assert.Single(Of(result, ElectricalAnalysis.InputRange));
        Assert.Contains("jl2000pg-2000w", finding.Subjects);
    }

    [Fact]
    public void Should_Flag_Daisy_Chained_Pcie_Leads_Over_Their_Pin_Rating()
    {
        // Six 8+8-pin leads for eight plugs: two GPUs get one lead carrying both plugs.
        var result = Power(Parse(Repo.ReferenceYaml(Psu("seasonic-prime-tx-1600"))));

        var chained = result.Tables.Single(t => t.Key == "connectors").Rows.Where(r => ((string)r[2]!).Contains("daisy", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, chained.Count);
        // Two leads with the same overload make one finding that names both.
        var finding = Assert.Single(Of(result, ElectricalAnalysis.CableCurrent));
        Assert.Contains("per pin, above the 7 A terminal rating", finding.Message);
        Assert.All(chained, r => Assert.Contains((string)r[2]!, finding.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Flag_Too_Few_Pcie_Plugs()
    {
        var yaml = Repo.ReferenceYaml(Psu("msi-meg-ai1300p-pcie5"));
        var result = Power(Parse(yaml));

        var finding = Assert.Single(Of(result, ElectricalAnalysis.ConnectorCount));
        Assert.Contains("need 8", finding.Message);
    }

    [Fact]
    public void Should_Share_Load_Across_Identical_Psus()
    {
        var one = Power(Parse(Repo.ReferenceYaml(Psu("seasonic-prime-tx-1600"))));
        var two = Power(Parse(Repo.ReferenceYaml(("part: jl2000pg-2000w", "part: seasonic-prime-tx-1600\n    count: 2"))));

        var rows = two.Tables.Single(t => t.Key == "psus").Rows;
        Assert.Equal(2, rows.Count);
        Assert.Equal(Figure(one, "dc_load_w") / 2, (double)rows[0][2]!, 0.1);
        Assert.Equal(3200, Figure(two, "psu_capacity_w"));
        Assert.Empty(Of(two, ElectricalAnalysis.PsuCapacity));
        Assert.Single(Of(one, ElectricalAnalysis.PsuCapacity));
    }

    [Fact]
    public void Should_Report_Every_Documented_Figure_And_Table()
    {
        var result = Power(Repo.LoadRig("4x3090-x299-dark.rig.yaml"));
        string[] figures = ["dc_load_w", "wall_w", "heat_btu_per_h", "efficiency", "transient_peak_w", "slot_rail_v", "slot_path_current_a", "circuit_limit_w", "advised_power_limit_w"];
        foreach (var key in figures)
            Assert.Contains(result.Figures, f => f.Key == key);
        foreach (var key in new[] { "consumers", "psus", "connectors", "slot_path" })
            Assert.Contains(result.Tables, t => t.Key == key);

        Assert.InRange(Figure(result, "heat_btu_per_h") - (Figure(result, "wall_w") * 3.412142), -1, 1);
        Assert.Equal(Figure(result, "dc_load_w") / Figure(result, "wall_w"), Figure(result, "efficiency"), 3);
    }

    [Fact]
    public void Should_Use_Tdp_When_The_Cpu_Has_No_Load_Power_And_Say_So()
    {
        var rig = Repo.LoadRig("4x3090-x299-dark.rig.yaml");
        var noLoad = rig with { Cpu = rig.Cpu with { LoadPower = null } };

        var consumers = ElectricalModel.Consumers(noLoad, noLoad.Gpus.Select(g => g.PowerLimit).ToList());
        Assert.Equal(rig.Cpu.Tdp, consumers[0].Power);
        Assert.Contains("TDP", consumers[0].Basis);
    }

    [Fact]
    public void Should_Advise_A_Limit_Inside_Every_Limit()
    {
        foreach (var example in new[] { "4x3090-c9x299-rpgf.rig.yaml", "4x3090-x299-dark.rig.yaml", "4x3090-open-air.rig.yaml", "4x3090-i7-7820x.rig.yaml" })
        {
            var rig = Repo.LoadRig(example);
            var advised = Figure(Power(rig), "advised_power_limit_w");
            Assert.True(advised > 0, example);
            Assert.True(PowerLimitAdvice.WithinAll(ElectricalModel.EvaluateCapped(rig, Watts.From(advised))), example);
            Assert.False(PowerLimitAdvice.WithinAll(ElectricalModel.EvaluateCapped(rig, Watts.From(advised + 5))), example);
        }
    }

    [Fact]
    public void Should_List_Every_Power_Rule_In_The_Rules_Doc_And_Every_Figure_In_The_Json_Doc()
    {
        var rules = File.ReadAllText(Repo.Docs("rules.md"));
        foreach (var rule in new ElectricalAnalysis().Rules)
            Assert.Contains($"| {rule.Id} | {rule.Severity.ToString().ToLowerInvariant()} | {rule.Title} |", rules);

        var json = File.ReadAllText(Repo.Docs("json.md"));
        var result = Power(Repo.LoadRig("4x3090-x299-dark.rig.yaml"));
        foreach (var figure in result.Figures)
            Assert.Contains($"`{figure.Key}`", json);
        foreach (var table in result.Tables)
            Assert.Contains($"`{table.Key}[]`", json);
    }
}

public class ElectricalCultureTests
{
    [Fact]
    public void Should_Write_The_Same_Power_Report_Under_A_Decimal_Comma_Culture()
    {
        var rig = Repo.LoadRig("4x3090-c9x299-rpgf.rig.yaml");
        string Render() => Rigsmith.Reporting.JsonReport.Render(Analyzer.Run(AnalysisContext.For(rig), [new ElectricalAnalysis()]));

        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var invariant = Render();
            // Tests may run in globalization-invariant mode, so build a decimal-comma culture by hand.
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = comma;
            Assert.Equal(invariant, Render());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}

public class ElectricalPsuVariantTests
{
    [Fact]
    public void Should_Derate_To_The_Low_Line_Rating_At_120_V()
    {
        var rig = ElectricalTestRigs.Parse(Repo.ReferenceYaml([ElectricalTestRigs.Psu("seasonic-prime-tx-1600"), .. ElectricalTestRigs.UsSite15A]));
        var psu = rig.Psus[0].Psu with { WattageLowLine = Watts.From(1200) };
        var derated = rig with { Psus = [new Rigsmith.Rigs.PsuInstall(psu, 1, null)] };

        var state = ElectricalModel.Evaluate(derated);
        Assert.Equal(1200, state.Capacity.Value);
        Assert.True(state.Psus[0].LowLine);
        var finding = Assert.Single(ElectricalTestRigs.Of(new ElectricalAnalysis().Run(derated), ElectricalAnalysis.PsuCapacity));
        Assert.Contains("low-line", finding.Message);
    }

    [Fact]
    public void Should_Flag_A_Psu_Without_Eps_Leads_For_The_Cpu()
    {
        var rig = Repo.LoadRig("4x3090-x299-dark.rig.yaml");
        var psu = rig.Psus[0].Psu with { Cables = rig.Psus[0].Psu.Cables.Where(c => c.Connector != Rigsmith.Standards.PowerConnector.Eps8).ToList() };
        var result = new ElectricalAnalysis().Run(rig with { Psus = [new Rigsmith.Rigs.PsuInstall(psu, 1, null)] });

        var finding = Assert.Single(ElectricalTestRigs.Of(result, ElectricalAnalysis.CpuPower));
        Assert.Equal(Severity.Error, finding.Severity);
    }

    [Fact]
    public void Should_Say_When_The_Efficiency_Curve_Is_Assumed()
    {
        var result = new ElectricalAnalysis().Run(Repo.LoadRig("4x3090-x299-dark.rig.yaml"));
        var row = Assert.Single(result.Tables.Single(t => t.Key == "psus").Rows);
        Assert.StartsWith("Assumption:", (string)row[7]!);
    }
}
