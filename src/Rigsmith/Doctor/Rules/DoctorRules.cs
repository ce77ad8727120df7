using Rigsmith.Analysis;

namespace Rigsmith.Doctor.Rules;

/// <summary>The doctor's rules (<c>DOC7xx</c>): the machine's health (DOC70x-73x) and the machine against the plan (DOC74x).</summary>
public static class DoctorRules
{
    private const string NvidiaSmi = "nvidia-smi(1) (pcie.link.*, clocks_event_reasons.*)";

    public static readonly Rule LinkBelowMaximumUnderLoad = new("DOC701", Severity.Warning, "GPU link below its maximum under load",
        "A busy GPU's current PCIe width or generation against the most its link can reach (nvidia-smi's maximum, the lower of card and slot). Judged only under load: idle cards drop their link to save power.",
        NvidiaSmi + "; shared/fixtures README (idle Gen1 downclocking)");

    public static readonly Rule LinkNarrowerThanCard = new("DOC702", Severity.Warning, "GPU link narrower than the card",
        "The most a GPU's link can reach (lspci: the lower of the card's and its upstream port's LnkCap) against what the card supports: an x1 riser or slot, or a chipset port.",
        "lspci(8) LnkCap/LnkSta; PCI Express Base Specification (link training)");

    public static readonly Rule GpuHotterThanPeers = new("DOC703", Severity.Warning, "GPU much hotter than its identical peers",
        "Each GPU's temperature against the median of identical cards in the same load state: 10 °C or more above them points at dried paste or pads, a blocked intake or a failing fan.",
        "Assumption: 10 °C margin (docs/rules.md); reference build (used cards that overheated until re-pasted)");

    public static readonly Rule FanFasterThanPeersAtIdle = new("DOC704", Severity.Warning, "GPU fan much faster than its identical peers at idle",
        "Each idle GPU's fan duty against the median of identical idle cards: 20 points or more above them points at a fan curve set by the card's BIOS, or a card running hot.",
        "Assumption: 20-point margin (docs/rules.md); reference build (a BIOS that idles one card's fan at 60 %)");

    public static readonly Rule FanStoppedWhileHot = new("DOC705", Severity.Error, "GPU fan stopped on a hot card",
        "A GPU reporting 0 % fan at 60 °C or more: zero-RPM modes stop fans only when the card is cool, so the fan has stopped or its header failed.",
        "Assumption: 60 °C (zero-RPM modes stop below about 50-60 °C; docs/rules.md)");

    public static readonly Rule BoardFanStopped = new("DOC706", Severity.Warning, "Board fan below its minimum",
        "A fan header that sensors reports below its set minimum with its alarm raised: a stopped or unplugged fan.",
        "lm-sensors sensors(1) (fanN_input, fanN_min, fanN_alarm)");

    public static readonly Rule GpuThrottling = new("DOC707", Severity.Warning, "GPU clocks held back by heat or power",
        "Active clock-event reasons: thermal slowdown (a warning) or the power brake (an error: the board or the PSU asserted the card's external power-brake signal).",
        NvidiaSmi);

    public static readonly Rule XidErrors = new("DOC710", Severity.Error, "GPU Xid errors in the kernel log",
        "Each GPU's Xid errors with NVIDIA's meaning and first action, and their usual cause; the severity follows the worst Xid.",
        "https://docs.nvidia.com/deploy/xid-errors/analyzing-xid-catalog.html");

    public static readonly Rule PcieAerErrors = new("DOC711", Severity.Warning, "PCIe errors reported by AER",
        "PCIe Bus Error lines per device: corrected errors point at signal integrity (riser, slot, seating); uncorrected ones are errors.",
        "Linux PCIe AER driver (Documentation/PCI/pcieaer-howto.rst)");

    public static readonly Rule DriveLinkResets = new("DOC720", Severity.Error, "Drive link resets or went offline",
        "libata link resets and disabled or offline disks in the kernel log, with the SATA link power-management policy that commonly causes them on drives that fail to wake.",
        "Linux libata; https://wiki.archlinux.org/title/Power_management#SATA_Active_Link_Power_Management; reference build (a SATA SSD that drops after hours idle)");

    public static readonly Rule SmartFailing = new("DOC721", Severity.Error, "Drive SMART health failing",
        "smartctl's overall SMART verdict, attributes at or below their threshold, and NVMe critical warnings.",
        "smartctl(8); NVMe Base Specification (SMART / Health Information log)");

