using Rigsmith.Input;
using Rigsmith.Planning;
using Rigsmith.Tests.Support;
using Rigsmith.Training;
using Rigsmith.Training.Models;
using Rigsmith.Units;

namespace Rigsmith.Tests.Training;

/// <summary>
/// The settings search against the brute force it replaces (<c>SettingsSearch.Exhaustive</c>, which estimates every
/// candidate and sorts them all): the same candidates in the same order with the same numbers and changes, on example
/// rigs, one GPU and LLM jobs, for the top 1 that <c>check</c> asks for and the top 5 of <c>fit --search</c>.
/// </summary>
public class SettingsSearchEquivalenceTests
{
    private static readonly Rigsmith.Catalog.Gpu Rtx3090 = Assert.IsType<Rigsmith.Catalog.Gpu>(Repo.Catalog.Find("zotac-rtx-3090-blower"));

    /// <summary>Catalog RTX 3090s with the given memory, on PCIe 3.0 (about 3.15 GB/s all-reduce bus bandwidth).</summary>
    private static RigContext Rig(double gib, int gpus) =>
        new(Enumerable.Range(1, gpus).Select(_ => new GpuTarget($"{gib} GiB GPU", Bytes.FromGibibytes(gib), Rtx3090.TensorBf16, Rtx3090.TensorFp16, Rtx3090.BoardPower, Rtx3090.BoardPower)).ToList(),
            GigabytesPerSecond.From(3.15), Watts.From(1800));

    private static TrainingSettings Parse(params (string Key, string Value)[] pairs)
    {
        var problems = new List<InputProblem>();
        var settings = TrainingSettingsParser.Parse(pairs.Select(p => new TrainingSettingsParser.Setting(p.Key, p.Value, "test", 1, 1)), problems);
        Assert.True(settings is not null, string.Join("\n", problems));
        return settings!;
    }

    /// <summary>An example's job on the rig as the plan sees it (host links, ring bandwidth, wall draw).</summary>
    private static (TrainingSettings Settings, ModelSpec Model, RigContext Rig) Example(string name)
    {
        var loaded = Repo.LoadWithJob($"{name}.rig.yaml");
        var job = loaded.Job!;
        return (job.Settings, job.Model, Planner.Build(loaded.Rig, job).Training!.Rig);
    }

    private static (TrainingSettings Settings, ModelSpec Model, RigContext Rig) Synthetic(TrainingSettings s, double gib, int gpus) =>
        (s, Repo.Zoo.Find(s.Model)!, Rig(gib, gpus));

    private static (TrainingSettings Settings, ModelSpec Model, RigContext Rig) OnOneGpu((TrainingSettings Settings, ModelSpec Model, RigContext Rig) job) =>
        (job.Settings with { Gpus = 1 }, job.Model, job.Rig);

    public static TheoryData<string> Cases() =>
    [
        "reference", "reference-1-gpu", "2x3090-nvlink-am5", "4x4090-wrx80", "4xa6000-epyc-4u", "6xp40-mining-frame",
        "sdxl-full-te-batch4-1-gpu", "sd15-naive-1-gpu", "llama-8b-full-1-gpu", "llama-8b-full-2-gpu", "llama-8b-lora-8k-1-gpu",
        "mistral-partial-fp32-2-gpu", "sdxl-full-te-fits-80", "llama-8b-lora-fits-2-gpu",
    ];

    private static (TrainingSettings Settings, ModelSpec Model, RigContext Rig) Case(string name) => name switch
    {
        "reference" => Example("4x3090-x299-dark"),
        "reference-1-gpu" => OnOneGpu(Example("4x3090-x299-dark")),
        "sdxl-full-te-batch4-1-gpu" => Synthetic(Parse(("model", "sdxl"), ("train_text_encoder", "true"), ("batch", "4")), 24, 1),
        "sd15-naive-1-gpu" => Synthetic(Parse(("model", "sd15"), ("train_text_encoder", "true"), ("resolution", "1024"), ("batch", "8"), ("attention", "naive")), 12, 1),
        "llama-8b-full-1-gpu" => Synthetic(Parse(("model", "llama-3.1-8b"), ("batch", "2"), ("grad_accum", "2")), 24, 1),
        "llama-8b-full-2-gpu" => Synthetic(Parse(("model", "llama-3.1-8b"), ("batch", "2"), ("grad_accum", "2")), 24, 2),
        "llama-8b-lora-8k-1-gpu" => Synthetic(Parse(("model", "llama-3.1-8b"), ("method", "lora"), ("sequence_length", "8192"), ("batch", "4")), 24, 1),
        "mistral-partial-fp32-2-gpu" => Synthetic(Parse(("model", "mistral-7b"), ("trainable_fraction", "0.8"), ("precision", "fp32"), ("optimizer", "adamw8bit")), 24, 2),
        "sdxl-full-te-fits-80" => Synthetic(Parse(("model", "sdxl"), ("train_text_encoder", "true"), ("gradient_checkpointing", "true"), ("cache_latents", "true")), 80, 1),
        "llama-8b-lora-fits-2-gpu" => Synthetic(Parse(("model", "llama-3.1-8b"), ("method", "lora"), ("sequence_length", "1024"), ("gradient_checkpointing", "true")), 24, 2),
        _ => Example(name),
    };

    /// <summary>Everything a report shows of a candidate, compared exactly (doubles bit for bit).</summary>
    private sealed record Row(double Compromise, string Changes, TrainingSettings Settings, double Step, double Compute, double Communication,
        double SamplesPerSecond, double Scaling, double HostRam, string PerGpu, string Notes);

    private static Row RowOf(SearchCandidate c) => new(
        c.Compromise, string.Join(" | ", c.Changes), c.Estimate.Settings, c.Estimate.StepTime.Value, c.Estimate.ComputePerStep.Value,
        c.Estimate.ExposedCommunicationPerStep.Value, c.Estimate.SamplesPerSecond, c.Estimate.ScalingEfficiency, c.Estimate.HostRam.Value,
        string.Join(" / ", c.Estimate.PerGpu.Select(g => $"{g.Gpu} {g.Verdict} {g.Peak.Value:R} of {g.Usable.Value:R}: "
            + string.Join(", ", g.Breakdown.Select(l => $"{l.Key}={l.Amount.Value:R}")))),
        string.Join(" | ", c.Estimate.Notes));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Search_returns_what_the_brute_force_returns(string name)
    {
        var (settings, model, rig) = Case(name);
        var all = SettingsSearch.Exhaustive(settings, model, rig, int.MaxValue).Select(RowOf).ToList();
        Assert.True(all.Count > 5, $"only {all.Count} candidates fit; the case says little about the ranking");

        // The brute force sorts stably and then takes the head, so its top k is the head of its full list.
        foreach (var top in new[] { 1, 5, 40 })
        {
            var found = SettingsSearch.Search(settings, model, rig, top).Select(RowOf).ToList();
            Assert.Equal(all.Take(top).ToList(), found);
        }
    }
}
