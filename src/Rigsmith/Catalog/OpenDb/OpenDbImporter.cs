using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rigsmith.Standards;
using Rigsmith.Units;

namespace Rigsmith.Catalog.OpenDb;

/// <summary>One part of the broad tier: the part as rigsmith reads it, and how people name it (part numbers, series).</summary>
public sealed record BroadPart(Part Part, string Reference, IReadOnlyList<string> Aliases);

/// <summary>A value the OpenDB gives that a platform fact contradicts, and what the tier holds instead.</summary>
public sealed record OpenDbCorrection(string PartId, string Field, string Given, string Used, string Rule);

/// <summary>A record the importer could not turn into a part, with the reason (counted, never dropped silently).</summary>
public sealed record OpenDbSkip(string Reference, PartCategory Category, string Reason);

public sealed record OpenDbImport(IReadOnlyList<BroadPart> Parts, IReadOnlyList<OpenDbCorrection> Corrections, IReadOnlyList<OpenDbSkip> Skipped);

/// <summary>
/// Turns OpenDB records into rigsmith parts. A value the record gives (non-zero; the database writes 0 for unknown) keeps
/// the record as its provenance; a value taken from the platform and chip tables (<see cref="OpenDbFacts"/>) cites that
/// table's source; a value neither gives is derived by a documented rule and listed as assumed with the rule as its reason
/// (docs/catalog.md, "The OpenDB tier"). A record whose platform or chip the tables do not know is skipped with the reason.
/// </summary>
public static class OpenDbImporter
{
    /// <summary>The 12 V current the PCIe CEM specification allows an x16 graphics card through the slot: 5.5 A, 66 W.</summary>
    private const double CemSlot12V = 66;

    public static OpenDbImport Import(IEnumerable<OpenDbSnapshot.Record> records, OpenDbFacts facts, ISet<string> reservedIds)
    {
        var parts = new List<BroadPart>();
        var corrections = new List<OpenDbCorrection>();
        var skipped = new List<OpenDbSkip>();
        var ids = new HashSet<string>(reservedIds, StringComparer.Ordinal);
        var all = records.ToList();
        var cpuMaxBySocket = all.Where(r => r.Category == PartCategory.Cpu)
            .Select(r => (Socket: Socket(Str(r.Json, "socket")), Max: Num(r.Json, "specifications", "memory", "maxSupport")))
            .Where(x => x.Socket is not null && x.Max is not null)
            .GroupBy(x => x.Socket!)
            .ToDictionary(g => g.Key, g => g.Min(x => x.Max!.Value), StringComparer.Ordinal);

        // Ids are made in a stable order (by record reference), so a re-run on the same snapshot writes the same ids.
        foreach (var record in all.OrderBy(r => r.Reference, StringComparer.Ordinal))
        {
            var name = Str(record.Json, "metadata", "name");
            if (string.IsNullOrWhiteSpace(name))
            {
                skipped.Add(new OpenDbSkip(record.Reference, record.Category, "no name"));
                continue;
            }

            var context = new Context(record, facts, corrections, cpuMaxBySocket);
            var (part, reason) = record.Category switch
            {
                PartCategory.Cpu => context.Cpu(),
                PartCategory.Motherboard => context.Board(),
                PartCategory.Memory => context.Memory(),
                PartCategory.Gpu => context.Gpu(),
                PartCategory.Storage => context.Storage(),
                PartCategory.Psu => context.Psu(),
                PartCategory.Chassis => context.Chassis(),
                _ => (null, "no rigsmith category"),
            };
            if (part is null)
            {
                skipped.Add(new OpenDbSkip(record.Reference, record.Category, reason!));
                continue;
            }

            var vendor = Str(record.Json, "metadata", "manufacturer") ?? "";
            var id = UniqueId(Slug(vendor, name), record.OpenDbId, ids);
            context.Rename(id);
            var url = Str(record.Json, "general_product_information", "manufacturer_url");
            part = part with
            {
                Id = id,
                Name = name.Trim(),
                Vendor = vendor,
                Notes = "From the BuildCores OpenDB; values marked opendb are the community's, not checked against a datasheet.",
                Provenance = new ProvenanceMap(url is not null && Uri.IsWellFormedUriString(url, UriKind.Absolute) ? new Provenance.Cited(url) : null,
                    context.Fields, new Provenance.OpenDb(record.Reference)),
            };
            parts.Add(new BroadPart(part, record.Reference, Aliases(record.Json)));
        }

        // A record skipped after a rule overrode one of its values leaves a correction of no part behind.
        return new OpenDbImport(parts, corrections.Where(c => c.PartId.Length > 0).ToList(), skipped);
    }

    private static IReadOnlyList<string> Aliases(JsonElement json)
    {
        var aliases = new List<string>();
        if (json.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("part_numbers", out var numbers) && numbers.ValueKind == JsonValueKind.Array)
        {
            foreach (var n in numbers.EnumerateArray())
            {
                if (n.ValueKind == JsonValueKind.String && n.GetString() is { Length: > 0 and < 80 } s && !Guid.TryParse(s, out _))
                    aliases.Add(s.Trim());
            }
        }

        return aliases.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>"asus-rog-strix-radeon-rx-570-4gb-gddr5-black": the name, with the vendor in front when the name lacks it.</summary>
    public static string Slug(string vendor, string name)
    {
        var words = Words(name);
        var vendorWords = Words(vendor);
        if (vendorWords.Count > 0 && (words.Count == 0 || !words[0].Equals(vendorWords[0], StringComparison.Ordinal)))
            words.InsertRange(0, vendorWords);
        var slug = string.Join("-", words);
        if (slug.Length > 72)
            slug = slug[..72].TrimEnd('-');
        return slug.Length == 0 ? "part" : slug;
    }

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var chars = text.Normalize(NormalizationForm.FormKD);
        for (var i = 0; i < chars.Length; i++)
        {
            var ch = chars[i];
            if (ch < 128 && char.IsAsciiLetterOrDigit(ch))
            {
                current.Append(char.ToLowerInvariant(ch));
            }
            else if (ch == '.' && current.Length > 0 && char.IsAsciiDigit(current[^1]) && i + 1 < chars.Length && char.IsAsciiDigit(chars[i + 1]))
            {
                // "3.4" stays one word: "3-4" would read as a range.
                current.Append('p');
            }
            else if (ch == '+' && current.Length > 0)
            {
                current.Append("plus");
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
            words.Add(current.ToString());
        return words;
    }

    private static string UniqueId(string slug, string openDbId, HashSet<string> ids)
    {
        var id = slug;
        if (!ids.Add(id))
        {
            id = $"{slug}-{openDbId[..Math.Min(6, openDbId.Length)]}";
            var n = 2;
            while (!ids.Add(id))
                id = $"{slug}-{openDbId[..Math.Min(6, openDbId.Length)]}-{n++}";
        }

        return id;
    }

    // ---- reading the JSON: absent, null, empty and 0 are all "unknown" ----

    internal static string? Str(JsonElement json, params string[] path)
    {
        var e = json;
        foreach (var p in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e))
                return null;
        }

        return e.ValueKind == JsonValueKind.String && e.GetString() is { } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
    }

