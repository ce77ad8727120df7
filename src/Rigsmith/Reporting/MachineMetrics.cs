using Rigsmith.Analysis;
using Rigsmith.Doctor;
using Rigsmith.Doctor.Observations;
using Rigsmith.Input;

namespace Rigsmith.Reporting;

/// <summary>One series of a metric family: its label values (in the family's label order) and its value.</summary>
public sealed record MetricSample(IReadOnlyList<string> LabelValues, double Value);

/// <summary>A metric family: name (with its unit, Prometheus's naming convention), help, label names and series.</summary>
public sealed record MetricFamily(string Name, string Help, IReadOnlyList<string> LabelNames, IReadOnlyList<MetricSample> Samples);

/// <summary>
/// The doctor's report as metric families, the same for <c>doctor --format prometheus</c> and the exporter's
/// <c>/metrics</c>: per-GPU and per-drive gauges with the unit in the name, the plan's value beside the machine's in the
/// same family (label <c>state</c>: <c>current</c>, <c>max</c>, <c>enforced</c>, ... against <c>planned</c>), and each
/// active finding as a series of <c>rigsmith_doctor_finding</c> labelled with its rule, so an alert rule can fire on
/// <c>rigsmith_doctor_finding{rule="DOC743"}</c> ("link narrower than planned").
/// </summary>
/// <remarks>
/// Every metric is a gauge: each refresh reads the machine anew, so even the drives' error counts are readings, not
/// counts this process keeps. Units follow Prometheus's naming (base units: seconds, volts, watts, ratios 0 to 1;
/// https://prometheus.io/docs/practices/naming/). A family's label names depend only on whether a plan is loaded,
/// which stays the same for an exporter's lifetime; a label with no value is the empty string, which Prometheus reads as
/// the label being absent. Families with no series are left out.
/// </remarks>
public static class MachineMetrics
{
    public const string FindingFamily = "rigsmith_doctor_finding";

