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
        foreach (var encoding in new Encoding[] { Encoding.UTF32, new UTF32Encoding(true, true), Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode })
        {
            var bom = encoding.Preamble;
            if (bom.Length > 0 && data.StartsWith(bom))
                return encoding.GetString(data[bom.Length..]);
        }

        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(data, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status == OperationStatus.Done)
            return new string(chars, 0, written);

        var line = data[..read].Count((byte)'\n') + 1;
        var column = read - (data[..read].LastIndexOf((byte)'\n') + 1) + 1;
        sink.Add(null, "", $"is not valid UTF-8: byte 0x{bytes[read]:X2} at line {line}, column {column}",
            "save the file as UTF-8, or with a byte-order mark that names its encoding");
        return null;
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
