using Rigsmith.Input;
using Rigsmith.Optimizer.Output;
using Rigsmith.Optimizer.Spec;
using Rigsmith.Planning;

namespace Rigsmith.Optimizer.Cli;

/// <summary>
/// <c>rigsmith-optimize SPEC.yaml [--out RIG.yaml] [--format text|json|markdown|html] [--prices FILE] [--catalog DIR]
/// [--models DIR]</c>: what <c>rigsmith optimize</c> starts once it has checked the arguments. Exit 0: a build that
/// passes the check; 1: none meets the spec (or none was found in the time limit); 2: bad input or misuse.
/// </summary>
public static class OptimizeProgram
{
    private static readonly string[] Formats = ["text", "json", "markdown", "html"];
    private static readonly string[] Options = ["--out", "--format", "-f", "--prices", "--catalog", "--models"];

    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancel = default)
    {
        string? spec = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "-h" or "--help")
            {
                output.WriteLine("Usage: rigsmith optimize SPEC.yaml [--out RIG.yaml] [--format text|json|markdown|html] [--prices FILE] [--catalog DIR] [--models DIR]");
                output.WriteLine("The parts to buy for the spec's training job, proven best (docs/optimize.md).");
                return 0;
            }

            if (a.StartsWith('-'))
            {
                var name = a == "-f" ? "--format" : a;
                if (!Options.Contains(a))
                    return Misuse(error, $"unknown option '{a}'", Suggestions.DidYouMean(a, Options));
                if (i + 1 >= args.Length)
                    return Misuse(error, $"{a} needs a value");
                values[name] = args[++i];
                continue;
            }

            if (spec is not null)
                return Misuse(error, $"unexpected argument '{a}'", "give one spec file");
            spec = a;
        }

        if (spec is null)
            return Misuse(error, "no spec file", "rigsmith optimize SPEC.yaml (examples/*.optimize.yaml)");
        var format = values.GetValueOrDefault("--format", "text");
        if (!Formats.Contains(format))
            return Misuse(error, $"--format: unknown format '{format}'", "text, json, markdown or html");
        if (!File.Exists(spec))
            return Misuse(error, $"the spec file '{spec}' does not exist");

        var text = File.ReadAllText(spec);
        var data = new DataSources(values.GetValueOrDefault("--catalog"), values.GetValueOrDefault("--models"));
        if (!data.Catalog.Ok)
            return Problems(error, data.Catalog.Problems);
        if (!data.Zoo.Ok)
            return Problems(error, data.Zoo.Problems);
        var read = SpecReader.Read(text, spec, data.Catalog.Value!, data.Zoo.Value!);
        if (!read.Ok)
            return Problems(error, read.Problems);

        // The price book: --prices, else the spec's prices:, read as every command reads one (docs/prices.md).
        var pricesFile = values.GetValueOrDefault("--prices") ?? read.Value!.PriceBookFile;
        if (pricesFile is not null)
        {
            if (!File.Exists(pricesFile))
                return Misuse(error, $"the price book '{pricesFile}' does not exist");
            data = new DataSources(values.GetValueOrDefault("--catalog"), values.GetValueOrDefault("--models"), pricesFile: pricesFile);
            if (!data.Catalog.Ok)
                return Problems(error, data.Catalog.Problems);
        }

        var result = new BuildOptimizer(data.Catalog.Value!, data.Zoo.Value!, data.PriceBook).Optimize(read.Value!, cancel);
        output.Write(format switch
        {
            "json" => OptimizeJson.Render(result),
            "markdown" => OptimizeMarkdown.Render(result),
            "html" => OptimizeHtml.Render(result),
            _ => OptimizeText.Render(result),
        });

        if (values.GetValueOrDefault("--out") is { } outPath && result.Best is { } best)
            File.WriteAllText(outPath, best.RigYaml);
        return result.Best is null ? 1 : 0;
    }

    private static int Misuse(TextWriter error, string message, string? suggestion = null)
    {
        error.WriteLine($"rigsmith optimize: {message}" + (suggestion is null ? "" : $" ({suggestion})"));
        return 2;
    }

    private static int Problems(TextWriter error, IReadOnlyList<InputProblem> problems)
    {
        foreach (var p in problems)
            error.WriteLine(p);
        return 2;
    }
}
