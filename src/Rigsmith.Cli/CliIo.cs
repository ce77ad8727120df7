using Rigsmith.Input;
using Spectre.Console;

namespace Rigsmith.Cli;

/// <summary>
/// Where commands write: the report to <see cref="Out"/>, problems to <see cref="Error"/>; a rig given as <c>-</c> is
/// read from <see cref="In"/>. Tests pass string writers and readers.
/// </summary>
public sealed record CliIo(IAnsiConsole Out, TextWriter Error, Stream? Input = null)
{
    /// <summary>Standard input as bytes, so a piped rig is decoded as strictly as a file.</summary>
    public Stream In => Input ?? Console.OpenStandardInput();

    public const int Pass = 0;
    public const int RigHasErrors = 1;
    public const int InvalidInput = 2;

    /// <summary>Writes text as it is (JSON, Markdown), with no markup processing.</summary>
    public void WriteRaw(string text) => Out.Profile.Out.Writer.Write(text);

    public int Fail(IEnumerable<InputProblem> problems)
    {
        foreach (var problem in problems)
            Error.WriteLine("error: " + problem);
        return InvalidInput;
    }

    public int Fail(string message)
    {
        Error.WriteLine("error: " + message);
        return InvalidInput;
    }
}
