using System.Globalization;

namespace Rigsmith.Units;

/// <summary>A share of a whole in percent (a fan's duty, a GPU's utilisation): 0 to 100.</summary>
public readonly record struct Percent : IComparable<Percent>
{
    private Percent(double value) => Value = value;

    public double Value { get; }

    public static Percent From(double percent) =>
        new(UnitGuard.NonNegative(percent, "percentage") <= 100 ? percent : throw new ArgumentOutOfRangeException(nameof(percent), percent, "percentage cannot be above 100"));

    public static bool operator <(Percent a, Percent b) => a.Value < b.Value;
    public static bool operator >(Percent a, Percent b) => a.Value > b.Value;
    public static bool operator <=(Percent a, Percent b) => a.Value <= b.Value;
    public static bool operator >=(Percent a, Percent b) => a.Value >= b.Value;
    public int CompareTo(Percent other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0.#", CultureInfo.InvariantCulture) + " %";
}

/// <summary>A rotational speed in revolutions per minute (a fan's tachometer); never negative.</summary>
public readonly record struct Rpm : IComparable<Rpm>
{
    private Rpm(double value) => Value = value;

    public double Value { get; }

    public static Rpm From(double rpm) => new(UnitGuard.NonNegative(rpm, "speed in RPM"));

    public static bool operator <(Rpm a, Rpm b) => a.Value < b.Value;
    public static bool operator >(Rpm a, Rpm b) => a.Value > b.Value;
    public int CompareTo(Rpm other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("0", CultureInfo.InvariantCulture) + " RPM";
}
