using System.Text;

namespace Rigsmith.Cli;

/// <summary>
/// The console's output encoding, without .NET's look-up when the locale names UTF-8. On Linux, <c>Console.OutputEncoding</c>
/// takes the charset of the first of LC_ALL, LC_MESSAGES and LANG that is set, and resolves it through
/// <c>Encoding.GetEncoding</c> (a name table built on first use, over a tenth of a millisecond of a cold start); no
/// charset, or one it does not know, means UTF-8. When the charset is UTF-8 or absent, the answer is UTF-8 without a
/// byte-order mark either way, so it is set directly; any other charset is left to .NET.
/// </summary>
public static class ConsoleEncoding
{
    /// <summary>Sets the console's output encoding to UTF-8 when the locale says so; returns the encoding in use.</summary>
    public static Encoding Resolve()
    {
        if (LocaleIsUtf8(Environment.GetEnvironmentVariable))
            Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        return Console.OutputEncoding;
    }

    /// <summary>Whether the locale's charset is UTF-8 or absent, read as .NET's System.Text.EncodingHelper reads it on Unix.</summary>
    public static bool LocaleIsUtf8(Func<string, string?> variable)
    {
        string? locale = null;
        foreach (var name in (ReadOnlySpan<string>)["LC_ALL", "LC_MESSAGES", "LANG"])
        {
            locale = variable(name);
            if (!string.IsNullOrWhiteSpace(locale))
                break;
        }

        var dot = locale?.IndexOf('.') ?? -1;
        if (dot < 0)
            return true;
        var start = dot + 1;
        // As .NET does: the modifier's '@' is looked for from the second character of the charset on.
        var at = locale!.IndexOf('@', Math.Min(start + 1, locale.Length));
        var charset = at < start ? locale.AsSpan(start) : locale.AsSpan(start, at - start);
        return charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }
}
