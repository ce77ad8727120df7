using Rigsmith.Units;

namespace Rigsmith.Doctor.Observations;

/// <summary>A PCIe link as the machine reports it: what it negotiated now and the most it can negotiate.</summary>
/// <param name="MaxGen">The highest generation the link can reach: the lower of card and slot (nvidia-smi's <c>pcie.link.gen.max</c>, lspci's LnkCap of the card and of its upstream port).</param>
/// <param name="MaxWidth">The widest the link can train: the lower of card and slot.</param>
/// <param name="CardMaxGen">What the card alone supports, where the capture says (nvidia-smi's <c>gpumax</c>, the card's LnkCap).</param>
/// <param name="CardMaxWidth">The card's own width, where the capture says.</param>
public sealed record LinkState(int? CurrentGen, int? CurrentWidth, int? MaxGen, int? MaxWidth, int? CardMaxGen = null, int? CardMaxWidth = null);

/// <summary>Whether a GPU was busy when captured: links and clocks drop at idle, so some checks hold only under load.</summary>
public enum GpuLoad { Unknown, Idle, Loaded }

/// <summary>One GPU as nvidia-smi reports it.</summary>
/// <param name="BusId">PCI address normalised to <c>dddd:bb:dd.f</c> in lower case, the key that joins captures.</param>
/// <param name="ThrottleReasons">Active clock-event reasons by nvidia-smi's name (<c>hw_thermal_slowdown</c>, <c>hw_power_brake_slowdown</c>, ...).</param>
public sealed record GpuObservation(
    int? Index,
    string? BusId,
    string? Name,
    LinkState Link,
    Watts? PowerLimit,
    Watts? DefaultPowerLimit,
    Watts? PowerDraw,
    Celsius? Temperature,
    Percent? FanSpeed,
    Percent? Utilization,
    string? PerformanceState,
    IReadOnlyList<string> ThrottleReasons)
{
    /// <summary>
    /// Loaded when the GPU reports work (utilisation above zero) in a performance state of P0 to P4; idle when it
    /// reports none or sits in P5 and lower, where the driver parks the link at Gen1 to save power. Assumption: the P4/P5
    /// boundary; NVIDIA documents P0 as maximum and P12 as minimum performance, not where the link is parked.
    /// </summary>
    public GpuLoad Load
    {
        get
        {
            var state = PerformanceStateNumber;
            if (Utilization is { } u && u.Value == 0 || state >= 5)
                return GpuLoad.Idle;
            if (Utilization is { Value: > 0 } && (state is null || state <= 4))
                return GpuLoad.Loaded;
            return GpuLoad.Unknown;
        }
    }

    /// <summary>P0 is 0, P8 is 8; null when the capture has no performance state.</summary>
    public int? PerformanceStateNumber =>
        PerformanceState is { Length: >= 2 } p && (p[0] == 'P' || p[0] == 'p') && int.TryParse(p.AsSpan(1), out var n) ? n : null;
}

/// <summary>One PCI device from lspci: its link, and the link capability of the bridge or root port above it.</summary>
/// <param name="Address">PCI address normalised to <c>dddd:bb:dd.f</c>.</param>
/// <param name="IsBridge">A bridge or root port (it has downstream devices), not an endpoint.</param>
/// <param name="SecondaryBus">For a bridge, the bus number below it (lspci's <c>Bus: ... secondary=</c>), which finds its children.</param>
public sealed record PciDevice(
    string Address,
    string Description,
    bool IsBridge,
    int? SecondaryBus,
    int? CapGen,
    int? CapWidth,
    int? StatusGen,
    int? StatusWidth,
    bool StatusSaysDowngraded,
    IReadOnlyList<string> CorrectableErrors,
    IReadOnlyList<string> UncorrectableErrors)
{
    public bool IsNvidiaGpu => Description.Contains("NVIDIA", StringComparison.OrdinalIgnoreCase)
        && (Description.Contains("VGA compatible controller", StringComparison.OrdinalIgnoreCase) || Description.Contains("3D controller", StringComparison.OrdinalIgnoreCase));
}

/// <summary>lspci's devices with the upstream port of each, found by bus number.</summary>
public sealed record PciTree(IReadOnlyList<PciDevice> Devices)
{
    /// <summary>The bridge whose secondary bus is this device's bus; null for a device on a root bus or when lspci showed no such bridge.</summary>
    public PciDevice? UpstreamOf(PciDevice device)
    {
        var bus = Addresses.Bus(device.Address);
        var domain = device.Address[..4];
        return Devices.FirstOrDefault(d => d.IsBridge && d.SecondaryBus == bus && d.Address.StartsWith(domain, StringComparison.Ordinal) && d != device);
    }

