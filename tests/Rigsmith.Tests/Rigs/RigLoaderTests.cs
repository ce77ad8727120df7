using Rigsmith.Input;
using Rigsmith.Rigs;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Rigs;

/// <summary>Reading rig files: what the reference example resolves to, the defaults, and every mistake reported in one pass.</summary>
public class RigLoaderTests
{
    private const string Reference = "4x3090-x299-dark.rig.yaml";

    /// <summary>A custom chassis block, inserted before <c>psus:</c>, with the given id.</summary>
    private static (string, string) CustomChassis(string id) => ("psus:", $$"""
        custom_parts:
          chassis:
            - id: {{id}}
              name: A test bench
              vendor: test
              assumed: {kind: test, form_factors: test, expansion_slots: test, max_gpu_length: test, gpu_capacity: test}
              kind: benchtable
              form_factors: [atx, eatx]
              expansion_slots: 8
              max_gpu_length: 330 mm
              gpu_capacity: 4
        psus:
        """);

    private static RigModel Load(string yaml)
    {
        var result = Repo.ParseRig(yaml);
        Assert.True(result.Ok, string.Join("\n", result.Problems));
        return result.Value!;
    }

    private static IReadOnlyList<InputProblem> Problems(string yaml)
    {
        var result = Repo.ParseRig(yaml);
        Assert.False(result.Ok, "the rig loaded without problems");
        Assert.Null(result.Value);
        Assert.NotEmpty(result.Problems);
        return result.Problems;
    }

    /// <summary>The 1-based line of the <paramref name="occurrence"/>-th line containing <paramref name="text"/>.</summary>
    private static int LineOf(string yaml, string text, int occurrence = 1) =>
        yaml.Split('\n').Select((l, i) => (l, i)).Where(x => x.l.Contains(text, StringComparison.Ordinal)).Skip(occurrence - 1).First().i + 1;

    // ---- the reference example ----

    [Fact]
    public void Reference_rig_resolves_the_parts_its_file_names()
    {
        var rig = Repo.LoadRig(Reference);

        Assert.Equal("Small 4x RTX 3090 AI training rig", rig.Name);
        Assert.EndsWith(Reference, rig.File, StringComparison.Ordinal);
        Assert.Equal("i9-7960x", rig.Cpu.Id);
        Assert.Equal(1, rig.CpuCount);
        Assert.Equal("evga-x299-dark", rig.Board.Id);
        Assert.Equal("generic-eatx-open-benchtable-4gpu", rig.Chassis?.Id);
        Assert.Equal(
            [("kingston-fury-beast-rgb-ddr4-3200-32gb", 2), ("heoriady-ddr4-3200-32gb-1r", 2)],
            rig.Memory.Select(m => (m.Module.Id, m.Count)));
        Assert.Equal("A pair from the builder's other PC.", rig.Memory[0].Note);
        Assert.Equal([("jl2000pg-2000w", 1)], rig.Psus.Select(p => (p.Psu.Id, p.Count)));
        Assert.Empty(rig.NvlinkBridges);
    }

