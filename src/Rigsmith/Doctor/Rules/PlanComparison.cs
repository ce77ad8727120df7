using System.Text.RegularExpressions;
using Rigsmith.Analysis;
using Rigsmith.Doctor.Observations;
using Rigsmith.Rigs;

namespace Rigsmith.Doctor.Rules;

/// <summary>
/// The machine against its plan: the GPUs the rig file places, in slot order, against those the machine shows in bus
/// order (the order boards number their slots' buses in); each pair's link, power limit and model; and the board's
/// measured 12 V against the plan's predicted slot voltage.
/// </summary>
public static partial class PlanComparison
{
    /// <summary>
    /// Power limits this close are the same setting. Assumption: nvidia-smi prints limits to the hundredth of a watt
    /// but cards accept them in steps of a few watts, so a smaller difference is not a different setting.
    /// </summary>
    public const double PowerLimitToleranceW = 5;

    public static IEnumerable<DoctorFinding> Run(AnalysisContext context, List<string> notes)
    {
        var machine = context.Machine ?? MachineObservations.Empty;
        var findings = new List<DoctorFinding>();
        var planned = context.Rig.Gpus.OrderBy(g => g.Slot.Position).ThenBy(g => g.Index).ToList();
        var observed = ObservedGpus(machine);
        if (observed is null)
            notes.Add("no nvidia-smi or lspci capture: the GPUs are not compared with the plan");
        else
        {
            for (var i = observed.Count; i < planned.Count; i++)
            {
                var gpu = planned[i];
                findings.Add(HealthChecks.Of(DoctorRules.GpuMissing,
                    $"the plan has {planned.Count} GPU(s) but the machine shows {observed.Count}: {gpu.Label} is not seen",
                    "Reseat the card and its power cables; check the slot is enabled in the BIOS and the card's power LEDs.",
                    $"GPU{gpu.Index}", $"{observed.Count} GPUs", $"{planned.Count} GPUs"));
            }

            for (var i = planned.Count; i < observed.Count; i++)
            {
                findings.Add(HealthChecks.Of(DoctorRules.GpuExtra,
                    $"the machine shows {HealthChecks.Name(observed[i])}, which the plan does not have ({planned.Count} GPU(s) planned)",
                    "Add it to the rig file so power, lanes and cooling are planned with it.", observed[i].BusId, $"{observed.Count} GPUs", $"{planned.Count} GPUs"));
            }

            for (var i = 0; i < Math.Min(planned.Count, observed.Count); i++)
                Compare(context, planned[i], observed[i], findings);
        }

        HealthChecks.BoardVoltage(machine, context.Plan.Electrical.AsSet.SlotPath.SlotVoltage, findings, notes);
        return findings;
    }

    /// <summary>
    /// Each planned GPU next to the machine's GPU it is compared with (the same pairing as the rules above: slot order
    /// against bus order), then the machine's GPUs the plan does not have; the machine's side is null for a GPU not
    /// seen, or for all of them when no capture showed the GPUs.
    /// </summary>
    public static IReadOnlyList<GpuPairing> Pair(AnalysisContext context)
    {
        var machine = context.Machine ?? MachineObservations.Empty;
        var planned = context.Rig.Gpus.OrderBy(g => g.Slot.Position).ThenBy(g => g.Index).ToList();
        var observed = ObservedGpus(machine) ?? [];
        var pairs = new List<GpuPairing>();
        for (var i = 0; i < Math.Max(planned.Count, observed.Count); i++)
        {
            var plannedGpu = i < planned.Count ? planned[i] : null;
            var gpu = i < observed.Count ? observed[i] : null;
            var link = plannedGpu is null ? null : context.Plan.Pcie.Gpus.FirstOrDefault(l => l.Name == $"GPU{plannedGpu.Index}");
            pairs.Add(new GpuPairing(
                plannedGpu is null ? null : new PlannedGpu($"GPU{plannedGpu.Index}", plannedGpu.Slot.Id, plannedGpu.Gpu.Name,
                    link is { HasLink: true } ? link.Gen : null, link is { HasLink: true } ? link.Width : null, plannedGpu.PowerLimit),
                gpu, gpu is null ? null : ObservedLink(machine, gpu)));
        }

        return pairs;
    }

    /// <summary>The link nvidia-smi shows, or lspci's link of the same bus when nvidia-smi gave no maximum.</summary>
    private static LinkState ObservedLink(MachineObservations machine, GpuObservation gpu) =>
        gpu.Link.MaxWidth is null && gpu.BusId is not null && machine.Pci.Devices.FirstOrDefault(d => d.Address == gpu.BusId) is { } device
            ? machine.Pci.LinkOf(device)
            : gpu.Link;

