using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Units;
using YamlDotNet.RepresentationModel;

namespace Rigsmith.Rigs;

/// <summary>
/// Reads a rig file and resolves it against the catalog. Every unknown part, missing slot, doubly used slot and
/// out-of-range value is reported with its line, all in one pass.
/// </summary>
public static class RigLoader
{
    /// <summary>Share of a breaker's rating usable by a continuous load when the rig file does not say (NEC 210.20(A): 80 %).</summary>
    /// <remarks>Assumption: the strictest common rule. Sites outside North America can set <c>continuous_load: 100 %</c>.</remarks>
    public const double DefaultContinuousLoadFraction = 0.8;

    /// <summary>Room temperature when the rig file does not say. Assumption: a warm room, 25 °C.</summary>
    public const double DefaultAmbientCelsius = 25;

    /// <summary>The largest breaker a rig file takes: the upper end of the field's plausible range.</summary>
    public const double MaxBreakerAmperes = 125;

    /// <summary>The most circuits a rig file's site names: one per PSU unit of the largest rigs the tool plans (8 GPUs on 4 units).</summary>
    public const int MaxCircuits = 4;

    public static LoadResult<RigModel> Load(string path, PartCatalog catalog) => Load(path, catalog, out _);

    /// <param name="workload">The workload section as written, also when the rest of the file has problems, so a caller
    /// can check it in the same pass.</param>
    public static LoadResult<RigModel> Load(string path, PartCatalog catalog, out Workload? workload)
    {
        workload = null;
        var sink = new ProblemSink(path);
        var root = YamlInput.LoadRootMapping(path, sink);
        if (root is null)
            return LoadResult<RigModel>.Failure(sink.Problems);
        return Read(root, path, catalog, sink, out workload);
    }

    public static LoadResult<RigModel> Parse(string text, string path, PartCatalog catalog) => Parse(text, path, catalog, out _);

    /// <inheritdoc cref="Load(string, PartCatalog, out Workload?)"/>
    public static LoadResult<RigModel> Parse(string text, string path, PartCatalog catalog, out Workload? workload)
    {
        workload = null;
        var sink = new ProblemSink(path);
        var root = YamlInput.ParseRootMapping(text, sink);
        if (root is null)
            return LoadResult<RigModel>.Failure(sink.Problems);
        return Read(root, path, catalog, sink, out workload);
    }

