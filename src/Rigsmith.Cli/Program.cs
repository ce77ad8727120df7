using Rigsmith.Cli;

// Build time only: the WriteCatalogIndex target of Rigsmith.Cli.csproj indexes the catalog copied beside the binary.
if (args is [RigsmithApp.WriteCatalogIndexArgument, var catalog])
    return RigsmithApp.WriteCatalogIndex(catalog, Console.Out);

var console = CiLogColour.Console();
console.Profile.Width = ConsoleWidth.Detect();
return RigsmithApp.Run(args, new CliIo(console, Console.Error));
