using Rigsmith.Analysis;
using Rigsmith.Input;
using Rigsmith.Planning;
using Rigsmith.Reporting;
using Rigsmith.Tests.Support;
using Rigsmith.Training.Models;

namespace Rigsmith.Tests.Training.Models;

/// <summary>The model zoo is read only when a workload needs it, and then only the configs of the model it names.</summary>
public sealed class ZooLoadingTests
{
    private static string ModelsDirectory => Path.Combine(Repo.Root, "models");

    [Fact]
    public void A_rig_without_a_workload_never_loads_the_zoo()
    {
        var text = Repo.ReferenceYaml();
        var withoutWorkload = text[..text.IndexOf("workload:", StringComparison.Ordinal)];
        var loads = 0;
        var loaded = RigInput.Load(RigSource.Text(withoutWorkload), Repo.Catalog, () =>
        {
            loads++;
            return ModelZoo.Load(ModelsDirectory);
        });
        Assert.True(loaded.Ok, string.Join("\n", loaded.Problems));
        Assert.Null(loaded.Value!.Job);
        Assert.Equal(0, loads);

        // Nor does power, which ignores the workload.
        var power = RigInput.Load(RigSource.File(Repo.Example("4x3090-x299-dark.rig.yaml")), Repo.Catalog, () =>
        {
            loads++;
            return ModelZoo.Load(ModelsDirectory);
        }, resolveWorkload: false);
        Assert.True(power.Ok);
        Assert.Equal(0, loads);
    }

    [Fact]
    public void A_check_reads_only_the_configs_of_the_model_its_workload_names()
    {
        var zoo = ModelZoo.Load(ModelsDirectory).Value!;
        Assert.All(zoo.All.SelectMany(m => m.Components), c => Assert.False(c.Config.IsRead));

        var loaded = RigInput.Load(RigSource.File(Repo.Example("4x3090-x299-dark.rig.yaml")), Repo.Catalog, () => LoadResult<ModelZoo>.Success(zoo));
        Assert.True(loaded.Ok, string.Join("\n", loaded.Problems));
        JsonReport.Render(Analyzer.Check(loaded.Value!.Rig, loaded.Value.Job));

        var named = loaded.Value.Job!.Model.Id;
        Assert.All(zoo.All.Where(m => m.Id != named).SelectMany(m => m.Components), c => Assert.False(c.Config.IsRead, c.Config.File));
        Assert.Contains(zoo.Find(named)!.Components, c => c.Config.IsRead);
    }
}
