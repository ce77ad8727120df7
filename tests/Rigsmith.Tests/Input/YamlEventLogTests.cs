using Rigsmith.Input;
using Rigsmith.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Rigsmith.Tests.Input;

/// <summary>Replaying recorded events must build the very nodes parsing the text builds: values, styles, tags, anchors and marks.</summary>
public class YamlEventLogTests
{
    public static TheoryData<string> Texts()
    {
        var data = new TheoryData<string>
        {
            "- &base\n  id: x\n  watts: 350\n- id: y\n  copy: *base\n  note: 'quoted: yes'\n  block: |\n    two\n    lines\n",
            "flow: {a: 1, b: [2, 3]}\ntagged: !custom value\nempty:\nnull_value: ~\n\"double\": \"é — ü\"\n",
            "%TAG !e! tag:example.com,2026:\n---\nitem: !e!thing 1\n",
            "first: 1\n---\nsecond: 2\n",
        };
        foreach (var file in Directory.GetFiles(Repo.CatalogDirectory, "*.yaml").Order(StringComparer.Ordinal).Take(4))
            data.Add(File.ReadAllText(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Replayed_events_build_the_nodes_the_text_parses_to(string text)
    {
        var parsed = new YamlStream();
        parsed.Load(new StringReader(text));
        var events = YamlEventLog.Record(text);
        Assert.NotNull(events);
        var replayed = new YamlStream();
        replayed.Load(YamlEventLog.Replay(events));

        Assert.Equal(parsed.Documents.Count, replayed.Documents.Count);
        for (var i = 0; i < parsed.Documents.Count; i++)
            AssertSameNode(parsed.Documents[i].RootNode, replayed.Documents[i].RootNode);
    }

    [Fact]
    public void A_version_directive_is_not_recorded_and_text_that_does_not_parse_has_no_events()
    {
        Assert.Null(YamlEventLog.Record("%YAML 1.1\n---\na: 1\n"));
        Assert.Null(YamlEventLog.Record("a: [1, 2\n"));
    }

    [Fact]
    public void A_damaged_record_is_refused_rather_than_read_as_other_nodes()
    {
        var events = YamlEventLog.Record("a: 1\nb: [2, 3]\n")!;
        Assert.Throws<InvalidDataException>(() => new YamlStream().Load(YamlEventLog.Replay(events[..(events.Length / 2)])));
        var foreign = (byte[])events.Clone();
        foreign[0] = 99;
        Assert.Throws<InvalidDataException>(() => YamlEventLog.Replay(foreign));
    }

    private static void AssertSameNode(YamlNode expected, YamlNode actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.Start, actual.Start);
        Assert.Equal(expected.End, actual.End);
        Assert.Equal(expected.Tag, actual.Tag);
        Assert.Equal(expected.Anchor, actual.Anchor);
        switch (expected)
        {
            case YamlScalarNode scalar:
                Assert.Equal(scalar.Value, ((YamlScalarNode)actual).Value);
                Assert.Equal(scalar.Style, ((YamlScalarNode)actual).Style);
                break;
            case YamlSequenceNode sequence:
                var other = (YamlSequenceNode)actual;
                Assert.Equal(sequence.Style, other.Style);
                Assert.Equal(sequence.Children.Count, other.Children.Count);
                for (var i = 0; i < sequence.Children.Count; i++)
                    AssertSameNode(sequence.Children[i], other.Children[i]);
                break;
            case YamlMappingNode mapping:
                var map = (YamlMappingNode)actual;
                Assert.Equal(mapping.Style, map.Style);
                Assert.Equal(mapping.Children.Count, map.Children.Count);
                foreach (var ((k1, v1), (k2, v2)) in mapping.Children.Zip(map.Children))
                {
                    AssertSameNode(k1, k2);
                    AssertSameNode(v1, v2);
                }

                break;
        }
    }
}
