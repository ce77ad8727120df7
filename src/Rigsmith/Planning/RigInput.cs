using Rigsmith.Catalog;
using Rigsmith.Catalog.OpenDb;
using Rigsmith.Input;
using Rigsmith.Rigs;
using Rigsmith.Training;
using Rigsmith.Training.Models;

namespace Rigsmith.Planning;

/// <summary>Where a rig file comes from: a path, or text already in memory (a web form, standard input).</summary>
public abstract record RigSource(string Name)
{
    /// <summary>A rig file on disk.</summary>
    public sealed record FromFile(string Path) : RigSource(Path);

    /// <summary>Rig YAML given as text; <c>Name</c> is what problems name as the file.</summary>
    public sealed record FromText(string Content, string Name) : RigSource(Name);

    /// <summary>Rig YAML as bytes (standard input), decoded as strictly as a file.</summary>
    public sealed record FromBytes(byte[] Content, string Name) : RigSource(Name);

    public static RigSource File(string path) => new FromFile(path);

    public static RigSource Text(string text, string name = "<text>") => new FromText(text, name);

    /// <summary>Reads the whole stream (for <c>check -</c>); it is decoded like a file, strict UTF-8 unless a byte-order mark says otherwise.</summary>
    public static RigSource Stream(Stream stream, string name = "<stdin>") => new FromBytes(TextFiles.ReadAllBytes(stream), name);
}

/// <summary>A rig resolved against the catalog, and its workload resolved against the model zoo (null when it has none).</summary>
public sealed record LoadedRig(RigModel Rig, TrainingJob? Job);

/// <summary>
/// Where the catalog and the model zoo live: the directory given, else the environment variable
/// (<c>RIGSMITH_CATALOG</c>, <c>RIGSMITH_MODELS</c>), else the copy shipped beside the binary. Each is loaded at most
/// once per instance, so a server keeps one and reuses it. The catalog loads through its snapshot
/// (<see cref="CatalogSnapshot"/>): the index shipped beside the binary, else the one in the cache directory, else the
/// full load, which writes that index.
/// </summary>
public sealed class DataSources
{
    public const string CatalogVariable = "RIGSMITH_CATALOG";

    /// <summary>Names the directory for the catalog's index when the shipped one does not fit (an edited or another catalog).</summary>
    public const string CacheVariable = "RIGSMITH_CACHE";

    private readonly Lazy<LoadResult<PartCatalog>> _catalog;
    private readonly Lazy<LoadResult<ModelZoo>> _zoo;

    /// <param name="cacheDirectory">Where catalog indexes are kept; null: <see cref="DefaultCacheDirectory"/>.</param>
    public DataSources(string? catalogDirectory = null, string? modelsDirectory = null, string? cacheDirectory = null, string? pricesFile = null)
    {
        PricesFile = pricesFile;
        CatalogDirectory = Locate(catalogDirectory, CatalogVariable, "catalog");
        ModelsDirectory = Locate(modelsDirectory, ModelZoo.EnvironmentVariable, "models");
        CacheDirectory = string.IsNullOrWhiteSpace(cacheDirectory) ? DefaultCacheDirectory() : cacheDirectory;
        _catalog = new(() => WithPriceBook(WithBroad(CatalogSnapshot.Load(CatalogDirectory, CacheDirectory,
            Path.Combine(AppContext.BaseDirectory, "catalog", CatalogSnapshot.IndexFolder)))));
        _zoo = new(() => ModelZoo.Load(ModelsDirectory));
    }

    public string CatalogDirectory { get; }
    public string ModelsDirectory { get; }

    /// <summary>Where catalog indexes are read and written; null when the user has no home or cache directory.</summary>
    public string? CacheDirectory { get; }

    public LoadResult<PartCatalog> Catalog => _catalog.Value;

    /// <summary>The user's price book file (docs/prices.md), read before the catalog's prices; null when none.</summary>
    public string? PricesFile { get; }

    /// <summary>The price book read from <see cref="PricesFile"/> once the catalog has loaded; null without one.</summary>
    public PriceBook? PriceBook { get; private set; }

    /// <summary>
    /// The curated catalog over the broad tier in its <c>opendb/</c> folder, opened only when a part is not curated or
    /// the whole catalog is listed. A tier that cannot be read is left out (<see cref="PartCatalog.BroadProblem"/>).
    /// </summary>
    private LoadResult<PartCatalog> WithBroad(LoadResult<PartCatalog> loaded)
    {
        if (!loaded.Ok)
            return loaded;
        var directory = CatalogDirectory;
        return LoadResult<PartCatalog>.Success(loaded.Value!.WithBroad(() => OpenDbTier.OpenIn(directory)));
    }

