using Rigsmith.Analysis;
using Rigsmith.Analysis.Electrical;
using Rigsmith.Rigs;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Analysis.Electrical;

/// <summary>Rig variants and helpers shared by the electrical tests.</summary>
internal static class ElectricalTestRigs
{
    public static RigModel Parse(string yaml)
    {
        var result = Repo.ParseRig(yaml);
        Assert.True(result.Ok, string.Join("\n", result.Problems));
        return result.Value!;
    }

    /// <summary>The reference rig with every GPU at <paramref name="limit"/> watts.</summary>
    public static (string From, string To)[] Limits(int limit) =>
        new[] { "PE1", "PE2", "PE3", "PE4" }.Select(slot => ($"    slot: {slot}\n", $"    slot: {slot}\n    power_limit: {limit} W\n")).ToArray();

    public static (string From, string To) Psu(string id) => ("part: jl2000pg-2000w", $"part: {id}");

    public static readonly (string From, string To)[] UsSite15A =
    [
        ("  mains: 220 V          # Hong Kong\n", "  mains: 120 V\n"),
        ("  breaker: 13 A         # BS 1363 fused plug\n  continuous_load: 100 %\n", "  breaker: 15 A\n"),
    ];

    public static AnalysisResult Power(RigModel rig) => new ElectricalAnalysis().Run(rig);

    public static double Figure(AnalysisResult result, string key) => result.Figures.Single(f => f.Key == key).Value switch
    {
        FigureValue.Number n => n.Value,
        FigureValue.Integer i => i.Value,
        var other => throw new InvalidOperationException($"{key} is not a number: {other}"),
    };

    public static IEnumerable<Finding> Of(AnalysisResult result, Rule rule) => result.Findings.Where(f => f.Rule == rule);
}
