using System.Net;
using System.Runtime.InteropServices;
using Prometheus;
using Rigsmith.Analysis;
using Rigsmith.Doctor;
using Rigsmith.Doctor.Collection;
using Rigsmith.Doctor.Observations;
using Rigsmith.Planning;
using Rigsmith.Reporting;

namespace Rigsmith.Exporter;

/// <summary>
/// <c>rigsmith-exporter [RIG.yaml|-] [--listen ADDR] [--interval S] [--from DIR] [--catalog DIR] [--models DIR]</c>:
/// serves <c>/metrics</c> until stopped (SIGINT or SIGTERM, exit 0). <c>rigsmith exporter</c> checks its arguments and
/// starts this binary from beside itself; run directly, it checks them the same way: bad input is one message and exit 2.
/// </summary>
public static class Program
{
    public const int Pass = 0;
    public const int InvalidInput = 2;

    public static int Main(string[] args)
    {
        var parsed = ExporterOptions.Parse(args);
        if (parsed.Options is not { } options)
            return Fail(parsed.Problem!);

        AnalysisContext? plan = null;
        if (options.Rig is { } rig)
        {
            var source = rig == "-" ? RigSource.Stream(Console.OpenStandardInput()) : RigSource.File(rig);
            var loaded = RigInput.Load(source, new DataSources(options.Catalog, options.Models));
            if (!loaded.Ok)
            {
                foreach (var problem in loaded.Problems)
                    Console.Error.WriteLine("error: " + problem);
                return InvalidInput;
            }

            plan = AnalysisContext.For(loaded.Value!.Rig, loaded.Value.Job);
        }

        if (options.From is { } folder && !Directory.Exists(folder))
            return Fail($"--from: the folder '{folder}' does not exist");

        var registry = Metrics.NewCustomRegistry();
        var exporter = new MachineExporter(new MetricsPublisher(registry),
            options.From is { } from ? MachineExporter.FromFolder(from) : MachineExporter.FromTools(new ProcessRunner()), plan);
        if (!exporter.Refresh() && options.From is not null)
            return Fail($"--from: the folder '{options.From}' holds no captures");

        // HttpListener's prefix: '+' takes every interface; a named host answers requests addressed to that name.
        var server = new MetricServer(options.Listen.AllInterfaces ? "+" : options.Listen.Host, options.Listen.Port, "metrics/", registry);
        try
        {
            server.Start();
        }
        catch (HttpListenerException e)
        {
            return Fail($"--listen {options.Listen}: cannot listen there ({e.Message})");
        }

        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        Console.Out.WriteLine($"rigsmith exporter: serving http://{(options.Listen.AllInterfaces ? "*" : options.Listen.Host)}:{options.Listen.Port}/metrics, "
            + $"reading {(options.From is null ? "the machine's tools" : $"the captures in {options.From}")} every {options.Interval.TotalSeconds:0.###} s"
            + (plan is null ? "" : $" against the plan of {options.Rig}"));
        Console.Out.Flush();

        while (!stop.Token.WaitHandle.WaitOne(options.Interval))
            exporter.Refresh();

        server.Stop();
        return Pass;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return InvalidInput;
    }
}

/// <summary>The exporter's options as <c>rigsmith exporter</c> passes them (and a person may type them).</summary>
public sealed record ExporterOptions(string? Rig, ListenAddress Listen, TimeSpan Interval, string? From, string? Catalog, string? Models)
{
    public static (ExporterOptions? Options, string? Problem) Parse(IReadOnlyList<string> args)
    {
        string? rig = null, from = null, catalog = null, models = null;
        var listen = ListenAddress.Default;
        var interval = TimeSpan.FromSeconds(ExporterInterval.DefaultSeconds);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--listen" or "--interval" or "--from" or "--catalog" or "--models")
            {
                if (i + 1 >= args.Count)
                    return (null, $"{arg} needs a value");
                var value = args[++i];
                switch (arg)
                {
                    case "--listen":
                        var (address, listenProblem) = ListenAddress.Parse(value);
                        if (address is null)
                            return (null, "--listen: " + listenProblem);
                        listen = address;
                        break;
                    case "--interval":
                        var (period, intervalProblem) = ExporterInterval.Parse(value);
                        if (period is null)
                            return (null, "--interval: " + intervalProblem);
                        interval = period.Value;
                        break;
                    case "--from":
                        from = value;
                        break;
                    case "--catalog":
                        catalog = value;
                        break;
                    default:
                        models = value;
                        break;
                }
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) || rig is not null)
            {
                return (null, $"unexpected argument '{arg}' (usage: rigsmith-exporter [RIG.yaml] [--listen ADDR] [--interval S] [--from DIR])");
            }
            else
            {
                rig = arg;
            }
        }

        return (new ExporterOptions(rig, listen, interval, from, catalog, models), null);
    }
}
