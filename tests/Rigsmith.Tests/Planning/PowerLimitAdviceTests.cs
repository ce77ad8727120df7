using Rigsmith.Planning.Electrical;
using Rigsmith.Rigs;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Planning;

/// <summary>
/// The power-limit advice finds each limit's highest cap by bisection, which is exact only because every limit, once
/// met at a cap, is met at every lower cap. Both are checked on every example rig and on the six-P40 frame with one to
/// seven cards (more cards: more limits met only low down, or never).
/// </summary>
public sealed class PowerLimitAdviceTests
{
    public static TheoryData<string, int> Rigs()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "examples"), "*.rig.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file), 0);
        for (var gpus = 1; gpus <= 7; gpus++)
            data.Add("6xp40-mining-frame.rig.yaml", gpus);
        return data;
    }

    private static RigModel Load(string example, int gpus)
    {
        if (gpus == 0)
            return Repo.LoadRig(example);
        var text = File.ReadAllText(Repo.Example(example));
        var lines = text.Split('\n').ToList();
        var start = lines.FindIndex(l => l.StartsWith("gpus:", StringComparison.Ordinal));
        var end = lines.FindIndex(start + 1, l => l.Length > 0 && !char.IsWhiteSpace(l[0]));
        lines.RemoveRange(start + 1, end - start - 1);
        lines.InsertRange(start + 1, Enumerable.Range(1, gpus).SelectMany(i => new[]
        {
            "  - part: nvidia-tesla-p40", $"    slot: PCIE{i}", "    riser: generic-pcie3-x16-riser-200mm",
        }));
        var result = Repo.ParseRig(string.Join('\n', lines));
        Assert.True(result.Ok, string.Join("\n", result.Problems));
        return result.Value!;
    }

    [Theory]
    [MemberData(nameof(Rigs))]
    public void Every_limit_met_at_a_cap_is_met_at_every_lower_cap(string example, int gpus)
    {
        var rig = Load(example, gpus);
        var states = PowerLimitAdvice.Caps(rig).Select(c => (Cap: c, State: ElectricalModel.EvaluateCapped(rig, c))).ToList();
        for (var i = 0; i < PowerLimitAdvice.Checks.Length; i++)
        {
            var met = false;
            foreach (var (cap, state) in states)
            {
                var now = PowerLimitAdvice.Checks[i](state);
                Assert.False(met && !now, $"{example} ({gpus} GPUs): limit {i} is met above {cap.Value} W but not at it");
                met |= now;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Rigs))]
    public void The_bisection_finds_what_a_scan_of_every_cap_finds(string example, int gpus)
    {
        var rig = Load(example, gpus);
        var caps = PowerLimitAdvice.Caps(rig).ToList();
        var states = caps.Select(c => ElectricalModel.EvaluateCapped(rig, c)).ToList();
        var scanned = PowerLimitAdvice.Checks.Select(check => states.FindIndex(s => check(s)) is var i and >= 0 ? caps[i] : (Rigsmith.Units.Watts?)null).ToList();
        var advice = PowerLimitAdvice.Compute(rig);

        Assert.Equal(scanned, [advice.Psu, advice.Transient, advice.SlotVoltage, advice.SlotPins, advice.Circuit, advice.All, advice.Atx24]);
    }

    [Fact]
    public void The_cases_include_limits_met_only_part_way_down_and_limits_never_met()
    {
        // Else the two tests above would not exercise the bisection at all.
        var answers = Rigs().Select(row => ((string)row[0], (int)row[1]))
            .Select(r => (Rig: Load(r.Item1, r.Item2), Advice: PowerLimitAdvice.Compute(Load(r.Item1, r.Item2))))
            .SelectMany(r => new[] { r.Advice.Psu, r.Advice.Transient, r.Advice.SlotVoltage, r.Advice.SlotPins, r.Advice.Circuit, r.Advice.All, r.Advice.Atx24 }
                .Select(a => (Caps: PowerLimitAdvice.Caps(r.Rig).ToList(), Answer: a)))
            .ToList();
        Assert.Contains(answers, a => a.Answer is { } w && w != a.Caps[0] && w != a.Caps[^1]);
        Assert.Contains(answers, a => a.Answer is null);
    }
}
