using Rigsmith.Input;
using Rigsmith.Rigs;
using Rigsmith.Training;
using Rigsmith.Training.Models;

namespace Rigsmith.Cli.Commands;

/// <summary>Loads a rig file against the catalog and resolves its workload (plus command-line overrides) against the model zoo.</summary>
public static class RigInput
{
    public static LoadResult<RigModel> Load(CatalogSettings settings, string path, IReadOnlyList<TrainingSettingsParser.Setting>? overrides = null)
    {
        var catalog = settings.LoadCatalog();
        if (!catalog.Ok)
            return LoadResult<RigModel>.Failure(catalog.Problems);
        var rig = RigLoader.Load(path, catalog.Value!);
        if (!rig.Ok)
            return rig;

        var workload = rig.Value!.Workload is { } w ? TrainingJobs.FromWorkload(w) : [];
        var all = workload.Concat(overrides ?? []).ToList();
        if (all.Count == 0)
            return rig;

        var zoo = ModelZoo.Load(settings.Models ?? ModelZoo.DefaultDirectory);
        if (!zoo.Ok)
            return LoadResult<RigModel>.Failure(zoo.Problems);
        var problems = new List<InputProblem>();
        var job = TrainingJobs.Resolve(all, zoo.Value!, rig.Value, problems);
        return job is null ? LoadResult<RigModel>.Failure(problems) : LoadResult<RigModel>.Success(rig.Value with { Training = job });
    }
}
