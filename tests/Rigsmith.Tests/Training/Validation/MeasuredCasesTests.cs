using System.Globalization;
using Rigsmith.Tests.Support;
using Rigsmith.Training.Models;
using Rigsmith.Training.Validation;
using Xunit.Abstractions;

namespace Rigsmith.Tests.Training.Validation;

/// <summary>The training model against every published measurement in models/measurements.yaml.</summary>
public class MeasuredCasesTests(ITestOutputHelper output)
{
    private static IReadOnlyList<CaseResult> Results()
    {
        var cases = MeasuredCases.Load(Path.Combine(Repo.Root, "models", "measurements.yaml"));
        Assert.True(cases.Ok, string.Join("\n", cases.Problems));
        return MeasuredCases.Evaluate(cases.Value!, Repo.Zoo);
    }

    [Fact]
    public void Reports_the_error_on_every_case()
    {
        foreach (var r in Results())
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Case.Id,-5} {(r.Case.Calibration ? "calib" : "held"),-5} mem {r.PredictedMemoryGib,7:0.00} vs {r.Case.MemoryGib,6:0.00} GiB ({r.MemoryError,7:+0%;-0%})  step {r.PredictedSecondsPerStep,7:0.000} vs {r.MeasuredSecondsPerStep,7:0.000} s ({r.SpeedError,7:+0%;-0%})"));
        }
    }
}