    [Fact]
    public void Reference_rig_puts_each_gpu_in_its_slot_in_file_order()
    {
        var rig = Repo.LoadRig(Reference);

        Assert.Equal(
            [
                (1, "zotac-rtx-3090-blower", "PE1"),
                (2, "colorful-rtx-3090-blower", "PE2"),
                (3, "manli-rtx-3090-blower", "PE3"),
                (4, "gigabyte-rtx-3090-turbo", "PE4"),
            ],
            rig.Gpus.Select(g => (g.Index, g.Gpu.Id, g.Slot.Id)));
        Assert.All(rig.Gpus, g =>
        {
            Assert.Null(g.Riser);
            Assert.False(g.DrivesDisplay);
            Assert.Equal(g.Gpu.BoardPower.Value, g.PowerLimit.Value); // no power_limit: the card's board power
        });
        Assert.Equal("GPU3 (manli-rtx-3090-blower in PE3)", rig.Gpus[2].Label);
        Assert.Null(rig.Gpus[2].Note);
        Assert.StartsWith("Bought as \"looks good", rig.Gpus[0].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_rig_attaches_its_drives_to_the_port_and_sata()
    {
        var rig = Repo.LoadRig(Reference);

        Assert.Equal(["intel-p4510-4tb", "samsung-pm863a-1.92tb", "plextor-m6-pro-128gb"], rig.Storage.Select(s => s.Drive.Id));
        Assert.Equal([1, 2, 3], rig.Storage.Select(s => s.Index));
        var u2 = Assert.IsType<DriveAttachment.Port>(rig.Storage[0].Attachment);
        Assert.Equal("U2", u2.BoardPort.Id);
        Assert.IsType<DriveAttachment.SataPort>(rig.Storage[1].Attachment);
        Assert.IsType<DriveAttachment.SataPort>(rig.Storage[2].Attachment);
    }

    [Fact]
    public void Reference_rig_keeps_its_site_and_workload_as_written()
    {
        var rig = Repo.LoadRig(Reference);

        Assert.Equal(220, rig.Site.Mains.Value);
        Assert.Equal(13, rig.Site.Breaker.Value);
        Assert.Equal(1.0, rig.Site.ContinuousLoadFraction, 9);
        Assert.False(rig.Site.ContinuousLoadAssumed);
        Assert.Equal(28, rig.Site.Ambient.Value);
        Assert.False(rig.Site.AmbientAssumed);

        var workload = Assert.IsType<Workload>(rig.Workload);
        var text = File.ReadAllText(Repo.Example(Reference));
        // The section's line: where "workload:" or its first setting is written.
        Assert.InRange(workload.Line, LineOf(text, "workload:"), LineOf(text, "  model: sdxl"));
        Assert.Equal(
            ["model", "method", "train_text_encoder", "optimizer", "precision", "gradient_checkpointing", "attention", "cache_latents", "batch", "resolution", "parallel", "gpus"],
            workload.Settings.Select(s => s.Key));
        var model = workload.Settings[0];
        Assert.Equal("sdxl", model.Value);
        Assert.Equal(LineOf(text, "  model: sdxl"), model.Line);
        Assert.Equal("  model: ".Length + 1, model.Column);
        Assert.Equal("true", workload.Settings.Single(s => s.Key == "train_text_encoder").Value);
    }

    [Fact]
    public void Load_and_parse_of_the_same_text_agree()
    {
        var loaded = Repo.LoadRig(Reference);
        var parsed = Load(Repo.ReferenceYaml());

        Assert.Equal(loaded.AllParts.Select(p => p.Id), parsed.AllParts.Select(p => p.Id));
        Assert.Equal(loaded.Gpus.Select(g => g.Slot.Id), parsed.Gpus.Select(g => g.Slot.Id));
        Assert.Equal("test.rig.yaml", parsed.File);
    }

    // ---- defaults ----

    [Fact]
    public void Continuous_load_and_ambient_default_to_80_percent_and_25_degrees_and_say_so()
    {
        var rig = Load(Repo.ReferenceYaml(("  continuous_load: 100 %\n", ""), ("  ambient: 28 °C\n", "")));

        Assert.Equal(0.8, rig.Site.ContinuousLoadFraction, 9);
        Assert.True(rig.Site.ContinuousLoadAssumed);
        Assert.Equal(25, rig.Site.Ambient.Value, 9);
        Assert.True(rig.Site.AmbientAssumed);
        Assert.Equal(RigLoader.DefaultContinuousLoadFraction, rig.Site.ContinuousLoadFraction);
        Assert.Equal(RigLoader.DefaultAmbientCelsius, rig.Site.Ambient.Value);
        Assert.Equal(1, rig.Site.Circuits);
    }

    [Fact]
    public void Circuits_outside_one_to_four_are_reported()
    {
        var yaml = Repo.ReferenceYaml(("  ambient: 28 °C\n", "  ambient: 28 °C\n  circuits: 5\n"));

        var problem = Assert.Single(Problems(yaml));
        Assert.Equal("site.circuits", problem.Field);
        Assert.Equal(LineOf(yaml, "circuits: 5"), problem.Line);
        Assert.Equal(2, Load(Repo.ReferenceYaml(("  ambient: 28 °C\n", "  ambient: 28 °C\n  circuits: 2\n"))).Site.Circuits);
    }

    [Theory]
    [InlineData("90 %", "31 °C", 0.9, 31)]
    [InlineData("80 %", "25 °C", 0.8, 25)] // the default values, written out: not assumed
    [InlineData("10 %", "-20 °C", 0.1, -20)]
    [InlineData("100 %", "60 C", 1.0, 60)]
    public void Given_continuous_load_and_ambient_are_used_and_not_marked_assumed(string load, string ambient, double fraction, double celsius)
    {
        var rig = Load(Repo.ReferenceYaml(("continuous_load: 100 %", $"continuous_load: {load}"), ("ambient: 28 °C", $"ambient: {ambient}")));

        Assert.Equal(fraction, rig.Site.ContinuousLoadFraction, 9);
        Assert.False(rig.Site.ContinuousLoadAssumed);
        Assert.Equal(celsius, rig.Site.Ambient.Value, 9);
        Assert.False(rig.Site.AmbientAssumed);
    }

    [Fact]
    public void Only_the_missing_one_of_the_two_site_defaults_is_assumed()
    {
        var rig = Load(Repo.ReferenceYaml(("  ambient: 28 °C\n", "")));

        Assert.False(rig.Site.ContinuousLoadAssumed);
        Assert.Equal(1.0, rig.Site.ContinuousLoadFraction, 9);
        Assert.True(rig.Site.AmbientAssumed);
    }

    [Fact]
    public void Given_power_limit_display_riser_counts_and_bridges_are_used()
    {
        var rig = Load(Repo.ReferenceYaml(
            ("cpu: i9-7960x\n", "cpu: i9-7960x\ncpu_count: 1\n"),
            ("    slot: PE1\n", "    slot: PE1\n    power_limit: 280 W\n    display: true\n"),
            ("  - part: jl2000pg-2000w\n", "  - part: jl2000pg-2000w\n    count: 2\n"),
            ("storage:", "nvlink_bridges: [[2, 1], [3, 4]]\nstorage:")));

        Assert.Equal(280, rig.Gpus[0].PowerLimit.Value);
        Assert.True(rig.Gpus[0].DrivesDisplay);
        Assert.False(rig.Gpus[1].DrivesDisplay);
        Assert.Equal(rig.Gpus[1].Gpu.BoardPower.Value, rig.Gpus[1].PowerLimit.Value);
        Assert.Equal(2, rig.Psus[0].Count);
        Assert.Equal([new NvlinkBridge(1, 2), new NvlinkBridge(3, 4)], rig.NvlinkBridges);
    }

    [Fact]
    public void Rig_without_optional_sections_loads()
    {
        var rig = Load("""
            name: minimal
            site: {mains: 230 V, breaker: 16 A}
            cpu: i9-7960x
            motherboard: evga-x299-dark
            memory: [{part: kingston-fury-beast-rgb-ddr4-3200-32gb}]
            psus: [{part: jl2000pg-2000w}]
            """);

        Assert.Null(rig.Chassis);
        Assert.Empty(rig.Gpus);
        Assert.Empty(rig.Storage);
        Assert.Null(rig.Workload);
        Assert.Empty(rig.PartNotes);
        Assert.Equal(1, Assert.Single(rig.Memory).Count);
        Assert.True(rig.Site.ContinuousLoadAssumed);
    }

    // ---- every problem in one pass ----

    [Fact]
    public void Several_mistakes_give_one_problem_each_with_its_line_and_field()
    {
        var yaml = Repo.ReferenceYaml(
            ("  mains: 220 V", "  mains: 2200 V"),
            ("  ambient: 28 °C", "  ambiant: 28 °C"),
            ("cpu: i9-7960x", "cpu: i9-7960k"),
            ("  - part: heoriady-ddr4-3200-32gb-1r\n    count: 2", "  - part: heoriady-ddr4-3200-32gb-1r\n    count: 0"),
            ("    slot: PE3", "    slot: PE7"),
            ("    slot: PE4", "    slot: PE1"),
            ("  - part: jl2000pg-2000w\n", "  - part: jl2000pg-2000w\n    count: 9\n"));

        var expected = new[]
        {
            (LineOf(yaml, "mains: 2200 V"), "site.mains"),
            (LineOf(yaml, "ambiant"), "site.ambiant"),
            (LineOf(yaml, "cpu: i9-7960k"), "cpu"),
            (LineOf(yaml, "count: 0"), "memory[1].count"),
            (LineOf(yaml, "slot: PE7"), "gpus[2].slot"),
            (LineOf(yaml, "slot: PE1", 2), "gpus[3].slot"),
            (LineOf(yaml, "count: 9"), "psus[0].count"),
        };
        var problems = Problems(yaml);
        Assert.Equal(expected.Order(), problems.Select(p => (p.Line, p.Field)).Order());
        Assert.All(problems, p => Assert.Equal("test.rig.yaml", p.File));
        Assert.All(problems, p => Assert.True(p.Column > 0, p.ToString()));
    }

    [Fact]
    public void Problems_in_every_section_are_found_together()
    {
        var yaml = Repo.ReferenceYaml(
            ("motherboard: evga-x299-dark", "motherboard: evga-x299-drak"),
            ("chassis: generic-eatx-open-benchtable-4gpu", "chassis: i9-7960x"),
            ("part: manli-rtx-3090-blower", "part: manli-rtx-3090-blowr"),
            ("part: plextor-m6-pro-128gb", "part: plextor-m6-pro-128g"),
            ("part: jl2000pg-2000w", "part: jl2000pg-2000"),
            ("storage:", "nvlink_bridges: oops\nstorage:"));

        var problems = Problems(yaml);
        Assert.Equal(
            ["chassis", "gpus[2].part", "motherboard", "nvlink_bridges", "psus[0].part", "storage[2].part"],
            problems.Select(p => p.Field).Order());
        Assert.Equal(LineOf(yaml, "evga-x299-drak"), problems.Single(p => p.Field == "motherboard").Line);
        Assert.Equal(LineOf(yaml, "nvlink_bridges"), problems.Single(p => p.Field == "nvlink_bridges").Line);
    }

    // ---- parts ----

    [Theory]
    [InlineData("part: zotac-rtx-3090-blower", "part: zotac-rtx-3090-blowr", "gpus[0].part", "unknown gpu 'zotac-rtx-3090-blowr'", "zotac-rtx-3090-blower")]
    [InlineData("cpu: i9-7960x", "cpu: i9-7960", "cpu", "unknown cpu 'i9-7960'", "i9-7960x")]
    [InlineData("motherboard: evga-x299-dark", "motherboard: evga-x299-drak", "motherboard", "unknown motherboard 'evga-x299-drak'", "evga-x299-dark")]
    [InlineData("part: jl2000pg-2000w", "part: jl2000pg-200w", "psus[0].part", "unknown psu 'jl2000pg-200w'", "jl2000pg-2000w")]
    [InlineData("part: intel-p4510-4tb", "part: intel-p4510-4t", "storage[0].part", "unknown storage 'intel-p4510-4t'", "intel-p4510-4tb")]
    public void Misspelt_part_id_suggests_the_catalog_id(string from, string to, string field, string message, string suggested)
    {
        var yaml = Repo.ReferenceYaml((from, to));

        var problem = Assert.Single(Problems(yaml));
        Assert.Equal(field, problem.Field);
        Assert.Equal(message, problem.Message);
        Assert.Equal($"did you mean '{suggested}'?", problem.Suggestion);
        var line = LineOf(yaml, to);
        Assert.Equal(line, problem.Line);
        var value = to[(to.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        Assert.Equal(yaml.Split('\n')[line - 1].IndexOf(value, StringComparison.Ordinal) + 1, problem.Column);
        Assert.NotNull(Repo.Catalog.Find(suggested));
    }

    [Fact]
    public void Misspelt_id_of_another_category_is_still_suggested()
    {
        var problem = Assert.Single(Problems(Repo.ReferenceYaml(("cpu: i9-7960x", "cpu: evga-x299-drak"))));

        Assert.Equal("cpu", problem.Field);
        Assert.Equal("unknown cpu 'evga-x299-drak'", problem.Message);
        Assert.Equal("did you mean 'evga-x299-dark'?", problem.Suggestion);
    }

    [Fact]
    public void Id_nothing_like_any_part_points_to_the_parts_listing()
    {
        var problem = Assert.Single(Problems(Repo.ReferenceYaml(("part: zotac-rtx-3090-blower", "part: qqqqqqqqqqqqqqqqqqqq"))));

        Assert.Equal("unknown gpu 'qqqqqqqqqqqqqqqqqqqq'", problem.Message);
        Assert.Equal("'rigsmith parts --category gpu' lists them", problem.Suggestion);
    }

    [Fact]
    public void Part_of_another_category_is_named_as_such()
    {
        var yaml = Repo.ReferenceYaml(("part: colorful-rtx-3090-blower", "part: jl2000pg-2000w"));

        var problem = Assert.Single(Problems(yaml));
        Assert.Equal("gpus[1].part", problem.Field);
        Assert.Equal("'jl2000pg-2000w' is a psu, not a gpu", problem.Message);
        Assert.Equal(LineOf(yaml, "part: jl2000pg-2000w"), problem.Line);
    }

    // ---- slots and ports ----

    [Fact]
    public void Slot_used_twice_is_reported_at_the_second_use_naming_the_first_card()
    {
        var yaml = Repo.ReferenceYaml(("    slot: PE3", "    slot: PE2"));

        var problem = Assert.Single(Problems(yaml));
        Assert.Equal("gpus[2].slot", problem.Field);
        Assert.Equal("slot PE2 already holds colorful-rtx-3090-blower", problem.Message);
        Assert.Equal(LineOf(yaml, "slot: PE2", 2), problem.Line);
    }

    [Fact]
    public void Drive_in_a_slot_a_gpu_holds_is_a_slot_used_twice()
    {
        var yaml = Repo.ReferenceYaml(("    attach: U2", "    attach: PE4\n    adapter: generic-u2-to-pcie-x4"));

        var problem = Assert.Single(Problems(yaml));
        Assert.Equal("storage[0].attach", problem.Field);
        Assert.Equal("slot PE4 already holds gigabyte-rtx-3090-turbo", problem.Message);
        Assert.Equal(LineOf(yaml, "attach: PE4"), problem.Line);
    }

    [Fact]
    public void Board_port_used_twice_is_reported()
    {
        var yaml = Repo.ReferenceYaml(("    attach: sata\n    note: Linux", "    attach: U2\n    note: Linux"));

        var problem = Assert.Single(Problems(yaml));
        Assert.Equal("storage[2].attach", problem.Field);
        Assert.Equal("port U2 already holds intel-p4510-4tb", problem.Message);
        Assert.Equal(LineOf(yaml, "attach: U2", 2), problem.Line);
    }

    [Fact]
    public void Slot_the_board_lacks_is_reported_with_the_boards_slots()
    {
        var yaml = Repo.ReferenceYaml(("    slot: PE4", "    slot: PCIE_9"));

        var problem = Assert.Single(Problems(yaml));
        Assert.Equal("gpus[3].slot", problem.Field);
        Assert.Equal("the evga-x299-dark has no slot 'PCIE_9'; its slots are PE1, PE2, PE3, PE4", problem.Message);
        Assert.Equal(LineOf(yaml, "PCIE_9"), problem.Line);
    }

    [Fact]
    public void Misspelt_slot_suggests_the_boards_slot()
    {
        var problem = Assert.Single(Problems(Repo.ReferenceYaml(("    slot: PE4", "    slot: pe4"))));

        Assert.Equal("gpus[3].slot", problem.Field);
        Assert.Equal("did you mean 'PE4'?", problem.Suggestion);
    }

    [Fact]
    public void Drive_attached_to_nothing_on_the_board_lists_the_targets()
    {
        var problem = Assert.Single(Problems(Repo.ReferenceYaml(("    attach: U2", "    attach: U3"))));

        Assert.Equal("storage[0].attach", problem.Field);
        Assert.StartsWith("the evga-x299-dark has no port or slot 'U3'", problem.Message, StringComparison.Ordinal);
        foreach (var target in new[] { "U2", "M2_1", "M2_2", "PE1", "PE4", "sata" })
            Assert.Contains(target, problem.Message, StringComparison.Ordinal);
    }

    // ---- unknown keys ----

    [Theory]
    [InlineData("motherboard: evga-x299-dark", "motherbord: evga-x299-dark", "motherbord", "motherboard")]
    [InlineData("    slot: PE2", "    slott: PE2", "gpus[1].slott", "slot")]
    [InlineData("  breaker: 13 A", "  braker: 13 A", "site.braker", "breaker")]
    [InlineData("    attach: U2", "    atach: U2", "storage[0].atach", "attach")]
    [InlineData("    count: 2\n    note: A pair", "    cuont: 2\n    note: A pair", "memory[0].cuont", "count")]
    public void Misspelt_key_is_one_unknown_key_problem_with_the_suggestion(string from, string to, string field, string suggested)
    {
        var yaml = Repo.ReferenceYaml((from, to));

        var problem = Assert.Single(Problems(yaml));
        Assert.Equal(field, problem.Field);
        Assert.Equal("unknown key", problem.Message);
        Assert.Equal($"did you mean '{suggested}'?", problem.Suggestion);
        Assert.Equal(LineOf(yaml, to.Split('\n')[0]), problem.Line);
    }

    [Fact]
    public void Unknown_keys_at_every_level_are_reported()
    {
        var yaml = Repo.ReferenceYaml(
            ("name: Small", "colour: black\nname: Small"),
            ("  mains: 220 V", "  mains: 220 V\n  altitude: 100 m"),
            ("    slot: PE1", "    slot: PE1\n    fan_curve: aggressive"));

        var problems = Problems(yaml);
        Assert.Equal(["colour", "gpus[0].fan_curve", "site.altitude"], problems.Select(p => p.Field).Order());
        Assert.All(problems, p => Assert.Equal("unknown key", p.Message));
        Assert.Equal(LineOf(yaml, "fan_curve"), problems.Single(p => p.Field == "gpus[0].fan_curve").Line);
    }

    [Fact]
    public void Missing_required_keys_are_each_reported()
    {
        var yaml = Repo.ReferenceYaml(("name: Small 4x RTX 3090 AI training rig\n", ""), ("  breaker: 13 A         # BS 1363 fused plug\n", ""), ("    slot: PE2\n", ""));

        var problems = Problems(yaml);
        Assert.Equal(["gpus[1].slot", "name", "site.breaker"], problems.Select(p => p.Field).Order());
        Assert.All(problems, p => Assert.Equal("is required but missing", p.Message));
    }

    // ---- numbers out of range ----

    [Theory]
    [InlineData("  - part: heoriady-ddr4-3200-32gb-1r\n    count: 2", "  - part: heoriady-ddr4-3200-32gb-1r\n    count: 0", "memory[1].count", "count: 0")]
    [InlineData("  - part: heoriady-ddr4-3200-32gb-1r\n    count: 2", "  - part: heoriady-ddr4-3200-32gb-1r\n    count: 49", "memory[1].count", "count: 49")]
    [InlineData("  - part: jl2000pg-2000w\n", "  - part: jl2000pg-2000w\n    count: 0\n", "psus[0].count", "count: 0")]
    [InlineData("  - part: jl2000pg-2000w\n", "  - part: jl2000pg-2000w\n    count: 9\n", "psus[0].count", "count: 9")]
    [InlineData("cpu: i9-7960x\n", "cpu: i9-7960x\ncpu_count: 0\n", "cpu_count", "cpu_count: 0")]
    [InlineData("cpu: i9-7960x\n", "cpu: i9-7960x\ncpu_count: 9\n", "cpu_count", "cpu_count: 9")]
    public void Count_out_of_range_is_reported_with_the_range(string from, string to, string field, string line)
    {
        var yaml = Repo.ReferenceYaml((from, to));

        var problem = Assert.Single(Problems(yaml));
        Assert.Equal(field, problem.Field);
        Assert.EndsWith("is outside the plausible range", problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("expected 1 to ", problem.Suggestion, StringComparison.Ordinal);
        Assert.Equal(LineOf(yaml, line), problem.Line);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(48)]
    public void Memory_count_bounds_are_accepted(int count)
    {
        var rig = Load(Repo.ReferenceYaml(("  - part: heoriady-ddr4-3200-32gb-1r\n    count: 2", $"  - part: heoriady-ddr4-3200-32gb-1r\n    count: {count}")));

        Assert.Equal(count, rig.Memory[1].Count);
    }

    [Fact]
    public void Count_that_is_not_a_whole_number_is_reported()
    {
        var problem = Assert.Single(Problems(Repo.ReferenceYaml(("    count: 2\n    note: A pair", "    count: two\n    note: A pair"))));

        Assert.Equal("memory[0].count", problem.Field);
        Assert.Equal("'two' is not a whole number", problem.Message);
    }

    [Theory]
    [InlineData("  mains: 220 V", "  mains: 2200 V", "site.mains")]
    [InlineData("  mains: 220 V", "  mains: 50 V", "site.mains")]
    [InlineData("  breaker: 13 A", "  breaker: 200 A", "site.breaker")]
    [InlineData("  continuous_load: 100 %", "  continuous_load: 150 %", "site.continuous_load")]
    [InlineData("  ambient: 28 °C", "  ambient: 90 °C", "site.ambient")]
    public void Implausible_site_values_are_reported(string from, string to, string field)
    {
        var yaml = Repo.ReferenceYaml((from, to));

        var problem = Assert.Single(Problems(yaml));
        Assert.Equal(field, problem.Field);
        Assert.Contains("outside the plausible range", problem.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(yaml, to), problem.Line);
    }

    [Fact]
    public void Power_limit_outside_the_cards_range_is_reported()
    {
        var yaml = Repo.ReferenceYaml(("    slot: PE1\n", "    slot: PE1\n    power_limit: 400 W\n"));

        var problem = Assert.Single(Problems(yaml));
        Assert.Equal("gpus[0].power_limit", problem.Field);
        Assert.Contains("zotac-rtx-3090-blower's power-limit range", problem.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(yaml, "power_limit"), problem.Line);
    }

    [Theory]
    [InlineData("[[1, 5]]", 1)]
    [InlineData("[[2, 2]]", 1)]
    [InlineData("[[0, 1]]", 1)]
    [InlineData("[[1, 2, 3]]", 1)]
    [InlineData("[[1, x]]", 1)]
    [InlineData("{1: 2}", 1)]
    [InlineData("[[1, 2], [3, 9], [4]]", 2)]
    [InlineData("[1, 2]", 2)] // a flat pair: each number is a bridge that is not a pair
    public void Bad_nvlink_bridges_are_reported_once_per_bad_bridge(string bridges, int count)
    {
        var yaml = Repo.ReferenceYaml(("storage:", $"nvlink_bridges: {bridges}\nstorage:"));

        var problems = Problems(yaml);
        Assert.Equal(count, problems.Count);
        Assert.All(problems, p => Assert.Equal("nvlink_bridges", p.Field));
        Assert.All(problems, p => Assert.Equal(LineOf(yaml, "nvlink_bridges"), p.Line));
    }

    // ---- custom parts ----

    [Fact]
    public void Custom_part_with_a_new_id_is_usable_in_the_rig()
    {
        var rig = Load(Repo.ReferenceYaml(
            ("chassis: generic-eatx-open-benchtable-4gpu", "chassis: test-bench"),
            CustomChassis("test-bench")));

        Assert.Equal("test-bench", rig.Chassis?.Id);
        Assert.Null(Repo.Catalog.Find("test-bench")); // the shared catalog is not changed
    }

    [Fact]
    public void Custom_part_reusing_a_catalog_id_is_reported()
    {
        var yaml = Repo.ReferenceYaml(CustomChassis("generic-eatx-open-benchtable-4gpu"));

        var problem = Assert.Single(Problems(yaml));
        Assert.Equal("custom_parts", problem.Field);
        Assert.Contains("duplicate id 'generic-eatx-open-benchtable-4gpu'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("already in the catalog", problem.Message, StringComparison.Ordinal);
        Assert.Equal("pick an id the catalog does not use", problem.Suggestion);
        Assert.InRange(problem.Line, LineOf(yaml, "custom_parts:"), LineOf(yaml, "- id: generic-eatx-open-benchtable-4gpu"));
    }

    [Fact]
    public void Custom_part_reusing_a_catalog_id_of_another_category_is_reported()
    {
        var problem = Assert.Single(Problems(Repo.ReferenceYaml(CustomChassis("i9-7960x"))));

        Assert.Equal("custom_parts", problem.Field);
        Assert.Contains("duplicate id 'i9-7960x'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_custom_parts_category_is_an_unknown_key()
    {
        var yaml = Repo.ReferenceYaml(("psus:", "custom_parts:\n  gpus: []\npsus:"));

        var problem = Assert.Single(Problems(yaml));
        Assert.Equal("custom_parts.gpus", problem.Field);
        Assert.Equal("unknown key", problem.Message);
        Assert.Equal("did you mean 'gpu'?", problem.Suggestion);
    }

    // ---- files ----

    [Fact]
    public void Missing_file_is_one_problem_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rigsmith-no-such-{Guid.NewGuid():N}.rig.yaml");

        var result = RigLoader.Load(path, Repo.Catalog);
        Assert.False(result.Ok);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(path, problem.File);
        Assert.Equal("file not found", problem.Message);
    }
}

public class RigLoaderBridgeTests
{
    [Fact]
    public void A_bridge_listed_twice_is_a_problem()
    {
        var yaml = File.ReadAllText(Repo.Example("2x3090-nvlink-am5.rig.yaml"));
        var bridges = System.Text.RegularExpressions.Regex.Match(yaml, @"nvlink_bridges:.*").Value;
        Assert.NotEmpty(bridges);

        var result = Repo.ParseRig(yaml.Replace(bridges, "nvlink_bridges: [[1, 2], [2, 1]]", StringComparison.Ordinal));

        Assert.False(result.Ok);
        Assert.Contains(result.Problems, p => p.Field == "nvlink_bridges" && p.Message.Contains("listed twice", StringComparison.Ordinal));
    }

    [Fact]
    public void A_gpu_with_a_problem_of_its_own_does_not_put_a_valid_bridge_out_of_range()
    {
        var yaml = File.ReadAllText(Repo.Example("2x3090-nvlink-am5.rig.yaml"));
        var bridges = System.Text.RegularExpressions.Regex.Match(yaml, @"nvlink_bridges:.*").Value;
        var firstGpu = System.Text.RegularExpressions.Regex.Match(yaml, @"- part: (nvidia-rtx-3090-fe)").Groups[1];
        Assert.True(firstGpu.Success);

        var broken = yaml.Replace(bridges, "nvlink_bridges: [[1, 2]]", StringComparison.Ordinal);
        broken = broken[..firstGpu.Index] + "nvidia-rtx-3090-fee" + broken[(firstGpu.Index + firstGpu.Length)..];
        var result = Repo.ParseRig(broken);

        Assert.False(result.Ok);
        Assert.Contains(result.Problems, p => p.Message.Contains("unknown gpu", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Problems, p => p.Field == "nvlink_bridges");
    }
}

public class RigLoaderCustomPartTests
{
    private static string Fixture => File.ReadAllText(Path.Combine(Repo.Root, "tests", "Rigsmith.Tests", "Publishing", "Fixtures", "priced-custom.rig.yaml"));

    [Fact]
    public void A_bad_custom_part_does_not_hide_the_good_ones()
    {
        // The riser's lanes are out of range; the tower the rig names is fine and must still resolve.
        var yaml = Fixture.Replace("      lanes: 16\n", "      lanes: 99\n", StringComparison.Ordinal);
        Assert.NotEqual(Fixture, yaml);

        var result = Repo.ParseRig(yaml);

        Assert.False(result.Ok);
        Assert.Contains(result.Problems, p => p.Field.Contains("lanes", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Problems, p => p.Message.Contains("unknown chassis", StringComparison.Ordinal));
    }

    [Fact]
    public void A_custom_id_used_twice_says_so_without_claiming_the_catalog_has_it()
    {
        var yaml = Fixture.Replace("    - id: test-riser", "    - id: test-quiet-tower", StringComparison.Ordinal);

        var result = Repo.ParseRig(yaml);

        var problem = Assert.Single(result.Problems, p => p.Field == "custom_parts");
        Assert.Contains("first defined at", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("already in the catalog", problem.Message, StringComparison.Ordinal);
    }
}
