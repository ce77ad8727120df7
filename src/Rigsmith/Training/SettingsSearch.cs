using Rigsmith.Training.Models;

namespace Rigsmith.Training;

/// <summary>A candidate setting that fits, with how much it gives up against what was asked for.</summary>
public sealed record SearchCandidate(FitEstimate Estimate, double Compromise, IReadOnlyList<string> Changes);

/// <summary>
/// Finds the settings that fit with the least compromise: it varies what trainers let users trade (trainable share,
/// text-encoder training, optimizer, precision, checkpointing, fused backward, batch with accumulation, resolution or
/// sequence length, sharding, offload) and ranks the candidates that fit.
/// </summary>
/// <remarks>
/// The compromise weights are an assumption of this tool, documented in docs/models/training.md: losing quality
/// (frozen weights, untrained text encoders, lower resolution, lossier optimizers or precisions, LoRA instead of a
/// full fine-tune) costs more than losing speed, which is charged at 0.5 per halving of throughput.
/// </remarks>
public static partial class SettingsSearch
{
    private static readonly Dictionary<Optimizer, double> OptimizerCost = new()
    {
        [Optimizer.Adamw] = 0,
        [Optimizer.Prodigy] = 0,
        [Optimizer.Adamw8bit] = 0.1,
        [Optimizer.PagedAdamw8bit] = 0.1,
        [Optimizer.Lion] = 0.2,
        [Optimizer.Lion8bit] = 0.3,
        [Optimizer.Adafactor] = 0.3,
        [Optimizer.SgdMomentum] = 0.6,
        [Optimizer.Sgd] = 0.8,
    };

    private static readonly Dictionary<Precision, double> PrecisionCost = new()
    {
        [Precision.Fp32] = 0,
        [Precision.Bf16Mixed] = 0,
        [Precision.Fp16Mixed] = 0.05,
        [Precision.FullBf16] = 0.2,
        [Precision.FullFp16] = 0.3,
        [Precision.Fp8] = 0.4,
    };

    public static IReadOnlyList<SearchCandidate> Search(TrainingSettings requested, ModelSpec model, RigContext rig, int top = 5) =>
        Search(requested, model, rig, top, out _);

    /// <summary>
    /// The same ranking as <see cref="Exhaustive"/> (every candidate estimated, those that fit sorted by compromise, then
    /// step time, then enumeration order), without estimating the candidates that cannot reach the top.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Why stopping early is exact. A candidate's compromise is <c>bound + 0.5 · log2(max(1, baseline / candidate
    /// samples per second))</c>, where <c>bound</c> (quality costs plus 0.01 per change) is known from the settings
    /// alone, before estimating, and is computed here with the same operations in the same order as
    /// <see cref="Compromise"/>, so it is the very double that function adds the speed term to. The speed term is
    /// never negative (a log2 of at least 1, times 0.5) and adding a non-negative double never rounds below the other
    /// operand, so every candidate's compromise is at least its bound. Candidates are estimated in increasing order of
    /// bound; once the next bound is strictly greater than the compromise of the <c>top</c>-th best fitting candidate
    /// found so far, every candidate left has a strictly greater compromise than all of the <c>top</c> kept, and
    /// ranks after them whatever its step time, so none can enter the list. A bound equal to that compromise does not
    /// stop the search: such a candidate may tie on compromise and win on step time or on enumeration order.
    /// </para>
    /// <para>
    /// The rule needs the speed term to be a number; if the requested settings' throughput is not finite and positive
    /// (a degenerate rig), the term could be NaN, which sorts first, and the brute force is used instead.
    /// </para>
    /// </remarks>
    internal static IReadOnlyList<SearchCandidate> Search(TrainingSettings requested, ModelSpec model, RigContext rig, int top, out SearchStatistics statistics)
    {
        var baseline = TrainingEstimator.Estimate(requested, model, rig);
        var space = new Space(requested, model, rig);
        var queue = space.Enumerate();
        var enumerated = queue.Count;
        if (top <= 0)
        {
            statistics = new SearchStatistics(enumerated, 1);
            return [];
        }

        if (!(baseline.SamplesPerSecond > 0 && double.IsFinite(baseline.SamplesPerSecond)))
        {
            statistics = new SearchStatistics(enumerated, enumerated + 2);
            return Exhaustive(requested, model, rig, top);
        }

        var best = new List<Ranked>(Math.Min(top, 64));
        var estimates = 1;
        while (queue.TryDequeue(out var code, out var key))
        {
            if (best.Count == top && key.Bound > best[^1].Compromise)
                break;
            var settings = space.Settings(code);
            FitEstimate estimate;
            if (settings == requested)
            {
                estimate = baseline; // the estimator is pure: the same settings give the same estimate
            }
            else
            {
                estimate = TrainingEstimator.Estimate(settings, model, rig);
                estimates++;
            }

            if (!estimate.Fits)
                continue;
            var ranked = new Ranked(estimate, key.Bound + 0.5 * Slowdown(baseline, estimate), key.Index);
            var at = best.Count;
            while (at > 0 && ranked.CompareTo(best[at - 1]) < 0)
                at--;
            if (at < top)
            {
                best.Insert(at, ranked);
                if (best.Count > top)
                    best.RemoveAt(top);
            }
        }

        statistics = new SearchStatistics(enumerated, estimates);
        var results = new List<SearchCandidate>(best.Count);
        foreach (var b in best)
        {
            var (cost, changes) = Compromise(requested, b.Estimate.Settings, b.Estimate, baseline);
            System.Diagnostics.Debug.Assert(cost.Equals(b.Compromise), "the bound and the compromise disagree");
            results.Add(new SearchCandidate(b.Estimate, cost, changes));
        }

        return results;
    }

