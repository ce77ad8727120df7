using Rigsmith.Standards;
using Rigsmith.Units;

namespace Rigsmith.Planning.Electrical;

/// <summary>One way +12 V reaches the board: the 24-pin or an auxiliary slot-power header, with the current it carries.</summary>
/// <param name="Temperature">Temperature of its hottest terminal (ambient plus the rise at its current per pin).</param>
public sealed record SlotPathBranch(string Name, ConnectorSpec Connector, Ohms Resistance, Amperes Current, Celsius Temperature)
{
    public Amperes PerPin => Current / Connector.SupplyPins;
    public bool OverRating => PerPin > Connector.PinRating;
}

/// <summary>The solved slot path: voltages at the PSU, the board's 24-pin and the slots, the slot current and the share of each branch.</summary>
/// <param name="SlotVoltage">+12 V at the slots (the cards' edge connectors).</param>
/// <param name="Atx24Voltage">+12 V where the 24-pin lead meets the board: the load end of the PSU's lead, where ATX regulation applies.</param>
/// <param name="PsuOutput">+12 V at the PSU's terminals after its load regulation.</param>
/// <param name="Current">Current the slots draw.</param>
/// <param name="Resistance">Effective resistance from the PSU to the slots: (PSU output − slot voltage) / slot current.</param>
/// <param name="Collapsed">True when no voltage lets the path deliver the load (the drop would exceed half the rail).</param>
public sealed record SlotPathResult(Volts SlotVoltage, Volts Atx24Voltage, Volts PsuOutput, Amperes Current, Ohms Resistance, IReadOnlyList<SlotPathBranch> Branches, bool Collapsed, SlotPathCase Case);

/// <summary>The loads on the slot path: what the slots draw and what else the board draws from the 24-pin's +12 V pins.</summary>
/// <param name="Slots">Drawn at the slots: the GPUs' slot power and drives on add-in cards.</param>
/// <param name="Board">Drawn at the 24-pin header from its +12 V: board fans, the DRAM VRM, the chipset.</param>
/// <param name="PsuLoadFraction">The PSU's load over its rating, which sets its output through load regulation.</param>
public sealed record SlotLoads(Watts Slots, Watts Board, double PsuLoadFraction)
{
    public static SlotLoads OnlySlots(Watts slots) => new(slots, Watts.Zero, 0);
}

/// <summary>
/// One set of the parameters the slot path rests on: the typical case (typical contact resistance, nominal copper,
/// typical lead, typical load regulation) or the worst case (maximum contact resistance, maximum copper resistance,
/// a longer lead, regulation at the ATX limit).
/// </summary>
public sealed record SlotPathCase(string Name, Ohms ContactResistance, Func<int, Ohms> WirePerMetre, double LeadMetres, double LoadRegulation)
{
    /// <summary>Mated terminal pairs per conductor (both cases share the assumption; a field so its effect can be measured).</summary>
    public int MatedPairs { get; init; } = ElectricalConstants.MatedPairsPerConductor;

    /// <summary>Squares of board copper from the 24-pin to the slots (both cases share the assumption).</summary>
    public double Atx24Squares { get; init; } = ElectricalConstants.Atx24PlaneSquares;

    public static readonly SlotPathCase Typical = new("typical", ElectricalConstants.ContactResistance, ElectricalConstants.WirePerMetre,
        ElectricalConstants.CableLengthMetres, ElectricalConstants.LoadRegulationTypical);

    public static readonly SlotPathCase Worst = new("worst", ElectricalConstants.ContactResistanceMax, ElectricalConstants.WirePerMetreMax,
        ElectricalConstants.CableLengthWorstMetres, ElectricalConstants.LoadRegulationWorst);

    /// <summary>The PSU's +12 V at <paramref name="loadFraction"/> of its rating: nominal less the regulation, linear in load.</summary>
    public Volts PsuOutput(double loadFraction) =>
        Volts.From(ElectricalConstants.PsuOutput.Value * (1 - (LoadRegulation * Math.Clamp(loadFraction, 0, 4))));
}

