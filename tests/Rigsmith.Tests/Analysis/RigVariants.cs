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

    public static AnalysisResult Run(IAnalysis analysis, RigModel rig) => analysis.Run(rig);

    public static object? Figure(AnalysisResult result, string key) => result.Figures.Single(f => f.Key == key).Value;

    public static IReadOnlyList<object?> Column(AnalysisResult result, string table, string column)
    {
        var t = result.Tables.Single(x => x.Key == table);
        var index = t.Columns.ToList().FindIndex(c => c.Key == column);
        Assert.True(index >= 0, $"table {table} has no column {column}");
        return t.Rows.Select(r => r[index]).ToList();
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
