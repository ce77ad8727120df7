using System.Globalization;

namespace Rigsmith.Units;

/// <summary>Length in millimetres. Signed: a difference of two lengths can be negative.</summary>
public readonly record struct Millimeters : IComparable<Millimeters>
{
    private Millimeters(double value) => Value = value;

    public double Value { get; }

    public static Millimeters From(double millimetres) => new(UnitGuard.Finite(millimetres, "length in mm"));

    public static bool operator <(Millimeters a, Millimeters b) => a.Value < b.Value;
    public static bool operator >(Millimeters a, Millimeters b) => a.Value > b.Value;
    public static bool operator <=(Millimeters a, Millimeters b) => a.Value <= b.Value;
    public static bool operator >=(Millimeters a, Millimeters b) => a.Value >= b.Value;
    public static Millimeters operator -(Millimeters a, Millimeters b) => From(a.Value - b.Value);
    public int CompareTo(Millimeters other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0.#", CultureInfo.InvariantCulture) + " mm";
}

/// <summary>
/// Thickness of a card, or a distance on the board, in expansion-slot pitches (20.32 mm, PCI CEM). Signed: a gap is
/// negative when two cards collide. <see cref="Unbounded"/> is the one infinite value: the room below the last card.
/// </summary>
public readonly record struct Slots : IComparable<Slots>
{
    /// <summary>No card below: the gap has no end.</summary>
    public static readonly Slots Unbounded = new(double.PositiveInfinity);

    private Slots(double value) => Value = value;

    public double Value { get; }

    public static Slots From(double slots) => new(UnitGuard.Finite(slots, "slots"));

    public bool IsUnbounded => double.IsPositiveInfinity(Value);
    public static bool operator <(Slots a, Slots b) => a.Value < b.Value;
    public static bool operator >(Slots a, Slots b) => a.Value > b.Value;
    public static bool operator <=(Slots a, Slots b) => a.Value <= b.Value;
    public static bool operator >=(Slots a, Slots b) => a.Value >= b.Value;
    public int CompareTo(Slots other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0.##", CultureInfo.InvariantCulture) + " slots";
}

/// <summary>Temperature in degrees Celsius, never below absolute zero. No addition: two temperatures do not sum.</summary>
public readonly record struct Celsius : IComparable<Celsius>
{
    private Celsius(double value) => Value = value;

    public double Value { get; }

    public static Celsius From(double celsius) => new(UnitGuard.AtLeast(celsius, -273.15, "temperature in °C"));

    public static bool operator <(Celsius a, Celsius b) => a.Value < b.Value;
    public static bool operator >(Celsius a, Celsius b) => a.Value > b.Value;
    public static bool operator <=(Celsius a, Celsius b) => a.Value <= b.Value;
    public static bool operator >=(Celsius a, Celsius b) => a.Value >= b.Value;
    public int CompareTo(Celsius other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0.#", CultureInfo.InvariantCulture) + " °C";
}

/// <summary>A duration in seconds; never negative.</summary>
public readonly record struct Seconds : IComparable<Seconds>
{
    private Seconds(double value) => Value = value;

    public double Value { get; }

    public static Seconds From(double seconds) => new(UnitGuard.NonNegative(seconds, "time in s"));
    public static Seconds FromHours(double hours) => From(hours * 3600);
    public double Hours => Value / 3600;
    public static Seconds operator +(Seconds a, Seconds b) => From(a.Value + b.Value);
    public static Seconds operator *(Seconds a, double k) => From(a.Value * k);
    public static double operator /(Seconds a, Seconds b) => a.Value / b.Value;
    public static bool operator <(Seconds a, Seconds b) => a.Value < b.Value;
    public static bool operator >(Seconds a, Seconds b) => a.Value > b.Value;
    public static bool operator <=(Seconds a, Seconds b) => a.Value <= b.Value;
    public static bool operator >=(Seconds a, Seconds b) => a.Value >= b.Value;
    public int CompareTo(Seconds other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
