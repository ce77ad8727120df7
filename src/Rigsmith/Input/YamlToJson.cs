using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rigsmith.Input;

/// <summary>
/// A YAML document as JSON, typed the way the YAML core schema types plain scalars (numbers, booleans, null) and as
/// editors' yaml-language-server reads it before checking the JSON Schemas of docs/schema against it.
/// </summary>
public static class YamlToJson
{
    public static JsonNode? Convert(YamlNode node) => node switch
    {
        // A repeated key (the loader reports it) is read once, as YAML tools read it.
        YamlMappingNode map => new JsonObject(map.Children
            .Where(kv => kv.Key is YamlScalarNode)
            .GroupBy(kv => ((YamlScalarNode)kv.Key).Value ?? "")
            .Select(g => KeyValuePair.Create(g.Key, Convert(g.First().Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } s when s.Value is "true" or "false" => JsonValue.Create(s.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } s when s.Value is null or "" or "~" or "null" => null,
        YamlScalarNode { Style: ScalarStyle.Plain } s when long.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        YamlScalarNode { Style: ScalarStyle.Plain } s when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => null,
    };
}
