using BenchmarkDotNet.Attributes;
using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Planning;
using Rigsmith.Reports;
using Rigsmith.Training.Models;

namespace Rigsmith.Bench;

/// <summary>
/// What one redraw of the web editor costs on the server, stage by stage, for the reference rig: loading the posted
/// rig file, the check with the slot-voltage sweep the charts need, the report with its five charts, and the training
/// estimate with the five best settings.
/// </summary>
[MemoryDiagnoser]
public class EditorBenchmarks
{
    private string _yaml = "";
    private PartCatalog _catalog = null!;
    private ModelZoo _zoo = null!;
    private LoadedRig _loaded = null!;
    private Report _report = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = CheckBenchmarks.RepositoryRoot();
        _yaml = File.ReadAllText(Path.Combine(root, "examples", "4x3090-x299-dark.rig.yaml"));
        _catalog = CatalogLoader.LoadDirectory(Path.Combine(root, "catalog")).Value!;
        _zoo = ModelZoo.Load(Path.Combine(root, "models")).Value!;
        _loaded = Load();
        _report = Analyzer.Check(_loaded.Rig, _loaded.Job, HtmlReport.PlanOptions);
    }

    private LoadedRig Load() => RigInput.Load(RigSource.Text(_yaml, "request.rig.yaml"), _catalog, () => LoadResult<ModelZoo>.Success(_zoo)).Value!;

    [Benchmark]
    public LoadedRig LoadPostedRig() => Load();

    [Benchmark]
    public Report CheckWithSlotVoltageSweep() => Analyzer.Check(_loaded.Rig, _loaded.Job, HtmlReport.PlanOptions);

    [Benchmark]
    public string ReportWithCharts() => HtmlReport.Body(_report);

    [Benchmark]
    public int FitWithFiveSettings() => Planner.Build(_loaded.Rig, _loaded.Job, new PlanOptions(SearchTop: 5)).Training!.Candidates.Count;
}
