using Microsoft.Extensions.Primitives;
using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Planning;
using Rigsmith.Reports;
using Rigsmith.Web.Api;

namespace Rigsmith.Web.Editor;

/// <summary>
/// One round of the editor: the draft and YAML the request carries (from the side the user edited), the action
/// applied, and the rig checked. The form and the YAML are two views of one rig file; whichever the user edited last
/// is the truth, and the other is drawn from it.
/// </summary>
public sealed class EditorState
{
    public required RigDraft Draft { get; init; }
    public required string Yaml { get; init; }
    /// <summary>The build being edited and the version the editor started from; null for a new build.</summary>
    public string? BuildId { get; init; }
    public int? Version { get; init; }
    public string PickCategory { get; init; } = "gpu";
    public string? Query { get; init; }
    public IReadOnlyList<InputProblem> Problems { get; init; } = [];
    /// <summary>Where the rig file breaks the JSON Schema (docs/schema/rig.schema.json).</summary>
    public IReadOnlyList<SchemaViolation> SchemaViolations { get; init; } = [];
    public LoadedRig? Rig { get; init; }
    public Report? Report { get; init; }

    /// <summary>The form fields that write the draft, by name (parallel lists for the rows).</summary>
    public static RigDraft ReadForm(IFormCollection form)
    {
        var d = new RigDraft
        {
            Name = Text(form, "name") ?? "New rig",
            Mains = Text(form, "site.mains"),
            Breaker = Text(form, "site.breaker"),
            ContinuousLoad = Text(form, "site.continuous_load"),
            Ambient = Text(form, "site.ambient"),
            Cpu = Text(form, "cpu"),
            CpuCount = int.TryParse(Text(form, "cpu_count"), out var n) && n > 0 ? n : 1,
            Motherboard = Text(form, "motherboard"),
            Chassis = Text(form, "chassis"),
        };
        foreach (var i in Rows(form, "memory.part"))
            d.Memory.Add(new CountedRow(At(form, "memory.part", i)!, Count(At(form, "memory.count", i)), At(form, "memory.note", i)));
        foreach (var i in Rows(form, "gpu.part"))
            d.Gpus.Add(new GpuRow(At(form, "gpu.part", i)!, At(form, "gpu.slot", i), At(form, "gpu.power_limit", i), At(form, "gpu.riser", i), At(form, "gpu.display", i) == "true", At(form, "gpu.note", i)));
        foreach (var i in Rows(form, "storage.part"))
            d.Storage.Add(new StorageRow(At(form, "storage.part", i)!, At(form, "storage.attach", i), At(form, "storage.adapter", i), At(form, "storage.note", i)));
        foreach (var i in Rows(form, "psu.part"))
            d.Psus.Add(new CountedRow(At(form, "psu.part", i)!, Count(At(form, "psu.count", i)), At(form, "psu.note", i)));
        foreach (var i in Enumerable.Range(0, form["workload.key"].Count))
        {
            if (At(form, "workload.key", i) is { } key)
                d.Workload.Add(new(key, At(form, "workload.value", i) ?? ""));
        }

        // What the form has no fields for travels in the YAML it was drawn from.
        if (Text(form, "yaml") is { } yaml && RigDraft.FromYaml(yaml) is { } previous)
            d.Other.AddRange(previous.Other);
        return d;
    }

    /// <summary>Applies a button's action ("pick:ID", "remove:gpu:2"): picked parts go where <see cref="RigDraft.Add"/> puts them.</summary>
    public static string? Apply(RigDraft draft, string? action, PartCatalog catalog)
    {
        if (action is null)
            return null;
        if (action.StartsWith("pick:", StringComparison.Ordinal))
        {
            if (catalog.Find(action["pick:".Length..]) is not { } part)
                return "that part is not in the catalog";
            draft.Add(part, catalog);
            return null;
        }

        var parts = action.Split(':');
        if (parts is ["remove", var list, var index] && int.TryParse(index, out var i) && i >= 0)
        {
            _ = list switch
            {
                "memory" when i < draft.Memory.Count => Remove(draft.Memory, i),
                "gpu" when i < draft.Gpus.Count => Remove(draft.Gpus, i),
                "storage" when i < draft.Storage.Count => Remove(draft.Storage, i),
                "psu" when i < draft.Psus.Count => Remove(draft.Psus, i),
                "workload" when i < draft.Workload.Count => Remove(draft.Workload, i),
                _ => false,
            };
        }

        return null;
    }

    /// <summary>Whether <paramref name="action"/> changes the rig (a pick or a removal), so the YAML must be written anew.</summary>
    public static bool Changes(string? action) =>
        action is not null && (action.StartsWith("pick:", StringComparison.Ordinal) || action.StartsWith("remove:", StringComparison.Ordinal));

    private static bool Remove<T>(List<T> list, int i)
    {
        list.RemoveAt(i);
        return true;
    }

    /// <summary>Loads <paramref name="yaml"/> as a rig file, checks it, and returns the state to draw.</summary>
    public static EditorState Check(RigDraft draft, string yaml, DataSources data, string? buildId, int? version, string pickCategory, string? query)
    {
        IReadOnlyList<InputProblem> problems = [];
        LoadedRig? rig = null;
        Report? report = null;
        if (RequestText.YamlLimitBroken(yaml, RigApi.RequestFile) is { } broken)
        {
            problems = [broken];
        }
        else
        {
            var loaded = RigInput.Load(RigSource.Text(yaml, RigApi.RequestFile), data);
            if (loaded.Ok)
            {
                rig = loaded.Value;
                report = Analyzer.Check(rig!.Rig, rig.Job, HtmlReport.PlanOptions);
            }
            else
            {
                problems = loaded.Problems;
            }
        }

        return new EditorState
        {
            Draft = draft,
            Yaml = yaml,
            BuildId = buildId,
            Version = version,
            PickCategory = pickCategory,
            Query = query,
            Problems = problems,
            Rig = rig,
            Report = report,
            SchemaViolations = RigSchema.Check(yaml),
        };
    }

    /// <summary>The parts chosen so far, for the picker's compatibility filter (ids the catalog does not know are left out).</summary>
    public PartSelection Selection(PartCatalog catalog)
    {
        T? One<T>(string? id) where T : Part => id is null ? null : catalog.Find(id) as T;
        List<T> Many<T>(IEnumerable<string> ids) where T : Part => ids.Select(id => catalog.Find(id) as T).OfType<T>().ToList();
        return new PartSelection(One<Cpu>(Draft.Cpu), One<Motherboard>(Draft.Motherboard), One<Chassis>(Draft.Chassis),
            Many<MemoryModule>(Draft.Memory.Select(m => m.Part)),
            Many<Gpu>(Draft.Gpus.Select(g => g.Part)),
            Many<Psu>(Draft.Psus.Select(p => p.Part)));
    }

    private static IEnumerable<int> Rows(IFormCollection form, string key) =>
        Enumerable.Range(0, form[key].Count).Where(i => !string.IsNullOrWhiteSpace(form[key][i]));

    private static string? At(IFormCollection form, string key, int i)
    {
        StringValues values = form[key];
        return i < values.Count && !string.IsNullOrWhiteSpace(values[i]) ? values[i]!.Trim() : null;
    }

    private static string? Text(IFormCollection form, string key) => At(form, key, 0);

    private static int Count(string? text) => int.TryParse(text, out var n) && n > 0 ? n : 1;
}