    /// <summary>The link as lspci shows it: the most it can reach is the lower of the card's and its upstream port's capability.</summary>
    public LinkState LinkOf(PciDevice device)
    {
        var upstream = UpstreamOf(device);
        return new LinkState(device.StatusGen, device.StatusWidth, Min(device.CapGen, upstream?.CapGen), Min(device.CapWidth, upstream?.CapWidth), device.CapGen, device.CapWidth);
    }

    private static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
}

public enum DriveProtocol { Unknown, Ata, Nvme, Scsi }

/// <summary>One drive from <c>smartctl -j</c>.</summary>
/// <param name="SmartPassed">SMART's overall verdict; null when the capture has none.</param>
/// <param name="CrcErrors">ATA attribute 199 (interface CRC errors: almost always the cable or the connector).</param>
/// <param name="PercentUsed">Wear: NVMe's <c>percentage_used</c>, or 100 minus an ATA wear or life-left attribute's normalised value.</param>
/// <param name="LinkSpeedCurrentGbps">SATA link speed now, against <paramref name="LinkSpeedMaxGbps"/>.</param>
public sealed record DriveObservation(
    string Device,
    DriveProtocol Protocol,
    string? Model,
    string? Serial,
    bool? SmartPassed,
    Celsius? Temperature,
    long? PowerOnHours,
    long? ReallocatedSectors,
    long? PendingSectors,
    long? CrcErrors,
    long? MediaErrors,
    Percent? PercentUsed,
    long? CriticalWarning,
    double? LinkSpeedCurrentGbps,
    double? LinkSpeedMaxGbps,
    IReadOnlyList<string> FailingAttributes);

public sealed record VoltageReading(string Chip, string Label, Volts Input, Volts? Min, Volts? Max, bool Alarm);

public sealed record FanReading(string Chip, string Label, Rpm Input, Rpm? Min, bool Alarm);

public sealed record TemperatureReading(string Chip, string Label, Celsius Input);

/// <summary>What <c>sensors -j</c> showed, by kind.</summary>
public sealed record SensorReadings(IReadOnlyList<VoltageReading> Voltages, IReadOnlyList<FanReading> Fans, IReadOnlyList<TemperatureReading> Temperatures)
{
    public static readonly SensorReadings Empty = new([], [], []);
}

public enum KernelEventKind { Xid, PcieAer, AtaLinkReset, AtaDeviceOffline, NvmeReset, Thermal }

/// <summary>One kernel-log line the doctor acts on.</summary>
/// <param name="Device">The device it names: a GPU's PCI address, <c>ata3</c>, <c>nvme0</c>, <c>cpu4</c>.</param>
/// <param name="Code">The Xid number for Xid events.</param>
public sealed record KernelEvent(KernelEventKind Kind, int Line, string Device, int? Code, string Text);

/// <summary>The SATA link power-management policy of each SATA host (<c>/sys/class/scsi_host/host*/link_power_management_policy</c>).</summary>
public sealed record SataLinkPolicy(string Host, string Policy)
{
    /// <summary>Policies that let the link drop to a low-power state between commands, which some drives fail to wake from.</summary>
    public bool LetsLinkSleep => Policy is "min_power" or "med_power_with_dipm" or "min_power_with_partial" or "medium_power";
}

/// <summary>PCI addresses as captures write them, normalised.</summary>
public static class Addresses
{
    /// <summary>
    /// <c>00000000:0C:00.0</c> (nvidia-smi), <c>0002:21:00.0</c> or <c>21:00.0</c> (lspci), <c>PCI:0000:9b:00</c> (the
    /// kernel's Xid lines) become <c>0000:0c:00.0</c>; null when the text is no PCI address.
    /// </summary>
    public static string? Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var t = text.Trim();
        if (t.StartsWith("PCI:", StringComparison.OrdinalIgnoreCase))
            t = t[4..];
        var parts = t.Split(':');
        string domain, bus, rest;
        if (parts.Length == 3)
            (domain, bus, rest) = (parts[0], parts[1], parts[2]);
        else if (parts.Length == 2)
            (domain, bus, rest) = ("0", parts[0], parts[1]);
        else
            return null;
        var deviceFunction = rest.Split('.');
        var function = deviceFunction.Length > 1 ? deviceFunction[1] : "0";
        if (!IsHex(domain) || !IsHex(bus) || !IsHex(deviceFunction[0]) || !IsHex(function))
            return null;
        // A virtual machine's domain can be 32 bits wide (00001580); keep its low 16 bits' digits as written.
        var d = domain.TrimStart('0').PadLeft(4, '0');
        return $"{d}:{bus.PadLeft(2, '0')}:{deviceFunction[0].PadLeft(2, '0')}.{function}".ToLowerInvariant();
    }

    /// <summary>The bus number of a normalised address.</summary>
    public static int? Bus(string address) => address.Length >= 7 && int.TryParse(address.AsSpan(5, 2), System.Globalization.NumberStyles.HexNumber, null, out var b) ? b : null;

    private static bool IsHex(string s) => s.Length > 0 && s.All(Uri.IsHexDigit);
}
