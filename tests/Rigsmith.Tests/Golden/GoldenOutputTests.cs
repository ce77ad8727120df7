using System.Text;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Golden;

/// <summary>
/// The golden suite: the output of every command on every example rig, stored as expected files under
/// <c>Golden/expected/</c>. A change that alters an output updates the file in the same commit and says why in its
/// closing note. Set <c>RIGSMITH_UPDATE_GOLDEN=1</c> to rewrite the files from the current build, then read the diff.
/// </summary>
public sealed partial class GoldenOutputTests
{
    private static readonly string[] Examples =
    [
        "4x3090-x299-dark", "4x3090-c9x299-rpgf", "4x3090-i7-7820x", "4x3090-open-air",
        "2x3090-nvlink-am5", "4x4090-wrx80", "6xp40-mining-frame", "4xa6000-epyc-4u",
    ];

    private static readonly string[] PartListFormats = ["pcpartpicker", "reddit", "bbcode", "text", "csv", "json"];

    /// <summary>
    /// A path of fixed length that links to this checkout (falling back to the checkout itself where links cannot be
    /// made), so the expected files do not depend on where the repository was cloned. It is under /tmp whatever TMPDIR
    /// says (the length is what matters), and named after the checkout, so two checkouts can run the suite at once.
    /// </summary>
    private static readonly Lazy<string> StableRoot = new(() =>
    {
        var checkout = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Repo.Root)))[..6];
        var link = Path.Combine(OperatingSystem.IsWindows() ? Path.GetTempPath() : "/tmp", "rigsmith-gold-" + checkout);
        try
        {
            var info = new DirectoryInfo(link);
            if (info.LinkTarget is { } target && Path.GetFullPath(target) == Path.GetFullPath(Repo.Root))
                return link;
            // A link left by another checkout (or one whose target is gone) is removed as a link: DirectoryInfo.Delete
            // throws on a dangling one, and the fallback below would then wrap lines at another width.
            if (info.LinkTarget is not null)
                File.Delete(link);
            else if (info.Exists)
                info.Delete();
            Directory.CreateSymbolicLink(link, Repo.Root);
            return link;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return Repo.Root;
        }
    });

    /// <summary>Each case: a file name and the arguments, with rig paths relative to the repository root.</summary>
    public static TheoryData<string, string[]> Cases()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var example in Examples)
        {
            var rig = $"examples/{example}.rig.yaml";
            foreach (var format in new[] { "text", "json", "markdown" })
                data.Add($"check/{example}.{format}", ["check", rig, "--format", format]);
            data.Add($"power/{example}.text", ["power", rig]);
            data.Add($"power/{example}.json", ["power", rig, "--format", "json"]);
            data.Add($"export/{example}.article", ["export", rig, "--to", "article"]);
            foreach (var format in PartListFormats)
                data.Add($"export/{example}.{format}", ["export", rig, "--to", format]);
        }

        foreach (var example in new[] { "4x3090-x299-dark", "4x3090-c9x299-rpgf", "2x3090-nvlink-am5", "4xa6000-epyc-4u" })
        {
            var rig = $"examples/{example}.rig.yaml";
            data.Add($"fit/{example}.text", ["fit", rig]);
            data.Add($"fit/{example}.json", ["fit", rig, "--format", "json"]);
            data.Add($"fit/{example}.markdown", ["fit", rig, "--format", "markdown"]);
            data.Add($"fit/{example}.search.text", ["fit", rig, "--search"]);
            data.Add($"fit/{example}.search.json", ["fit", rig, "--search", "--format", "json"]);
            data.Add($"export/{example}.html", ["export", rig, "--to", "html"]);
        }

        data.Add("fit/flags.text", ["fit", "examples/4x3090-x299-dark.rig.yaml", "--optimizer", "adafactor", "--trainable-fraction", "0.7", "--gpus", "2"]);
        data.Add("fit/validate.text", ["fit", "--validate"]);
        data.Add("fit/validate.json", ["fit", "--validate", "--format", "json"]);
        // With the OpenDB tier the whole catalog is some 22,000 parts: the goldens list slices of it.
        data.Add("parts/adapter.text", ["parts", "--category", "adapter"]);
        data.Add("parts/3090-gpu.text", ["parts", "3090", "--category", "gpu"]);
        data.Add("parts/x299-dark.json", ["parts", "x299", "dark", "--format", "json"]);
        data.Add("parts/rm850x-psu.markdown", ["parts", "corsair", "rm850x", "--category", "psu", "--format", "markdown"]);
        data.Add("part/opendb-board.text", ["part", "asus-rog-strix-b550-f-gaming-wifi"]);
        data.Add("part/i9-7960x.text", ["part", "i9-7960x"]);
        data.Add("part/i9-7960x.json", ["part", "i9-7960x", "--format", "json"]);
        data.Add("catalog/lint.text", ["catalog", "lint"]);
        data.Add("catalog/lint.json", ["catalog", "lint", "--format", "json"]);
        data.Add("import/leading-pipes", ["import", "tests/Rigsmith.Tests/Publishing/Fixtures/leading-pipes.md"]);
        data.Add("import/custom-and-fuzzy", ["import", "tests/Rigsmith.Tests/Publishing/Fixtures/custom-and-fuzzy.txt"]);
        data.Add("errors/unknown-rig", ["check", "examples/no-such.rig.yaml"]);
        data.Add("errors/unknown-command", ["frobnicate"]);
        data.Add("errors/unknown-option", ["check", "examples/4x3090-x299-dark.rig.yaml", "--formt", "json"]);
        data.Add("errors/bad-format", ["check", "examples/4x3090-x299-dark.rig.yaml", "--format", "yamlish"]);
        data.Add("errors/catalog-branch", ["catalog"]);
        foreach (var format in new[] { "text", "json", "markdown", "prometheus" })
            data.Add($"doctor/reference-rig-differing.{format}", ["doctor", "examples/4x3090-x299-dark.rig.yaml", "--from", "tests/Rigsmith.Tests/Doctor/Fixtures/reference-rig-differing", "--format", format]);
        data.Add("doctor/sata-link-resets.text", ["doctor", "--from", "tests/Rigsmith.Tests/Doctor/Fixtures/sata-link-resets"]);
        data.Add("errors/doctor-missing-folder", ["doctor", "--from", "tests/no-such-folder"]);
        data.Add("errors/exporter-bad-listen", ["exporter", "--listen", "localhost:http"]);
        data.Add("errors/exporter-bad-interval", ["exporter", "--interval", "0"]);
        data.Add("errors/exporter-missing-folder", ["exporter", "--from", "tests/no-such-folder"]);
        data.Add("errors/optimize-missing-spec", ["optimize", "examples/no-such.optimize.yaml"]);
        data.Add("errors/optimize-bad-format", ["optimize", "examples/sdxl-full-120v.optimize.yaml", "--format", "csv"]);
        foreach (var command in new[] { "check", "power", "fit", "parts", "part", "export", "import", "optimize", "doctor", "exporter" })
            data.Add($"help/{command}", [command, "--help"]);
        data.Add("help/catalog-lint", ["catalog", "lint", "--help"]);
        data.Add("help/rigsmith", ["--help"]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_matches_the_expected_file(string name, string[] args) =>
        Compare(name, args, absolute => CliRunner.Run([.. absolute]));

    /// <summary>
    /// The same cases through the published native binary (Native AOT, trimmed), which .ci/run builds and names in
    /// <c>RIGSMITH_PUBLISHED</c>: a change that breaks trimming or AOT (a member only reflection reaches, a dynamic
    /// code path) shows here as a difference from the JIT build's expected output.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Published_binary_output_matches_the_expected_file(string name, string[] args)
    {
        var binary = Environment.GetEnvironmentVariable(PublishedBinary.Variable);
        Skip.If(string.IsNullOrEmpty(binary), $"{PublishedBinary.Variable} is not set; .ci/run publishes the native binary and sets it.");
        Compare(name, args, absolute => PublishedBinary.Run(binary!, absolute, CliRunner.DefaultWidth));
    }

    private static void Compare(string name, string[] args, Func<List<string>, CliRunner.Result> run)
    {
        // Paths go through a link of the same length on every machine, so lines that name a file wrap the same way
        // in any checkout; the link's prefix is then taken off.
        var root = StableRoot.Value;
        var absolute = args.Select(a => a.StartsWith("examples/", StringComparison.Ordinal) || a.StartsWith("tests/", StringComparison.Ordinal)
            ? Path.Combine(root, a) : a).ToList();
        if (Rigsmith.Cli.CommandLineErrors.CommandPath(absolute) != "")
            absolute.AddRange(["--catalog", Path.Combine(root, "catalog")]);
        var result = run(absolute);
        var actual = Normalize(new StringBuilder()
            .Append("$ rigsmith ").AppendJoin(' ', args).Append('\n')
            .Append("exit ").Append(result.ExitCode).Append('\n')
            .Append("--- stdout\n").Append(result.Out)
            .Append("\n--- stderr\n").Append(result.Error)
            .ToString());

        var path = Path.Combine(Repo.Root, "tests", "Rigsmith.Tests", "Golden", "expected", name + ".txt");
        if (Environment.GetEnvironmentVariable("RIGSMITH_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"no expected file {path}; run the tests with RIGSMITH_UPDATE_GOLDEN=1 to create it");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            var line = TestConsole.FirstDifference(expected, actual);
            Assert.Fail($"{name}: output differs from {path} at line {line.Number}:\n  expected: {line.Expected}\n  actual:   {line.Actual}\n" +
                "If the change is intended, rerun with RIGSMITH_UPDATE_GOLDEN=1 and explain the difference in the commit.");
        }
    }

    /// <summary>
    /// Paths of this checkout become relative, so the files match on any machine; SVG clip-path ids (Skia numbers them
    /// from a process-wide counter) are renumbered in order of appearance, so they do not depend on what ran before.
    /// </summary>
    internal static string Normalize(string text)
    {
        var relative = text.ReplaceLineEndings("\n").Replace(StableRoot.Value + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)
            .Replace(Repo.Root + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipId().Replace(relative, m =>
        {
            if (!ids.TryGetValue(m.Value, out var renamed))
                ids[m.Value] = renamed = "cl_" + ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return renamed;
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bcl_[0-9a-f]+\b")]
    private static partial System.Text.RegularExpressions.Regex ClipId();
}
