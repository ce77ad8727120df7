using Rigsmith.Doctor.Collection;
using Rigsmith.Doctor.Observations;
using Rigsmith.Doctor.Parsers;

namespace Rigsmith.Tests.Doctor;

/// <summary>lspci, smartctl, sensors and the kernel log on the real captures.</summary>
public class DeviceParserTests
{
    private const string Rtx3090OnRk3568 = "lspci-vvvv__rockchip-pcie-devices__rtx3090-downgraded-gen1-x1.txt";

    public static TheoryData<string> SmartctlFixtures() => new(SharedFixtures.Names("smartctl-json__"));

    [SkippableFact]
    public void Lspci_reads_the_3090_s_capability_and_its_downgraded_status()
    {
        var result = LspciParser.Parse(SharedFixtures.Read(Rtx3090OnRk3568));
        var card = Assert.Single(result.Value.Devices);
        Assert.Equal("0002:21:00.0", card.Address);
        Assert.True(card.IsNvidiaGpu);
        Assert.Equal((4, 16), (card.CapGen, card.CapWidth));
        Assert.Equal((1, 1), (card.StatusGen, card.StatusWidth));
        Assert.True(card.StatusSaysDowngraded);
        Assert.Equal(["RxErr", "AdvNonFatalErr"], card.CorrectableErrors);
        Assert.Empty(result.Problems);
    }

    [SkippableFact]
    public void Lspci_takes_the_link_maximum_from_the_lower_of_card_and_upstream_port()
    {
        var port = "00:01.0 PCI bridge: Intel Corporation Xeon E7 v4/Xeon E5 v4 PCI Express Root Port 1 (rev 01) (prog-if 00 [Normal decode])\n"
            + "\tBus: primary=00, secondary=21, subordinate=21, sec-latency=0\n"
            + "\tCapabilities: [90] Express (v2) Root Port (Slot+), MSI 00\n"
            + "\t\tLnkCap:\tPort #1, Speed 8GT/s, Width x8, ASPM L1, Exit Latency L1 <16us\n"
            + "\t\tLnkSta:\tSpeed 8GT/s (ok), Width x8 (ok)\n\n";
        var text = port + SharedFixtures.Read(Rtx3090OnRk3568).Replace("0002:21:00.0", "0000:21:00.0");
        var tree = LspciParser.Parse(text).Value;
        var card = tree.Devices.Single(d => d.IsNvidiaGpu);
        Assert.Equal("0000:00:01.0", tree.UpstreamOf(card)!.Address);
        Assert.Equal(new LinkState(1, 1, 3, 8, 4, 16), tree.LinkOf(card));
    }

    [SkippableFact]
    public void Truncated_lspci_keeps_the_capability_and_says_it_ended_early()
    {
        var text = SharedFixtures.Read(Rtx3090OnRk3568);
        var result = LspciParser.Parse(text[..text.IndexOf("LnkSta:", StringComparison.Ordinal)]);
        var card = Assert.Single(result.Value.Devices);
        Assert.Equal(16, card.CapWidth);
        Assert.Null(card.StatusWidth);
        Assert.NotEmpty(result.Problems);
    }

    [SkippableTheory]
    [MemberData(nameof(SmartctlFixtures))]
    public void Every_smartctl_capture_gives_a_drive_with_its_model(string name)
    {
        var result = SmartctlParser.Parse(SharedFixtures.Read(name));
        Assert.False(string.IsNullOrEmpty(result.Value!.Model));
        Assert.True(result.Value.SmartPassed);
    }

    [SkippableFact]
    public void Samsung_860_evo_has_its_wear_crc_count_and_sata_speed()
    {
        var drive = SmartctlParser.Parse(SharedFixtures.Read("smartctl-json__scrutiny__sata-ssd-samsung-860evo-x.json")).Value!;
        Assert.Equal("Samsung SSD 860 EVO 500GB", drive.Model);
        Assert.Equal(DriveProtocol.Ata, drive.Protocol);
        Assert.Equal(19, drive.PercentUsed!.Value.Value);
        Assert.Equal(0, drive.CrcErrors);
        Assert.Equal(6.0, drive.LinkSpeedCurrentGbps);
        Assert.Equal(14551, drive.PowerOnHours);
    }