    /// <summary>What a search did: the candidates it enumerated and the estimates it made, the requested settings' own included.</summary>
    internal readonly record struct SearchStatistics(int Candidates, int Estimates);

    /// <summary>A candidate that fits, ordered as the brute force orders them: compromise, step time, enumeration order.</summary>
    private readonly record struct Ranked(FitEstimate Estimate, double Compromise, int Index) : IComparable<Ranked>
    {
        public int CompareTo(Ranked other)
        {
            var byCompromise = Compromise.CompareTo(other.Compromise);
            if (byCompromise != 0)
                return byCompromise;
            var byStep = Estimate.StepTime.Value.CompareTo(other.Estimate.StepTime.Value);
            return byStep != 0 ? byStep : Index.CompareTo(other.Index);
        }
    }

    /// <summary>Speed: 0.5 per halving of throughput against the requested settings' estimate (the term <see cref="Compromise"/> adds last).</summary>
    private static double Slowdown(FitEstimate baseline, FitEstimate e) => Math.Log2(Math.Max(1, baseline.SamplesPerSecond / e.SamplesPerSecond));

    /// <summary>
    /// The candidates, smallest bound first and, among equal bounds, in enumeration order: a binary heap of 16-byte
    /// entries, filled in enumeration order and heapified once. (A PriorityQueue keyed by (bound, index) pops the same
    /// order; this holds a third less memory and compares without a generic comparer, a cost on every cold start.)
    /// </summary>
    private sealed class CandidateHeap(int capacity)
    {
        private readonly Candidate[] _items = new Candidate[capacity];

        public int Count { get; private set; }

        public void Add(int code, double bound, int index) => _items[Count++] = new Candidate(bound, index, code);

        public void Heapify()
        {
            for (var i = (Count / 2) - 1; i >= 0; i--)
                SiftDown(i);
        }

        public bool TryDequeue(out int code, out (double Bound, int Index) key)
        {
            if (Count == 0)
            {
                (code, key) = (0, default);
                return false;
            }

            var top = _items[0];
            (code, key) = (top.Code, (top.Bound, top.Index));
            _items[0] = _items[--Count];
            SiftDown(0);
            return true;
        }

        private void SiftDown(int at)
        {
            var item = _items[at];
            while (true)
            {
                var child = (2 * at) + 1;
                if (child >= Count)
                    break;
                if (child + 1 < Count && _items[child + 1].Before(_items[child]))
                    child++;
                if (!_items[child].Before(item))
                    break;
                _items[at] = _items[child];
                at = child;
            }

            _items[at] = item;
        }

        private readonly record struct Candidate(double Bound, int Index, int Code)
        {
            // Bounds are finite sums of quality costs, so this is the (bound, index) order of a total order.
            public bool Before(Candidate other) => Bound < other.Bound || (Bound == other.Bound && Index < other.Index);
        }
    }

