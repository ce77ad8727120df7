using BenchmarkDotNet.Attributes;
using Rigsmith.Catalog;
using Rigsmith.Catalog.OpenDb;
using Rigsmith.Publishing.Import;

namespace Rigsmith.Bench;

/// <summary>
/// The catalog at OpenDB scale (22,000 parts): a search as <c>rigsmith parts QUERY</c> runs it in a process that has
/// the catalog (the web server, a second query), finding one OpenDB part from a freshly opened tier (what a check of a
/// rig naming one does), and importing a ten-line PCPartPicker list against the whole catalog.
/// </summary>
[MemoryDiagnoser]
public class OpenDbBenchmarks
{
    private string _catalogDirectory = "";
    private PartCatalog _catalog = null!;
    private ParsedPartList _list = null!;
    private PartSelection _selection = PartSelection.Empty;
    private PartSelection _gpus = PartSelection.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var root = CheckBenchmarks.RepositoryRoot();
        _catalogDirectory = Path.Combine(root, "catalog");
        _catalog = CatalogLoader.LoadDirectory(_catalogDirectory).Value!.WithBroad(() => OpenDbTier.OpenIn(_catalogDirectory));
        var path = Path.Combine(root, "tests", "Rigsmith.Tests", "Publishing", "Fixtures", "pcpartpicker-public", "12-insidae-12900k-rtx3090.html");
        _list = PcPartPickerParser.Parse(File.ReadAllText(path), path).Value!;
        // The search index and the import's word weights are made once per catalog, at the first use.
        PartSearch.Ranked(_catalog, "warm up");
        RigFileImporter.Import(_list, _catalog, path);
        _selection = PartSelection.Empty with
        {
            Cpu = (Cpu)_catalog.Find("i9-7960x")!,
            Memory = [(MemoryModule)_catalog.Find("kingston-fury-beast-rgb-ddr4-3200-32gb")!],
        };
        var card = (Gpu)_catalog.Find("zotac-rtx-3090-blower")!;
        _gpus = PartSelection.Empty with { Gpus = [card, card, card, card] };
        PartCompatibility.Matching(_catalog, null, PartCategory.Psu, _gpus, 20);
    }

    [Benchmark]
    public int SearchQuery() => PartSearch.Ranked(_catalog, "3090 blower", limit: 20).Count;

    [Benchmark]
    public int SearchModelNumber() => PartSearch.Ranked(_catalog, "7960x", limit: 20).Count;

    [Benchmark]
    public Part? OpenTierAndFindOnePart() => OpenDbTier.OpenIn(_catalogDirectory)!.Find("asus-rog-strix-b550-f-gaming-wifi");

    /// <summary>
    /// The web picker's list: boards matching no words (every board of the catalog) filtered to those that take the
    /// chosen CPU and memory, counting the hidden ones (the whole category is walked).
    /// </summary>
    [Benchmark]
    public int PickerBoardsForTheChosenCpu() => PartCompatibility.Matching(_catalog, null, PartCategory.Motherboard, _selection, 20).Hidden;

    /// <summary>The picker's power supplies for four chosen RTX 3090s: every PSU's plugs counted against theirs.</summary>
    [Benchmark]
    public int PickerPsusForFourGpus() => PartCompatibility.Matching(_catalog, null, PartCategory.Psu, _gpus, 20).Hidden;

    [Benchmark]
    public int ImportTenLineList() => RigFileImporter.Import(_list, _catalog, "list.html").Matches.Count;
}
