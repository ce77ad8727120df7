using System.Diagnostics.Metrics;
using Rigsmith.Analysis;
using Rigsmith.Planning;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Planning;

/// <summary>The plan-build counter is process-wide, so the tests that read it run alone.</summary>
[CollectionDefinition(nameof(PlanMetricsCollection), DisableParallelization = true)]
public sealed class PlanMetricsCollection;

[Collection(nameof(PlanMetricsCollection))]
public sealed class PlannerTests
{
    /// <summary>Counts model builds by model name while <paramref name="action"/> runs.</summary>
    private static Dictionary<string, long> CountBuilds(Action action)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PlanMetrics.MeterName && instrument.Name == PlanMetrics.ModelBuildsName)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "model")
                {
                    lock (counts)
                        counts[(string)tag.Value!] = counts.GetValueOrDefault((string)tag.Value!) + value;
                }
            }
        });
        listener.Start();
        action();
        return counts;
    }

    [Fact]
    public void A_check_of_the_reference_rig_builds_each_model_once()
    {
        var counts = CountBuilds(() =>
        {
            var result = CliRunner.Run("check", Repo.Example("4x3090-x299-dark.rig.yaml"), "--format", "json");
            Assert.Equal(1, result.ExitCode);
        });

        Assert.Equal(
            new Dictionary<string, long>
            {
                [PlanMetrics.Pcie] = 1,
                [PlanMetrics.Interconnect] = 1,
                [PlanMetrics.Electrical] = 1,
                [PlanMetrics.Layout] = 1,
                [PlanMetrics.Training] = 1,
            },
            counts);
    }

    [Fact]
    public void The_html_export_builds_each_model_once_too()
    {
        var counts = CountBuilds(() => Assert.Equal(0, CliRunner.Run("export", Repo.Example("4x3090-x299-dark.rig.yaml"), "--to", "html").ExitCode));

        Assert.All(counts.Values, n => Assert.Equal(1, n));
        Assert.Equal(5, counts.Count);
    }

    [Fact]
    public void A_rig_without_workload_has_no_training_plan()
    {
        var counts = CountBuilds(() => Assert.Null(Planner.Build(Repo.LoadRig("4x3090-x299-dark.rig.yaml")).Training));

        Assert.False(counts.ContainsKey(PlanMetrics.Training));
        Assert.Equal(1, counts[PlanMetrics.Pcie]);
    }
}

public sealed class PlanContentTests
{
    [Fact]
    public void Training_plan_reads_the_topology_and_power_of_the_same_plan()
    {
        var loaded = Repo.LoadWithJob("4x3090-x299-dark.rig.yaml");
        var plan = Planner.Build(loaded.Rig, loaded.Job);

        var training = Assert.IsType<TrainingPlan>(plan.Training);
        Assert.Equal(plan.Electrical.AsSet.Wall, training.Rig.WallPower);
        Assert.Equal(plan.Interconnect.RingBusBandwidth, training.Rig.AllreduceBusBandwidth);
        Assert.Equal(plan.Pcie.Gpus.Select(l => l.Bandwidth), training.Rig.Gpus.Select(g => g.HostLink!.Value));
    }

    [Fact]
    public void The_reference_job_does_not_fit_so_the_plan_carries_the_least_compromise()
    {
        var loaded = Repo.LoadWithJob("4x3090-x299-dark.rig.yaml");
        var training = Planner.Build(loaded.Rig, loaded.Job).Training!;

        Assert.False(training.Estimate.Fits);
        var best = Assert.Single(training.Candidates);
        Assert.True(best.Estimate.Fits);
        Assert.NotEmpty(best.Changes);
    }