    private static LoadResult<RigModel> Read(YamlMappingNode root, string path, PartCatalog catalog, ProblemSink sink, out Workload? written)
    {
        written = null;
        var r = new MapReader(root, "", sink);
        var custom = ReadCustomParts(r);
        var usable = new List<Part>();
        foreach (var part in custom)
        {
            if (catalog.Find(part.Id) is { } existing)
                sink.Add(r.NodeOf("custom_parts"), "custom_parts", $"duplicate id '{part.Id}', already in the catalog at {existing.DefinedIn}", "pick an id the catalog does not use");
            else if (usable.FirstOrDefault(u => u.Id == part.Id) is { } first)
                sink.Add(r.NodeOf("custom_parts"), "custom_parts", $"duplicate id '{part.Id}', first defined at {first.DefinedIn}", "give each custom part its own id");
            else
                usable.Add(part);
        }

        // Every custom part that could be read joins the catalog, even when another has a problem, so the parts that
        // name it resolve and the file's real problems are not buried under "unknown part" messages.
        if (usable.Count > 0)
            catalog = catalog.With(usable);

        var name = r.String("name");
        var site = ReadSite(r);
        var cpu = Resolve<Cpu>(r, "cpu", catalog, PartCategory.Cpu);
        var cpuCount = r.Int("cpu_count", required: false, min: 1, max: 8) ?? 1;
        var board = Resolve<Motherboard>(r, "motherboard", catalog, PartCategory.Motherboard);
        var chassis = r.Has("chassis") ? Resolve<Chassis>(r, "chassis", catalog, PartCategory.Chassis) : null;

        var memory = new List<MemoryInstall>();
        foreach (var m in r.MapList("memory"))
        {
            var module = Resolve<MemoryModule>(m, "part", catalog, PartCategory.Memory);
            var count = m.Int("count", required: false, min: 1, max: 48) ?? 1;
            var note = m.String("note", required: false);
            m.Finish();
            if (module is not null)
                memory.Add(new MemoryInstall(module, count, note));
        }

        var occupied = new Dictionary<string, string>(StringComparer.Ordinal);
        var gpus = new List<GpuInstall>();
        var gpuEntries = 0;
        foreach (var g in r.MapList("gpus", required: false))
        {
            gpuEntries++;
            var gpu = Resolve<Gpu>(g, "part", catalog, PartCategory.Gpu);
            var slot = ResolveSlot(g, "slot", board, occupied, gpu?.Id);
            var limit = g.Quantity("power_limit", UnitSpec.Power, 10, 1500, required: false);
            var riser = g.Has("riser") ? Resolve<Adapter>(g, "riser", catalog, PartCategory.Adapter) : null;
            var display = g.Bool("display", required: false) ?? false;
            var note = g.String("note", required: false);
            g.Finish();
            if (gpu is not null && limit is not null && (limit < gpu.PowerLimitMin.Value || limit > gpu.PowerLimitMax.Value))
            {
                sink.Add(g.NodeOf("power_limit"), g.FieldPath("power_limit"),
                    $"{Watts.From(limit.Value)} is outside the {gpu.Id}'s power-limit range {gpu.PowerLimitMin}–{gpu.PowerLimitMax}",
                    "nvidia-smi -pl refuses values outside that range");
                continue;
            }

            if (riser is not null && riser.Kind != AdapterKind.Riser)
                sink.Add(g.NodeOf("riser"), g.FieldPath("riser"), $"'{riser.Id}' is a {MapReader.EnumName(riser.Kind)} adapter, not a riser");
            if (gpu is not null && slot is not null)
                gpus.Add(new GpuInstall(gpus.Count + 1, gpu, slot, Watts.From(limit ?? gpu.BoardPower.Value), riser, note, display));
        }

        // Bridges name GPUs by their place in the file's list, so a GPU entry with a problem of its own does not
        // make a valid bridge out of range.
        var bridges = ReadBridges(r, gpuEntries);
        var storage = new List<StorageInstall>();
        var usedPorts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in r.MapList("storage", required: false))
        {
            var drive = Resolve<Storage>(s, "part", catalog, PartCategory.Storage);
            var attachment = ReadAttachment(s, board, catalog, occupied, usedPorts, drive?.Id);
            var note = s.String("note", required: false);
            s.Finish();
            if (drive is not null && attachment is not null)
                storage.Add(new StorageInstall(storage.Count + 1, drive, attachment, note));
        }

        var psus = new List<PsuInstall>();
        foreach (var p in r.MapList("psus"))
        {
            var psu = Resolve<Psu>(p, "part", catalog, PartCategory.Psu);
            var count = p.Int("count", required: false, min: 1, max: 8) ?? 1;
            var note = p.String("note", required: false);
            p.Finish();
            if (psu is not null)
                psus.Add(new PsuInstall(psu, count, note));
        }

        var workload = ReadWorkload(r);
        written = workload;
        var notes = ReadNotes(r);
        r.Allow("custom_parts");
        r.Finish();

