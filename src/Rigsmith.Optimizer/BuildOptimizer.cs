using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;
using Rigsmith.Catalog;
using Rigsmith.Optimizer.Candidates;
using Rigsmith.Optimizer.Output;
using Rigsmith.Optimizer.Solving;
using Rigsmith.Optimizer.Spec;
using Rigsmith.Optimizer.Verification;
using Rigsmith.Rigs;
using Rigsmith.Training.Models;

namespace Rigsmith.Optimizer;

/// <summary>How far an answer is proven.</summary>
public enum Proof
{
    /// <summary>No build that passes the check is better: the solver proved the bound and the check confirmed the answer.</summary>
    Optimal,

    /// <summary>A build that passes the check, without the proof (the time limit came first); the gap says how far it may be from the best.</summary>
    Feasible,

    /// <summary>No build meets the spec.</summary>
    Infeasible,

    /// <summary>The time limit came before any build was found or ruled out.</summary>
    Unknown,
}

/// <summary>A build the solver proposed that the full check failed, and the rules it failed; it was cut from the search.</summary>
public sealed record Rejected(Selection Selection, IReadOnlyList<string> Rules);

/// <summary>What one constraint of the spec, relaxed alone, would allow.</summary>
/// <param name="Answer">The best build with that constraint relaxed (checked); null when relaxing it alone does not help.</param>
public sealed record RelaxationOutcome(string Constraint, string Relaxed, Verified? Answer);

/// <summary>A build on the front of cost against throughput: no build is cheaper at this throughput or faster at this cost.</summary>
/// <param name="ModelSamplesPerSecond">The throughput the front was built on: the training model's at the link levels the build's platform gives.</param>
public sealed record FrontPoint(Verified Build, double ModelSamplesPerSecond);

/// <summary>Where the time went: building the candidates, in the solver, in the full checks, and the rest (the models, the alternatives).</summary>
public sealed record Timings(TimeSpan Candidates, TimeSpan Solver, TimeSpan Checks, TimeSpan Total);

public sealed record OptimizeResult(
    OptimizeSpec Spec,
    CandidateSet Candidates,
    Proof Proof,
    Verified? Best,
    double? Gap,
    IReadOnlyList<Verified> RunnersUp,
    IReadOnlyList<FrontPoint> Front,
    IReadOnlyList<Rejected> Rejected,
    IReadOnlyList<RelaxationOutcome> Relaxations,
    int Solves,
    TimeSpan Elapsed,
    Timings Timings,
    int Variables,
    int Constraints);

/// <summary>
/// The parts to buy for a spec (docs/optimize.md), proven best: the spec's choices as a CP-SAT model
/// (<see cref="BuildModel"/>), solved to optimality with 2 workers within the spec's time limit; each answer written as
/// a rig file and put through the full check, and a build the check fails is cut and the model solved again. Throughput
/// in the model is the training model's at the link levels the chosen platform gives the chosen cards (with the
/// platform's best memory bandwidth), which bounds what the check finds; an answer's own throughput comes from its
/// check, and the search goes on until no build's bound beats the best checked one. Ratio objectives are solved exactly
/// by Dinkelbach's iteration.
/// </summary>
public sealed class BuildOptimizer(PartCatalog catalog, ModelZoo zoo, PriceBook? book)
{
    /// <summary>Policy: how many builds the full check may reject before the search gives up on proving.</summary>
    public const int MaxCuts = 200;

    /// <summary>Policy: runners-up shown, each on a GPU model none of the better ones uses.</summary>
    public const int RunnersUp = 2;

    /// <summary>Policy: the most points of the cost-throughput front computed.</summary>
    public const int MaxFrontPoints = 12;

    private int _solves;
    private readonly Stopwatch _solver = new(), _checks = new();
    private (int Variables, int Constraints) _size;

