using System.Globalization;
using Rigsmith.Input;
using Rigsmith.Standards;
using Rigsmith.Units;

namespace Rigsmith.Catalog;

/// <summary>
/// Reads one catalog entry of each category from YAML. The ranges are plausibility bounds that catch typos
/// (a 20 kW GPU, a 0-slot card), not limits of the hardware; the analyses judge the hardware.
/// </summary>
internal static class PartReaders
{
    private static readonly string[] MetaKeys = ["id", "name", "vendor", "source", "sources", "observed", "assumed", "prices", "notes"];

    public static Part? Read(PartCategory category, MapReader r)
    {
        var id = r.Id("id");
        var name = r.String("name");
        var vendor = r.String("vendor");
        var prices = ReadPrices(r);
        var notes = r.String("notes", required: false);
        var definedIn = $"{r.Sink.File}:{r.Line}";

        Part? part = category switch
        {
            PartCategory.Cpu => ReadCpu(r),
            PartCategory.Motherboard => ReadMotherboard(r),
            PartCategory.Memory => ReadMemory(r),
            PartCategory.Gpu => ReadGpu(r),
            PartCategory.Storage => ReadStorage(r),
            PartCategory.Psu => ReadPsu(r),
            PartCategory.Chassis => ReadChassis(r),
            PartCategory.Adapter => ReadAdapter(r),
            _ => throw new ArgumentOutOfRangeException(nameof(category)),
        };

        // Provenance is read last, so that its keys can be checked against the fields this category has.
        var provenance = ReadProvenance(r);
        r.Finish();
        if (part is null || id is null || name is null || vendor is null || provenance is null)
            return null;
        return part with { Id = id, Name = name, Vendor = vendor, Prices = prices, Notes = notes, DefinedIn = definedIn, Provenance = provenance };
    }

    private static ProvenanceMap? ReadProvenance(MapReader r)
    {
        var problems = r.Sink.Problems.Count;
        Provenance.Cited? defaultSource = null;
        var source = r.String("source", required: false);
        if (source is not null)
        {
            if (IsUrl(source))
                defaultSource = new Provenance.Cited(source);
            else
                r.Sink.Add(r.NodeOf("source"), r.FieldPath("source"), $"'{source}' is not a URL", "cite the page as https://...");
        }

        var byField = new Dictionary<string, Provenance>(StringComparer.Ordinal);
        foreach (var (key, keyNode, value, valueNode) in r.ScalarPairs("sources", required: false))
        {
            var fields = FieldGroup(r, key, keyNode, "sources");
            if (IsUrl(value))
                fields.ForEach(f => byField[f] = new Provenance.Cited(value));
            else
                r.Sink.Add(valueNode, r.FieldPath($"sources.{key}"), $"'{value}' is not a URL", "cite the page as https://..., or move the field under 'assumed:' with the reason");
        }

        foreach (var (key, keyNode, value, valueNode) in r.ScalarPairs("observed", required: false))
        {
            var fields = FieldGroup(r, key, keyNode, "observed");
            if (IsUrl(value))
                fields.ForEach(f => byField[f] = new Provenance.Observed(value));
            else
                r.Sink.Add(valueNode, r.FieldPath($"observed.{key}"), $"'{value}' is not a URL", "give the page where the builder reported it as https://...");
        }

        foreach (var (key, keyNode, value, _) in r.ScalarPairs("assumed", required: false))
            FieldGroup(r, key, keyNode, "assumed").ForEach(f => byField[f] = new Provenance.Assumed(value));

        var map = new ProvenanceMap(defaultSource, byField);
        foreach (var key in r.PresentKeys.Where(k => !MetaKeys.Contains(k) && r.IsKnown(k)))
        {
            var covered = map.Of(key) is not null || byField.Keys.Any(k => k.StartsWith(key + ".", StringComparison.Ordinal));
            if (!covered)
            {
                r.Sink.Add(r.NodeOf(key), r.FieldPath(key), "has no source",
                    "add a 'source:' URL for the part, a 'sources:' entry for this field, or list it under 'assumed:' with the reason");
            }
        }

        return r.Sink.Problems.Count > problems ? null : map;
    }

