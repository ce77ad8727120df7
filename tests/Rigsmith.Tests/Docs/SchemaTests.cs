using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Rigsmith.Input;
using Rigsmith.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rigsmith.Tests.Docs;

/// <summary>
/// The JSON Schemas in docs/schema are what editors validate against; these tests keep them in step with the
/// loader by validating every shipped catalog file and example against them, and by checking they reject a typo.
/// </summary>
public class SchemaTests
{
    private static readonly Lazy<(JsonSchema Catalog, JsonSchema Rig)> Schemas = new(() =>
    {
        var catalog = JsonSchema.FromFile(Repo.Docs(Path.Combine("schema", "catalog.schema.json")));
        SchemaRegistry.Global.Register(catalog);
        var rig = JsonSchema.FromFile(Repo.Docs(Path.Combine("schema", "rig.schema.json")));
        return (catalog, rig);
    });

    public static TheoryData<string> CatalogFiles() => new(Directory.GetFiles(Repo.CatalogDirectory, "*.yaml", SearchOption.AllDirectories).Select(Path.GetFileName)!);

    public static TheoryData<string> ExampleFiles() => new(Directory.GetFiles(Path.Combine(Repo.Root, "examples"), "*.rig.yaml").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(CatalogFiles))]
    public void Catalog_file_matches_the_schema(string file) =>
        AssertValid(Schemas.Value.Catalog, File.ReadAllText(Path.Combine(Repo.CatalogDirectory, file)));

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_rig_matches_the_schema(string file) =>
        AssertValid(Schemas.Value.Rig, File.ReadAllText(Repo.Example(file)));

    [Fact]
    public void Schema_rejects_an_unknown_key_and_a_unitless_power()
    {
        var typo = Repo.ReferenceYaml(("    slot: PE2", "    slott: PE2"));
        Assert.False(Evaluate(Schemas.Value.Rig, typo).IsValid);
        var unitless = Repo.ReferenceYaml(("    slot: PE1\n", "    slot: PE1\n    power_limit: 300\n"));
        Assert.False(Evaluate(Schemas.Value.Rig, unitless).IsValid);
    }

    private static void AssertValid(JsonSchema schema, string yaml)
    {
        var result = Evaluate(schema, yaml);
        var errors = Flatten(result).SelectMany(r => (r.Errors ?? new Dictionary<string, string>()).Select(e => $"{r.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, string.Join("\n", errors));
    }

    private static EvaluationResults Evaluate(JsonSchema schema, string yaml) =>
        schema.Evaluate(ToJson(yaml), new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults r) => r.Details.Count == 0 ? [r] : r.Details.SelectMany(Flatten).Prepend(r);

    private static JsonNode? ToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return YamlToJson.Convert(stream.Documents[0].RootNode);
    }
}
