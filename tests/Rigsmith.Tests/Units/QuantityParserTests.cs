using Rigsmith.Units;

namespace Rigsmith.Tests.Units;

public class QuantityParserTests
{
    [Theory]
    [InlineData("350 W", 350)]
    [InlineData("1.6 kW", 1600)]
    [InlineData("350W", 350)]
    [InlineData("  0.5 w ", 0.5)]
    public void Power_accepts_watts_and_kilowatts(string text, double watts) =>
        Assert.Equal(watts, QuantityParser.TryParse(text, UnitSpec.Power, out _)!.Value, 9);

    [Theory]
    [InlineData("24 GiB", 24 * 1073741824.0)]
    [InlineData("3.84 TB", 3.84e12)]
    public void Sizes_keep_binary_and_decimal_units_apart(string text, double bytes) =>
        Assert.Equal(bytes, QuantityParser.TryParse(text, UnitSpec.DataSize, out _)!.Value, 0);

    [Theory]
    [InlineData("350", "has no unit")]
    [InlineData("350 V", "'V' is not a unit of power")]
    [InlineData("lots", "is not a power")]
    [InlineData("3,5 W", "decimal comma")]
    public void Bad_quantities_say_what_is_wrong(string text, string expected)
    {
        Assert.Null(QuantityParser.TryParse(text, UnitSpec.Power, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Ohms_law_and_power_relations_hold()
    {
        Assert.Equal(1.1, (Amperes.From(22) * Ohms.FromMilliohms(50)).Value, 9);
        Assert.Equal(5.5, (Watts.From(66) / Volts.From(12)).Value, 9);
        Assert.Equal(3412.142, Watts.From(1000).BtuPerHour, 3);
    }
}

public class QuantityCaseTests
{
    [Theory]
    [InlineData("12 MV", "Voltage")]
    [InlineData("10 MA", "Current")]
    [InlineData("6 MΩ", "Resistance")]
    [InlineData("500 mb/s", "Bandwidth")]
    public void Milli_and_mega_are_never_confused(string text, string unit)
    {
        var spec = unit switch
        {
            "Voltage" => UnitSpec.Voltage,
            "Current" => UnitSpec.Current,
            "Resistance" => UnitSpec.Resistance,
            _ => UnitSpec.Bandwidth,
        };

        Assert.Null(QuantityParser.TryParse(text, spec, out var error));
        Assert.Contains("case", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("350 w", 350)]
    [InlineData("24 gib", 24.0 * 1024 * 1024 * 1024)]
    public void Other_suffixes_are_read_in_any_case(string text, double expected)
    {
        var spec = text.EndsWith('w') ? UnitSpec.Power : UnitSpec.DataSize;
        Assert.Equal(expected, QuantityParser.TryParse(text, spec, out _));
    }

    [Fact]
    public void The_scanner_splits_as_the_regular_expression_it_replaced()
    {
        // The grammar the parser had as a regular expression: a number (sign, digits, point, exponent) and the rest,
        // both trimmed. Random strings over the characters that matter must split the same way.
        var reference = new System.Text.RegularExpressions.Regex(@"^\s*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*(.*?)\s*$");
        var alphabet = "0123456789.+-eE Wk\n\tµ,";
        var random = new Random(20261203);
        var cases = new List<string> { "", " ", ".", "5.", ".5", "-.5e-3 kW", "1e", "1e+", "1e+2", "2 e3", "12 W\n", "12 W\nx", "+", "e3 W", "1.2.3 W" };
        for (var n = 0; n < 20000; n++)
            cases.Add(new string(Enumerable.Range(0, random.Next(0, 9)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()));
        foreach (var text in cases)
        {
            var match = reference.Match(text);
            var split = QuantityParser.Split(text, out var number, out var suffix);
            Assert.True(match.Success == split, $"'{text}': regex {match.Success}, scanner {split}");
            if (split)
            {
                Assert.Equal(match.Groups[1].Value, number.ToString());
                Assert.Equal(match.Groups[2].Value, suffix.ToString());
            }
        }
    }
}
