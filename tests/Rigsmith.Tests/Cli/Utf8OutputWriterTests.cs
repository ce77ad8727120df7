using System.Text;
using Rigsmith.Cli;

namespace Rigsmith.Tests.Cli;

/// <summary>Standard output's writer gives exactly the bytes .NET's own UTF-8 encoder gives for the same text.</summary>
public sealed class Utf8OutputWriterTests
{
    [Fact]
    public void Bytes_are_the_UTF_8_of_the_text_across_buffer_ends_and_split_surrogate_pairs()
    {
        // Box drawing (3 bytes), a micro sign (2), an emoji (a surrogate pair, 4): enough to cross the 4,096-byte buffer
        // several times with characters straddling its end, and a pair split between two writes.
        var piece = "── Ω 12 µs 🙂 ";
        var text = new StringBuilder();
        var stream = new MemoryStream();
        using (var writer = new Utf8OutputWriter(stream))
        {
            for (var i = 0; i < 900; i++)
            {
                writer.Write(piece);
                text.Append(piece);
            }

            var pair = "🙂";
            writer.Write(pair[0]);
            writer.Write(pair[1]);
            writer.WriteLine("end");
            text.Append(pair).Append("end").Append(writer.NewLine);
            writer.Flush();
            Assert.Equal(Encoding.UTF8.GetBytes(text.ToString()), stream.ToArray());
        }
    }

    [Fact]
    public void Nothing_reaches_the_stream_before_a_buffer_fills_or_a_flush()
    {
        var stream = new MemoryStream();
        var writer = new Utf8OutputWriter(stream);

        writer.Write("rigsmith check");
        Assert.Equal(0, stream.Length);
        writer.Flush();
        Assert.Equal("rigsmith check"u8.ToArray(), stream.ToArray());
    }

    [Fact]
    public void A_failed_write_is_reported_once_and_the_next_flush_succeeds()
    {
        var writer = new Utf8OutputWriter(new FailingStream());
        writer.Write("report");

        Assert.Throws<IOException>(writer.Flush);
        writer.Flush(); // what the error's report does before it writes: nothing is left to fail again
    }

    private sealed class FailingStream : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("No space left on device");
    }
}
