using System.Text;
using Rigsmith.Cli;

// Build time only: the WriteCatalogIndex target of Rigsmith.Cli.csproj indexes the catalog copied beside the binary.
if (args is [RigsmithApp.WriteCatalogIndexArgument, var catalog])
    return RigsmithApp.WriteCatalogIndex(catalog, Console.Out);

// The young generation's first mebibyte mapped in one system call, not page by page as objects fill it (HeapPrefault).
if (HeapPrefault.Worthwhile(args))
    HeapPrefault.Run();

// Standard output through a larger buffer, flushed when the command ends: Console.Out's own writer sends every 256
// characters to the operating system, over a hundred writes for one report; this one writes 4,096 bytes at a time.
var encoding = ConsoleEncoding.Resolve();
var buffered = encoding.CodePage == Encoding.UTF8.CodePage;
if (buffered)
    Console.SetOut(new Utf8OutputWriter(Console.OpenStandardOutput()));
try
{
    var console = CiLogColour.Console();
    console.Profile.Width = ConsoleWidth.Detect();
    return RigsmithApp.Run(args, new CliIo(console, buffered ? new OrderedErrorWriter(Console.Error, Console.Out) : Console.Error));
}
finally
{
    if (buffered)
        Console.Out.Flush();
}
