using Rigsmith.Cli;
using Spectre.Console;

var console = AnsiConsole.Console;
console.Profile.Width = ConsoleWidth.Detect();
return RigsmithApp.Run(args, new CliIo(console, Console.Error));
