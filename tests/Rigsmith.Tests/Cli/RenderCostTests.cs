using Rigsmith.Analysis;
using Rigsmith.Cli.Rendering;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Cli;

/// <summary>
/// What laying out the terminal report costs, counted in bytes allocated rather than timed so that the test does not
/// depend on the machine; on a cold start of the native binary each of those bytes is memory touched for the first time.
/// </summary>
public class RenderCostTests
{
    /// <summary>
    /// The reference rig's check report is about 34,000 characters. The layout's buffer holds them as UTF-16 and grows in
    /// chunks (about 2 bytes a character), the report's cells are strings of their own, and each cell is a StyledText;
    /// in all about 9 bytes a character. With a list of segments per hard line and per wrapped line it was 23.
    /// </summary>
    [Theory]
    [InlineData(40)]
    [InlineData(80)]
    [InlineData(160)]
    public void Rendering_the_reference_check_report_allocates_a_few_bytes_per_character(int width)
    {
        var loaded = Repo.LoadWithJob("4x3090-x299-dark.rig.yaml");
        var report = Analyzer.Check(loaded.Rig, loaded.Job);
        TerminalReport.Write(new TextLayout(width, ansi: true), report, "rigsmith check"); // code jitted, statics made

        var layout = new TextLayout(width, ansi: true);
        var before = GC.GetAllocatedBytesForCurrentThread();
        TerminalReport.Write(layout, report, "rigsmith check");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var characters = layout.ToString().Length;
        Assert.True(characters > 20_000, $"{characters} characters");
        Assert.True(allocated < 12 * characters, $"{allocated} bytes allocated for {characters} characters at {width} columns");
    }
}
