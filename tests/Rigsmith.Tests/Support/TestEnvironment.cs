using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Rigsmith.Planning;

namespace Rigsmith.Tests.Support;

/// <summary>Settings every test runs under, made before the first test runs.</summary>
public static class TestEnvironment
{
    /// <summary>The catalog indexes the commands write go to a directory of this test run, never the user's cache.</summary>
    public static string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "rigsmith-tests", "cache-" + Guid.NewGuid().ToString("N"));

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The test assembly sets the cache directory once, before any command runs.")]
    internal static void UseTemporaryCache() => Environment.SetEnvironmentVariable(DataSources.CacheVariable, CacheDirectory);
}
