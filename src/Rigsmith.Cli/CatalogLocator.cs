namespace Rigsmith.Cli;

/// <summary>Finds the catalog: --catalog, then RIGSMITH_CATALOG, then the copy shipped beside the binary.</summary>
public static class CatalogLocator
{
    public const string EnvironmentVariable = "RIGSMITH_CATALOG";

    public static string Locate(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
            return option;
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return fromEnvironment;
        return Path.Combine(AppContext.BaseDirectory, "catalog");
    }
}
