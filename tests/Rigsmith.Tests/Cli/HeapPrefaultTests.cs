using System.Runtime.InteropServices;
using Rigsmith.Cli;

namespace Rigsmith.Tests.Cli;

/// <summary>The native binary's young-generation pre-mapping: only where it pays, and harmless to the heap.</summary>
public class HeapPrefaultTests
{
    [Fact]
    public void Only_a_command_maps_ahead_and_only_in_the_native_binary()
    {
        Assert.True(HeapPrefault.RunsACommand(["check", "rig.yaml"]));
        Assert.True(HeapPrefault.RunsACommand(["fit", "rig.yaml", "--search"]));
        Assert.False(HeapPrefault.RunsACommand(["--version"]));
        Assert.False(HeapPrefault.RunsACommand(["--help"]));
        Assert.False(HeapPrefault.RunsACommand([]));
        // The tests run JIT-compiled, where start-up is compiling: never worth it here, even for a command.
        Assert.False(HeapPrefault.Worthwhile(["check", "rig.yaml"]));
    }

    [Fact]
    public void The_mapped_range_is_resident_and_objects_allocated_in_it_start_zeroed()
    {
        if (!OperatingSystem.IsLinux() || Environment.OSVersion.Version < new Version(5, 14))
            return; // MADV_POPULATE_WRITE is Linux 5.14's; elsewhere Run only declines.

        var mapped = HeapPrefault.Run();

        Assert.NotNull(mapped);
        var (start, length) = mapped.Value;
        Assert.InRange(length, 4096, HeapPrefault.Bytes);
        Assert.Equal(0, start % 4096);
        var pages = (int)(length / 4096);
        var resident = new byte[pages];
        Assert.Equal(0, Mincore(start, (nuint)length, resident));
        Assert.All(resident, page => Assert.Equal(1, page & 1));

        // Fill the young generation well past the range, as a command does, and collect: every new object reads zero.
        var arrays = new List<long[]>();
        for (var i = 0; i < 4 * HeapPrefault.Bytes / 512; i++)
            arrays.Add(new long[64]);
        Assert.All(arrays, a => Assert.All(a, v => Assert.Equal(0, v)));
        GC.Collect();
        Assert.Equal(4 * HeapPrefault.Bytes / 512, arrays.Count);
    }

#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "mincore")]
    private static extern int Mincore(nint address, nuint length, byte[] vector);
#pragma warning restore SYSLIB1054
}
