using System.Globalization;

namespace Rigsmith.Units;

/// <summary>What a quantity in a YAML file is measured in, and the unit suffixes it accepts.</summary>
public sealed record UnitSpec(string Name, string Example, IReadOnlyDictionary<string, double> Suffixes)
{
    public static readonly UnitSpec Power = new("power", "350 W", new Dictionary<string, double> { ["W"] = 1, ["kW"] = 1000 });
    public static readonly UnitSpec Voltage = new("voltage", "12 V", new Dictionary<string, double> { ["V"] = 1, ["mV"] = 0.001 });
    public static readonly UnitSpec Current = new("current", "9 A", new Dictionary<string, double> { ["A"] = 1, ["mA"] = 0.001 });
    public static readonly UnitSpec Resistance = new("resistance", "6 mΩ", new Dictionary<string, double>
    {
        ["Ω"] = 1,
        ["ohm"] = 1,
        ["mΩ"] = 0.001,
        ["mohm"] = 0.001,
    });
    public static readonly UnitSpec Length = new("length", "267 mm", new Dictionary<string, double>
    {
        ["mm"] = 1,
        ["cm"] = 10,
        ["m"] = 1000,
        ["in"] = 25.4,
    });
    public static readonly UnitSpec SlotWidth = new("thickness in expansion slots", "2 slots", new Dictionary<string, double>
    {
        ["slot"] = 1,
        ["slots"] = 1,
    });
    public static readonly UnitSpec Volume = new("volume", "60 L", new Dictionary<string, double> { ["L"] = 1, ["l"] = 1 });
    public static readonly UnitSpec Temperature = new("temperature", "25 °C", new Dictionary<string, double> { ["°C"] = 1, ["C"] = 1 });
    public static readonly UnitSpec DataSize = new("size", "24 GiB", new Dictionary<string, double>
    {
        ["B"] = 1,
        ["MB"] = 1e6,
        ["GB"] = 1e9,
        ["TB"] = 1e12,
        ["MiB"] = 1024.0 * 1024,
        ["GiB"] = 1024.0 * 1024 * 1024,
        ["TiB"] = 1024.0 * 1024 * 1024 * 1024,
    });
    public static readonly UnitSpec Bandwidth = new("bandwidth", "936 GB/s", new Dictionary<string, double>
    {
        ["GB/s"] = 1,
        ["MB/s"] = 0.001,
        ["TB/s"] = 1000,
        ["Gbit/s"] = 0.125,
    });
    public static readonly UnitSpec Throughput = new("throughput", "71 TFLOPS", new Dictionary<string, double> { ["TFLOPS"] = 1 });
    public static readonly UnitSpec TransferRate = new("transfer rate", "3200 MT/s", new Dictionary<string, double> { ["MT/s"] = 1 });
    public static readonly UnitSpec Duration = new("duration", "10 ms", new Dictionary<string, double>
    {
        ["s"] = 1,
        ["ms"] = 0.001,
        ["us"] = 1e-6,
        ["µs"] = 1e-6,
    });
    public static readonly UnitSpec Percent = new("percentage", "90 %", new Dictionary<string, double> { ["%"] = 0.01 });
}

/// <summary>Parses "350 W", "1.2 kW", "24 GiB" into a number in the unit's base unit.</summary>
public static class QuantityParser
{
    /// <summary>Returns the value in base units, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static double? TryParse(string text, UnitSpec unit, out string? error)
    {
        error = null;
        if (!Split(text, out var numberText, out var suffixText))
        {
            error = $"'{text}' is not a {unit.Name}; write a number and a unit, like '{unit.Example}'";
            return null;
        }

        var number = double.Parse(numberText, NumberStyles.Float, CultureInfo.InvariantCulture);
        var suffix = suffixText.ToString();
        if (suffix.Length > 1 && suffix[0] == ',' && char.IsAsciiDigit(suffix[1]))
        {
            error = $"'{text}' uses a decimal comma; write decimals with a point, like '{unit.Example}'";
            return null;
        }

        if (suffix.Length == 0)
        {
            error = $"'{text}' has no unit; write it like '{unit.Example}'";
            return null;
        }

        if (unit.Suffixes.TryGetValue(suffix, out var factor))
            return number * factor;

        var known = unit.Suffixes.Keys.FirstOrDefault(k => string.Equals(k, suffix, StringComparison.OrdinalIgnoreCase));
        if (known is not null && (char.ToLowerInvariant(known[0]) != 'm' || known[0] == suffix[0]))
            return number * unit.Suffixes[known];
        if (known is not null)
        {
            // 'm' is milli and 'M' is mega: a billion apart, so that letter's case is never guessed.
            error = $"'{suffix}' is not '{known}' ({(known[0] == 'm' ? "milli" : "mega")}); write the unit's case as it is, like '{unit.Example}'";
            return null;
        }

        error = $"'{suffix}' is not a unit of {unit.Name}; use one of {string.Join(", ", unit.Suffixes.Keys)} (like '{unit.Example}')";
        return null;
    }

    /// <summary>
    /// Splits "  1.5e3 kW " into its number ("1.5e3": optional sign, digits with an optional point, or a point and
    /// digits, an optional exponent) and the rest, trimmed: the unit. False when it does not start with a number or the
    /// unit runs over a line break. A hand-written scanner rather than a regular expression, which a cold start would
    /// pay for at every quantity of every part.
    /// </summary>
    internal static bool Split(string text, out ReadOnlySpan<char> number, out ReadOnlySpan<char> suffix)
    {
        var span = text.AsSpan().Trim();
        number = suffix = default;
        var i = 0;
        if (i < span.Length && span[i] is '+' or '-')
            i++;
        var digits = Digits(span, ref i);
        if (i < span.Length && span[i] == '.')
        {
            i++;
            digits += Digits(span, ref i);
        }

        if (digits == 0)
            return false;
        if (i < span.Length && span[i] is 'e' or 'E')
        {
            var exponent = i + 1;
            if (exponent < span.Length && span[exponent] is '+' or '-')
                exponent++;
            if (Digits(span, ref exponent) > 0)
                i = exponent;
        }

        number = span[..i];
        suffix = span[i..].TrimStart();
        return !suffix.Contains('\n');
    }

    private static int Digits(ReadOnlySpan<char> span, ref int i)
    {
        var start = i;
        while (i < span.Length && char.IsAsciiDigit(span[i]))
            i++;
        return i - start;
    }
}
