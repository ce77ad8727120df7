using System.Text.Json.Nodes;
using Json.Schema;
using Rigsmith.Analysis;
using Rigsmith.Input;
using Rigsmith.Optimizer.Spec;
using Rigsmith.Training;
using YamlDotNet.RepresentationModel;

namespace Rigsmith.Optimizer.Tests;

/// <summary>
/// The shipped example specs end to end: each answer is proven optimal, its rig file passes the full check with exit 0
/// (warnings allowed), the workload fits on it, and it costs no more than the budget.
/// </summary>
public class ExampleSpecTests
{
    public static TheoryData<string> Examples() =>
        new(Directory.GetFiles(Path.Combine(Repo.Root, "examples"), "*.optimize.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_is_answered_optimally_with_a_rig_that_passes_the_check(string file)
    {
        var spec = Repo.ExampleSpec(file);
        var result = Repo.Optimize(spec);

        Assert.Equal(Proof.Optimal, result.Proof);
        var best = result.Best!;
        // Every job of the spec, each checked on the build.
        Assert.Equal(spec.Jobs.Count, best.Reports.Count);
        foreach (var report in best.Reports)
        {
            Assert.Equal(0, report.ExitCode);
            Assert.DoesNotContain(report.Findings, f => f.Severity == Severity.Error);
            Assert.NotEqual(FitVerdict.DoesNotFit, report.Plan.Training!.Estimate.Verdict);
        }

        if (spec.Budget is { } budget)
            Assert.True(best.Selection.Cents <= budget.Amount * 100, $"{best.Selection.Cents} cents over the budget");
        Assert.InRange(best.Selection.Gpus.Count, spec.GpusMin, spec.GpusMax);
    }

    [Fact]
    public void The_sdxl_example_runs_on_one_15_A_circuit_at_120_V()
    {
        var result = Repo.Optimize(Repo.ExampleSpec("sdxl-full-120v.optimize.yaml"));
        var electrical = result.Best!.Report.Plan.Electrical.AsSet;
        // NEC continuous load: 80 % of 120 V x 15 A.
        Assert.True(electrical.Wall.Value <= 120 * 15 * 0.8, $"{electrical.Wall} at the wall");
    }

    [Fact]
    public void Owned_parts_are_used_and_cost_nothing()
    {
        var spec = Repo.ExampleSpec("llama-8b-qlora-owned.optimize.yaml");
        var result = Repo.Optimize(spec);
        var lines = result.Best!.Selection.Lines;
        foreach (var owned in spec.Owned)
        {
            var line = Assert.Single(lines, l => l.Part.Id == owned.Id);
            Assert.True(line.Units >= owned.Count);
            Assert.Equal(owned.Count, line.Owned);
            Assert.Equal((line.Units - owned.Count) * line.UnitCents, line.Cents);
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_matches_the_spec_schema_and_its_answer_the_rig_schema(string file)
    {
        SchemaRegistry.Global.Register(JsonSchema.FromFile(Path.Combine(Repo.Root, "docs", "schema", "catalog.schema.json")));
        var specSchema = JsonSchema.FromFile(Path.Combine(Repo.Root, "docs", "schema", "optimize.schema.json"));
        var rigSchema = JsonSchema.FromFile(Path.Combine(Repo.Root, "docs", "schema", "rig.schema.json"));
        Assert.True(specSchema.Evaluate(Json(File.ReadAllText(Repo.Example(file)))).IsValid);
        var rig = Repo.Optimize(Repo.ExampleSpec(file)).Best!.RigYaml;
        Assert.True(rigSchema.Evaluate(Json(rig)).IsValid, rig);
    }

    [Fact]
    public void The_spec_schema_rejects_what_the_reader_rejects()
    {
        var specSchema = JsonSchema.FromFile(Path.Combine(Repo.Root, "docs", "schema", "optimize.schema.json"));
        var text = File.ReadAllText(Repo.Example("sdxl-full-120v.optimize.yaml"));
        foreach (var bad in new[] { text.Replace("budget: 6000 USD", "budget: 6000", StringComparison.Ordinal), text + "budgett: 1 USD\n", text.Replace("  batch:", "  gpus: \"2\"\n  batch:", StringComparison.Ordinal) })
        {
            Assert.False(specSchema.Evaluate(Json(bad)).IsValid, bad);
            Assert.False(Repo.Read(bad).Ok);
        }
    }

    [Fact]
    public void The_html_answer_charts_the_front_and_lists_the_parts()
    {
        var result = Repo.Optimize(Repo.ExampleSpec("sdxl-full-120v.optimize.yaml"));
        var html = Output.OptimizeHtml.Render(result);

        Assert.True(result.Front.Count > 1);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains(Output.OptimizeSummary.Money(result.Best!.Selection.Cents, result.Spec), html, StringComparison.Ordinal);
        foreach (var line in result.Best.Selection.Lines)
            Assert.Contains(line.Part.Id, html, StringComparison.Ordinal);
    }

    /// <summary>
    /// The front is what it says: ordered by cost, each point faster than the one before (by the model's throughput it
    /// was built on), and the least-money answer of the same spec is its first point.
    /// </summary>
    [Fact]
    public void The_front_rises_in_cost_and_throughput_from_the_cheapest_build()
    {
        var spec = Repo.ExampleSpec("sdxl-full-120v.optimize.yaml");
        var front = Repo.Optimize(spec).Front;
        for (var i = 1; i < front.Count; i++)
        {
            Assert.True(front[i].Build.Selection.Cents >= front[i - 1].Build.Selection.Cents);
            Assert.True(front[i].ModelSamplesPerSecond > front[i - 1].ModelSamplesPerSecond);
        }

        var cheapest = Repo.Optimize(spec with { Objective = Objective.LeastMoney }).Best!;
        Assert.Equal(cheapest.Selection.Cents, front[0].Build.Selection.Cents);
    }

    /// <summary>
    /// The ratio objective (Dinkelbach's iteration) against every build the other objectives found: none of them, all
    /// checked, gives more samples per second per dollar than its answer; and the fastest answer is at least as fast as
    /// every point of the front.
    /// </summary>
    [Fact]
    public void Each_objective_beats_every_checked_build_the_others_found()
    {
        var spec = Repo.ExampleSpec("sdxl-full-120v.optimize.yaml");
        var fastest = Repo.Optimize(spec with { Objective = Objective.MostThroughput });
        var value = Repo.Optimize(spec with { Objective = Objective.ThroughputPerMoney });
        var others = fastest.Front.Select(p => p.Build).Concat(fastest.RunnersUp).Append(fastest.Best!).ToList();

        Assert.Equal(Proof.Optimal, value.Proof);
        double Ratio(Verification.Verified v) => v.SamplesPerSecond / (v.Selection.Cents + 1);
        Assert.All(others, o => Assert.True(Ratio(value.Best!) >= Ratio(o) - 1e-12, $"{o.Selection.Key} has a better ratio"));
        Assert.All(fastest.Front, p => Assert.True(fastest.Best!.SamplesPerSecond >= p.Build.SamplesPerSecond - 1e-9));
    }

    private static JsonNode? Json(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return YamlToJson.Convert(stream.Documents[0].RootNode);
    }
}
