using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Rigsmith.Input;
using Rigsmith.Standards;
using Rigsmith.Units;

namespace Rigsmith.Catalog;

/// <summary>
/// A part in the compact binary form the catalog index keeps for each entry (<see cref="CatalogSnapshot"/>): every value
/// of the record, its provenance and prices (all but <see cref="Part.DefinedIn"/>, which names the file where the
/// catalog lies now), written field by field and read back into the same record without YAML.
/// The index is keyed by this build, so the form never has to read another build's bytes; the tests compare every
/// catalog part read back with the part read from its YAML, field by field, so a field added to a part and forgotten
/// here fails them as soon as a shipped part sets it.
/// </summary>
internal static class PartCodec
{
    private const byte Version = 4;

    public static byte[] Encode(Part part)
    {
        var w = new Writer();
        w.Byte(Version);
        w.Enum(part.Category);
        w.String(part.Id);
        w.String(part.Name);
        w.String(part.Vendor);
        w.NullableString(part.Notes);
        WriteProvenance(w, part.Provenance);
        w.Int(part.Prices.Count);
        foreach (var price in part.Prices)
        {
            w.Decimal(price.Price.Amount);
            w.String(price.Price.Currency);
            w.Int(price.Date.DayNumber);
            w.Enum(price.Condition);
            w.String(price.Source);
            w.NullableString(price.Note);
            w.Bool(price.Own);
        }

        switch (part)
        {
            case Cpu c:
                w.String(c.Socket);
                w.String(c.Family);
                w.Int(c.Cores);
                w.Double(c.Tdp.Value);
                w.NullableDouble(c.LoadPower?.Value);
                w.Int(c.PcieLanes);
                w.Int(c.PcieGen);
                w.Enum(c.Memory.Type);
                w.Int(c.Memory.Channels);
                w.Double(c.Memory.MaxSpeed.Value);
                w.Double(c.Memory.MaxCapacity.Value);
                w.Enums(c.Memory.ModuleKinds);
                w.Bool(c.Memory.Ecc);
                w.Enums(c.Memory.OtherTypes);
                break;
            case Motherboard m:
                w.String(m.Socket);
                w.Int(m.Sockets);
                w.String(m.Chipset);
                w.Enum(m.FormFactor);
                w.Strings(m.CpuFamilies);
                w.Enum(m.MemoryType);
                w.Int(m.DimmSlots);
                w.Double(m.MaxMemory.Value);
                w.Double(m.MaxMemorySpeed.Value);
                w.Enums(m.ModuleKinds);
                w.Int(m.Slots.Count);
                foreach (var slot in m.Slots)
                {
                    w.String(slot.Id);
                    w.Int(slot.Position);
                    w.Int(slot.MechanicalWidth);
                    w.Int(slot.Gen);
                    w.Enum(slot.Source);
                    w.IntMap(slot.WidthByCpuLanes);
                    w.Int(slot.Socket);
                }

                w.Int(m.Ports.Count);
                foreach (var port in m.Ports)
                {
                    w.String(port.Id);
                    w.Enum(port.Kind);
                    w.Enums(port.Interfaces);
                    w.Int(port.Gen);
                    w.Enum(port.Source);
                    w.IntMap(port.LanesByCpuLanes);
                    w.Strings(port.SharesWith);
                    w.Int(port.Socket);
                }

                w.Int(m.SataPorts);
                w.Int(m.Power.Eps8);
                w.Int(m.Power.Eps4);
                w.Enums(m.Power.SlotPower);
                w.Int(m.ChipsetUplinkLanes);
                w.Int(m.ChipsetUplinkGen);
                break;
            case MemoryModule k:
                w.Enum(k.Type);
                w.Enum(k.Kind);
                w.Double(k.Capacity.Value);
                w.Double(k.Speed.Value);
                w.Int(k.CasLatency);
                w.Int(k.Ranks);
                w.NullableInt(k.DieDensityGbit);
                w.Bool(k.StackedDie);
                w.Double(k.Voltage.Value);
                w.Bool(k.Ecc);
                w.Int(k.KitSize);
                break;
            case Gpu g:
                w.String(g.Chip);
                w.Double(g.BoardPower.Value);
                w.Double(g.PowerLimitMin.Value);
                w.Double(g.PowerLimitMax.Value);
                w.Enums(g.PowerConnectors);
                w.Double(g.SlotPower.Value);
                w.Double(g.Thickness.Value);
                w.Double(g.Length.Value);
                w.Double(g.Height.Value);
                w.Enum(g.Cooler);
                w.Double(g.Vram.Value);
                w.Double(g.MemoryBandwidth.Value);
                w.NullableDouble(g.TensorBf16?.Value);
                w.Double(g.TensorFp16.Value);
                w.Int(g.PcieGen);
                w.Int(g.PcieWidth);
                w.NullableDouble(g.NvlinkBandwidth?.Value);
                w.Bool(g.PeerToPeer);
                break;
            case Storage s:
                w.Enum(s.Interface);
                w.Enum(s.Form);
                w.NullableInt(s.PcieGen);
                w.NullableInt(s.PcieLanes);
                w.Double(s.Capacity.Value);
                w.Double(s.ActivePower.Value);
                w.Double(s.IdlePower.Value);
                w.Double(s.SequentialRead.Value);
                break;
            case Psu p:
                w.Double(p.Wattage.Value);
                w.NullableDouble(p.WattageLowLine?.Value);
                w.Double(p.InputMin.Value);
                w.Double(p.InputMax.Value);
                w.Enum(p.Efficiency);
                w.NullableString(p.AtxVersion);
                w.Int(p.Cables.Count);
                foreach (var cable in p.Cables)
                {
                    w.Enum(cable.Connector);
                    w.Int(cable.Cables);
                    w.Int(cable.PerCable);
                }

                break;
            case Chassis c:
                w.Enum(c.Kind);
                w.Enums(c.FormFactors);
                w.Int(c.ExpansionSlots);
                w.Double(c.MaxGpuLength.Value);
                w.Int(c.GpuCapacity);
                w.NullableDouble(c.Volume);
                break;
            case Adapter a:
                w.Enum(a.Kind);
                w.Int(a.Lanes);
                w.Int(a.RatedGen);
                w.NullableDouble(a.CableLength?.Value);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(part), part.GetType().Name, "no binary form for this kind of part");
        }

