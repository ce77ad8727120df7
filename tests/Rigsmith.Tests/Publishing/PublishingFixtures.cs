using Rigsmith.Rigs;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Publishing;

/// <summary>The project's own publishing fixtures and the shared PCPartPicker samples (../shared/fixtures, when present).</summary>
public static class PublishingFixtures
{
    public static string Own(string name) => Path.Combine(Repo.Root, "tests", "Rigsmith.Tests", "Publishing", "Fixtures", name);

    public static string SharedDirectory => Path.Combine(Repo.Root, "..", "shared", "fixtures");

    /// <summary>The shared PCPartPicker samples; empty when the shared folder is not there (a fresh clone).</summary>
    public static IReadOnlyList<string> SharedPcPartPicker() =>
        Directory.Exists(SharedDirectory) ? Directory.GetFiles(SharedDirectory, "pcpartpicker-*").Order(StringComparer.Ordinal).ToList() : [];

    public static string? Shared(string name)
    {
        var path = Path.Combine(SharedDirectory, name);
        return File.Exists(path) ? path : null;
    }

    /// <summary>The priced-custom fixture over the catalog without its prices, so only the fixture's own prices count.</summary>
    public static RigModel PricedCustomRig() => UnpricedCatalog.LoadRig(Own("priced-custom.rig.yaml"));
}