    /// <summary>
    /// The candidates of <see cref="Exhaustive"/>'s cartesian product, in the same order, as small codes (an option index
    /// per dimension) with the compromise each is sure to reach: its quality costs and changes, which the settings alone
    /// decide. Settings are built only for the candidates that get estimated.
    /// </summary>
    private sealed class Space
    {
        private const int Bits = 3; // up to 8 options per dimension; the largest has 6
        private readonly TrainingSettings _r;
        private readonly bool _diffusion;
        private readonly int _n;
        private readonly TrainingMethod[] _methods;
        private readonly bool[] _textEncoder;
        private readonly double[] _fractions;
        private readonly Optimizer[] _optimizers;
        private readonly Precision[] _precisions;
        private readonly int[] _batches;
        private readonly int[] _sizes;
        private readonly Parallelism[] _parallels;
        private readonly Offload[] _offloads;
        private static readonly double[] FullShare = [1.0];
        private static readonly bool[] Fused = [false, true];

        public Space(TrainingSettings r, ModelSpec model, RigContext rig)
        {
            // The options of Exhaustive's Candidates, in the same order.
            _r = r;
            _diffusion = model.Family == ModelFamily.Diffusion;
            _n = r.Gpus ?? rig.Gpus.Count;
            _methods = r.Method == TrainingMethod.Full ? [TrainingMethod.Full, TrainingMethod.Lora] : [r.Method];
            _textEncoder = r.TrainTextEncoder ? [true, false] : [false];
            _fractions = Unique([1.0, 0.9, 0.8, 0.7, 0.6, 0.5], f => f <= r.TrainableFraction + 1e-9) is { Length: > 0 } fractions ? fractions : [r.TrainableFraction];
            _optimizers = Unique([r.Optimizer, Optimizer.Adamw8bit, Optimizer.Adafactor, Optimizer.Lion8bit, Optimizer.PagedAdamw8bit]);
            _precisions = Unique([r.Precision, Precision.FullBf16]);
            _batches = Unique([r.Batch, Math.Max(1, r.Batch / 2), 1]);
            _sizes = _diffusion
                ? Unique([r.Resolution, r.Resolution - 128, r.Resolution - 256], x => x >= 256)
                : Unique([r.SequenceLength, r.SequenceLength / 2], x => x >= 128);
            _parallels = _n > 1 ? Unique([r.Parallel, Parallelism.Zero2, Parallelism.Fsdp2]) : [r.Parallel];
            _offloads = Unique([r.Offload, Offload.Optimizer]);
        }

        /// <summary>The values <paramref name="keep"/> accepts, each once, in their first order.</summary>
        /// <remarks>
        /// A loop, not LINQ's Where(...).Distinct().ToArray(): those iterators and their hash set are generic code
        /// instantiated for each of the seven option types, whose interface calls a native binary resolves one by one on a
        /// cold start (docs/architecture.md, "The native binary").
        /// </remarks>
        private static T[] Unique<T>(ReadOnlySpan<T> values, Predicate<T>? keep = null)
        {
            var kept = new T[values.Length];
            var count = 0;
            foreach (var value in values)
            {
                if (keep is not null && !keep(value))
                    continue;
                var seen = false;
                for (var i = 0; i < count && !seen; i++)
                    seen = EqualityComparer<T>.Default.Equals(kept[i], value);
                if (!seen)
                    kept[count++] = value;
            }

            return count == kept.Length ? kept : kept[..count];
        }

        private double[] FractionsFor(TrainingMethod method) => method == TrainingMethod.Full ? _fractions : FullShare;

        private int Accumulation(int batch) => Math.Max(1, _r.Batch * _r.GradientAccumulation / batch);

