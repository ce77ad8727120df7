using System.Text;
using Rigsmith.Cli;

namespace Rigsmith.Tests.Cli;

/// <summary>
/// The locale rule that lets a cold start skip .NET's encoding look-up: UTF-8 exactly when .NET would also end at UTF-8
/// without a byte-order mark, and any other charset left to .NET.
/// </summary>
public sealed class ConsoleEncodingTests
{
    [Theory]
    [InlineData(null, null, "C.UTF-8", true)]
    [InlineData(null, null, "en_US.utf8", true)]
    [InlineData(null, null, "de_DE.UTF-8@euro", true)]
    [InlineData(null, null, "C", true)] // no charset: Encoding.Default, UTF-8
    [InlineData(null, null, null, true)]
    [InlineData(null, null, "en_US.ISO-8859-1", false)]
    [InlineData(null, null, "de_DE.ISO-8859-15@euro", false)]
    [InlineData("en_US.ISO-8859-1", null, "C.UTF-8", false)] // LC_ALL first
    [InlineData(" ", "fr_FR.UTF-8", "en_US.ISO-8859-1", true)] // a blank variable is skipped
    [InlineData(null, null, "en.", false)] // an empty charset is left to .NET
    public void UTF_8_when_the_first_set_locale_names_it_or_no_charset(string? lcAll, string? lcMessages, string? lang, bool utf8)
    {
        var environment = new Dictionary<string, string?> { ["LC_ALL"] = lcAll, ["LC_MESSAGES"] = lcMessages, ["LANG"] = lang };

        Assert.Equal(utf8, ConsoleEncoding.LocaleIsUtf8(environment.GetValueOrDefault));
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("UTF8")]
    [InlineData("utf-16")]
    [InlineData("iso-8859-1")]
    [InlineData("us-ascii")]
    [InlineData("latin1")]
    [InlineData("koi8-r")]
    public void Every_charset_the_rule_takes_for_UTF_8_is_UTF_8_to_dotnet_too(string charset)
    {
        var takenForUtf8 = ConsoleEncoding.LocaleIsUtf8(name => name == "LANG" ? "xx_XX." + charset : null);

        // What System.Text.EncodingHelper does with the charset: GetEncoding, and UTF-8 (Encoding.Default) when it throws.
        Encoding resolved;
        try
        {
            resolved = Encoding.GetEncoding(charset.ToLowerInvariant());
        }
        catch (ArgumentException)
        {
            resolved = Encoding.Default;
        }

        // The rule may leave a UTF-8 charset to .NET; it must never take another charset for UTF-8.
        if (takenForUtf8)
            Assert.Equal(Encoding.UTF8.CodePage, resolved.CodePage);
        else
            Assert.NotEqual("utf-8", charset, StringComparer.OrdinalIgnoreCase);
    }
}
