using System.Text.RegularExpressions;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Publishing;

/// <summary>Exports that lose nothing: every list says how many of a part a row stands for, and import reads it back.</summary>
public partial class PartListQuantityTests
{
    private static readonly string Reference = Repo.Example("4x3090-x299-dark.rig.yaml");

    [Theory]
    [InlineData("pcpartpicker")]
    [InlineData("reddit")]
    [InlineData("bbcode")]
    [InlineData("text")]
    public void The_memory_rows_add_up_to_the_installed_memory(string format)
    {
        var rig = Repo.LoadRig("4x3090-x299-dark.rig.yaml");
        var installed = rig.Memory.Sum(m => m.Count * m.Module.Capacity.Gibibytes);
        var list = CliRunner.Run("export", Reference, "--to", format).Out;

        var listed = 0.0;
        foreach (var m in rig.Memory.DistinctBy(m => m.Module.Id))
        {
            foreach (Match row in Regex.Matches(list, $@"(?:(\d+) x )?{Regex.Escape(m.Module.Name)}"))
                listed += (row.Groups[1].Success ? int.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 1) * m.Module.Capacity.Gibibytes;
        }

        Assert.Equal(installed, listed);
    }

    [Theory]
    [InlineData("pcpartpicker")]
    [InlineData("text")]
    public void An_exported_list_imports_back_to_the_same_memory_counts(string format)
    {
        var rig = Repo.LoadRig("4x3090-x299-dark.rig.yaml");
        var list = CliRunner.Run("export", Reference, "--to", format).Out;

        var imported = CliRunner.RunWithInput(list, "import", "-").Out;

        foreach (var m in rig.Memory)
            Assert.Matches($@"- part: {Regex.Escape(m.Module.Id)}[^\n]*\n\s+count: {m.Count}\b", imported);
    }

    [Theory]
    [InlineData("> ")]
    [InlineData("# ")]
    [InlineData("// ")]
    [InlineData("- ")]
    public void A_list_pasted_with_a_common_line_prefix_imports_the_same_parts(string prefix)
    {
        var list = CliRunner.Run("export", Reference, "--to", "text").Out;
        var plain = CliRunner.RunWithInput(list, "import", "-");
        var prefixed = CliRunner.RunWithInput(string.Join('\n', list.Split('\n').Select(l => prefix + l)), "import", "-");

        Assert.Equal(0, prefixed.ExitCode);
        Assert.Equal(PartIds(plain.Out), PartIds(prefixed.Out));
        Assert.NotEmpty(PartIds(plain.Out));
    }

    [Fact]
    public void A_kit_row_costs_its_modules_times_the_module_price_and_the_total_is_the_sum_of_the_rows()
    {
        using var json = System.Text.Json.JsonDocument.Parse(CliRunner.Run("export", Reference, "--to", "json").Out);
        var priced = json.RootElement.GetProperty("parts").EnumerateArray()
            .Where(r => r.GetProperty("price").ValueKind == System.Text.Json.JsonValueKind.Object).ToList();

        // The reference rig's Kingston pair is one row for a kit of two modules, priced per module in the catalog.
        var kit = Assert.Single(priced, r => r.GetProperty("modules").GetInt32() > 1);
        Assert.Equal(2 * kit.GetProperty("price").GetProperty("amount").GetDecimal(), kit.GetProperty("cost").GetDecimal());
        var total = Assert.Single(json.RootElement.GetProperty("totals").EnumerateArray());
        Assert.Equal(priced.Sum(r => r.GetProperty("cost").GetDecimal()), total.GetProperty("amount").GetDecimal());
    }

    private static List<string> PartIds(string rigYaml) => PartLine().Matches(rigYaml).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex(@"(?:part|cpu|motherboard|chassis): ([a-z0-9.-]+)")]
    private static partial Regex PartLine();
}