    [Fact]
    public void A_larger_search_keeps_the_best_candidate_first()
    {
        var loaded = Repo.LoadWithJob("4x3090-x299-dark.rig.yaml");
        var one = Planner.Build(loaded.Rig, loaded.Job).Training!.Candidates;
        var five = Planner.Build(loaded.Rig, loaded.Job, new PlanOptions(SearchTop: 5)).Training!.Candidates;

        Assert.Equal(5, five.Count);
        Assert.Equal(one[0].Changes, five[0].Changes);
        Assert.Equal(one[0].Compromise, five[0].Compromise);
    }

    [Fact]
    public void A_gpu_without_a_link_is_left_out_of_the_job_with_a_note_instead_of_an_infinite_step()
    {
        var path = Path.Combine(Repo.Root, "tests", "Rigsmith.Tests", "Planning", "Fixtures", "dark-slot-gpu.rig.yaml");
        var result = CliRunner.Run("check", path, "--format", "json");

        Assert.True(result.ExitCode is 0 or 1, result.Error);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        var training = json.RootElement.GetProperty("training");
        Assert.Equal(1, training.GetProperty("gpus").GetInt32());
        Assert.True(double.IsFinite(training.GetProperty("step_time_s").GetDouble()));
        Assert.Contains(json.RootElement.GetProperty("findings").EnumerateArray(),
            f => f.GetProperty("rule").GetString() == "TRN605" && f.GetProperty("message").GetString()!.Contains("Only 1 of the 2 GPUs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_plan_asked_for_no_search_runs_none_even_when_the_job_does_not_fit()
    {
        var loaded = Repo.LoadWithJob("4x3090-x299-dark.rig.yaml");
        var training = Planner.Build(loaded.Rig, loaded.Job, new PlanOptions(SearchTop: 0)).Training!;

        Assert.False(training.Estimate.Fits);
        Assert.Empty(training.Candidates);
    }

    [Fact]
    public void A_job_on_fewer_gpus_gets_the_ring_among_those_gpus_only()
    {
        var loaded = Repo.LoadWithJob("2x3090-nvlink-am5.rig.yaml");
        var plan = Planner.Build(loaded.Rig, loaded.Job);

        // One GPU has no ring at all; two bridged cards have one NVLink hop.
        Assert.Equal(0, plan.Interconnect.RingBusBandwidthOf(1).Value);
        Assert.Equal(plan.Interconnect.RingBusBandwidth, plan.Interconnect.RingBusBandwidthOf(2));
    }

    [Fact]
    public void The_advice_for_all_limits_is_no_higher_than_the_advice_for_any_one()
    {
        foreach (var example in Directory.GetFiles(Path.Combine(Repo.Root, "examples"), "*.rig.yaml"))
        {
            var advice = Planner.Build(Repo.LoadRig(Path.GetFileName(example))).Electrical.Advice;
            foreach (var one in new[] { advice.Psu, advice.Transient, advice.SlotVoltage, advice.SlotPins, advice.Circuit })
            {
                if (advice.All is { } all)
                    Assert.True(one is { } w && w >= all, example);
            }
        }
    }

    [Fact]
    public void Analyses_read_the_plan_they_are_given()
    {
        // A plan for the board without the slot-power header, paired with the rig that has one: the power analysis
        // reports the plan's voltage, which shows it computes nothing of its own.
        var dark = Repo.LoadRig("4x3090-x299-dark.rig.yaml");
        var rpgf = Repo.LoadRig("4x3090-c9x299-rpgf.rig.yaml");
        var foreign = new AnalysisContext(dark, Planner.Build(rpgf));

        var power = new Rigsmith.Analysis.Electrical.ElectricalAnalysis().Run(foreign);
        var volts = Assert.IsType<FigureValue.Number>(power.Figures.Single(f => f.Key == "slot_rail_v").Value).Value;
        Assert.Equal(Math.Round(foreign.Plan.Electrical.AsSet.SlotPath.SlotVoltage.Value, 3), volts);
        Assert.NotEqual(Math.Round(Planner.Build(dark).Electrical.AsSet.SlotPath.SlotVoltage.Value, 3), volts);
    }
}
