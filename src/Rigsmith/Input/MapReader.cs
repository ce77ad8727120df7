using System.Globalization;
using System.Text;
using Rigsmith.Standards;
using Rigsmith.Units;
using YamlDotNet.RepresentationModel;

namespace Rigsmith.Input;

/// <summary>
/// Reads one YAML mapping strictly: every key read is recorded, and <see cref="Finish"/> reports the keys nobody
/// read as unknown, with the closest known key as a suggestion. Every problem is added to the sink; reading goes on,
/// so one pass finds them all.
/// </summary>
public sealed class MapReader
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly List<string> _missing = [];

    public MapReader(YamlMappingNode node, string path, ProblemSink sink)
    {
        Node = node;
        Path = path;
        Sink = sink;
    }

    public YamlMappingNode Node { get; }
    public string Path { get; }
    public ProblemSink Sink { get; }
    public int Line => (int)Node.Start.Line;

    public string FieldPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key)
    {
        _known.Add(key);
        return TryGet(key, out _);
    }

    // The mapping's plain keys by their text, made at the first lookup: a lookup through the node's own dictionary
    // needs a new key node each time (a part reads some seventy fields). Keys that are not plain scalars (tagged,
    // or not scalars) stay with the node's dictionary, which decides as it always has when the text is not found.
    private Dictionary<string, YamlNode>? _byKey;
    private bool _otherKeys;

    private bool TryGet(string key, out YamlNode value)
    {
        if (_byKey is null)
        {
            _byKey = new Dictionary<string, YamlNode>(Node.Children.Count, StringComparer.Ordinal);
            foreach (var (k, v) in Node.Children)
            {
                if (k is YamlScalarNode { Value: { } text, Tag.IsEmpty: true })
                    _otherKeys |= !_byKey.TryAdd(text, v);
                else
                    _otherKeys = true;
            }
        }

        if (_byKey.TryGetValue(key, out value!))
            return true;
        return _otherKeys && Node.Children.TryGetValue(new YamlScalarNode(key), out value!);
    }

    /// <summary>Marks keys as known without reading them (for keys read by another reader).</summary>
    public void Allow(params string[] keys)
    {
        foreach (var key in keys)
            _known.Add(key);
    }

    public YamlNode? Raw(string key, bool required)
    {
        _known.Add(key);
        if (TryGet(key, out var value) && !IsNull(value))
            return value;
        if (required && !_missing.Contains(key))
            _missing.Add(key);
        return null;
    }

    public string? String(string key, bool required = true)
    {
        var node = Raw(key, required);
        if (node is null)
            return null;
        if (node is YamlScalarNode scalar)
            return scalar.Value;
        Sink.Add(node, FieldPath(key), "must be a single value, not a list or mapping");
        return null;
    }

    public string? Id(string key, bool required = true)
    {
        var value = String(key, required);
        if (value is null)
            return null;
        if (!IsValidId(value))
        {
            Sink.Add(NodeOf(key), FieldPath(key),
                $"'{value}' is not a valid id", "ids use lowercase letters, digits and '-', like 'rtx-3090-blower'");
            return null;
        }

        return value;
    }

    /// <summary>Lower-case letters, digits, '-' and '.', starting with a letter or digit.</summary>
    /// <remarks>A loop over the characters: the catalog index checks every id it reads, and All() over a string takes
    /// an enumerator and two interface calls per character.</remarks>
    public static bool IsValidId(string value)
    {
        if (value.Length == 0 || !char.IsAsciiLetterOrDigit(value[0]))
            return false;
        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.'))
                return false;
        }

        return true;
    }

    public double? Number(string key, bool required = true, double min = double.MinValue, double max = double.MaxValue)
    {
        var text = String(key, required);
        if (text is null)
            return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            Sink.Add(NodeOf(key), FieldPath(key), $"'{text}' is not a number");
            return null;
        }

        return InRange(key, value, min, max, value.ToString(CultureInfo.InvariantCulture));
    }

    public int? Int(string key, bool required = true, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = String(key, required);
        if (text is null)
            return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Sink.Add(NodeOf(key), FieldPath(key), $"'{text}' is not a whole number");
            return null;
        }

        return InRange(key, value, min, max, text) is null ? null : value;
    }

    public bool? Bool(string key, bool required = true)
    {
        var text = String(key, required);
        if (text is null)
            return null;
        // The same words as the workload's settings accept, so one rig file reads one way throughout.
        switch (text.ToLowerInvariant())
        {
            case "true" or "yes" or "on":
                return true;
            case "false" or "no" or "off":
                return false;
            default:
                Sink.Add(NodeOf(key), FieldPath(key), $"'{text}' is not true or false", "write true or false (yes/no and on/off also read)");
                return null;
        }
    }

    /// <summary>A quantity with a unit, range-checked in the unit's base unit (W, V, A, Ω, mm, bytes, GB/s, ...).</summary>
    public double? Quantity(string key, UnitSpec unit, double min, double max, bool required = true)
    {
        var text = String(key, required);
        if (text is null)
            return null;
        // The field's path and node are looked up only for a problem: a part reads dozens of quantities.
        if (QuantityParser.TryParse(text, unit, out _) is { } value && value >= min && value <= max)
            return value;
        return ParseQuantity(NodeOf(key), FieldPath(key), text, unit, min, max);
    }

    public double? ParseQuantity(YamlNode? node, string field, string text, UnitSpec unit, double min, double max)
    {
        var value = QuantityParser.TryParse(text, unit, out var error);
        if (value is null)
        {
            Sink.Add(node, field, error!);
            return null;
        }

        if (value < min || value > max || double.IsNaN(value.Value))
        {
            Sink.Add(node, field, $"{text} is outside the plausible range for a {unit.Name} here",
                $"expected {Describe(min, unit)} to {Describe(max, unit)}");
            return null;
        }

        return value;
    }

    public T? Enum<T>(string key, bool required = true)
        where T : struct, System.Enum
    {
        var text = String(key, required);
        if (text is null)
            return null;
        return EnumNames<T>.Parse(text) ?? ParseEnum<T>(NodeOf(key), FieldPath(key), text, Sink);
    }

    public static T? ParseEnum<T>(YamlNode? node, string field, string text, ProblemSink sink)
        where T : struct, System.Enum
    {
        if (EnumNames<T>.Parse(text) is { } value)
            return value;
        var names = EnumNames<T>.Values.Select(v => EnumName(v)).ToList();
        sink.Add(node, field, $"'{text}' is not one of {string.Join(", ", names)}", Suggestions.DidYouMean(text, names));
        return null;
    }

    /// <summary>The member spelt <paramref name="text"/> (any case), from a table made once per enum; null when none is.</summary>
    public static T? EnumNamed<T>(string text)
        where T : struct, System.Enum => EnumNames<T>.Parse(text);

    /// <summary>Whether <paramref name="value"/> is a declared member of its enum (a table lookup, no reflection).</summary>
    public static bool IsEnumMember<T>(T value)
        where T : struct, System.Enum => EnumNames<T>.IsMember(value);

    /// <summary>Every member of <typeparamref name="T"/>, in the order <c>Enum.GetValues</c> gives them, without reflection.</summary>
    public static IReadOnlyList<T> EnumValues<T>()
        where T : struct, System.Enum => EnumNames<T>.ReadOnlyValues;

    /// <summary>The YAML spelling of an enum member: OpenAir → "open-air", U2ToPcie → "u2-to-pcie", Fp16Mixed → "fp16-mixed".</summary>
    public static string EnumName<T>(T value)
        where T : struct, System.Enum => EnumNames<T>.Of(value);

    /// <summary>
    /// The YAML names the spelling rule cannot give, since no C# name starts with a digit. A table rather than an
    /// attribute on the member: reading attributes is reflection, and it cost a cold `check` about 1 ms.
    /// </summary>
    // Generic, so no value is boxed to ask; the test on T is settled when the code is compiled for each enum.
    private static string? Irregular<T>(T value)
        where T : struct, System.Enum =>
        typeof(T) == typeof(PowerConnector) && (PowerConnector)(object)value == PowerConnector.Hpwr12V ? "12vhpwr" : null;

    /// <remarks>
    /// Arrays searched in order, not dictionaries: an enum has a few dozen members at most, and on a cold start every
    /// table built costs allocations (the generated spellings are string literals, not built at all).
    /// </remarks>
    private static class EnumNames<T>
        where T : struct, System.Enum
    {
        // The members from the generated tables (EnumMembers): the runtime's own list is read from reflection
        // metadata, a third of a millisecond of a cold check for the enums a rig file spells.
        private static readonly (T[] Values, string[] Spellings) Table = Build();

        /// <summary>Every member, in the order Enum.GetValues gives them.</summary>
        public static T[] Values => Table.Values;

        /// <summary>The same, as callers outside may see them: the table itself cannot be changed through it.</summary>
        public static readonly System.Collections.ObjectModel.ReadOnlyCollection<T> ReadOnlyValues = new(Table.Values);

        /// <summary>The first member's spelling of <paramref name="value"/>.</summary>
        public static string Of(T value) =>
            IndexOf(value) is var i and >= 0 ? Table.Spellings[i] : throw new KeyNotFoundException($"{value} is not a member of {typeof(T).Name}");

        public static bool IsMember(T value) => IndexOf(value) >= 0;

        /// <summary>The member spelled <paramref name="text"/> in any case; a value's first member owns the spelling, so
        /// a later alias of the same value is not read.</summary>
        public static T? Parse(string text)
        {
            var (values, spellings) = Table;
            for (var i = 0; i < spellings.Length; i++)
            {
                if (string.Equals(spellings[i], text, StringComparison.OrdinalIgnoreCase) && IndexOf(values[i]) == i)
                    return values[i];
            }

            return null;
        }

        private static int IndexOf(T value) => Array.IndexOf(Table.Values, value);

        private static (T[] Values, string[] Spellings) Build()
        {
            T[] values;
            string[] spellings;
            if (EnumMembers.Of<T>() is { } generated)
            {
                (values, spellings) = (generated.Values, generated.Spellings);
            }
            else
            {
                values = System.Enum.GetValues<T>();
                spellings = Array.ConvertAll(System.Enum.GetNames<T>(), EnumSpelling.Of);
            }

            for (var i = 0; i < values.Length; i++)
            {
                if (Irregular(values[i]) is { } irregular)
                    spellings[i] = irregular;
            }

            return (values, spellings);
        }
    }

    public MapReader? Map(string key, bool required = true)
    {
        var node = Raw(key, required);
        if (node is null)
            return null;
        if (node is YamlMappingNode map)
            return new MapReader(map, FieldPath(key), Sink);
        Sink.Add(node, FieldPath(key), "must be a mapping of keys to values");
        return null;
    }

    /// <summary>A list of mappings; each item is named "key[i]" in messages.</summary>
    public IReadOnlyList<MapReader> MapList(string key, bool required = true)
    {
        var node = Raw(key, required);
        if (node is null)
            return [];
        if (node is not YamlSequenceNode sequence)
        {
            Sink.Add(node, FieldPath(key), "must be a list");
            return [];
        }

        var items = new List<MapReader>();
        var index = 0;
        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode map)
                items.Add(new MapReader(map, $"{FieldPath(key)}[{index}]", Sink));
            else
                Sink.Add(item, $"{FieldPath(key)}[{index}]", "must be a mapping of keys to values");
            index++;
        }

        return items;
    }

    public IReadOnlyList<string> StringList(string key, bool required = true)
    {
        var node = Raw(key, required);
        if (node is null)
            return [];
        if (node is YamlScalarNode { Value: not null } single)
            return [single.Value];
        if (node is not YamlSequenceNode sequence)
        {
            Sink.Add(node, FieldPath(key), "must be a list of values");
            return [];
        }

        var items = new List<string>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: not null } scalar)
                items.Add(scalar.Value);
            else
                Sink.Add(item, FieldPath(key), "each item must be a single value");
        }

        return items;
    }

    /// <summary>Key/value pairs of a mapping whose keys are data (for example lane count → width).</summary>
    public IReadOnlyList<(string Key, YamlNode KeyNode, string Value, YamlNode ValueNode)> ScalarPairs(string key, bool required = true)
    {
        var node = Raw(key, required);
        if (node is null)
            return [];
        if (node is not YamlMappingNode map)
        {
            Sink.Add(node, FieldPath(key), "must be a mapping");
            return [];
        }

        var pairs = new List<(string, YamlNode, string, YamlNode)>();
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: not null } ks && v is YamlScalarNode { Value: not null } vs)
                pairs.Add((ks.Value, k, vs.Value, v));
            else
                Sink.Add(k, FieldPath(key), "each entry must map a single value to a single value");
        }

        return pairs;
    }

    public YamlNode? NodeOf(string key) => TryGet(key, out var value) ? value : Node;

    public bool IsKnown(string key) => _known.Contains(key);

    /// <summary>Keys present in the mapping, in file order.</summary>
    public IEnumerable<string> PresentKeys
    {
        get
        {
            // A list, not OfType(...).Select(...): that chain costs a generic virtual method lookup on a cold start.
            var keys = new List<string>(Node.Children.Count);
            foreach (var key in Node.Children.Keys)
            {
                if (key is YamlScalarNode scalar)
                    keys.Add(scalar.Value ?? "");
            }

            return keys;
        }
    }

    /// <summary>
    /// Reports keys that no reader asked for, and required keys that are missing. A misspelt key is reported once, as
    /// unknown with the suggestion, not a second time as a missing key. Call after reading everything.
    /// </summary>
    public void Finish()
    {
        var explained = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, _) in Node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (_known.Contains(key))
                continue;
            var suggestion = Suggestions.Closest(key, _known);
            if (suggestion is not null && _missing.Contains(suggestion))
                explained.Add(suggestion);
            Sink.Add(keyNode, FieldPath(key), "unknown key", suggestion is null ? null : $"did you mean '{suggestion}'?");
        }

        foreach (var key in _missing.Where(k => !explained.Contains(k)))
            Sink.Add(Node, FieldPath(key), "is required but missing");
        _missing.Clear();
    }

    private double? InRange(string key, double value, double min, double max, string text)
    {
        if (value >= min && value <= max)
            return value;
        Sink.Add(NodeOf(key), FieldPath(key), $"{text} is outside the plausible range",
            $"expected {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        return null;
    }

    private static string Describe(double value, UnitSpec unit)
    {
        // Express the bound in the unit of the example ("350 W" → W) so the hint reads naturally.
        var exampleSuffix = unit.Example.Split(' ', 2) is [_, var s] ? s : "";
        var factor = unit.Suffixes.TryGetValue(exampleSuffix, out var f) ? f : 1;
        return (value / factor).ToString("0.###", CultureInfo.InvariantCulture) + " " + exampleSuffix;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Value: null or "" or "~" or "null", Style: not YamlDotNet.Core.ScalarStyle.DoubleQuoted and not YamlDotNet.Core.ScalarStyle.SingleQuoted };
}
