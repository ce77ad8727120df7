using Rigsmith.Analysis.Electrical;
using Rigsmith.Catalog;
using Rigsmith.Planning.Electrical;
using Rigsmith.Rigs;
using Rigsmith.Standards;
using Rigsmith.Tests.Support;
using Rigsmith.Units;

namespace Rigsmith.Tests.Analysis.Electrical;

/// <summary>Monotonicity properties of the electrical model over many generated rigs (seeded, so failures reproduce).</summary>
public class ElectricalPropertyTests
{
    private static readonly string[] Examples =
        ["4x3090-c9x299-rpgf.rig.yaml", "4x3090-x299-dark.rig.yaml", "4x3090-open-air.rig.yaml", "4x3090-i7-7820x.rig.yaml"];

    private const double Tolerance = 1e-9;

    /// <summary>Rigs from every example with 1-4 of its GPUs, every catalog PSU (1 or 2 units), several mains voltages and ambients.</summary>
    private static IEnumerable<RigModel> GeneratedRigs(int seed, int count)
    {
        var random = new Random(seed);
        var bases = Examples.Select(Repo.LoadRig).ToList();
        var psus = Repo.Catalog.OfType<Psu>().ToList();
        double[] mains = [100, 115, 120, 127, 208, 220, 230, 240];
        for (var n = 0; n < count; n++)
        {
            var rig = bases[random.Next(bases.Count)];
            var gpus = rig.Gpus.Take(1 + random.Next(rig.Gpus.Count)).ToList();
            var psu = psus[random.Next(psus.Count)];
            var site = rig.Site with
            {
                Mains = Volts.From(mains[random.Next(mains.Length)]),
                Breaker = Amperes.From(10 + random.Next(25)),
                Ambient = Celsius.From(15 + random.Next(30)),
            };
            yield return rig with { Gpus = gpus, Psus = [new PsuInstall(psu, 1 + random.Next(2), null)], Site = site };
        }
    }

    private static List<Watts> RandomLimits(RigModel rig, Random random) =>
        rig.Gpus.Select(g => Watts.From(g.Gpu.PowerLimitMin.Value + (random.NextDouble() * (g.Gpu.PowerLimitMax.Value - g.Gpu.PowerLimitMin.Value)))).ToList();

    private static void NotLower(ElectricalState before, ElectricalState after, string context)
    {
        Assert.True(after.DcLoad.Value >= before.DcLoad.Value - Tolerance, $"dc_load_w fell: {context}");
        Assert.True(after.Wall.Value >= before.Wall.Value - Tolerance, $"wall_w fell {before.Wall} -> {after.Wall}: {context}");
        Assert.True(after.SlotPath.Current.Value >= before.SlotPath.Current.Value - Tolerance, $"slot path current fell: {context}");
    }

    [Fact]
    public void Should_Never_Lower_Load_Wall_Or_Slot_Current_When_A_Power_Limit_Rises()
    {
        var random = new Random(7);
        var checkedCases = 0;
        foreach (var rig in GeneratedRigs(seed: 11, count: 300))
        {
            var limits = RandomLimits(rig, random);
            var before = ElectricalModel.Evaluate(rig, limits);
            for (var i = 0; i < rig.Gpus.Count; i++)
            {
                foreach (var step in new[] { 1.0, 5.0, 25.0, 100.0 })
                {
                    var raised = limits.ToList();
                    raised[i] = Watts.From(Math.Min(raised[i].Value + step, rig.Gpus[i].Gpu.PowerLimitMax.Value));
                    NotLower(before, ElectricalModel.Evaluate(rig, raised), $"{rig.Name}, GPU{i + 1} +{step} W, {rig.Psus[0].Psu.Id} x{rig.Psus[0].Count} at {rig.Site.Mains}");
                    checkedCases++;
                }
            }
        }

        Assert.True(checkedCases > 1000);
    }

    [Fact]
    public void Should_Never_Lower_Load_Wall_Or_Slot_Current_When_A_Gpu_Is_Added()
    {
        var random = new Random(13);
        foreach (var rig in GeneratedRigs(seed: 17, count: 300))
        {
            var full = Repo.LoadRig(Examples[random.Next(Examples.Length)]);
            var withAll = rig with { Gpus = full.Gpus, Board = full.Board };
            var limits = RandomLimits(withAll, random);
            for (var k = 0; k < withAll.Gpus.Count; k++)
            {
                var fewer = withAll with { Gpus = withAll.Gpus.Take(k).ToList() };
                var more = withAll with { Gpus = withAll.Gpus.Take(k + 1).ToList() };
                NotLower(ElectricalModel.Evaluate(fewer, limits.Take(k).ToList()), ElectricalModel.Evaluate(more, limits.Take(k + 1).ToList()),
                    $"{k} -> {k + 1} GPUs on {rig.Psus[0].Psu.Id} at {rig.Site.Mains}");
            }
        }
    }

