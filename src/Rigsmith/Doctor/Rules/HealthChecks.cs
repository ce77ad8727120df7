using System.Globalization;
using System.Text.RegularExpressions;
using Rigsmith.Analysis;
using Rigsmith.Doctor.Observations;
using Rigsmith.Standards;
using Rigsmith.Units;

namespace Rigsmith.Doctor.Rules;

/// <summary>The machine's health, judged from its captures alone (no plan needed).</summary>
public static partial class HealthChecks
{
    /// <summary>How much hotter than identical peers a card may run before it is flagged (assumed; docs/rules.md DOC703).</summary>
    public const double HotterThanPeersC = 10;

    /// <summary>How many fan-duty points above identical idle peers before a fan is flagged (assumed; DOC704).</summary>
    public const double FanAbovePeersPoints = 20;

    /// <summary>The temperature at which a stopped fan is no zero-RPM mode (assumed; DOC705).</summary>
    public const double FanStoppedAtC = 60;

    /// <summary>
    /// Wear (NVMe "Percentage Used", or the ATA wear-levelling figure smartctl reports the same way) at which a drive is
    /// flagged. 100 means the maker's rated endurance is used up; 80 is Assumption: a warning while a fifth of it is left.
    /// </summary>
    public const double WearWarningPercent = 80;

    /// <param name="judgeBoardVoltage">False when the plan comparison judges the board's 12 V against its own prediction instead.</param>
    public static IEnumerable<DoctorFinding> Run(MachineObservations machine, List<string> notes, bool judgeBoardVoltage = true)
    {
        var findings = new List<DoctorFinding>();
        foreach (var capture in machine.Captures.Where(c => c.Problems.Count > 0))
            notes.Add($"{capture.Name}: {string.Join("; ", capture.Problems.Take(3))}{(capture.Problems.Count > 3 ? $" (+{capture.Problems.Count - 3} more)" : "")}");
        Links(machine, findings, notes);
        Peers(machine, findings);
        Fans(machine, findings);
        Throttling(machine, findings);
        Kernel(machine, findings);
        Drives(machine, findings);
        if (judgeBoardVoltage)
            BoardVoltage(machine, null, findings, notes);
        return findings;
    }

    private static void Links(MachineObservations machine, List<DoctorFinding> findings, List<string> notes)
    {
        var idle = new List<string>();
        foreach (var gpu in machine.Gpus)
        {
            var link = gpu.Link;
            if (gpu.Load != GpuLoad.Loaded)
            {
                if (link.CurrentWidth < link.MaxWidth || link.CurrentGen < link.MaxGen)
                    idle.Add($"{Name(gpu)} at {Link(link.CurrentGen, link.CurrentWidth)}");
                continue;
            }

            if (link.CurrentWidth < link.MaxWidth || link.CurrentGen < link.MaxGen)
            {
                findings.Add(Of(DoctorRules.LinkBelowMaximumUnderLoad,
                    $"{Name(gpu)} runs its link at {Link(link.CurrentGen, link.CurrentWidth)} under load ({gpu.Utilization}) but can reach {Link(link.MaxGen, link.MaxWidth)}",
                    "Reseat the card and any riser; clean the slot; check the BIOS's PCIe link settings (forced generation, bifurcation).",
                    gpu.BusId, Link(link.CurrentGen, link.CurrentWidth), Link(link.MaxGen, link.MaxWidth)));
            }
        }

        if (idle.Count > 0)
            notes.Add($"idle when captured, so the current link is not judged: {string.Join(", ", idle)} (idle GPUs drop their link to save power; capture under load to judge it)");

        foreach (var device in machine.Pci.Devices.Where(d => d.IsNvidiaGpu))
        {
            var link = machine.Pci.LinkOf(device);
            if (link.MaxWidth < link.CardMaxWidth || link.MaxGen < link.CardMaxGen)
            {
                var upstream = machine.Pci.UpstreamOf(device);
                findings.Add(Of(DoctorRules.LinkNarrowerThanCard,
                    $"the GPU at {device.Address} supports {Link(link.CardMaxGen, link.CardMaxWidth)} but its link can reach only {Link(link.MaxGen, link.MaxWidth)}"
                        + (upstream is null ? "" : $" (upstream port {upstream.Address}: {Link(upstream.CapGen, upstream.CapWidth)})"),
                    "Move the card to a slot wired for its width, or replace the x1 riser; a chipset slot or M.2 adapter limits it too.",
                    device.Address, Link(link.MaxGen, link.MaxWidth), Link(link.CardMaxGen, link.CardMaxWidth)));
            }
        }
    }