    public static readonly Rule CrcErrors = new("DOC722", Severity.Warning, "Drive interface CRC errors",
        "ATA attribute 199 (UDMA CRC errors) above zero: data corrupted on the cable, almost always the cable or the connector.",
        "smartctl(8); https://www.smartmontools.org/wiki/FAQ");

    public static readonly Rule DriveWear = new("DOC723", Severity.Warning, "Drive worn",
        "Rated endurance used (NVMe percentage_used, or an ATA wear or life-left attribute): a warning from 80 %, an error at 100 %.",
        "NVMe Base Specification (Percentage Used); Assumption: 80 % warning margin");

    public static readonly Rule SectorsReallocated = new("DOC724", Severity.Warning, "Drive has reallocated or pending sectors",
        "ATA attributes 5 (reallocated) and 197 (pending) above zero, and NVMe media errors: the medium is wearing out.",
        "smartctl(8)");

    public static readonly Rule NvmeResets = new("DOC725", Severity.Warning, "NVMe controller resets",
        "NVMe timeouts, controller resets and removals in the kernel log: power-state transitions (APST), a loose M.2 or U.2 connection, or an overheating drive.",
        "Linux nvme driver messages");

    public static readonly Rule SataLinkSlow = new("DOC726", Severity.Info, "SATA link below the drive's speed",
        "A SATA drive's current link speed against its maximum: a SATA II port, a bad cable, or a USB bridge.",
        "smartctl(8) (interface_speed)");

    public static readonly Rule CpuThermalEvents = new("DOC730", Severity.Warning, "CPU thermal throttling in the kernel log",
        "Core or package temperature above threshold, or a critical temperature, in the kernel log.",
        "Linux x86 thermal throttle messages");

    public static readonly Rule BoardVoltageLow = new("DOC731", Severity.Warning, "Board 12 V below the plan or ATX",
        "The 12 V input a Super I/O reports with its scaling applied (labelled 12 V and reading 9-15 V) against the ATX floor of 11.40 V and, with a rig file, against the plan's predicted slot voltage, allowing for the sensor's accuracy.",
        "https://manualsdump.com/en/manuals/intel-atx12v/109764/11 ; Linux nct6775 driver (8 mV ADC step); docs/models/electrical.md");

    public static readonly Rule GpuMissing = new("DOC740", Severity.Error, "GPU missing",
        "The GPUs nvidia-smi (or lspci) sees against the rig file's: a card that is not seen is unseated, unpowered or dead.",
        "Rig file; nvidia-smi(1)");

    public static readonly Rule GpuExtra = new("DOC741", Severity.Warning, "GPU not in the plan",
        "More GPUs on the machine than in the rig file: the plan's power, lanes and cooling leave it out.",
        "Rig file; nvidia-smi(1)");

    public static readonly Rule GpuModelDiffers = new("DOC742", Severity.Warning, "GPU model differs from the plan",
        "Each GPU (in bus order against the rig file's slots in order) by model number against the planned card's.",
        "Rig file; nvidia-smi(1)");

    public static readonly Rule LinkNarrowerThanPlanned = new("DOC743", Severity.Warning, "GPU link narrower or slower than planned",
        "The most each GPU's link can reach (nvidia-smi's maximum, the lower of card and slot; or lspci's) against the plan's negotiated width and generation; and, under load only, the current link against the plan.",
        "docs/models/pcie.md; nvidia-smi(1); lspci(8)");

    public static readonly Rule PowerLimitDiffers = new("DOC744", Severity.Warning, "GPU power limit differs from the plan",
        "Each GPU's enforced power limit against the rig file's power_limit (or the card's board power): more than 5 W apart, the electrical plan no longer holds.",
        "Rig file; nvidia-smi(1) (power.limit)");

    public static readonly IReadOnlyList<Rule> All =
    [
        LinkBelowMaximumUnderLoad, LinkNarrowerThanCard, GpuHotterThanPeers, FanFasterThanPeersAtIdle, FanStoppedWhileHot, BoardFanStopped,
        GpuThrottling, XidErrors, PcieAerErrors, DriveLinkResets, SmartFailing, CrcErrors, DriveWear, SectorsReallocated, NvmeResets,
        SataLinkSlow, CpuThermalEvents, BoardVoltageLow, GpuMissing, GpuExtra, GpuModelDiffers, LinkNarrowerThanPlanned, PowerLimitDiffers,
    ];
}
