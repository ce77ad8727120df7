using Rigsmith.Catalog;
using Rigsmith.Standards;
using Rigsmith.Units;

namespace Rigsmith.Planning.Electrical;

/// <summary>One way +12 V reaches the slots: the 24-pin or an auxiliary slot-power header, with the current it carries.</summary>
public sealed record SlotPathBranch(string Name, ConnectorSpec Connector, Ohms Resistance, Amperes Current)
{
    public Amperes PerPin => Current / Connector.SupplyPins;
    public bool OverRating => PerPin > Connector.PinRating;
}

/// <summary>The solved slot path: voltage at the slots, total current and the share of each branch.</summary>
/// <param name="Collapsed">True when no voltage lets the path deliver the load (the drop would exceed half the rail).</param>
public sealed record SlotPathResult(Volts SlotVoltage, Amperes Current, Ohms Resistance, IReadOnlyList<SlotPathBranch> Branches, bool Collapsed);

/// <summary>
/// Resistive model of the +12 V path from the PSU to the PCIe slots. Each branch (the 24-pin's two +12 V pins, each
/// auxiliary slot-power header) is a PSU lead (wire plus mated terminal pairs, supply pins in parallel, in series with
/// its return pins in parallel) plus the board copper from its connector to the slots. The branches meet at the slots,
/// so current shares between them in inverse proportion to their resistance. The slot loads draw constant power, so
/// the current rises as the voltage falls: V = V0 − (P / V)·R, solved exactly.
/// </summary>
public static class SlotPath
{
    /// <summary>Resistance of one conductor of a PSU lead: wire at the conductor temperature plus its mated terminal pairs.</summary>
    public static Ohms Conductor(int awg, Celsius ambient)
    {
        var wire = ElectricalConstants.WirePerMetre(awg).Value * ElectricalConstants.CableLengthMetres * TemperatureFactor(ambient);
        return Ohms.From(wire) + Ohms.From(ElectricalConstants.ContactResistance.Value * ElectricalConstants.MatedPairsPerConductor);
    }

    /// <summary>Copper resistance at ambient + the rated 30 °C rise relative to 20 °C.</summary>
    public static double TemperatureFactor(Celsius ambient) =>
        1 + (ElectricalConstants.CopperTempCoefficient * (ambient.Value + ElectricalConstants.ConductorRiseCelsius - 20));

    /// <summary>Loop resistance of one branch: supply pins in parallel, return pins in parallel, plus the board copper.</summary>
    public static Ohms Branch(ConnectorSpec connector, double planeSquares, Celsius ambient)
    {
        var conductor = Conductor(connector.Awg, ambient);
        var plane = ElectricalConstants.SheetResistance.Value * planeSquares * TemperatureFactor(ambient);
        return Ohms.From((conductor.Value / connector.SupplyPins) + (conductor.Value / connector.ReturnPins) + plane);
    }

    /// <summary>Solves the path for <paramref name="load"/> watts drawn at the slots (GPU slot power and board-header fans).</summary>
    public static SlotPathResult Solve(IReadOnlyList<PowerConnector> headers, Watts load, Celsius ambient)
    {
        var branches = new List<(string Name, ConnectorSpec Spec, Ohms R)>
        {
            ("24-pin ATX", Connectors.Atx24, Branch(Connectors.Atx24, ElectricalConstants.Atx24PlaneSquares, ambient)),
        };
        for (var i = 0; i < headers.Count; i++)
        {
            var spec = Connectors.Of(headers[i]);
            branches.Add(($"slot-power header {i + 1} ({Connectors.Name(headers[i])})", spec, Branch(spec, ElectricalConstants.HeaderPlaneSquares, ambient)));
        }

        var conductance = branches.Sum(b => 1 / b.R.Value);
        var r = 1 / conductance;
        var v0 = ElectricalConstants.PsuOutput.Value;
        var discriminant = (v0 * v0) - (4 * load.Value * r);
        var collapsed = discriminant < 0;
        // Constant-power load: V² − V0·V + P·R = 0; the upper root is the operating point. Past the maximum-power point
        // (discriminant < 0) the rail collapses; report V0 / 2, the lowest voltage a resistive path can hold up.
        var v = collapsed ? v0 / 2 : (v0 + Math.Sqrt(discriminant)) / 2;
        var current = load.Value <= 0 ? 0 : load.Value / v;
        var solved = branches
            .Select(b => new SlotPathBranch(b.Name, b.Spec, b.R, Amperes.From(current * r / b.R.Value)))
            .ToList();
        return new SlotPathResult(Volts.From(v), Amperes.From(current), Ohms.From(r), solved, collapsed);
    }
}