    private static void Peers(MachineObservations machine, List<DoctorFinding> findings)
    {
        foreach (var group in machine.Gpus.Where(g => g.Name is not null && g.Load != GpuLoad.Unknown).GroupBy(g => (g.Name, g.Load)))
        {
            var cards = group.ToList();
            if (cards.Count < 2)
                continue;
            foreach (var gpu in cards)
            {
                var peers = cards.Where(c => c != gpu).ToList();
                if (gpu.Temperature is { } t && Median(peers.Select(p => p.Temperature?.Value)) is { } peerTemperature && t.Value - peerTemperature >= HotterThanPeersC)
                {
                    findings.Add(Of(DoctorRules.GpuHotterThanPeers,
                        $"{Name(gpu)} runs at {t} while its {peers.Count} identical peer(s) {(group.Key.Load == GpuLoad.Idle ? "at idle" : "under load")} sit at {Fmt(peerTemperature)} °C (median)",
                        "Check its fan and intake; a used card often needs new thermal paste and pads.",
                        gpu.BusId, t.ToString(), $"peers {Fmt(peerTemperature)} °C"));
                }

                if (group.Key.Load == GpuLoad.Idle && gpu.FanSpeed is { } fan && Median(peers.Select(p => p.FanSpeed?.Value)) is { } peerFan && fan.Value - peerFan >= FanAbovePeersPoints)
                {
                    findings.Add(Of(DoctorRules.FanFasterThanPeersAtIdle,
                        $"{Name(gpu)} idles its fan at {fan} while its {peers.Count} identical peer(s) idle at {Fmt(peerFan)} % (median)",
                        "Check the card's fan curve: a modded or OEM BIOS can set a high idle duty; a card that runs hot also spins up.",
                        gpu.BusId, fan.ToString(), $"peers {Fmt(peerFan)} %"));
                }
            }
        }
    }

    private static void Fans(MachineObservations machine, List<DoctorFinding> findings)
    {
        foreach (var gpu in machine.Gpus)
        {
            if (gpu.FanSpeed is { Value: 0 } && gpu.Temperature is { } t && t.Value >= FanStoppedAtC)
            {
                findings.Add(Of(DoctorRules.FanStoppedWhileHot,
                    $"{Name(gpu)} reports its fan at 0 % at {t}",
                    "Stop the load and check the fan: a seized fan, a loose fan cable or a failed fan header.",
                    gpu.BusId, $"0 % at {t}", null));
            }
        }

        foreach (var fan in machine.Sensors.Fans.Where(f => f.Alarm && f.Min is { } min && f.Input < min))
        {
            findings.Add(Of(DoctorRules.BoardFanStopped,
                $"{fan.Chip} '{fan.Label}' reads {fan.Input}, below its minimum of {fan.Min}",
                "Check the fan and its cable; if nothing is plugged in, set the header's minimum to 0 in the BIOS or sensors.conf.",
                $"{fan.Chip}/{fan.Label}", fan.Input.ToString(), $"at least {fan.Min}"));
        }
    }

    private static void Throttling(MachineObservations machine, List<DoctorFinding> findings)
    {
        foreach (var gpu in machine.Gpus)
        {
            var thermal = gpu.ThrottleReasons.Where(r => r is "hw_thermal_slowdown" or "sw_thermal_slowdown" or "hw_slowdown").ToList();
            var brake = gpu.ThrottleReasons.Contains("hw_power_brake_slowdown");
            if (thermal.Count == 0 && !brake)
                continue;
            var reasons = string.Join(", ", thermal.Concat(brake ? ["hw_power_brake_slowdown"] : []));
            findings.Add(Of(DoctorRules.GpuThrottling,
                $"{Name(gpu)} is slowed by {reasons}" + (gpu.Temperature is { } t ? $" at {t}" : ""),
                brake ? "The power brake is asserted from outside the card: check the PSU's capacity and its cables to this card." : "Improve the card's cooling (intake gap, fan, paste and pads) or lower its power limit.",
                gpu.BusId, reasons, null, brake ? Severity.Error : null));
        }
    }

