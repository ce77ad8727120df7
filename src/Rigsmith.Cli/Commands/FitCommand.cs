using System.CommandLine;
using System.Globalization;
using Rigsmith.Cli.CommandLine;
using Rigsmith.Cli.Formats;
using Rigsmith.Cli.Rendering;
using Rigsmith.Input;
using Rigsmith.Planning;
using Rigsmith.Reporting;
using Rigsmith.Training;
using Rigsmith.Training.Models;
using Rigsmith.Training.Validation;

namespace Rigsmith.Cli.Commands;

/// <summary>
/// <c>rigsmith fit RIG.yaml [settings]</c>: will the training job fit, how fast, and (<c>--search</c>) which settings make
/// it fit with the least compromise. Flags override the rig file's workload section.
/// </summary>
public sealed class FitCommand(CliIo io)
{
    public static readonly CliCommand Definition = CliCommand.Leaf(
        "fit",
        "Will the training job fit on this rig, how fast, and (--search) which settings make it fit.",
        ["fit examples/4x3090-x299-dark.rig.yaml --search", "fit examples/4x3090-x299-dark.rig.yaml --optimizer adafactor --trainable-fraction 0.7", "fit --validate"],
        Symbols,
        result => new Settings(result),
        (io, settings) => new FitCommand(io).Execute(settings));

    /// <summary>The workload flags, each with the workload key it overrides and what help says of its values.</summary>
    private static readonly (string Option, string Key, string? Value, string? Description)[] WorkloadFlags =
    [
        ("--model", "model", "ID", null),
        ("--method", "method", "METHOD", "full, lora, qlora, dreambooth, textual-inversion"),
        ("--lora-rank", "lora_rank", "R", null),
        ("--lora-targets", "lora_targets", "T", "attn or attn-mlp"),
        ("--lora-dropout", "lora_dropout", "P", "dropout on the adapters' inputs (default 0)"),
        ("--train-text-encoder", "train_text_encoder", null, null),
        ("--trainable-fraction", "trainable_fraction", "F", null),
        ("--precision", "precision", "P", "fp32, fp16-mixed, bf16-mixed, full-fp16, full-bf16, fp8"),
        ("--optimizer", "optimizer", "O", "adamw, adamw8bit, paged-adamw8bit, adafactor, lion, lion8bit, sgd, sgd-momentum, prodigy"),
        ("--fused-optimizer", "fused_optimizer", null, "torch's fused AdamW kernel"),
        ("--foreach-optimizer", "foreach_optimizer", "BOOL", "torch's foreach step (default true); false steps one tensor at a time"),
        ("--fused-backward", "fused_backward", null, null),
        ("--frozen-gradients", "frozen_gradients", null, "the frozen share keeps its gradients, left out of the optimizer only (kohya's --block_lr 0)"),
        ("--gradient-checkpointing", "gradient_checkpointing", null, null),
        ("--batch", "batch", "N", null),
        ("--grad-accum", "grad_accum", "N", null),
        ("--resolution", "resolution", "PX", null),
        ("--sequence-length", "sequence_length", "N", null),
        ("--attention", "attention", "A", "naive, sdpa, xformers"),
        ("--chunked-loss", "chunked_loss", null, "LLM loss over chunks of tokens (torchtune, litgpt)"),
        ("--compile", "compile", null, "torch.compile"),
        ("--cache-latents", "cache_latents", null, null),
        ("--cache-text-encoder-outputs", "cache_text_encoder_outputs", null, null),
        ("--resident-encoders", "resident_encoders", null, "text encoders and VAE stay on the GPU after caching (diffusers' SDXL script)"),
        ("--ema", "ema", null, "an EMA copy of the trainable weights on each GPU"),
        ("--double-quant", "double_quant", "BOOL", "QLoRA: double-quantised 4-bit constants (default true)"),
        ("--quant-backend", "quant_backend", "B", "QLoRA's 4-bit library: bitsandbytes (default), torchao (torchtune)"),
        ("--ddp-bucket-view", "ddp_bucket_view", null, "DDP's gradient_as_bucket_view: gradients are views into its buckets, not a second copy (kohya's --ddp_gradient_as_bucket_view)"),
        ("--fsdp-use-orig-params", "fsdp_use_orig_params", "BOOL", "FSDP1's use_orig_params (default true); false wraps LoRA adapters in units of their own"),
        ("--keep-logits", "keep_logits", null, "the training loop keeps the LM's logits until the optimizer step (Answer.AI's train.py)"),
        ("--kbit-upcast", "kbit_upcast", null, "QLoRA prepared by PEFT's prepare_model_for_kbit_training: unquantised weights and activations in fp32"),
        ("--parallel", "parallel", "P", "single, ddp, zero1, zero2, zero3, fsdp"),
        ("--gpus", "gpus", "N", null),
        ("--offload", "offload", "O", "none, optimizer, optimizer-and-parameters"),
        ("--dataset-size", "dataset_size", "N", null),
        ("--epochs", "epochs", "N", null),
        ("--electricity-price", "electricity_price", "PRICE", "like '0.30 USD/kWh'"),
    ];

