using System.Text.RegularExpressions;
using Rigsmith.Analysis;
using Rigsmith.Analysis.Electrical;
using Rigsmith.Catalog;
using Rigsmith.Cli.Rendering;
using Rigsmith.Input;
using Rigsmith.Planning;
using Rigsmith.Reporting;
using Rigsmith.Tests.Support;
using Rigsmith.Tests.Support.SpectreReference;
using Rigsmith.Training.Validation;
using Spectre.Console;

namespace Rigsmith.Tests.Cli;

/// <summary>
/// The terminal views lay out their own text (<see cref="TextLayout"/>); it must be, byte for byte, the text the
/// Spectre.Console widgets drew before (kept as the reference in Support/SpectreReference), at every width.
/// </summary>
public sealed partial class TextLayoutEquivalenceTests
{
    private static readonly int[] Widths = [40, 60, 80, 100, 160];

    public static TheoryData<string> Rigs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "examples"), "*.rig.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    private static LoadedRig Load(string rig)
    {
        var loaded = RigInput.Load(RigSource.File(Repo.Example(rig)), Repo.Catalog, () => LoadResult<Rigsmith.Training.Models.ModelZoo>.Success(Repo.Zoo));
        Assert.True(loaded.Ok, string.Join("\n", loaded.Problems));
        return loaded.Value!;
    }

    [Theory]
    [MemberData(nameof(Rigs))]
    public void CheckAndPowerReportsAreTheSpectreText(string rig)
    {
        var loaded = Load(rig);
        var check = Analyzer.Check(loaded.Rig, loaded.Job);
        var power = Analyzer.Run(AnalysisContext.For(loaded.Rig), [new ElectricalAnalysis()]);
        AssertSame(rig + " check", c => SpectreTerminalReport.Write(c, check), c => TerminalReport.Write(c, check));
        AssertSame(rig + " power", c => SpectreTerminalReport.Write(c, power, "rigsmith power"), c => TerminalReport.Write(c, power, "rigsmith power"));
    }

    [Theory]
    [MemberData(nameof(Rigs))]
    public void FitViewsAreTheSpectreText(string rig)
    {
        var loaded = Load(rig);
        if (loaded.Job is not { } job)
            return;
        var plan = Planner.Build(loaded.Rig, job, new PlanOptions(SearchTop: 5)).Training!;
        AssertSame(rig + " fit", c => SpectreFitView.Write(c, plan.Estimate, null), c => FitView.Write(c, plan.Estimate, null));
        AssertSame(rig + " fit --search", c => SpectreFitView.Write(c, plan.Estimate, plan.Candidates), c => FitView.Write(c, plan.Estimate, plan.Candidates));
        AssertSame(rig + " fit --search, none", c => SpectreFitView.Write(c, plan.Estimate, []), c => FitView.Write(c, plan.Estimate, []));
    }

    [Theory]
    [MemberData(nameof(Rigs))]
    public void FitViewsInColourAreTheSpectreText(string rig)
    {
        // The breakdown chart is laid out here too; in colour, each item's bar, square and value carry its colour as
        // Spectre gives it on a 16-colour terminal.
        var loaded = Load(rig);
        if (loaded.Job is not { } job)
            return;
        var plan = Planner.Build(loaded.Rig, job, new PlanOptions(SearchTop: 5)).Training!;
        foreach (var width in Widths)
        {
            var plain = TestConsole.Render(width, ansi: false, c => FitView.Write(c, plan.Estimate, plan.Candidates));
            var actual = TestConsole.Render(width, ansi: true, c => FitView.Write(c, plan.Estimate, plan.Candidates));
            Assert.Equal(plain, Sgr().Replace(actual, ""));
            Assert.Contains("\e[94m█", actual, StringComparison.Ordinal);

            // The chart's lines (the bars and the tags) are Spectre's, escape sequences included.
            var expected = TestConsole.Render(width, ansi: true, c => SpectreFitView.Write(c, plan.Estimate, plan.Candidates));
            Assert.Equal(ChartLines(expected), ChartLines(actual));
        }

        static List<string> ChartLines(string text) => text.Split('\n').Where(l => l.Contains('█') || l.Contains('■')).ToList();
    }

    [Fact]
    public void FitViewsAreTheSpectreTextAtNarrowWidths()
    {
        // Narrow enough that a tag wraps onto a second line, which carries no square, and wide enough for the tags of the
        // job as set (which has no allocator cache, the longest tag) to stand two or more to a row.
        var loaded = Load("4x3090-x299-dark.rig.yaml");
        var plan = Planner.Build(loaded.Rig, loaded.Job!, new PlanOptions(SearchTop: 5)).Training!;
        foreach (var width in new[] { 3, 12, 30, 45, 50, 55, 60, 65, 70, 75, 90, 120 })
        {
            var expected = TestConsole.Render(width, ansi: false, c => SpectreFitView.Write(c, plan.Estimate, plan.Candidates));
            var actual = TestConsole.Render(width, ansi: false, c => FitView.Write(c, plan.Estimate, plan.Candidates));
            if (width >= 65)
                Assert.Contains(actual.Split('\n'), l => l.Count(ch => ch == '■') >= 2);
            var line = TestConsole.FirstDifference(expected, actual);
            Assert.True(line.Number == 0, $"fit at width {width}, line {line.Number}:\n  Spectre:    [{line.Expected}]\n  TextLayout: [{line.Actual}]");
        }
    }

    [Fact]
    public void ValidationViewIsTheSpectreText()
    {
        var cases = MeasuredCases.Load(Path.Combine(Repo.Root, "models", "measurements.yaml"));
        Assert.True(cases.Ok, string.Join("\n", cases.Problems));
        var results = MeasuredCases.Evaluate(cases.Value!, Repo.Zoo);
        AssertSame("fit --validate", c => SpectreFitView.WriteValidation(c, results), c => FitView.WriteValidation(c, results));
    }

    [Fact]
    public void PartViewsAreTheSpectreText()
    {
        var parts = Repo.CuratedCatalog.All.ToList();
        AssertSame("parts", c => SpectrePartsView.WriteList(c, parts), c => PartsView.WriteList(c, parts));
        AssertSame("parts none", c => SpectrePartsView.WriteList(c, []), c => PartsView.WriteList(c, []));
        foreach (var part in parts)
            AssertSame("part " + part.Id, c => SpectrePartsView.WriteDetail(c, part), c => PartsView.WriteDetail(c, part));
    }

    [Fact]
    public void CatalogLintViewIsTheSpectreText()
    {
        var report = CatalogLint.Run(Repo.CuratedCatalog);
        AssertSame("catalog lint", c => SpectreCatalogLintView.Write(c, report), c => CatalogLintView.Write(c, report));
    }

    [Theory]
    [MemberData(nameof(Rigs))]
    public void ColourIsOnlyEscapeSequencesAroundThePlainText(string rig)
    {
        var loaded = Load(rig);
        var check = Analyzer.Check(loaded.Rig, loaded.Job);
        foreach (var width in Widths)
        {
            var plain = TestConsole.Render(width, ansi: false, c => TerminalReport.Write(c, check));
            var coloured = TestConsole.Render(width, ansi: true, c => TerminalReport.Write(c, check));
            Assert.Contains("\e[", coloured, StringComparison.Ordinal);
            Assert.Equal(plain, Sgr().Replace(coloured, ""));
        }
    }

    [Fact]
    public void LintColourIsOnlyEscapeSequencesAroundThePlainText()
    {
        var report = CatalogLint.Run(Repo.CuratedCatalog);
        var plain = TestConsole.Render(80, ansi: false, c => CatalogLintView.Write(c, report));
        var coloured = TestConsole.Render(80, ansi: true, c => CatalogLintView.Write(c, report));
        Assert.Equal(plain, Sgr().Replace(coloured, ""));
    }

    [Fact]
    public void WrappingEdgeCasesAreTheSpectreText()
    {
        string[] texts =
        [
            "", " ", "a", "word", "two words", "trailing space ", " leading", "many   spaces   between   words",
            "a\nb", "\n", "line\n\nafter a blank", new string('x', 70) + " and a long word", "ends exactly here at the wrap .",
            "[bold]bold[/] and [red]red[/]: [bold green]both[/][grey]joined[/]", "[[escaped]] brackets",
        ];
        foreach (var text in texts)
        {
            foreach (var width in new[] { 1, 2, 5, 7, 10, 15, 31, 40 })
            {
                AssertAt(width, $"markup '{text}'", c => c.MarkupLine(text), o => o.MarkupLine(text));
                AssertAt(width, $"padded '{text}'", c => c.Write(new Padder(new Markup(text), new Padding(2, 0, 0, 0))), o => o.Padded(StyledText.FromMarkup(text), 2));
                AssertAt(width, $"rule '{text}'", c => c.Write(new Spectre.Console.Rule(text.Replace("\n", " ", StringComparison.Ordinal)).LeftJustified()), o => o.Rule(text.Replace("\n", " ", StringComparison.Ordinal)));
                var table = new Table().Border(TableBorder.Rounded).Title("A title that wraps").AddColumn("Left").AddColumn(new TableColumn("Right").RightAligned());
                table.AddRow(text, text);
                var mine = new TextTable(TextBorder.Rounded).Title(StyledText.FromMarkup("A title that wraps")).AddColumn(StyledText.FromMarkup("Left"))
                    .AddColumn(StyledText.FromMarkup("Right"), rightAligned: true).AddRow([StyledText.FromMarkup(text), StyledText.FromMarkup(text)]);
                AssertAt(width, $"table '{text}'", c => c.Write(table), o => o.Table(mine));
            }
        }
    }

    /// <summary>
    /// A <see cref="FittingTable"/>'s blocks build "label: content" cells from runs instead of one markup string; cells
    /// that start with white space, a line break, a tag or a bracket, and empty headers, must still read as Spectre
    /// reads the whole string, as tables and as blocks.
    /// </summary>
    [Fact]
    public void FittingTableEdgeCasesAreTheSpectreText()
    {
        string[] cells =
        [
            "word", " leading space", "  two leading", "\nbreak first", "trailing   ", "a\nb", "[[bracket first", "]]closing first",
            "[bold][/] empty tag first", "[red]styled[/] first", "[bold]  spaced[/] tag", "plain [[x]] inside", new string('x', 30) + " long",
            "a " + new string(' ', 20) + "gap",
        ];
        foreach (var markupRows in new[] { false, true })
        {
            foreach (var width in new[] { 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 20, 33, 60, 200 })
            {
                var mine = new FittingTable("Edge cases", ["Id", "Text", "", "Last"], TextBorder.Rounded).RightAlign(3);
                var spectre = new SpectreFittingTable("Edge cases", ["Id", "Text", "", "Last"], TableBorder.Rounded).RightAlign(3);
                foreach (var cell in cells)
                {
                    // As plain text the markup is the text itself, brackets and all.
                    string[] row = ["id", cell, cell, cell];
                    if (markupRows)
                    {
                        string[] plain = [.. row.Select(c => Regex.Replace(c.Replace("[[", "\u0001", StringComparison.Ordinal).Replace("]]", "\u0002", StringComparison.Ordinal), @"\[[^\]]*\]", "")
                            .Replace("\u0001", "[", StringComparison.Ordinal).Replace("\u0002", "]", StringComparison.Ordinal))];
                        mine.AddRow(plain, row);
                        spectre.AddRow(plain, row);
                    }
                    else
                    {
                        mine.AddRow(row);
                        spectre.AddRow(row);
                    }
                }

                AssertAt(width, $"fitting table (markup {markupRows})", c => spectre.Write(c), mine.Write);
            }
        }
    }

    /// <summary>
    /// Help's columns (src/Rigsmith.Cli/CommandLine/HelpWriter.cs) are drawn by <see cref="TextGrid"/>; laid out with
    /// every command's real options, they must be Spectre's Grid with the same columns, at widths that make them wrap.
    /// </summary>
    [Fact]
    public void HelpGridsAreSpectresGrids()
    {
        var tree = Rigsmith.Cli.CommandLine.CommandTree.Build();
        foreach (var path in Rigsmith.Cli.CommandLine.CommandTree.Commands.Select(c => c.Path).Prepend(""))
        {
            var command = tree.Command(path)!;
            var rows = command.Options
                .Select(o => new[] { string.Join(", ", o.Aliases.Append(o.Name)), o.HasDefaultValue ? $"{o.GetDefaultValue()}" : " ", o.Description ?? "" })
                .Prepend([" ", "DEFAULT", " "])
                .ToList();
            foreach (var width in new[] { 20, 30, 40, 60, 80, 100, 160 })
            {
                var grid = new Grid()
                    .AddColumn(new GridColumn { Padding = new Padding(4, 4), NoWrap = true })
                    .AddColumn(new GridColumn { Padding = new Padding(0, 0, 4, 0) })
                    .AddColumn(new GridColumn { Padding = new Padding(0, 0) });
                var mine = new TextGrid().AddColumn(4, 4, noWrap: true).AddColumn(0, 4).AddColumn(0, 0);
                var twoColumns = new Grid()
                    .AddColumn(new GridColumn { Padding = new Padding(4, 4), NoWrap = true })
                    .AddColumn(new GridColumn { Padding = new Padding(0, 0) });
                var mineTwoColumns = new TextGrid().AddColumn(4, 4, noWrap: true).AddColumn(0, 0);
                foreach (var row in rows)
                {
                    grid.AddRow([.. row.Select(c => new Text(c))]);
                    mine.AddRow([.. row.Select(StyledText.Plain)]);
                    twoColumns.AddRow(new Text(row[0]), new Text(row[2]));
                    mineTwoColumns.AddRow(StyledText.Plain(row[0]), StyledText.Plain(row[2]));
                }

                AssertAt(width, $"options of '{path}'", c => c.Write(grid), mine.Render);
                AssertAt(width, $"two columns of '{path}'", c => c.Write(twoColumns), mineTwoColumns.Render);
            }
        }
    }

    private static void AssertAt(int width, string what, Action<IAnsiConsole> spectre, Action<TextLayout> mine)
    {
        var expected = TestConsole.Render(width, ansi: false, spectre);
        var layout = new TextLayout(width, ansi: false);
        mine(layout);
        Assert.True(expected == layout.ToString(), $"{what} at width {width}:\n--- Spectre\n{expected}\n--- TextLayout\n{layout}");
    }

    private static void AssertSame(string what, Action<IAnsiConsole> spectre, Action<IAnsiConsole> mine)
    {
        foreach (var width in Widths)
        {
            var expected = TestConsole.Render(width, ansi: false, spectre);
            var actual = TestConsole.Render(width, ansi: false, mine);
            if (expected != actual)
            {
                var line = TestConsole.FirstDifference(expected, actual);
                Assert.Fail($"{what} at width {width} differs from Spectre's text at line {line.Number}:\n  Spectre:    [{line.Expected}]\n  TextLayout: [{line.Actual}]");
            }
        }
    }

    [GeneratedRegex("\e\\[[0-9;]*m")]
    private static partial Regex Sgr();
}
