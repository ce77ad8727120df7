using System.Globalization;
using Rigsmith.Input;

namespace Rigsmith.Training.Models;

public enum ModelFamily { Diffusion, Llm }

public enum ComponentRole { Denoiser, TextEncoder, Vae, Llm }

/// <summary>One component of a model (UNet, text encoder, VAE, or the whole LLM) and its architecture config.</summary>
public sealed record ModelComponent(
    string Name,
    ComponentRole Role,
    string Architecture,
    ModelConfig Config,
    long? ContextTokens,
    long? ExactParameters,
    string? PublishedParameters,
    string? PublishedSource)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(long, long), ComponentProfile> _profiles = new();

    /// <summary>The component at an input size: pixels for diffusion (square side), tokens for LLMs. Cached: the settings
    /// search asks for the same few sizes thousands of times.</summary>
    public ComponentProfile Profile(long resolution, long sequence) =>
        _profiles.GetOrAdd((Role == ComponentRole.Llm ? 0 : resolution, Role == ComponentRole.Llm ? sequence : 0),
            static (key, component) => component.Build(key.Item1, key.Item2), this);

    private ComponentProfile Build(long resolution, long sequence)
    {
        var latent = resolution / 8; // every VAE here downsamples by 8 (three stride-2 stages)
        return Architecture switch
        {
            "unet" => UNet.Profile(Config, Name, latent, latent, ContextTokens ?? 77),
            "flux" => DiffusionTransformers.Flux(Config, Name, latent, latent, ContextTokens ?? 512),
            "sd3" => DiffusionTransformers.Sd3(Config, Name, latent, latent, ContextTokens ?? 333),
            "clip-text" => ClipText.Profile(Config, Name),
            "t5-encoder" => T5Encoder.Profile(Config, Name, ContextTokens ?? 512),
            "vae" => Vae.Profile(Config, Name, resolution, resolution),
            "decoder" => DecoderLm.Profile(Config, Name, sequence),
            _ => throw new InvalidDataException($"unknown architecture '{Architecture}'"),
        };
    }

    /// <summary>The published parameter count and one unit of its last digit: publishers both round and truncate.</summary>
    public (double Value, double Tolerance)? Published()
    {
        if (PublishedParameters is not { Length: > 1 } text)
            return null;
        var scale = char.ToUpperInvariant(text[^1]) switch { 'B' => 1e9, 'M' => 1e6, _ => 1.0 };
        var number = text[..^1];
        var decimals = number.Contains('.', StringComparison.Ordinal) ? number.Length - number.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
        return (double.Parse(number, CultureInfo.InvariantCulture) * scale, Math.Pow(10, -decimals) * scale);
    }
}

public sealed record ModelSpec(string Id, string Name, ModelFamily Family, string Source, int NativeResolution, IReadOnlyList<ModelComponent> Components)
{
    public IEnumerable<ModelComponent> Of(ComponentRole role) => Components.Where(c => c.Role == role);
}

/// <summary>
/// The models the training model knows: one YAML file per model in the <c>zoo/</c> folder of the models directory, named
/// by its id (<c>zoo/sdxl.yaml</c>), and the architecture configs those files name. Opening the zoo lists the folder and
/// reads nothing else; a model's file is parsed, and its configs' existence checked, when that model is first asked for,
/// so a command pays only for the model its workload names. <see cref="All"/> reads every file (validation, tests).
/// Safe to share between threads: each file is parsed at most once per instance.
/// </summary>
public sealed class ModelZoo
{
    /// <summary>Names the zoo directory when no --models is given (read by <c>Planning.DataSources</c>).</summary>
    public const string EnvironmentVariable = "RIGSMITH_MODELS";

    /// <summary>The folder of the models directory that holds one file per model.</summary>
    public const string Folder = "zoo";

    private const string Extension = ".yaml";

    private readonly string _directory;
    private readonly Dictionary<string, Lazy<LoadResult<ModelSpec>>> _entries = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<InputProblem> _misnamed;
    private readonly Lazy<LoadResult<IReadOnlyList<ModelSpec>>> _all;
    private int _read;

    private ModelZoo(string directory, IEnumerable<string> ids, IReadOnlyList<InputProblem> misnamed)
    {
        _directory = directory;
        _misnamed = misnamed;
        foreach (var id in ids)
            _entries[id] = new(() => Parse(id));
        // Sorted in place (the keys are distinct): no LINQ sorting on a cold start.
        var sorted = new List<string>(_entries.Keys);
        sorted.Sort(StringComparer.Ordinal);
        Ids = sorted;
        _all = new(ReadAll);
    }

    /// <summary>The ids of the models in the zoo (its file names), in ordinal order; nothing is parsed to list them.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>How many model files have been parsed (each at most once).</summary>
    public int ModelsRead => Volatile.Read(ref _read);

    /// <summary>The file that defines the model <paramref name="id"/> (whether or not it exists).</summary>
    public string FileOf(string id) => Path.Combine(_directory, Folder, id + Extension);

    /// <summary>
    /// The model <paramref name="id"/>, parsed on first use, or the problems of its file (file, line, field); null when the
    /// zoo has no such model.
    /// </summary>
    public LoadResult<ModelSpec>? Entry(string id) => _entries.TryGetValue(id, out var entry) ? entry.Value : null;