    private static IEnumerable<Symbol> Symbols()
    {
        yield return CliSymbols.RigArgument("The rig file (YAML); - reads it from standard input. Its workload section gives the defaults.", required: false);
        yield return CliSymbols.Formats(OutputFormats.Fit);
        yield return CliSymbols.Flag("--search", "Rank the settings that fit, least compromise first.");
        yield return CliSymbols.WholeNumber("--top", "N", "How many candidates --search shows (default 5).", 5);
        yield return CliSymbols.Flag("--validate", "Show the training model's error on every published measurement it is checked against.");
        foreach (var (option, _, value, description) in WorkloadFlags)
            yield return value is null ? CliSymbols.Flag(option, description) : CliSymbols.Text(option, value, description);
    }

    public sealed class Settings(ParseResult result) : CatalogSettings(result)
    {
        public string? Rig { get; } = result.GetValue<string>(CliSymbols.Rig);

        public string Format { get; } = result.GetRequiredValue<string>(CliSymbols.Format);

        public bool Search { get; } = result.GetValue<bool>("--search");

        public int Top { get; } = result.GetValue<int>("--top");

        public bool ValidateModel { get; } = result.GetValue<bool>("--validate");

        /// <summary>The workload flags given, as workload settings named "command line".</summary>
        /// <remarks>A loop, not Select(...).Where(...).Select(...): Select on a LINQ iterator is a generic virtual method,
        /// and the first one a native binary calls starts its type loader.</remarks>
        public IReadOnlyList<TrainingSettingsParser.Setting> Overrides { get; } = OverridesOf(result);

        private static List<TrainingSettingsParser.Setting> OverridesOf(ParseResult result)
        {
            var overrides = new List<TrainingSettingsParser.Setting>();
            foreach (var f in WorkloadFlags)
            {
                if ((f.Value is null ? Flag(result.GivenFlag(f.Option)) : result.GetValue<string>(f.Option)) is { } value)
                    overrides.Add(new TrainingSettingsParser.Setting(f.Key, value, "command line", 0, 0));
            }

            return overrides;
        }

        /// <summary>--validate takes the validation formats, the estimate the fit formats.</summary>
        public override string? Validate() => (ValidateModel ? (IFormatList)OutputFormats.Validation : OutputFormats.Fit).Validate(Format);

        private static string? Flag(bool? value) => value switch
        {
            true => "true",
            false => "false",
            null => null,
        };
    }

    public int Execute(Settings settings)
    {
        if (settings.ValidateModel)
            return Validate(settings);
        if (settings.Rig is null)
            return io.Fail("fit: give a rig file, or --validate");
        if (settings.Top is < 1 or > 100)
            return io.Fail("--top: give a number from 1 to 100");

        var loaded = RigInput.Load(CatalogSettings.RigSourceOf(settings.Rig, io), settings.Data(), settings.Overrides);
        if (!loaded.Ok)
            return io.Fail(loaded.Problems);
        if (loaded.Value!.Job is not { } job)
            return io.Fail($"{settings.Rig}: the rig file has no workload section; give one, or --model and the other settings as flags");

        // Without --search the ranking is not shown, so the plan is asked for none.
        var plan = Planner.Build(loaded.Value.Rig, job, new PlanOptions(SearchTop: settings.Search ? settings.Top : 0)).Training!;
        var estimate = plan.Estimate;
        var candidates = settings.Search ? plan.Candidates : null;
        OutputFormats.Fit.Get(settings.Format).Write(io, new FitOutput(estimate, candidates));

        return estimate.Fits || candidates is { Count: > 0 } ? CliIo.Pass : CliIo.RigHasErrors;
    }

    private int Validate(Settings settings)
    {
        var data = settings.Data();
        var directory = data.ModelsDirectory;
        var zoo = data.Zoo;
        if (!zoo.Ok)
            return io.Fail(zoo.Problems);
        // Validation covers every model: each file is read and checked, and any problem in one stops it.
        if (zoo.Value!.All is { Ok: false } all)
            return io.Fail(all.Problems);
        var cases = MeasuredCases.Load(Path.Combine(directory, "measurements.yaml"));
        if (!cases.Ok)
            return io.Fail(cases.Problems);
        var results = MeasuredCases.Evaluate(cases.Value!, zoo.Value!);
        OutputFormats.Validation.Get(settings.Format).Write(io, results);
        return CliIo.Pass;
    }
}
