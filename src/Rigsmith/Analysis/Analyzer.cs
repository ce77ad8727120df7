using Rigsmith.Analysis.Compatibility;
using Rigsmith.Analysis.Electrical;
using Rigsmith.Analysis.Pcie;
using Rigsmith.Analysis.Physical;
using Rigsmith.Analysis.Thermal;
using Rigsmith.Rigs;

namespace Rigsmith.Analysis;

/// <summary>Runs every analysis over a rig and gathers the report.</summary>
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
        new Training.TrainingAnalysis(),
    ];

    public static IEnumerable<Rule> AllRules => All.SelectMany(a => a.Rules);

    public static Report Check(RigModel rig) => new(rig, All.Select(a => a.Run(rig)).ToList());
}

public enum Verdict { Pass, PassWithWarnings, Fail }

public sealed record Report(RigModel Rig, IReadOnlyList<AnalysisResult> Analyses)
{
    public IEnumerable<Finding> Findings => Analyses.SelectMany(a => a.Findings).OrderByDescending(f => f.Severity).ThenBy(f => f.Rule.Id, StringComparer.Ordinal);
    public int Count(Severity severity) => Analyses.Sum(a => a.Findings.Count(f => f.Severity == severity));

    public Verdict Verdict => Count(Severity.Error) > 0 ? Verdict.Fail : Count(Severity.Warning) > 0 ? Verdict.PassWithWarnings : Verdict.Pass;

    /// <summary>0 the rig passes (warnings allowed), 1 it has errors.</summary>
    public int ExitCode => Verdict == Verdict.Fail ? 1 : 0;

    /// <summary>Every assumed catalog value of the rig's parts, whether or not a finding used it.</summary>
    public IEnumerable<AssumedInput> AssumedValues =>
        Rig.AllParts.SelectMany(p => p.Provenance.AssumedFields.Select(a => new AssumedInput(p.Id, a.Field, a.Reason)));
}
