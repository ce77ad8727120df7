using System.Text.Json;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Doctor;

/// <summary>docs/json.md keeps in step with the doctor's JSON: every field it writes is named in the doctor's section.</summary>
public class DoctorJsonDocsTests
{
    [Theory]
    [InlineData("reference-rig-differing", true)]
    [InlineData("reference-rig-matching", true)]
    [InlineData("sata-link-resets", false)]
    [InlineData("stopped-fan", false)]
    [InlineData("downgraded-link", false)]
    public void Every_field_of_the_doctors_json_is_documented(string fixture, bool withPlan)
    {
        var folder = Path.Combine(Repo.Root, "tests", "Rigsmith.Tests", "Doctor", "Fixtures", fixture);
        string[] args = withPlan
            ? ["doctor", Repo.Example("4x3090-x299-dark.rig.yaml"), "--from", folder, "--format", "json"]
            : ["doctor", "--from", folder, "--format", "json"];
        var result = CliRunner.Run(args);
        Assert.True(result.ExitCode is 0 or 1, result.Error);

        var docs = File.ReadAllText(Path.Combine(Repo.Root, "docs", "json.md"));
        var section = docs[docs.IndexOf("## `rigsmith doctor --format json`", StringComparison.Ordinal)..];
        var next = section.IndexOf("\n## ", 3, StringComparison.Ordinal);
        section = next < 0 ? section : section[..next];

        using var json = JsonDocument.Parse(result.Out);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        Collect(json.RootElement, names);
        Assert.NotEmpty(names);
        var missing = names.Where(n => !section.Contains(n, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"fields of 'rigsmith doctor --format json' not in docs/json.md: {string.Join(", ", missing)}");
    }

    private static void Collect(JsonElement element, ISet<string> names)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    names.Add(property.Name);
                    Collect(property.Value, names);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    Collect(item, names);
                break;
        }
    }
}
