using System.Text.RegularExpressions;
using Rigsmith.Input;
using Rigsmith.Units;
using YamlDotNet.RepresentationModel;

namespace Rigsmith.Catalog.OpenDb;

/// <summary>
/// Chip-level facts for graphics cards known only from the OpenDB, keyed by OpenDB's <c>chipset</c> string
/// (<c>data/opendb/gpu-chips.yaml</c>). Every value has its own source.
/// </summary>
public sealed record GpuChipFacts(
    string Chipset,
    string Chip,
    string Vendor,
    GigabytesPerSecond MemoryBandwidth,
    TeraFlops TensorFp16,
    TeraFlops? TensorBf16,
    int PcieGen,
    int PcieWidth,
    GigabytesPerSecond? NvlinkBandwidth,
    Watts ReferenceBoardPower,
    IReadOnlyDictionary<string, string> Sources);

/// <summary>
/// What a CPU platform gives a board (<c>data/opendb/platforms.yaml</c>): lanes for slots and drives after the chipset
/// link, their generation, rated memory. The first rule whose socket, microarchitecture and name pattern match wins.
/// </summary>
public sealed record CpuPlatformRule(
    string Socket,
    IReadOnlyList<string> Microarchitectures,
    Regex? NamePattern,
    string Family,
    int PcieLanes,
    int PcieGen,
    MemoryType MemoryType,
    MegaTransfers MemoryMaxSpeed,
    IReadOnlyList<ModuleKind> ModuleKinds,
    IReadOnlyDictionary<string, string> Sources)
{
    public bool Matches(string socket, string? microarchitecture, string name) =>
        string.Equals(Socket, socket, StringComparison.OrdinalIgnoreCase)
        && (Microarchitectures.Count == 0 || (microarchitecture is not null && Microarchitectures.Contains(microarchitecture, StringComparer.OrdinalIgnoreCase)))
        && (NamePattern is null || NamePattern.IsMatch(name));
}

/// <summary>A chipset's link to the CPU, the generation of its own lanes, and whether boards may split the CPU's x16.</summary>
public sealed record ChipsetFacts(
    string Chipset,
    int UplinkLanes,
    int UplinkGen,
    int LanesGen,
    bool CpuSlotSplit,
    IReadOnlyDictionary<string, string> Sources);

/// <summary>The platform and chip tables the importer reads, loaded from <c>data/opendb/</c> with file-and-line problems.</summary>
public sealed class OpenDbFacts
{
    public const string ChipsFile = "gpu-chips.yaml";
    public const string PlatformsFile = "platforms.yaml";