    /// <param name="alternatives">False: the best build alone, without runners-up, the front or the relaxations.</param>
    public OptimizeResult Optimize(OptimizeSpec spec, CancellationToken cancel = default, bool alternatives = true)
    {
        var clock = Stopwatch.StartNew();
        var deadline = new Deadline(clock, spec.TimeLimit.Value);
        var candidates = CandidateBuilder.Build(spec, catalog, book);
        var candidatesTime = clock.Elapsed;
        var rejected = new List<Rejected>();
        var (proof, best, gap) = Search(spec, candidates, [], rejected, deadline, cancel);

        var runnersUp = new List<Verified>();
        var front = new List<FrontPoint>();
        var relaxations = new List<RelaxationOutcome>();
        if (best is not null && alternatives)
        {
            var avoid = new List<Gpu> { best.Selection.Gpus.Gpu.Part };
            for (var i = 0; i < RunnersUp && !deadline.Passed && !cancel.IsCancellationRequested; i++)
            {
                var (_, next, _) = Search(spec, candidates, avoid, rejected, deadline, cancel);
                if (next is null)
                    break;
                runnersUp.Add(next);
                avoid.Add(next.Selection.Gpus.Gpu.Part);
            }

            front.AddRange(Front(spec, candidates, rejected, deadline, cancel));
        }

        // For an infeasible spec: which constraint, relaxed alone, would allow a build. For a feasible one: which
        // constraints bind, and what relaxing each would gain.
        foreach (var (name, relaxed, relaxedSpec) in alternatives ? Relaxable(spec) : [])
        {
            if (deadline.Passed || cancel.IsCancellationRequested)
                break;
            var (_, answer, _) = Search(relaxedSpec, CandidateBuilder.Build(relaxedSpec, catalog, book), [], [], deadline, cancel);
            var better = answer is not null && (best is null || Better(spec.Objective, answer, best));
            relaxations.Add(new RelaxationOutcome(name, relaxed, better ? answer : null));
        }

        return new OptimizeResult(spec, candidates, proof, best, gap, runnersUp, front, rejected, relaxations, _solves, clock.Elapsed,
            new Timings(candidatesTime, _solver.Elapsed, _checks.Elapsed, clock.Elapsed), _size.Variables, _size.Constraints);
    }

    /// <summary>
    /// The constraints a spec sets that a relaxation can lift, each with the spec that lifts it. The circuit is lifted
    /// by the largest breaker a rig file takes at a continuous share of 100 %, so that the answer's own check, which
    /// judges the wall draw against the site, agrees with the relaxation.
    /// </summary>
    private static IEnumerable<(string Name, string Relaxed, OptimizeSpec Spec)> Relaxable(OptimizeSpec spec)
    {
        if (spec.Budget is { } budget)
            yield return ("budget", $"no budget instead of {OptimizeSummary.Money((long)(budget.Amount * 100), spec)}", spec with { Budget = null });
        yield return ("circuit", "no limit from the wall circuit" + (spec.HeatLimit is null ? "" : " or the heat limit"),
            spec with { Site = spec.Site with { Breaker = Units.Amperes.From(RigLoader.MaxBreakerAmperes), ContinuousLoadFraction = 1 }, HeatLimit = null });
        if (spec.GpusMin > 1 || spec.GpusMax < SpecReader.MaxGpus)
            yield return ("gpus", $"1 to {SpecReader.MaxGpus} GPUs instead of {GpuRange(spec)}", spec with { GpusMin = 1, GpusMax = SpecReader.MaxGpus });
        if (spec.ChassisKinds.Count > 0)
            yield return ("chassis", "any chassis kind", spec with { ChassisKinds = [] });
        if (spec.ChassisSize is { } size)
            yield return ("chassis_size", string.Create(CultureInfo.InvariantCulture, $"any chassis size instead of {size:0.#} L at most"), spec with { ChassisSize = null });
        if (spec.Condition != ConditionChoice.Any)
            yield return ("condition", "new or used parts", spec with { Condition = ConditionChoice.Any });
        if (spec.Owned.Count > 0)
            yield return ("owned", "without the owned parts", spec with { Owned = [] });
    }

