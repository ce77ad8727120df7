using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rigsmith.Cli;

/// <summary>
/// Maps the first mebibyte of the garbage collector's young-generation memory in one system call before a command runs,
/// as the JVM's <c>-XX:+AlwaysPreTouch</c> does for its heap. The collector commits that memory 64 KB at a time and the
/// kernel then maps each 4 KB page on its first write, one page fault each: a cold <c>check</c> of the reference rig
/// allocates about 0.9 MB and took 228 such faults, about a tenth of its run time under a virtual machine, where a
/// fault costs several microseconds. <c>madvise(MADV_POPULATE_WRITE)</c> maps the same pages at once.
/// </summary>
/// <remarks>
/// Native binary on Linux only (the JIT-compiled build's start-up is dominated by compiling, and elsewhere there is no
/// such call). The range starts at the page after a freshly allocated object, so it lies in the young generation's
/// region, and ends at that region's end at most (regions are 4 MB and aligned to their size, the collector's default
/// on 64-bit), so no page outside the collector's own reservation is touched. The pages are made writable first:
/// the collector reserves a region with no access and commits it as it grows; committing a page that is already
/// writable changes nothing, and a page mapped here but never written is zero, as a committed page must be. Any failure
/// (a kernel before 5.14, which lacks the call) leaves the pages to be mapped on first write, as without this.
/// </remarks>
internal static class HeapPrefault
{
    /// <summary>A little more than a cold <c>check</c> allocates (0.9 MB, counted by perf probes on the allocator's entry points).</summary>
    public const int Bytes = 1 << 20;

    private const long RegionBytes = 4L << 20; // the collector's default region size on 64-bit
    private const long PageBytes = 4096;
    private const int ProtRead = 1, ProtWrite = 2;
    private const int MadvPopulateWrite = 23; // Linux 5.14, include/uapi/asm-generic/mman-common.h

    /// <summary>Whether this process should: a native binary on 64-bit Linux, running a command (not --version or --help).</summary>
    public static bool Worthwhile(string[] args) =>
        !RuntimeFeature.IsDynamicCodeCompiled && OperatingSystem.IsLinux() && Environment.Is64BitProcess && RunsACommand(args);

    /// <summary>Whether the arguments name a command: <c>--version</c>, <c>--help</c> and nothing allocate too little to gain.</summary>
    public static bool RunsACommand(string[] args) => args is [var command, ..] && !command.StartsWith('-');

    /// <summary>Maps up to <see cref="Bytes"/> of young-generation memory: the range the kernel mapped, or null.</summary>
    public static (nint Start, long Length)? Run()
    {
        // GC.AllocateArray, not 'new': a small array that does not escape may be placed on the stack.
        var probe = GC.AllocateArray<byte>(1);
        var address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(probe, 0);
        GC.KeepAlive(probe);
        var start = (address + PageBytes) & ~(PageBytes - 1);
        var regionEnd = (address + RegionBytes) & ~(RegionBytes - 1);
        var length = Math.Min(Bytes, regionEnd - start);
        if (length <= 0)
            return null;
        return Mprotect((nint)start, (nuint)length, ProtRead | ProtWrite) == 0
            && Madvise((nint)start, (nuint)length, MadvPopulateWrite) == 0
            ? ((nint)start, length)
            : null;
    }

    // Blittable arguments, so no marshalling code is generated (DllImport: LibraryImport needs unsafe code).
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "mprotect")]
    private static extern int Mprotect(nint address, nuint length, int protection);

    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);
#pragma warning restore SYSLIB1054
}
