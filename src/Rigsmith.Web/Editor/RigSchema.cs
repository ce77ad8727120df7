using System.Globalization;
using Json.Schema;
using Rigsmith.Input;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rigsmith.Web.Editor;

/// <summary>One place where the rig file breaks the JSON Schema: the line, the path in the file, and what is wrong.</summary>
public sealed record SchemaViolation(int Line, string Path, string Message);

/// <summary>
/// The editor's rig file checked against docs/schema/rig.schema.json, the schema editors validate with
/// (yaml-language-server), shipped beside the server. The loader remains the full judge (it knows the catalog); the
/// schema check shows the user the same verdict their editor's would give, with the line of each violation.
/// </summary>
public static class RigSchema
{
    private static readonly Lazy<JsonSchema?> Schema = new(() =>
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var rig = Path.Combine(directory, "rig.schema.json");
        var catalog = Path.Combine(directory, "catalog.schema.json");
        if (!File.Exists(rig) || !File.Exists(catalog))
            return null;
        // The rig schema's custom_parts refer to the catalog schema's part definitions, which is registered by its $id.
        SchemaRegistry.Global.Register(JsonSchema.FromFile(catalog));
        return JsonSchema.FromFile(rig);
    });

    /// <summary>Whether the schema files are beside the server (they are in every build and publish).</summary>
    public static bool Available => Schema.Value is not null;

    /// <summary>The violations of <paramref name="yaml"/>; empty when it conforms (or is not YAML at all: the loader says why).</summary>
    public static IReadOnlyList<SchemaViolation> Check(string yaml)
    {
        if (Schema.Value is not { } schema)
            return [];
        YamlNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0)
                return [];
            root = stream.Documents[0].RootNode;
        }
        catch (YamlException)
        {
            return [];
        }

        var results = schema.Evaluate(YamlToJson.Convert(root), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
            return [];
        return Flatten(results)
            .Where(r => r.Errors is { Count: > 0 })
            .SelectMany(r => r.Errors!.Select(e => (Pointer: r.InstanceLocation.ToString(), e.Value)))
            .Distinct()
            .Select(e => new SchemaViolation(LineOf(root, e.Pointer), e.Pointer.Length == 0 ? "(the file)" : e.Pointer.TrimStart('/').Replace('/', '.'), e.Value))
            .OrderBy(v => v.Line)
            .ToList();
    }

    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults r) => r.Details.Count == 0 ? [r] : r.Details.SelectMany(Flatten).Prepend(r);

    /// <summary>The line of the YAML node a JSON pointer names (the deepest one that exists: a missing key's mapping).</summary>
    private static int LineOf(YamlNode root, string pointer)
    {
        var node = root;
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var part = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            YamlNode? next = node switch
            {
                YamlMappingNode map => map.Children.Where(kv => kv.Key is YamlScalarNode { Value: var k } && k == part).Select(kv => kv.Value).FirstOrDefault(),
                YamlSequenceNode seq when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < seq.Children.Count => seq.Children[i],
                _ => null,
            };
            if (next is null)
                break;
            node = next;
        }

        return (int)node.Start.Line;
    }
}