    private static void Kernel(MachineObservations machine, List<DoctorFinding> findings)
    {
        foreach (var byGpu in machine.KernelEvents.Where(e => e.Kind == KernelEventKind.Xid).GroupBy(e => e.Device))
        {
            var codes = byGpu.GroupBy(e => e.Code!.Value).OrderBy(g => g.Key).ToList();
            var infos = codes.Select(c => (Info: XidCatalog.Lookup(c.Key), Count: c.Count(), First: c.First())).ToList();
            var worst = infos.Max(i => i.Info.Severity);
            var gpuName = machine.Gpus.FirstOrDefault(g => g.BusId == byGpu.Key) is { } gpu ? $"{Name(gpu)}" : $"the GPU at {byGpu.Key}";
            var described = string.Join("; ", infos.Select(i => $"Xid {i.Info.Code} ×{i.Count}: {i.Info.Meaning} (NVIDIA: {i.Info.Action}; usual cause: {i.Info.UsualCause})"));
            findings.Add(Of(DoctorRules.XidErrors, $"{gpuName}: {described}",
                infos.Any(i => i.Info.Code == 79) ? "Check the PSU and the card's power cables (no daisy-chained leads), then the slot or riser; reboot to recover the card." : "Follow NVIDIA's action for each Xid; the same Xid across applications points at the card.",
                byGpu.Key, string.Join(", ", infos.Select(i => $"Xid {i.Info.Code}")), null, worst));
        }

        foreach (var byDevice in machine.KernelEvents.Where(e => e.Kind == KernelEventKind.PcieAer).GroupBy(e => e.Device))
        {
            var uncorrected = byDevice.Count(e => e.Text.Contains("Uncorrected", StringComparison.Ordinal));
            findings.Add(Of(DoctorRules.PcieAerErrors,
                $"{byDevice.Key} logged {byDevice.Count()} PCIe bus error(s)" + (uncorrected > 0 ? $", {uncorrected} uncorrected" : ", all corrected"),
                "Reseat the device and any riser; a riser rated below the link's generation, or forcing the slot one generation lower, usually stops them.",
                byDevice.Key, $"{byDevice.Count()} errors", null, uncorrected > 0 ? Severity.Error : null));
        }

        var lettingSleep = machine.SataPolicies.Where(p => p.LetsLinkSleep).ToList();
        foreach (var byPort in machine.KernelEvents.Where(e => e.Kind is KernelEventKind.AtaLinkReset or KernelEventKind.AtaDeviceOffline).GroupBy(e => AtaPortOf(e, machine.KernelEvents)))
        {
            var resets = byPort.Count(e => e.Kind == KernelEventKind.AtaLinkReset && e.Text.Contains("resetting link", StringComparison.Ordinal));
            var offline = byPort.Where(e => e.Kind == KernelEventKind.AtaDeviceOffline).ToList();
            var policy = lettingSleep.Count > 0
                ? $"; SATA link power management is '{lettingSleep[0].Policy}' on {string.Join(", ", lettingSleep.Select(p => p.Host))}, which lets the link sleep, and drives that fail to wake from it drop off like this"
                : machine.SataPolicies.Count == 0 ? "; the SATA link power-management policy was not captured" : "";
            findings.Add(Of(DoctorRules.DriveLinkResets,
                $"{byPort.Key}: {resets} link reset(s)" + (offline.Count > 0 ? $", and the disk went offline ({offline[0].Text}, line {offline[0].Line})" : "") + policy,
                "Set the SATA link power-management policy to max_performance (udev rule or the kernel's ahci.mobile_lpm_policy=1), then replace the SATA cable; update the drive's firmware.",
                byPort.Key, $"{resets} resets" + (offline.Count > 0 ? ", offline" : ""), null, offline.Count > 0 ? Severity.Error : Severity.Warning));
        }

        foreach (var byDevice in machine.KernelEvents.Where(e => e.Kind == KernelEventKind.NvmeReset).GroupBy(e => e.Device))
        {
            findings.Add(Of(DoctorRules.NvmeResets, $"{byDevice.Key}: {byDevice.Count()} controller reset or timeout line(s), first: {byDevice.First().Text}",
                "Disable NVMe power-state transitions (nvme_core.default_ps_max_latency_us=0) to test, reseat the drive and check its temperature.",
                byDevice.Key, $"{byDevice.Count()} resets", null));
        }

        var thermal = machine.KernelEvents.Where(e => e.Kind == KernelEventKind.Thermal).ToList();
        if (thermal.Count > 0)
        {
            findings.Add(Of(DoctorRules.CpuThermalEvents, $"{thermal.Count} CPU thermal event(s), first: {thermal[0].Device}: {thermal[0].Text}",
                "Check the CPU cooler's mounting and fan, and the case's airflow past the GPUs' exhaust.", thermal[0].Device, $"{thermal.Count} events", null));
        }
    }