    /// <summary>
    /// The fields a <c>sources</c>/<c>observed</c>/<c>assumed</c> key names: one field ("slots.PE1") or a named group of
    /// fields one source really covers, separated by commas ("socket, chipset, memory"). Unknown names are reported.
    /// </summary>
    private static List<string> FieldGroup(MapReader r, string key, YamlDotNet.RepresentationModel.YamlNode keyNode, string section)
    {
        var fields = new List<string>();
        foreach (var field in key.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (CheckFieldName(r, field, keyNode, section))
                fields.Add(field);
        }

        return fields;
    }

    private static bool CheckFieldName(MapReader r, string key, YamlDotNet.RepresentationModel.YamlNode keyNode, string section)
    {
        var top = key.Split('.', 2)[0];
        if (r.IsKnown(top) && !MetaKeys.Contains(top))
            return true;
        var candidates = r.PresentKeys.Where(k => !MetaKeys.Contains(k));
        r.Sink.Add(keyNode, r.FieldPath($"{section}.{key}"), $"names no field of this part",
            Suggestions.DidYouMean(top, candidates));
        return false;
    }

    private static bool IsUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static IReadOnlyList<PriceObservation> ReadPrices(MapReader r)
    {
        var prices = new List<PriceObservation>();
        foreach (var p in r.MapList("prices", required: false))
        {
            var price = ReadPrice(p, sourceMustBeUrl: false);
            if (price is not null)
                prices.Add(price);
        }

        return prices;
    }

    /// <summary>
    /// One price observation {amount, currency, date, condition, source, note}: the catalog's (source a URL) and a
    /// price book's (source any text, such as "my invoice"). Null, with the problems reported, when it does not read.
    /// </summary>
    internal static PriceObservation? ReadPrice(MapReader p, bool sourceMustBeUrl)
    {
        var amount = p.Number("amount", min: 0.01, max: 1e9);
        var currency = p.String("currency");
        var dateText = p.String("date");
        var condition = p.Enum<PriceCondition>("condition");
        var source = p.String("source");
        var note = p.String("note", required: false);
        p.Finish();
        DateOnly date = default;
        if (dateText is not null && !DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            p.Sink.Add(p.NodeOf("date"), p.FieldPath("date"), $"'{dateText}' is not a date", "write it as YYYY-MM-DD");
            return null;
        }

        if (currency is not null && !Money.IsCurrency(currency))
        {
            p.Sink.Add(p.NodeOf("currency"), p.FieldPath("currency"), $"'{currency}' is not an ISO 4217 code", "like USD, EUR, HKD");
            return null;
        }

        if (sourceMustBeUrl && source is not null && !IsUrl(source))
        {
            p.Sink.Add(p.NodeOf("source"), p.FieldPath("source"), $"'{source}' is not a URL", "give the page where the price was seen as https://...");
            return null;
        }

        if (amount is null || currency is null || condition is null || source is null)
            return null;
        return new PriceObservation(Money.Of((decimal)amount.Value, currency), date, condition.Value, source, note);
    }