    public static string GpuRange(OptimizeSpec spec) =>
        spec.GpusMin == spec.GpusMax ? spec.GpusMin.ToString(CultureInfo.InvariantCulture) : $"{spec.GpusMin} to {spec.GpusMax}";

    private static bool Better(Objective objective, Verified a, Verified b) => objective switch
    {
        Objective.LeastMoney => a.Selection.Cents < b.Selection.Cents,
        Objective.ThroughputPerMoney => Ratio(a) > Ratio(b),
        _ => Scaled(a.SamplesPerSecond) > Scaled(b.SamplesPerSecond) || (Scaled(a.SamplesPerSecond) == Scaled(b.SamplesPerSecond) && a.Selection.Cents < b.Selection.Cents),
    };

    /// <summary>Samples per second per hundredth, with one hundredth more as in <see cref="Dinkelbach"/>.</summary>
    private static double Ratio(Verified v) => v.SamplesPerSecond / (v.Selection.Cents + 1);

    private static long Scaled(double samplesPerSecond) => BuildModel.Scaled(samplesPerSecond);

    /// <summary>
    /// The best build for the spec's objective that passes the full check, and how far it is proven. Builds the check
    /// fails are cut (and listed in <paramref name="rejected"/>); <paramref name="avoid"/> names GPU models the build
    /// must not use.
    /// </summary>
    private (Proof, Verified?, double?) Search(OptimizeSpec spec, CandidateSet c, IReadOnlyList<Gpu> avoid,
        List<Rejected> rejected, Deadline deadline, CancellationToken cancel)
    {
        if (c.Platforms.Count == 0 || c.Gpus.Count == 0 || c.Memory.Count == 0 || c.Drives.Count == 0 || c.Psus.Count == 0 || c.Chassis.Count == 0)
            return (Proof.Infeasible, null, null);
        var model = new BuildModel(spec, c);
        foreach (var g in avoid)
            model.ForbidGpu(g);
        foreach (var r in rejected)
            model.Forbid(r.Selection);
        return spec.Objective switch
        {
            Objective.LeastMoney => Minimise(spec, model, rejected, deadline, cancel),
            Objective.ThroughputPerMoney => Dinkelbach(spec, model, rejected, deadline, cancel),
            _ => Maximise(spec, model, c, rejected, deadline, cancel),
        };
    }

    /// <summary>Least money: the first build the check passes, of the cheapest the solver proves, is the answer.</summary>
    private (Proof, Verified?, double?) Minimise(OptimizeSpec spec, BuildModel model, List<Rejected> rejected, Deadline deadline, CancellationToken cancel)
    {
        // Ties in cost go to the faster GPUs by the model (their power limit above all).
        model.Model.Minimize((model.Cost * (MaxThroughput(model.Candidates) + 1)) - model.ThroughputBound);
        for (var cut = 0; cut <= MaxCuts; cut++)
        {
            var (status, solver) = Solve(model, deadline, cancel);
            if (status == CpSolverStatus.Infeasible)
                return (Proof.Infeasible, null, null);
            if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
                return (Proof.Unknown, null, null);
            var verified = Check(spec, model.Read(solver));
            if (verified.Passes)
            {
                var bound = solver.BestObjectiveBound;
                return status == CpSolverStatus.Optimal
                    ? (Proof.Optimal, verified, 0)
                    : (Proof.Feasible, verified, Gap(solver.ObjectiveValue, bound));
            }

            Reject(model, verified, rejected);
        }

        return (Proof.Unknown, null, null);
    }

