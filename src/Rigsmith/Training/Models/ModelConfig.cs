using System.Text.Json;

namespace Rigsmith.Training.Models;

/// <summary>
/// Typed reads from a diffusers/transformers <c>config.json</c>, with the library defaults where a key is absent. A
/// config loaded from a file is read on first use, so a command reads only the configs of the model its workload names.
/// </summary>
public sealed class ModelConfig
{
    private readonly Lazy<JsonElement> _root;

    public ModelConfig(JsonElement root, string file)
    {
        _root = new(root);
        File = file;
    }

    private ModelConfig(string path)
    {
        _root = new(() =>
        {
            // Parsed from the file's bytes into a document of its own: no decoding into a string first, and no rented
            // buffers to clone out of and give back.
            ReadOnlySpan<byte> json = System.IO.File.ReadAllBytes(path);
            if (json.StartsWith("\uFEFF"u8))
                json = json[3..];
            var reader = new Utf8JsonReader(json);
            return JsonElement.ParseValue(ref reader);
        });
        File = path;
    }

    public string File { get; }

    /// <summary>Whether the file has been read.</summary>
    internal bool IsRead => _root.IsValueCreated;

    /// <summary>The config in <paramref name="path"/>, read when first asked for a value.</summary>
    public static ModelConfig Load(string path) => new(path);

    private JsonElement Root => _root.Value;

    public bool Has(string key) => Root.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null;

    public long Int(string key, long? fallback = null)
    {
        if (Root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number)
            return v.GetInt64();
        return fallback ?? throw new InvalidDataException($"{File}: '{key}' is missing");
    }

    public bool Bool(string key, bool fallback) =>
        Root.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    public string? String(string key) =>
        Root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public IReadOnlyList<long> Ints(string key) =>
        Root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(e => e.GetInt64()).ToList() : [];

    public IReadOnlyList<string> Strings(string key) =>
        Root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(e => e.GetString() ?? "").ToList() : [];

    /// <summary>A value that is either one number or one per block (diffusers' attention_head_dim, transformer_layers_per_block).</summary>
    public IReadOnlyList<long> IntOrPerBlock(string key, int blocks, long fallback)
    {
        if (Root.TryGetProperty(key, out var v))
        {
            if (v.ValueKind == JsonValueKind.Array)
                return v.EnumerateArray().Select(e => e.GetInt64()).ToList();
            if (v.ValueKind == JsonValueKind.Number)
                return Enumerable.Repeat(v.GetInt64(), blocks).ToList();
        }

        return Enumerable.Repeat(fallback, blocks).ToList();
    }
}
