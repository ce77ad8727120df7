using System.Globalization;
using System.Text;
using Rigsmith.Analysis;
using Rigsmith.Doctor;

namespace Rigsmith.Reporting;

/// <summary>
/// The doctor's readings and findings in the Prometheus text exposition format (version 0.0.4: <c># HELP</c>,
/// <c># TYPE</c>, then <c>name{label="value"} number</c> lines, label values escaped). Written by hand: no Prometheus
/// client library the project keeps is free of reflection for a Native AOT binary, and a file of gauges needs none.
/// Every metric is a gauge: the doctor reports one reading, not a running count.
/// </summary>
public static class PrometheusExposition
{
    public static string Render(DoctorReport report)
    {
        var w = new Writer();
        var machine = report.Machine;
        w.Family("rigsmith_doctor_gpu_info", "A GPU the machine shows (value 1), with its name.",
            machine.Gpus.Select(g => (Labels(("bus_id", g.BusId), ("name", g.Name), ("load", DoctorJson.LoadName(g.Load))), (double?)1)));
        w.Family("rigsmith_doctor_gpu_pcie_link_width", "A GPU's PCIe link width in lanes, current and the most it can reach.",
            machine.Gpus.SelectMany(g => new[] { (Labels(("bus_id", g.BusId), ("state", "current")), (double?)g.Link.CurrentWidth), (Labels(("bus_id", g.BusId), ("state", "max")), g.Link.MaxWidth) }));
        w.Family("rigsmith_doctor_gpu_pcie_link_gen", "A GPU's PCIe generation, current and the most it can reach.",
            machine.Gpus.SelectMany(g => new[] { (Labels(("bus_id", g.BusId), ("state", "current")), (double?)g.Link.CurrentGen), (Labels(("bus_id", g.BusId), ("state", "max")), g.Link.MaxGen) }));
        w.Family("rigsmith_doctor_gpu_power_limit_watts", "A GPU's enforced power limit.", machine.Gpus.Select(g => (Labels(("bus_id", g.BusId)), g.PowerLimit?.Value)));
        w.Family("rigsmith_doctor_gpu_temperature_celsius", "A GPU's core temperature.", machine.Gpus.Select(g => (Labels(("bus_id", g.BusId)), g.Temperature?.Value)));
        w.Family("rigsmith_doctor_gpu_fan_speed_ratio", "A GPU's fan duty, 0 to 1.", machine.Gpus.Select(g => (Labels(("bus_id", g.BusId)), g.FanSpeed?.Value / 100)));
        w.Family("rigsmith_doctor_drive_smart_passed", "A drive's SMART overall verdict: 1 passed, 0 failed.",
            machine.Drives.Select(d => (Labels(("device", d.Device), ("model", d.Model)), d.SmartPassed is { } p ? (double?)(p ? 1 : 0) : null)));
        w.Family("rigsmith_doctor_drive_used_ratio", "Share of a drive's rated endurance used, 0 to 1.", machine.Drives.Select(d => (Labels(("device", d.Device)), d.PercentUsed?.Value / 100)));
        w.Family("rigsmith_doctor_drive_crc_errors", "A drive's interface CRC error count (ATA attribute 199).", machine.Drives.Select(d => (Labels(("device", d.Device)), (double?)d.CrcErrors)));
        w.Family("rigsmith_doctor_sensor_volts", "A voltage input as sensors reports it.", machine.Sensors.Voltages.Select(v => (Labels(("chip", v.Chip), ("label", v.Label)), (double?)v.Input.Value)));
        w.Family("rigsmith_doctor_sensor_fan_rpm", "A fan header's speed as sensors reports it.", machine.Sensors.Fans.Select(f => (Labels(("chip", f.Chip), ("label", f.Label)), (double?)f.Input.Value)));
        w.Family("rigsmith_doctor_sensor_temperature_celsius", "A temperature as sensors reports it.", machine.Sensors.Temperatures.Select(t => (Labels(("chip", t.Chip), ("label", t.Label)), (double?)t.Input.Value)));
        w.Family("rigsmith_doctor_kernel_events", "Kernel-log lines of each kind the doctor reads.",
            Enum.GetValues<Doctor.Observations.KernelEventKind>().Select(k => (Labels(("kind", DoctorJson.KernelEventName(k))), (double?)machine.KernelEvents.Count(e => e.Kind == k))));
        w.Family("rigsmith_doctor_findings", "Findings of each severity.",
            new[] { Severity.Error, Severity.Warning, Severity.Info }.Select(s => (Labels(("severity", JsonReport.SeverityName(s))), (double?)report.Count(s))));
        w.Family("rigsmith_doctor_finding", "A finding (value 1) with its rule and subject.",
            report.Findings.Select(f => (Labels(("rule", f.Rule.Id), ("severity", JsonReport.SeverityName(f.Severity)), ("subject", f.Finding.Subjects.FirstOrDefault())), (double?)1)));
        return w.ToString();
    }

    private static string Labels(params (string Name, string? Value)[] labels) =>
        string.Join(',', labels.Where(l => l.Value is not null).Select(l => $"{l.Name}=\"{Escape(l.Value!)}\""));

    /// <summary>Label values escape backslash, double quote and line feed (the exposition format's only escapes).</summary>
    public static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Writer
    {
        private readonly StringBuilder _text = new();

        /// <summary>A metric family: HELP and TYPE once, then one sample per series that has a value.</summary>
        public void Family(string name, string help, IEnumerable<(string Labels, double? Value)> samples)
        {
            var present = samples.Where(s => s.Value is not null).ToList();
            if (present.Count == 0)
                return;
            _text.Append("# HELP ").Append(name).Append(' ').AppendLine(help.Replace("\\", "\\\\", StringComparison.Ordinal));
            _text.Append("# TYPE ").Append(name).AppendLine(" gauge");
            foreach (var (labels, value) in present)
            {
                _text.Append(name);
                if (labels.Length > 0)
                    _text.Append('{').Append(labels).Append('}');
                _text.Append(' ').AppendLine(value!.Value.ToString("R", CultureInfo.InvariantCulture));
            }
        }

        public override string ToString() => _text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
