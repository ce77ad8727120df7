using System.Globalization;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Rigs;
using Rigsmith.Training;
using Rigsmith.Training.Models;
using Rigsmith.Units;

namespace Rigsmith.Optimizer.Spec;

/// <summary>
/// Reads an optimizer spec (docs/optimize.md) strictly, as rig files are read: unknown keys, bad values, unknown part
/// ids and models are problems naming the file, line and field, with a suggestion, all found in one pass.
/// </summary>
public static class SpecReader
{
    /// <summary>Policy: the search's default wall-clock limit, inside the 2 s the design allows for the solve on 2 cores, with room for the checks.</summary>
    public const double DefaultTimeLimitSeconds = 10;

    /// <summary>
    /// Assumption: without a <c>storage:</c> size the build gets one drive of at least 1 TB, a common size for a system
    /// drive with room for a dataset; a spec names the size it needs.
    /// </summary>
    public const double DefaultStorageBytes = 1e12;

    /// <summary>Policy: the most GPUs a rig of this tool's users holds (2 to 8-GPU rigs).</summary>
    public const int MaxGpus = 8;

    public static LoadResult<OptimizeSpec> Read(string text, string file, PartCatalog catalog, ModelZoo zoo, DateOnly? today = null)
    {
        var sink = new ProblemSink(file);
        var root = YamlInput.ParseRootMapping(text, sink);
        if (root is null)
            return LoadResult<OptimizeSpec>.Failure(sink.Problems);
        var r = new MapReader(root, "", sink);
        var name = r.String("name", required: false) ?? Path.GetFileNameWithoutExtension(file);

        // One workload, or several with weights; each is the rig file's workload keys without gpus.
        var workloads = new List<(List<TrainingSettingsParser.Setting> Settings, double Weight)>();
        if (r.Has("workloads"))
        {
            if (r.Has("workload"))
                sink.Add(r.NodeOf("workloads"), "workloads", "both workload and workloads are given", "keep one: workload for one job, workloads for several with weights");
            foreach (var item in r.MapList("workloads"))
            {
                var weight = item.Number("weight", required: false, min: 0.001, max: 1e6) ?? 1;
                workloads.Add((Settings(item, file, sink), weight));
                item.Finish();
            }

            if (workloads.Count == 0)
                sink.Add(r.NodeOf("workloads"), "workloads", "lists no workload", "give each as {weight: 1, workload: {model: ..., method: ...}}");
        }
        else
        {
            workloads.Add((Settings(r, file, sink), 1));
        }

        var objective = r.Enum<Objective>("objective", required: false) ?? Objective.LeastMoney;
        var budget = ReadMoney(r, "budget");
        var currency = r.String("currency", required: false);
        if (currency is not null && !Money.IsCurrency(currency))
            sink.Add(r.NodeOf("currency"), "currency", $"'{currency}' is not an ISO 4217 code", "like USD, EUR, HKD");
        if (budget is { } b && currency is not null && Money.IsCurrency(currency) && b.Currency != currency)
            sink.Add(r.NodeOf("budget"), "budget", $"the budget is in {b.Currency} and the spec's currency is {currency}", $"write the budget in {currency}");
        var site = RigLoader.ReadSite(r);

        var (gpusMin, gpusMax) = ReadGpus(r);
        var kinds = new List<ChassisKind>();
        foreach (var k in r.StringList("chassis", required: false))
        {
            var kind = MapReader.ParseEnum<ChassisKind>(r.NodeOf("chassis"), "chassis", k, sink);
            if (kind is { } parsed)
                kinds.Add(parsed);
        }

        var heat = r.Quantity("heat_limit", UnitSpec.Power, 100, 100_000, required: false);
        var size = r.Quantity("chassis_size", UnitSpec.Volume, 1, 2000, required: false);
        var condition = r.Enum<ConditionChoice>("condition", required: false) ?? ConditionChoice.Any;
        var owned = ReadOwned(r, catalog);
        var excluded = new List<string>();
        foreach (var id in r.StringList("exclude", required: false))
        {
            if (catalog.Find(id) is null)
                sink.Add(r.NodeOf("exclude"), "exclude", $"unknown part '{id}'", Suggest(id, catalog));
            else
                excluded.Add(id);
        }

        foreach (var o in owned.Where(o => excluded.Contains(o.Id)))
            sink.Add(r.NodeOf("exclude"), "exclude", $"'{o.Id}' is both owned and excluded", "drop it from one of the two lists");

        var prices = r.String("prices", required: false);
        string? pricesFile = null;
        if (prices is not null)
        {
            pricesFile = Path.IsPathRooted(prices) ? prices : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", prices);
            if (!File.Exists(pricesFile))
                sink.Add(r.NodeOf("prices"), "prices", $"the price book '{prices}' does not exist", "give its path relative to the spec file");
        }

        var memory = r.Quantity("system_memory", UnitSpec.DataSize, 1e9, 16e12, required: false);
        var storage = r.Quantity("storage", UnitSpec.DataSize, 1e9, 1e15, required: false);
        var limit = r.Quantity("time_limit", UnitSpec.Duration, 0.1, 3600, required: false);
        r.Finish();

        // Each workload is checked like a rig file's; the model is read from the zoo only when the settings parse.
        var problems = new List<InputProblem>(sink.Problems);
        var jobs = new List<SpecJob>();
        foreach (var (settings, weight) in workloads.Where(w => w.Settings.Count > 0))
        {
            var parsed = TrainingSettingsParser.Parse(settings, problems);
            if (parsed is not null)
            {
                TrainingJobs.Check(settings, zoo, problems);
                if (zoo.Entry(parsed.Model) is { Ok: true } entry)
                    jobs.Add(new SpecJob(settings, new TrainingJob(parsed, entry.Value!), weight));
            }
        }

        if (problems.Count > 0 || site is null || jobs.Count == 0 || jobs.Count < workloads.Count || gpusMin is null || gpusMax is null)
            return LoadResult<OptimizeSpec>.Failure(problems.Count > 0 ? [.. problems.OrderBy(p => p.Line).ThenBy(p => p.Column)] : [new InputProblem(file, 0, 0, "", "the spec is incomplete")]);

        return LoadResult<OptimizeSpec>.Success(new OptimizeSpec
        {
            File = file,
            Name = name,
            Jobs = jobs,
            Objective = objective,
            Budget = budget,
            Currency = currency ?? budget?.Currency ?? "USD",
            Site = site,
            GpusMin = gpusMin.Value,
            GpusMax = gpusMax.Value,
            ChassisKinds = kinds.Distinct().ToList(),
            HeatLimit = heat is { } h ? Watts.From(h) : null,
            ChassisSize = size,
            Condition = condition,
            Owned = owned,
            Excluded = excluded,
            PriceBookFile = pricesFile,
            SystemMemory = memory is { } m ? Bytes.From(m) : null,
            Storage = Bytes.From(storage ?? DefaultStorageBytes),
            TimeLimit = Seconds.From(limit ?? DefaultTimeLimitSeconds),
            Today = today ?? DateOnly.FromDateTime(DateTime.UtcNow),
        });
    }