    /// <summary>
    /// Most samples per second, ties to the cheaper build: one weighted objective (throughput first, then cost). The
    /// model's throughput bounds the checked one from above, so the search stops when the best bound left is no better
    /// than the best checked build.
    /// </summary>
    private (Proof, Verified?, double?) Maximise(OptimizeSpec spec, BuildModel model, CandidateSet c, List<Rejected> rejected, Deadline deadline, CancellationToken cancel)
    {
        var weight = MaxCost(c) + 1;
        var objective = (model.Throughput * weight) - model.Cost;
        model.Model.Maximize(objective);
        Verified? incumbent = null;
        long incumbentValue = long.MinValue;
        for (var cut = 0; cut <= MaxCuts; cut++)
        {
            var (status, solver) = Solve(model, deadline, cancel);
            if (status == CpSolverStatus.Infeasible)
                return incumbent is null ? (Proof.Infeasible, null, null) : (Proof.Optimal, incumbent, 0);
            if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
                return incumbent is null ? (Proof.Unknown, null, null) : (Proof.Feasible, incumbent, null);
            var verified = Check(spec, model.Read(solver));
            if (!verified.Passes)
            {
                Reject(model, verified, rejected);
                continue;
            }

            var value = (Scaled(verified.SamplesPerSecond) * weight) - verified.Selection.Cents;
            if (value > incumbentValue)
                (incumbent, incumbentValue) = (verified, value);
            if (status == CpSolverStatus.Optimal && incumbentValue >= (long)Math.Round(solver.ObjectiveValue))
                return (Proof.Optimal, incumbent, 0);
            if (status != CpSolverStatus.Optimal)
                return (Proof.Feasible, incumbent, null);

            // The check gave this build less than its bound: look for a build whose bound beats the best checked one.
            model.Forbid(verified.Selection);
            model.Model.Add(objective >= incumbentValue + 1);
        }

        return incumbent is null ? (Proof.Unknown, null, null) : (Proof.Feasible, incumbent, null);
    }

    /// <summary>
    /// Most samples per second per unit of money, by Dinkelbach's iteration: with λ the best ratio so far, maximise
    /// throughput − λ·cost (as throughput·c − t·cost, in integers); a positive optimum is a build with a better ratio,
    /// zero proves none is. Cost counts one hundredth more so that a build of owned parts alone has a finite ratio.
    /// </summary>
    private (Proof, Verified?, double?) Dinkelbach(OptimizeSpec spec, BuildModel model, List<Rejected> rejected, Deadline deadline, CancellationToken cancel)
    {
        var cost = model.Cost + 1;
        (long T, long C) lambda = (0, 1);
        Verified? incumbent = null;
        for (var step = 0; step <= MaxCuts; step++)
        {
            // Maximize replaces the objective of the previous step.
            model.Model.Maximize((model.Throughput * lambda.C) - (cost * lambda.T));
            var (status, solver) = Solve(model, deadline, cancel);
            if (status == CpSolverStatus.Infeasible)
                return incumbent is null ? (Proof.Infeasible, null, null) : (Proof.Optimal, incumbent, 0);
            if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
                return incumbent is null ? (Proof.Unknown, null, null) : (Proof.Feasible, incumbent, null);
            var selection = model.Read(solver);
            var (t, c) = (solver.Value(model.Throughput), selection.Cents + 1);
            if (status == CpSolverStatus.Optimal && solver.ObjectiveValue <= 0 && incumbent is not null)
                return (Proof.Optimal, incumbent, 0);
            if ((decimal)t / c > (decimal)lambda.T / lambda.C)
            {
                // A better ratio by the model: move λ to it and ask again, until nothing beats it.
                lambda = (t, c);
                continue;
            }

            // λ is this build's own ratio and nothing beats it by the model: check it.
            var verified = Check(spec, selection);
            if (!verified.Passes)
            {
                Reject(model, verified, rejected);
                lambda = incumbent is null ? (0, 1) : (Scaled(incumbent.SamplesPerSecond), incumbent.Selection.Cents + 1);
                continue;
            }

            var real = Scaled(verified.SamplesPerSecond);
            if (incumbent is null || (decimal)real / c > (decimal)Scaled(incumbent.SamplesPerSecond) / (incumbent.Selection.Cents + 1))
                incumbent = verified;
            if (real >= t)
                return status == CpSolverStatus.Optimal ? (Proof.Optimal, incumbent, 0) : (Proof.Feasible, incumbent, null);
            model.Forbid(selection);
            lambda = (Scaled(incumbent.SamplesPerSecond), incumbent.Selection.Cents + 1);
        }

        return incumbent is null ? (Proof.Unknown, null, null) : (Proof.Feasible, incumbent, null);
    }