    [SkippableFact]
    public void Nvme_wear_is_its_percentage_used()
    {
        var drive = SmartctlParser.Parse(SharedFixtures.Read("smartctl-json__telegraf__nvme-sabrent-rocket4.json")).Value!;
        Assert.Equal("Sabrent Rocket 4.0 1TB", drive.Model);
        Assert.Equal(DriveProtocol.Nvme, drive.Protocol);
        Assert.Equal(4, drive.PercentUsed!.Value.Value);
        Assert.Equal(48, drive.Temperature!.Value.Value);
    }

    [SkippableFact]
    public void Usb_bridged_ssd_links_at_3_of_6_gbps()
    {
        var drive = SmartctlParser.Parse(SharedFixtures.Read("smartctl-json__telegraf__sat-usb-sandisk-pssd.json")).Value!;
        Assert.Equal((3.0, 6.0), (drive.LinkSpeedCurrentGbps, drive.LinkSpeedMaxGbps));
    }

    [SkippableFact]
    public void Kingston_life_left_becomes_wear()
    {
        var drive = SmartctlParser.Parse(SharedFixtures.Read("smartctl-json__smartctl_exporter__sata-ssd-kingston-a400__redacted.json")).Value!;
        Assert.Equal("KINGSTON SA400M8120G", drive.Model);
        Assert.Equal(2, drive.PercentUsed!.Value.Value);
    }

    [SkippableFact]
    public void Truncated_smartctl_reads_what_came_before_the_cut()
    {
        var text = SharedFixtures.Read("smartctl-json__scrutiny__sata-ssd-samsung-850pro-a.json");
        var result = SmartctlParser.Parse(text[..(text.Length / 2)]);
        Assert.Equal("X SSD 850 PRO 128GB", result.Value!.Model);
        Assert.NotEmpty(result.Problems);
    }

    [Fact]
    public void Smartctl_garbage_gives_nothing_and_a_problem()
    {
        var result = SmartctlParser.Parse("not json at all");
        Assert.Null(result.Value);
        Assert.NotEmpty(result.Problems);
    }

    [SkippableFact]
    public void Smartctl_scan_lists_its_devices()
    {
        var result = SmartctlParser.ParseScan(SharedFixtures.Read("smartctl-scan-json__netdata__sat.json"));
        Assert.NotEmpty(result.Value);
        Assert.StartsWith("/dev/", result.Value[0].Name);
    }

    [SkippableFact]
    public void Sensors_reads_the_nct6798_fans_voltages_and_core_temperatures()
    {
        var result = SensorsParser.Parse(SharedFixtures.Read("sensors-j__HJS__asrock-nct6798-nvme-coretemp.json"));
        Assert.Empty(result.Problems);
        var readings = result.Value;
        Assert.Equal(1278, readings.Fans.Single(f => f.Label == "fan1").Input.Value);
        Assert.Equal(1.016, readings.Voltages.Single(v => v.Label == "in1").Input.Value);
        Assert.Equal(37, readings.Temperatures.Single(t => t.Label == "Package id 0").Input.Value);
        Assert.Equal(34.85, readings.Temperatures.Single(t => t.Chip == "nvme-pci-0200" && t.Label == "Composite").Input.Value);
    }

    [SkippableFact]
    public void Sensors_with_error_lines_keeps_the_other_readings_and_reports_each_error()
    {
        var result = SensorsParser.Parse(SharedFixtures.Read("sensors-j__freedesktop-bug110641__amdgpu-it8603-with-error-lines.txt"));
        Assert.Equal(2, result.Problems.Count);
        Assert.Equal(5, result.Problems[0].Line);
        var moboFan = result.Value.Fans.Single(f => f.Label == "Mobo Fan");
        Assert.Equal(0, moboFan.Input.Value);
        Assert.Equal(600, moboFan.Min!.Value.Value);
        Assert.True(moboFan.Alarm);
        Assert.Equal(2509, result.Value.Fans.Single(f => f.Label == "CPU Fan").Input.Value);
    }

    [SkippableFact]
    public void Truncated_sensors_output_keeps_the_chips_before_the_cut()
    {
        var text = SharedFixtures.Read("sensors-j__HJS__asrock-nct6798-nvme-coretemp.json");
        var result = SensorsParser.Parse(text[..text.IndexOf("\"coretemp-isa-0000\"", StringComparison.Ordinal)]);
        Assert.Contains(result.Value.Temperatures, t => t.Label == "Composite");
        Assert.DoesNotContain(result.Value.Temperatures, t => t.Label == "Package id 0");
        Assert.NotEmpty(result.Problems);
    }