    private static void Drives(MachineObservations machine, List<DoctorFinding> findings)
    {
        foreach (var drive in machine.Drives)
        {
            var name = $"{drive.Model ?? "drive"} ({drive.Device})";
            if (drive.SmartPassed == false || drive.FailingAttributes.Count > 0 || drive.CriticalWarning is > 0)
            {
                var what = new List<string>();
                if (drive.SmartPassed == false)
                    what.Add("SMART overall health FAILED");
                if (drive.FailingAttributes.Count > 0)
                    what.Add("at or below threshold: " + string.Join(", ", drive.FailingAttributes));
                if (drive.CriticalWarning is > 0)
                    what.Add($"NVMe critical warning 0x{drive.CriticalWarning:x2}");
                findings.Add(Of(DoctorRules.SmartFailing, $"{name}: {string.Join("; ", what)}", "Back up the drive now and replace it.", drive.Device, string.Join("; ", what), null));
            }

            if (drive.CrcErrors is > 0)
            {
                findings.Add(Of(DoctorRules.CrcErrors, $"{name} counts {drive.CrcErrors} interface CRC error(s)",
                    "Replace the SATA cable and try another port; CRC errors do not harm the medium.", drive.Device, $"{drive.CrcErrors} CRC errors", "0"));
            }

            if (drive.PercentUsed is { } used && used.Value >= WearWarningPercent)
            {
                findings.Add(Of(DoctorRules.DriveWear, $"{name} has used {used} of its rated endurance",
                    "Plan its replacement; keep scratch data (checkpoints, caches) off it.", drive.Device, used.ToString(), $"below {WearWarningPercent} %",
                    used.Value >= 100 ? Severity.Error : null));
            }

            if (drive.ReallocatedSectors is > 0 || drive.PendingSectors is > 0 || drive.MediaErrors is > 0)
            {
                findings.Add(Of(DoctorRules.SectorsReallocated,
                    $"{name}: {drive.ReallocatedSectors ?? 0} reallocated, {drive.PendingSectors ?? 0} pending sector(s), {drive.MediaErrors ?? 0} media error(s)",
                    "Back it up and watch the counts; a count that grows means replace it.", drive.Device, $"{drive.ReallocatedSectors ?? 0} reallocated", "0"));
            }

            if (drive.Protocol == DriveProtocol.Ata && drive.LinkSpeedCurrentGbps is { } now && drive.LinkSpeedMaxGbps is { } max && now < max)
            {
                findings.Add(Of(DoctorRules.SataLinkSlow, $"{name} links at {Fmt(now)} Gb/s of its {Fmt(max)} Gb/s",
                    "Use a SATA III (6 Gb/s) port and a good cable; behind a USB bridge this is the bridge's limit.", drive.Device, $"{Fmt(now)} Gb/s", $"{Fmt(max)} Gb/s"));
            }
        }
    }

