using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Optimizer.Solving;
using Rigsmith.Optimizer.Spec;
using Rigsmith.Planning;
using Rigsmith.Training;
using Rigsmith.Training.Models;

namespace Rigsmith.Optimizer.Verification;

/// <summary>A build written as a rig file and put through the full check, as <c>rigsmith check</c> would.</summary>
/// <param name="Reports">The check with each of the spec's jobs, in its order: the first is the rig file's own workload.</param>
/// <param name="SamplesPerSecond">The spec's score on this rig (<see cref="OptimizeSpec.Score"/>) from the jobs' throughput as the checks' plans have it (the real links and ring).</param>
public sealed record Verified(Selection Selection, string RigYaml, IReadOnlyList<Report> Reports, double SamplesPerSecond)
{
    /// <summary>The check of the rig file as written (with its workload, the spec's first job).</summary>
    public Report Report => Reports[0];

    public bool Passes => Reports.All(r => r.ExitCode == 0);

    /// <summary>The rule ids of the errors that failed it.</summary>
    public IReadOnlyList<string> Errors => Reports.SelectMany(r => r.Findings).Where(f => f.Severity == Severity.Error).Select(f => f.Rule.Id).Distinct().ToList();
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

        var rig = loaded.Value!.Rig;
        // The rig file carries the first job; each other one is checked on the same rig and its hardware plan, with the
        // build's GPU count.
        var first = Analyzer.Check(rig, loaded.Value.Job);
        var reports = spec.Jobs.Select((j, i) => i == 0
                ? first
                : Analyzer.Check(new AnalysisContext(rig, Planner.WithJob(first.Plan, rig, new TrainingJob(j.Job.Settings with { Gpus = selection.Gpus.Count }, j.Job.Model)))))
            .ToList();
        return new Verified(selection, yaml, reports, spec.Score(reports.Select(r => r.Plan.Training?.Estimate.SamplesPerSecond ?? 0).ToList()));
    }
}
