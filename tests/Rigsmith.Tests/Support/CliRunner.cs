using Rigsmith.Cli;

namespace Rigsmith.Tests.Support;

/// <summary>Runs the real command line in-process and captures what it writes.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error);

    /// <summary>The console width of <see cref="Run(string[])"/>: wide enough that most tables do not wrap.</summary>
    public const int DefaultWidth = 160;

    public static Result Run(params string[] args) => RunWithInput(null, args);

    /// <summary>Runs the command line on a console of <paramref name="width"/> columns.</summary>
    public static Result RunAtWidth(int width, params string[] args) => Run(null, width, args);

    /// <summary>Runs the command line with <paramref name="stdin"/> as its standard input.</summary>
    public static Result RunWithInput(string? stdin, params string[] args) => Run(stdin is null ? null : System.Text.Encoding.UTF8.GetBytes(stdin), DefaultWidth, args);

    /// <summary>Runs the command line with these bytes as its standard input (another encoding, a byte-order mark).</summary>
    public static Result RunWithBytes(byte[] stdin, params string[] args) => Run(stdin, DefaultWidth, args);

    private static Result Run(byte[]? stdin, int width, string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = TestConsole.Create(output, width);
        // The repository's catalog, for every command that reads one (not for bare 'rigsmith --version' or a branch).
        var takesCatalog = CommandLineErrors.CommandPath(args) != "" && !args.Contains("--catalog");
        var withCatalog = takesCatalog ? [.. args, "--catalog", Repo.CatalogDirectory] : args;
        var code = RigsmithApp.Run(withCatalog, new CliIo(console, error, stdin is null ? null : new MemoryStream(stdin)));
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>Writes <paramref name="content"/> to a fresh temporary file and returns its path.</summary>
    public static string TempFile(string content, string extension = ".rig.yaml")
    {
        var directory = Path.Combine(Path.GetTempPath(), "rigsmith-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "rig" + extension);
        File.WriteAllText(path, content);
        return path;
    }
}
