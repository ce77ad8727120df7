using System.Globalization;

namespace Rigsmith.Units;

/// <summary>Length in millimetres.</summary>
public readonly record struct Millimeters(double Value) : IComparable<Millimeters>
{
    public static bool operator <(Millimeters a, Millimeters b) => a.Value < b.Value;
    public static bool operator >(Millimeters a, Millimeters b) => a.Value > b.Value;
    public static bool operator <=(Millimeters a, Millimeters b) => a.Value <= b.Value;
    public static bool operator >=(Millimeters a, Millimeters b) => a.Value >= b.Value;
    public static Millimeters operator -(Millimeters a, Millimeters b) => new(a.Value - b.Value);
    public int CompareTo(Millimeters other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0.#", CultureInfo.InvariantCulture) + " mm";
}

/// <summary>Thickness of a card, or a distance on the board, in expansion-slot pitches (20.32 mm, PCI CEM).</summary>
public readonly record struct Slots(double Value) : IComparable<Slots>
{
    public static bool operator <(Slots a, Slots b) => a.Value < b.Value;
    public static bool operator >(Slots a, Slots b) => a.Value > b.Value;
    public static bool operator <=(Slots a, Slots b) => a.Value <= b.Value;
    public static bool operator >=(Slots a, Slots b) => a.Value >= b.Value;
    public int CompareTo(Slots other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0.##", CultureInfo.InvariantCulture) + " slots";
}

/// <summary>Temperature in degrees Celsius. No addition: two temperatures do not sum.</summary>
public readonly record struct Celsius(double Value) : IComparable<Celsius>
{
    public static bool operator <(Celsius a, Celsius b) => a.Value < b.Value;
    public static bool operator >(Celsius a, Celsius b) => a.Value > b.Value;
    public static bool operator <=(Celsius a, Celsius b) => a.Value <= b.Value;
    public static bool operator >=(Celsius a, Celsius b) => a.Value >= b.Value;
    public int CompareTo(Celsius other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0.#", CultureInfo.InvariantCulture) + " °C";
}
