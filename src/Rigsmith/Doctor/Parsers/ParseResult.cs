using System.Globalization;
using Rigsmith.Units;

namespace Rigsmith.Doctor.Parsers;

/// <summary>Something a parser could not read: where (1-based line, when it knows) and what.</summary>
public sealed record ParseProblem(int? Line, string Message)
{
    public override string ToString() => Line is { } line ? $"line {line}: {Message}" : Message;
}

/// <summary>What a parser read, and the problems it met on the way. Parsers never throw on odd input.</summary>
public sealed record ParseResult<T>(T Value, IReadOnlyList<ParseProblem> Problems)
{
    public bool Clean => Problems.Count == 0;
}

/// <summary>Reading the numbers tools print: units after the number, placeholders for values a device does not report.</summary>
internal static class Values
{
    /// <summary>
    /// The leading number of <paramref name="text"/> ("320.00 W", "16x", "38 %", "27 C", "0x0000"); null for nvidia-smi's
    /// placeholders ("N/A", "[N/A]", "[Not Supported]", "[Requested functionality has been deprecated]") and anything
    /// else that does not start with a number.
    /// </summary>
    public static double? Number(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var t = text.Trim();
        var end = 0;
        while (end < t.Length && (char.IsAsciiDigit(t[end]) || t[end] is '.' or '-' or '+'))
            end++;
        return end > 0 && double.TryParse(t.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
    }

    public static int? Integer(string? text) => Number(text) is { } n && n == Math.Floor(n) && Math.Abs(n) < int.MaxValue ? (int)n : null;

    public static Watts? Watts(string? text) => Number(text) is { } n && n >= 0 ? Units.Watts.From(n) : null;

    public static Celsius? Celsius(string? text) => Number(text) is { } n && n > -273.15 ? Units.Celsius.From(n) : null;

    public static Percent? Percent(string? text) => Number(text) is { } n && n is >= 0 and <= 100 ? Units.Percent.From(n) : null;

    /// <summary>"2.5GT/s" to 1, "16GT/s" to 4: the PCIe generation of a per-lane rate as lspci prints it.</summary>
    public static int? GenerationOfRate(double gigatransfers) => gigatransfers switch
    {
        <= 2.5 => 1,
        <= 5 => 2,
        <= 8 => 3,
        <= 16 => 4,
        <= 32 => 5,
        <= 64 => 6,
        _ => null,
    };
}
