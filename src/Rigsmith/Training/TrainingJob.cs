using Rigsmith.Input;
using Rigsmith.Rigs;
using Rigsmith.Training.Models;

namespace Rigsmith.Training;

/// <summary>A workload resolved against the model zoo: the settings and the model they name.</summary>
public sealed record TrainingJob(TrainingSettings Settings, ModelSpec Model);

/// <summary>Turns a rig file's workload section (and command-line overrides) into a <see cref="TrainingJob"/>.</summary>
public static class TrainingJobs
{
    public static TrainingSettingsParser.Setting[] FromWorkload(Workload workload) =>
        workload.Settings.Select(s => new TrainingSettingsParser.Setting(s.Key, s.Value, workload.File, s.Line, s.Column)).ToArray();

    /// <summary>
    /// Checks settings without a rig (its file had problems): unknown keys, bad values and an unknown model are reported,
    /// so they come in the same pass as the rig's problems. What needs the rig (its GPU count) waits for a valid rig.
    /// </summary>
    public static void Check(IEnumerable<TrainingSettingsParser.Setting> settings, ModelZoo zoo, List<InputProblem> problems)
    {
        var list = settings.ToList();
        if (TrainingSettingsParser.Parse(list, problems) is { } parsed)
            FindModel(parsed, list, zoo, problems);
    }

    /// <summary>
    /// The model the settings name, read from its zoo file now (no other model's file is read); or null with an "unknown
    /// model" problem and a suggestion from the zoo's ids, or with the problems of that model's file.
    /// </summary>
    private static ModelSpec? FindModel(TrainingSettings parsed, List<TrainingSettingsParser.Setting> list, ModelZoo zoo, List<InputProblem> problems)
    {
        switch (zoo.Entry(parsed.Model))
        {
            case { Ok: true } entry:
                return entry.Value;
            case { } broken:
                problems.AddRange(broken.Problems);
                return null;
        }

        var modelSetting = list.Last(s => s.Key == "model");
        problems.Add(new InputProblem(modelSetting.File, modelSetting.Line, modelSetting.Column, "workload.model", $"unknown model '{parsed.Model}'",
            Suggestions.DidYouMean(parsed.Model, zoo.Ids) ?? $"known models: {string.Join(", ", zoo.Ids)}"));
        return null;
    }

    /// <summary>Resolves settings; every problem (unknown key, bad value, unknown model, GPUs the rig lacks) is reported.</summary>
    public static TrainingJob? Resolve(IEnumerable<TrainingSettingsParser.Setting> settings, ModelZoo zoo, RigModel rig, List<InputProblem> problems)
    {
        var list = settings.ToList();
        var parsed = TrainingSettingsParser.Parse(list, problems);
        if (parsed is null)
            return null;
        var model = FindModel(parsed, list, zoo, problems);
        if (model is null)
            return null;

        if (parsed.Gpus is { } n && n > rig.Gpus.Count)
        {
            var where = list.Last(s => s.Key == "gpus");
            problems.Add(new InputProblem(where.File, where.Line, where.Column, "workload.gpus", $"{n} GPUs asked for; the rig has {rig.Gpus.Count}"));
            return null;
        }

        if (rig.Gpus.Count == 0)
        {
            problems.Add(new InputProblem(rig.File, 0, 0, "gpus", "a training workload needs at least one GPU in the rig"));
            return null;
        }

        return new TrainingJob(parsed, model);
    }
}
