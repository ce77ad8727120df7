using System.ComponentModel;
using System.Globalization;
using Rigsmith.Cli.Formats;
using Rigsmith.Cli.Rendering;
using Rigsmith.Input;
using Rigsmith.Planning;
using Rigsmith.Reporting;
using Rigsmith.Training;
using Rigsmith.Training.Models;
using Rigsmith.Training.Validation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Rigsmith.Cli.Commands;

/// <summary>
/// <c>rigsmith fit RIG.yaml [settings]</c>: will the training job fit, how fast, and (<c>--search</c>) which settings make
/// it fit with the least compromise. Flags override the rig file's workload section.
/// </summary>
public sealed class FitCommand(CliIo io) : Command<FitCommand.Settings>
{
    public sealed class Settings : CatalogSettings
    {
        [CommandArgument(0, "[RIG]")]
        [Description("The rig file (YAML); - reads it from standard input. Its workload section gives the defaults.")]
        public string? Rig { get; init; }

        [CommandOption("-f|--format <FORMAT>")]
        [FormatsDescription("Output format", nameof(OutputFormats.Fit))]
        [DefaultValue("text")]
        public string Format { get; init; } = "text";

        /// <summary>--validate takes the validation formats, the estimate the fit formats.</summary>
        public override ValidationResult Validate() => (ValidateModel ? (IFormatList)OutputFormats.Validation : OutputFormats.Fit).Validate(Format);

        [CommandOption("--search")]
        [Description("Rank the settings that fit, least compromise first.")]
        public bool Search { get; init; }

        [CommandOption("--top <N>")]
        [Description("How many candidates --search shows (default 5).")]
        [DefaultValue(5)]
        public int Top { get; init; } = 5;

        [CommandOption("--validate")]
        [Description("Show the training model's error on every published measurement it is checked against.")]
        public bool ValidateModel { get; init; }

        [CommandOption("--model <ID>")] public string? Model { get; init; }
        [CommandOption("--method <METHOD>")][Description("full, lora, qlora, dreambooth, textual-inversion")] public string? Method { get; init; }
        [CommandOption("--lora-rank <R>")] public string? LoraRank { get; init; }
        [CommandOption("--lora-targets <T>")][Description("attn or attn-mlp")] public string? LoraTargets { get; init; }
        [CommandOption("--train-text-encoder")] public bool? TrainTextEncoder { get; init; }
        [CommandOption("--trainable-fraction <F>")] public string? TrainableFraction { get; init; }
        [CommandOption("--precision <P>")][Description("fp32, fp16-mixed, bf16-mixed, full-fp16, full-bf16, fp8")] public string? Precision { get; init; }
        [CommandOption("--optimizer <O>")][Description("adamw, adamw8bit, paged-adamw8bit, adafactor, lion, lion8bit, sgd, sgd-momentum, prodigy")] public string? Optimizer { get; init; }
        [CommandOption("--fused-backward")] public bool? FusedBackward { get; init; }
        [CommandOption("--gradient-checkpointing")] public bool? GradientCheckpointing { get; init; }
        [CommandOption("--batch <N>")] public string? Batch { get; init; }
        [CommandOption("--grad-accum <N>")] public string? GradAccum { get; init; }
        [CommandOption("--resolution <PX>")] public string? Resolution { get; init; }
        [CommandOption("--sequence-length <N>")] public string? SequenceLength { get; init; }
        [CommandOption("--attention <A>")][Description("naive, sdpa, xformers")] public string? Attention { get; init; }
        [CommandOption("--cache-latents")] public bool? CacheLatents { get; init; }
        [CommandOption("--cache-text-encoder-outputs")] public bool? CacheTextEncoderOutputs { get; init; }
        [CommandOption("--parallel <P>")][Description("single, ddp, zero1, zero2, zero3, fsdp")] public string? Parallel { get; init; }
        [CommandOption("--gpus <N>")] public string? Gpus { get; init; }
        [CommandOption("--offload <O>")][Description("none, optimizer, optimizer-and-parameters")] public string? Offload { get; init; }
        [CommandOption("--dataset-size <N>")] public string? DatasetSize { get; init; }
        [CommandOption("--epochs <N>")] public string? Epochs { get; init; }
        [CommandOption("--electricity-price <PRICE>")][Description("like '0.30 USD/kWh'")] public string? ElectricityPrice { get; init; }

        /// <summary>The flags given, as workload settings named "command line".</summary>
        public IReadOnlyList<TrainingSettingsParser.Setting> Overrides()
        {
            var pairs = new (string Key, object? Value)[]
            {
                ("model", Model), ("method", Method), ("lora_rank", LoraRank), ("lora_targets", LoraTargets),
                ("train_text_encoder", TrainTextEncoder), ("trainable_fraction", TrainableFraction), ("precision", Precision),
                ("optimizer", Optimizer), ("fused_backward", FusedBackward), ("gradient_checkpointing", GradientCheckpointing),
                ("batch", Batch), ("grad_accum", GradAccum), ("resolution", Resolution), ("sequence_length", SequenceLength),
                ("attention", Attention), ("cache_latents", CacheLatents), ("cache_text_encoder_outputs", CacheTextEncoderOutputs),
                ("parallel", Parallel), ("gpus", Gpus), ("offload", Offload), ("dataset_size", DatasetSize), ("epochs", Epochs),
                ("electricity_price", ElectricityPrice),
            };
            return pairs.Where(p => p.Value is not null)
                .Select(p => new TrainingSettingsParser.Setting(p.Key, p.Value is bool b ? (b ? "true" : "false") : (string)p.Value!, "command line", 0, 0))
                .ToList();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.ValidateModel)
            return Validate(settings);
        if (settings.Rig is null)
            return io.Fail("fit: give a rig file, or --validate");
        if (settings.Top is < 1 or > 100)
            return io.Fail("--top: give a number from 1 to 100");

        var loaded = RigInput.Load(CatalogSettings.RigSourceOf(settings.Rig, io), settings.Data(), settings.Overrides());
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
        var cases = MeasuredCases.Load(Path.Combine(directory, "measurements.yaml"));
        if (!cases.Ok)
            return io.Fail(cases.Problems);
        var results = MeasuredCases.Evaluate(cases.Value!, zoo.Value!);
        OutputFormats.Validation.Get(settings.Format).Write(io, results);
        return CliIo.Pass;
    }
}