    /// <summary>
    /// The board's 12 V input as sensors reports it with its scaling applied; the accuracy is the Super I/O's ADC step
    /// (8 mV in the Linux nct6775 driver) times a 12:1 divider, plus 1 % for the divider's resistors. Assumption: the
    /// 12:1 divider and the 1 % (boards do not publish theirs), and that a reading outside 9–15 V is a raw, unscaled one
    /// (a scaled +12 V that far out would already have stopped the machine).
    /// </summary>
    public static (VoltageReading Reading, Volts Accuracy)? BoardTwelveVolt(MachineObservations machine, List<string> notes)
    {
        var labelled = machine.Sensors.Voltages.Where(v => TwelveVoltLabel().IsMatch(v.Label)).ToList();
        foreach (var raw in labelled.Where(v => v.Input.Value is < 9 or > 15))
            notes.Add($"sensors labels {raw.Chip} '{raw.Label}' as 12 V but it reads {raw.Input}: its scaling is not applied (a sensors.conf compute line), so it is not judged");
        if (labelled.FirstOrDefault(v => v.Input.Value is >= 9 and <= 15) is not { } reading)
            return null;
        return (reading, Volts.From(0.008 * 12 + 0.01 * reading.Input.Value));
    }

    internal static void BoardVoltage(MachineObservations machine, Volts? planned, List<DoctorFinding> findings, List<string> notes)
    {
        if (BoardTwelveVolt(machine, notes) is not var (reading, accuracy))
        {
            if (planned is not null)
                notes.Add("the board's 12 V is not compared with the plan: sensors shows no input labelled 12 V with its scaling applied");
            return;
        }

        var measured = reading.Input.Value;
        var floor = Atx.RailMinimum.Value;
        var belowPlan = planned is { } p && measured + accuracy.Value < p.Value;
        var belowAtx = measured + accuracy.Value < floor;
        if (!belowPlan && !belowAtx)
            return;
        var against = planned is { } plan ? $"the plan predicts {plan} at the slots" : $"ATX allows no less than {Atx.RailMinimum}";
        findings.Add(Of(DoctorRules.BoardVoltageLow,
            $"{reading.Chip} '{reading.Label}' reads {reading.Input} (sensor accuracy about ±{Fmt(accuracy.Value)} V); {against}",
            "Connect the board's auxiliary slot-power header, spread GPU leads over more PSU cables, or lower the GPUs' power limits.",
            $"{reading.Chip}/{reading.Label}", $"{reading.Input} ±{Fmt(accuracy.Value)} V", planned?.ToString() ?? $"≥ {Atx.RailMinimum}",
            belowAtx ? Severity.Error : null));
    }

    internal static DoctorFinding Of(Rule rule, string message, string fix, string? subject, string? observed, string? planned, Severity? severity = null) =>
        new(Finding.Of(rule, message, fix, subject is null ? null : [subject], severity: severity), observed, planned);

    internal static string Name(GpuObservation gpu) => $"GPU {gpu.Index} ({gpu.Name ?? "unnamed"}{(gpu.BusId is null ? "" : $" at {gpu.BusId}")})";

    internal static string Link(int? gen, int? width) => $"{(gen is null ? "Gen?" : $"Gen{gen}")} x{(width is null ? "?" : width.Value.ToString(CultureInfo.InvariantCulture))}";

    internal static string Fmt(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static double? Median(IEnumerable<double?> values)
    {
        var sorted = values.OfType<double>().Order().ToList();
        return sorted.Count == 0 ? null : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>
    /// <c>ata3.00</c> to <c>ata3</c>. A SCSI disk's line (<c>sd 2:0:0:0: rejecting I/O to offline device</c>) names no
    /// port, so it goes with the port whose errors came just before it in the log.
    /// </summary>
    private static string AtaPortOf(KernelEvent e, IReadOnlyList<KernelEvent> all)
    {
        if (e.Device.StartsWith("ata", StringComparison.Ordinal))
            return e.Device.Contains('.') ? e.Device[..e.Device.IndexOf('.')] : e.Device;
        return all.LastOrDefault(o => o.Line < e.Line && o.Device.StartsWith("ata", StringComparison.Ordinal)) is { } before ? AtaPortOf(before, all) : e.Device;
    }

    [GeneratedRegex(@"(^|[^0-9.])12\s*V", RegexOptions.IgnoreCase)]
    private static partial Regex TwelveVoltLabel();
}
