using Rigsmith.Optimizer.Spec;

namespace Rigsmith.Optimizer.Tests;

/// <summary>Specs with several workloads, each with a weight: every job must run on the build, and the score is an effective samples/s.</summary>
public class WeightedWorkloadTests
{
    private const string Sdxl = """
              model: sdxl
              method: lora
              lora_rank: "32"
              optimizer: adamw8bit
              precision: bf16-mixed
              gradient_checkpointing: "true"
              batch: "2"
              resolution: "1024"
              cache_latents: "true"
              dataset_size: "4000"
              epochs: "5"
        """;

    private const string Rest = """
        objective: shortest-time
        budget: 8000 USD
        site:
          mains: 230 V
          breaker: 16 A
        gpus: {min: 1, max: 4}
        """;

    private static string Single() => "name: one\nworkload:\n" + Indent(Sdxl, "  ") + Rest;

    private static string Twice(double a, double b) =>
        $"name: twice\nworkloads:\n  - weight: {a}\n    workload:\n" + Indent(Sdxl, "      ") + $"  - weight: {b}\n    workload:\n" + Indent(Sdxl, "      ") + Rest;

    private static string Indent(string block, string prefix) =>
        string.Concat(block.Split('\n').Where(l => l.Trim().Length > 0).Select(l => prefix + l.Trim() + "\n"));

    /// <summary>The same job listed twice, whatever the weights, is the job once: any mean of equal figures is that figure.</summary>
    [Fact]
    public void The_same_job_twice_is_answered_as_the_job_once()
    {
        var one = Repo.Optimize(Repo.Spec(Single()));
        var twice = Repo.Spec(Twice(3, 1));
        var two = Repo.Optimize(twice);

        Assert.Equal(2, twice.Jobs.Count);
        Assert.Equal(Proof.Optimal, two.Proof);
        Assert.Equal(one.Best!.Selection.Key, two.Best!.Selection.Key);
        Assert.Equal(one.Best.SamplesPerSecond, two.Best.SamplesPerSecond, 9);
        Assert.Equal(2, two.Best.Reports.Count);
    }

    /// <summary>
    /// Shortest time over several jobs: the samples of every run over the time they all take, which is the weighted
    /// harmonic mean of the jobs' samples/s weighted by the samples each does (1 / (0.5 / 2 + 0.5 / 8) = 3.2).
    /// </summary>
    [Fact]
    public void The_shortest_time_score_is_total_samples_over_total_time()
    {
        var spec = Repo.Spec(Twice(1, 1));
        Assert.Equal(3.2, spec.Score([2, 8]), 9);
        // Most throughput: the mean over the machine's time, each job its weight's share (3 x 2 + 1 x 8) / 4.
        var most = Repo.Spec(Twice(3, 1).Replace("shortest-time", "most-throughput", StringComparison.Ordinal));
        Assert.Equal(3.5, most.Score([2, 8]), 9);
        Assert.Equal(0, most.Score([2, 0]));
    }

    [Fact]
    public void Every_job_must_fit_on_the_build()
    {
        var example = Repo.ExampleSpec("sdxl-and-llama-two-circuits.optimize.yaml");
        var result = Repo.Optimize(example);
        var alone = Repo.Optimize(example with { Jobs = [example.Jobs[0]] });

        Assert.True(result.Best!.Passes);
        Assert.All(result.Best.Reports, r => Assert.True(r.Plan.Training!.Estimate.Fits));
        Assert.EndsWith("; with the other jobs: job 2 exit 0", Output.OptimizeSummary.CheckLine(result.Best), StringComparison.Ordinal);
        // The Llama job needs more memory per GPU than the SDXL LoRA alone: the build for both has at least as much.
        Assert.True(result.Best.Selection.Gpus.Gpu.Part.Vram >= alone.Best!.Selection.Gpus.Gpu.Part.Vram);
        Assert.True(result.Best.Reports[1].Plan.Training!.Estimate.Worst.Needed.Value > alone.Best.Report.Plan.Training!.Estimate.Worst.Needed.Value);
    }

    [Theory]
    [InlineData("  - weight: 0\n", "workloads[0].weight")]
    [InlineData("  - weight: -2\n", "workloads[0].weight")]
    public void A_bad_weight_is_one_problem_at_its_field(string weight, string field)
    {
        var yaml = Twice(3, 1).Replace("  - weight: 3\n", weight, StringComparison.Ordinal);
        var problem = Assert.Single(Repo.Read(yaml).Problems);

        Assert.Equal(field, problem.Field);
        Assert.Equal(3, problem.Line);
    }

    [Fact]
    public void Workload_and_workloads_together_are_one_problem()
    {
        var yaml = Twice(3, 1) + "\nworkload:\n" + Indent(Sdxl, "  ");
        var problem = Assert.Single(Repo.Read(yaml).Problems);

        Assert.Equal("workloads", problem.Field);
        Assert.Contains("both workload and workloads", problem.Message, StringComparison.Ordinal);
    }
}
