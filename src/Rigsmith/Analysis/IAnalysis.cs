using Rigsmith.Rigs;

namespace Rigsmith.Analysis;

/// <summary>
/// One concern (compatibility, power, PCIe, ...) as a pure function of the context: the rig and its plan. An analysis
/// reads the models the plan holds and never builds one itself.
/// </summary>
public interface IAnalysis
{
    /// <summary>The JSON section name: <c>compatibility</c>, <c>power</c>, <c>pcie</c>.</summary>
    string Key { get; }
    string Title { get; }
    IReadOnlyList<Rule> Rules { get; }
    AnalysisResult Run(AnalysisContext context);
}
