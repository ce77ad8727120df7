using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Rigsmith.Bench.CheckBenchmarks).Assembly).Run(args);
