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

/// <summary>The models the training model knows (models/zoo.yaml and the configs it names).</summary>
public sealed class ModelZoo(IReadOnlyList<ModelSpec> models)
{
    /// <summary>Names the zoo directory when no --models is given (read by <c>Planning.DataSources</c>).</summary>
    public const string EnvironmentVariable = "RIGSMITH_MODELS";

    public IReadOnlyList<ModelSpec> All { get; } = models;

    public ModelSpec? Find(string id) => All.FirstOrDefault(m => m.Id == id);

    public static LoadResult<ModelZoo> Load(string directory)
    {
        var path = Path.Combine(directory, "zoo.yaml");
        var sink = new ProblemSink(path);
        var root = YamlInput.LoadRootMapping(path, sink);
        if (root is null)
            return LoadResult<ModelZoo>.Failure(sink.Problems);

        var file = new MapReader(root, "", sink);
        var models = new List<ModelSpec>();
        foreach (var m in file.MapList("models"))
        {
            var id = m.Id("id");
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
                var configPath = Path.Combine(directory, config);
                if (!File.Exists(configPath))
                {
                    sink.Add(c.NodeOf("config"), c.FieldPath("config"), $"'{config}' not found next to zoo.yaml");
                    continue;
                }

                components.Add(new ModelComponent(cname, role.Value, architecture, ModelConfig.Load(configPath), context,
                    exact is null ? null : (long)exact.Value, published, publishedSource));
            }

            m.Finish();
            if (id is not null && name is not null && family is not null && source is not null && components.Count > 0)
                models.Add(new ModelSpec(id, name, family.Value, source, native, components));
        }

        file.Finish();
        return sink.Any ? LoadResult<ModelZoo>.Failure(sink.Problems) : LoadResult<ModelZoo>.Success(new ModelZoo(models));
    }
}
