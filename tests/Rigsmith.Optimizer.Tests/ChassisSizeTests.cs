using Rigsmith.Catalog;

namespace Rigsmith.Optimizer.Tests;

/// <summary>The spec's chassis size: the largest outside volume a chassis may have.</summary>
public class ChassisSizeTests
{
    /// <summary>
    /// The shipped prices hold no chassis of 70 L or less (the Define 7 XL is 82 L, the Core P3 TG Pro 71.7 L). A price
    /// book that prices the Corsair Air 540 (62.6 L) above them changes nothing without a size; with 70 L at most, the
    /// Air 540 is the answer, the larger ones are counted as left out, and relaxing the size gives back the cheaper build.
    /// </summary>
    [Fact]
    public void A_size_limit_picks_a_smaller_chassis_and_names_what_it_costs()
    {
        var spec = Repo.ExampleSpec("sdxl-full-120v.optimize.yaml");
        var any = Repo.OptimizeWithPrice(spec, "corsair-carbide-air-540", 300m, PriceCondition.New);
        var small = Repo.OptimizeWithPrice(spec with { ChassisSize = 70 }, "corsair-carbide-air-540", 300m, PriceCondition.New);

        Assert.True(any.Best!.Selection.Chassis.Part.Volume > 70);
        Assert.Equal(Proof.Optimal, small.Proof);
        var chassis = small.Best!.Selection.Chassis.Part;
        Assert.Equal("corsair-carbide-air-540", chassis.Id);
        Assert.True(chassis.Volume <= 70);
        Assert.True(small.Best.Passes);
        Assert.True(small.Candidates.LeftOut.Single(l => l.Category == PartCategory.Chassis).Unusable >= 1);
        var relaxed = Assert.Single(small.Relaxations, r => r.Constraint == "chassis_size");
        Assert.Equal(any.Best.Selection.Cents, relaxed.Answer!.Selection.Cents);
    }

    [Fact]
    public void A_size_is_read_in_litres_and_an_implausible_one_is_a_problem_at_its_line()
    {
        var text = File.ReadAllText(Repo.Example("sdxl-full-120v.optimize.yaml"));
        Assert.Equal(45, Repo.Spec(text + "\nchassis_size: 45 L\n").ChassisSize);
        var problem = Assert.Single(Repo.Read(text + "\nchassis_size: 45 m\n").Problems);
        Assert.Equal("chassis_size", problem.Field);
    }
}
