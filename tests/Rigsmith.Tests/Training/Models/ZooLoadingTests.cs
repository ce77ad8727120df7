using Rigsmith.Analysis;
using Rigsmith.Input;
using Rigsmith.Planning;
using Rigsmith.Reporting;
using Rigsmith.Tests.Support;
using Rigsmith.Training.Models;

namespace Rigsmith.Tests.Training.Models;

/// <summary>
/// The model zoo is read only when a workload needs it, and then only the file and the configs of the model it names;
/// reading every model (validation) reports each broken file with its line and field.
/// </summary>
public sealed class ZooLoadingTests
{
    private static string ModelsDirectory => Path.Combine(Repo.Root, "models");

    private static string[] ShippedIds => Directory.GetFiles(Path.Combine(ModelsDirectory, ModelZoo.Folder), "*.yaml")
        .Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToArray();

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
    public void Opening_the_zoo_lists_its_files_and_parses_none()
    {
        var zoo = ModelZoo.Load(ModelsDirectory).Value!;

        Assert.Equal(ShippedIds, zoo.Ids);
        Assert.Contains("sdxl", zoo.Ids);
        Assert.Equal(0, zoo.ModelsRead);
    }

    [Fact]
    public void A_check_reads_only_the_file_and_configs_of_the_model_its_workload_names()
    {
        var zoo = ModelZoo.Load(ModelsDirectory).Value!;

        var loaded = RigInput.Load(RigSource.File(Repo.Example("4x3090-x299-dark.rig.yaml")), Repo.Catalog, () => LoadResult<ModelZoo>.Success(zoo));
        Assert.True(loaded.Ok, string.Join("\n", loaded.Problems));
        JsonReport.Render(Analyzer.Check(loaded.Value!.Rig, loaded.Value.Job));

        var named = loaded.Value.Job!.Model.Id;
        Assert.Equal("sdxl", named);
        Assert.Equal(1, zoo.ModelsRead);
        Assert.Contains(zoo.Find(named)!.Components, c => c.Config.IsRead);
        Assert.Same(loaded.Value.Job.Model, zoo.Find(named));
        Assert.Equal(1, zoo.ModelsRead);

        // Reading them all parses each other file once, and still reads none of their configs.
        var all = zoo.All;
        Assert.True(all.Ok, string.Join("\n", all.Problems));
        Assert.Equal(zoo.Ids, all.Value!.Select(m => m.Id));
        Assert.Equal(zoo.Ids.Count, zoo.ModelsRead);
        Assert.All(all.Value!.Where(m => m.Id != named).SelectMany(m => m.Components), c => Assert.False(c.Config.IsRead, c.Config.File));
    }

    [Fact]
    public void A_misspelt_model_is_suggested_from_the_file_names_without_parsing_any()
    {
        var zoo = ModelZoo.Load(ModelsDirectory).Value!;
        var yaml = Repo.ReferenceYaml(("model: sdxl", "model: sdxll"));

        var loaded = RigInput.Load(RigSource.Text(yaml, "typo.rig.yaml"), Repo.Catalog, () => LoadResult<ModelZoo>.Success(zoo));

        var problem = Assert.Single(loaded.Problems);
        Assert.Equal("workload.model", problem.Field);
        Assert.Equal("unknown model 'sdxll'", problem.Message);
        Assert.Equal("did you mean 'sdxl'?", problem.Suggestion);
        Assert.Equal(0, zoo.ModelsRead);
    }

    [Fact]
    public void A_broken_file_does_not_stop_another_model_and_reading_all_names_its_line_and_field()
    {
        var directory = ModelsWith(("sd15.yaml", """
            name: Stable Diffusion 1.5
            family: difusion
            source: https://huggingface.co/stable-diffusion-v1-5/stable-diffusion-v1-5
            components:
              - {name: unet, role: denoiser, architecture: unet, config: configs/sd-1.5__unet.json}
              - {name: vae, role: vae, architecture: vae, config: configs/no-such-vae.json}
            """));
        var zoo = ModelZoo.Load(directory).Value!;

        var sdxl = zoo.Entry("sdxl");
        Assert.True(sdxl!.Ok, string.Join("\n", sdxl.Problems));
        Assert.Equal(1, zoo.ModelsRead);

        var all = zoo.All;
        Assert.False(all.Ok);
        var file = Path.Combine(directory, "zoo", "sd15.yaml");
        Assert.Equal(2, all.Problems.Count);
        Assert.All(all.Problems, p => Assert.Equal(file, p.File));
        var family = all.Problems.Single(p => p.Field == "family");
        Assert.Equal(2, family.Line);
        Assert.Contains("difusion", family.Message, StringComparison.Ordinal);
        var config = all.Problems.Single(p => p.Field == "components[1].config");
        Assert.Equal(6, config.Line);
        Assert.Contains("'configs/no-such-vae.json' not found", config.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => zoo.Find("sd15"));
    }

