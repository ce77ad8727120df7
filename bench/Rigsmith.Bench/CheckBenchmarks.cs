using BenchmarkDotNet.Attributes;
using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Cli.Rendering;
using Rigsmith.Input;
using Rigsmith.Planning;
using Rigsmith.Reporting;
using Rigsmith.Training.Models;
using Spectre.Console;

namespace Rigsmith.Bench;

/// <summary>Catalog load and a full in-process check of the reference rig (README: how to run).</summary>
[MemoryDiagnoser]
public class CheckBenchmarks
{
    private string _catalogDirectory = "";
    private string _rigFile = "";
    private string _cacheDirectory = "";
    private PartCatalog _catalog = null!;
    private ModelZoo _zoo = null!;
    private LoadedRig _loaded = null!;
    private AnalysisContext _context = null!;
    private Report _report = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = RepositoryRoot();
        _catalogDirectory = Path.Combine(root, "catalog");
        _rigFile = Path.Combine(root, "examples", "4x3090-x299-dark.rig.yaml");
        _catalog = CatalogLoader.LoadDirectory(_catalogDirectory).Value!;
        // The index of the repository's catalog, written once here, as the first run of a check would.
        _cacheDirectory = Path.Combine(Path.GetTempPath(), "rigsmith-bench-cache");
        _ = new DataSources(_catalogDirectory, null, _cacheDirectory).Catalog;
        _zoo = ModelZoo.Load(Path.Combine(root, "models")).Value!;
        _loaded = RigInput.Load(RigSource.File(_rigFile), _catalog, () => LoadResult<ModelZoo>.Success(_zoo)).Value!;
        _context = AnalysisContext.For(_loaded.Rig, _loaded.Job);
        _report = Analyzer.Run(_context, Analyzer.All);
    }

    [Benchmark]
    public PartCatalog LoadCatalog() => CatalogLoader.LoadDirectory(_catalogDirectory).Value!;

    /// <summary>
    /// Rig load, workload resolution, the plan (which includes the settings search for the best fitting settings, since
    /// the reference job does not fit) and every analysis, with the catalog and model zoo already open: the verdicts.
    /// </summary>
    [Benchmark]
    public Report CheckReferenceRig() => Check(_catalog, _zoo);

    /// <summary>The same check rendered as the JSON of <c>--format json</c>.</summary>
    [Benchmark]
    public string CheckReferenceRigJson() => JsonReport.Render(Check(_catalog, _zoo));

    /// <summary>The plan stage alone: topology, interconnect, electrical state and advice, layout, training estimate and search.</summary>
    [Benchmark]
    public RigPlan PlanReferenceRig() => Planner.Build(_loaded.Rig, _loaded.Job);

    /// <summary>The load stage alone: the rig file read against the open catalog, its workload resolved.</summary>
    [Benchmark]
    public LoadedRig LoadReferenceRig() => RigInput.Load(RigSource.File(_rigFile), _catalog, () => LoadResult<ModelZoo>.Success(_zoo)).Value!;

    /// <summary>The analyse stage alone: every analysis on a plan already built.</summary>
    [Benchmark]
    public Report AnalyseReferenceRig() => Analyzer.Run(_context, Analyzer.All);

    /// <summary>The render stage alone: the terminal report of a finished check (what `rigsmith check` prints).</summary>
    [Benchmark]
    public string RenderReferenceRigText()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 80;
        TerminalReport.Write(console, _report);
        return output.ToString();
    }

    /// <summary>The same report laid out by TextLayout alone, with no console round it: the text in one buffer.</summary>
    [Benchmark]
    public string RenderReferenceRigTextLayout()
    {
        var layout = new TextLayout(80, ansi: false);
        TerminalReport.Write(layout, _report, "rigsmith check");
        return layout.ToString();
    }

    /// <summary>
    /// What one `rigsmith check --format json` does in-process, as the command does it: the catalog through its index
    /// (the parts the rig names), the model zoo (the configs its workload names), the rig, the plan, the analyses, JSON.
    /// </summary>
    [Benchmark]
    public string CheckReferenceRigFromScratch()
    {
        var data = new DataSources(_catalogDirectory, Path.Combine(RepositoryRoot(), "models"), _cacheDirectory);
        var loaded = RigInput.Load(RigSource.File(_rigFile), data).Value!;
        return JsonReport.Render(Analyzer.Check(loaded.Rig, loaded.Job));
    }

    private Report Check(PartCatalog catalog, ModelZoo zoo)
    {
        var loaded = RigInput.Load(RigSource.File(_rigFile), catalog, () => LoadResult<ModelZoo>.Success(zoo)).Value!;
        return Analyzer.Check(loaded.Rig, loaded.Job);
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "rigsmith.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("run the benchmarks from inside the repository");
    }
}
