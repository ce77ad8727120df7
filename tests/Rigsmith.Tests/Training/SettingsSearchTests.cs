using Rigsmith.Input;
using Rigsmith.Tests.Support;
using Rigsmith.Training;
using Rigsmith.Units;

namespace Rigsmith.Tests.Training;

/// <summary>Properties of the settings search: what it returns, in what order, and how it answers to more memory.</summary>
public class SettingsSearchTests
{
    private static readonly Rigsmith.Catalog.Gpu Rtx3090 = Assert.IsType<Rigsmith.Catalog.Gpu>(Repo.Catalog.Find("zotac-rtx-3090-blower"));

    /// <summary>The catalog's RTX 3090 (its tensor throughput and board power) with the given memory.</summary>
    private static GpuTarget Gpu(double gib) =>
        new($"{gib} GiB GPU", Bytes.FromGibibytes(gib), Rtx3090.TensorBf16, Rtx3090.TensorFp16, Rtx3090.BoardPower, Rtx3090.BoardPower);

    /// <summary>GPUs on PCIe 3.0 (about 3.15 GB/s all-reduce bus bandwidth) in a rig drawing 1.8 kW.</summary>
    private static RigContext Rig(double gib, int gpus = 1) =>
        new(Enumerable.Range(1, gpus).Select(_ => Gpu(gib)).ToList(),
            GigabytesPerSecond.From(3.15), Watts.From(1800));

    private static IReadOnlyList<SearchCandidate> Search(TrainingSettings s, RigContext rig, int top = 5) =>
        SettingsSearch.Search(s, Repo.Zoo.Find(s.Model)!, rig, top);

    private static FitEstimate Estimate(TrainingSettings s, RigContext rig) => TrainingEstimator.Estimate(s, Repo.Zoo.Find(s.Model)!, rig);

    private static double BestCompromise(TrainingSettings s, RigContext rig) =>
        Search(s, rig, 1).FirstOrDefault()?.Compromise ?? double.PositiveInfinity;

    private static TrainingSettings Parse(params (string Key, string Value)[] pairs)
    {
        var problems = new List<InputProblem>();
        var settings = TrainingSettingsParser.Parse(pairs.Select(p => new TrainingSettingsParser.Setting(p.Key, p.Value, "test", 1, 1)), problems);
        Assert.True(settings is not null, string.Join("\n", problems));
        return settings!;
    }

    /// <summary>Requests none of which fits on one 24 GiB GPU as asked: the search has to give something up.</summary>
    public static TheoryData<string, int> Requests() => new()
    {
        { "sdxl-full-te-batch4", 1 },
        { "sdxl-full-te-batch4", 2 },
        { "sd15-full-te-1024", 1 },
        { "llama-8b-full", 1 },
        { "llama-8b-full", 4 },
        { "llama-8b-lora-8k", 1 },
        { "flux-lora", 2 },
        { "mistral-partial-fp32", 2 },
    };

    private static TrainingSettings Request(string name) => name switch
    {
        "sdxl-full-te-batch4" => Parse(("model", "sdxl"), ("train_text_encoder", "true"), ("batch", "4")),
        "sd15-full-te-1024" => Parse(("model", "sd15"), ("train_text_encoder", "true"), ("resolution", "1024"), ("batch", "8"), ("attention", "naive")),
        "llama-8b-full" => Parse(("model", "llama-3.1-8b"), ("batch", "2"), ("grad_accum", "2")),
        "llama-8b-lora-8k" => Parse(("model", "llama-3.1-8b"), ("method", "lora"), ("sequence_length", "8192"), ("batch", "4")),
        "flux-lora" => Parse(("model", "flux1-dev"), ("method", "lora"), ("lora_rank", "64"), ("batch", "2")),
        "mistral-partial-fp32" => Parse(("model", "mistral-7b"), ("trainable_fraction", "0.8"), ("precision", "fp32"), ("optimizer", "adamw8bit"), ("parallel", "ddp")),
        _ => throw new ArgumentException(name),
    };

