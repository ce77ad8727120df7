using Rigsmith.Analysis;
using Rigsmith.Analysis.Physical;
using Rigsmith.Planning.Physical;
using Rigsmith.Tests.Support;
using Rigsmith.Units;
using static Rigsmith.Tests.Analysis.RigVariants;

namespace Rigsmith.Tests.Analysis.Physical;

public class PhysicalAnalysisTests
{
    private static readonly PhysicalAnalysis Physical = new();

    [Fact]
    public void Open_air_cards_two_positions_apart_overlap_their_neighbours()
    {
        var result = Physical.Run(Repo.LoadRig("4x3090-open-air.rig.yaml"));

        var overlaps = result.Findings.Where(f => f.Rule == PhysicalAnalysis.Overlap).ToList();
        Assert.Equal(3, overlaps.Count);
        Assert.All(overlaps, f => Assert.Equal(Severity.Error, f.Severity));
        Assert.Contains(overlaps, f => f.Message.Contains("covers positions 1–3", StringComparison.Ordinal) && f.Message.Contains("PE2", StringComparison.Ordinal));
        Assert.Equal([3, 5, 7, 9], Column(result, "gpus", "last_position").Select(v => (int)v!));
    }

    [Fact]
    public void A_card_reaching_past_the_chassis_openings_is_an_error()
    {
        var result = Physical.Run(Repo.LoadRig("4x3090-open-air.rig.yaml"));

        var overhang = Assert.Single(result.Findings, f => f.Rule == PhysicalAnalysis.Overhang);
        Assert.Equal(Severity.Error, overhang.Severity);
        Assert.Contains("7–9", overhang.Message);
        Assert.Contains(overhang.RestsOn, a => a.Field == "expansion_slots");
    }

    [Fact]
    public void Two_slot_blowers_two_positions_apart_fit_with_only_a_note_for_the_eighth_opening()
    {
        var result = Physical.Run(Repo.LoadRig("4x3090-x299-dark.rig.yaml"));

        Assert.DoesNotContain(result.Findings, f => f.Severity == Severity.Error);
        var note = Assert.Single(result.Findings);
        Assert.Equal(PhysicalAnalysis.Overhang, note.Rule);
        Assert.Equal(Severity.Info, note.Severity);
        Assert.Equal(8, Figure(result, "last_position_used"));
        Assert.Equal([0.0, 0.0, 0.0, null], Column(result, "gpus", "gap_slots"));
    }

    [Fact]
    public void A_card_longer_than_the_chassis_allows_is_an_error()
    {
        var rig = Reference(
            ("chassis: generic-eatx-open-benchtable-4gpu", "chassis: test-short-case"),
            WithCustomParts("""
                  chassis:
                    - id: test-short-case
                      name: Test short case
                      vendor: test
                      kind: tower
                      form_factors: [atx, eatx]
                      expansion_slots: 8
                      max_gpu_length: 250 mm
                      gpu_capacity: 4
                      assumed: {kind: test part, form_factors: test part, expansion_slots: test part, max_gpu_length: test part, gpu_capacity: test part}

                """));

        var tooLong = Physical.Run(rig).Findings.Where(f => f.Rule == PhysicalAnalysis.TooLong).ToList();

        Assert.Equal(4, tooLong.Count);
        Assert.All(tooLong, f => Assert.Contains("250 mm", f.Message));
    }

    [Fact]
    public void A_gpu_on_a_riser_is_not_placed_on_the_board_but_its_plug_still_takes_the_slot()
    {
        var rig = RigVariants.Parse(File.ReadAllText(Repo.Example("4x3090-open-air.rig.yaml"))
            .Replace("    slot: PE2\n", "    slot: PE2\n    riser: generic-pcie3-x16-riser-200mm\n", StringComparison.Ordinal));

        var result = Physical.Run(rig);

        Assert.Equal(1, Figure(result, "gpus_on_risers"));
        Assert.Equal([1, null, 5, 7], Column(result, "gpus", "first_position").Select(v => (int?)v));
        // GPU2 is mounted away from the board, so it covers nothing; GPU1's cooler still covers the riser's plug in PE2.
        Assert.DoesNotContain(result.Findings, f => f.Message.StartsWith("GPU2", StringComparison.Ordinal));
        var plug = Assert.Single(result.Findings, f => f.Rule == PhysicalAnalysis.Overlap && f.Message.StartsWith("GPU1", StringComparison.Ordinal));
        Assert.Contains("plug", plug.Message);
    }

    [Fact]
    public void A_thick_card_over_an_empty_slot_is_noted()
    {
        var text = File.ReadAllText(Repo.Example("4x3090-open-air.rig.yaml"));
        var start = text.IndexOf("  - part: gigabyte-rtx-3090-gaming-oc\n    slot: PE2", StringComparison.Ordinal);
        var end = text.IndexOf("  - part:", start + 1, StringComparison.Ordinal);
        var result = Physical.Run(RigVariants.Parse(text.Remove(start, end - start)));

        var note = Assert.Single(result.Findings, f => f.Rule == PhysicalAnalysis.CoversEmpty);
        Assert.Contains("PE2 (position 3)", note.Message);
        Assert.DoesNotContain(result.Findings, f => f.Rule == PhysicalAnalysis.Overlap && f.Message.StartsWith("GPU1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, 2.0, 2)]
    [InlineData(1, 2.5, 3)]
    [InlineData(7, 2.0, 8)]
    [InlineData(3, 3.0, 5)]
    [InlineData(1, 1.0, 1)]
    public void A_card_covers_ceil_thickness_positions(int position, double thickness, int last) =>
        Assert.Equal(last, SlotGeometry.LastPosition(position, Slots.From(thickness)));
}