/// <summary>
/// Resistive model of the +12 V path from the PSU to the PCIe slots. The 24-pin lead (wire plus mated terminal pairs,
/// supply pins in parallel, in series with its return pins in parallel) feeds the board at its header, where the
/// board's own +12 V loads (fans, DRAM VRM, chipset) draw; board copper carries the rest to the slots. Each auxiliary
/// slot-power header is a lead plus a short run of copper straight to the slots. Current shares between the paths by
/// their resistance. Every load draws constant power, so current rises as voltage falls; terminals heat with the square
/// of their current, so resistance rises with it. The two node voltages are solved together by iteration.
/// </summary>
public static class SlotPath
{
    /// <summary>Resistance factor of copper (and contacts) at <paramref name="temperature"/> relative to 20 °C.</summary>
    public static double TemperatureFactor(Celsius temperature) =>
        1 + (ElectricalConstants.CopperTempCoefficient * (temperature.Value - 20));

    /// <summary>Terminal temperature at <paramref name="perPin"/> amperes: ambient plus the rated 30 °C rise scaled by (I / I rated)².</summary>
    public static Celsius TerminalTemperature(ConnectorSpec connector, Amperes perPin, Celsius ambient)
    {
        var ratio = connector.PinRating.Value <= 0 ? 0 : perPin.Value / connector.PinRating.Value;
        return Celsius.From(ambient.Value + (ElectricalConstants.ConductorRiseCelsius * ratio * ratio));
    }

    /// <summary>Resistance of one conductor of a PSU lead at <paramref name="temperature"/>: wire plus its mated terminal pairs.</summary>
    public static Ohms Conductor(int awg, Celsius temperature, SlotPathCase c)
    {
        var factor = TemperatureFactor(temperature);
        var wire = c.WirePerMetre(awg).Value * c.LeadMetres;
        var contacts = c.ContactResistance.Value * c.MatedPairs;
        return Ohms.From((wire + contacts) * factor);
    }

    /// <summary>Loop resistance of a lead carrying <paramref name="current"/>: supply pins in parallel, in series with the return pins in parallel.</summary>
    public static Ohms Lead(ConnectorSpec connector, Amperes current, Celsius ambient, SlotPathCase c)
    {
        var supply = Conductor(connector.Awg, TerminalTemperature(connector, current / connector.SupplyPins, ambient), c);
        var ret = Conductor(connector.Awg, TerminalTemperature(connector, current / connector.ReturnPins, ambient), c);
        return Ohms.From((supply.Value / connector.SupplyPins) + (ret.Value / connector.ReturnPins));
    }

    /// <summary>Board copper of <paramref name="squares"/> squares at ambient plus its assumed rise.</summary>
    public static Ohms Plane(double squares, Celsius ambient) =>
        Ohms.From(ElectricalConstants.SheetResistance.Value * squares * TemperatureFactor(Celsius.From(ambient.Value + ElectricalConstants.PlaneRiseCelsius)));

    /// <summary>Solves the path for <paramref name="load"/> watts at the slots, nothing else on the 24-pin, the PSU at nominal output, typical parameters.</summary>
    public static SlotPathResult Solve(IReadOnlyList<PowerConnector> headers, Watts load, Celsius ambient) =>
        Solve(headers, SlotLoads.OnlySlots(load), ambient, SlotPathCase.Typical);

