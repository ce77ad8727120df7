using BenchmarkDotNet.Running;
using Rigsmith.Bench;

if (args is [InterleavedColdStart.Argument, .. var rest])
    return InterleavedColdStart.Run(rest);
BenchmarkSwitcher.FromAssembly(typeof(CheckBenchmarks).Assembly).Run(args);
return 0;