    /// <summary>
    /// The model <paramref name="id"/>, or null when the zoo has none. For callers that have validated the zoo through
    /// <see cref="All"/>; a model whose file has problems throws. Commands resolve a user's model with <see cref="Entry"/>.
    /// </summary>
    public ModelSpec? Find(string id) => Entry(id) switch
    {
        null => null,
        { Ok: true } ok => ok.Value,
        var broken => throw new InvalidDataException(string.Join(Environment.NewLine, broken.Problems)),
    };

    /// <summary>Every model, each file parsed; the problems of every file (and of file names that are not ids) together.</summary>
    public LoadResult<IReadOnlyList<ModelSpec>> All => _all.Value;

    private LoadResult<IReadOnlyList<ModelSpec>> ReadAll()
    {
        var problems = new List<InputProblem>(_misnamed);
        var models = new List<ModelSpec>();
        foreach (var id in Ids)
        {
            var entry = Entry(id)!;
            if (entry.Ok)
                models.Add(entry.Value!);
            problems.AddRange(entry.Problems);
        }

        return problems.Count > 0 ? LoadResult<IReadOnlyList<ModelSpec>>.Failure(problems) : LoadResult<IReadOnlyList<ModelSpec>>.Success(models);
    }

    /// <summary>
    /// Opens the zoo in <paramref name="directory"/> (the models directory: <c>zoo/</c> and the configs its files name):
    /// lists <c>zoo/*.yaml</c> and reads none of them. Fails only when there is no zoo folder to list.
    /// </summary>
    public static LoadResult<ModelZoo> Load(string directory)
    {
        var folder = Path.Combine(directory, Folder);
        if (!Directory.Exists(folder))
        {
            var old = Path.Combine(directory, "zoo.yaml");
            return LoadResult<ModelZoo>.Failure([File.Exists(old)
                ? new InputProblem(old, 0, 0, "", "a single zoo.yaml is no longer read; each model is its own file, zoo/<id>.yaml",
                    "move each entry of its 'models' list to zoo/<id>.yaml, without the '- id:' line and two spaces less indented")
                : new InputProblem(folder, 0, 0, "", "no model zoo here: the models directory must hold a zoo folder with one <id>.yaml per model",
                    $"give --models (or ${EnvironmentVariable}) the directory that holds zoo/ and configs/")]);
        }

        string[] files;
        try
        {
            files = Directory.GetFiles(folder, "*" + Extension);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return LoadResult<ModelZoo>.Failure([new InputProblem(folder, 0, 0, "", $"cannot list the model zoo: {e.Message}")]);
        }

        var ids = new List<string>();
        var misnamed = new List<InputProblem>();
        foreach (var file in files)
        {
            // GetFiles' pattern also matches longer extensions on some systems; only *.yaml is a model.
            if (!file.EndsWith(Extension, StringComparison.Ordinal))
                continue;
            var id = Path.GetFileNameWithoutExtension(file);
            if (MapReader.IsValidId(id))
                ids.Add(id);
            else
                misnamed.Add(new InputProblem(file, 0, 0, "", $"'{id}' is not a valid model id (the file name is the model's id)",
                    "name the file with lowercase letters, digits, '-' and '.', like 'sdxl.yaml'"));
        }

        return LoadResult<ModelZoo>.Success(new ModelZoo(directory, ids, misnamed));
    }

    /// <summary>One model's file: its fields, and each component's config checked to exist (not read until used).</summary>
    private LoadResult<ModelSpec> Parse(string id)
    {
        Interlocked.Increment(ref _read);
        var path = FileOf(id);
        var sink = new ProblemSink(path);
        var root = YamlInput.LoadRootMapping(path, sink);
        if (root is null)
            return LoadResult<ModelSpec>.Failure(sink.Problems);

        var m = new MapReader(root, "", sink);
        var name = m.String("name");
        var family = m.Enum<ModelFamily>("family");
        var source = m.String("source");
        var native = m.Int("native_resolution", required: false, min: 64, max: 8192) ?? 1024;
        var components = new List<ModelComponent>();
        foreach (var c in m.MapList("components"))
        {
            var cname = c.String("name");
            var role = c.Enum<ComponentRole>("role");
            var architecture = c.String("architecture");
            var config = c.String("config");
            var context = c.Int("context_tokens", required: false, min: 1, max: 100000);
            var exact = c.Number("exact_parameters", required: false, min: 1, max: 1e13);
            var published = c.String("published_parameters", required: false);
            var publishedSource = c.String("published_source", required: false);
            c.Finish();
            if (cname is null || role is null || architecture is null || config is null)
                continue;
            // Config paths are relative to the models directory (zoo/ and configs/ sit side by side in it).
            var configPath = Path.Combine(_directory, config);
            if (!File.Exists(configPath))
            {
                sink.Add(c.NodeOf("config"), c.FieldPath("config"), $"'{config}' not found in the models directory {_directory}",
                    "config paths are relative to the models directory, like 'configs/sdxl-base-1.0__unet.json'");
                continue;
            }

            components.Add(new ModelComponent(cname, role.Value, architecture, ModelConfig.Load(configPath), context,
                exact is null ? null : (long)exact.Value, published, publishedSource));
        }

        m.Finish();
        if (!sink.Any && components.Count == 0)
            sink.Add(m.NodeOf("components"), "components", "lists no components", "a model needs at least one: its denoiser or the whole LLM");
        if (sink.Any || name is null || family is null || source is null)
            return LoadResult<ModelSpec>.Failure(sink.Problems);
        return LoadResult<ModelSpec>.Success(new ModelSpec(id, name, family.Value, source, native, components));
    }
}
