using System.Text;
using Rigsmith.Cli;

namespace Rigsmith.Tests.Cli;

/// <summary>Standard error written after buffered standard output reaches the terminal after it.</summary>
public class OrderedErrorWriterTests
{
    /// <summary>Both streams' text as the terminal receives it, in order.</summary>
    private sealed class Terminal
    {
        public StringBuilder Received { get; } = new();
    }

    private sealed class TerminalStream(Terminal terminal) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => terminal.Received.Append(Encoding.UTF8.GetString(buffer, offset, count));
    }

    [Fact]
    public void Error_text_follows_the_output_written_before_it()
    {
        var terminal = new Terminal();
        var output = new StreamWriter(new TerminalStream(terminal), new UTF8Encoding(false), 4096) { AutoFlush = false };
        var error = new StreamWriter(new TerminalStream(terminal), new UTF8Encoding(false)) { AutoFlush = true };

        output.Write("rig: yaml\n");
        new OrderedErrorWriter(error, output).WriteLine("2 lines not matched");
        output.Write("more\n");
        output.Flush();

        Assert.Equal("rig: yaml\n2 lines not matched\nmore\n", terminal.Received.ToString());

        // Without it, the error overtakes the buffered output.
        var unordered = new Terminal();
        var bufferedOutput = new StreamWriter(new TerminalStream(unordered), new UTF8Encoding(false), 4096) { AutoFlush = false };
        var plainError = new StreamWriter(new TerminalStream(unordered), new UTF8Encoding(false)) { AutoFlush = true };
        bufferedOutput.Write("rig: yaml\n");
        plainError.WriteLine("2 lines not matched");
        bufferedOutput.Flush();
        Assert.Equal("2 lines not matched\nrig: yaml\n", unordered.Received.ToString());
    }
}