    private static Cpu? ReadCpu(MapReader r)
    {
        var socket = r.Id("socket");
        var family = r.Id("family");
        var cores = r.Int("cores", min: 1, max: 512);
        var tdp = r.Quantity("tdp", UnitSpec.Power, 5, 1000);
        var load = r.Quantity("load_power", UnitSpec.Power, 5, 1500, required: false);
        var lanes = r.Int("pcie_lanes", min: 0, max: 256);
        var gen = r.Int("pcie_gen", min: 1, max: 6);
        var memory = r.Map("memory");
        MemorySupport? support = null;
        if (memory is not null)
        {
            var type = memory.Enum<MemoryType>("type");
            var channels = memory.Int("channels", min: 1, max: 24);
            var speed = memory.Quantity("max_speed", UnitSpec.TransferRate, 400, 12000);
            var capacity = memory.Quantity("max_capacity", UnitSpec.DataSize, Bytes.GiB, 64 * 1024 * Bytes.GiB);
            var kinds = ReadEnums<ModuleKind>(memory, "module_kinds");
            var ecc = memory.Bool("ecc");
            // A controller that takes two DDR generations (Alder Lake, Raptor Lake: DDR5 or DDR4, the board decides).
            var others = ReadEnums<MemoryType>(memory, "other_types", required: false);
            memory.Finish();
            if (type is not null && channels is not null && speed is not null && capacity is not null && ecc is not null && kinds.Count > 0)
                support = new MemorySupport(type.Value, channels.Value, MegaTransfers.From(speed.Value), Bytes.From(capacity.Value), kinds, ecc.Value) { OtherTypes = others.Where(t => t != type).ToList() };
        }

        if (socket is null || family is null || cores is null || tdp is null || lanes is null || gen is null || support is null)
            return null;
        return new Cpu
        {
            Socket = socket,
            Family = family,
            Cores = cores.Value,
            Tdp = Watts.From(tdp.Value),
            LoadPower = load is null ? null : Watts.From(load.Value),
            PcieLanes = lanes.Value,
            PcieGen = gen.Value,
            Memory = support,
        };
    }