    /// <summary>nvidia-smi's GPUs; without them, lspci's NVIDIA GPUs with their links; null when neither was captured.</summary>
    private static List<GpuObservation>? ObservedGpus(MachineObservations machine)
    {
        if (machine.SawNvidiaSmi)
            return [.. machine.Gpus];
        if (!machine.SawGpus)
            return null;
        return [.. machine.Pci.Devices.Where(d => d.IsNvidiaGpu).OrderBy(d => d.Address, StringComparer.Ordinal)
            .Select((d, i) => new GpuObservation(i, d.Address, d.Description, machine.Pci.LinkOf(d), null, null, null, null, null, null, null, []))];
    }

    private static void Compare(AnalysisContext context, GpuInstall plannedGpu, GpuObservation gpu, List<DoctorFinding> findings)
    {
        var subject = gpu.BusId ?? $"GPU{plannedGpu.Index}";
        var who = $"{HealthChecks.Name(gpu)}, planned as {plannedGpu.Label}";
        if (ModelNumber(gpu.Name) is { } seen && ModelNumber(plannedGpu.Gpu.Name) is { } expected && seen != expected)
        {
            findings.Add(HealthChecks.Of(DoctorRules.GpuModelDiffers, $"{who}: the machine shows a {seen}, the plan a {expected}",
                "Check the rig file's slot order, or the card in that slot.", subject, gpu.Name, plannedGpu.Gpu.Name));
        }

        var link = context.Plan.Pcie.Gpus.FirstOrDefault(l => l.Name == $"GPU{plannedGpu.Index}");
        // lspci's maximum is the card's and its upstream port's capability, the same minimum nvidia-smi reports; the
        // lspci link of the same bus fills in when nvidia-smi gave none.
        var observedLink = ObservedLink(context.Machine ?? MachineObservations.Empty, gpu);
        if (link is { HasLink: true })
        {
            var plannedText = HealthChecks.Link(link.Gen, link.Width);
            if (observedLink.MaxWidth < link.Width || observedLink.MaxGen < link.Gen)
            {
                findings.Add(HealthChecks.Of(DoctorRules.LinkNarrowerThanPlanned,
                    $"{who}: its link can reach only {HealthChecks.Link(observedLink.MaxGen, observedLink.MaxWidth)}, the plan has {plannedText} in {plannedGpu.Slot.Id}",
                    "Check the card is in the planned slot, that no M.2 or U.2 drive shares its lanes, and that any riser is rated for the link; then the BIOS's slot settings.",
                    subject, HealthChecks.Link(observedLink.MaxGen, observedLink.MaxWidth), plannedText));
            }
            else if (gpu.Load == GpuLoad.Loaded && (observedLink.CurrentWidth < link.Width || observedLink.CurrentGen < link.Gen))
            {
                findings.Add(HealthChecks.Of(DoctorRules.LinkNarrowerThanPlanned,
                    $"{who}: under load its link runs at {HealthChecks.Link(observedLink.CurrentGen, observedLink.CurrentWidth)}, the plan has {plannedText} in {plannedGpu.Slot.Id}",
                    "Reseat the card and any riser; a link that trains below its maximum under load points at the contacts or the riser.",
                    subject, HealthChecks.Link(observedLink.CurrentGen, observedLink.CurrentWidth), plannedText));
            }
        }

        if (gpu.PowerLimit is { } limit && Math.Abs(limit.Value - plannedGpu.PowerLimit.Value) > PowerLimitToleranceW)
        {
            findings.Add(HealthChecks.Of(DoctorRules.PowerLimitDiffers,
                $"{who}: power limit {limit}, the plan has {plannedGpu.PowerLimit}",
                limit > plannedGpu.PowerLimit
                    ? $"Set it with 'nvidia-smi -i {gpu.Index} -pl {plannedGpu.PowerLimit.Value:0}' (persistence mode on) or re-check the plan at {limit}: the PSU, transient and slot-voltage margins were planned at the lower limit."
                    : $"Either set it back to {plannedGpu.PowerLimit} or put power_limit: {limit.Value:0} W in the rig file so the plan matches the machine.",
                subject, limit.ToString(), plannedGpu.PowerLimit.ToString()));
        }
    }

    /// <summary>The model number in a GPU's name ("3090", "3090 Ti", "A6000", "H100"), to compare a catalog name with nvidia-smi's.</summary>
    internal static string? ModelNumber(string? name)
    {
        if (name is null)
            return null;
        var m = Model().Match(name);
        return m.Success ? m.Value.Trim().ToUpperInvariant() : null;
    }

    [GeneratedRegex(@"\b([AHLPTVK]\d{2,4}|\d{3,4})( ?Ti| SUPER)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Model();
}
