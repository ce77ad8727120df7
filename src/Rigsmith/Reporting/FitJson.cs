using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Rigsmith.Input;
using Rigsmith.Training;
using Rigsmith.Training.Validation;

namespace Rigsmith.Reporting;

/// <summary><c>rigsmith fit --format json</c> (fields in docs/json.md).</summary>
public static class FitJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(FitEstimate estimate, IReadOnlyList<SearchCandidate>? candidates)
    {
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", JsonReport.SchemaVersion);
            w.WriteString("model", estimate.Model.Id);
            WriteEstimate(w, estimate);
            if (candidates is not null)
            {
                w.WriteStartArray("candidates");
                var rank = 1;
                foreach (var c in candidates)
                {
                    w.WriteStartObject();
                    w.WriteNumber("rank", rank++);
                    w.WriteNumber("compromise", Math.Round(c.Compromise, 3));
                    w.WriteStartArray("changes");
                    foreach (var change in c.Changes)
                        w.WriteStringValue(change);
                    w.WriteEndArray();
                    WriteEstimate(w, c.Estimate);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        });
    }

    public static string RenderValidation(IReadOnlyList<CaseResult> results)
    {
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("cases");
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteString("id", r.Case.Id);
                w.WriteString("family", MapReader.EnumName(r.Family));
                w.WriteBoolean("calibration", r.Case.Calibration);
                w.WriteBoolean("superseded", r.Case.Use == CaseUse.Superseded);
                w.WriteBoolean("faster_than_peak", r.FasterThanPeak);
                w.WriteString("source", r.Case.Source);
                if (r.HasVerdict)
                    w.WriteBoolean("out_of_memory", r.Case.OutOfMemory);
                w.WriteBoolean("predicted_fits", r.PredictedFits);
                Number(w, "measured_gib", r.Case.MemoryGib);
                Number(w, "predicted_gib", r.PredictedMemoryGib);
                Number(w, "memory_error", r.MemoryError);
                Number(w, "measured_step_time_s", r.MeasuredSecondsPerStep);
                Number(w, "predicted_step_time_s", r.PredictedSecondsPerStep);
                Number(w, "step_time_error", r.SpeedError);
                Number(w, "throughput_error", r.ThroughputError);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("summary");
            foreach (var s in ValidationSummary.Summarise(results))
            {
                w.WriteStartObject();
                w.WriteString("family", MapReader.EnumName(s.Family));
                w.WriteString("figure", s.Figure);
                w.WriteString("unit", s.InGib ? "GiB" : "relative");
                w.WriteNumber("held_out_cases", s.Cases);
                w.WriteNumber("median_abs_error", Math.Round(s.Median, 4));
                w.WriteNumber("worst_abs_error", Math.Round(s.Worst, 4));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("verdicts");
            foreach (var v in ValidationSummary.Verdicts(results))
            {
                w.WriteStartObject();
                w.WriteString("family", MapReader.EnumName(v.Family));
                w.WriteNumber("held_out_cases", v.Cases);
                w.WriteNumber("right", v.Right);
                w.WriteNumber("out_of_memory_cases", v.OutOfMemoryCases);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteEstimate(Utf8JsonWriter w, FitEstimate e)
    {
        w.WriteBoolean("fits", e.Fits);
        w.WriteString("verdict", MapReader.EnumName(e.Verdict));
        w.WriteStartObject("settings");
        foreach (var (key, value) in SettingsText.Pairs(e.Settings))
            w.WriteString(key, value);
        w.WriteEndObject();
        w.WriteNumber("gpus", e.Gpus);
        w.WriteNumber("trainable_parameters", e.TrainableParameters);
        w.WriteNumber("needed_gib", Math.Round(e.Worst.Needed.Gibibytes, 3));
        w.WriteNumber("peak_gib", Math.Round(e.Worst.Peak.Gibibytes, 3));
        w.WriteStartArray("per_gpu");
        foreach (var g in e.PerGpu)
        {
            w.WriteStartObject();
            w.WriteString("gpu", g.Gpu);
            w.WriteNumber("needed_gib", Math.Round(g.Needed.Gibibytes, 3));
            w.WriteNumber("peak_gib", Math.Round(g.Peak.Gibibytes, 3));
            w.WriteNumber("usable_gib", Math.Round(g.Usable.Gibibytes, 3));
            w.WriteString("verdict", MapReader.EnumName(g.Verdict));
            w.WriteStartArray("breakdown");
            foreach (var l in g.Breakdown)
            {
                w.WriteStartObject();
                w.WriteString("key", l.Key);
                w.WriteString("item", l.Label);
                w.WriteNumber("gib", Math.Round(l.Amount.Gibibytes, 3));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("host_ram_gib", Math.Round(e.HostRam.Gibibytes, 2));
        w.WriteNumber("step_time_s", Math.Round(e.StepTime.Value, 4));
        w.WriteNumber("samples_per_s", Math.Round(e.SamplesPerSecond, 4));
        w.WriteNumber("scaling_efficiency", Math.Round(e.ScalingEfficiency, 4));
        w.WriteNumber("run_hours", Math.Round(e.Run.Hours, 3));
        w.WriteNumber("energy_kwh", Math.Round(e.Energy.Value, 3));
        Number(w, "cost", e.Cost is { } c ? (double)Math.Round(c.Amount, 2) : null);
        if (e.Cost is { } money)
            w.WriteString("cost_currency", money.Currency);
        else
            w.WriteNull("cost_currency");
        w.WriteStartArray("notes");
        foreach (var note in e.Notes)
            w.WriteStringValue(note);
        w.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
            w.WriteNumber(name, Math.Round(v, 4));
        else
            w.WriteNull(name);
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
            body(w);
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}

/// <summary>Training settings as the workload keys and values users write.</summary>
public static class SettingsText
{
    public static IEnumerable<(string Key, string Value)> Pairs(TrainingSettings s)
    {
        yield return ("model", s.Model);
        yield return ("method", MapReader.EnumName(s.Method));
        if (s.IsLora)
        {
            yield return ("lora_rank", s.LoraRank.ToString(CultureInfo.InvariantCulture));
            yield return ("lora_targets", MapReader.EnumName(s.LoraTargets));
            if (s.LoraDropout > 0)
                yield return ("lora_dropout", s.LoraDropout.ToString("0.###", CultureInfo.InvariantCulture));
        }

        yield return ("train_text_encoder", Bool(s.TrainTextEncoder));
        yield return ("trainable_fraction", s.TrainableFraction.ToString("0.##", CultureInfo.InvariantCulture));
        yield return ("precision", MapReader.EnumName(s.Precision));
        yield return ("optimizer", MapReader.EnumName(s.Optimizer));
        if (s.FusedOptimizer)
            yield return ("fused_optimizer", "true");
        if (!s.ForeachOptimizer)
            yield return ("foreach_optimizer", "false");
        yield return ("fused_backward", Bool(s.FusedBackward));
        if (s.FrozenGradients)
            yield return ("frozen_gradients", "true");
        yield return ("gradient_checkpointing", Bool(s.GradientCheckpointing));
        yield return ("batch", s.Batch.ToString(CultureInfo.InvariantCulture));
        yield return ("grad_accum", s.GradientAccumulation.ToString(CultureInfo.InvariantCulture));
        yield return ("resolution", s.Resolution.ToString(CultureInfo.InvariantCulture));
        yield return ("sequence_length", s.SequenceLength.ToString(CultureInfo.InvariantCulture));
        yield return ("attention", MapReader.EnumName(s.Attention));
        // Shown only when set, like the LoRA settings: they matter only for LLM losses.
        if (s.ChunkedLoss)
            yield return ("chunked_loss", "true");
        if (s.Compile)
            yield return ("compile", "true");
        yield return ("cache_latents", Bool(s.CacheLatents));
        yield return ("cache_text_encoder_outputs", Bool(s.CacheTextEncoderOutputs));
        if (s.ResidentEncoders)
            yield return ("resident_encoders", "true");
        if (s.Ema)
            yield return ("ema", "true");
        if (s.Method == TrainingMethod.Qlora && !s.DoubleQuant)
            yield return ("double_quant", "false");
        if (s.Method == TrainingMethod.Qlora && s.QuantBackend != QuantBackend.Bitsandbytes)
            yield return ("quant_backend", MapReader.EnumName(s.QuantBackend));
        if (s.DdpBucketView && s.Parallel == Parallelism.Ddp)
            yield return ("ddp_bucket_view", "true");
        if (!s.FsdpUseOrigParams && s.Parallel == Parallelism.Fsdp)
            yield return ("fsdp_use_orig_params", "false");
        if (s.KeepLogits)
            yield return ("keep_logits", "true");
        if (s.KbitUpcast && s.Method == TrainingMethod.Qlora)
            yield return ("kbit_upcast", "true");
        yield return ("parallel", MapReader.EnumName(s.Parallel));
        yield return ("offload", MapReader.EnumName(s.Offload));
    }

    private static string Bool(bool b) => b ? "true" : "false";
}
