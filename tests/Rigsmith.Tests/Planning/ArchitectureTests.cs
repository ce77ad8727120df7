using System.Reflection;
using System.Text.RegularExpressions;
using Rigsmith.Rigs;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Planning;

/// <summary>
/// The shape docs/architecture.md describes, checked on the source and the compiled types: each model is built only by the plan
/// stage, <c>Rigs</c> knows nothing of training, <c>Training</c> nothing of the analyses, and the standards sit below the
/// catalog.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Src = Path.Combine(Repo.Root, "src");

    private static IEnumerable<(string Path, string Text)> Sources(params string[] under) =>
        under.SelectMany(u => Directory.EnumerateFiles(Path.Combine(Src, u), "*.cs", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => (Path.GetRelativePath(Src, p).Replace('\\', '/'), File.ReadAllText(p)));

    /// <summary>Calls that build a model, and the only folders allowed to make them.</summary>
    [Theory]
    [InlineData(@"PcieTopology\.Build\(", "Rigsmith/Planning/")]
    [InlineData(@"GpuInterconnect\.Build\(", "Rigsmith/Planning/")]
    [InlineData(@"ElectricalModel\.Evaluate(Capped)?\(", "Rigsmith/Planning/")]
    [InlineData(@"ElectricalPlan\.Build\(", "Rigsmith/Planning/")]
    [InlineData(@"PowerLimitAdvice\.Compute\(", "Rigsmith/Planning/")]
    [InlineData(@"SlotPath\.Solve\(", "Rigsmith/Planning/")]
    [InlineData(@"SlotGeometry\.(Place|OccupiedPositions|RiserPlugs)\(", "Rigsmith/Planning/")]
    [InlineData(@"PhysicalLayout\.Build\(", "Rigsmith/Planning/")]
    [InlineData(@"TrainingPlan\.Build\(", "Rigsmith/Planning/")]
    // The estimator is also called by the settings search (its candidates) and the validation against measurements.
    [InlineData(@"TrainingEstimator\.Estimate\(", "Rigsmith/Planning/", "Rigsmith/Training/")]
    [InlineData(@"SettingsSearch\.Search\(", "Rigsmith/Planning/")]
    public void A_model_is_built_only_by_the_plan_stage(string call, params string[] allowed)
    {
        var pattern = new Regex(call);
        var offenders = Sources("Rigsmith", "Rigsmith.Cli", "Rigsmith.Reports")
            .Where(f => pattern.IsMatch(f.Text) && !allowed.Any(a => f.Path.StartsWith(a, StringComparison.Ordinal)))
            .Select(f => f.Path)
            .ToList();
        Assert.True(offenders.Count == 0, $"{call} is called outside {string.Join(", ", allowed)}: {string.Join(", ", offenders)}");
    }

    [Theory]
    [InlineData("Rigsmith/Rigs", "Rigsmith.Training", "Rigsmith.Planning", "Rigsmith.Analysis")]
    [InlineData("Rigsmith/Training", "Rigsmith.Analysis", "Rigsmith.Planning", "Rigsmith.Reporting", "Rigsmith.Publishing")]
    [InlineData("Rigsmith/Standards", "Rigsmith.Catalog", "Rigsmith.Rigs", "Rigsmith.Analysis", "Rigsmith.Planning", "Rigsmith.Training")]
    [InlineData("Rigsmith/Catalog", "Rigsmith.Analysis", "Rigsmith.Planning", "Rigsmith.Training", "Rigsmith.Rigs")]
    [InlineData("Rigsmith/Planning", "Rigsmith.Analysis", "Rigsmith.Reporting", "Rigsmith.Publishing")]
    public void A_layer_does_not_reach_up(string folder, params string[] forbidden)
    {
        var offenders = Sources(folder)
            .SelectMany(f => forbidden.Where(ns => Regex.IsMatch(f.Text, $@"\b{Regex.Escape(ns)}\b")).Select(ns => $"{f.Path} names {ns}"))
            .ToList();
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void Rig_types_expose_no_training_type()
    {
        var assembly = typeof(RigModel).Assembly;
        var rigTypes = assembly.GetTypes().Where(t => t.Namespace == "Rigsmith.Rigs");
        var leaks = rigTypes
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .SelectMany(m => MemberTypes(m).Where(x => x.Namespace?.StartsWith("Rigsmith.Training", StringComparison.Ordinal) == true)
                    .Select(x => $"{t.Name}.{m.Name}: {x.Name}")))
            .ToList();
        Assert.Empty(leaks);
    }

    private static IEnumerable<Type> MemberTypes(MemberInfo member) => member switch
    {
        PropertyInfo p => [p.PropertyType, .. p.PropertyType.GenericTypeArguments],
        FieldInfo f => [f.FieldType, .. f.FieldType.GenericTypeArguments],
        MethodInfo m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType).SelectMany(x => x.GenericTypeArguments.Append(x)),
        _ => [],
    };
}
