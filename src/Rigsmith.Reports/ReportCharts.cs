using System.Globalization;
using Rigsmith.Analysis;
using Rigsmith.Planning;
using Rigsmith.Planning.Electrical;
using Rigsmith.Standards;
using ScottPlot;

namespace Rigsmith.Reports;

/// <summary>One chart of the HTML report: an id, a title, a caption in words, and the SVG that ScottPlot drew.</summary>
public sealed record Chart(string Id, string Title, string Caption, string Svg);

/// <summary>
/// The report's charts drawn with ScottPlot 5 as SVG: power per consumer and per PSU, the 12 V at the slots against
/// the ATX tolerance, the PCIe lane map, and the VRAM breakdown per GPU. Pure: the report in, SVG text out; every
/// number comes from the report's plan, none from re-running a model.
/// </summary>
public static class ReportCharts
{
    public const int Width = 900;
    public const int Height = 420;

    private static readonly Color[] Palette =
    [
        new(0x1f, 0x77, 0xb4), new(0xff, 0x7f, 0x0e), new(0x2c, 0xa0, 0x2c), new(0xd6, 0x27, 0x28), new(0x94, 0x67, 0xbd),
        new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x7f, 0x7f, 0x7f), new(0xbc, 0xbd, 0x22), new(0x17, 0xbe, 0xcf),
    ];

    public static IReadOnlyList<Chart> All(Report report)
    {
        var charts = new List<Chart>();
        if (report.Rig.Psus.Count > 0)
        {
            var state = report.Plan.Electrical.AsSet;
            charts.Add(Consumers(state));
            charts.Add(PsuLoad(state));
            // The sweep is in the plan only when asked for (HtmlReport.PlanOptions); without it the chart is left out.
            if (report.Rig.Gpus.Count > 0 && report.Plan.Electrical.SlotVoltageSweep.Count > 0)
                charts.Add(SlotVoltage(report));
        }

        if (Table(report, "pcie", "devices") is { Rows.Count: > 0 } devices)
            charts.Add(LaneMap(report, devices));
        if (report.Plan.Training is { } training && report.Rig.Gpus.Count > 0)
            charts.Add(Vram(training));
        return charts;
    }

    private static Chart Consumers(ElectricalState state)
    {
        var plot = NewPlot("Sustained DC power per consumer", "", "W");
        var consumers = state.Consumers;
        var bars = consumers.Select((c, i) => new Bar { Position = i, Value = c.Power.Value, FillColor = Palette[i % Palette.Length], Label = Number(c.Power.Value) }).ToList();
        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 11;
        Ticks(plot, consumers.Select(c => Short(c.Name)).ToList());
        plot.Axes.Margins(bottom: 0);
        return new Chart("power-consumers", "Power per consumer",
            $"Sustained DC draw of each consumer under training load: {Number(state.DcLoad.Value)} W in all.", Svg(plot));
    }

    private static Chart PsuLoad(ElectricalState state)
    {
        var plot = NewPlot("Load per PSU against its rating", "", "W");
        var bars = new List<Bar>();
        for (var i = 0; i < state.Psus.Count; i++)
        {
            var p = state.Psus[i];
            bars.Add(new Bar { Position = (i * 3) + 0, Value = p.Load.Value, FillColor = Palette[0], Label = Number(p.Load.Value) });
            bars.Add(new Bar { Position = (i * 3) + 1, Value = p.Capacity.Value, FillColor = Palette[7], Label = Number(p.Capacity.Value) });
        }

        plot.Add.Bars(bars);
        plot.Axes.Margins(bottom: 0, top: 0.25);
        plot.Axes.Bottom.SetTicks(state.Psus.Select((_, i) => (i * 3) + 0.5).ToArray(), state.Psus.Select(p => $"{p.Psu.Id} #{p.Unit}").ToArray());
        Legend(plot, ("DC load", Palette[0]), ("Rated capacity", Palette[7]), ("GPU transient peak per unit", Palette[3]));
        var peak = plot.Add.HorizontalLine(state.TransientPeak.Value / Math.Max(1, state.Psus.Count));
        peak.Color = Palette[3];
        return new Chart("power-psus", "Power per PSU",
            $"DC load of each PSU against its rating; the red line is each unit's share of the coincident GPU transient ({Number(state.TransientPeak.Value)} W in all).", Svg(plot));
    }

    /// <summary>The predicted 12 V at the slots for every GPU power cap the cards accept, with the ATX minimum and the rig as set.</summary>
    private static Chart SlotVoltage(Report report)
    {
        var rig = report.Rig;
        var sweep = report.Plan.Electrical.SlotVoltageSweep;
        var caps = sweep.Select(p => p.Cap.Value).ToList();
        var volts = sweep.Select(p => p.SlotPath.Collapsed ? 0 : p.SlotPath.SlotVoltage.Value).ToArray();
        var worst = sweep.Select(p => p.Worst.Collapsed ? 0 : p.Worst.SlotVoltage.Value).ToArray();

        var plot = NewPlot("12 V at the PCIe slots against the GPU power cap", "GPU power cap (W)", "V at the slots");
        var line = plot.Add.Scatter(caps.ToArray(), volts);
        line.LegendText = "predicted slot voltage (typical)";
        line.MarkerSize = 0;
        line.LineWidth = 2;
        var worstLine = plot.Add.Scatter(caps.ToArray(), worst);
        worstLine.LegendText = "worst case";
        worstLine.MarkerSize = 0;
        worstLine.LineWidth = 1;
        worstLine.Color = Palette[2];
        var minimum = plot.Add.HorizontalLine(Atx.CardEdgeMinimum.Value);
        minimum.Color = Palette[3];
        minimum.LegendText = "card edge -8 % (11.04 V)";
        var state = report.Plan.Electrical.AsSet;
        var asSet = plot.Add.Marker(rig.Gpus.Max(g => g.PowerLimit.Value), state.SlotPath.Collapsed ? 0 : state.SlotPath.SlotVoltage.Value);
        asSet.MarkerSize = 12;
        asSet.Color = Palette[1];
        asSet.LegendText = $"as set: {state.SlotPath.SlotVoltage}";
        plot.ShowLegend(Alignment.LowerLeft);
        var floor = Math.Min(volts.Concat(worst).Where(v => v > 0).DefaultIfEmpty(11).Min(), Atx.CardEdgeMinimum.Value) - 0.2;
        plot.Axes.SetLimitsY(floor, Atx.NominalRail.Value + 0.1);
        var headers = rig.Board.Power.SlotPower.Count == 0 ? "no slot-power header" : $"{rig.Board.Power.SlotPower.Count} slot-power header(s)";
        return new Chart("slot-voltage", "12 V at the slots",
            $"Voltage left at the slots after the 24-pin and {headers} carry the GPUs' slot current, for each power cap; the rig as set gives {state.SlotPath.SlotVoltage}.", Svg(plot));
    }

    private static Chart LaneMap(Report report, ReportTable devices)
    {
        int Col(string key) => devices.Columns.ToList().FindIndex(c => c.Key == key);
        var (device, slot, width, max, source) = (Col("device"), Col("slot"), Col("link_width"), Col("max_width"), Col("source"));
        var plot = NewPlot("PCIe lane map: link width per device", "", "lanes");
        var bars = new List<Bar>();
        var labels = new List<string>();
        for (var i = 0; i < devices.Rows.Count; i++)
        {
            var row = devices.Rows[i];
            var negotiated = Convert.ToDouble(row[width] ?? 0, CultureInfo.InvariantCulture);
            var full = Convert.ToDouble(row[max] ?? 0, CultureInfo.InvariantCulture);
            var fromCpu = string.Equals(row[source]?.ToString(), "cpu", StringComparison.Ordinal);
            bars.Add(new Bar { Position = i, ValueBase = 0, Value = negotiated, FillColor = fromCpu ? Palette[0] : Palette[2], Label = "x" + Number(negotiated) });
            if (full > negotiated)
                bars.Add(new Bar { Position = i, ValueBase = negotiated, Value = full, FillColor = Palette[7].WithAlpha(0.35) });
            labels.Add($"{row[device]} ({row[slot]})");
        }

        plot.Add.Bars(bars);
        Ticks(plot, labels);
        Legend(plot, ("CPU lanes", Palette[0]), ("chipset lanes", Palette[2]), ("lanes the card could use", Palette[7].WithAlpha(0.35)));
        plot.Axes.Margins(bottom: 0, top: 0.3);
        var pcie = report.Analyses.First(a => a.Key == "pcie");
        var used = pcie.Figures.FirstOrDefault(f => f.Key == "lanes_used")?.Value;
        return new Chart("lane-map", "PCIe lane map",
            $"Negotiated width of each link (solid) and the width the device supports (pale); {used} of the CPU's {report.Rig.Cpu.PcieLanes} lanes are in use.", Svg(plot));
    }

    private static Chart Vram(TrainingPlan training)
    {
        var (job, estimate) = (training.Job, training.Estimate);
        var plot = NewPlot($"VRAM per GPU: {job.Model.Name}", "", "GiB");
        var keys = estimate.PerGpu.SelectMany(g => g.Breakdown).Select(l => (l.Key, l.Label)).Distinct().ToList();
        var bars = new List<Bar>();
        for (var i = 0; i < estimate.PerGpu.Count; i++)
        {
            var gpu = estimate.PerGpu[i];
            var bottom = 0.0;
            foreach (var line in gpu.Breakdown)
            {
                var color = Palette[keys.FindIndex(k => k.Key == line.Key) % Palette.Length];
                bars.Add(new Bar { Position = i, ValueBase = bottom, Value = bottom + line.Amount.Gibibytes, FillColor = color });
                bottom += line.Amount.Gibibytes;
            }

            var usable = plot.Add.Line(i - 0.45, gpu.Usable.Gibibytes, i + 0.45, gpu.Usable.Gibibytes);
            usable.Color = Colors.Black;
            usable.LineWidth = 2;
        }

        plot.Add.Bars(bars);
        Ticks(plot, estimate.PerGpu.Select(g => Short(g.Gpu)).ToList());
        Legend(plot, keys.Select((k, i) => (k.Label, Palette[i % Palette.Length])).Append(("usable memory", Colors.Black)).ToArray());
        plot.ShowLegend(Edge.Right);
        plot.Axes.Margins(bottom: 0, top: 0.1);
        var worst = estimate.Worst;
        return new Chart("vram", "VRAM per GPU",
            $"Peak memory of each GPU by component against its usable memory; the tightest is {worst.Gpu} at {Number(worst.Peak.Gibibytes)} of {Number(worst.Usable.Gibibytes)} GiB.", Svg(plot));
    }

    /// <summary>
    /// The optimizer's front of cost against throughput: each point a build no other is both cheaper and faster than,
    /// joined in order of cost, the chosen one marked.
    /// </summary>
    public static Chart CostAgainstThroughput(IReadOnlyList<(double Cost, double SamplesPerSecond, string Label)> points, string currency, int? chosen)
    {
        var plot = NewPlot("Cost against throughput", $"Cost ({currency})", "samples/s");
        var xs = points.Select(p => p.Cost).ToArray();
        var ys = points.Select(p => p.SamplesPerSecond).ToArray();
        var line = plot.Add.Scatter(xs, ys);
        line.Color = Palette[0];
        line.MarkerSize = 8;
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        for (var i = 0; i < points.Count; i++)
        {
            var text = plot.Add.Text(points[i].Label, xs[i], ys[i]);
            text.LabelFontSize = 11;
            // Labels start at the cheaper points and end at the dearer ones, so that none runs out of the plot.
            text.LabelAlignment = xs[i] <= (xs[0] + xs[^1]) / 2 ? Alignment.LowerLeft : Alignment.LowerRight;
            text.OffsetY = -6;
        }

        if (chosen is { } c && c >= 0 && c < points.Count)
        {
            var marker = plot.Add.Marker(xs[c], ys[c]);
            marker.Color = Palette[3];
            marker.Size = 14;
            foreach (var (label, color) in new[] { ("Cheapest for its throughput", Palette[0]), ("The answer", Palette[3]) })
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
            // Lower right: the front rises to the upper right, where the legend would hide the fastest points.
            plot.ShowLegend(Alignment.LowerRight);
        }

        plot.Axes.Margins(0.12, 0.25);
        return new Chart("cost-throughput", "Cost against throughput",
            $"Each point is the cheapest build at its throughput ({points.Count} in all); no build is both cheaper and faster than one of them.", Svg(plot));
    }

    private static Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Title(title);
        if (x.Length > 0)
            plot.XLabel(x);
        plot.YLabel(y);
        return plot;
    }

    private static void Ticks(Plot plot, IReadOnlyList<string> labels)
    {
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray(), labels.ToArray());
        var rotated = labels.Count > 4;
        plot.Axes.Bottom.TickLabelStyle.Rotation = rotated ? (float)LabelAngle : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = rotated ? Alignment.MiddleLeft : Alignment.UpperCenter;
        if (!rotated)
            return;
        // A rotated label runs right and down from its tick: reserve room below for its drop and, beside the last
        // bars, for the part that runs past the plot, so no label is cut at the chart's edge.
        var longest = labels.Max(l => l.Length) * LabelCharWidth;
        var radians = LabelAngle * Math.PI / 180;
        plot.Axes.Bottom.MinimumSize = (float)Math.Max(90, (longest * Math.Sin(radians)) + 30);
        var slot = (Width - 120.0) / labels.Count;
        plot.Axes.Right.MinimumSize = (float)Math.Max(0, (longest * Math.Cos(radians)) - (slot / 2) + 10);
    }

    /// <summary>Angle of rotated tick labels, degrees.</summary>
    private const double LabelAngle = 20;

    /// <summary>Assumption: about 7 px per character of the 12 px tick-label font; generous, so room is never short.</summary>
    private const double LabelCharWidth = 7;

    private static void Legend(Plot plot, params (string Label, Color Color)[] items)
    {
        foreach (var (label, color) in items)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
        plot.ShowLegend(Alignment.UpperRight);
    }

    private static ReportTable? Table(Report report, string analysis, string key) =>
        report.Analyses.FirstOrDefault(a => a.Key == analysis)?.Tables.FirstOrDefault(t => t.Key == key);

    /// <summary>"GPU1 (zotac-rtx-3090-blower in PE1)" → "GPU1 PE1"; other names cut to 28 characters.</summary>
    private static string Short(string name)
    {
        var m = System.Text.RegularExpressions.Regex.Match(name, @"^(GPU\d+) \(.* in (\S+)\)$");
        if (m.Success)
            return $"{m.Groups[1].Value} {m.Groups[2].Value}";
        return name.Length <= 28 ? name : name[..27] + "…";
    }

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>
    /// The plot as an SVG element (the XML declaration removed so it can sit inside HTML), with a viewBox so that a
    /// narrower page (a phone) scales the chart down instead of cropping it.
    /// </summary>
    private static string Svg(Plot plot)
    {
        var svg = plot.GetSvgXml(Width, Height);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        svg = start < 0 ? svg : svg[start..];
        var viewBox = string.Create(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {Width} {Height}\" ");
        return svg.StartsWith("<svg ", StringComparison.Ordinal) && !svg.Contains("viewBox=", StringComparison.Ordinal) ? viewBox + svg["<svg ".Length..] : svg;
    }
}
