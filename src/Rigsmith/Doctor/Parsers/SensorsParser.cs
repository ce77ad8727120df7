using System.Globalization;
using System.Text.RegularExpressions;
using Rigsmith.Doctor.Observations;
using Rigsmith.Units;

namespace Rigsmith.Doctor.Parsers;

/// <summary>
/// <c>sensors -j</c> (lm-sensors). Read line by line rather than as JSON: lm-sensors does not escape labels, and read
/// errors printed to stderr land between the lines when both streams are captured together, so a strict JSON parse
/// would lose every chip for one bad line. Each <c>inN_input</c> is a voltage, <c>fanN_input</c> a fan,
/// <c>tempN_input</c> a temperature, labelled with its feature's label (a name from the chip driver or sensors.conf,
/// else the raw <c>in1</c>).
/// </summary>
public static partial class SensorsParser
{
    public static ParseResult<SensorReadings> Parse(string text)
    {
        var problems = new List<ParseProblem>();
        var voltages = new List<VoltageReading>();
        var fans = new List<FanReading>();
        var temperatures = new List<TemperatureReading>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        string? chip = null;
        string? feature = null;
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var depth = 0;
        var sawOpening = false;

        void CloseFeature()
        {
            if (chip is not null && feature is not null)
                AddReadings(chip, feature, values, voltages, fans, temperatures);
            feature = null;
            values.Clear();
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
                continue;
            if (line.StartsWith("ERROR:", StringComparison.Ordinal))
            {
                problems.Add(new ParseProblem(i + 1, $"sensors: {line["ERROR:".Length..].Trim()}"));
                continue;
            }

            if (line == "{")
            {
                sawOpening = true;
                depth = 1;
                continue;
            }

            if (OpenObject().Match(line) is { Success: true } open)
            {
                if (depth <= 1)
                {
                    chip = open.Groups["name"].Value;
                    depth = 2;
                }
                else
                {
                    CloseFeature();
                    feature = open.Groups["name"].Value;
                    depth = 3;
                }

                continue;
            }

            if (line.StartsWith('}'))
            {
                if (depth == 3)
                    CloseFeature();
                depth = Math.Max(0, depth - 1);
                continue;
            }

            if (Member().Match(line) is { Success: true } member)
            {
                if (depth == 3 && double.TryParse(member.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
                    values[member.Groups["name"].Value] = value;
                continue;
            }

            if (line.StartsWith('(') || line.StartsWith('"'))
                continue;
            problems.Add(new ParseProblem(i + 1, $"unexpected line '{(line.Length > 60 ? line[..60] + "…" : line)}'"));
        }

        CloseFeature();
        if (!sawOpening)
            problems.Add(new ParseProblem(1, "no opening '{': not sensors -j output?"));
        if (depth > 0 && sawOpening)
            problems.Add(new ParseProblem(lines.Length, "ends inside an object: truncated?"));
        return new ParseResult<SensorReadings>(new SensorReadings(voltages, fans, temperatures), problems);
    }

    private static void AddReadings(string chip, string label, Dictionary<string, double> values,
        List<VoltageReading> voltages, List<FanReading> fans, List<TemperatureReading> temperatures)
    {
        foreach (var (name, input) in values)
        {
            if (InputName().Match(name) is not { Success: true } m)
                continue;
            var prefix = m.Groups["prefix"].Value;
            double? Sub(string suffix) => values.TryGetValue(prefix + suffix, out var v) ? v : null;
            var alarm = Sub("_alarm") is > 0;
            switch (m.Groups["kind"].Value)
            {
                case "in":
                    voltages.Add(new VoltageReading(chip, label, Volts.From(input), Sub("_min") is { } min ? Volts.From(min) : null, Sub("_max") is { } max ? Volts.From(max) : null, alarm));
                    break;
                case "fan" when input >= 0:
                    fans.Add(new FanReading(chip, label, Rpm.From(input), Sub("_min") is >= 0 and var fanMin ? Rpm.From(fanMin) : null, alarm));
                    break;
                case "temp" when input > -273.15:
                    temperatures.Add(new TemperatureReading(chip, label, Celsius.From(input)));
                    break;
            }
        }
    }

    [GeneratedRegex("^\"(?<name>.*)\"\\s*:\\s*\\{$")]
    private static partial Regex OpenObject();

    [GeneratedRegex("^\"(?<name>[^\"]*)\"\\s*:\\s*(?<value>[-+0-9.eE]+|\"[^\"]*\")\\s*,?$")]
    private static partial Regex Member();

    [GeneratedRegex("^(?<prefix>(?<kind>in|fan|temp)\\d+)_input$")]
    private static partial Regex InputName();
}