        return w.ToArray();
    }

    /// <summary>
    /// The part <paramref name="bytes"/> hold, defined at <paramref name="definedIn"/> (the index serves a catalog
    /// wherever it lies, so the bytes hold no path); <see cref="InvalidDataException"/> when they are not a whole part of
    /// this form.
    /// </summary>
    public static Part Decode(ReadOnlySpan<byte> bytes, string definedIn)
    {
        var r = new Reader(bytes);
        if (r.Byte() != Version)
            throw new InvalidDataException("not a part of this version");
        var category = r.Enum<PartCategory>();
        var id = r.String();
        var name = r.String();
        var vendor = r.String();
        var notes = r.NullableString();
        var provenance = ReadProvenance(ref r);
        var prices = new PriceObservation[r.Count()];
        for (var i = 0; i < prices.Length; i++)
        {
            var amount = r.Decimal();
            var currency = r.String();
            var date = DateOnly.FromDayNumber(r.Int());
            var condition = r.Enum<PriceCondition>();
            prices[i] = new PriceObservation(Money.Of(amount, currency), date, condition, r.String(), r.NullableString()) { Own = r.Bool() };
        }

        Part part = category switch
        {
            PartCategory.Cpu => new Cpu
            {
                Socket = r.String(),
                Family = r.String(),
                Cores = r.Int(),
                Tdp = Watts.From(r.Double()),
                LoadPower = r.NullableDouble() is { } load ? Watts.From(load) : null,
                PcieLanes = r.Int(),
                PcieGen = r.Int(),
                Memory = new MemorySupport(r.Enum<MemoryType>(), r.Int(), MegaTransfers.From(r.Double()), Bytes.From(r.Double()), r.Enums<ModuleKind>(), r.Bool())
                {
                    OtherTypes = r.Enums<MemoryType>(),
                },
            },
            PartCategory.Motherboard => ReadMotherboard(ref r),
            PartCategory.Memory => new MemoryModule
            {
                Type = r.Enum<MemoryType>(),
                Kind = r.Enum<ModuleKind>(),
                Capacity = Bytes.From(r.Double()),
                Speed = MegaTransfers.From(r.Double()),
                CasLatency = r.Int(),
                Ranks = r.Int(),
                DieDensityGbit = r.NullableInt(),
                StackedDie = r.Bool(),
                Voltage = Volts.From(r.Double()),
                Ecc = r.Bool(),
                KitSize = r.Int(),
            },
            PartCategory.Gpu => new Gpu
            {
                Chip = r.String(),
                BoardPower = Watts.From(r.Double()),
                PowerLimitMin = Watts.From(r.Double()),
                PowerLimitMax = Watts.From(r.Double()),
                PowerConnectors = r.Enums<PowerConnector>(),
                SlotPower = Watts.From(r.Double()),
                Thickness = Slots.From(r.Double()),
                Length = Millimeters.From(r.Double()),
                Height = Millimeters.From(r.Double()),
                Cooler = r.Enum<Cooler>(),
                Vram = Bytes.From(r.Double()),
                MemoryBandwidth = GigabytesPerSecond.From(r.Double()),
                TensorBf16 = r.NullableDouble() is { } bf16 ? TeraFlops.From(bf16) : null,
                TensorFp16 = TeraFlops.From(r.Double()),
                PcieGen = r.Int(),
                PcieWidth = r.Int(),
                NvlinkBandwidth = r.NullableDouble() is { } nvlink ? GigabytesPerSecond.From(nvlink) : null,
                PeerToPeer = r.Bool(),
            },
            PartCategory.Storage => new Storage
            {
                Interface = r.Enum<StorageInterface>(),
                Form = r.Enum<StorageForm>(),
                PcieGen = r.NullableInt(),
                PcieLanes = r.NullableInt(),
                Capacity = Bytes.From(r.Double()),
                ActivePower = Watts.From(r.Double()),
                IdlePower = Watts.From(r.Double()),
                SequentialRead = GigabytesPerSecond.From(r.Double()),
            },
            PartCategory.Psu => ReadPsu(ref r),
            PartCategory.Chassis => new Chassis
            {
                Kind = r.Enum<ChassisKind>(),
                FormFactors = r.Enums<FormFactor>(),
                ExpansionSlots = r.Int(),
                MaxGpuLength = Millimeters.From(r.Double()),
                GpuCapacity = r.Int(),
                Volume = r.NullableDouble(),
            },
            PartCategory.Adapter => new Adapter
            {
                Kind = r.Enum<AdapterKind>(),
                Lanes = r.Int(),
                RatedGen = r.Int(),
                CableLength = r.NullableDouble() is { } cable ? Millimeters.From(cable) : null,
            },
            _ => throw new InvalidDataException($"no category {(int)category}"),
        };
        r.End();
        return part with { Id = id, Name = name, Vendor = vendor, Notes = notes, DefinedIn = definedIn, Provenance = provenance, Prices = prices };
    }

    private static Motherboard ReadMotherboard(ref Reader r)
    {
        var socket = r.String();
        var sockets = r.Int();
        var chipset = r.String();
        var formFactor = r.Enum<FormFactor>();
        var families = r.Strings();
        var memoryType = r.Enum<MemoryType>();
        var dimmSlots = r.Int();
        var maxMemory = Bytes.From(r.Double());
        var maxSpeed = MegaTransfers.From(r.Double());
        var moduleKinds = r.Enums<ModuleKind>();
        var slots = new ExpansionSlot[r.Count()];
        for (var i = 0; i < slots.Length; i++)
            slots[i] = new ExpansionSlot(r.String(), r.Int(), r.Int(), r.Int(), r.Enum<LaneSource>(), r.IntMap(), r.Int());
        var ports = new StoragePort[r.Count()];
        for (var i = 0; i < ports.Length; i++)
            ports[i] = new StoragePort(r.String(), r.Enum<PortKind>(), r.Enums<StorageInterface>(), r.Int(), r.Enum<LaneSource>(), r.IntMap(), r.Strings(), r.Int());
        return new Motherboard
        {
            Socket = socket,
            Sockets = sockets,
            Chipset = chipset,
            FormFactor = formFactor,
            CpuFamilies = families,
            MemoryType = memoryType,
            DimmSlots = dimmSlots,
            MaxMemory = maxMemory,
            MaxMemorySpeed = maxSpeed,
            ModuleKinds = moduleKinds,
            Slots = slots,
            Ports = ports,
            SataPorts = r.Int(),
            Power = new BoardPower(r.Int(), r.Int(), r.Enums<PowerConnector>()),
            ChipsetUplinkLanes = r.Int(),
            ChipsetUplinkGen = r.Int(),
        };
    }

    private static Psu ReadPsu(ref Reader r)
    {
        var wattage = Watts.From(r.Double());
        var lowLine = r.NullableDouble() is { } low ? Watts.From(low) : (Watts?)null;
        var inputMin = Volts.From(r.Double());
        var inputMax = Volts.From(r.Double());
        var efficiency = r.Enum<EfficiencyRating>();
        var atx = r.NullableString();
        var cables = new PsuCable[r.Count()];
        for (var i = 0; i < cables.Length; i++)
            cables[i] = new PsuCable(r.Enum<PowerConnector>(), r.Int(), r.Int());
        return new Psu { Wattage = wattage, WattageLowLine = lowLine, InputMin = inputMin, InputMax = inputMax, Efficiency = efficiency, AtxVersion = atx, Cables = cables };
    }

    private static void WriteProvenance(Writer w, ProvenanceMap map)
    {
        w.NullableString(map.Default?.Url);
        w.Bool(map.Fallback is not null);
        if (map.Fallback is not null)
            WriteOne(w, map.Fallback);
        w.Int(map.ByField.Count);
        foreach (var (field, provenance) in map.ByField)
        {
            w.String(field);
            WriteOne(w, provenance);
        }
    }

    private static void WriteOne(Writer w, Provenance provenance)
    {
        var (kind, text) = provenance switch
        {
            Provenance.Cited c => (0, c.Url),
            Provenance.Observed o => (1, o.Url),
            Provenance.Assumed a => (2, a.Reason),
            Provenance.Inherited i => (3, i.Url),
            Provenance.OpenDb d => (4, d.Reference),
            _ => throw new ArgumentOutOfRangeException(nameof(provenance), provenance.GetType().Name, "no binary form for this provenance"),
        };
        w.Byte((byte)kind);
        w.String(text);
    }

    private static Provenance ReadOne(ref Reader r)
    {
        var kind = r.Byte();
        var text = r.String();
        return kind switch
        {
            0 => new Provenance.Cited(text),
            1 => new Provenance.Observed(text),
            2 => new Provenance.Assumed(text),
            3 => new Provenance.Inherited(text),
            4 => new Provenance.OpenDb(text),
            _ => throw new InvalidDataException($"no provenance kind {kind}"),
        };
    }

    private static ProvenanceMap ReadProvenance(ref Reader r)
    {
        var defaultSource = r.NullableString() is { } url ? new Provenance.Cited(url) : null;
        var fallback = r.Bool() ? ReadOne(ref r) : null;
        var count = r.Count();
        var byField = new Dictionary<string, Provenance>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var field = r.String();
            byField[field] = ReadOne(ref r);
        }

        return new ProvenanceMap(defaultSource, byField, fallback);
    }

    private sealed class Writer
    {
        private readonly MemoryStream _bytes = new();

        public byte[] ToArray() => _bytes.ToArray();

        public void Byte(byte value) => _bytes.WriteByte(value);

        public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

        /// <summary>Seven bits a byte, low first, zig-zag so that small negative numbers stay short.</summary>
        public void Int(int value)
        {
            var v = unchecked((uint)((value << 1) ^ (value >> 31)));
            while (v >= 0x80)
            {
                Byte(unchecked((byte)(v | 0x80)));
                v >>= 7;
            }

            Byte((byte)v);
        }

        public void NullableInt(int? value)
        {
            Bool(value.HasValue);
            if (value is { } v)
                Int(v);
        }

        public void Double(double value)
        {
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteDoubleLittleEndian(b, value);
            _bytes.Write(b);
        }

        public void NullableDouble(double? value)
        {
            Bool(value.HasValue);
            if (value is { } v)
                Double(v);
        }

        public void Decimal(decimal value)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value, bits);
            Span<byte> b = stackalloc byte[16];
            for (var i = 0; i < 4; i++)
                BinaryPrimitives.WriteInt32LittleEndian(b[(i * 4)..], bits[i]);
            _bytes.Write(b);
        }

        public void String(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            Int(bytes.Length);
            _bytes.Write(bytes);
        }

        public void NullableString(string? value)
        {
            Bool(value is not null);
            if (value is not null)
                String(value);
        }

        public void Strings(IReadOnlyList<string> values)
        {
            Int(values.Count);
            foreach (var value in values)
                String(value);
        }

        public void Enums<T>(IReadOnlyList<T> values)
            where T : struct, Enum
        {
            Int(values.Count);
            foreach (var value in values)
                Enum(value);
        }

        /// <summary>An enum (every part enum is an int, 0 to a few dozen) as its one-byte value.</summary>
        public void Enum<T>(T value)
            where T : struct, Enum
        {
            var number = Unsafe.As<T, int>(ref value);
            Byte(number is >= 0 and <= byte.MaxValue && Unsafe.SizeOf<T>() == sizeof(int)
                ? (byte)number
                : throw new ArgumentOutOfRangeException(nameof(value), value, "not a one-byte int enum"));
        }

        public void IntMap(IReadOnlyDictionary<int, int> map)
        {
            Int(map.Count);
            foreach (var (key, value) in map)
            {
                Int(key);
                Int(value);
            }
        }
    }

    /// <summary>Reads the writer's values in the same order; any read past the end, or a count out of range, is <see cref="InvalidDataException"/>.</summary>
    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _at;

        public void End()
        {
            if (_at != _bytes.Length)
                throw new InvalidDataException("bytes left after the part");
        }

        public byte Byte() => _at < _bytes.Length ? _bytes[_at++] : throw Truncated();

        public bool Bool() => Byte() switch
        {
            0 => false,
            1 => true,
            var b => throw new InvalidDataException($"{b} is not a boolean"),
        };

        public int Int()
        {
            uint v = 0;
            for (var shift = 0; shift < 35; shift += 7)
            {
                var b = Byte();
                v |= (uint)(b & 0x7F) << shift;
                if (b < 0x80)
                    return unchecked((int)(v >> 1) ^ -(int)(v & 1));
            }

            throw new InvalidDataException("integer too long");
        }

        /// <summary>A count of items that follow, each at least a byte: never more than the bytes left.</summary>
        public int Count()
        {
            var count = Int();
            return count >= 0 && count <= _bytes.Length - _at ? count : throw new InvalidDataException($"count {count} out of range");
        }

        public int? NullableInt() => Bool() ? Int() : null;

        public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

        public double? NullableDouble() => Bool() ? Double() : null;

        public decimal Decimal()
        {
            var b = Take(16);
            Span<int> bits = stackalloc int[4];
            for (var i = 0; i < 4; i++)
                bits[i] = BinaryPrimitives.ReadInt32LittleEndian(b[(i * 4)..]);
            try
            {
                return new decimal(bits);
            }
            catch (ArgumentException)
            {
                throw new InvalidDataException("not a decimal");
            }
        }

        public string String() => Encoding.UTF8.GetString(Take(Count()));

        public string? NullableString() => Bool() ? String() : null;

        public string[] Strings()
        {
            var values = new string[Count()];
            for (var i = 0; i < values.Length; i++)
                values[i] = String();
            return values;
        }

        /// <remarks>Checked against the enum's members through the generated tables (MapReader), not reflection.</remarks>
        public T Enum<T>()
            where T : struct, Enum
        {
            int number = Byte();
            if (Unsafe.SizeOf<T>() != sizeof(int))
                throw new InvalidDataException($"{typeof(T).Name} is not an int enum");
            var value = Unsafe.As<int, T>(ref number);
            return MapReader.IsEnumMember(value) ? value : throw new InvalidDataException($"{number} is not a {typeof(T).Name}");
        }

        public T[] Enums<T>()
            where T : struct, Enum
        {
            var values = new T[Count()];
            for (var i = 0; i < values.Length; i++)
                values[i] = Enum<T>();
            return values;
        }

        public Dictionary<int, int> IntMap()
        {
            var count = Count();
            var map = new Dictionary<int, int>(count);
            for (var i = 0; i < count; i++)
                map[Int()] = Int();
            return map;
        }

        private ReadOnlySpan<byte> Take(int length)
        {
            if (length < 0 || length > _bytes.Length - _at)
                throw Truncated();
            var span = _bytes.Slice(_at, length);
            _at += length;
            return span;
        }

        private static InvalidDataException Truncated() => new("the part's bytes end early");
    }
}