    private static Motherboard? ReadMotherboard(MapReader r)
    {
        var socket = r.Id("socket");
        var sockets = r.Int("sockets", required: false, min: 1, max: 8) ?? 1;
        var chipset = r.String("chipset");
        var form = r.Enum<FormFactor>("form_factor");
        var families = r.StringList("cpu_families");
        var memory = r.Map("memory");
        MemoryType? memType = null;
        int? dimms = null;
        double? maxMemory = null, maxSpeed = null;
        IReadOnlyList<ModuleKind> kinds = [];
        if (memory is not null)
        {
            memType = memory.Enum<MemoryType>("type");
            dimms = memory.Int("slots", min: 1, max: 48);
            maxMemory = memory.Quantity("max_capacity", UnitSpec.DataSize, Bytes.GiB, 64 * 1024 * Bytes.GiB);
            maxSpeed = memory.Quantity("max_speed", UnitSpec.TransferRate, 400, 12000);
            kinds = ReadEnums<ModuleKind>(memory, "module_kinds");
            memory.Finish();
        }

        var slots = new List<ExpansionSlot>();
        foreach (var s in r.MapList("slots"))
        {
            var id = s.String("id");
            var position = s.Int("position", min: 1, max: 16);
            var mechanical = s.Int("mechanical", min: 1, max: 16);
            var gen = s.Int("gen", min: 1, max: 6);
            var source = s.Enum<LaneSource>("lanes_from");
            var wiring = ReadWiring(s, "wiring");
            var slotSocket = s.Int("socket", required: false, min: 1, max: 8) ?? 1;
            s.Finish();
            if (mechanical is not null && mechanical is not (1 or 4 or 8 or 16))
                s.Sink.Add(s.NodeOf("mechanical"), s.FieldPath("mechanical"), $"x{mechanical} is not a PCIe slot size", "use 1, 4, 8 or 16");
            else if (id is not null && position is not null && mechanical is not null && gen is not null && source is not null && wiring is not null)
                slots.Add(new ExpansionSlot(id, position.Value, mechanical.Value, gen.Value, source.Value, wiring, slotSocket));
        }

        foreach (var dup in slots.GroupBy(s => s.Id).Where(g => g.Count() > 1))
            r.Sink.Add(r.NodeOf("slots"), r.FieldPath("slots"), $"slot id '{dup.Key}' appears twice");
        foreach (var dup in slots.GroupBy(s => s.Position).Where(g => g.Count() > 1))
            r.Sink.Add(r.NodeOf("slots"), r.FieldPath("slots"), $"two slots claim position {dup.Key}");

        var ports = new List<StoragePort>();
        foreach (var p in r.MapList("ports", required: false))
        {
            var id = p.String("id");
            var kind = p.Enum<PortKind>("kind");
            var interfaces = ReadEnums<StorageInterface>(p, "interfaces");
            var gen = p.Int("gen", min: 1, max: 6);
            var source = p.Enum<LaneSource>("lanes_from");
            var wiring = ReadWiring(p, "wiring");
            var shares = p.StringList("shares_with", required: false);
            var portSocket = p.Int("socket", required: false, min: 1, max: 8) ?? 1;
            p.Finish();
            if (id is not null && kind is not null && gen is not null && source is not null && wiring is not null && interfaces.Count > 0)
                ports.Add(new StoragePort(id, kind.Value, interfaces, gen.Value, source.Value, wiring, shares, portSocket));
        }

        var knownSlotIds = slots.Select(s => s.Id).Concat(ports.Select(p => p.Id)).ToHashSet();
        foreach (var port in ports)
        {
            foreach (var shared in port.SharesWith.Where(id => !knownSlotIds.Contains(id)))
                r.Sink.Add(r.NodeOf("ports"), r.FieldPath($"ports.{port.Id}.shares_with"), $"'{shared}' is no slot or port of this board",
                    Suggestions.DidYouMean(shared, knownSlotIds));
        }

        var beyond = new List<string>();
        foreach (var s in slots)
        {
            if (s.Socket > sockets)
                beyond.Add(s.Id);
        }

        foreach (var p in ports)
        {
            if (p.Socket > sockets)
                beyond.Add(p.Id);
        }

        foreach (var high in beyond)
            r.Sink.Add(r.NodeOf("sockets"), r.FieldPath("sockets"), $"'{high}' is wired to a socket the board does not have", "set 'sockets:' to the board's socket count");

        var sata = r.Int("sata_ports", min: 0, max: 32);
        var power = r.Map("power");
        BoardPower? boardPower = null;
        if (power is not null)
        {
            var eps8 = power.Int("eps8", min: 0, max: 4);
            var eps4 = power.Int("eps4", required: false, min: 0, max: 4) ?? 0;
            var slotPower = ReadEnums<PowerConnector>(power, "slot_power", required: false);
            power.Finish();
            if (eps8 is not null)
                boardPower = new BoardPower(eps8.Value, eps4, slotPower);
        }

        var uplink = r.Map("chipset_uplink");
        int? uplinkLanes = null, uplinkGen = null;
        if (uplink is not null)
        {
            uplinkLanes = uplink.Int("lanes", min: 1, max: 16);
            uplinkGen = uplink.Int("gen", min: 1, max: 6);
            uplink.Finish();
        }

        if (socket is null || chipset is null || form is null || families.Count == 0 || memType is null || dimms is null
            || maxMemory is null || maxSpeed is null || kinds.Count == 0 || slots.Count == 0 || sata is null || boardPower is null
            || uplinkLanes is null || uplinkGen is null)
            return null;
        return new Motherboard
        {
            Socket = socket,
            Sockets = sockets,
            Chipset = chipset,
            FormFactor = form.Value,
            CpuFamilies = families,
            MemoryType = memType.Value,
            DimmSlots = dimms.Value,
            MaxMemory = Bytes.From(maxMemory.Value),
            MaxMemorySpeed = MegaTransfers.From(maxSpeed.Value),
            ModuleKinds = kinds,
            Slots = slots.OrderBy(s => s.Position).ToList(),
            Ports = ports,
            SataPorts = sata.Value,
            Power = boardPower,
            ChipsetUplinkLanes = uplinkLanes.Value,
            ChipsetUplinkGen = uplinkGen.Value,
        };
    }