    // ---- what is returned ----

    [Theory]
    [MemberData(nameof(Requests))]
    public void Every_candidate_fits_and_the_list_is_ordered_by_compromise(string name, int gpus)
    {
        var s = Request(name);
        var rig = Rig(24, gpus);
        Assert.False(Estimate(s, rig).Fits, "the request should not fit as asked");

        var candidates = Search(s, rig, 40);
        Assert.NotEmpty(candidates);
        Assert.All(candidates, c => Assert.True(c.Estimate.Fits, string.Join(", ", c.Changes)));
        Assert.All(candidates, c => Assert.True(Estimate(c.Estimate.Settings, rig).Fits));
        for (var i = 1; i < candidates.Count; i++)
            Assert.True(candidates[i - 1].Compromise <= candidates[i].Compromise, $"#{i - 1} {candidates[i - 1].Compromise} > #{i} {candidates[i].Compromise}");
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void When_the_request_does_not_fit_every_candidate_changes_something(string name, int gpus)
    {
        var s = Request(name);

        foreach (var c in Search(s, Rig(24, gpus), 40))
        {
            Assert.NotEqual(s, c.Estimate.Settings);
            Assert.NotEmpty(c.Changes);
            Assert.True(c.Compromise > 0, string.Join(", ", c.Changes));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(12)]
    public void At_most_top_candidates_are_returned_and_they_are_the_head_of_a_longer_list(int top)
    {
        var s = Request("sdxl-full-te-batch4");
        var rig = Rig(48);

        var all = Search(s, rig, 1000);
        var head = Search(s, rig, top);
        Assert.True(all.Count > 12, $"only {all.Count} candidates fit");
        Assert.Equal(Math.Min(top, all.Count), head.Count);
        Assert.Equal(all.Take(top).Select(c => (c.Compromise, c.Estimate.Settings)), head.Select(c => (c.Compromise, c.Estimate.Settings)));
    }

    [Fact]
    public void Search_is_deterministic()
    {
        var s = Request("llama-8b-full");
        var rig = Rig(24, 2);

        var first = Search(s, rig, 10);
        var second = Search(s, rig, 10);
        Assert.Equal(first.Select(c => (c.Compromise, c.Estimate.Settings, string.Join("|", c.Changes))),
            second.Select(c => (c.Compromise, c.Estimate.Settings, string.Join("|", c.Changes))));
    }

    // ---- a request that already fits ----

    public static TheoryData<string, double, int> FittingRequests() => new()
    {
        // Settings the search itself would pick where it varies nothing: checkpointing on, latents and (frozen) text
        // encoder outputs cached, no fused backward pass.
        { "sd15-lora", 24, 1 },
        { "llama-8b-lora", 24, 1 },
        { "sdxl-full-te", 80, 1 },
        { "llama-8b-lora", 24, 2 },
    };

    private static TrainingSettings Fitting(string name) => name switch
    {
        "sd15-lora" => Parse(("model", "sd15"), ("method", "lora"), ("resolution", "512"), ("gradient_checkpointing", "true"),
            ("cache_latents", "true"), ("cache_text_encoder_outputs", "true")),
        "llama-8b-lora" => Parse(("model", "llama-3.1-8b"), ("method", "lora"), ("sequence_length", "1024"), ("gradient_checkpointing", "true")),
        "sdxl-full-te" => Parse(("model", "sdxl"), ("train_text_encoder", "true"), ("gradient_checkpointing", "true"), ("cache_latents", "true")),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(FittingRequests))]
    public void Request_that_fits_comes_first_with_no_compromise_and_no_changes(string name, double gib, int gpus)
    {
        var s = Fitting(name);
        var rig = Rig(gib, gpus);
        Assert.True(Estimate(s, rig).Fits, "the request should fit as asked");

        var candidates = Search(s, rig);
        var best = candidates[0];
        Assert.Equal(0, best.Compromise);
        Assert.Empty(best.Changes);
        Assert.Equal(s, best.Estimate.Settings);
        Assert.Equal(Estimate(s, rig).StepTime.Value, best.Estimate.StepTime.Value);
        Assert.All(candidates.Skip(1), c => Assert.True(c.Compromise > 0, string.Join(", ", c.Changes)));
    }

    // ---- memory ----

    [Theory]
    [MemberData(nameof(Requests))]
    public void More_memory_per_gpu_never_makes_the_best_compromise_worse(string name, int gpus)
    {
        var s = Request(name);

        var previous = double.PositiveInfinity;
        foreach (var gib in new[] { 12.0, 16, 24, 32, 48, 80 })
        {
            var best = BestCompromise(s, Rig(gib, gpus));
            Assert.True(best <= previous + 1e-9, $"{gib} GiB: best compromise {best} is worse than {previous} with less memory");
            previous = best;
        }

        Assert.True(previous < double.PositiveInfinity, "nothing fits even on 80 GiB");
    }

    [Fact]
    public void More_memory_eventually_needs_less_compromise()
    {
        var s = Request("sdxl-full-te-batch4");

        Assert.True(BestCompromise(s, Rig(80)) < BestCompromise(s, Rig(16)));
    }

    [Theory]
    [InlineData("sdxl", 2, 1)] // the SDXL UNet alone holds 2.6 B parameters: over 4.8 GiB in 16-bit
    [InlineData("sdxl", 2, 4)]
    [InlineData("llama-3.1-70b", 8, 1)] // 70 B parameters: about 130 GiB in 16-bit, and the search has no QLoRA
    [InlineData("llama-3.1-70b", 8, 4)]
    public void Model_that_cannot_fit_gives_an_empty_list(string model, double gib, int gpus)
    {
        var s = new TrainingSettings { Model = model, TrainTextEncoder = true };

        Assert.Empty(Search(s, Rig(gib, gpus), 50));
    }

    // ---- changes ----

    [Theory]
    [MemberData(nameof(Requests))]
    public void Changes_name_only_settings_that_differ_from_the_request(string name, int gpus)
    {
        var r = Request(name);

        foreach (var candidate in Search(r, Rig(24, gpus), 40))
        {
            var c = candidate.Estimate.Settings;
            Assert.Equal(candidate.Changes.Count, candidate.Changes.Distinct().Count());
            foreach (var change in candidate.Changes)
                Assert.True(Differs(change, r, c), $"'{change}' names nothing that differs ({string.Join(", ", candidate.Changes)})");
        }
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void Every_setting_that_differs_from_the_request_is_named(string name, int gpus)
    {
        var r = Request(name);

        foreach (var candidate in Search(r, Rig(24, gpus), 40))
        {
            var c = candidate.Estimate.Settings;
            var changes = candidate.Changes;
            void Named(bool differs, Func<string, bool> names, string what)
            {
                if (differs)
                    Assert.True(changes.Any(names), $"{what} differs but is not named in: {string.Join(", ", changes)}");
            }

            Named(c.Method != r.Method, x => x.EndsWith($" instead of {Name(r.Method)}", StringComparison.Ordinal), "method");
            Named(c.TrainTextEncoder != r.TrainTextEncoder, x => x == "text encoders frozen", "text encoder training");
            Named(c.IsLora == r.IsLora && Math.Abs(c.TrainableFraction - r.TrainableFraction) > 1e-9, x => x.StartsWith("train ", StringComparison.Ordinal), "trainable fraction");
            Named(c.Resolution != r.Resolution, x => x == $"{c.Resolution} px", "resolution");
            Named(c.SequenceLength != r.SequenceLength, x => x == $"sequence {c.SequenceLength}", "sequence length");
            Named(c.Optimizer != r.Optimizer, x => x == $"optimizer {Name(c.Optimizer)}", "optimizer");
            Named(c.Precision != r.Precision, x => x == $"precision {Name(c.Precision)}", "precision");
            Named(c.Batch != r.Batch || c.GradientAccumulation != r.GradientAccumulation, x => x.StartsWith($"batch {c.Batch} x {c.GradientAccumulation}", StringComparison.Ordinal), "batch");
            Named(c.GradientCheckpointing != r.GradientCheckpointing, x => x == "gradient checkpointing", "gradient checkpointing");
            Named(c.FusedBackward != r.FusedBackward, x => x == "fused backward pass", "fused backward");
            Named(c.Parallel != r.Parallel, x => x == Name(c.Parallel), "parallelism");
            Named(c.Offload != r.Offload, x => x == $"offload {Name(c.Offload)}", "offload");
            Named(c.CacheLatents != r.CacheLatents, x => x == "cached latents", "latent caching");
            Named(c.CacheTextEncoderOutputs != r.CacheTextEncoderOutputs, x => x == "cached text-encoder outputs", "text-encoder output caching");
        }
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void Settings_outside_the_search_are_kept_as_requested(string name, int gpus)
    {
        var r = Request(name);

        foreach (var candidate in Search(r, Rig(24, gpus), 40))
        {
            var c = candidate.Estimate.Settings;
            Assert.Equal(r.Model, c.Model);
            Assert.Equal(r.LoraRank, c.LoraRank);
            Assert.Equal(r.LoraTargets, c.LoraTargets);
            Assert.Equal(r.Attention, c.Attention);
            Assert.Equal(r.Gpus, c.Gpus);
            Assert.Equal(r.DatasetSize, c.DatasetSize);
            Assert.Equal(r.Epochs, c.Epochs);
            Assert.True(c.Resolution <= r.Resolution && c.SequenceLength <= r.SequenceLength, "the search never asks for more than requested");
            Assert.True(c.Batch <= r.Batch, "the search never raises the micro-batch");
            Assert.True(c.Batch * c.GradientAccumulation <= r.Batch * r.GradientAccumulation, "the effective batch never grows");
            if (r.Method != TrainingMethod.Full)
                Assert.Equal(r.Method, c.Method); // only a full fine-tune may fall back to LoRA
            else
                Assert.Contains(c.Method, new[] { TrainingMethod.Full, TrainingMethod.Lora });
        }
    }

    /// <summary>Whether a change the search lists names a setting that really differs, to the value it names.</summary>
    private static bool Differs(string change, TrainingSettings r, TrainingSettings c)
    {
        if (change == $"{Name(c.Method)} instead of {Name(r.Method)}")
            return c.Method != r.Method;
        if (change == "text encoders frozen")
            return r.TrainTextEncoder && !c.TrainTextEncoder;
        if (change.StartsWith("train ", StringComparison.Ordinal) && change.EndsWith(" of the weights", StringComparison.Ordinal))
            return c.TrainableFraction < r.TrainableFraction - 1e-9;
        if (change == $"{c.Resolution} px")
            return c.Resolution != r.Resolution;
        if (change == $"sequence {c.SequenceLength}")
            return c.SequenceLength != r.SequenceLength;
        if (change == $"optimizer {Name(c.Optimizer)}")
            return c.Optimizer != r.Optimizer;
        if (change == $"precision {Name(c.Precision)}")
            return c.Precision != r.Precision;
        if (change == $"batch {c.Batch} x {c.GradientAccumulation} accumulation")
            return c.Batch != r.Batch;
        if (change == "gradient checkpointing")
            return c.GradientCheckpointing && !r.GradientCheckpointing;
        if (change == "fused backward pass")
            return c.FusedBackward && !r.FusedBackward;
        if (change == Name(c.Parallel))
            return c.Parallel != r.Parallel;
        if (change == $"offload {Name(c.Offload)}")
            return c.Offload != r.Offload;
        if (change == "cached latents")
            return c.CacheLatents && !r.CacheLatents;
        if (change == "cached text-encoder outputs")
            return c.CacheTextEncoderOutputs && !r.CacheTextEncoderOutputs;
        return false; // a change this test does not know, or one naming a value the candidate does not have
    }

    private static string Name<T>(T value)
        where T : struct, Enum => MapReader.EnumName(value);
}