    internal static double? Num(JsonElement json, params string[] path)
    {
        var e = json;
        foreach (var p in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e))
                return null;
        }

        return e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var d) && d > 0 ? d : null;
    }

    private static bool? Bool(JsonElement json, string key) =>
        json.TryGetProperty(key, out var e) && e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : null;

    /// <summary>"LGA 2011-3" → "lga2011-3", "sTR5" → "str5": the catalog's socket spelling.</summary>
    internal static string? Socket(string? text) => text is null ? null : text.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();

    private static MemoryType? MemoryTypeOf(string? text) => text?.ToUpperInvariant() switch
    {
        "DDR3" or "DDR3L" => MemoryType.Ddr3,
        "DDR4" => MemoryType.Ddr4,
        "DDR5" => MemoryType.Ddr5,
        _ => null,
    };

    private static readonly Regex PcieInterface = new(@"PCIe\s*(?:(\d)\.0)?\s*x\s*(\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static (int? Gen, int? Lanes) ParsePcie(string? text)
    {
        if (text is null)
            return (null, null);
        var m = PcieInterface.Match(text);
        if (!m.Success)
            return (null, null);
        return (m.Groups[1].Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Builds one part's values and the provenance of those not taken from the record itself.</summary>
    private sealed class Context(OpenDbSnapshot.Record record, OpenDbFacts facts, List<OpenDbCorrection> corrections, IReadOnlyDictionary<string, double> cpuMaxBySocket)
    {
        private readonly JsonElement _json = record.Json;
        private readonly List<int> _corrections = [];

        public Dictionary<string, Provenance> Fields { get; } = new(StringComparer.Ordinal);

        private void Assume(string field, string reason) => Fields[field] = new Provenance.Assumed(reason);

        private void Cite(string field, IReadOnlyDictionary<string, string> sources, string key, string fallbackReason)
        {
            if (sources.TryGetValue(key, out var url))
                Fields[field] = new Provenance.Cited(url);
            else
                Assume(field, fallbackReason);
        }

        private void Correct(string field, string given, string used, string rule)
        {
            _corrections.Add(corrections.Count);
            corrections.Add(new OpenDbCorrection("", field, given, used, rule));
        }

        /// <summary>The part's id is made after its values; the corrections recorded for it take it then.</summary>
        public void Rename(string id)
        {
            foreach (var i in _corrections)
                corrections[i] = corrections[i] with { PartId = id };
        }

        public (Part?, string?) Cpu()
        {
            var socket = OpenDbImporter.Socket(Str(_json, "socket"));
            var name = Str(_json, "metadata", "name")!;
            var rule = facts.CpuRule(Str(_json, "socket") ?? "", Str(_json, "microarchitecture"), name);
            if (socket is null || rule is null)
                return (null, $"no platform rule for socket '{Str(_json, "socket")}' and microarchitecture '{Str(_json, "microarchitecture")}' in data/opendb/platforms.yaml");
            var cores = Num(_json, "cores", "total");
            var tdp = Num(_json, "specifications", "tdp");
            if (cores is null)
                return (null, "no core count");
            if (tdp is null)
                return (null, "no TDP");
            Cite("family", rule.Sources, "family", $"the family rigsmith gives {rule.Socket} {string.Join("/", rule.Microarchitectures)} CPUs (data/opendb/platforms.yaml)");
            Cite("pcie_lanes", rule.Sources, "pcie_lanes", "the platform's lane count (data/opendb/platforms.yaml)");
            Cite("pcie_gen", rule.Sources, "pcie_gen", "the platform's PCIe generation (data/opendb/platforms.yaml)");
            Cite("memory.max_speed", rule.Sources, "memory_max_speed", "the platform's rated memory speed (data/opendb/platforms.yaml)");
            Cite("memory.module_kinds", rule.Sources, "module_kinds", "the platform's module kinds (data/opendb/platforms.yaml)");
            var types = MemoryTypes();
            // A CPU that takes DDR4 and DDR5 (Alder Lake, Raptor Lake) takes the board's: the platform table's type is
            // the first (its rated speed is that type's), the others are kept so a DDR4 board is not flagged.
            MemoryType? type = types.Contains(rule.MemoryType) || types.Count == 0 ? rule.MemoryType : types[0];
            if (types.Count == 0)
                Cite("memory.type", rule.Sources, "memory_type", "the platform's memory type (data/opendb/platforms.yaml)");

            var channels = Num(_json, "specifications", "memory", "channels");
            if (channels is null)
            {
                channels = 2;
                Assume("memory.channels", "not in the OpenDB record; two, the desktop platforms' count");
            }

            var max = Num(_json, "specifications", "memory", "maxSupport");
            if (max is null)
            {
                max = 128;
                Assume("memory.max_capacity", "not in the OpenDB record; 128 GB assumed");
            }

            var ecc = Bool(_json.TryGetProperty("specifications", out var spec) ? spec : default, "eccSupport");
            if (ecc is null)
                Assume("memory.ecc", "not in the OpenDB record; taken as without ECC");
            return (new Cpu
            {
                Socket = socket,
                Family = rule.Family,
                Cores = (int)cores,
                Tdp = Watts.From(tdp.Value),
                PcieLanes = rule.PcieLanes,
                PcieGen = rule.PcieGen,
                Memory = new MemorySupport(type.Value, (int)channels, rule.MemoryMaxSpeed, Bytes.FromGibibytes(max.Value), rule.ModuleKinds, ecc ?? false)
                {
                    OtherTypes = types.Where(t => t != type).ToList(),
                },
            }, null);
        }

        /// <summary>The memory types the record lists (DDR4 and DDR5 for Alder Lake), known ones only.</summary>
        private List<MemoryType> MemoryTypes()
        {
            var types = new List<MemoryType>();
            if (_json.TryGetProperty("specifications", out var s) && s.TryGetProperty("memory", out var m) && m.TryGetProperty("types", out var t) && t.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in t.EnumerateArray())
                {
                    if (e.ValueKind == JsonValueKind.String && MemoryTypeOf(e.GetString()) is { } type && !types.Contains(type))
                        types.Add(type);
                }
            }

            return types;
        }

        public (Part?, string?) Board()
        {
            var socketText = Str(_json, "socket");
            var socket = OpenDbImporter.Socket(socketText);
            var chipsetText = Str(_json, "chipset");
            if (socket is null || chipsetText is null)
                return (null, "no socket or chipset");
            if (!facts.Chipsets.TryGetValue(chipsetText, out var chipset))
                return (null, $"no chipset facts for '{chipsetText}' in data/opendb/platforms.yaml");
            var rules = facts.RulesOf(socketText!).ToList();
            if (rules.Count == 0)
                return (null, $"no platform rule for socket '{socketText}' in data/opendb/platforms.yaml");
            var form = FormFactorOf(Str(_json, "form_factor"));
            if (form is null)
                return (null, $"form factor '{Str(_json, "form_factor")}' has no rigsmith equivalent");
            var type = MemoryTypeOf(Str(_json, "memory", "ram_type"));
            if (type is null)
                return (null, $"memory type '{Str(_json, "memory", "ram_type")}' is not DDR3, DDR4 or DDR5");

            var families = rules.Where(r => r.MemoryType == type || rules.All(x => x.MemoryType != type)).Select(r => r.Family).Distinct().ToList();
            Assume("cpu_families", $"every {socketText} CPU family of the same memory type (data/opendb/platforms.yaml); the board's CPU support list and BIOS are not in the OpenDB");
            var slots = Num(_json, "memory", "slots");
            if (slots is null)
            {
                slots = form == FormFactor.MiniItx ? 2 : 4;
                Assume("memory.slots", $"not in the OpenDB record; {slots}, the usual count for the form factor");
            }

            var max = Num(_json, "memory", "max");
            var socketMax = cpuMaxBySocket.GetValueOrDefault(socket);
            if (max is null)
            {
                max = socketMax > 0 ? socketMax : slots.Value * (type == MemoryType.Ddr5 ? 48 : 32);
                Assume("memory.max_capacity", $"not in the OpenDB record; {max} GB, the smallest maximum of the socket's CPUs in the OpenDB");
            }
            else if (socketMax > 0 && max < socketMax && max < slots.Value * (type == MemoryType.Ddr5 ? 48 : 32))
            {
                Correct("memory.max_capacity", $"{max} GB", $"{socketMax} GB", "opendb-memory-below-platform");
                Assume("memory.max_capacity", $"the OpenDB gives {max} GB, below every {socketText} CPU's maximum ({socketMax} GB, the smallest in the OpenDB's CPU records) and below {slots} DIMMs of the common largest size; the platform's figure is used");
                max = socketMax;
            }

            // The socket's fastest rated speed for the board's memory type; a DDR4 board on a socket whose table rows
            // are DDR5 (LGA1700) gets the type's top JEDEC speed instead, not the DDR5 figure.
            var sameType = rules.Where(r => r.MemoryType == type).ToList();
            double speed;
            if (sameType.Count > 0)
            {
                speed = sameType.Max(r => r.MemoryMaxSpeed.Value);
                Cite("memory.max_speed", sameType.First(r => r.MemoryMaxSpeed.Value == speed).Sources, "memory_max_speed", "the platform's rated memory speed (data/opendb/platforms.yaml)");
            }
            else
            {
                speed = type switch { MemoryType.Ddr3 => 1600, MemoryType.Ddr4 => 3200, _ => 4800 };
                Assume("memory.max_speed", $"the platform table rates the socket's CPUs for another memory type; {speed} MT/s taken for {type} (Intel rates DDR4-3200 on LGA1700, the socket that takes both)");
            }
            var server = rules.Any(r => r.ModuleKinds.Contains(ModuleKind.Rdimm)) && rules.All(r => !r.ModuleKinds.Contains(ModuleKind.Udimm));
            var kinds = server ? new List<ModuleKind> { ModuleKind.Rdimm } : [ModuleKind.Udimm];
            Assume("memory.module_kinds", "the platform's module kinds (data/opendb/platforms.yaml); the board's own list is not in the OpenDB");

            var cpuLanes = rules.Max(r => r.PcieLanes);
            var cpuGen = rules.Max(r => r.PcieGen);
            var (slotList, portList) = Layout(chipsetText, chipset, cpuLanes, cpuGen, form.Value);
            if (slotList.Count == 0)
                return (null, "no PCIe slots listed");
            var sata = (int)(Num(_json, "storage_devices", "sata_6_gb_s") ?? 0) + (int)(Num(_json, "storage_devices", "sata_3_gb_s") ?? 0);
            var (eps8, eps4) = EpsHeaders();
            Assume("power.slot_power", "the OpenDB has no slot-power headers; taken as none, so the GPUs' slot power runs through the 24-pin");
            Cite("chipset_uplink", chipset.Sources, "uplink", "the chipset's uplink (data/opendb/platforms.yaml)");
            return (new Motherboard
            {
                Socket = socket,
                Chipset = Regex.Replace(chipsetText, "^(Intel|AMD)\\s+", "", RegexOptions.IgnoreCase),
                FormFactor = form.Value,
                CpuFamilies = families,
                MemoryType = type.Value,
                DimmSlots = (int)slots,
                MaxMemory = Bytes.FromGibibytes(max.Value),
                MaxMemorySpeed = MegaTransfers.From(speed),
                ModuleKinds = kinds,
                Slots = slotList,
                Ports = portList,
                SataPorts = sata,
                Power = new BoardPower(eps8, eps4, []),
                ChipsetUplinkLanes = chipset.UplinkLanes,
                ChipsetUplinkGen = chipset.UplinkGen,
            }, null);
        }

        private (int Eps8, int Eps4) EpsHeaders()
        {
            int eps8 = 0, eps4 = 0;
            if (_json.TryGetProperty("power_connectors", out var pc) && pc.TryGetProperty("cpu_power", out var cpu) && cpu.ValueKind == JsonValueKind.Array)
            {
                foreach (var c in cpu.EnumerateArray())
                {
                    var text = c.ValueKind == JsonValueKind.String ? c.GetString() ?? "" : "";
                    var m = Regex.Match(text, @"^(?:(\d+)\s*x\s*)?(\d+)(?:\s*\+\s*(\d+))?-?\s*pin", RegexOptions.IgnoreCase);
                    if (!m.Success)
                        continue;
                    var count = m.Groups[1].Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 1;
                    foreach (var g in new[] { m.Groups[2], m.Groups[3] }.Where(g => g.Success))
                    {
                        if (g.Value == "8")
                            eps8 += count;
                        else if (g.Value == "4")
                            eps4 += count;
                    }
                }
            }

            if (eps8 + eps4 == 0)
            {
                Assume("power.eps8", "the OpenDB record lists no CPU power header; one 8-pin EPS, the least a board of this kind has");
                return (1, 0);
            }

            return (eps8, eps4);
        }

        /// <summary>
        /// A conservative slot layout from the record's grouped slot list and the platform (docs/catalog.md): the first
        /// x16-length slot takes the CPU's graphics lanes (x8 when the chipset lets a second x16-length slot share them,
        /// the multi-GPU case, as the curated boards state widths); HEDT platforms give further x16-length slots x8 each
        /// from the CPU while its lanes last; every other slot hangs off the chipset at its listed width, at most x4.
        /// Generations are capped at what the CPU and chipset support. Positions are two apart in listed order.
        /// </summary>
        private (List<ExpansionSlot>, List<StoragePort>) Layout(string chipsetName, ChipsetFacts chipset, int cpuLanes, int cpuGen, FormFactor form)
        {
            var groups = new List<(int Gen, int Lanes, int Quantity)>();
            if (_json.TryGetProperty("pcie_slots", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var g in list.EnumerateArray())
                {
                    var lanes = (int)(Num(g, "lanes") ?? 0);
                    var quantity = (int)(Num(g, "quantity") ?? 0);
                    var genText = Str(g, "gen");
                    var gen = genText is not null && double.TryParse(genText, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (int)d : 0;
                    if (lanes > 0 && quantity > 0)
                        groups.Add((gen, lanes, quantity));
                }
            }

            var slots = new List<ExpansionSlot>();
            var listedLanes = groups.Sum(g => g.Lanes * g.Quantity);
            var x16 = groups.Where(g => g.Lanes >= 16).Sum(g => g.Quantity);
            var hedt = cpuLanes >= 28;
            var gpuLanes = Math.Min(cpuLanes, 16);
            var left = cpuLanes;
            var cpuSlots = 0;
            var genCapped = false;
            foreach (var (listedGen, width, quantity) in groups.OrderByDescending(g => g.Lanes))
            {
                for (var i = 0; i < quantity; i++)
                {
                    int lanes, gen;
                    LaneSource source;
                    if (width >= 16 && cpuSlots == 0)
                    {
                        lanes = x16 > 1 && (chipset.CpuSlotSplit || hedt) ? Math.Min(gpuLanes, hedt ? 16 : 8) : gpuLanes;
                        source = LaneSource.Cpu;
                    }
                    else if (width >= 8 && hedt && left >= 8 + 4)
                    {
                        lanes = Math.Min(width, left - 4 >= 16 && width >= 16 && cpuSlots < 1 ? 16 : 8);
                        source = LaneSource.Cpu;
                    }
                    else if (width >= 16 && cpuSlots == 1 && chipset.CpuSlotSplit && !hedt)
                    {
                        lanes = 8;
                        source = LaneSource.Cpu;
                    }
                    else
                    {
                        lanes = Math.Min(width, 4);
                        source = LaneSource.Chipset;
                    }

                    if (source == LaneSource.Cpu)
                    {
                        cpuSlots++;
                        left -= lanes;
                        gen = listedGen > 0 ? Math.Min(listedGen, cpuGen) : cpuGen;
                    }
                    else
                    {
                        gen = listedGen > 0 ? Math.Min(listedGen, chipset.LanesGen) : chipset.LanesGen;
                    }

                    genCapped |= listedGen > gen;
                    slots.Add(new ExpansionSlot($"PCIE{slots.Count + 1}", 0, width, gen, source, new Dictionary<int, int> { [0] = lanes }));
                }
            }

            slots = Positions(slots, form);

            if (genCapped)
            {
                var listed = groups.Max(g => g.Gen);
                Correct("slots", $"PCIe {listed}.0", $"at most PCIe {Math.Max(cpuGen, chipset.LanesGen)}.0", "opendb-pcie-gen-above-platform");
            }

            if (listedLanes > cpuLanes + chipset.UplinkLanes * 4 || groups.Any(g => g.Lanes >= 16 && g.Quantity > 2 && !hedt))
                Correct("slots", string.Join(", ", groups.Select(g => $"{g.Quantity} x{g.Lanes}")), string.Join(", ", slots.Select(s => $"x{s.WidthFor(0)}")), "opendb-slot-widths-beyond-lanes");
            Assume("slots", $"wiring derived from the platform, not the board's manual: the OpenDB lists slots by kind ({string.Join(", ", groups.Select(g => $"{g.Quantity} x{g.Lanes} gen {g.Gen}"))}); "
                + $"the first x16-length slot takes the CPU's graphics lanes ({(x16 > 1 && (chipset.CpuSlotSplit || hedt) ? (hedt ? "x16, further x16-length slots x8 from the CPU's " + cpuLanes + " lanes" : "x8 with a second x16-length slot sharing them") : "x" + gpuLanes)}), "
                + $"other slots run from the {chipsetName} chipset at most x4; positions: CPU slots three apart from the top (room for a 2-3 slot card), wider chipset slots at the bottom, x1 slots in the gaps");

            var ports = new List<StoragePort>();
            if (_json.TryGetProperty("m2_slots", out var m2) && m2.ValueKind == JsonValueKind.Array)
            {
                foreach (var s in m2.EnumerateArray())
                {
                    if (Str(s, "key") is { } key && !key.Contains('M', StringComparison.OrdinalIgnoreCase))
                        continue;
                    var text = Str(s, "interface") ?? "";
                    var (gen, lanes) = ParsePcie(text);
                    var interfaces = new List<StorageInterface>();
                    if (lanes is not null)
                        interfaces.Add(StorageInterface.Nvme);
                    if (text.Contains("SATA", StringComparison.OrdinalIgnoreCase))
                        interfaces.Add(StorageInterface.Sata);
                    if (interfaces.Count == 0)
                        interfaces.Add(StorageInterface.Nvme);
                    // The first M.2 takes CPU lanes where the platform has four beyond the graphics sixteen (AM4, AM5, LGA1700).
                    var fromCpu = ports.Count == 0 && cpuLanes >= 20;
                    var g = Math.Min(gen ?? (fromCpu ? cpuGen : chipset.LanesGen), fromCpu ? cpuGen : chipset.LanesGen);
                    ports.Add(new StoragePort($"M2_{ports.Count + 1}", PortKind.M2, interfaces, g, fromCpu ? LaneSource.Cpu : LaneSource.Chipset,
                        new Dictionary<int, int> { [0] = Math.Min(lanes ?? 4, 4) }, []));
                }
            }

            var u2 = (int)(Num(_json, "storage_devices", "u2") ?? 0);
            for (var i = 0; i < u2; i++)
            {
                ports.Add(new StoragePort($"U2_{i + 1}", PortKind.U2, [StorageInterface.Nvme], chipset.LanesGen, LaneSource.Chipset,
                    new Dictionary<int, int> { [0] = 4 }, []));
            }

            Assume("ports", "M.2 and U.2 as the OpenDB lists them; the first M.2 on CPU lanes where the platform has four beyond the graphics sixteen, the rest on the chipset; lane sharing with slots and SATA is not in the OpenDB");
            return (slots, ports);
        }

        /// <summary>
        /// Slot positions, which the OpenDB does not give: CPU slots from the top three apart (where boards put the slots
        /// meant for graphics cards), chipset slots wider than x1 from the bottom up, x1 slots in the positions left.
        /// </summary>
        private static List<ExpansionSlot> Positions(List<ExpansionSlot> slots, FormFactor form)
        {
            var positions = Math.Max(slots.Count, form switch
            {
                FormFactor.MiniItx => 1,
                FormFactor.MicroAtx => 4,
                _ => 7,
            });
            var taken = new HashSet<int>();
            var placed = new Dictionary<ExpansionSlot, int>();
            var next = 1;
            foreach (var slot in slots.Where(s => s.Source == LaneSource.Cpu))
            {
                while (taken.Contains(next) && next < positions)
                    next++;
                var at = Math.Min(next, positions);
                while (taken.Contains(at))
                    at = Enumerable.Range(1, positions).First(p => !taken.Contains(p));
                taken.Add(at);
                placed[slot] = at;
                next = at + 3;
            }

            foreach (var slot in slots.Where(s => s.Source == LaneSource.Chipset && s.MechanicalWidth > 1))
            {
                var at = Enumerable.Range(1, positions).Reverse().First(p => !taken.Contains(p));
                taken.Add(at);
                placed[slot] = at;
            }

            foreach (var slot in slots.Where(s => !placed.ContainsKey(s)))
            {
                var at = Enumerable.Range(1, positions).First(p => !taken.Contains(p));
                taken.Add(at);
                placed[slot] = at;
            }

            return slots.OrderBy(s => placed[s]).Select((s, i) => s with { Id = $"PCIE{i + 1}", Position = placed[s] }).ToList();
        }

        private static FormFactor? FormFactorOf(string? text) => text?.ToUpperInvariant().Replace("-", " ", StringComparison.Ordinal) switch
        {
            "ATX" => FormFactor.Atx,
            "MICRO ATX" or "MATX" => FormFactor.MicroAtx,
            "MINI ITX" or "THIN MINI ITX" => FormFactor.MiniItx,
            "EATX" or "E ATX" => FormFactor.Eatx,
            "XL ATX" => FormFactor.Xlatx,
            "SSI EEB" => FormFactor.SsiEeb,
            "SSI CEB" => FormFactor.SsiCeb,
            "EEB" => FormFactor.Eeb,
            "CEB" => FormFactor.Ceb,
            _ => null,
        };

        public (Part?, string?) Memory()
        {
            var type = MemoryTypeOf(Str(_json, "ram_type"));
            var quantity = Num(_json, "modules", "quantity");
            var each = Num(_json, "modules", "capacity_gb");
            var speed = Num(_json, "speed");
            if (type is null)
                return (null, $"memory type '{Str(_json, "ram_type")}' is not DDR3, DDR4 or DDR5");
            if (quantity is null || each is null || speed is null)
                return (null, "no module count, module size or speed");
            var form = Str(_json, "form_factor") ?? "";
            var registered = Str(_json, "registered") ?? "";
            var kind = form.Contains("SODIMM", StringComparison.OrdinalIgnoreCase) ? ModuleKind.Sodimm
                : registered.Contains("Load", StringComparison.OrdinalIgnoreCase) ? ModuleKind.Lrdimm
                : registered.Contains("Registered", StringComparison.OrdinalIgnoreCase) ? ModuleKind.Rdimm
                : ModuleKind.Udimm;
            if (registered.Length == 0)
                Assume("kind", "the OpenDB record does not say registered or unbuffered; taken as unbuffered");
            var cas = Num(_json, "cas_latency");
            if (cas is null)
            {
                cas = Math.Round(speed.Value / 200);
                Assume("cas_latency", $"not in the OpenDB record; CL{cas}, about the JEDEC timing at this speed");
            }

            // Modules of 16 GB and more are mostly dual-rank (8 Gbit DDR4 dies, 16 Gbit DDR5); the heavier load is the safe guess.
            var ranks = each >= 16 ? 2 : 1;
            Assume("ranks", $"not in the OpenDB; {ranks}-rank assumed from the module size ({each} GB)");
            Assume("stacked_die", "not in the OpenDB; taken as not stacked");
            var volts = Num(_json, "voltage");
            if (volts is null)
            {
                volts = type switch { MemoryType.Ddr3 => 1.5, MemoryType.Ddr4 => 1.2, _ => 1.1 };
                Assume("voltage", $"not in the OpenDB record; the JEDEC nominal {volts} V for {type}");
            }

            var ecc = Str(_json, "ecc") is { } e && e.StartsWith("ECC", StringComparison.OrdinalIgnoreCase);
            return (new MemoryModule
            {
                Type = type.Value,
                Kind = kind,
                Capacity = Bytes.FromGibibytes(each.Value),
                Speed = MegaTransfers.From(speed.Value),
                CasLatency = (int)cas,
                Ranks = ranks,
                StackedDie = false,
                Voltage = Volts.From(volts.Value),
                Ecc = ecc,
                KitSize = (int)quantity,
            }, null);
        }

        public (Part?, string?) Gpu()
        {
            var chipset = Str(_json, "chipset");
            if (chipset is null || !facts.Chips.TryGetValue(chipset, out var chip))
                return (null, $"no chip facts for '{chipset}' in data/opendb/gpu-chips.yaml");
            var vram = Num(_json, "memory");
            if (vram is null)
                return (null, "no memory size");
            var power = Num(_json, "tdp");
            if (power is null)
            {
                power = chip.ReferenceBoardPower.Value;
                Cite("board_power", chip.Sources, "reference_board_power", "the chip's reference board power (data/opendb/gpu-chips.yaml)");
            }

            Assume("power_limit", "the card's driver power-limit range is not in the OpenDB; taken as its board power at both ends, so no advice rests on lowering it");
            var connectors = new List<PowerConnector>();
            if (_json.TryGetProperty("power_connectors", out var pc))
            {
                connectors.AddRange(Enumerable.Repeat(PowerConnector.Pcie6, (int)(Num(pc, "pcie_6_pin") ?? 0)));
                connectors.AddRange(Enumerable.Repeat(PowerConnector.Pcie8, (int)(Num(pc, "pcie_8_pin") ?? 0)));
                connectors.AddRange(Enumerable.Repeat(PowerConnector.Hpwr12V, (int)((Num(pc, "pcie_12VHPWR") ?? 0) + (Num(pc, "pcie_12V_2x6") ?? 0))));
            }

            if (connectors.Count == 0 && power > 75)
            {
                var plugs = (int)Math.Ceiling((power.Value - CemSlot12V) / 150);
                connectors.AddRange(power.Value > 450 ? [PowerConnector.Hpwr12V] : Enumerable.Repeat(PowerConnector.Pcie8, plugs));
                Assume("power_connectors", $"the OpenDB lists no power connectors; {string.Join(" + ", connectors.Select(c => MapName(c)))}, the fewest that carry {power} W with the slot");
            }

            Assume("slot_power", $"not in the OpenDB; the PCIe CEM limit for an x16 graphics card, {CemSlot12V} W at 12 V (5.5 A)");
            var slots = Num(_json, "total_slot_width");
            if (slots is null)
            {
                slots = power >= 300 ? 3 : 2;
                Assume("thickness", $"not in the OpenDB record; {slots} slots, the common thickness at {power} W");
            }

            var length = Num(_json, "length");
            if (length is null)
            {
                length = 320;
                Assume("length", "not in the OpenDB record; 320 mm, a long card, so a case that fits it fits most");
            }

            Assume("height", "not in the OpenDB; the PCIe CEM full-height card, 111.15 mm (many coolers are taller)");
            var coolingText = Str(_json, "cooling") ?? "";
            var cooler = coolingText switch
            {
                _ when coolingText.Contains("blower", StringComparison.OrdinalIgnoreCase) => Cooler.Blower,
                _ when Regex.IsMatch(coolingText, "liquid|water|aio|hybrid", RegexOptions.IgnoreCase) => Cooler.Liquid,
                _ when Regex.IsMatch(coolingText, "passive|fanless", RegexOptions.IgnoreCase) => Cooler.Passive,
                _ when coolingText.Contains("fan", StringComparison.OrdinalIgnoreCase) => Cooler.OpenAir,
                _ => (Cooler?)null,
            };
            if (cooler is null)
            {
                cooler = Cooler.OpenAir;
                Assume("cooler", "the OpenDB record does not describe the cooler; open-air, the common kind");
            }

            var (gen, width) = ParsePcie(Str(_json, "interface"));
            if (gen is null || gen > chip.PcieGen)
                Cite("pcie", chip.Sources, "pcie_gen", "the chip's PCIe generation (data/opendb/gpu-chips.yaml)");
            Cite("chip", chip.Sources, "chip", $"the die of every {chip.Chipset} (data/opendb/gpu-chips.yaml)");
            Cite("memory_bandwidth", chip.Sources, "memory_bandwidth", "the chip's memory bandwidth (data/opendb/gpu-chips.yaml)");
            Cite("tensor_fp16", chip.Sources, "tensor_fp16", "the chip's FP16 rate (data/opendb/gpu-chips.yaml)");
            Cite("tensor_bf16", chip.Sources, "tensor_bf16", "the chip's BF16 rate (data/opendb/gpu-chips.yaml)");
            Cite("nvlink_bandwidth", chip.Sources, "nvlink_bandwidth", chip.NvlinkBandwidth is null
                ? "no NVLink on this chip's cards (data/opendb/gpu-chips.yaml)" : "the chip's NVLink (data/opendb/gpu-chips.yaml); whether this board has the bridge fingers is not in the OpenDB");
            Assume("peer_to_peer", chip.Vendor == "nvidia" && chipset.StartsWith("GeForce", StringComparison.OrdinalIgnoreCase)
                ? "NVIDIA's stock driver does not enable PCIe peer-to-peer on GeForce cards since Ampere; taken as off"
                : "whether the driver enables PCIe peer-to-peer is not in the OpenDB; taken as off");
            return (new Gpu
            {
                Chip = chip.Chip,
                BoardPower = Watts.From(power.Value),
                PowerLimitMin = Watts.From(power.Value),
                PowerLimitMax = Watts.From(power.Value),
                PowerConnectors = connectors,
                SlotPower = Watts.From(Math.Min(CemSlot12V, power.Value)),
                Thickness = Slots.From(slots.Value),
                Length = Millimeters.From(length.Value),
                Height = Millimeters.From(111.15),
                Cooler = cooler.Value,
                Vram = Bytes.FromGibibytes(vram.Value),
                MemoryBandwidth = chip.MemoryBandwidth,
                TensorFp16 = chip.TensorFp16,
                TensorBf16 = chip.TensorBf16,
                PcieGen = Math.Min(gen ?? chip.PcieGen, chip.PcieGen),
                PcieWidth = width ?? chip.PcieWidth,
                NvlinkBandwidth = chip.NvlinkBandwidth,
                PeerToPeer = false,
            }, null);
        }

        private static string MapName(PowerConnector c) => Rigsmith.Input.MapReader.EnumName(c);

        public (Part?, string?) Storage()
        {
            var capacity = Num(_json, "capacity");
            if (capacity is null)
                return (null, "no capacity");
            var text = Str(_json, "interface") ?? "";
            var formText = Str(_json, "form_factor") ?? "";
            var nvme = _json.TryGetProperty("nvme", out var n) && n.ValueKind == JsonValueKind.True;
            var (gen, lanes) = ParsePcie(text);
            StorageInterface? iface = nvme || (lanes is not null && !text.Contains("SATA", StringComparison.OrdinalIgnoreCase)) ? StorageInterface.Nvme
                : text.Contains("SAS", StringComparison.OrdinalIgnoreCase) ? StorageInterface.Sas
                : text.Contains("SATA", StringComparison.OrdinalIgnoreCase) ? StorageInterface.Sata
                : null;
            if (iface is null)
                return (null, $"interface '{text}' is not NVMe, SATA or SAS");
            StorageForm? form = formText switch
            {
                _ when formText.StartsWith("M.2", StringComparison.OrdinalIgnoreCase) => StorageForm.M2,
                _ when formText.Contains("U.2", StringComparison.OrdinalIgnoreCase) => StorageForm.U2,
                _ when formText.StartsWith("2.5", StringComparison.Ordinal) => StorageForm.Sata25,
                _ when formText.StartsWith("3.5", StringComparison.Ordinal) => StorageForm.Sata35,
                _ when formText.Contains("PCIe", StringComparison.OrdinalIgnoreCase) => StorageForm.AddInCard,
                _ => null,
            };
            if (form is null)
                return (null, $"form factor '{formText}' has no rigsmith equivalent");
            var hdd = (Str(_json, "type") ?? Str(_json, "storage_type") ?? "").Contains("HDD", StringComparison.OrdinalIgnoreCase) || form == StorageForm.Sata35;
            if (iface == StorageInterface.Nvme && gen is null)
            {
                gen = 3;
                lanes ??= 4;
                Assume("pcie", "the OpenDB record gives no PCIe generation; gen 3 x4, the oldest NVMe drives'");
            }

            // Power and throughput are not in the OpenDB: the class's typical figures, each stated as assumed.
            var (active, idle, read, why) = (iface, hdd, gen) switch
            {
                (StorageInterface.Nvme, _, >= 5) => (10.0, 0.5, 12.0, "a PCIe 5.0 x4 NVMe drive's"),
                (StorageInterface.Nvme, _, 4) => (8.0, 0.5, 7.0, "a PCIe 4.0 x4 NVMe drive's"),
                (StorageInterface.Nvme, _, _) => (6.0, 0.5, 3.5, "a PCIe 3.0 x4 NVMe drive's"),
                (_, true, _) => (8.0, 5.0, 0.25, "a 3.5-inch hard drive's"),
                _ => (3.0, 0.5, 0.55, "a SATA SSD's (the 6 Gb/s link's practical ceiling)"),
            };
            Assume("active_power", $"not in the OpenDB; {active} W, {why} typical active power");
            Assume("idle_power", $"not in the OpenDB; {idle} W, {why} typical idle power");
            Assume("sequential_read", $"not in the OpenDB; {read} GB/s, {why} typical sequential read");
            return (new Storage
            {
                Interface = iface.Value,
                Form = form.Value,
                PcieGen = iface == StorageInterface.Nvme ? gen : null,
                PcieLanes = iface == StorageInterface.Nvme ? lanes ?? 4 : null,
                Capacity = Bytes.FromGigabytes(capacity.Value),
                ActivePower = Watts.From(active),
                IdlePower = Watts.From(idle),
                SequentialRead = GigabytesPerSecond.From(read),
            }, null);
        }

        public (Part?, string?) Psu()
        {
            var watts = Num(_json, "wattage");
            if (watts is null)
                return (null, "no wattage");
            var rating = (Str(_json, "efficiency_rating") ?? "").ToUpperInvariant();
            var efficiency = rating switch
            {
                _ when rating.Contains("TITANIUM", StringComparison.Ordinal) => EfficiencyRating.Titanium,
                _ when rating.Contains("PLATINUM", StringComparison.Ordinal) => EfficiencyRating.Platinum,
                _ when rating.Contains("GOLD", StringComparison.Ordinal) => EfficiencyRating.Gold,
                _ when rating.Contains("SILVER", StringComparison.Ordinal) => EfficiencyRating.Silver,
                _ when rating.Contains("BRONZE", StringComparison.Ordinal) => EfficiencyRating.Bronze,
                _ when rating.Contains("80", StringComparison.Ordinal) => EfficiencyRating.Standard,
                _ => EfficiencyRating.None,
            };
            Assume("input", "not in the OpenDB; 100-240 V, the universal input of ATX units");
            var cables = new List<PsuCable>();
            var pcie = (int)(Num(_json, "connectors", "pcie_6_plus_2_pin") ?? 0);
            var hpwr = (int)(Num(_json, "connectors", "pcie_12vhpwr") ?? 0);
            var eps = (int)(Num(_json, "connectors", "eps_8_pin") ?? 0);
            cables.Add(new PsuCable(PowerConnector.Atx24, 1, 1));
            if (eps == 0)
            {
                eps = 1;
                Assume("cables.eps8", "the OpenDB lists no EPS connector (read as unknown); one 8-pin EPS, the least any ATX unit has");
            }

            cables.Add(new PsuCable(PowerConnector.Eps8, eps, 1));
            if (pcie == 0 && hpwr == 0)
            {
                // 0 is the OpenDB's "unknown": a unit of this size with no PCIe plug at all is unlikely.
                pcie = watts >= 450 ? 2 * (int)Math.Max(1, Math.Floor(watts.Value / 400)) : 0;
                Assume("cables.pcie8", $"the OpenDB lists no PCIe connectors (read as unknown); {pcie} plugs assumed for {watts} W");
            }

            if (pcie > 0)
            {
                // Cables are not in the OpenDB: two plugs on each cord (the common pigtail) is the heavier load per cable.
                cables.Add(new PsuCable(PowerConnector.Pcie8, (pcie + 1) / 2, pcie >= 2 ? 2 : 1));
                Assume("cables.pcie8.per_cable", "the OpenDB counts plugs, not cords; two plugs per cord (the common pigtail), the heavier load on each");
            }

            if (hpwr > 0)
                cables.Add(new PsuCable(PowerConnector.Hpwr12V, hpwr, 1));
            if (Num(_json, "connectors", "sata") is { } sata)
                cables.Add(new PsuCable(PowerConnector.Sata, (int)Math.Ceiling(sata / 4), Math.Min(4, (int)sata)));
            if (Num(_json, "connectors", "molex_4_pin") is { } molex)
                cables.Add(new PsuCable(PowerConnector.Molex, (int)Math.Ceiling(molex / 3), Math.Min(3, (int)molex)));
            return (new Psu
            {
                Wattage = Watts.From(watts.Value),
                InputMin = Volts.From(100),
                InputMax = Volts.From(240),
                Efficiency = efficiency,
                Cables = cables,
            }, null);
        }

        public (Part?, string?) Chassis()
        {
            var formText = Str(_json, "form_factor") ?? "";
            var kind = formText switch
            {
                _ when Regex.IsMatch(formText, "rack", RegexOptions.IgnoreCase) => ChassisKind.Rackmount,
                _ when Regex.IsMatch(formText, "bench|test", RegexOptions.IgnoreCase) => ChassisKind.Benchtable,
                _ when Regex.IsMatch(formText, "open", RegexOptions.IgnoreCase) => ChassisKind.OpenFrame,
                _ => ChassisKind.Tower,
            };
            var forms = new List<FormFactor>();
            if (_json.TryGetProperty("supported_motherboard_form_factors", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var f in list.EnumerateArray())
                {
                    if (f.ValueKind == JsonValueKind.String && FormFactorOf(f.GetString()) is { } ff && !forms.Contains(ff))
                        forms.Add(ff);
                }
            }

            if (forms.Count == 0)
                return (null, "no supported motherboard form factors");
            var slots = Num(_json, "expansion_slots");
            if (slots is null)
            {
                slots = forms.Contains(FormFactor.Eatx) || forms.Contains(FormFactor.Atx) ? 7 : forms.Contains(FormFactor.MicroAtx) ? 4 : 2;
                Assume("expansion_slots", $"not in the OpenDB record; {slots}, the count of the largest board form factor it takes");
            }

            var length = Num(_json, "max_video_card_length");
            if (length is null)
            {
                length = 267;
                Assume("max_gpu_length", "not in the OpenDB record; 267 mm, the PCIe CEM's full-length card, which most cases fit");
            }

            var capacity = Math.Max(1, (int)slots / 2);
            Assume("gpu_capacity", $"not in the OpenDB; {capacity} dual-slot cards in {slots} expansion slots");
            return (new Chassis
            {
                Kind = kind,
                FormFactors = forms,
                ExpansionSlots = (int)slots,
                MaxGpuLength = Millimeters.From(length.Value),
                GpuCapacity = capacity,
                Volume = Volume(),
            }, null);
        }

        /// <summary>
        /// The case's outside volume in litres: the product of its three dimensions (the box it needs, whichever way the
        /// record orders them), from <c>dimensions_mm</c> or the <c>dimensions</c> text; else the record's own
        /// <c>volume</c>, which some makers measure without feet and handles; null when none is given.
        /// </summary>
        private double? Volume()
        {
            if (_json.TryGetProperty("dimensions_mm", out var mm) && mm.ValueKind == JsonValueKind.Object
                && Num(mm, "width") is { } w && Num(mm, "height") is { } h && Num(mm, "depth") is { } d && w > 0 && h > 0 && d > 0)
                return Math.Round(w * h * d / 1e6, 1);
            if (Str(_json, "dimensions") is { } text
                && Regex.Match(text, @"^\s*([\d.]+)\s*x\s*([\d.]+)\s*x\s*([\d.]+)\s*$") is { Success: true } m
                && double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
                && double.TryParse(m.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
                && double.TryParse(m.Groups[3].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) && a > 0 && b > 0 && c > 0)
                return Math.Round(a * b * c / 1e6, 1);
            return Num(_json, "volume") is { } litres && litres > 0 ? Math.Round(litres, 1) : null;
        }
    }
}
