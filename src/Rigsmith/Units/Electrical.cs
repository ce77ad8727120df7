using System.Globalization;

namespace Rigsmith.Units;

/// <summary>Power in watts. Signed: a difference of two powers can be negative.</summary>
public readonly record struct Watts : IComparable<Watts>
{
    public static readonly Watts Zero = default;

    private Watts(double value) => Value = value;

    public double Value { get; }

    public static Watts From(double watts) => new(UnitGuard.Finite(watts, "power in W"));

    public static Watts operator +(Watts a, Watts b) => From(a.Value + b.Value);
    public static Watts operator -(Watts a, Watts b) => From(a.Value - b.Value);
    public static Watts operator *(Watts a, double k) => From(a.Value * k);
    public static Watts operator *(double k, Watts a) => From(a.Value * k);
    public static Watts operator /(Watts a, double k) => From(a.Value / k);
    public static double operator /(Watts a, Watts b) => a.Value / b.Value;
    /// <summary>I = P / V.</summary>
    public static Amperes operator /(Watts p, Volts v) => Amperes.From(p.Value / v.Value);
    /// <summary>Energy = power × time.</summary>
    public static KilowattHours operator *(Watts p, Seconds t) => KilowattHours.From(p.Value * t.Value / 3.6e6);
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
public readonly record struct Volts : IComparable<Volts>
{
    private Volts(double value) => Value = value;

    public double Value { get; }

    public static Volts From(double volts) => new(UnitGuard.Finite(volts, "voltage in V"));

    public static Volts operator -(Volts a, Volts b) => From(a.Value - b.Value);
    public static Volts operator +(Volts a, Volts b) => From(a.Value + b.Value);
    public static Watts operator *(Volts v, Amperes i) => Watts.From(v.Value * i.Value);
    public static bool operator <(Volts a, Volts b) => a.Value < b.Value;
    public static bool operator >(Volts a, Volts b) => a.Value > b.Value;
    public static bool operator <=(Volts a, Volts b) => a.Value <= b.Value;
    public static bool operator >=(Volts a, Volts b) => a.Value >= b.Value;
    public int CompareTo(Volts other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0.##", CultureInfo.InvariantCulture) + " V";
}

/// <summary>Current in amperes.</summary>
public readonly record struct Amperes : IComparable<Amperes>
{
    private Amperes(double value) => Value = value;

    public double Value { get; }

    public static Amperes From(double amperes) => new(UnitGuard.Finite(amperes, "current in A"));

    public static Amperes operator +(Amperes a, Amperes b) => From(a.Value + b.Value);
    public static Amperes operator -(Amperes a, Amperes b) => From(a.Value - b.Value);
    public static Amperes operator /(Amperes a, double k) => From(a.Value / k);
    public static Amperes operator *(Amperes a, double k) => From(a.Value * k);
    /// <summary>Ohm's law: V = I · R.</summary>
    public static Volts operator *(Amperes i, Ohms r) => Volts.From(i.Value * r.Value);
    public static Watts operator *(Amperes i, Volts v) => Watts.From(v.Value * i.Value);
    public static bool operator <(Amperes a, Amperes b) => a.Value < b.Value;
    public static bool operator >(Amperes a, Amperes b) => a.Value > b.Value;
    public static bool operator <=(Amperes a, Amperes b) => a.Value <= b.Value;
    public static bool operator >=(Amperes a, Amperes b) => a.Value >= b.Value;
    public int CompareTo(Amperes other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0.##", CultureInfo.InvariantCulture) + " A";
}

/// <summary>Resistance in ohms; never negative.</summary>
public readonly record struct Ohms
{
    private Ohms(double value) => Value = value;

    public double Value { get; }

    public static Ohms From(double ohms) => new(UnitGuard.NonNegative(ohms, "resistance in Ω"));
    public static Ohms FromMilliohms(double milliohms) => From(milliohms / 1000.0);
    public double Milliohms => Value * 1000.0;
    public static Ohms operator +(Ohms a, Ohms b) => From(a.Value + b.Value);
    public static Ohms operator /(Ohms a, double k) => From(a.Value / k);
    public override string ToString() => Milliohms.ToString("0.##", CultureInfo.InvariantCulture) + " mΩ";
}

/// <summary>Electrical energy in kilowatt-hours; never negative.</summary>
public readonly record struct KilowattHours : IComparable<KilowattHours>
{
    private KilowattHours(double value) => Value = value;

    public double Value { get; }

    public static KilowattHours From(double kwh) => new(UnitGuard.NonNegative(kwh, "energy in kWh"));
    public static KilowattHours operator +(KilowattHours a, KilowattHours b) => From(a.Value + b.Value);
    public int CompareTo(KilowattHours other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0.##", CultureInfo.InvariantCulture) + " kWh";
}