    [Fact]
    public void The_command_line_reports_a_broken_model_file_only_when_it_reads_it()
    {
        var directory = ModelsWith(("sd15.yaml", """
            name: Stable Diffusion 1.5
            family: diffusion
            source: https://huggingface.co/stable-diffusion-v1-5/stable-diffusion-v1-5
            components:
              - {name: unet, role: denoiser, architecture: unet, config: configs/sd-1.5__unet.json, contxt_tokens: 77}
            """));
        var file = Path.Combine(directory, "zoo", "sd15.yaml");
        var expected = $"{file}:5:89: components[0].contxt_tokens: unknown key (did you mean 'context_tokens'?)";

        // The reference rig names sdxl: sd15's file is not read.
        var check = CliRunner.Run("fit", Repo.Example("4x3090-x299-dark.rig.yaml"), "--models", directory);
        Assert.NotEqual(2, check.ExitCode);
        Assert.Equal("", check.Error);

        var named = CliRunner.Run("fit", Repo.Example("4x3090-x299-dark.rig.yaml"), "--model", "sd15", "--models", directory);
        Assert.Equal(2, named.ExitCode);
        Assert.Contains(expected, named.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", named.Error, StringComparison.Ordinal);

        var validate = CliRunner.Run("fit", "--validate", "--models", directory);
        Assert.Equal(2, validate.ExitCode);
        Assert.Contains(expected, validate.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", validate.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_name_that_is_not_an_id_is_reported_by_reading_all_and_never_found()
    {
        var directory = ModelsWith(("My SDXL.yaml", File.ReadAllText(Path.Combine(ModelsDirectory, "zoo", "sdxl.yaml"))));
        var zoo = ModelZoo.Load(directory).Value!;

        Assert.DoesNotContain("My SDXL", zoo.Ids);
        Assert.Null(zoo.Entry("My SDXL"));
        var problem = Assert.Single(zoo.All.Problems);
        Assert.Equal(Path.Combine(directory, "zoo", "My SDXL.yaml"), problem.File);
        Assert.Contains("not a valid model id", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_models_directory_without_a_zoo_folder_is_one_clear_problem()
    {
        var empty = Directory.CreateTempSubdirectory("rigsmith-zoo-").FullName;
        var missing = ModelZoo.Load(empty);
        Assert.False(missing.Ok);
        Assert.Equal(Path.Combine(empty, "zoo"), Assert.Single(missing.Problems).File);

        // The former single-file layout is named as such, with what to do.
        File.WriteAllText(Path.Combine(empty, "zoo.yaml"), "models: []\n");
        var old = CliRunner.Run("fit", Repo.Example("4x3090-x299-dark.rig.yaml"), "--models", empty);
        Assert.Equal(2, old.ExitCode);
        Assert.Contains("zoo.yaml: a single zoo.yaml is no longer read", old.Error, StringComparison.Ordinal);
        Assert.Contains("zoo/<id>.yaml", old.Error, StringComparison.Ordinal);
    }

    /// <summary>A models directory with the shipped configs and the shipped sdxl file, plus the files given.</summary>
    private static string ModelsWith(params (string Name, string Content)[] files)
    {
        var directory = Directory.CreateTempSubdirectory("rigsmith-zoo-").FullName;
        var configs = Directory.CreateDirectory(Path.Combine(directory, "configs")).FullName;
        foreach (var config in Directory.GetFiles(Path.Combine(ModelsDirectory, "configs"), "*.json"))
            File.Copy(config, Path.Combine(configs, Path.GetFileName(config)));
        var zoo = Directory.CreateDirectory(Path.Combine(directory, "zoo")).FullName;
        File.Copy(Path.Combine(ModelsDirectory, "zoo", "sdxl.yaml"), Path.Combine(zoo, "sdxl.yaml"));
        foreach (var (name, content) in files)
            File.WriteAllText(Path.Combine(zoo, name), content);
        return directory;
    }
}
