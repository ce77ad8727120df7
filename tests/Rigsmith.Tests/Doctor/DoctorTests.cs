using Rigsmith.Analysis;
using Rigsmith.Doctor;
using Rigsmith.Doctor.Collection;
using Rigsmith.Doctor.Observations;
using Rigsmith.Reporting;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Doctor;

/// <summary>The doctor on the project's captures (tests/Rigsmith.Tests/Doctor/Fixtures, README there), alone and against the reference rig.</summary>
public class DoctorTests
{
    private static readonly string[] LinkRules = ["DOC701", "DOC702", "DOC743"];

    private static DoctorReport Health(string folder) => MachineDoctor.Examine(Read(folder));

    private static MachineObservations Read(string folder) => MachineObservations.Read(CaptureCollector.ReadFolder(SharedFixtures.OwnDirectory(folder))!);

    private static DoctorReport AgainstReferenceRig(string folder)
    {
        var loaded = Repo.LoadWithJob("4x3090-x299-dark.rig.yaml");
        return MachineDoctor.Examine(Read(folder), AnalysisContext.For(loaded.Rig, loaded.Job));
    }

    private static IEnumerable<string> Rules(DoctorReport report) => report.Findings.Select(f => f.Rule.Id);

    [Fact]
    public void Downgraded_link_under_load_is_found_with_both_widths()
    {
        var finding = Assert.Single(Health("downgraded-link").Findings, f => f.Rule.Id == "DOC701");
        Assert.Equal(("Gen4 x8", "Gen4 x16"), (finding.Observed, finding.Planned));
    }

    [Fact]
    public void Card_on_an_x1_port_is_found_from_the_upstream_port_s_capability()
    {
        var report = Health("x1-link");
        var finding = Assert.Single(report.Findings, f => f.Rule.Id == "DOC702");
        Assert.Equal("Gen2 x1", finding.Observed);
        Assert.Equal("Gen4 x16", finding.Planned);
        Assert.Contains("0002:20:00.0", finding.Finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stopped_fans_on_a_hot_gpu_and_on_the_board_are_found()
    {
        var report = Health("stopped-fan");
        Assert.Contains("DOC705", Rules(report));
        var board = Assert.Single(report.Findings, f => f.Rule.Id == "DOC706");
        Assert.Contains("Mobo Fan", board.Finding.Message, StringComparison.Ordinal);
        Assert.Equal(1, report.ExitCode);
    }

    [Fact]
    public void Sata_link_resets_are_found_with_the_link_power_policy()
    {
        var report = Health("sata-link-resets");
        var finding = Assert.Single(report.Findings, f => f.Rule.Id == "DOC720");
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("med_power_with_dipm", finding.Finding.Message, StringComparison.Ordinal);
        Assert.Contains("3 link reset(s)", finding.Finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Idle_capture_gives_no_link_finding_and_says_it_was_idle()
    {
        var report = Health("idle");
        Assert.DoesNotContain(Rules(report), LinkRules.Contains);
        Assert.Contains(report.Notes, n => n.Contains("idle when captured", StringComparison.Ordinal));
        Assert.Equal(0, report.ExitCode);
    }

    [Fact]
    public void Machine_that_matches_the_reference_rig_gives_no_finding()
    {
        var report = AgainstReferenceRig("reference-rig-matching");
        Assert.Empty(report.Findings);
        Assert.Equal(0, report.ExitCode);
    }

    [Fact]
    public void Machine_that_differs_from_the_reference_rig_names_each_difference()
    {
        var report = AgainstReferenceRig("reference-rig-differing");
        var missing = Assert.Single(report.Findings, f => f.Rule.Id == "DOC740");
        Assert.Equal(("3 GPUs", "4 GPUs"), (missing.Observed, missing.Planned));
        var link = Assert.Single(report.Findings, f => f.Rule.Id == "DOC743");
        Assert.Equal(("Gen3 x4", "Gen3 x8"), (link.Observed, link.Planned));
        var power = Assert.Single(report.Findings, f => f.Rule.Id == "DOC744");
        Assert.Equal(("300 W", "350 W"), (power.Observed, power.Planned));
        Assert.Equal(1, report.ExitCode);
    }

    [SkippableFact]
    public void Xid_79_is_an_error_with_its_meaning_and_cause()
    {
        var report = MachineDoctor.Examine(MachineObservations.Read([("log", SharedFixtures.Read("nvidia-xid-log-lines__collected.md"))]));
        var fallen = Assert.Single(report.Findings, f => f.Rule.Id == "DOC710" && f.Finding.Subjects.Contains("0000:2b:00.0"));
        Assert.Equal(Severity.Error, fallen.Severity);
        Assert.Contains("GPU has fallen off the bus", fallen.Finding.Message, StringComparison.Ordinal);
        Assert.Contains("power delivery", fallen.Finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scaled_board_12_v_below_the_plan_is_found_with_the_sensor_s_accuracy()
    {
        var sensors = "{\n   \"nct6798-isa-0290\":{\n      \"Adapter\": \"ISA adapter\",\n      \"+12V\":{\n         \"in1_input\": 11.136,\n         \"in1_min\": 10.200\n      }\n   }\n}\n";
        var loaded = Repo.LoadWithJob("4x3090-x299-dark.rig.yaml");
        var report = MachineDoctor.Examine(MachineObservations.Read([("sensors", sensors)]), AnalysisContext.For(loaded.Rig, loaded.Job));
        var finding = Assert.Single(report.Findings, f => f.Rule.Id == "DOC731");
        Assert.Contains("±0.21 V", finding.Finding.Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Error, finding.Severity);
    }

    [SkippableFact]
    public void Unscaled_12_v_input_is_not_judged()
    {
        var report = MachineDoctor.Examine(MachineObservations.Read([("s", SharedFixtures.Read("sensors-j__HJS__asrock-nct6798-nvme-coretemp.json"))]));
        Assert.DoesNotContain("DOC731", Rules(report));
    }

    [Fact]
    public void Missing_tools_are_reported_not_fatal()
    {
        var report = MachineDoctor.Examine(CaptureCollector.Observe(CaptureCollector.Collect(new NothingInstalled())));
        Assert.Empty(report.Findings);
        Assert.Contains(report.Machine.Captures, c => c.Problems.Any(p => p.Message.Contains("not installed", StringComparison.Ordinal)));
    }

    [Fact]
    public void Prometheus_output_has_help_type_and_escaped_labels()
    {
        var text = PrometheusExposition.Render(Health("stopped-fan"));
        Assert.Contains("# TYPE rigsmith_doctor_gpu_temperature_celsius gauge", text, StringComparison.Ordinal);
        Assert.Contains("rigsmith_doctor_gpu_temperature_celsius{bus_id=\"0000:0c:00.0\"} 84", text, StringComparison.Ordinal);
        var escaped = PrometheusExposition.Render([new MetricFamily("t", "h", ["l"], [new MetricSample(["a\"b\\c\n"], 1)])]);
        Assert.Contains("t{l=\"a\\\"b\\\\c\\n\"} 1", escaped, StringComparison.Ordinal);
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Matches(@"^(# (HELP|TYPE) \w+ .+|\w+(\{.*\})? -?[0-9.eE+]+)$", l));
    }

    private sealed class NothingInstalled : ICommandRunner
    {
        public CommandOutput Run(string program, IReadOnlyList<string> arguments, TimeSpan timeout) => new(null, "", "not installed (not found on PATH)");
    }
}