    /// <summary>"wiring: {44: 16, 28: 8}" — CPU lane count → electrical width; or a single width for every CPU.</summary>
    private static IReadOnlyDictionary<int, int>? ReadWiring(MapReader r, string key)
    {
        var node = r.Raw(key, required: true);
        if (node is null)
            return null;
        if (node is YamlDotNet.RepresentationModel.YamlScalarNode { Value: not null } single)
        {
            if (int.TryParse(single.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var width) && IsWidth(width))
                return new Dictionary<int, int> { [0] = width };
            r.Sink.Add(node, r.FieldPath(key), $"'{single.Value}' is not a lane width", "use 0, 1, 2, 4, 8 or 16, or a mapping of CPU lane count to width like {44: 16, 28: 8}");
            return null;
        }

        var result = new Dictionary<int, int>();
        var ok = true;
        foreach (var (k, keyNode, v, valueNode) in r.ScalarPairs(key))
        {
            if (!int.TryParse(k, NumberStyles.Integer, CultureInfo.InvariantCulture, out var lanes) || lanes is < 1 or > 256)
            {
                r.Sink.Add(keyNode, r.FieldPath(key), $"'{k}' is not a CPU lane count", "keys are the CPU's lane count, like 44 or 28");
                ok = false;
            }
            else if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var width) || !IsWidth(width))
            {
                r.Sink.Add(valueNode, r.FieldPath($"{key}.{k}"), $"'{v}' is not a lane width", "use 0, 1, 2, 4, 8 or 16");
                ok = false;
            }
            else
            {
                result[lanes] = width;
            }
        }

        return ok && result.Count > 0 ? result : null;
    }

    private static bool IsWidth(int width) => width is 0 or 1 or 2 or 4 or 8 or 16;

    private static IReadOnlyList<T> ReadEnums<T>(MapReader r, string key, bool required = true)
        where T : struct, Enum
    {
        var values = new List<T>();
        foreach (var text in r.StringList(key, required))
        {
            var value = MapReader.ParseEnum<T>(r.NodeOf(key), r.FieldPath(key), text, r.Sink);
            if (value is not null)
                values.Add(value.Value);
        }

        return values;
    }

    private static MemoryModule? ReadMemory(MapReader r)
    {
        var type = r.Enum<MemoryType>("type");
        var kind = r.Enum<ModuleKind>("kind");
        var capacity = r.Quantity("capacity", UnitSpec.DataSize, 0.5 * Bytes.GiB, 1024 * Bytes.GiB);
        var speed = r.Quantity("speed", UnitSpec.TransferRate, 400, 12000);
        var cas = r.Int("cas_latency", min: 4, max: 80);
        var ranks = r.Int("ranks", min: 1, max: 8);
        var die = r.Int("die_density_gbit", required: false, min: 1, max: 64);
        var stacked = r.Bool("stacked_die");
        var voltage = r.Quantity("voltage", UnitSpec.Voltage, 0.9, 1.8);
        var ecc = r.Bool("ecc");
        var kit = r.Int("kit_size", min: 1, max: 16);
        if (type is null || kind is null || capacity is null || speed is null || cas is null || ranks is null || stacked is null
            || voltage is null || ecc is null || kit is null)
            return null;
        return new MemoryModule
        {
            Type = type.Value,
            Kind = kind.Value,
            Capacity = Bytes.From(capacity.Value),
            Speed = MegaTransfers.From(speed.Value),
            CasLatency = cas.Value,
            Ranks = ranks.Value,
            DieDensityGbit = die,
            StackedDie = stacked.Value,
            Voltage = Volts.From(voltage.Value),
            Ecc = ecc.Value,
            KitSize = kit.Value,
        };
    }

    private static Gpu? ReadGpu(MapReader r)
    {
        var chip = r.String("chip");
        var boardPower = r.Quantity("board_power", UnitSpec.Power, 10, 1500);
        var limits = r.Map("power_limit");
        double? min = null, max = null;
        if (limits is not null)
        {
            min = limits.Quantity("min", UnitSpec.Power, 10, 1500);
            max = limits.Quantity("max", UnitSpec.Power, 10, 1500);
            limits.Finish();
            if (min is not null && max is not null && min > max)
                limits.Sink.Add(limits.Node, limits.Path, "min is above max");
        }

        if (boardPower is not null && min is not null && max is not null && (boardPower < min || boardPower > max))
            r.Sink.Add(r.NodeOf("board_power"), r.FieldPath("board_power"), "lies outside power_limit min..max");

        var connectors = ReadEnums<PowerConnector>(r, "power_connectors");
        var slotPower = r.Quantity("slot_power", UnitSpec.Power, 0, 100);
        var thickness = r.Quantity("thickness", UnitSpec.SlotWidth, 1, 5);
        var length = r.Quantity("length", UnitSpec.Length, 50, 450);
        var height = r.Quantity("height", UnitSpec.Length, 40, 200);
        var cooler = r.Enum<Cooler>("cooler");
        var vram = r.Quantity("vram", UnitSpec.DataSize, 0.5 * Bytes.GiB, 512 * Bytes.GiB);
        var bandwidth = r.Quantity("memory_bandwidth", UnitSpec.Bandwidth, 10, 20000);
        var bf16 = r.Quantity("tensor_bf16", UnitSpec.Throughput, 0.01, 10000, required: false);
        var fp16 = r.Quantity("tensor_fp16", UnitSpec.Throughput, 0.01, 10000);
        var pcie = r.Map("pcie");
        int? gen = null, width = null;
        if (pcie is not null)
        {
            gen = pcie.Int("gen", min: 1, max: 6);
            width = pcie.Int("width", min: 1, max: 16);
            pcie.Finish();
        }

        var nvlink = r.Quantity("nvlink_bandwidth", UnitSpec.Bandwidth, 1, 2000, required: false);
        var p2p = r.Bool("peer_to_peer");
        if (chip is null || boardPower is null || min is null || max is null || connectors.Count == 0 && !r.Has("power_connectors")
            || slotPower is null || thickness is null || length is null || height is null || cooler is null || vram is null
            || bandwidth is null || fp16 is null || gen is null || width is null || p2p is null)
            return null;
        return new Gpu
        {
            Chip = chip,
            BoardPower = Watts.From(boardPower.Value),
            PowerLimitMin = Watts.From(min.Value),
            PowerLimitMax = Watts.From(max.Value),
            PowerConnectors = connectors,
            SlotPower = Watts.From(slotPower.Value),
            Thickness = Slots.From(thickness.Value),
            Length = Millimeters.From(length.Value),
            Height = Millimeters.From(height.Value),
            Cooler = cooler.Value,
            Vram = Bytes.From(vram.Value),
            MemoryBandwidth = GigabytesPerSecond.From(bandwidth.Value),
            TensorBf16 = bf16 is null ? null : TeraFlops.From(bf16.Value),
            TensorFp16 = TeraFlops.From(fp16.Value),
            PcieGen = gen.Value,
            PcieWidth = width.Value,
            NvlinkBandwidth = nvlink is null ? null : GigabytesPerSecond.From(nvlink.Value),
            PeerToPeer = p2p.Value,
        };
    }

    private static Storage? ReadStorage(MapReader r)
    {
        var iface = r.Enum<StorageInterface>("interface");
        var form = r.Enum<StorageForm>("form");
        int? gen = null, lanes = null;
        var pcie = r.Map("pcie", required: iface == StorageInterface.Nvme);
        if (pcie is not null)
        {
            gen = pcie.Int("gen", min: 1, max: 6);
            lanes = pcie.Int("lanes", min: 1, max: 16);
            pcie.Finish();
        }

        var capacity = r.Quantity("capacity", UnitSpec.DataSize, 1e9, 1e15);
        var active = r.Quantity("active_power", UnitSpec.Power, 0, 60);
        var idle = r.Quantity("idle_power", UnitSpec.Power, 0, 60);
        var read = r.Quantity("sequential_read", UnitSpec.Bandwidth, 0.01, 60);
        if (iface is null || form is null || capacity is null || active is null || idle is null || read is null)
            return null;
        return new Storage
        {
            Interface = iface.Value,
            Form = form.Value,
            PcieGen = gen,
            PcieLanes = lanes,
            Capacity = Bytes.From(capacity.Value),
            ActivePower = Watts.From(active.Value),
            IdlePower = Watts.From(idle.Value),
            SequentialRead = GigabytesPerSecond.From(read.Value),
        };
    }

    private static Psu? ReadPsu(MapReader r)
    {
        var wattage = r.Quantity("wattage", UnitSpec.Power, 100, 5000);
        var lowLine = r.Quantity("wattage_low_line", UnitSpec.Power, 100, 5000, required: false);
        var input = r.Map("input_voltage");
        double? inMin = null, inMax = null;
        if (input is not null)
        {
            inMin = input.Quantity("min", UnitSpec.Voltage, 90, 277);
            inMax = input.Quantity("max", UnitSpec.Voltage, 90, 277);
            input.Finish();
        }

        var efficiency = r.Enum<EfficiencyRating>("efficiency");
        var atx = r.String("atx_version", required: false);
        if (atx is not null && atx is not ("2.x" or "3.0" or "3.1"))
        {
            r.Sink.Add(r.NodeOf("atx_version"), r.FieldPath("atx_version"), $"'{atx}' is not an ATX version with a transient test",
                "use 3.0 or 3.1, 2.x for older units, or leave it out when unknown");
            atx = null;
        }

        var cables = new List<PsuCable>();
        foreach (var c in r.MapList("cables"))
        {
            var connector = c.Enum<PowerConnector>("connector");
            var count = c.Int("cables", min: 1, max: 24);
            var per = c.Int("per_cable", required: false, min: 1, max: 4) ?? 1;
            c.Finish();
            if (connector is not null && count is not null)
                cables.Add(new PsuCable(connector.Value, count.Value, per));
        }

        if (wattage is null || inMin is null || inMax is null || efficiency is null || cables.Count == 0)
            return null;
        return new Psu
        {
            Wattage = Watts.From(wattage.Value),
            WattageLowLine = lowLine is null ? null : Watts.From(lowLine.Value),
            InputMin = Volts.From(inMin.Value),
            InputMax = Volts.From(inMax.Value),
            Efficiency = efficiency.Value,
            AtxVersion = atx,
            Cables = cables,
        };
    }

    private static Chassis? ReadChassis(MapReader r)
    {
        var kind = r.Enum<ChassisKind>("kind");
        var forms = ReadEnums<FormFactor>(r, "form_factors");
        var slots = r.Int("expansion_slots", min: 1, max: 24);
        var length = r.Quantity("max_gpu_length", UnitSpec.Length, 100, 800);
        var capacity = r.Int("gpu_capacity", min: 0, max: 24);
        var volume = r.Quantity("volume", UnitSpec.Volume, 1, 2000, required: false);
        if (kind is null || forms.Count == 0 || slots is null || length is null || capacity is null)
            return null;
        return new Chassis
        {
            Kind = kind.Value,
            FormFactors = forms,
            ExpansionSlots = slots.Value,
            MaxGpuLength = Millimeters.From(length.Value),
            GpuCapacity = capacity.Value,
            Volume = volume,
        };
    }

    private static Adapter? ReadAdapter(MapReader r)
    {
        var kind = r.Enum<AdapterKind>("kind");
        var lanes = r.Int("lanes", min: 1, max: 16);
        var gen = r.Int("rated_gen", min: 1, max: 6);
        var length = r.Quantity("cable_length", UnitSpec.Length, 10, 3000, required: false);
        if (kind is null || lanes is null || gen is null)
            return null;
        return new Adapter
        {
            Kind = kind.Value,
            Lanes = lanes.Value,
            RatedGen = gen.Value,
            CableLength = length is null ? null : Millimeters.From(length.Value),
        };
    }
}
