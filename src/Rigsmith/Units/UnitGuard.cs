namespace Rigsmith.Units;

/// <summary>
/// The checks every unit factory makes: a quantity is never NaN or infinite, and one that cannot be negative is not.
/// Input is range-checked where it is read, so a bad value here is a bug: a model that derived it must keep its
/// quantities finite (a division by a zero bandwidth, say), and the guard throws rather than print "NaN W".
/// </summary>
internal static class UnitGuard
{
    public static double Finite(double value, string unit) =>
        double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"{unit} must be a finite number");

    public static double NonNegative(double value, string unit) =>
        Finite(value, unit) >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"{unit} cannot be negative");

    public static double AtLeast(double value, double minimum, string unit) =>
        Finite(value, unit) >= minimum ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"{unit} cannot be below {minimum}");
}