    /// <summary>
    /// The front of cost against throughput by the ε-constraint method: the cheapest build (the fastest of those), then
    /// the cheapest that is faster than it by the model, and so on, each put through the check.
    /// </summary>
    private List<FrontPoint> Front(OptimizeSpec spec, CandidateSet c, List<Rejected> rejected, Deadline deadline, CancellationToken cancel)
    {
        var points = new List<FrontPoint>();
        var model = new BuildModel(spec, c);
        foreach (var r in rejected)
            model.Forbid(r.Selection);
        var weight = MaxThroughput(c) + 1;
        model.Model.Minimize((model.Cost * weight) - model.Throughput);
        var cuts = 0;
        while (points.Count < MaxFrontPoints && cuts <= MaxCuts && !deadline.Passed)
        {
            var (status, solver) = Solve(model, deadline, cancel);
            if (status != CpSolverStatus.Optimal)
                break;
            var selection = model.Read(solver);
            var verified = Check(spec, selection);
            if (!verified.Passes)
            {
                Reject(model, verified, rejected);
                cuts++;
                continue;
            }

            var throughput = solver.Value(model.Throughput);
            points.Add(new FrontPoint(verified, (double)throughput / BuildModel.ThroughputScale));
            model.Model.Add(model.Throughput >= throughput + 1);
        }

        return points;
    }

    private Verified Check(OptimizeSpec spec, Selection selection)
    {
        _checks.Start();
        try
        {
            return Verifier.Verify(spec, selection, catalog, zoo);
        }
        finally
        {
            _checks.Stop();
        }
    }

    private static void Reject(BuildModel model, Verified verified, List<Rejected> rejected)
    {
        model.Forbid(verified.Selection);
        rejected.Add(new Rejected(verified.Selection, verified.Errors));
    }

    private (CpSolverStatus, CpSolver) Solve(BuildModel model, Deadline deadline, CancellationToken cancel)
    {
        // One presolve pass: on the full catalog the model's presolve (probing some 3,000 choices, three passes) took
        // 1.5 of the 2.2 s a throughput spec needed, and its second and third passes fixed almost nothing.
        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture, $"num_workers:2 max_presolve_iterations:1 max_time_in_seconds:{Math.Max(0.01, deadline.Remaining):0.###}"),
        };
        using var stop = cancel.Register(solver.StopSearch);
        if (_solves == 0)
            _size = (model.Model.Model.Variables.Count, model.Model.Model.Constraints.Count);
        _solver.Start();
        var status = solver.Solve(model.Model);
        _solver.Stop();
        _solves++;
        return (status, solver);
    }

    private static double Gap(double objective, double bound) =>
        Math.Abs(objective) < 1e-9 ? 0 : Math.Abs(objective - bound) / Math.Abs(objective);

    private static long MaxThroughput(CandidateSet c) => c.Gpus.Max(g => Scaled(g.SamplesPerSecond));

    /// <summary>An upper bound of any build's cost: the dearest choice of every category.</summary>
    private static long MaxCost(CandidateSet c) =>
        c.Platforms.Max(p => p.Cents!.Value) + c.Gpus.Max(g => g.Cents) + c.Memory.Max(m => m.Cents) + c.Drives.Max(d => d.CostOf(1)!.Value)
        + c.Psus.Max(p => p.Cents) + c.Chassis.Max(k => k.CostOf(1)!.Value);

    private sealed class Deadline(Stopwatch clock, double seconds)
    {
        public double Remaining => seconds - clock.Elapsed.TotalSeconds;

        public bool Passed => Remaining <= 0;
    }
}