    [SkippableFact]
    public void Kernel_log_reads_the_gsp_timeout_xid_with_its_gpu()
    {
        var events = KernelLogParser.Parse(SharedFixtures.Read("dmesg-xid__gpud__xid119-gsp-rpc-timeout.log")).Value;
        var xid = events.First(e => e.Kind == KernelEventKind.Xid);
        Assert.Equal(119, xid.Code);
        Assert.Equal("0000:9b:00.0", xid.Device);
        Assert.Contains("GSP", xid.Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Kernel_log_in_iso_decode_format_gives_every_xid()
    {
        var events = KernelLogParser.Parse(SharedFixtures.Read("dmesg-decode-iso-xid__gpud__xid13.log")).Value;
        Assert.Equal(16, events.Count(e => e.Kind == KernelEventKind.Xid && e.Code == 13));
        Assert.Equal(1, events.Count(e => e.Kind == KernelEventKind.Xid && e.Code == 43));
        Assert.All(events, e => Assert.Equal("0000:38:00.0", e.Device));
    }

    [SkippableFact]
    public void Quoted_xid_lines_from_issues_read_with_their_codes()
    {
        var events = KernelLogParser.Parse(SharedFixtures.Read("nvidia-xid-log-lines__collected.md")).Value;
        Assert.Contains(events, e => e.Code == 79 && e.Device == "0000:91:00.0");
        Assert.Contains(events, e => e.Code == 63 && e.Device == "0000:10:1c.0");
        Assert.DoesNotContain(events, e => e.Code == 20034);
    }

    [Fact]
    public void Kernel_log_reads_aer_ata_nvme_and_thermal_lines()
    {
        var log = string.Join('\n',
            "[ 1.0] pcieport 0000:00:03.1: AER: Multiple Corrected error received: 0000:2d:00.0",
            "[ 1.1] nvidia 0000:2d:00.0: PCIe Bus Error: severity=Corrected, type=Physical Layer, (Receiver ID)",
            "[ 2.0] ata3: hard resetting link",
            "[ 2.1] ata3.00: disabled",
            "[ 2.2] sd 2:0:0:0: rejecting I/O to offline device",
            "[ 3.0] nvme nvme0: I/O 12 QID 3 timeout, reset controller",
            "[ 4.0] CPU4: Core temperature above threshold, cpu clock throttled (total events = 1)",
            "[ 5.0] NVRM: Xid (PCI:0000:2b:00): oops");
        var result = KernelLogParser.Parse(log);
        Assert.Equal(
            [KernelEventKind.PcieAer, KernelEventKind.AtaLinkReset, KernelEventKind.AtaDeviceOffline, KernelEventKind.AtaDeviceOffline, KernelEventKind.NvmeReset, KernelEventKind.Thermal],
            result.Value.Select(e => e.Kind));
        Assert.Equal("0000:2d:00.0", result.Value[0].Device);
        Assert.Single(result.Problems);
    }

    public static TheoryData<string> AllFixtures() => new(SharedFixtures.Names(""));

    [SkippableTheory]
    [MemberData(nameof(AllFixtures))]
    public void Every_shared_capture_is_read_without_an_exception_and_recognised_by_content(string name)
    {
        var text = SharedFixtures.Read(name);
        var observations = MachineObservations.Read([("capture", text)]);
        var expected = name.Split("__")[0] switch
        {
            "nvidia-smi-q-x" => CaptureKind.NvidiaSmiXml,
            "nvidia-smi-query-gpu-csv" => CaptureKind.NvidiaSmiCsv,
            "nvidia-smi-capture" => CaptureKind.NvidiaSmiTopo,
            "lspci-vvvv" => CaptureKind.Lspci,
            "smartctl-json" => CaptureKind.Smartctl,
            "smartctl-scan-json" => CaptureKind.SmartctlScan,
            "sensors-j" => CaptureKind.Sensors,
            "dmesg-xid" or "dmesg-decode-iso-xid" => CaptureKind.KernelLog,
            _ => (CaptureKind?)null,
        };
        if (expected is not null)
            Assert.Equal(expected, observations.Captures.Single().Kind);
    }
}
