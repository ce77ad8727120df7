namespace Rigsmith.Web.Pages;

/// <summary>The example rigs shipped beside the server (examples/*.rig.yaml), to start a build from.</summary>
public static class Examples
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "examples");

    /// <summary>The examples' names (file names without <c>.rig.yaml</c>), sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = System.IO.Directory.Exists(Directory)
        ? System.IO.Directory.GetFiles(Directory, "*.rig.yaml").Select(f => Path.GetFileName(f)[..^".rig.yaml".Length]).Order(StringComparer.Ordinal).ToList()
        : [];

    /// <summary>An example's text; null for a name that is not one (names are matched against the list, never used as paths).</summary>
    public static string? Read(string name) =>
        Names.Contains(name, StringComparer.Ordinal) ? File.ReadAllText(Path.Combine(Directory, name + ".rig.yaml")) : null;
}
