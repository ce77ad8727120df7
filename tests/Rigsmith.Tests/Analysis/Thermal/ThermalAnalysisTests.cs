using Rigsmith.Analysis;
using Rigsmith.Analysis.Thermal;
using Rigsmith.Catalog;
using Rigsmith.Tests.Support;
using Rigsmith.Units;
using static Rigsmith.Tests.Analysis.RigVariants;

namespace Rigsmith.Tests.Analysis.Thermal;

public class ThermalAnalysisTests
{
    private static readonly ThermalAnalysis Thermal = new();

    [Fact]
    public void Stacked_open_air_cards_are_flagged_high_risk_for_cooling()
    {
        var result = Thermal.Run(Repo.LoadRig("4x3090-open-air.rig.yaml"));

        var blocked = result.Findings.Where(f => f.Rule == ThermalAnalysis.BlockedIntake).ToList();
        Assert.Equal(3, blocked.Count);
        Assert.All(blocked, f => Assert.Contains("2.6×", f.Message));
        Assert.Equal(["high", "high", "high", "low"], Column(result, "gpus", "risk").Cast<string>());
        Assert.Equal("high", Figure(result, "highest_risk"));
    }

    [Fact]
    public void Stacked_blowers_at_350_w_are_medium_risk_and_only_noted()
    {
        var result = Thermal.Run(Repo.LoadRig("4x3090-x299-dark.rig.yaml"));

        Assert.DoesNotContain(result.Findings, f => f.Severity != Severity.Info);
        Assert.Equal(3, result.Findings.Count(f => f.Rule == ThermalAnalysis.SandwichedBlower));
        Assert.Equal(["medium", "medium", "medium", "low"], Column(result, "gpus", "risk").Cast<string>());
    }

    [Fact]
    public void A_passive_card_on_a_benchtable_is_an_error()
    {
        var rig = Reference(("  - part: manli-rtx-3090-blower", "  - part: nvidia-tesla-p40"));

        var result = Thermal.Run(rig);

        var finding = Assert.Single(result.Findings, f => f.Rule == ThermalAnalysis.PassiveWithoutAirflow);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("benchtable", finding.Message);
        Assert.Equal("high", Column(result, "gpus", "risk")[2]);
    }

    [Fact]
    public void A_passive_card_in_a_rackmount_chassis_is_fine()
    {
        var rig = Reference(
            ("  - part: manli-rtx-3090-blower", "  - part: nvidia-tesla-p40"),
            ("chassis: generic-eatx-open-benchtable-4gpu", "chassis: test-rack"),
            WithCustomParts("""
                  chassis:
                    - id: test-rack
                      name: Test 4U rack chassis
                      vendor: test
                      kind: rackmount
                      form_factors: [atx, eatx]
                      expansion_slots: 8
                      max_gpu_length: 330 mm
                      gpu_capacity: 4
                      assumed: {kind: test part, form_factors: test part, expansion_slots: test part, max_gpu_length: test part, gpu_capacity: test part}

                """));

        var result = Thermal.Run(rig);

        Assert.DoesNotContain(result.Findings, f => f.Rule == ThermalAnalysis.PassiveWithoutAirflow);
    }

    [Fact]
    public void A_warm_room_raises_every_cards_risk_and_is_flagged()
    {
        var rig = Reference(("ambient: 28 °C", "ambient: 34 °C"));

        var result = Thermal.Run(rig);

        Assert.Single(result.Findings, f => f.Rule == ThermalAnalysis.WarmRoom);
        Assert.Equal(["high", "high", "high", "medium"], Column(result, "gpus", "risk").Cast<string>());
    }

    [Fact]
    public void Open_air_cards_in_a_tower_are_flagged()
    {
        var rig = RigVariants.Parse(File.ReadAllText(Repo.Example("4x3090-open-air.rig.yaml"))
            .Replace("chassis: generic-eatx-open-benchtable-4gpu", "chassis: test-tower", StringComparison.Ordinal)
            .Replace("workload:", """
                custom_parts:
                  chassis:
                    - id: test-tower
                      name: Test tower
                      vendor: test
                      kind: tower
                      form_factors: [atx, eatx]
                      expansion_slots: 10
                      max_gpu_length: 400 mm
                      gpu_capacity: 4
                      assumed: {kind: test part, form_factors: test part, expansion_slots: test part, max_gpu_length: test part, gpu_capacity: test part}
                workload:
                """, StringComparison.Ordinal));

        var result = Thermal.Run(rig);

        Assert.Single(result.Findings, f => f.Rule == ThermalAnalysis.TowerOpenAir);
        Assert.Equal("medium", Column(result, "gpus", "risk")[3]);
    }

    [Fact]
    public void Heat_is_the_sum_of_gpu_power_limits_and_the_cpu()
    {
        var rig = Reference(("    slot: PE1\n", "    slot: PE1\n    power_limit: 250 W\n"));

        var result = Thermal.Run(rig);

        Assert.Equal(250.0 + 3 * 350, Figure(result, "gpu_heat_w"));
        var cpu = rig.Cpu.LoadPower ?? rig.Cpu.Tdp;
        Assert.Equal(250.0 + 3 * 350 + cpu.Value, Figure(result, "gpu_cpu_heat_w"));
    }

    [Fact]
    public void A_wider_gap_never_raises_the_risk()
    {
        var rig = Repo.LoadRig("4x3090-open-air.rig.yaml");
        foreach (var cooler in Enum.GetValues<Cooler>())
        {
            var install = rig.Gpus[0] with { Gpu = rig.Gpus[0].Gpu with { Cooler = cooler } };
            foreach (var chassis in new ChassisKind?[] { null, ChassisKind.Tower, ChassisKind.Benchtable, ChassisKind.OpenFrame, ChassisKind.Rackmount })
            {
                var previous = CoolingRisk.High;
                for (var gap = -1.0; gap <= 4.0; gap += 0.25)
                {
                    var risk = CoolingModel.Assess(install, Slots.From(gap), chassis, 4, Celsius.From(25)).Risk;
                    Assert.True(risk <= previous, $"{cooler} in {chassis}: gap {gap} gave {risk}, above {previous} at a smaller gap");
                    previous = risk;
                }

                Assert.True(CoolingModel.Assess(install, null, chassis, 4, Celsius.From(25)).Risk <= previous);
            }
        }
    }
}
