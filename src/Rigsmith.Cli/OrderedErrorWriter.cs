using System.Text;

namespace Rigsmith.Cli;

/// <summary>
/// Standard error that first hands on what standard output still holds in its buffer (Program.cs buffers it), so a
/// terminal that shows both streams shows them in the order they were written: `import` writes the rig to standard
/// output and then its report of unmatched lines to standard error.
/// </summary>
internal sealed class OrderedErrorWriter(TextWriter error, TextWriter output) : TextWriter
{
    public override Encoding Encoding => error.Encoding;

    public override IFormatProvider FormatProvider => error.FormatProvider;

    public override void Write(char value)
    {
        output.Flush();
        error.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        output.Flush();
        error.Write(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        output.Flush();
        error.Write(buffer);
    }

    public override void Write(string? value)
    {
        output.Flush();
        error.Write(value);
    }

    public override void WriteLine(string? value)
    {
        output.Flush();
        error.WriteLine(value);
    }

    public override void WriteLine(ReadOnlySpan<char> buffer)
    {
        output.Flush();
        error.WriteLine(buffer);
    }

    public override void Flush() => error.Flush();
}