    private OpenDbFacts(IReadOnlyList<GpuChipFacts> chips, IReadOnlyList<CpuPlatformRule> cpus, IReadOnlyList<ChipsetFacts> chipsets)
    {
        Chips = chips.GroupBy(c => c.Chipset, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        Cpus = cpus;
        Chipsets = chipsets.GroupBy(c => c.Chipset, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyDictionary<string, GpuChipFacts> Chips { get; }
    public IReadOnlyList<CpuPlatformRule> Cpus { get; }
    public IReadOnlyDictionary<string, ChipsetFacts> Chipsets { get; }

    public CpuPlatformRule? CpuRule(string socket, string? microarchitecture, string name) =>
        Cpus.FirstOrDefault(r => r.Matches(socket, microarchitecture, name));

    /// <summary>The rules of one socket (the CPU families a board of that socket takes).</summary>
    public IEnumerable<CpuPlatformRule> RulesOf(string socket) =>
        Cpus.Where(r => string.Equals(r.Socket, socket, StringComparison.OrdinalIgnoreCase));

    public static LoadResult<OpenDbFacts> Load(string directory)
    {
        var problems = new List<InputProblem>();
        var chipsFile = Root(Path.Combine(directory, ChipsFile), problems);
        var platformsFile = Root(Path.Combine(directory, PlatformsFile), problems);
        var chips = ReadList(chipsFile, "chips", ReadChip);
        var cpus = ReadList(platformsFile, "cpus", ReadCpu);
        var chipsets = ReadList(platformsFile, "chipsets", ReadChipset);
        chipsFile?.Finish();
        platformsFile?.Finish();
        problems.AddRange((chipsFile?.Sink.Problems ?? []).Concat(platformsFile?.Sink.Problems ?? []));
        return problems.Count > 0 ? LoadResult<OpenDbFacts>.Failure(problems) : LoadResult<OpenDbFacts>.Success(new OpenDbFacts(chips, cpus, chipsets));
    }

    /// <summary>A table file's top mapping, read once; null (with the problem) when it cannot be read.</summary>
    private static MapReader? Root(string path, List<InputProblem> problems)
    {
        var sink = new ProblemSink(path);
        if (YamlInput.LoadRootMapping(path, sink) is { } root)
            return new MapReader(root, "", sink);
        problems.AddRange(sink.Problems);
        return null;
    }

    private static List<T> ReadList<T>(MapReader? top, string key, Func<MapReader, T?> read)
        where T : class
    {
        var list = new List<T>();
        if (top is null)
            return list;
        foreach (var item in top.MapList(key))
        {
            if (read(item) is { } value)
                list.Add(value);
            item.Finish();
        }

        return list;
    }

    /// <summary>
    /// <c>sources:</c> as the catalog writes it: a key per field, or several fields separated by commas sharing one URL.
    /// </summary>
    private static Dictionary<string, string> Sources(MapReader r)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, _, url, _) in r.ScalarPairs("sources"))
        {
            foreach (var field in key.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                sources[field] = url;
        }

        return sources;
    }

    private static GpuChipFacts? ReadChip(MapReader r)
    {
        r.Allow("notes");
        var chipset = r.String("chipset");
        var chip = r.String("chip");
        var vendor = r.String("vendor");
        var bandwidth = r.Quantity("memory_bandwidth", UnitSpec.Bandwidth, 1, 20000);
        var fp16 = r.Quantity("tensor_fp16", UnitSpec.Throughput, 0.01, 10000);
        var bf16 = IsNull(r, "tensor_bf16")
            ? null : r.Quantity("tensor_bf16", UnitSpec.Throughput, 0.01, 10000);
        var gen = r.Int("pcie_gen", min: 1, max: 6);
        var width = r.Int("pcie_width", min: 1, max: 16);
        var nvlink = IsNull(r, "nvlink_bandwidth")
            ? null : r.Quantity("nvlink_bandwidth", UnitSpec.Bandwidth, 1, 2000);
        var power = r.Quantity("reference_board_power", UnitSpec.Power, 1, 2000);
        var sources = Sources(r);
        if (chipset is null || chip is null || vendor is null || bandwidth is null || fp16 is null || gen is null || width is null || power is null)
            return null;
        return new GpuChipFacts(chipset, chip, vendor, GigabytesPerSecond.From(bandwidth.Value), TeraFlops.From(fp16.Value),
            bf16 is null ? null : TeraFlops.From(bf16.Value), gen.Value, width.Value, nvlink is null ? null : GigabytesPerSecond.From(nvlink.Value),
            Watts.From(power.Value), sources);
    }

    /// <summary>Whether an optional value is absent or written as null.</summary>
    private static bool IsNull(MapReader r, string key) =>
        !r.Has(key) || r.Raw(key, false) is null or YamlScalarNode { Value: null or "null" or "~" or "" };

    private static CpuPlatformRule? ReadCpu(MapReader r)
    {
        r.Allow("notes");
        var socket = r.String("socket");
        var micro = r.Raw("microarchitecture", false) switch
        {
            YamlSequenceNode => r.StringList("microarchitecture"),
            YamlScalarNode { Value: { Length: > 0 } one } when one is not ("null" or "~") => [one],
            _ => [],
        };
        var pattern = r.Raw("name_pattern", false) is YamlScalarNode { Value: { Length: > 0 } p } && p is not ("null" or "~") ? p : null;
        var family = r.String("family");
        var lanes = r.Int("pcie_lanes", min: 1, max: 256);
        var gen = r.Int("pcie_gen", min: 1, max: 6);
        var memoryType = r.Enum<MemoryType>("memory_type");
        var speed = r.Int("memory_max_speed", min: 100, max: 20000);
        var kinds = r.StringList("module_kinds").Select(k => MapReader.EnumNamed<ModuleKind>(k)).OfType<ModuleKind>().ToList();
        var sources = Sources(r);
        if (socket is null || family is null || lanes is null || gen is null || memoryType is null || speed is null)
            return null;
        Regex? regex = null;
        if (pattern is not null)
        {
            try
            {
                regex = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                r.Sink.Add(r.NodeOf("name_pattern"), r.FieldPath("name_pattern"), $"not a regular expression: {e.Message}");
                return null;
            }
        }

        return new CpuPlatformRule(socket, micro, regex, family, lanes.Value, gen.Value, memoryType.Value, MegaTransfers.From(speed.Value),
            kinds.Count == 0 ? [ModuleKind.Udimm] : kinds, sources);
    }

    private static ChipsetFacts? ReadChipset(MapReader r)
    {
        r.Allow("notes");
        var chipset = r.String("chipset");
        var uplink = r.Map("uplink");
        var lanes = uplink?.Int("lanes", min: 1, max: 64);
        var gen = uplink?.Int("gen", min: 1, max: 6);
        uplink?.Finish();
        var lanesGen = r.Int("lanes_gen", min: 1, max: 6);
        var split = r.Bool("cpu_slot_split");
        var sources = Sources(r);
        if (chipset is null || lanes is null || gen is null || lanesGen is null || split is null)
            return null;
        return new ChipsetFacts(chipset, lanes.Value, gen.Value, lanesGen.Value, split.Value, sources);
    }
}