    [Fact]
    public void Should_Never_Lower_Slot_Rail_When_An_Auxiliary_Slot_Power_Header_Is_Added()
    {
        PowerConnector[] headers = [PowerConnector.Pcie6, PowerConnector.Pcie8, PowerConnector.Molex, PowerConnector.Eps8];
        var random = new Random(19);
        foreach (var rig in GeneratedRigs(seed: 23, count: 200))
        {
            var limits = RandomLimits(rig, random);
            var board = rig.Board;
            var current = board.Power.SlotPower.ToList();
            foreach (var header in headers)
            {
                var added = rig with { Board = board with { Power = board.Power with { SlotPower = [.. current, header] } } };
                var before = ElectricalModel.Evaluate(rig, limits).SlotPath.SlotVoltage;
                var after = ElectricalModel.Evaluate(added, limits).SlotPath.SlotVoltage;
                Assert.True(after >= before, $"{header} on {board.Id}: {before} -> {after}");
            }
        }
    }

    [Fact]
    public void Should_Keep_The_Slot_Path_Monotonic_Over_A_Parameter_Grid()
    {
        PowerConnector[] headers = [PowerConnector.Pcie6, PowerConnector.Pcie8, PowerConnector.Molex, PowerConnector.Eps8];
        for (var ambient = 0; ambient <= 50; ambient += 10)
        {
            for (var load = 0; load <= 800; load += 20)
            {
                var list = new List<PowerConnector>();
                var previous = SlotPath.Solve(list, Watts.From(load), Celsius.From(ambient));
                var lighter = SlotPath.Solve(list, Watts.From(Math.Max(0, load - 20)), Celsius.From(ambient));
                Assert.True(lighter.SlotVoltage >= previous.SlotVoltage);
                Assert.True(lighter.Current <= previous.Current || previous.Collapsed);
                foreach (var header in headers)
                {
                    list.Add(header);
                    var next = SlotPath.Solve(list, Watts.From(load), Celsius.From(ambient));
                    Assert.True(next.SlotVoltage >= previous.SlotVoltage, $"{load} W, {list.Count} headers");
                    // Branch currents add up to the total: current is conserved at the slots.
                    Assert.Equal(next.Current.Value, next.Branches.Sum(b => b.Current.Value), 1e-6);
                    previous = next;
                }
            }
        }
    }

    [Fact]
    public void Should_Interpolate_Efficiency_Between_The_80_Plus_Points()
    {
        var high = Volts.From(230);
        var low = Volts.From(115);
        Assert.Equal(0.96, Efficiency.At(EfficiencyRating.Titanium, high, 0.5), 9);
        Assert.Equal(0.94, Efficiency.At(EfficiencyRating.Titanium, high, 1.2), 9);
        // Titanium is rated at 10 % too: 90 %, and linear from there to the 20 % point.
        Assert.Equal(0.90, Efficiency.At(EfficiencyRating.Titanium, low, 0.1), 9);
        Assert.Equal(0.91, Efficiency.At(EfficiencyRating.Titanium, low, 0.15), 9);
        Assert.Equal(0.92, Efficiency.At(EfficiencyRating.Titanium, low, 0.2), 9);
        Assert.Equal(0.92, Efficiency.At(EfficiencyRating.Titanium, high, 0.15), 9);
        Assert.Equal(0.82, Efficiency.At(EfficiencyRating.Bronze, low, 0.1), 9);
        Assert.Equal(0.885, Efficiency.At(EfficiencyRating.Gold, low, 0.35), 9);
        Assert.Equal(0.80, Efficiency.At(EfficiencyRating.None, high, 0.5), 9);
        foreach (var rating in Enum.GetValues<EfficiencyRating>())
        {
            for (var f = 0.0; f <= 1.5; f += 0.05)
                Assert.InRange(Efficiency.At(rating, low, f), 0.7, 1.0);
        }
    }
}