        /// <summary>Every candidate, keyed by its bound and its place in the enumeration.</summary>
        public CandidateHeap Enumerate()
        {
            var r = _r;
            // Each dimension's quality cost and whether it counts as a change, as Compromise charges them. Cost terms
            // that do not apply are 0 here and skipped there: adding +0.0 to a non-negative sum leaves it as it is.
            var methodCost = Array.ConvertAll(_methods, m => m != r.Method ? (m == TrainingMethod.Lora ? 1.5 : 2.0) : 0);
            var optimizerCost = Array.ConvertAll(_optimizers, o => o != r.Optimizer ? Math.Max(0, OptimizerCost[o] - OptimizerCost[r.Optimizer]) : 0);
            var precisionCost = Array.ConvertAll(_precisions, p => p != r.Precision ? Math.Max(0, PrecisionCost[p] - PrecisionCost[r.Precision]) : 0);
            // Resolution for diffusion models, sequence length for LLMs: one size, charged where Compromise charges it.
            var sizeCost = Array.ConvertAll(_sizes, x => _diffusion
                ? x < r.Resolution ? 4.0 * (r.Resolution - x) / r.Resolution : 0
                : x < r.SequenceLength ? 4.0 * (r.SequenceLength - x) / r.SequenceLength : 0);
            // Changes every candidate makes: checkpointing is always on, latents of diffusion models always cached.
            var fixedChanges = (!r.GradientCheckpointing ? 1 : 0) + (_diffusion && !r.CacheLatents ? 1 : 0);

            var queue = new CandidateHeap(Count());
            var index = 0;
            for (var m = 0; m < _methods.Length; m++)
            {
                var fractions = FractionsFor(_methods[m]);
                for (var t = 0; t < _textEncoder.Length; t++)
                {
                    var te = _textEncoder[t];
                    var teCost = r.TrainTextEncoder && !te ? 1.0 : 0;
                    var teChanges = (r.TrainTextEncoder && !te ? 1 : 0)
                        + ((_diffusion && !te || r.CacheTextEncoderOutputs) && !r.CacheTextEncoderOutputs ? 1 : 0);
                    for (var f = 0; f < fractions.Length; f++)
                    {
                        var fraction = fractions[f];
                        var shrunk = fraction < r.TrainableFraction - 1e-9;
                        var fractionCost = shrunk ? 3 * (r.TrainableFraction - fraction) : 0;
                        for (var o = 0; o < _optimizers.Length; o++)
                        {
                            for (var p = 0; p < _precisions.Length; p++)
                            {
                                for (var u = 0; u < Fused.Length; u++)
                                {
                                    for (var b = 0; b < _batches.Length; b++)
                                    {
                                        // Fused backward steps each weight as its gradient arrives: one GPU, no gradient accumulation (torchtune, kohya).
                                        if (Fused[u] && !(Accumulation(_batches[b]) == 1 && _n == 1))
                                            continue;
                                        for (var x = 0; x < _sizes.Length; x++)
                                        {
                                            // In Compromise's order: method, text encoders, trainable share, resolution, sequence length, optimizer, precision.
                                            var cost = 0.0 + methodCost[m] + teCost + fractionCost + sizeCost[x] + optimizerCost[o] + precisionCost[p];
                                            var changes = fixedChanges + (_methods[m] != r.Method ? 1 : 0) + teChanges + (shrunk ? 1 : 0)
                                                + (SizeChanged(_sizes[x]) ? 1 : 0)
                                                + (_optimizers[o] != r.Optimizer ? 1 : 0) + (_precisions[p] != r.Precision ? 1 : 0)
                                                + (_batches[b] != r.Batch ? 1 : 0) + (Fused[u] && !r.FusedBackward ? 1 : 0);
                                            for (var q = 0; q < _parallels.Length; q++)
                                            {
                                                for (var d = 0; d < _offloads.Length; d++)
                                                {
                                                    var all = changes + (_parallels[q] != r.Parallel ? 1 : 0) + (_offloads[d] != r.Offload ? 1 : 0);
                                                    var code = m | (t << Bits) | (f << (2 * Bits)) | (o << (3 * Bits)) | (p << (4 * Bits)) | (u << (5 * Bits))
                                                        | (b << (6 * Bits)) | (x << (7 * Bits)) | (q << (8 * Bits)) | (d << (9 * Bits));
                                                    queue.Add(code, cost + 0.01 * all, index++);
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }

            System.Diagnostics.Debug.Assert(index == queue.Count && index == Count(), "Count() disagrees with the enumeration");
            queue.Heapify();
            return queue;
        }

        /// <summary>How many candidates <see cref="Enumerate"/> yields, so that its queue is allocated once.</summary>
        private int Count()
        {
            var batches = 0; // (fused, batch) pairs that pass the fused-backward rule
            foreach (var fused in Fused)
            {
                foreach (var batch in _batches)
                    batches += fused && !(Accumulation(batch) == 1 && _n == 1) ? 0 : 1;
            }

            var perFraction = _optimizers.Length * _precisions.Length * batches * _sizes.Length * _parallels.Length * _offloads.Length;
            var count = 0;
            foreach (var method in _methods)
                count += _textEncoder.Length * FractionsFor(method).Length * perFraction;
            return count;
        }

        private bool SizeChanged(int size) => _diffusion ? size < _r.Resolution : size < _r.SequenceLength;

        /// <summary>The settings a code stands for, built as Exhaustive's Candidates builds them.</summary>
        public TrainingSettings Settings(int code)
        {
            const int mask = (1 << Bits) - 1;
            int At(int dimension) => (code >> (dimension * Bits)) & mask;
            var method = _methods[At(0)];
            var te = _textEncoder[At(1)];
            var batch = _batches[At(6)];
            var size = _sizes[At(7)];
            return _r with
            {
                Method = method,
                TrainTextEncoder = te,
                TrainableFraction = FractionsFor(method)[At(2)],
                Optimizer = _optimizers[At(3)],
                Precision = _precisions[At(4)],
                GradientCheckpointing = true,
                FusedBackward = Fused[At(5)],
                Batch = batch,
                GradientAccumulation = Accumulation(batch),
                Resolution = _diffusion ? size : _r.Resolution,
                SequenceLength = _diffusion ? _r.SequenceLength : size,
                Parallel = _parallels[At(8)],
                Offload = _offloads[At(9)],
                CacheLatents = _diffusion || _r.CacheLatents,
                CacheTextEncoderOutputs = _diffusion && !te || _r.CacheTextEncoderOutputs,
            };
        }
    }

    private static (double Cost, IReadOnlyList<string> Changes) Compromise(TrainingSettings r, TrainingSettings c, FitEstimate e, FitEstimate baseline)
    {
        var cost = 0.0;
        var changes = new List<string>();
        void Charge(bool changed, double amount, string what)
        {
            if (!changed)
                return;
            cost += amount;
            changes.Add(what);
        }

        Charge(c.Method != r.Method, c.Method == TrainingMethod.Lora ? 1.5 : 2.0, $"{Name(c.Method)} instead of {Name(r.Method)}");
        Charge(r.TrainTextEncoder && !c.TrainTextEncoder, 1.0, "text encoders frozen");
        Charge(c.TrainableFraction < r.TrainableFraction - 1e-9, 3 * (r.TrainableFraction - c.TrainableFraction), $"train {c.TrainableFraction:P0} of the weights");
        Charge(c.Resolution < r.Resolution, 4.0 * (r.Resolution - c.Resolution) / r.Resolution, $"{c.Resolution} px");
        Charge(c.SequenceLength < r.SequenceLength, 4.0 * (r.SequenceLength - c.SequenceLength) / r.SequenceLength, $"sequence {c.SequenceLength}");
        Charge(c.Optimizer != r.Optimizer, Math.Max(0, OptimizerCost[c.Optimizer] - OptimizerCost[r.Optimizer]), $"optimizer {Name(c.Optimizer)}");
        Charge(c.Precision != r.Precision, Math.Max(0, PrecisionCost[c.Precision] - PrecisionCost[r.Precision]), $"precision {Name(c.Precision)}");
        if (c.Batch != r.Batch)
            changes.Add($"batch {c.Batch} x {c.GradientAccumulation} accumulation");
        if (c.GradientCheckpointing && !r.GradientCheckpointing)
            changes.Add("gradient checkpointing");
        if (c.FusedBackward && !r.FusedBackward)
            changes.Add("fused backward pass");
        if (c.Parallel != r.Parallel)
            changes.Add(Name(c.Parallel));
        if (c.Offload != r.Offload)
            changes.Add($"offload {Name(c.Offload)}");
        if (c.CacheTextEncoderOutputs && !r.CacheTextEncoderOutputs)
            changes.Add("cached text-encoder outputs");
        if (c.CacheLatents && !r.CacheLatents)
            changes.Add("cached latents");

        // A little for each change, so that of two equal candidates the simpler comes first.
        cost += 0.01 * changes.Count;

        // Speed: 0.5 per halving of throughput against the requested settings' estimate.
        var slowdown = Math.Log2(Math.Max(1, baseline.SamplesPerSecond / e.SamplesPerSecond));
        cost += 0.5 * slowdown;
        return (cost, changes);
    }

    private static string Name<T>(T value)
        where T : struct, Enum => Input.MapReader.EnumName(value);
}
