using System.CommandLine;
using Rigsmith.Cli.CommandLine;
using Rigsmith.Doctor;

namespace Rigsmith.Cli.Commands;

/// <summary>
/// <c>rigsmith serve [--listen ADDR] [--db CONNECTION] [--data DIR]</c>: the web server (docs/web.md). It is its own
/// executable, <c>rigsmith-web</c>, installed beside <c>rigsmith</c>: ASP.NET Core and the database drivers are not in the
/// native binary, whose every command would pay for them. This command checks the arguments (bad input is one message
/// and exit 2), then starts that server with them and waits for it; SIGINT and SIGTERM stop both.
/// </summary>
public sealed class ServeCommand(CliIo io)
{
    public static readonly string BinaryName = OperatingSystem.IsWindows() ? "rigsmith-web.exe" : "rigsmith-web";

    /// <summary>Names the server when it is not beside <c>rigsmith</c> (a development build).</summary>
    public const string BinaryVariable = "RIGSMITH_WEB";

    /// <summary>
    /// Assumption: port 5317, outside the ports development servers usually take (3000, 5000, 8000, 8080) and the
    /// exporter's; <c>--listen</c> changes it. The default host is this machine only.
    /// </summary>
    public const string DefaultListen = "127.0.0.1:5317";

    public static readonly CliCommand Definition = CliCommand.Leaf(
        "serve",
        "Start the web server: the check, fit, parts and import API, and saved builds with their versions.",
        ["serve", "serve --listen :8080 --db 'postgresql://rigsmith@db.lan/rigsmith'"],
        () =>
        [
            CliSymbols.Text("--listen", "ADDR", "Where to listen: HOST:PORT, or :PORT for every interface.", DefaultListen),
            CliSymbols.Text("--db", "CONNECTION", "PostgreSQL (postgresql://user:password@host/db or Host=...;Database=...) or a SQLite file; default: rigsmith.db in the data directory."),
            CliSymbols.Text("--data", "DIR", "Where the default SQLite database lives (default: $XDG_DATA_HOME/rigsmith or ~/.local/share/rigsmith)."),
        ],
        result => new Settings(result),
        (io, settings) => new ServeCommand(io).Execute(settings));

    public sealed class Settings(ParseResult result) : CatalogSettings(result)
    {
        public string Listen { get; } = result.GetRequiredValue<string>("--listen");

        public string? Db { get; } = result.GetValue<string>("--db");

        public string? DataDirectory { get; } = result.GetValue<string>("--data");

        public override string? Validate() =>
            ListenAddress.Parse(Listen).Problem is { } listen ? "--listen: " + listen
            : Db is { Length: 0 } ? "--db: give a connection string or a file"
            : null;
    }

    public int Execute(Settings settings)
    {
        var binary = Locate();
        if (!File.Exists(binary))
        {
            return io.Fail($"the web server '{binary}' is not installed: publish src/Rigsmith.Web into the folder that holds rigsmith "
                + $"(.ci/run does), or name it with {BinaryVariable}");
        }

        var arguments = new List<string> { "--listen", settings.Listen };
        if (settings.Db is { } db)
            arguments.AddRange(["--db", db]);
        if (settings.DataDirectory is { } data)
            arguments.AddRange(["--data", data]);
        arguments.AddRange(settings.DataArguments());
        io.Out.Profile.Out.Writer.Flush();
        return SiblingBinary.Run(binary, arguments, standardInput: null);
    }

    /// <summary><c>$RIGSMITH_WEB</c>, else <c>rigsmith-web</c> beside this binary.</summary>
    public static string Locate() => SiblingBinary.Locate(BinaryVariable, BinaryName);
}
