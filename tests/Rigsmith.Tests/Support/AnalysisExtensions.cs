using Rigsmith.Analysis;
using Rigsmith.Rigs;

namespace Rigsmith.Tests.Support;

/// <summary>Runs one analysis on a rig the way the checker does: plan first, then the analysis on that context.</summary>
public static class AnalysisExtensions
{
    public static AnalysisResult Run(this IAnalysis analysis, RigModel rig) => analysis.Run(AnalysisContext.For(rig));
}