    private static string Suggest(string id, PartCatalog catalog) =>
        Suggestions.DidYouMean(id, catalog.Ids) ?? $"'rigsmith parts {id.Replace('-', ' ')}' searches the catalog";

    /// <summary><c>budget: 6000 USD</c>: an amount and an ISO 4217 code.</summary>
    private static Money? ReadMoney(MapReader r, string key)
    {
        var text = r.String(key, required: false);
        if (text is null)
            return null;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && decimal.TryParse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) && amount > 0
            && Money.IsCurrency(parts[1]))
            return Money.Of(amount, parts[1]);
        r.Sink.Add(r.NodeOf(key), r.FieldPath(key), $"'{text}' is not an amount of money", "write it as an amount and an ISO 4217 code, like 6000 USD");
        return null;
    }

    /// <summary><c>gpus: 4</c> or <c>gpus: {min: 2, max: 4}</c>; without it, 1 to 8.</summary>
    private static (int? Min, int? Max) ReadGpus(MapReader r)
    {
        var node = r.Raw("gpus", required: false);
        if (node is null)
            return (1, MaxGpus);
        if (node is YamlDotNet.RepresentationModel.YamlMappingNode)
        {
            var range = r.Map("gpus")!;
            var min = range.Int("min", required: false, min: 1, max: MaxGpus) ?? 1;
            var max = range.Int("max", required: false, min: 1, max: MaxGpus) ?? MaxGpus;
            range.Finish();
            if (min > max)
            {
                r.Sink.Add(node, "gpus", $"min {min} is above max {max}", "swap them");
                return (null, null);
            }

            return (min, max);
        }

        var exact = r.Int("gpus", min: 1, max: MaxGpus);
        return (exact, exact);
    }

    /// <summary>The <c>workload:</c> map under <paramref name="r"/>: its settings, without gpus (the optimizer's choice).</summary>
    private static List<TrainingSettingsParser.Setting> Settings(MapReader r, string file, ProblemSink sink)
    {
        var settings = new List<TrainingSettingsParser.Setting>();
        foreach (var p in r.ScalarPairs("workload"))
        {
            if (p.Key == "gpus")
            {
                sink.Add(p.KeyNode, r.FieldPath("workload.gpus"), "the number of GPUs is the optimizer's choice", "set gpus: at the top level (a number, or {min, max})");
                continue;
            }

            settings.Add(new TrainingSettingsParser.Setting(p.Key, p.Value, file, (int)p.ValueNode.Start.Line, (int)p.ValueNode.Start.Column));
        }

        return settings;
    }

    private static List<OwnedPart> ReadOwned(MapReader r, PartCatalog catalog)
    {
        var owned = new List<OwnedPart>();
        foreach (var item in r.MapList("owned", required: false))
        {
            var id = item.String("part");
            var count = item.Int("count", required: false, min: 1, max: 64) ?? 1;
            item.Finish();
            if (id is null)
                continue;
            if (catalog.Find(id) is null)
            {
                item.Sink.Add(item.NodeOf("part"), item.FieldPath("part"), $"unknown part '{id}'", Suggest(id, catalog));
                continue;
            }

            owned.Add(new OwnedPart(id, count, item.Line));
        }

        return owned;
    }
}
