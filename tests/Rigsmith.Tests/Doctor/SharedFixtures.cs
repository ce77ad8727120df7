using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Doctor;

/// <summary>
/// The real captures in ../shared/fixtures (other projects' test data, sources in its README), read when that folder is
/// there, and the project's own captures under tests/Rigsmith.Tests/Doctor/Fixtures.
/// </summary>
public static class SharedFixtures
{
    public static string Directory => Path.GetFullPath(Path.Combine(Repo.Root, "..", "shared", "fixtures"));

    public static bool Present => System.IO.Directory.Exists(Directory);

    /// <summary>The text of a shared fixture; skips the test when the shared folder is absent.</summary>
    public static string Read(string name)
    {
        Skip.IfNot(Present, "../shared/fixtures is not present");
        return File.ReadAllText(Path.Combine(Directory, name));
    }

    /// <summary>
    /// The shared fixtures whose names start with <paramref name="prefix"/>; without the shared folder, one name that
    /// <see cref="Read"/> skips on (a theory with no data at all fails instead of skipping).
    /// </summary>
    public static IEnumerable<string> Names(string prefix) =>
        Present ? System.IO.Directory.GetFiles(Directory, prefix + "*").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal) : [prefix + "(shared fixtures absent)"];

    public static string OwnDirectory(string name) => Path.Combine(Repo.Root, "tests", "Rigsmith.Tests", "Doctor", "Fixtures", name);

    public static string Own(string path) => File.ReadAllText(Path.Combine(Repo.Root, "tests", "Rigsmith.Tests", "Doctor", "Fixtures", path));
}
