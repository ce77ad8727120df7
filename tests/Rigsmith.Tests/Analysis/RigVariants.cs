using Rigsmith.Analysis;
using Rigsmith.Rigs;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Analysis;

/// <summary>Builds variants of the reference rig for analysis tests.</summary>
public static class RigVariants
{
    /// <summary>The reference rig with replacements, loaded; fails the test on any input problem.</summary>
    public static RigModel Reference(params (string From, string To)[] replacements) => Parse(Repo.ReferenceYaml(replacements));

    public static RigModel Parse(string yaml)
    {
        var result = Repo.ParseRig(yaml);
        Assert.True(result.Ok, string.Join("\n", result.Problems));
        return result.Value!;
    }

    /// <summary>Inserts a <c>custom_parts</c> block (YAML indented by two spaces) before the workload section.</summary>
    public static (string, string) WithCustomParts(string block) => ("workload:", "custom_parts:\n" + block + "workload:");

    /// <summary>A figure's value as a plain object (counts as int), so tests compare it with literals.</summary>
    public static object? Figure(AnalysisResult result, string key) => result.Figures.Single(f => f.Key == key).Value switch
    {
        FigureValue.Number n => n.Value,
        FigureValue.Integer i => checked((int)i.Value),
        FigureValue.Flag f => f.Value,
        FigureValue.Text t => t.Value,
        _ => null,
    };

    public static IReadOnlyList<object?> Column(AnalysisResult result, string table, string column)
    {
        var t = result.Tables.Single(x => x.Key == table);
        var index = t.Columns.ToList().FindIndex(c => c.Key == column);
        Assert.True(index >= 0, $"table {table} has no column {column}");
        return t.Rows.Select(r => r[index]).ToList();
    }

    /// <summary>
    /// The EVGA X299 DARK's catalog entry as a custom board <c>test-board</c>, edited by <paramref name="edit"/>, and the
    /// reference rig moved onto it. Returns the replacements for <see cref="Reference"/>.
    /// </summary>
    public static (string, string)[] OnCustomBoard(Func<string, string> edit, string extraParts = "")
    {
        var boards = File.ReadAllText(Path.Combine(Repo.CatalogDirectory, "motherboards.yaml"));
        var start = boards.IndexOf("  - id: evga-x299-dark", StringComparison.Ordinal);
        var end = boards.IndexOf("  - id: supermicro-c9x299-rpgf", StringComparison.Ordinal);
        var entry = edit(boards[start..end].Replace("id: evga-x299-dark", "id: test-board", StringComparison.Ordinal));
        var indented = string.Join("\n", entry.TrimEnd().Split('\n').Select(l => "    " + l)) + "\n";
        return [("motherboard: evga-x299-dark", "motherboard: test-board"), WithCustomParts(extraParts + "  motherboard:\n" + indented)];
    }

    /// <summary>A custom NVMe M.2 drive (PCIe 3.0 x4) for tests that fill the chipset's M.2 sockets.</summary>
    public const string NvmeM2Drive = """
          storage:
            - id: test-nvme-m2-gen3
              name: Test NVMe M.2 PCIe 3.0 x4
              vendor: test
              interface: nvme
              form: m2
              pcie: {gen: 3, lanes: 4}
              capacity: 2 TB
              active_power: 6 W
              idle_power: 1 W
              sequential_read: 3.5 GB/s
              assumed:
                interface: test part
                form: test part
                pcie: test part
                capacity: test part
                active_power: test part
                idle_power: test part
                sequential_read: test part

        """;
}
