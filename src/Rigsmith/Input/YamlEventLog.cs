using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using TagDirective = YamlDotNet.Core.Tokens.TagDirective;

namespace Rigsmith.Input;

/// <summary>
/// A YAML text's parsing events, recorded in a compact binary form and replayed later through YamlDotNet's own node
/// builder (<c>YamlStream.Load(IParser)</c>). The replay skips the scanner and parser, the costly part of reading YAML,
/// yet builds the same nodes with the same marks, so readers and their problem messages cannot tell the difference.
/// </summary>
public static class YamlEventLog
{
    private const byte Version = 1;

    private enum Kind : byte
    {
        StreamStart,
        StreamEnd,
        DocumentStart,
        DocumentEnd,
        SequenceStart,
        SequenceEnd,
        MappingStart,
        MappingEnd,
        Scalar,
        Alias,
    }

    /// <summary>The events of <paramref name="text"/>; null when it does not parse, or holds what is not recorded (directives).</summary>
    public static byte[]? Record(string text)
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer, Encoding.UTF8);
        writer.Write(Version);
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                if (!Write(writer, parser.Current!))
                    return null;
            }
        }
        catch (YamlException)
        {
            return null;
        }

        writer.Flush();
        return buffer.ToArray();
    }

    /// <summary>A parser that replays <paramref name="events"/>; a damaged record ends in <see cref="InvalidDataException"/>.</summary>
    public static IParser Replay(byte[] events) => new ReplayParser(events);

    private static bool Write(BinaryWriter writer, ParsingEvent e)
    {
        switch (e)
        {
            case StreamStart:
                writer.Write((byte)Kind.StreamStart);
                break;
            case StreamEnd:
                writer.Write((byte)Kind.StreamEnd);
                break;
            case DocumentStart d when d.Version is null:
                writer.Write((byte)Kind.DocumentStart);
                writer.Write(d.IsImplicit);
                // The parser gives every document the default directives ("!" and "!!") unless the text sets others.
                writer.Write7BitEncodedInt(d.Tags?.Count ?? 0);
                foreach (var tag in d.Tags ?? [])
                {
                    writer.Write(tag.Handle);
                    writer.Write(tag.Prefix);
                }

                break;
            case DocumentEnd d:
                writer.Write((byte)Kind.DocumentEnd);
                writer.Write(d.IsImplicit);
                break;
            case SequenceStart s:
                writer.Write((byte)Kind.SequenceStart);
                WriteName(writer, s.Anchor.IsEmpty ? null : s.Anchor.Value);
                WriteName(writer, s.Tag.IsEmpty ? null : s.Tag.Value);
                writer.Write(s.IsImplicit);
                writer.Write((byte)s.Style);
                break;
            case SequenceEnd:
                writer.Write((byte)Kind.SequenceEnd);
                break;
            case MappingStart m:
                writer.Write((byte)Kind.MappingStart);
                WriteName(writer, m.Anchor.IsEmpty ? null : m.Anchor.Value);
                WriteName(writer, m.Tag.IsEmpty ? null : m.Tag.Value);
                writer.Write(m.IsImplicit);
                writer.Write((byte)m.Style);
                break;
            case MappingEnd:
                writer.Write((byte)Kind.MappingEnd);
                break;
            case Scalar s:
                writer.Write((byte)Kind.Scalar);
                WriteName(writer, s.Anchor.IsEmpty ? null : s.Anchor.Value);
                WriteName(writer, s.Tag.IsEmpty ? null : s.Tag.Value);
                writer.Write(s.Value);
                writer.Write((byte)s.Style);
                writer.Write((byte)((s.IsPlainImplicit ? 1 : 0) | (s.IsQuotedImplicit ? 2 : 0) | (s.IsKey ? 4 : 0)));
                break;
            case AnchorAlias a:
                writer.Write((byte)Kind.Alias);
                writer.Write(a.Value.Value);
                break;
            default:
                return false;
        }

        WriteMark(writer, e.Start);
        WriteMark(writer, e.End);
        return true;
    }

    private static void WriteName(BinaryWriter writer, string? name)
    {
        writer.Write(name is not null);
        if (name is not null)
            writer.Write(name);
    }

    private static void WriteMark(BinaryWriter writer, Mark mark)
    {
        writer.Write7BitEncodedInt64(mark.Index);
        writer.Write7BitEncodedInt64(mark.Line);
        writer.Write7BitEncodedInt64(mark.Column);
    }

    private sealed class ReplayParser : IParser
    {
        private readonly BinaryReader _reader;

        public ReplayParser(byte[] events)
        {
            _reader = new BinaryReader(new MemoryStream(events, writable: false), Encoding.UTF8);
            if (events.Length == 0 || _reader.ReadByte() != Version)
                throw new InvalidDataException("not a YAML event record of this version");
        }

        public ParsingEvent? Current { get; private set; }

        public bool MoveNext()
        {
            if (_reader.BaseStream.Position >= _reader.BaseStream.Length)
            {
                Current = null;
                return false;
            }

            try
            {
                Current = Read();
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException("the YAML event record ends early", e);
            }

            return true;
        }

        private ParsingEvent Read()
        {
            var kind = (Kind)_reader.ReadByte();
            switch (kind)
            {
                case Kind.StreamStart:
                    return new StreamStart(ReadMark(), ReadMark());
                case Kind.StreamEnd:
                    return new StreamEnd(ReadMark(), ReadMark());
                case Kind.DocumentStart:
                    {
                        var isImplicit = _reader.ReadBoolean();
                        var count = _reader.Read7BitEncodedInt();
                        var tags = new TagDirectiveCollection();
                        for (var i = 0; i < count; i++)
                            tags.Add(new TagDirective(_reader.ReadString(), _reader.ReadString()));
                        return new DocumentStart(null, tags, isImplicit, ReadMark(), ReadMark());
                    }

                case Kind.DocumentEnd:
                    {
                        var isImplicit = _reader.ReadBoolean();
                        return new DocumentEnd(isImplicit, ReadMark(), ReadMark());
                    }

                case Kind.SequenceStart:
                    {
                        var (anchor, tag, isImplicit, style) = (ReadAnchor(), ReadTag(), _reader.ReadBoolean(), (SequenceStyle)_reader.ReadByte());
                        return new SequenceStart(anchor, tag, isImplicit, style, ReadMark(), ReadMark());
                    }

                case Kind.SequenceEnd:
                    return new SequenceEnd(ReadMark(), ReadMark());
                case Kind.MappingStart:
                    {
                        var (anchor, tag, isImplicit, style) = (ReadAnchor(), ReadTag(), _reader.ReadBoolean(), (MappingStyle)_reader.ReadByte());
                        return new MappingStart(anchor, tag, isImplicit, style, ReadMark(), ReadMark());
                    }

                case Kind.MappingEnd:
                    return new MappingEnd(ReadMark(), ReadMark());
                case Kind.Scalar:
                    {
                        var (anchor, tag, value, style, flags) = (ReadAnchor(), ReadTag(), _reader.ReadString(), (ScalarStyle)_reader.ReadByte(), _reader.ReadByte());
                        return new Scalar(anchor, tag, value, style, (flags & 1) != 0, (flags & 2) != 0, ReadMark(), ReadMark(), (flags & 4) != 0);
                    }

                case Kind.Alias:
                    {
                        var name = new AnchorName(_reader.ReadString());
                        return new AnchorAlias(name, ReadMark(), ReadMark());
                    }

                default:
                    throw new InvalidDataException($"unknown YAML event {(byte)kind} in the record");
            }
        }

        private AnchorName ReadAnchor() => _reader.ReadBoolean() ? new AnchorName(_reader.ReadString()) : AnchorName.Empty;

        private TagName ReadTag() => _reader.ReadBoolean() ? new TagName(_reader.ReadString()) : TagName.Empty;

        private Mark ReadMark() => new(_reader.Read7BitEncodedInt64(), _reader.Read7BitEncodedInt64(), _reader.Read7BitEncodedInt64());
    }
}
