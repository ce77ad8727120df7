using Rigsmith.Analysis;

namespace Rigsmith.Doctor.Rules;

/// <summary>What an Xid means, what NVIDIA says to do first, and where it usually comes from on a workstation.</summary>
/// <param name="Meaning">NVIDIA's description in its Xid catalog.</param>
/// <param name="Action">NVIDIA's immediate-action bucket (RESTART_APP, RESET_GPU, RESTART_BM: reboot the machine, ...).</param>
/// <param name="UsualCause">The usual cause on a home or lab rig; an assumption where <paramref name="Source"/> says so.</param>
public sealed record XidInfo(int Code, string Meaning, string Action, string UsualCause, Severity Severity, string Source);

/// <summary>
/// Meanings and actions from NVIDIA's Xid catalog (https://docs.nvidia.com/deploy/xid-errors/analyzing-xid-catalog.html,
/// via the excerpt in shared/fixtures/nvidia-xid-catalog-excerpt.md). The usual causes are rigsmith's reading of the
/// catalog's buckets and are marked as such.
/// </summary>
public static class XidCatalog
{
    private const string Catalog = "NVIDIA Xid catalog";
    private const string CauseAssumed = "NVIDIA Xid catalog; usual cause assumed from its action buckets";

    public static readonly IReadOnlyDictionary<int, XidInfo> Known = new[]
    {
        new XidInfo(13, "Graphics Engine Exception", "RESTART_APP", "usually the application (an out-of-range access in a kernel); repeated across applications it points at the card", Severity.Warning, CauseAssumed),
        new XidInfo(31, "GPU memory page fault", "RESTART_APP", "usually the application or driver; repeated across applications it points at GPU memory", Severity.Warning, CauseAssumed),
        new XidInfo(43, "GPU stopped processing", "IGNORE", "a channel stopped after a fault in the application", Severity.Warning, CauseAssumed),
        new XidInfo(45, "Preemptive cleanup, due to previous errors", "follow the Xid before it", "a consequence of another Xid", Severity.Info, Catalog),
        new XidInfo(48, "Double Bit ECC Error", "WORKFLOW_XID_48", "a GPU memory fault", Severity.Error, Catalog),
        new XidInfo(62, "Internal micro-controller halt", "RESET_GPU", "firmware or driver; overheating and power faults also halt it", Severity.Error, CauseAssumed),
        new XidInfo(63, "GPU memory remapping event", "IGNORE", "a memory row retired as designed; many in a short time point at failing memory", Severity.Info, Catalog),
        new XidInfo(64, "GPU memory remapping failure", "RESET_GPU", "failing GPU memory", Severity.Error, Catalog),
        new XidInfo(69, "Graphics Engine class error", "RESTART_APP", "the application or CUDA version", Severity.Warning, Catalog),
        new XidInfo(74, "NVLINK Error", "WORKFLOW_NVLINK_ERR", "the NVLink bridge: seating, or a bridge that does not match the cards", Severity.Error, CauseAssumed),
        new XidInfo(79, "GPU has fallen off the bus", "RESTART_BM", "power delivery (PSU trips or sags, shared or under-rated cables, slot 12 V) or the PCIe link (riser, slot, seating); overheating can do it too", Severity.Error, CauseAssumed),
        new XidInfo(92, "High single-bit ECC error rate", "IGNORE", "GPU memory starting to fail", Severity.Warning, Catalog),
        new XidInfo(94, "Contained memory error", "RESTART_APP", "a GPU memory error the driver contained", Severity.Warning, Catalog),
        new XidInfo(95, "Uncontained memory error", "RESET_GPU", "a GPU memory error", Severity.Error, Catalog),
        new XidInfo(119, "GSP RPC Timeout", "RESET_GPU", "the GPU System Processor firmware or driver; also a GPU that hangs from power or heat", Severity.Error, CauseAssumed),
        new XidInfo(120, "GSP Error", "RESET_GPU", "the GPU System Processor firmware or driver", Severity.Error, CauseAssumed),
        new XidInfo(140, "ECC Unrecovered Error", "RESET_GPU", "a GPU memory error", Severity.Error, Catalog),
        new XidInfo(143, "GPU Initialization Error", "RESET_GPU", "the card failed to start: power, seating or a faulty card", Severity.Error, CauseAssumed),
        new XidInfo(144, "NVLINK: SAW Error", "WORKFLOW_NVLINK5_ERR", "an NVLink fault", Severity.Error, Catalog),
        new XidInfo(145, "NVLINK: RLW Error", "WORKFLOW_NVLINK5_ERR", "an NVLink fault", Severity.Error, Catalog),
        new XidInfo(149, "NVLINK: NETIR Error", "WORKFLOW_NVLINK5_ERR", "an NVLink fault", Severity.Error, Catalog),
        new XidInfo(154, "GPU Recovery Action Changed", "XID_154", "informational: follows another Xid", Severity.Info, Catalog),
    }.ToDictionary(x => x.Code);

    /// <summary>The catalog entry, or a generic one for codes outside the excerpt.</summary>
    public static XidInfo Lookup(int code) => Known.TryGetValue(code, out var info)
        ? info
        : new XidInfo(code, "not in rigsmith's Xid excerpt", "see NVIDIA's Xid catalog", "unknown to rigsmith", Severity.Warning, Catalog);
}
