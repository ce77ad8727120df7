using Rigsmith.Rigs;

namespace Rigsmith.Analysis;

/// <summary>One concern (compatibility, power, PCIe, ...) as a pure function of the rig.</summary>
public interface IAnalysis
{
    /// <summary>The JSON section name: <c>compatibility</c>, <c>power</c>, <c>pcie</c>.</summary>
    string Key { get; }
    string Title { get; }
    IReadOnlyList<Rule> Rules { get; }
    AnalysisResult Run(RigModel rig);
}
