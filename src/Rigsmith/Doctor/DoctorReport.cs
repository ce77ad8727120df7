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

/// <summary>A GPU as the plan has it: its name in the rig (<c>GPU0</c>), slot, card, negotiated link and power limit.</summary>
/// <param name="Gen">The plan's negotiated PCIe generation; null when the plan gives the GPU no link.</param>
public sealed record PlannedGpu(string Gpu, string Slot, string Name, int? Gen, int? Width, Units.Watts PowerLimit);

/// <summary>
/// A planned GPU next to the machine's GPU the doctor compares it with (DOC74x's pairing), with the link the comparison
/// reads; either side is null for a GPU that only the other has.
/// </summary>
public sealed record GpuPairing(PlannedGpu? Planned, GpuObservation? Observed, LinkState? ObservedLink);

/// <summary>What the doctor found on the machine: what it read, its findings, and notes on what it could not judge.</summary>
public sealed record DoctorReport(MachineObservations Machine, PlannedRig? Rig, IReadOnlyList<DoctorFinding> Findings, IReadOnlyList<string> Notes)
{
    /// <summary>With a plan, each planned GPU next to the machine's; empty for a health check alone.</summary>
    public IReadOnlyList<GpuPairing> Pairings { get; init; } = [];

    /// <summary>With a plan, the voltage it predicts at the slots at the set power limits (the figure DOC731 compares the board's 12 V with).</summary>
    public Units.Volts? PlannedSlotVoltage { get; init; }

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
        if (plan is null)
            return new DoctorReport(machine, null, ordered, notes);
        return new DoctorReport(machine, new PlannedRig(plan.Rig.Name, plan.Rig.File), ordered, notes)
        {
            Pairings = PlanComparison.Pair(plan with { Machine = machine }),
            PlannedSlotVoltage = plan.Plan.Electrical.AsSet.SlotPath.SlotVoltage,
        };
    }
}
