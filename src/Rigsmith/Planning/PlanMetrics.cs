using System.Diagnostics.Metrics;

namespace Rigsmith.Planning;

/// <summary>
/// Counts how often each model is built, by model name, on the <c>Rigsmith.Planning</c> meter. The plan stage builds
/// each model once per rig; a listener (a test, the exporter, a profiler) can watch that it stays so. Without a
/// listener the counter costs a branch.
/// </summary>
public static class PlanMetrics
{
    public const string MeterName = "Rigsmith.Planning";
    public const string ModelBuildsName = "rigsmith.plan.model_builds";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Builds = Meter.CreateCounter<long>(ModelBuildsName, "{build}", "Models built by the plan stage, by model.");

    public const string Pcie = "pcie_topology";
    public const string Interconnect = "gpu_interconnect";
    public const string Electrical = "electrical";
    public const string Layout = "physical_layout";
    public const string Training = "training_estimate";

    internal static void Built(string model) => Builds.Add(1, new KeyValuePair<string, object?>("model", model));
}
