using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Standards;
using Rigsmith.Training;
using Rigsmith.Units;

namespace Rigsmith.Tests.Input;

/// <summary>The strict YAML mapping reader: required and optional keys, ranges, node types, unknown keys, enums, quantities.</summary>
public class MapReaderTests
{
    private const string File = "test.yaml";

    private static (MapReader Reader, ProblemSink Sink) Read(string yaml)
    {
        var sink = new ProblemSink(File);
        var root = YamlInput.ParseRootMapping(yaml, sink);
        Assert.True(root is not null, string.Join("\n", sink.Problems));
        return (new MapReader(root!, "", sink), sink);
    }

    /// <summary>1-based line and column of <paramref name="token"/>'s first occurrence, counted in the text itself.</summary>
    private static (int Line, int Column) Where(string yaml, string token)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var column = lines[i].IndexOf(token, StringComparison.Ordinal);
            if (column >= 0)
                return (i + 1, column + 1);
        }

        throw new InvalidOperationException($"'{token}' is not in the text");
    }

    private static void AssertAt(InputProblem problem, string yaml, string token)
    {
        var (line, column) = Where(yaml, token);
        Assert.Equal(File, problem.File);
        Assert.Equal(line, problem.Line);
        Assert.Equal(column, problem.Column);
    }

    // ---- required and optional ----

    [Fact]
    public void Present_values_are_read_without_problems()
    {
        var (r, sink) = Read("name: rig one\ncount: 3\nratio: 0.25\nenabled: yes\n");

        Assert.Equal("rig one", r.String("name"));
        Assert.Equal(3, r.Int("count"));
        Assert.Equal(0.25, r.Number("ratio"));
        Assert.True(r.Bool("enabled"));
        r.Finish();
        Assert.Empty(sink.Problems);
    }

    [Fact]
    public void Missing_required_key_is_reported_by_finish_with_its_field()
    {
        var (r, sink) = Read("other: 1\n");

        Assert.Null(r.String("name"));
        r.Allow("other");
        Assert.Empty(sink.Problems); // reported only once everything is read
        r.Finish();

        var problem = Assert.Single(sink.Problems);
        Assert.Equal("name", problem.Field);
        Assert.Equal("is required but missing", problem.Message);
        Assert.Equal(1, problem.Line);
    }

    [Fact]
    public void Missing_optional_keys_give_null_and_no_problem()
    {
        var (r, sink) = Read("name: x\n");

        Assert.Equal("x", r.String("name"));
        Assert.Null(r.String("note", required: false));
        Assert.Null(r.Int("count", required: false, min: 1, max: 8));
        Assert.Null(r.Number("ratio", required: false));
        Assert.Null(r.Bool("display", required: false));
        Assert.Null(r.Quantity("power_limit", UnitSpec.Power, 10, 1500, required: false));
        Assert.Null(r.Map("site", required: false));
        Assert.Empty(r.MapList("gpus", required: false));
        Assert.Empty(r.StringList("tags", required: false));
        r.Finish();
        Assert.Empty(sink.Problems);
    }

    [Theory]
    [InlineData("name:\n")]
    [InlineData("name: ~\n")]
    [InlineData("name: null\n")]
    public void Null_value_counts_as_missing(string yaml)
    {
        var (r, sink) = Read(yaml);

        Assert.Null(r.String("name"));
        r.Finish();
        var problem = Assert.Single(sink.Problems);
        Assert.Equal("name", problem.Field);
        Assert.Equal("is required but missing", problem.Message);
    }

    [Theory]
    [InlineData("name: \"\"\n", "")]
    [InlineData("name: 'null'\n", "null")]
    [InlineData("name: \"~\"\n", "~")]
    public void Quoted_values_are_values_even_when_they_look_null(string yaml, string expected)
    {
        var (r, sink) = Read(yaml);

        Assert.Equal(expected, r.String("name"));
        r.Finish();
        Assert.Empty(sink.Problems);
    }

    [Fact]
    public void Each_missing_key_is_reported_once_even_when_read_twice()
    {
        var (r, sink) = Read("other: 1\n");

        r.String("name");
        r.String("name");
        r.Allow("other");
        r.Finish();
        Assert.Single(sink.Problems);
    }

    // ---- ranges ----

    [Theory]
    [InlineData("count: 0", "0 is outside the plausible range")]
    [InlineData("count: 9", "9 is outside the plausible range")]
    [InlineData("count: -3", "-3 is outside the plausible range")]
    public void Whole_number_out_of_range_names_the_range_at_the_value(string line, string message)
    {
        var yaml = "name: x\n" + line + "\n";
        var (r, sink) = Read(yaml);

        Assert.Null(r.Int("count", min: 1, max: 8));
        var problem = Assert.Single(sink.Problems);
        Assert.Equal("count", problem.Field);
        Assert.Equal(message, problem.Message);
        Assert.Equal("expected 1 to 8", problem.Suggestion);
        AssertAt(problem, yaml, line.Split(' ')[1]);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("8", 8)]
    [InlineData("+4", 4)]
    public void Whole_number_range_includes_its_bounds(string text, int expected)
    {
        var (r, sink) = Read($"count: {text}\n");

        Assert.Equal(expected, r.Int("count", min: 1, max: 8));
        Assert.Empty(sink.Problems);
    }

    [Theory]
    [InlineData("2.5")]
    [InlineData("two")]
    [InlineData("1e3")]
    public void Text_that_is_not_a_whole_number_is_reported(string text)
    {
        var yaml = $"count: {text}\n";
        var (r, sink) = Read(yaml);

        Assert.Null(r.Int("count"));
        var problem = Assert.Single(sink.Problems);
        Assert.Equal($"'{text}' is not a whole number", problem.Message);
        AssertAt(problem, yaml, text);
    }

    [Fact]
    public void Number_range_is_inclusive_and_reports_values_outside_it()
    {
        var (inside, okSink) = Read("low: 0.1\nhigh: 1\n");
        Assert.Equal(0.1, inside.Number("low", min: 0.1, max: 1));
        Assert.Equal(1, inside.Number("high", min: 0.1, max: 1));
        Assert.Empty(okSink.Problems);

        var yaml = "name: x\nratio: 1.5\n";
        var (r, sink) = Read(yaml);
        Assert.Null(r.Number("ratio", min: 0.1, max: 1));
        var problem = Assert.Single(sink.Problems);
        Assert.Equal("1.5 is outside the plausible range", problem.Message);
        Assert.Equal("expected 0.1 to 1", problem.Suggestion);
        AssertAt(problem, yaml, "1.5");

        var (notNumber, badSink) = Read("ratio: lots\n");
        Assert.Null(notNumber.Number("ratio"));
        Assert.Equal("'lots' is not a number", Assert.Single(badSink.Problems).Message);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("yes", true)]
    [InlineData("false", false)]
    [InlineData("NO", false)]
    [InlineData("on", true)]
    [InlineData("Off", false)]
    public void Booleans_accept_true_false_yes_no_on_off_in_any_case(string text, bool expected)
    {
        var (r, sink) = Read($"display: {text}\n");

        Assert.Equal(expected, r.Bool("display"));
        Assert.Empty(sink.Problems);
    }

    [Fact]
    public void Other_text_is_not_a_boolean()
    {
        var yaml = "name: x\ndisplay: maybe\n";
        var (r, sink) = Read(yaml);

        Assert.Null(r.Bool("display"));
        var problem = Assert.Single(sink.Problems);
        Assert.Equal("display", problem.Field);
        Assert.Equal("'maybe' is not true or false", problem.Message);
        AssertAt(problem, yaml, "maybe");
    }

    // ---- node types ----

    [Theory]
    [InlineData("name: [a, b]\n", "[a, b]")]
    [InlineData("name: {a: 1}\n", "{a: 1}")]
    [InlineData("name:\n  - a\n", "- a")]
    public void A_list_or_mapping_where_a_single_value_belongs_is_reported(string yaml, string token)
    {
        var (r, sink) = Read(yaml);

        Assert.Null(r.String("name"));
        var problem = Assert.Single(sink.Problems);
        Assert.Equal("name", problem.Field);
        Assert.Equal("must be a single value, not a list or mapping", problem.Message);
        AssertAt(problem, yaml, token);
    }

    [Fact]
    public void A_scalar_where_a_mapping_belongs_is_reported()
    {
        var yaml = "site: 230 V\n";
        var (r, sink) = Read(yaml);

        Assert.Null(r.Map("site"));
        var problem = Assert.Single(sink.Problems);
        Assert.Equal("site", problem.Field);
        Assert.Equal("must be a mapping of keys to values", problem.Message);
        AssertAt(problem, yaml, "230 V");
    }

    [Fact]
    public void A_scalar_or_mapping_where_a_list_belongs_is_reported()
    {
        var scalarYaml = "gpus: rtx-3090\n";
        var (scalar, scalarSink) = Read(scalarYaml);
        Assert.Empty(scalar.MapList("gpus"));
        var problem = Assert.Single(scalarSink.Problems);
        Assert.Equal("gpus", problem.Field);
        Assert.Equal("must be a list", problem.Message);
        AssertAt(problem, scalarYaml, "rtx-3090");

        var (mapping, mappingSink) = Read("gpus: {part: rtx-3090}\n");
        Assert.Empty(mapping.MapList("gpus"));
        Assert.Equal("must be a list", Assert.Single(mappingSink.Problems).Message);
    }

    [Fact]
    public void List_items_that_are_not_mappings_are_reported_by_index_and_the_rest_are_read()
    {
        var yaml = "gpus:\n  - {part: a}\n  - just-text\n  - {part: c}\n";
        var (r, sink) = Read(yaml);

        var items = r.MapList("gpus");
        Assert.Equal(["a", "c"], items.Select(i => i.String("part")));
        Assert.Equal(["gpus[0]", "gpus[2]"], items.Select(i => i.Path));
        var problem = Assert.Single(sink.Problems);
        Assert.Equal("gpus[1]", problem.Field);
        Assert.Equal("must be a mapping of keys to values", problem.Message);
        AssertAt(problem, yaml, "just-text");
    }

    [Fact]
    public void String_list_takes_a_single_value_as_a_list_of_one()
    {
        var (r, sink) = Read("single: nvme\nmany: [nvme, sata]\n");

        Assert.Equal(["nvme"], r.StringList("single"));
        Assert.Equal(["nvme", "sata"], r.StringList("many"));
        Assert.Empty(sink.Problems);
    }

    [Fact]
    public void String_list_reports_nested_items_and_mappings()
    {
        var (nested, nestedSink) = Read("tags: [a, [b, c], d]\n");
        Assert.Equal(["a", "d"], nested.StringList("tags"));
        var problem = Assert.Single(nestedSink.Problems);
        Assert.Equal("tags", problem.Field);
        Assert.Equal("each item must be a single value", problem.Message);

        var (mapping, mappingSink) = Read("tags: {a: 1}\n");
        Assert.Empty(mapping.StringList("tags"));
        Assert.Equal("must be a list of values", Assert.Single(mappingSink.Problems).Message);
    }

    [Fact]
    public void Scalar_pairs_keep_file_order_and_report_non_scalar_entries()
    {
        var yaml = "wiring:\n  44: 16\n  28: 8\n  12: [4]\n";
        var (r, sink) = Read(yaml);

        var pairs = r.ScalarPairs("wiring");
        Assert.Equal([("44", "16"), ("28", "8")], pairs.Select(p => (p.Key, p.Value)));
        var problem = Assert.Single(sink.Problems);
        Assert.Equal("wiring", problem.Field);
        AssertAt(problem, yaml, "12");

        var (list, listSink) = Read("wiring: [16, 8]\n");
        Assert.Empty(list.ScalarPairs("wiring"));
        Assert.Equal("must be a mapping", Assert.Single(listSink.Problems).Message);
    }

    [Fact]
    public void Nested_readers_name_fields_by_their_full_path()
    {
        var yaml = "site:\n  mains: 500 V\ngpus:\n  - {part: a, count: 0}\n  - {part: b, count: 99}\n";
        var (r, sink) = Read(yaml);

        var site = r.Map("site")!;
        Assert.Equal("site", site.Path);
        Assert.Null(site.Quantity("mains", UnitSpec.Voltage, 90, 277));
        foreach (var gpu in r.MapList("gpus"))
            gpu.Int("count", min: 1, max: 8);

        Assert.Equal(["site.mains", "gpus[0].count", "gpus[1].count"], sink.Problems.Select(p => p.Field));
        AssertAt(sink.Problems[0], yaml, "500 V");
        AssertAt(sink.Problems[1], yaml, "0}");
        AssertAt(sink.Problems[2], yaml, "99");
    }

    // ---- unknown keys ----

    [Fact]
    public void Misspelt_required_key_is_reported_once_as_unknown_with_the_suggestion()
    {
        var yaml = "nmae: rig\nsite: x\n";
        var (r, sink) = Read(yaml);

        Assert.Null(r.String("name"));
        r.String("site");
        r.Finish();

        var problem = Assert.Single(sink.Problems);
        Assert.Equal("nmae", problem.Field);
        Assert.Equal("unknown key", problem.Message);
        Assert.Equal("did you mean 'name'?", problem.Suggestion);
        AssertAt(problem, yaml, "nmae");
    }

    [Fact]
    public void Misspelt_optional_key_is_unknown_with_the_suggestion()
    {
        var yaml = "part: a\nslott: PE2\n";
        var (r, sink) = Read(yaml);

        r.String("part");
        Assert.Null(r.String("slot", required: false));
        r.Finish();

        var problem = Assert.Single(sink.Problems);
        Assert.Equal("slott", problem.Field);
        Assert.Equal("did you mean 'slot'?", problem.Suggestion);
        AssertAt(problem, yaml, "slott");
    }

    [Fact]
    public void Unrelated_unknown_key_has_no_suggestion_and_does_not_hide_a_missing_key()
    {
        var yaml = "colour: red\n";
        var (r, sink) = Read(yaml);

        r.String("name");
        r.Finish();

        Assert.Equal(2, sink.Problems.Count);
        var unknown = Assert.Single(sink.Problems, p => p.Message == "unknown key");
        Assert.Equal("colour", unknown.Field);
        Assert.Null(unknown.Suggestion);
        var missing = Assert.Single(sink.Problems, p => p.Message == "is required but missing");
        Assert.Equal("name", missing.Field);
    }

    [Fact]
    public void Every_unknown_key_is_reported_and_nested_ones_carry_their_path()
    {
        var yaml = "name: x\nsite:\n  mains: 230 V\n  brekaer: 16 A\n  colour: red\n";
        var (r, sink) = Read(yaml);

        r.String("name");
        var site = r.Map("site")!;
        site.Quantity("mains", UnitSpec.Voltage, 90, 277);
        site.Quantity("breaker", UnitSpec.Current, 1, 125, required: false);
        site.Finish();
        r.Finish();

        Assert.Equal(["site.brekaer", "site.colour"], sink.Problems.Select(p => p.Field));
        Assert.Equal("did you mean 'breaker'?", sink.Problems[0].Suggestion);
        AssertAt(sink.Problems[0], yaml, "brekaer");
        AssertAt(sink.Problems[1], yaml, "colour");
    }

    [Fact]
    public void Keys_allowed_or_asked_about_are_not_unknown()
    {
        var (r, sink) = Read("custom_parts: {}\nchassis: c\nnotes: n\n");

        r.Allow("custom_parts");
        Assert.True(r.Has("chassis"));
        Assert.False(r.Has("riser"));
        Assert.True(r.IsKnown("custom_parts"));
        Assert.False(r.IsKnown("notes"));
        r.Finish();

        var problem = Assert.Single(sink.Problems);
        Assert.Equal("notes", problem.Field);
        Assert.Equal(["custom_parts", "chassis", "notes"], r.PresentKeys);
    }

    // ---- enums ----

    [Theory]
    [InlineData("bf16-mixed", Precision.Bf16Mixed)]
    [InlineData("BF16-Mixed", Precision.Bf16Mixed)]
    [InlineData("full-bf16", Precision.FullBf16)]
    [InlineData("fp32", Precision.Fp32)]
    public void Enum_reads_the_yaml_spelling_in_any_case(string text, Precision expected)
    {
        var (r, sink) = Read($"precision: {text}\n");

        Assert.Equal(expected, r.Enum<Precision>("precision"));
        Assert.Empty(sink.Problems);
    }

    [Fact]
    public void Unknown_enum_value_lists_the_accepted_names_and_suggests_the_closest()
    {
        var yaml = "name: x\nprecision: bf16-mixd\n";
        var (r, sink) = Read(yaml);

        Assert.Null(r.Enum<Precision>("precision"));
        var problem = Assert.Single(sink.Problems);
        Assert.Equal("precision", problem.Field);
        Assert.StartsWith("'bf16-mixd' is not one of ", problem.Message, StringComparison.Ordinal);
        foreach (var name in new[] { "fp32", "fp16-mixed", "bf16-mixed", "full-fp16", "full-bf16", "fp8" })
            Assert.Contains(name, problem.Message, StringComparison.Ordinal);
        Assert.Equal("did you mean 'bf16-mixed'?", problem.Suggestion);
        AssertAt(problem, yaml, "bf16-mixd");
    }

    [Fact]
    public void Enum_member_names_are_not_accepted_in_place_of_the_yaml_spelling()
    {
        var (r, sink) = Read("precision: Bf16Mixed\n");

        Assert.Null(r.Enum<Precision>("precision"));
        Assert.Single(sink.Problems);
    }

    [Fact]
    public void Far_off_enum_value_gets_no_suggestion()
    {
        var (r, sink) = Read("kind: zzzzzzzzzz\n");

        Assert.Null(r.Enum<ChassisKind>("kind"));
        var problem = Assert.Single(sink.Problems);
        Assert.Equal("'zzzzzzzzzz' is not one of tower, open-frame, benchtable, rackmount", problem.Message);
        Assert.Null(problem.Suggestion);
    }

    [Theory]
    [InlineData(Precision.Bf16Mixed, "bf16-mixed")]
    [InlineData(Precision.Fp16Mixed, "fp16-mixed")]
    [InlineData(Precision.FullBf16, "full-bf16")]
    [InlineData(Optimizer.Adamw8bit, "adamw8bit")]
    [InlineData(Optimizer.PagedAdamw8bit, "paged-adamw8bit")]
    [InlineData(Parallelism.Zero2, "zero2")]
    [InlineData(Offload.OptimizerAndParameters, "optimizer-and-parameters")]
    [InlineData(TrainingMethod.TextualInversion, "textual-inversion")]
    [InlineData(AdapterKind.U2ToPcie, "u2-to-pcie")]
    [InlineData(AdapterKind.M2ToU2, "m2-to-u2")]
    [InlineData(Cooler.OpenAir, "open-air")]
    [InlineData(FormFactor.MiniItx, "mini-itx")]
    [InlineData(FormFactor.SsiEeb, "ssi-eeb")]
    [InlineData(StorageForm.Sata25, "sata25")]
    [InlineData(StorageForm.AddInCard, "add-in-card")]
    [InlineData(PowerConnector.Hpwr12V, "12vhpwr")]
    [InlineData(PartCategory.Gpu, "gpu")]
    public void Enum_names_are_the_spellings_the_docs_and_catalog_use(object value, string expected)
    {
        var name = value switch
        {
            Precision v => MapReader.EnumName(v),
            Optimizer v => MapReader.EnumName(v),
            Parallelism v => MapReader.EnumName(v),
            Offload v => MapReader.EnumName(v),
            TrainingMethod v => MapReader.EnumName(v),
            AdapterKind v => MapReader.EnumName(v),
            Cooler v => MapReader.EnumName(v),
            FormFactor v => MapReader.EnumName(v),
            StorageForm v => MapReader.EnumName(v),
            PowerConnector v => MapReader.EnumName(v),
            PartCategory v => MapReader.EnumName(v),
            _ => throw new ArgumentException($"add {value.GetType().Name} to the switch"),
        };
        Assert.Equal(expected, name);
    }

    [Fact]
    public void Every_enum_name_is_distinct_valid_and_reads_back_as_its_member()
    {
        AssertRoundTrip<Precision>();
        AssertRoundTrip<Optimizer>();
        AssertRoundTrip<Parallelism>();
        AssertRoundTrip<Offload>();
        AssertRoundTrip<TrainingMethod>();
        AssertRoundTrip<AttentionKernel>();
        AssertRoundTrip<LoraTargets>();
        AssertRoundTrip<PartCategory>();
        AssertRoundTrip<AdapterKind>();
        AssertRoundTrip<FormFactor>();
        AssertRoundTrip<StorageForm>();
        AssertRoundTrip<PowerConnector>();
        AssertRoundTrip<Cooler>();
        AssertRoundTrip<ChassisKind>();
        AssertRoundTrip<EfficiencyRating>();
    }

    private static void AssertRoundTrip<T>()
        where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        var names = values.Select(v => MapReader.EnumName(v)).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var value in values)
        {
            var name = MapReader.EnumName(value);
            Assert.True(MapReader.IsValidId(name), $"{typeof(T).Name}.{value} is spelt '{name}'");
            var sink = new ProblemSink(File);
            Assert.Equal(value, MapReader.ParseEnum<T>(null, "f", name, sink));
            Assert.Empty(sink.Problems);
        }
    }

    // ---- quantities ----

    [Theory]
    [InlineData("300 W", 300)]
    [InlineData("1.2 kW", 1200)]
    [InlineData("1.2 KW", 1200)]
    [InlineData("450W", 450)]
    [InlineData("  75 W  ", 75)]
    public void Power_is_read_in_watts(string text, double watts)
    {
        var (r, sink) = Read($"power_limit: \"{text}\"\n");

        var value = r.Quantity("power_limit", UnitSpec.Power, 10, 1500);
        Assert.NotNull(value);
        Assert.Equal(watts, value!.Value, 9);
        Assert.Empty(sink.Problems);
    }

    [Theory]
    [InlineData("80 %", 0.8)]
    [InlineData("100 %", 1.0)]
    [InlineData("10 %", 0.1)]
    public void Percentages_are_read_as_fractions_with_inclusive_bounds(string text, double fraction)
    {
        var (r, sink) = Read($"continuous_load: {text}\n");

        var value = r.Quantity("continuous_load", UnitSpec.Percent, 0.1, 1.0);
        Assert.NotNull(value);
        Assert.Equal(fraction, value!.Value, 9);
        Assert.Empty(sink.Problems);
    }

    [Theory]
    [InlineData("300", "has no unit")]
    [InlineData("300 V", "'V' is not a unit of power")]
    [InlineData("lots", "is not a power")]
    [InlineData("1,5 kW", "decimal comma")]
    public void Malformed_quantities_say_what_is_wrong_at_the_value(string text, string expected)
    {
        var yaml = $"name: x\npower_limit: {text}\n";
        var (r, sink) = Read(yaml);

        Assert.Null(r.Quantity("power_limit", UnitSpec.Power, 10, 1500));
        var problem = Assert.Single(sink.Problems);
        Assert.Equal("power_limit", problem.Field);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        AssertAt(problem, yaml, text);
    }

    [Fact]
    public void Wrong_unit_lists_the_units_of_the_quantity()
    {
        var (r, sink) = Read("mains: 230 W\n");

        Assert.Null(r.Quantity("mains", UnitSpec.Voltage, 90, 277));
        var message = Assert.Single(sink.Problems).Message;
        Assert.Contains("V", message, StringComparison.Ordinal);
        Assert.Contains("mV", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2 kW", "expected 10 W to 1500 W")]
    [InlineData("5 W", "expected 10 W to 1500 W")]
    public void Quantity_out_of_range_gives_the_range_in_the_quantitys_unit(string text, string suggestion)
    {
        var yaml = $"name: x\npower_limit: {text}\n";
        var (r, sink) = Read(yaml);

        Assert.Null(r.Quantity("power_limit", UnitSpec.Power, 10, 1500));
        var problem = Assert.Single(sink.Problems);
        Assert.Equal($"{text} is outside the plausible range for a power here", problem.Message);
        Assert.Equal(suggestion, problem.Suggestion);
        AssertAt(problem, yaml, text);
    }

    [Fact]
    public void Percent_out_of_range_is_described_in_percent()
    {
        var (r, sink) = Read("continuous_load: 120 %\n");

        Assert.Null(r.Quantity("continuous_load", UnitSpec.Percent, 0.1, 1.0));
        Assert.Equal("expected 10 % to 100 %", Assert.Single(sink.Problems).Suggestion);
    }

    // ---- ids ----

    [Theory]
    [InlineData("rtx-3090-blower")]
    [InlineData("samsung-pm863a-1.92tb")]
    [InlineData("llama-3.1-8b")]
    [InlineData("9")]
    [InlineData("a")]
    public void Valid_ids(string id) => Assert.True(MapReader.IsValidId(id));

    [Theory]
    [InlineData("")]
    [InlineData("RTX-3090")]
    [InlineData("rtx 3090")]
    [InlineData("rtx_3090")]
    [InlineData("-rtx")]
    [InlineData(".rtx")]
    [InlineData("rtx/3090")]
    [InlineData("rtx-3090é")]
    public void Invalid_ids(string id) => Assert.False(MapReader.IsValidId(id));

    [Fact]
    public void Id_reports_an_invalid_id_with_the_convention()
    {
        var yaml = "name: x\nid: RTX_3090\n";
        var (r, sink) = Read(yaml);

        Assert.Null(r.Id("id"));
        var problem = Assert.Single(sink.Problems);
        Assert.Equal("id", problem.Field);
        Assert.Equal("'RTX_3090' is not a valid id", problem.Message);
        Assert.Contains("lowercase", problem.Suggestion, StringComparison.Ordinal);
        AssertAt(problem, yaml, "RTX_3090");
    }

    // ---- one pass, and the YAML document around it ----

    [Fact]
    public void One_pass_reports_every_problem_in_the_mapping()
    {
        var yaml = "count: 0\nratio: x\ndisplay: maybe\nsite: 1\nnmae: y\n";
        var (r, sink) = Read(yaml);

        r.Int("count", min: 1, max: 8);
        r.Number("ratio");
        r.Bool("display");
        r.Map("site");
        r.String("name");
        r.Finish();

        Assert.Equal(["count", "ratio", "display", "site", "nmae"], sink.Problems.Select(p => p.Field));
        Assert.Equal([1, 2, 3, 4, 5], sink.Problems.Select(p => p.Line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    public void Empty_documents_are_reported(string text)
    {
        var sink = new ProblemSink(File);

        Assert.Null(YamlInput.ParseRootMapping(text, sink));
        Assert.Equal("the file is empty", Assert.Single(sink.Problems).Message);
    }

    [Theory]
    [InlineData("- a\n- b\n")]
    [InlineData("just text\n")]
    public void Top_level_must_be_a_mapping(string text)
    {
        var sink = new ProblemSink(File);

        Assert.Null(YamlInput.ParseRootMapping(text, sink));
        var problem = Assert.Single(sink.Problems);
        Assert.Equal("the top level must be a mapping of keys to values", problem.Message);
        Assert.Equal(1, problem.Line);
    }

    [Fact]
    public void Invalid_yaml_is_one_problem_with_its_line_and_no_position_noise()
    {
        var text = "name: x\nsite:\n  mains: 230 V\n   breaker: [16 A\n";
        var sink = new ProblemSink(File);

        Assert.Null(YamlInput.ParseRootMapping(text, sink));
        var problem = Assert.Single(sink.Problems);
        Assert.StartsWith("is not valid YAML", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Idx:", problem.Message, StringComparison.Ordinal);
        Assert.InRange(problem.Line, 3, 5);
    }

    [Fact]
    public void A_second_document_is_reported_but_the_first_is_still_read()
    {
        var text = "name: x\n---\nname: y\n";
        var sink = new ProblemSink(File);

        var root = YamlInput.ParseRootMapping(text, sink);
        Assert.NotNull(root);
        Assert.Equal("x", new MapReader(root!, "", sink).String("name"));
        var problem = Assert.Single(sink.Problems);
        Assert.Contains("more than one YAML document", problem.Message, StringComparison.Ordinal);
        Assert.Equal(3, problem.Line);
    }

    [Fact]
    public void Problems_print_as_file_line_column_field_message_and_suggestion()
    {
        Assert.Equal("rig.yaml:4:9: gpus[1].slot: unknown key (did you mean 'slot'?)",
            new InputProblem("rig.yaml", 4, 9, "gpus[1].slot", "unknown key", "did you mean 'slot'?").ToString());
        Assert.Equal("rig.yaml: the file is empty", new InputProblem("rig.yaml", 0, 0, "", "the file is empty").ToString());
    }
}
