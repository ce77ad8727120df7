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
    }

    [Benchmark]
    public int SearchQuery() => PartSearch.Ranked(_catalog, "3090 blower", limit: 20).Count;

    [Benchmark]
    public int SearchModelNumber() => PartSearch.Ranked(_catalog, "7960x", limit: 20).Count;

    [Benchmark]
    public Part? OpenTierAndFindOnePart() => OpenDbTier.OpenIn(_catalogDirectory)!.Find("asus-rog-strix-b550-f-gaming-wifi");

    [Benchmark]
    public int ImportTenLineList() => RigFileImporter.Import(_list, _catalog, "list.html").Matches.Count;
}
