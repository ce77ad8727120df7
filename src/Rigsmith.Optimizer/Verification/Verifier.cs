using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Optimizer.Solving;
using Rigsmith.Optimizer.Spec;
using Rigsmith.Planning;
using Rigsmith.Training.Models;

namespace Rigsmith.Optimizer.Verification;

/// <summary>A build written as a rig file and put through the full check, as <c>rigsmith check</c> would.</summary>
/// <param name="SamplesPerSecond">The workload's throughput on this rig as the check's plan has it (its real links and ring).</param>
public sealed record Verified(Selection Selection, string RigYaml, Report Report, double SamplesPerSecond)
{
    public bool Passes => Report.ExitCode == 0;

    /// <summary>The rule ids of the errors that failed it.</summary>
    public IReadOnlyList<string> Errors => Report.Findings.Where(f => f.Severity == Severity.Error).Select(f => f.Rule.Id).Distinct().ToList();
}

public static class Verifier
{
    /// <summary>The name a generated rig file's problems would carry; they are the optimizer's bugs, not the user's.</summary>
    public const string RigName = "optimized.rig.yaml";

    public static Verified Verify(OptimizeSpec spec, Selection selection, PartCatalog catalog, ModelZoo zoo)
    {
        var yaml = RigWriter.Write(spec, selection);
        var loaded = RigInput.Load(RigSource.Text(yaml, RigName), catalog, () => LoadResult<ModelZoo>.Success(zoo));
        if (!loaded.Ok)
        {
            throw new InvalidOperationException("the optimizer wrote a rig file that does not load:\n"
                + string.Join('\n', loaded.Problems) + "\n" + yaml);
        }

        var report = Analyzer.Check(loaded.Value!.Rig, loaded.Value.Job);
        return new Verified(selection, yaml, report, report.Plan.Training?.Estimate.SamplesPerSecond ?? 0);
    }
}
