using System.Globalization;

namespace Rigsmith.Units;

/// <summary>An amount of memory or storage in bytes.</summary>
/// <remarks>DRAM and VRAM are sold in binary units ("24 GB" of GDDR6X is 24 GiB); drives in decimal ones.
/// The catalog writes which it means (GiB or GB), and so does every report.</remarks>
public readonly record struct Bytes(double Value) : IComparable<Bytes>
{
    public const double GiB = 1024.0 * 1024 * 1024;
    public const double GB = 1e9;
    public static Bytes FromGibibytes(double gib) => new(gib * GiB);
    public static Bytes FromGigabytes(double gb) => new(gb * GB);
    public double Gibibytes => Value / GiB;
    public double Gigabytes => Value / GB;
    public static Bytes operator +(Bytes a, Bytes b) => new(a.Value + b.Value);
    public static Bytes operator -(Bytes a, Bytes b) => new(a.Value - b.Value);
    public static Bytes operator *(Bytes a, double k) => new(a.Value * k);
    public static Bytes operator *(double k, Bytes a) => new(a.Value * k);
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
public readonly record struct GigabytesPerSecond(double Value) : IComparable<GigabytesPerSecond>
{
    public static GigabytesPerSecond operator +(GigabytesPerSecond a, GigabytesPerSecond b) => new(a.Value + b.Value);
    public static GigabytesPerSecond operator *(GigabytesPerSecond a, double k) => new(a.Value * k);
    public static bool operator <(GigabytesPerSecond a, GigabytesPerSecond b) => a.Value < b.Value;
    public static bool operator >(GigabytesPerSecond a, GigabytesPerSecond b) => a.Value > b.Value;
    public static bool operator <=(GigabytesPerSecond a, GigabytesPerSecond b) => a.Value <= b.Value;
    public static bool operator >=(GigabytesPerSecond a, GigabytesPerSecond b) => a.Value >= b.Value;
    public int CompareTo(GigabytesPerSecond other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0.##", CultureInfo.InvariantCulture) + " GB/s";
}

/// <summary>Arithmetic throughput in teraFLOPS (1e12 floating-point operations per second).</summary>
public readonly record struct TeraFlops(double Value)
{
    public override string ToString() => Value.ToString("0.#", CultureInfo.InvariantCulture) + " TFLOPS";
}

/// <summary>Memory transfer rate in megatransfers per second (DDR4-3200 = 3200 MT/s).</summary>
public readonly record struct MegaTransfers(double Value) : IComparable<MegaTransfers>
{
    public static bool operator <(MegaTransfers a, MegaTransfers b) => a.Value < b.Value;
    public static bool operator >(MegaTransfers a, MegaTransfers b) => a.Value > b.Value;
    public static bool operator <=(MegaTransfers a, MegaTransfers b) => a.Value <= b.Value;
    public static bool operator >=(MegaTransfers a, MegaTransfers b) => a.Value >= b.Value;
    public int CompareTo(MegaTransfers other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0", CultureInfo.InvariantCulture) + " MT/s";
}
