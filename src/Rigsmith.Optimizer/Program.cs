using System.Runtime.InteropServices;
using Rigsmith.Optimizer.Cli;

// SIGINT and SIGTERM (which rigsmith forwards) stop the search; it answers with the best build found so far.
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return OptimizeProgram.Run(args, Console.Out, Console.Error, stop.Token);
