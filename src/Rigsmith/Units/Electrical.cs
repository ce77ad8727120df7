using System.Globalization;

namespace Rigsmith.Units;

/// <summary>Power in watts.</summary>
public readonly record struct Watts(double Value) : IComparable<Watts>
{
    public static readonly Watts Zero = new(0);
    public static Watts operator +(Watts a, Watts b) => new(a.Value + b.Value);
    public static Watts operator -(Watts a, Watts b) => new(a.Value - b.Value);
    public static Watts operator *(Watts a, double k) => new(a.Value * k);
    public static Watts operator *(double k, Watts a) => new(a.Value * k);
    public static Watts operator /(Watts a, double k) => new(a.Value / k);
    public static double operator /(Watts a, Watts b) => a.Value / b.Value;
    /// <summary>I = P / V.</summary>
    public static Amperes operator /(Watts p, Volts v) => new(p.Value / v.Value);
    public static bool operator <(Watts a, Watts b) => a.Value < b.Value;
    public static bool operator >(Watts a, Watts b) => a.Value > b.Value;
    public static bool operator <=(Watts a, Watts b) => a.Value <= b.Value;
    public static bool operator >=(Watts a, Watts b) => a.Value >= b.Value;
    public int CompareTo(Watts other) => Value.CompareTo(other.Value);
    /// <summary>Heat in BTU per hour; 1 W = 3.412142 BTU/h (NIST SP 811, appendix B).</summary>
    public double BtuPerHour => Value * 3.412142;
    public override string ToString() => Value.ToString("0.#", CultureInfo.InvariantCulture) + " W";
}

/// <summary>Electric potential in volts.</summary>
public readonly record struct Volts(double Value) : IComparable<Volts>
{
    public static Volts operator -(Volts a, Volts b) => new(a.Value - b.Value);
    public static Volts operator +(Volts a, Volts b) => new(a.Value + b.Value);
    public static Watts operator *(Volts v, Amperes i) => new(v.Value * i.Value);
    public static bool operator <(Volts a, Volts b) => a.Value < b.Value;
    public static bool operator >(Volts a, Volts b) => a.Value > b.Value;
    public static bool operator <=(Volts a, Volts b) => a.Value <= b.Value;
    public static bool operator >=(Volts a, Volts b) => a.Value >= b.Value;
    public int CompareTo(Volts other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0.##", CultureInfo.InvariantCulture) + " V";
}

/// <summary>Current in amperes.</summary>
public readonly record struct Amperes(double Value) : IComparable<Amperes>
{
    public static Amperes operator +(Amperes a, Amperes b) => new(a.Value + b.Value);
    public static Amperes operator -(Amperes a, Amperes b) => new(a.Value - b.Value);
    public static Amperes operator /(Amperes a, double k) => new(a.Value / k);
    public static Amperes operator *(Amperes a, double k) => new(a.Value * k);
    /// <summary>Ohm's law: V = I · R.</summary>
    public static Volts operator *(Amperes i, Ohms r) => new(i.Value * r.Value);
    public static Watts operator *(Amperes i, Volts v) => new(v.Value * i.Value);
    public static bool operator <(Amperes a, Amperes b) => a.Value < b.Value;
    public static bool operator >(Amperes a, Amperes b) => a.Value > b.Value;
    public static bool operator <=(Amperes a, Amperes b) => a.Value <= b.Value;
    public static bool operator >=(Amperes a, Amperes b) => a.Value >= b.Value;
    public int CompareTo(Amperes other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0.##", CultureInfo.InvariantCulture) + " A";
}

/// <summary>Resistance in ohms.</summary>
public readonly record struct Ohms(double Value)
{
    public static Ohms FromMilliohms(double milliohms) => new(milliohms / 1000.0);
    public double Milliohms => Value * 1000.0;
    public static Ohms operator +(Ohms a, Ohms b) => new(a.Value + b.Value);
    public static Ohms operator /(Ohms a, double k) => new(a.Value / k);
    public override string ToString() => Milliohms.ToString("0.##", CultureInfo.InvariantCulture) + " mΩ";
}
