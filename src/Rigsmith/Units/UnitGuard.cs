namespace Rigsmith.Units;

/// <summary>
/// The checks every unit factory makes: a quantity is never NaN or infinite, and one that cannot be negative is not.
/// A bad value is a programming error (input is validated where it is read), so it throws.
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