    public static IReadOnlyList<MetricFamily> Of(DoctorReport report)
    {
        var families = new List<MetricFamily>();
        var machine = report.Machine;
        var planned = report.Rig is not null;

        // GPUs: with a plan, each planned GPU beside the machine's it is compared with; without one, the machine's alone.
        var gpus = planned ? report.Pairings : [.. machine.Gpus.Select(g => new GpuPairing(null, g, g.Link))];
        string[] gpuLabels = planned ? ["gpu", "bus_id"] : ["bus_id"];
        string[] GpuKey(GpuPairing p) => planned ? [p.Planned?.Gpu ?? "", p.Observed?.BusId ?? ""] : [p.Observed?.BusId ?? ""];

        Add(families, "rigsmith_doctor_gpu_info",
            planned ? "A GPU (value 1): the machine's card and load, and the card and slot the plan puts beside it." : "A GPU the machine shows (value 1), with its name and load.",
            [.. gpuLabels, "name", "load", .. planned ? new[] { "planned_name", "slot" } : []],
            gpus.Select(p => Sample([.. GpuKey(p), p.Observed?.Name ?? "", p.Observed is { } o ? DoctorJson.LoadName(o.Load) : "",
                .. planned ? new[] { p.Planned?.Name ?? "", p.Planned?.Slot ?? "" } : []], 1)));
        Add(families, "rigsmith_doctor_gpu_pcie_link_width_lanes",
            "A GPU's PCIe link width: state current (now), max (the most the link can reach, the lower of card and slot) and planned (the width the plan negotiates).",
            [.. gpuLabels, "state"],
            gpus.SelectMany(p => new[]
            {
                Sample([.. GpuKey(p), "current"], p.ObservedLink?.CurrentWidth),
                Sample([.. GpuKey(p), "max"], p.ObservedLink?.MaxWidth),
                Sample([.. GpuKey(p), "planned"], p.Planned?.Width),
            }));
        Add(families, "rigsmith_doctor_gpu_pcie_link_generation",
            "A GPU's PCIe generation: state current (drops at idle), max (the lower of card and slot) and planned.",
            [.. gpuLabels, "state"],
            gpus.SelectMany(p => new[]
            {
                Sample([.. GpuKey(p), "current"], p.ObservedLink?.CurrentGen),
                Sample([.. GpuKey(p), "max"], p.ObservedLink?.MaxGen),
                Sample([.. GpuKey(p), "planned"], p.Planned?.Gen),
            }));
        Add(families, "rigsmith_doctor_gpu_power_limit_watts",
            "A GPU's power limit: state enforced (what the driver holds it to), default (the card's own) and planned (the rig file's).",
            [.. gpuLabels, "state"],
            gpus.SelectMany(p => new[]
            {
                Sample([.. GpuKey(p), "enforced"], p.Observed?.PowerLimit?.Value),
                Sample([.. GpuKey(p), "default"], p.Observed?.DefaultPowerLimit?.Value),
                Sample([.. GpuKey(p), "planned"], p.Planned?.PowerLimit.Value),
            }));
        Add(families, "rigsmith_doctor_gpu_power_draw_watts", "A GPU's power draw when read.", gpuLabels,
            gpus.Select(p => Sample(GpuKey(p), p.Observed?.PowerDraw?.Value)));
        Add(families, "rigsmith_doctor_gpu_temperature_celsius", "A GPU's core temperature.", gpuLabels,
            gpus.Select(p => Sample(GpuKey(p), p.Observed?.Temperature?.Value)));
        Add(families, "rigsmith_doctor_gpu_fan_speed_ratio", "A GPU's fan duty, 0 to 1.", gpuLabels,
            gpus.Select(p => Sample(GpuKey(p), p.Observed?.FanSpeed?.Value / 100)));
        Add(families, "rigsmith_doctor_gpu_utilization_ratio", "A GPU's utilisation, 0 to 1.", gpuLabels,
            gpus.Select(p => Sample(GpuKey(p), p.Observed?.Utilization?.Value / 100)));

        // Drives, by device; the model is on the info series (join on device).
        string[] drive = ["device"];
        Add(families, "rigsmith_doctor_drive_info", "A drive smartctl read (value 1), with its model and protocol.", ["device", "model", "protocol"],
            machine.Drives.Select(d => Sample([d.Device, d.Model ?? "", MapReader.EnumName(d.Protocol)], 1)));
        Add(families, "rigsmith_doctor_drive_smart_passed", "A drive's SMART overall verdict: 1 passed, 0 failed.", drive,
            machine.Drives.Select(d => Sample([d.Device], d.SmartPassed is { } passed ? (passed ? 1 : 0) : null)));
        Add(families, "rigsmith_doctor_drive_temperature_celsius", "A drive's temperature as SMART reports it.", drive,
            machine.Drives.Select(d => Sample([d.Device], d.Temperature?.Value)));
        Add(families, "rigsmith_doctor_drive_used_ratio", "Share of a drive's rated endurance used, 0 to 1.", drive,
            machine.Drives.Select(d => Sample([d.Device], d.PercentUsed?.Value / 100)));
        // SMART counts power-on time in whole hours; 3,600 s to the hour.
        Add(families, "rigsmith_doctor_drive_power_on_seconds", "A drive's power-on time (SMART counts whole hours).", drive,
            machine.Drives.Select(d => Sample([d.Device], d.PowerOnHours * 3600.0)));
        Add(families, "rigsmith_doctor_drive_crc_errors", "A drive's interface CRC error count (ATA attribute 199).", drive,
            machine.Drives.Select(d => Sample([d.Device], d.CrcErrors)));
        Add(families, "rigsmith_doctor_drive_reallocated_sectors", "A drive's reallocated sector count (ATA attribute 5).", drive,
            machine.Drives.Select(d => Sample([d.Device], d.ReallocatedSectors)));
        Add(families, "rigsmith_doctor_drive_pending_sectors", "A drive's pending sector count (ATA attribute 197).", drive,
            machine.Drives.Select(d => Sample([d.Device], d.PendingSectors)));
        Add(families, "rigsmith_doctor_drive_media_errors", "An NVMe drive's media and data integrity error count.", drive,
            machine.Drives.Select(d => Sample([d.Device], d.MediaErrors)));
        // smartctl reports SATA link speeds in Gb/s; 1e9 bits per second to the Gb/s.
        Add(families, "rigsmith_doctor_drive_link_speed_bits_per_second", "A SATA drive's link speed: state current and max.", ["device", "state"],
            machine.Drives.SelectMany(d => new[] { Sample([d.Device, "current"], d.LinkSpeedCurrentGbps * 1e9), Sample([d.Device, "max"], d.LinkSpeedMaxGbps * 1e9) }));

        // The board: sensors' readings, and the 12 V input against the slot voltage the plan predicts.
        Add(families, "rigsmith_doctor_sensor_volts", "A voltage input as sensors reports it.", ["chip", "label"],
            machine.Sensors.Voltages.Select(v => Sample([v.Chip, v.Label], v.Input.Value)));
        Add(families, "rigsmith_doctor_sensor_fan_rpm", "A fan header's speed as sensors reports it.", ["chip", "label"],
            machine.Sensors.Fans.Select(f => Sample([f.Chip, f.Label], f.Input.Value)));
        Add(families, "rigsmith_doctor_sensor_temperature_celsius", "A temperature as sensors reports it.", ["chip", "label"],
            machine.Sensors.Temperatures.Select(t => Sample([t.Chip, t.Label], t.Input.Value)));
        var twelve = Doctor.Rules.HealthChecks.BoardTwelveVolt(machine, []);
        Add(families, "rigsmith_doctor_board_12v_volts",
            "The board's 12 V: state measured (the Super I/O input labelled 12 V, with its sensor) and planned (the voltage the plan predicts at the slots).",
            ["state", "sensor"],
            [
                Sample(["measured", twelve is { } t ? $"{t.Reading.Chip}/{t.Reading.Label}" : ""], twelve?.Reading.Input.Value),
                Sample(["planned", ""], report.PlannedSlotVoltage?.Value),
            ]);

        Add(families, "rigsmith_doctor_kernel_events", "Kernel-log lines of each kind the doctor reads.", ["kind"],
            MapReader.EnumValues<KernelEventKind>().Select(k => Sample([DoctorJson.KernelEventName(k)], machine.KernelEvents.Count(e => e.Kind == k))));
        Add(families, "rigsmith_doctor_findings", "Findings of each severity.", ["severity"],
            new[] { Severity.Error, Severity.Warning, Severity.Info }.Select(s => Sample([JsonReport.SeverityName(s)], report.Count(s))));
        Add(families, FindingFamily, "An active finding (value 1) with its rule (docs/rules.md), severity and subject.", ["rule", "severity", "subject"],
            report.Findings.Select(f => Sample([f.Rule.Id, JsonReport.SeverityName(f.Severity), f.Finding.Subjects.FirstOrDefault() ?? ""], 1)));
        if (report.Rig is { } rig)
            Add(families, "rigsmith_doctor_plan_info", "The rig file the machine is compared with (value 1).", ["rig", "file"], [Sample([rig.Name, rig.File], 1)]);
        return families;
    }

    private static MetricSample? Sample(IReadOnlyList<string> labels, double? value) => value is { } v ? new MetricSample(labels, v) : null;

    private static void Add(List<MetricFamily> families, string name, string help, IReadOnlyList<string> labels, IEnumerable<MetricSample?> samples)
    {
        // Two series with the same labels would be one series twice: the first is kept.
        var present = samples.OfType<MetricSample>().DistinctBy(s => string.Join('\u0000', s.LabelValues)).ToList();
        if (present.Count > 0)
            families.Add(new MetricFamily(name, help, labels, present));
    }
}
