using Rigsmith.Cli;
using Spectre.Console;

return RigsmithApp.Run(args, new CliIo(AnsiConsole.Console, Console.Error));
