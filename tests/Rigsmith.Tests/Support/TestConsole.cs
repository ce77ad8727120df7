using Spectre.Console;

namespace Rigsmith.Tests.Support;

/// <summary>A console that writes to a string at a fixed width, with or without ANSI colour, as the tests need.</summary>
public static class TestConsole
{
    public static IAnsiConsole Create(TextWriter output, int width, bool ansi = false)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ansi ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        return console;
    }

    /// <summary>What <paramref name="write"/> writes on such a console.</summary>
    public static string Render(int width, bool ansi, Action<IAnsiConsole> write)
    {
        var output = new StringWriter();
        write(Create(output, width, ansi));
        return output.ToString();
    }

    /// <summary>The first line (1-based) where two texts differ, with both versions of it; 0 when they are equal.</summary>
    public static (int Number, string Expected, string Actual) FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : "<end of text>";
            var y = i < b.Length ? b[i] : "<end of text>";
            if (x != y)
                return (i + 1, x, y);
        }

        return (0, "", "");
    }
}
