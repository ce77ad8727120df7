using Rigsmith.Analysis.Compatibility;
using Rigsmith.Analysis.Electrical;
using Rigsmith.Analysis.Pcie;
using Rigsmith.Analysis.Physical;
using Rigsmith.Analysis.Thermal;
using Rigsmith.Analysis.Training;
using Rigsmith.Catalog;
using Rigsmith.Planning;
using Rigsmith.Rigs;
using Rigsmith.Training;

namespace Rigsmith.Analysis;

/// <summary>Runs every analysis over one context (the rig and its plan) and gathers the report.</summary>
public static class Analyzer
{
    public static IReadOnlyList<IAnalysis> All { get; } =
    [
        new CompatibilityAnalysis(),
        new ElectricalAnalysis(),
        new PcieAnalysis(),
        new InterconnectAnalysis(),
        new PhysicalAnalysis(),
        new ThermalAnalysis(),
        new TrainingAnalysis(),
    ];

    /// <summary>Every rule: the analyses' and the doctor's (which reads the live machine, not the rig alone).</summary>
    public static IEnumerable<Rule> AllRules => All.SelectMany(a => a.Rules).Concat(Doctor.Rules.DoctorRules.All);

    /// <summary>Plans the rig (with its training job, if any) and runs every analysis on the plan.</summary>
    public static Report Check(RigModel rig, TrainingJob? job = null, PlanOptions? options = null) => Check(AnalysisContext.For(rig, job, options));

    public static Report Check(AnalysisContext context) => Run(context, All);

    /// <summary>Runs the given analyses on one context.</summary>
    public static Report Run(AnalysisContext context, IEnumerable<IAnalysis> analyses) => new(context, analyses.Select(a => a.Run(context)).ToList());
}

public enum Verdict { Pass, PassWithWarnings, Fail }

/// <summary>What the analyses found, with the context they ran on: renderers read the plan from here instead of re-running a model.</summary>
public sealed record Report(AnalysisContext Context, IReadOnlyList<AnalysisResult> Analyses)
{
    public RigModel Rig => Context.Rig;
    public RigPlan Plan => Context.Plan;

    /// <summary>Every finding, most severe first, then by rule id; findings alike in both keep their analysis order.</summary>
    /// <remarks>
    /// A stable sort of a list rather than OrderByDescending(...).ThenBy(...): ThenBy is a generic virtual method, whose
    /// first call costs a native binary's cold start a type-loader lookup.
    /// </remarks>
    public IEnumerable<Finding> Findings
    {
        get
        {
            var all = new List<(Finding Finding, int Index)>();
            foreach (var analysis in Analyses)
            {
                foreach (var finding in analysis.Findings)
                    all.Add((finding, all.Count));
            }

            // Severities compared as numbers: Enum.CompareTo takes an object, a box for every comparison.
            all.Sort(static (x, y) => ((int)y.Finding.Severity).CompareTo((int)x.Finding.Severity) is var bySeverity and not 0 ? bySeverity
                : string.CompareOrdinal(x.Finding.Rule.Id, y.Finding.Rule.Id) is var byRule and not 0 ? byRule
                : x.Index.CompareTo(y.Index));
            return all.ConvertAll(x => x.Finding);
        }
    }
    public int Count(Severity severity) => Analyses.Sum(a => a.Findings.Count(f => f.Severity == severity));

    public Verdict Verdict => VerdictOf(Count(Severity.Error), Count(Severity.Warning));

    /// <summary>The key of the analysis whose findings are the workload's, not the hardware's.</summary>
    public const string WorkloadAnalysis = "training";

    /// <summary>Findings of the machine itself: every analysis but the workload's.</summary>
    public int HardwareCount(Severity severity) => Analyses.Where(a => a.Key != WorkloadAnalysis).Sum(a => a.Findings.Count(f => f.Severity == severity));

    /// <summary>The machine's verdict, apart from whether the job as written fits.</summary>
    public Verdict HardwareVerdict => VerdictOf(HardwareCount(Severity.Error), HardwareCount(Severity.Warning));

    /// <summary>Whether the training job fits as set; null when the rig has none (or the workload was not planned).</summary>
    public FitVerdict? WorkloadVerdict => Analyses.Any(a => a.Key == WorkloadAnalysis) ? Plan.Training?.Estimate.Verdict : null;

    private static Verdict VerdictOf(int errors, int warnings) => errors > 0 ? Verdict.Fail : warnings > 0 ? Verdict.PassWithWarnings : Verdict.Pass;

    /// <summary>0 the rig passes (warnings allowed), 1 the hardware has errors or the job as written does not fit.</summary>
    public int ExitCode => Verdict == Verdict.Fail ? 1 : 0;

    /// <summary>Every assumed catalog value of the rig's parts, whether or not a finding used it.</summary>
    public IEnumerable<UncitedInput> AssumedValues => UncitedValues.Where(v => v.IsAssumed);

    /// <summary>Every observed catalog value (one builder's report) of the rig's parts, whether or not a finding used it.</summary>
    public IEnumerable<UncitedInput> ObservedValues => UncitedValues.Where(v => v.Kind == UncitedKind.Observed);

    /// <summary>Every assumed or observed catalog value of the rig's parts, part by part.</summary>
    public IEnumerable<UncitedInput> UncitedValues => Rig.AllParts.SelectMany(Evidence.AllUncited);
}
