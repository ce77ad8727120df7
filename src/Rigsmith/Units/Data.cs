using System.Globalization;

namespace Rigsmith.Units;

/// <summary>An amount of memory or storage in bytes.</summary>
/// <remarks>DRAM and VRAM are sold in binary units ("24 GB" of GDDR6X is 24 GiB); drives in decimal ones.
/// The catalog writes which it means (GiB or GB), and so does every report.</remarks>
public readonly record struct Bytes : IComparable<Bytes>
{
    public const double GiB = 1024.0 * 1024 * 1024;
    public const double GB = 1e9;

    private Bytes(double value) => Value = value;

    public double Value { get; }

    /// <summary>Signed: a difference of two amounts (headroom) can be negative.</summary>
    public static Bytes From(double bytes) => new(UnitGuard.Finite(bytes, "bytes"));
    public static Bytes FromGibibytes(double gib) => From(gib * GiB);
    public static Bytes FromGigabytes(double gb) => From(gb * GB);
    public double Gibibytes => Value / GiB;
    public double Gigabytes => Value / GB;
    public static Bytes operator +(Bytes a, Bytes b) => From(a.Value + b.Value);
    public static Bytes operator -(Bytes a, Bytes b) => From(a.Value - b.Value);
    public static Bytes operator *(Bytes a, double k) => From(a.Value * k);
    public static Bytes operator *(double k, Bytes a) => From(a.Value * k);
    public static double operator /(Bytes a, Bytes b) => a.Value / b.Value;
    public static bool operator <(Bytes a, Bytes b) => a.Value < b.Value;
    public static bool operator >(Bytes a, Bytes b) => a.Value > b.Value;
    public static bool operator <=(Bytes a, Bytes b) => a.Value <= b.Value;
    public static bool operator >=(Bytes a, Bytes b) => a.Value >= b.Value;
    public int CompareTo(Bytes other) => Value.CompareTo(other.Value);
    public override string ToString() => Value >= 1e12
        ? (Value / 1e12).ToString("0.##", CultureInfo.InvariantCulture) + " TB"
        : Gibibytes.ToString("0.##", CultureInfo.InvariantCulture) + " GiB";
}

/// <summary>Bandwidth in gigabytes (1e9 bytes) per second.</summary>
public readonly record struct GigabytesPerSecond : IComparable<GigabytesPerSecond>
{
    private GigabytesPerSecond(double value) => Value = value;

    public double Value { get; }

    public static GigabytesPerSecond From(double gbps) => new(UnitGuard.NonNegative(gbps, "bandwidth in GB/s"));
    public static GigabytesPerSecond operator +(GigabytesPerSecond a, GigabytesPerSecond b) => From(a.Value + b.Value);
    public static GigabytesPerSecond operator *(GigabytesPerSecond a, double k) => From(a.Value * k);
    public static bool operator <(GigabytesPerSecond a, GigabytesPerSecond b) => a.Value < b.Value;
    public static bool operator >(GigabytesPerSecond a, GigabytesPerSecond b) => a.Value > b.Value;
    public static bool operator <=(GigabytesPerSecond a, GigabytesPerSecond b) => a.Value <= b.Value;
    public static bool operator >=(GigabytesPerSecond a, GigabytesPerSecond b) => a.Value >= b.Value;
    public int CompareTo(GigabytesPerSecond other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0.##", CultureInfo.InvariantCulture) + " GB/s";
}

/// <summary>Arithmetic throughput in teraFLOPS (1e12 floating-point operations per second).</summary>
public readonly record struct TeraFlops
{
    private TeraFlops(double value) => Value = value;

    public double Value { get; }

    public static TeraFlops From(double teraflops) => new(UnitGuard.NonNegative(teraflops, "TFLOPS"));

    public override string ToString() => Value.ToString("0.#", CultureInfo.InvariantCulture) + " TFLOPS";
}

/// <summary>Memory transfer rate in megatransfers per second (DDR4-3200 = 3200 MT/s).</summary>
public readonly record struct MegaTransfers : IComparable<MegaTransfers>
{
    private MegaTransfers(double value) => Value = value;

    public double Value { get; }

    public static MegaTransfers From(double mts) => new(UnitGuard.NonNegative(mts, "MT/s"));

    public static bool operator <(MegaTransfers a, MegaTransfers b) => a.Value < b.Value;
    public static bool operator >(MegaTransfers a, MegaTransfers b) => a.Value > b.Value;
    public static bool operator <=(MegaTransfers a, MegaTransfers b) => a.Value <= b.Value;
    public static bool operator >=(MegaTransfers a, MegaTransfers b) => a.Value >= b.Value;
    public int CompareTo(MegaTransfers other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0", CultureInfo.InvariantCulture) + " MT/s";
}
