using System.Text.Encodings.Web;
using System.Text.Json;
using Rigsmith.Analysis;
using Rigsmith.Doctor;
using Rigsmith.Doctor.Observations;
using Rigsmith.Doctor.Rules;
using Rigsmith.Input;

namespace Rigsmith.Reporting;

/// <summary>The stable JSON of <c>rigsmith doctor</c> (docs/json.md, "rigsmith doctor").</summary>
public static class DoctorJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(DoctorReport report)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", JsonReport.SchemaVersion);
            if (report.Rig is { } rig)
            {
                w.WriteStartObject("rig");
                w.WriteString("name", rig.Name);
                w.WriteString("file", rig.File);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("rig");
            }

            w.WriteString("verdict", JsonReport.VerdictName(report.Verdict));
            w.WriteNumber("exit_code", report.ExitCode);
            w.WriteStartObject("counts");
            w.WriteNumber("error", report.Count(Severity.Error));
            w.WriteNumber("warning", report.Count(Severity.Warning));
            w.WriteNumber("info", report.Count(Severity.Info));
            w.WriteEndObject();

            w.WriteStartArray("findings");
            foreach (var f in report.Findings)
            {
                w.WriteStartObject();
                w.WriteString("rule", f.Rule.Id);
                w.WriteString("severity", JsonReport.SeverityName(f.Severity));
                w.WriteString("title", f.Rule.Title);
                w.WriteString("message", f.Finding.Message);
                Nullable(w, "fix", f.Finding.Fix);
                Nullable(w, "subject", f.Finding.Subjects.FirstOrDefault());
                Nullable(w, "observed", f.Observed);
                Nullable(w, "planned", f.Planned);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var note in report.Notes)
                w.WriteStringValue(note);
            w.WriteEndArray();

            w.WriteStartArray("captures");
            foreach (var c in report.Machine.Captures)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                Nullable(w, "kind", c.Kind is { } kind ? CaptureKindName(kind) : null);
                w.WriteStartArray("problems");
                foreach (var p in c.Problems)
                    w.WriteStringValue(p.ToString());
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteInventory(w, report.Machine);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>"nvidia_smi_xml", "kernel_log": the capture kinds as JSON and the Prometheus labels spell them.</summary>
    public static string CaptureKindName(Doctor.Collection.CaptureKind kind) => kind switch
    {
        Doctor.Collection.CaptureKind.NvidiaSmiXml => "nvidia_smi_xml",
        Doctor.Collection.CaptureKind.NvidiaSmiCsv => "nvidia_smi_csv",
        Doctor.Collection.CaptureKind.NvidiaSmiTopo => "nvidia_smi_topo",
        Doctor.Collection.CaptureKind.Lspci => "lspci",
        Doctor.Collection.CaptureKind.Smartctl => "smartctl",
        Doctor.Collection.CaptureKind.SmartctlScan => "smartctl_scan",
        Doctor.Collection.CaptureKind.Sensors => "sensors",
        Doctor.Collection.CaptureKind.KernelLog => "kernel_log",
        Doctor.Collection.CaptureKind.SataLinkPolicy => "sata_link_policy",
        _ => kind.ToString(),
    };

    public static string LoadName(GpuLoad load) => load switch
    {
        GpuLoad.Idle => "idle",
        GpuLoad.Loaded => "loaded",
        _ => "unknown",
    };

    private static void WriteInventory(Utf8JsonWriter w, MachineObservations machine)
    {
        w.WriteStartObject("inventory");
        w.WriteStartArray("gpus");
        foreach (var g in machine.Gpus)
        {
            w.WriteStartObject();
            Number(w, "index", g.Index);
            Nullable(w, "bus_id", g.BusId);
            Nullable(w, "name", g.Name);
            w.WriteString("load", LoadName(g.Load));
            Number(w, "link_gen_current", g.Link.CurrentGen);
            Number(w, "link_gen_max", g.Link.MaxGen);
            Number(w, "link_width_current", g.Link.CurrentWidth);
            Number(w, "link_width_max", g.Link.MaxWidth);
            Number(w, "card_link_gen_max", g.Link.CardMaxGen);
            Number(w, "power_limit_w", g.PowerLimit?.Value);
            Number(w, "default_power_limit_w", g.DefaultPowerLimit?.Value);
            Number(w, "power_draw_w", g.PowerDraw?.Value);
            Number(w, "temperature_c", g.Temperature?.Value);
            Number(w, "fan_percent", g.FanSpeed?.Value);
            Number(w, "utilization_percent", g.Utilization?.Value);
            Nullable(w, "pstate", g.PerformanceState);
            w.WriteStartArray("throttle_reasons");
            foreach (var r in g.ThrottleReasons)
                w.WriteStringValue(r);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("pci_links");
        foreach (var d in machine.Pci.Devices.Where(d => d.IsNvidiaGpu))
        {
            var link = machine.Pci.LinkOf(d);
            w.WriteStartObject();
            w.WriteString("address", d.Address);
            w.WriteString("device", d.Description);
            Nullable(w, "upstream", machine.Pci.UpstreamOf(d)?.Address);
            Number(w, "link_gen_current", link.CurrentGen);
            Number(w, "link_width_current", link.CurrentWidth);
            Number(w, "link_gen_max", link.MaxGen);
            Number(w, "link_width_max", link.MaxWidth);
            Number(w, "card_link_gen_max", link.CardMaxGen);
            Number(w, "card_link_width_max", link.CardMaxWidth);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("drives");
        foreach (var d in machine.Drives)
        {
            w.WriteStartObject();
            w.WriteString("device", d.Device);
            w.WriteString("protocol", MapReader.EnumName(d.Protocol));
            Nullable(w, "model", d.Model);
            Nullable(w, "serial", d.Serial);
            if (d.SmartPassed is { } passed)
                w.WriteBoolean("smart_passed", passed);
            else
                w.WriteNull("smart_passed");
            Number(w, "temperature_c", d.Temperature?.Value);
            Number(w, "power_on_hours", d.PowerOnHours);
            Number(w, "percent_used", d.PercentUsed?.Value);
            Number(w, "crc_errors", d.CrcErrors);
            Number(w, "reallocated_sectors", d.ReallocatedSectors);
            Number(w, "pending_sectors", d.PendingSectors);
            Number(w, "media_errors", d.MediaErrors);
            Number(w, "link_gbps_current", d.LinkSpeedCurrentGbps);
            Number(w, "link_gbps_max", d.LinkSpeedMaxGbps);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("sensors");
        var board = HealthChecks.BoardTwelveVolt(machine, []);
        if (board is var (reading, accuracy))
        {
            w.WriteStartObject("board_12v");
            w.WriteString("chip", reading.Chip);
            w.WriteString("label", reading.Label);
            Number(w, "input_v", reading.Input.Value);
            Number(w, "accuracy_v", accuracy.Value);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("board_12v");
        }

        w.WriteStartArray("voltages");
        foreach (var v in machine.Sensors.Voltages)
        {
            w.WriteStartObject();
            w.WriteString("chip", v.Chip);
            w.WriteString("label", v.Label);
            Number(w, "input_v", v.Input.Value);
            w.WriteBoolean("alarm", v.Alarm);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("fans");
        foreach (var f in machine.Sensors.Fans)
        {
            w.WriteStartObject();
            w.WriteString("chip", f.Chip);
            w.WriteString("label", f.Label);
            Number(w, "input_rpm", f.Input.Value);
            Number(w, "min_rpm", f.Min?.Value);
            w.WriteBoolean("alarm", f.Alarm);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("temperatures");
        foreach (var t in machine.Sensors.Temperatures)
        {
            w.WriteStartObject();
            w.WriteString("chip", t.Chip);
            w.WriteString("label", t.Label);
            Number(w, "input_c", t.Input.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("kernel_events");
        foreach (var kind in MapReader.EnumValues<KernelEventKind>())
            w.WriteNumber(KernelEventName(kind), machine.KernelEvents.Count(e => e.Kind == kind));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static string KernelEventName(KernelEventKind kind) => kind switch
    {
        KernelEventKind.Xid => "xid",
        KernelEventKind.PcieAer => "pcie_aer",
        KernelEventKind.AtaLinkReset => "ata_link_reset",
        KernelEventKind.AtaDeviceOffline => "ata_device_offline",
        KernelEventKind.NvmeReset => "nvme_reset",
        _ => "thermal",
    };

    private static void Nullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
            w.WriteNull(name);
        else
            w.WriteString(name, value);
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
            w.WriteNumber(name, Math.Round(v, 3));
        else
            w.WriteNull(name);
    }
}
