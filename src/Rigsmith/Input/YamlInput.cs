using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rigsmith.Input;

/// <summary>Collects the problems found in one file, each with its line, column and field.</summary>
public sealed class ProblemSink(string file)
{
    private readonly List<InputProblem> _problems = [];

    public string File { get; } = file;
    public IReadOnlyList<InputProblem> Problems => _problems;
    public bool Any => _problems.Count > 0;

    public void Add(YamlNode? node, string field, string message, string? suggestion = null) =>
        _problems.Add(new InputProblem(File, (int)(node?.Start.Line ?? 0), (int)(node?.Start.Column ?? 0), field, message, suggestion));

    public void AddAt(Mark mark, string field, string message, string? suggestion = null) =>
        _problems.Add(new InputProblem(File, (int)mark.Line, (int)mark.Column, field, message, suggestion));
}

/// <summary>Opens a YAML file and returns its root mapping, turning every way that can fail into a problem.</summary>
public static class YamlInput
{
    public static YamlMappingNode? LoadRootMapping(string path, ProblemSink sink)
    {
        if (Directory.Exists(path))
        {
            sink.Add(null, "", "is a directory, not a file", "pass the path of a .yaml file");
            return null;
        }

        var text = TextFiles.Read(path, sink);
        return text is null ? null : ParseRootMapping(text, sink);
    }

    public static YamlMappingNode? ParseRootMapping(string text, ProblemSink sink)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            sink.Add(null, "", "the file is empty");
            return null;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // YamlDotNet wraps the real cause; the innermost message is the one a person can act on.
            var inner = e;
            while (inner.InnerException is YamlException deeper)
                inner = deeper;
            sink.AddAt(inner.Start, "", "is not valid YAML: " + CleanYamlMessage(inner.Message));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner can fail this way on unterminated flow collections, without a position.
            sink.Add(null, "", "is not valid YAML: an unterminated [ or { list or mapping", "close every bracket you open");
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            sink.Add(null, "", "the file is empty");
            return null;
        }

        if (stream.Documents.Count > 1)
            sink.Add(stream.Documents[1].RootNode, "", "holds more than one YAML document; put everything in one");

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            sink.Add(stream.Documents[0].RootNode, "", "the top level must be a mapping of keys to values");
            return null;
        }

        return root;
    }

    private static string CleanYamlMessage(string message)
    {
        // "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 6, Idx: 21): While scanning ..." → the text after the position.
        var colon = message.IndexOf("): ", StringComparison.Ordinal);
        return colon >= 0 ? message[(colon + 3)..] : message;
    }
}
