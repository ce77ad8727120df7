using System.Text.Json;

namespace Rigsmith.Training.Models;

/// <summary>Typed reads from a diffusers/transformers <c>config.json</c>, with the library defaults where a key is absent.</summary>
public sealed class ModelConfig(JsonElement root, string file)
{
    public string File { get; } = file;

    public static ModelConfig Load(string path)
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(path));
        return new ModelConfig(document.RootElement.Clone(), path);
    }

    public bool Has(string key) => root.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null;

    public long Int(string key, long? fallback = null)
    {
        if (root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number)
            return v.GetInt64();
        return fallback ?? throw new InvalidDataException($"{File}: '{key}' is missing");
    }

    public bool Bool(string key, bool fallback) =>
        root.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    public string? String(string key) =>
        root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public IReadOnlyList<long> Ints(string key) =>
        root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(e => e.GetInt64()).ToList() : [];

    public IReadOnlyList<string> Strings(string key) =>
        root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(e => e.GetString() ?? "").ToList() : [];

    /// <summary>A value that is either one number or one per block (diffusers' attention_head_dim, transformer_layers_per_block).</summary>
    public IReadOnlyList<long> IntOrPerBlock(string key, int blocks, long fallback)
    {
        if (root.TryGetProperty(key, out var v))
        {
            if (v.ValueKind == JsonValueKind.Array)
                return v.EnumerateArray().Select(e => e.GetInt64()).ToList();
            if (v.ValueKind == JsonValueKind.Number)
                return Enumerable.Repeat(v.GetInt64(), blocks).ToList();
        }

        return Enumerable.Repeat(fallback, blocks).ToList();
    }
}