    public static SlotPathResult Solve(IReadOnlyList<PowerConnector> headers, SlotLoads loads, Celsius ambient, SlotPathCase c)
    {
        var v0 = c.PsuOutput(loads.PsuLoadFraction).Value;
        var specs = headers.Select(Connectors.Of).ToList();
        var plane24 = Plane(c.Atx24Squares, ambient).Value;
        var planeHeader = Plane(ElectricalConstants.HeaderPlaneSquares, ambient).Value;
        var pSlots = Math.Max(0, loads.Slots.Value);
        var pBoard = Math.Max(0, loads.Board.Value);

        // Node A: the board's 24-pin header; node S: the slots. Start from the no-load state and iterate: the loads'
        // currents follow the node voltages, the terminals' resistance follows their currents.
        double va = v0, vs = v0;
        double i24 = 0;
        var iHeaders = new double[specs.Count];
        var gHeaders = new double[specs.Count];
        var converged = false;
        var collapsed = false;
        for (var iteration = 0; iteration < 5000; iteration++)
        {
            var r24 = Lead(Connectors.Atx24, Amperes.From(Math.Abs(i24)), ambient, c).Value;
            for (var k = 0; k < specs.Count; k++)
                gHeaders[k] = 1 / (Lead(specs[k], Amperes.From(Math.Abs(iHeaders[k])), ambient, c).Value + planeHeader);
            var iBoard = pBoard / va;
            var iSlots = pSlots / vs;

            // Nodal equations: G24(V0 − Va) = Iboard + Gp(Va − Vs);  Gp(Va − Vs) + ΣGh(V0 − Vs) = Islots.
            var g24 = 1 / r24;
            var gp = 1 / plane24;
            var gh = gHeaders.Sum();
            var a11 = g24 + gp;
            var a12 = -gp;
            var b1 = (g24 * v0) - iBoard;
            var a21 = -gp;
            var a22 = gp + gh;
            var b2 = (gh * v0) - iSlots;
            var det = (a11 * a22) - (a12 * a21);
            var newVa = ((b1 * a22) - (a12 * b2)) / det;
            var newVs = ((a11 * b2) - (a21 * b1)) / det;
            if (!double.IsFinite(newVa) || !double.IsFinite(newVs) || newVa < v0 / 2 || newVs < v0 / 2)
            {
                collapsed = true;
                break;
            }

            // Damped update: constant-power loads near their limit make the plain fixed point oscillate.
            var nextVa = va + (0.5 * (newVa - va));
            var nextVs = vs + (0.5 * (newVs - vs));
            i24 = g24 * (v0 - nextVa);
            for (var k = 0; k < specs.Count; k++)
                iHeaders[k] = gHeaders[k] * (v0 - nextVs);
            var change = Math.Max(Math.Abs(nextVa - va), Math.Abs(nextVs - vs));
            va = nextVa;
            vs = nextVs;
            if (change < 1e-13)
            {
                converged = true;
                break;
            }
        }

        if (collapsed || !converged)
        {
            // Past the maximum-power point no voltage carries the load; report V0 / 2, the lowest voltage a resistive
            // path can hold up, with the load's current at that voltage.
            va = vs = v0 / 2;
            var share = 1.0 / (specs.Count + 1);
            for (var k = 0; k < specs.Count; k++)
                iHeaders[k] = pSlots / vs * share;
            i24 = (pBoard / va) + (pSlots / vs * share);
        }

        var slotCurrent = pSlots <= 0 ? 0 : pSlots / vs;
        var branches = new List<SlotPathBranch>
        {
            new("24-pin ATX", Connectors.Atx24, Lead(Connectors.Atx24, Amperes.From(Math.Abs(i24)), ambient, c), Amperes.From(Math.Max(0, i24)),
                TerminalTemperature(Connectors.Atx24, Amperes.From(Math.Abs(i24) / Connectors.Atx24.SupplyPins), ambient)),
        };
        for (var k = 0; k < specs.Count; k++)
        {
            branches.Add(new($"slot-power header {k + 1} ({Connectors.Name(headers[k])})", specs[k],
                Ohms.From(Lead(specs[k], Amperes.From(Math.Abs(iHeaders[k])), ambient, c).Value + planeHeader), Amperes.From(Math.Max(0, iHeaders[k])),
                TerminalTemperature(specs[k], Amperes.From(Math.Abs(iHeaders[k]) / specs[k].SupplyPins), ambient)));
        }

        var resistance = slotCurrent <= 0 ? 0 : Math.Max(0, (v0 - vs) / slotCurrent);
        return new SlotPathResult(Volts.From(vs), Volts.From(va), Volts.From(v0), Amperes.From(slotCurrent), Ohms.From(resistance), branches, collapsed, c);
    }
}