    /// <summary>The catalog with the price book's observations ahead of each part's own (curated parts now, broad ones as read).</summary>
    private LoadResult<PartCatalog> WithPriceBook(LoadResult<PartCatalog> loaded)
    {
        if (PricesFile is null || !loaded.Ok)
            return loaded;
        var catalog = loaded.Value!;
        string text;
        try
        {
            text = File.ReadAllText(PricesFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return LoadResult<PartCatalog>.Failure([new InputProblem(PricesFile, 0, 0, "", $"cannot read the price book: {e.Message}", null)]);
        }

        var ids = MapReader.EnumValues<PartCategory>().SelectMany(catalog.IdsOf).ToList();
        var book = Rigsmith.Catalog.PriceBook.Read(text, PricesFile, id => catalog.Find(id) is not null, ids);
        if (!book.Ok)
            return LoadResult<PartCatalog>.Failure(book.Problems);
        PriceBook = book.Value;
        return LoadResult<PartCatalog>.Success(catalog.Select(book.Value!.Apply));
    }
    public LoadResult<ModelZoo> Zoo => _zoo.Value;

    /// <summary><c>$RIGSMITH_CACHE</c>, else <c>$XDG_CACHE_HOME/rigsmith</c>, else <c>~/.cache/rigsmith</c> (on Windows the local application data folder).</summary>
    public static string? DefaultCacheDirectory()
    {
        var own = Environment.GetEnvironmentVariable(CacheVariable);
        if (!string.IsNullOrWhiteSpace(own))
            return own;
        if (OperatingSystem.IsWindows())
            return Under(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "rigsmith", "cache");
        // The XDG base directory specification ignores a relative XDG_CACHE_HOME.
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
            return Path.Combine(xdg, "rigsmith");
        return Under(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "rigsmith");
    }

    private static string? Under(string root, params string[] parts) => string.IsNullOrEmpty(root) ? null : Path.Combine([root, .. parts]);

    private static string Locate(string? option, string variable, string shipped)
    {
        if (!string.IsNullOrWhiteSpace(option))
            return option;
        var fromEnvironment = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? Path.Combine(AppContext.BaseDirectory, shipped) : fromEnvironment;
    }
}

/// <summary>
/// The one loading pipeline every entry point uses (the command line, and next the web server and the doctor): read the
/// rig from a file or text, resolve its parts against the catalog, then resolve its workload section plus any
/// overrides against the model zoo. Problems come back as values naming file, line and field; nothing throws.
/// </summary>
public static class RigInput
{
    /// <param name="overrides">Workload settings that win over the rig file's (the command line's flags).</param>
    /// <param name="resolveWorkload">False for commands that ignore the workload (power): the zoo is not read.</param>
    public static LoadResult<LoadedRig> Load(RigSource source, DataSources data, IReadOnlyList<TrainingSettingsParser.Setting>? overrides = null, bool resolveWorkload = true)
    {
        var catalog = data.Catalog;
        if (!catalog.Ok)
            return LoadResult<LoadedRig>.Failure(catalog.Problems);
        return Load(source, catalog.Value!, () => data.Zoo, overrides, resolveWorkload);
    }

    /// <summary>The same pipeline over a catalog already loaded; the zoo is loaded only when a workload needs it.</summary>
    public static LoadResult<LoadedRig> Load(RigSource source, PartCatalog catalog, Func<LoadResult<ModelZoo>> zoo,
        IReadOnlyList<TrainingSettingsParser.Setting>? overrides = null, bool resolveWorkload = true)
    {
        if (source is RigSource.FromBytes b)
        {
            var sink = new ProblemSink(b.Name);
            if (TextFiles.Decode(b.Content, sink) is not { } text)
                return LoadResult<LoadedRig>.Failure(sink.Problems);
            source = new RigSource.FromText(text, b.Name);
        }

        Workload? written = null;
        var rig = source switch
        {
            RigSource.FromFile f => RigLoader.Load(f.Path, catalog, out written),
            RigSource.FromText t => RigLoader.Parse(t.Content, t.Name, catalog, out written),
            _ => throw new ArgumentOutOfRangeException(nameof(source), source, "unknown rig source"),
        };
        if (!rig.Ok)
        {
            // The rest of the file has problems; its workload and the overrides are still checked, so every problem
            // comes in one pass.
            var settings = (resolveWorkload && written is not null ? TrainingJobs.FromWorkload(written) : []).Concat(resolveWorkload ? overrides ?? [] : []).ToList();
            if (settings.Count == 0 || zoo() is not { Ok: true } checkZoo)
                return LoadResult<LoadedRig>.Failure(rig.Problems);
            var more = new List<InputProblem>();
            TrainingJobs.Check(settings, checkZoo.Value!, more);
            return LoadResult<LoadedRig>.Failure([.. rig.Problems, .. more]);
        }
        var model = rig.Value!;

        var workload = resolveWorkload && model.Workload is { } w ? TrainingJobs.FromWorkload(w) : [];
        var all = workload.Concat(resolveWorkload ? overrides ?? [] : []).ToList();
        if (all.Count == 0)
            return LoadResult<LoadedRig>.Success(new LoadedRig(model, null));

        var models = zoo();
        if (!models.Ok)
            return LoadResult<LoadedRig>.Failure(models.Problems);
        var problems = new List<InputProblem>();
        var job = TrainingJobs.Resolve(all, models.Value!, model, problems);
        return job is null ? LoadResult<LoadedRig>.Failure(problems) : LoadResult<LoadedRig>.Success(new LoadedRig(model, job));
    }
}
