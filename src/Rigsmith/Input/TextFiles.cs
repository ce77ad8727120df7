using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Rigsmith.Input;

/// <summary>Reads the text files users give (rig files, catalog files, part-list exports) without guessing.</summary>
public static class TextFiles
{
    /// <summary>
    /// The file's text: as its byte-order mark says (UTF-8, UTF-16, UTF-32), else strict UTF-8. Bytes that are not UTF-8
    /// (a Latin-1 file) are a problem naming the first bad byte and its line, never silently replaced.
    /// </summary>
    public static string? Decode(byte[] bytes, ProblemSink sink)
    {
        ReadOnlySpan<byte> data = bytes;
        if (data.StartsWith(Encoding.UTF8.Preamble))
            return StrictUtf8(bytes, Encoding.UTF8.Preamble.Length, sink);

        // UTF-32 before UTF-16: the UTF-32 little-endian mark begins with the UTF-16 one. Strict decoders: a bad
        // sequence is a problem, never a replacement character.
        foreach (var (encoding, name) in new (Encoding, string)[]
        {
            (new UTF32Encoding(false, true, true), "UTF-32"), (new UTF32Encoding(true, true, true), "UTF-32"),
            (new UnicodeEncoding(false, true, true), "UTF-16"), (new UnicodeEncoding(true, true, true), "UTF-16"),
        })
        {
            var bom = encoding.Preamble;
            if (!data.StartsWith(bom))
                continue;
            try
            {
                return encoding.GetString(data[bom.Length..]);
            }
            catch (DecoderFallbackException e)
            {
                sink.Add(null, "", $"is not valid {name}: {e.Message}", $"save the file as {name} without broken characters, or as UTF-8");
                return null;
            }
        }

        return StrictUtf8(bytes, 0, sink);
    }

    private static string? StrictUtf8(byte[] bytes, int start, ProblemSink sink)
    {
        ReadOnlySpan<byte> data = bytes.AsSpan(start);
        var chars = new char[data.Length];
        var status = Utf8.ToUtf16(data, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status == OperationStatus.Done)
            return new string(chars, 0, written);

        var before = data[..read];
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        // The column counts characters, not bytes: the valid text before the bad byte decodes cleanly.
        var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        sink.Add(null, "", $"is not valid UTF-8: byte 0x{data[read]:X2} at line {line}, column {column}",
            "save the file as UTF-8, or with a byte-order mark that names its encoding");
        return null;
    }

    /// <summary>Reads a whole stream (standard input) and decodes it as strictly as a file.</summary>
    public static string? Read(Stream stream, ProblemSink sink) => Decode(ReadAllBytes(stream), sink);

    /// <summary>Every byte left in <paramref name="stream"/>.</summary>
    public static byte[] ReadAllBytes(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Reads and decodes a whole file; null with a problem in <paramref name="sink"/> when it cannot.</summary>
    public static string? Read(string path, ProblemSink sink)
    {
        if (!File.Exists(path))
        {
            sink.Add(null, "", "file not found");
            return null;
        }

        try
        {
            return Decode(File.ReadAllBytes(path), sink);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            sink.Add(null, "", $"cannot be read: {e.Message}");
            return null;
        }
    }
}
