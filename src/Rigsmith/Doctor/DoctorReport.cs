using Rigsmith.Analysis;
using Rigsmith.Doctor.Observations;
using Rigsmith.Doctor.Rules;

namespace Rigsmith.Doctor;

/// <summary>A doctor finding: the finding, and the machine's value next to the plan's where the rule compares them.</summary>
public sealed record DoctorFinding(Finding Finding, string? Observed, string? Planned)
{
    public Rule Rule => Finding.Rule;
    public Severity Severity => Finding.Severity;
}

/// <summary>The rig file the machine was compared with; absent for a health check alone.</summary>
public sealed record PlannedRig(string Name, string File);

/// <summary>What the doctor found on the machine: what it read, its findings, and notes on what it could not judge.</summary>
public sealed record DoctorReport(MachineObservations Machine, PlannedRig? Rig, IReadOnlyList<DoctorFinding> Findings, IReadOnlyList<string> Notes)
{
    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);

    public Verdict Verdict => Count(Severity.Error) > 0 ? Verdict.Fail : Count(Severity.Warning) > 0 ? Verdict.PassWithWarnings : Verdict.Pass;

    /// <summary>0 no errors (warnings allowed), 1 errors found.</summary>
    public int ExitCode => Verdict == Verdict.Fail ? 1 : 0;
}

/// <summary>Runs the doctor: the health checks on the machine alone, and with a plan, the comparison of plan and machine.</summary>
public static class MachineDoctor
{
    public static DoctorReport Examine(MachineObservations machine, AnalysisContext? plan = null)
    {
        var notes = new List<string>();
        var findings = new List<DoctorFinding>(HealthChecks.Run(machine, notes, judgeBoardVoltage: plan is null));
        if (plan is not null)
            findings.AddRange(PlanComparison.Run(plan with { Machine = machine }, notes));
        var ordered = findings.OrderByDescending(f => f.Severity).ThenBy(f => f.Rule.Id, StringComparer.Ordinal).ToList();
        return new DoctorReport(machine, plan is null ? null : new PlannedRig(plan.Rig.Name, plan.Rig.File), ordered, notes);
    }
}