        if (sink.Any || name is null || site is null || cpu is null || board is null)
            return LoadResult<RigModel>.Failure(sink.Problems);
        return LoadResult<RigModel>.Success(new RigModel
        {
            Name = name,
            File = path,
            Site = site,
            Cpu = cpu,
            CpuCount = cpuCount,
            Board = board,
            Chassis = chassis,
            Memory = memory,
            Gpus = gpus,
            Storage = storage,
            Psus = psus,
            NvlinkBridges = bridges,
            Workload = workload,
            PartNotes = notes,
        });
    }

    /// <summary>Reads <c>nvlink_bridges: [[1, 2], [3, 4]]</c>: pairs of 1-based GPU indices.</summary>
    private static IReadOnlyList<NvlinkBridge> ReadBridges(MapReader r, int gpuCount)
    {
        var node = r.Raw("nvlink_bridges", required: false);
        if (node is null)
            return [];
        const string field = "nvlink_bridges";
        const string example = "write pairs of GPU numbers from the gpus list, like [[1, 2], [3, 4]]";
        if (node is not YamlSequenceNode list)
        {
            r.Sink.Add(node, field, "must be a list of GPU pairs", example);
            return [];
        }

        var bridges = new List<NvlinkBridge>();
        foreach (var item in list.Children)
        {
            var numbers = (item as YamlSequenceNode)?.Children.Select(c => c is YamlScalarNode { Value: { } v }
                && int.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : (int?)null).ToList();
            if (numbers is not { Count: 2 } || numbers.Any(n => n is null))
            {
                r.Sink.Add(item, field, "each bridge must be a pair of two GPU numbers", example);
                continue;
            }

            var (a, b) = (numbers[0]!.Value, numbers[1]!.Value);
            if (a == b || a < 1 || b < 1 || a > gpuCount || b > gpuCount)
            {
                r.Sink.Add(item, field, $"[{a}, {b}] must name two different GPUs between 1 and {gpuCount}", example);
                continue;
            }

            var bridge = new NvlinkBridge(Math.Min(a, b), Math.Max(a, b));
            if (bridges.Contains(bridge))
            {
                r.Sink.Add(item, field, $"the bridge between GPU{bridge.First} and GPU{bridge.Second} is listed twice", "list each bridge once");
                continue;
            }

            bridges.Add(bridge);
        }

        return bridges;
    }

    /// <summary>Reads a <c>site:</c> section (also the optimizer's spec files, which describe the site the same way).</summary>
    public static Site? ReadSite(MapReader r)
    {
        var site = r.Map("site");
        if (site is null)
            return null;
        var mains = site.Quantity("mains", UnitSpec.Voltage, 90, 277);
        var breaker = site.Quantity("breaker", UnitSpec.Current, 1, MaxBreakerAmperes);
        var continuous = site.Quantity("continuous_load", UnitSpec.Percent, 0.1, 1.0, required: false);
        var ambient = site.Quantity("ambient", UnitSpec.Temperature, -20, 60, required: false);
        var circuits = site.Int("circuits", required: false, min: 1, max: MaxCircuits) ?? 1;
        site.Finish();
        if (mains is null || breaker is null)
            return null;
        return new Site(Volts.From(mains.Value), Amperes.From(breaker.Value), continuous ?? DefaultContinuousLoadFraction, continuous is null,
            Celsius.From(ambient ?? DefaultAmbientCelsius), ambient is null, circuits);
    }

    private static T? Resolve<T>(MapReader r, string key, PartCatalog catalog, PartCategory category)
        where T : Part
    {
        var id = r.String(key);
        if (id is null)
            return null;
        var part = catalog.Find(id);
        var field = r.FieldPath(key);
        var categoryName = MapReader.EnumName(category);
        if (part is null)
        {
            var suggestion = Suggestions.DidYouMean(id, catalog.IdsOf(category)) ?? Suggestions.DidYouMean(id, catalog.Ids);
            // A tier that could not be read explains an unknown OpenDB id better than a near miss does.
            r.Sink.Add(r.NodeOf(key), field, $"unknown {categoryName} '{id}'" + (catalog.BroadProblem is { } broken ? $" ({broken})" : ""),
                suggestion ?? $"'rigsmith parts --category {categoryName}' lists them");
            return null;
        }

        if (part is not T typed)
        {
            r.Sink.Add(r.NodeOf(key), field, $"'{id}' is a {MapReader.EnumName(part.Category)}, not a {categoryName}",
                Suggestions.DidYouMean(id, catalog.IdsOf(category)));
            return null;
        }

        return typed;
    }

    private static ExpansionSlot? ResolveSlot(MapReader r, string key, Motherboard? board, Dictionary<string, string> occupied, string? who)
    {
        var slotId = r.String(key);
        if (slotId is null || board is null)
            return null;
        var slot = board.Slots.FirstOrDefault(s => s.Id == slotId);
        if (slot is null)
        {
            var ids = board.Slots.Select(s => s.Id).ToList();
            r.Sink.Add(r.NodeOf(key), r.FieldPath(key), $"the {board.Id} has no slot '{slotId}'; its slots are {string.Join(", ", ids)}",
                Suggestions.DidYouMean(slotId, ids));
            return null;
        }

        if (occupied.TryGetValue(slot.Id, out var first))
        {
            r.Sink.Add(r.NodeOf(key), r.FieldPath(key), $"slot {slot.Id} already holds {first}", "each slot takes one card");
            return null;
        }

        occupied[slot.Id] = who ?? "a card";
        return slot;
    }

    private static DriveAttachment? ReadAttachment(MapReader r, Motherboard? board, PartCatalog catalog,
        Dictionary<string, string> occupied, Dictionary<string, string> usedPorts, string? who)
    {
        var attach = r.String("attach");
        var adapter = r.Has("adapter") ? Resolve<Adapter>(r, "adapter", catalog, PartCategory.Adapter) : null;
        if (attach is null || board is null)
            return null;
        if (string.Equals(attach, "sata", StringComparison.OrdinalIgnoreCase))
            return new DriveAttachment.SataPort();

        var port = board.Ports.FirstOrDefault(p => p.Id == attach);
        if (port is not null)
        {
            if (usedPorts.TryGetValue(port.Id, out var first))
            {
                r.Sink.Add(r.NodeOf("attach"), r.FieldPath("attach"), $"port {port.Id} already holds {first}", "each port takes one drive");
                return null;
            }

            usedPorts[port.Id] = who ?? "a drive";
            return new DriveAttachment.Port(port);
        }

        if (board.Slots.Any(s => s.Id == attach))
        {
            var slot = ResolveSlot(r, "attach", board, occupied, who);
            return slot is null ? null : new DriveAttachment.Slot(slot, adapter);
        }

        var targets = board.Ports.Select(p => p.Id).Concat(board.Slots.Select(s => s.Id)).Append("sata").ToList();
        r.Sink.Add(r.NodeOf("attach"), r.FieldPath("attach"), $"the {board.Id} has no port or slot '{attach}'; use one of {string.Join(", ", targets)}",
            Suggestions.DidYouMean(attach, targets));
        return null;
    }

    private static IReadOnlyList<Part> ReadCustomParts(MapReader r)
    {
        var custom = r.Map("custom_parts", required: false);
        if (custom is null)
            return [];
        var parts = new List<Part>();
        foreach (var category in MapReader.EnumValues<PartCategory>())
            parts.AddRange(CatalogLoader.ReadParts(category, custom.MapList(MapReader.EnumName(category), required: false)));
        custom.Finish();
        return parts;
    }

    private static Workload? ReadWorkload(MapReader r)
    {
        var pairs = r.ScalarPairs("workload", required: false);
        if (pairs.Count == 0)
            return null;
        var settings = pairs.Select(p => new WorkloadSetting(p.Key, p.Value, (int)p.ValueNode.Start.Line, (int)p.ValueNode.Start.Column)).ToList();
        return new Workload(settings, r.Sink.File, (int)r.NodeOf("workload")!.Start.Line);
    }

    private static IReadOnlyDictionary<string, string> ReadNotes(MapReader r) =>
        r.ScalarPairs("part_notes", required: false).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
