using Rigsmith.Optimizer.Cli;
using Rigsmith.Optimizer.Spec;

namespace Rigsmith.Optimizer.Tests;

/// <summary>A bad spec gets one clear message per problem, naming the file, line and field, with a suggestion.</summary>
public class SpecReaderTests
{
    private const string Good = """
        name: test
        workload:
          model: sdxl
          method: lora
        site:
          mains: 230 V
          breaker: 10 A
        """;

    [Theory]
    [InlineData("budgett: 100 USD", 8, "budgett", "did you mean 'budget'?")]
    [InlineData("budget: lots", 8, "budget", "like 6000 USD")]
    [InlineData("objective: cheapest", 8, "objective", "least-money")]
    [InlineData("gpus: {min: 4, max: 2}", 8, "gpus", "swap them")]
    [InlineData("owned:\n  - part: nvidia-rtx-309-fe", 9, "owned[0].part", "nvidia-rtx-3090-fe")]
    [InlineData("owned:\n  - part: my-old-card", 9, "owned[0].part", "'rigsmith parts my old card' searches the catalog")]
    [InlineData("exclude: [samsung-990-pro-2t]", 8, "exclude", "samsung-990-pro-2tb")]
    [InlineData("chassis: [tower, open-air]", 8, "chassis", "open-frame")]
    [InlineData("storage: 2", 8, "storage", "GiB")]
    public void A_bad_value_is_one_problem_at_its_line(string extra, int line, string field, string hint)
    {
        var read = Repo.Read(Good + "\n" + extra + "\n");
        var problem = Assert.Single(read.Problems);
        Assert.Equal(line, problem.Line);
        Assert.Equal(field, problem.Field);
        Assert.Contains(hint, problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_gpu_count_is_not_a_workload_key()
    {
        var problem = Assert.Single(Repo.Read(Good.Replace("  method: lora", "  method: lora\n  gpus: \"4\"", StringComparison.Ordinal)).Problems);
        Assert.Equal("workload.gpus", problem.Field);
        Assert.Contains("set gpus: at the top level", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Workload_problems_come_with_the_rest()
    {
        var read = Repo.Read(Good.Replace("model: sdxl", "model: sdxxl", StringComparison.Ordinal) + "\nbudget: lots\n");
        Assert.Equal(2, read.Problems.Count);
        Assert.Contains(read.Problems, p => p.Field == "workload.model" && p.ToString().Contains("sdxl", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var spec = Repo.Spec(Good);
        Assert.Equal(Objective.LeastMoney, spec.Objective);
        // docs/optimize.md: 1 to 8 GPUs, USD, a 1 TB drive, any condition, 10 s.
        Assert.Equal((1, 8), (spec.GpusMin, spec.GpusMax));
        Assert.Equal("USD", spec.Currency);
        Assert.Equal(1e12, spec.Storage.Value);
        Assert.Equal(ConditionChoice.Any, spec.Condition);
        Assert.Equal(10, spec.TimeLimit.Value);
    }

    [Fact]
    public void The_program_answers_bad_input_with_exit_2_and_no_stack_trace()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rigsmith-bad-{Guid.NewGuid():N}.optimize.yaml");
        File.WriteAllText(path, Good + "\nbudget: lots\n");
        try
        {
            var (output, error) = (new StringWriter(), new StringWriter());
            Assert.Equal(2, OptimizeProgram.Run([path, "--catalog", Path.Combine(Repo.Root, "catalog"), "--models", Path.Combine(Repo.Root, "models")], output, error));
            Assert.Equal($"{path}:8:9: budget: 'lots' is not an amount of money (write it as an amount and an ISO 4217 code, like 6000 USD)", error.ToString().Trim());
            Assert.Equal(2, OptimizeProgram.Run([path, "--fromat", "json"], output, error));
            Assert.Contains("unknown option '--fromat'", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
