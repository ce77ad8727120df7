using Rigsmith.Doctor.Observations;
using Rigsmith.Doctor.Parsers;

namespace Rigsmith.Tests.Doctor;

public class NvidiaSmiParserTests
{
    public static TheoryData<string> XmlFixtures() => new(SharedFixtures.Names("nvidia-smi-q-x__"));

    public static TheoryData<string> CsvFixtures() => new(SharedFixtures.Names("nvidia-smi-query-gpu-csv__"));

    [SkippableTheory]
    [MemberData(nameof(XmlFixtures))]
    public void Every_xml_capture_gives_its_gpus_with_a_name(string name)
    {
        var result = NvidiaSmiXmlParser.Parse(SharedFixtures.Read(name));
        Assert.NotEmpty(result.Value);
        Assert.All(result.Value, g => Assert.False(string.IsNullOrEmpty(g.Name)));
    }

    [SkippableFact]
    public void Windows_rtx_2080_runs_at_x8_of_x16()
    {
        var gpu = Assert.Single(NvidiaSmiXmlParser.Parse(SharedFixtures.Read("nvidia-smi-q-x__netdata__rtx-2080-win.xml")).Value);
        Assert.Equal("NVIDIA GeForce RTX 2080", gpu.Name);
        Assert.Equal("0000:0a:00.0", gpu.BusId);
        Assert.Equal(new LinkState(3, 8, 3, 16), gpu.Link);
        Assert.Equal(37, gpu.FanSpeed!.Value.Value);
        Assert.Equal(275, gpu.PowerLimit!.Value.Value);
        Assert.Equal(29, gpu.Temperature!.Value.Value);
    }

    [SkippableFact]
    public void Rtx_4090_in_a_gen3_host_reports_the_lower_maximum_and_the_card_s_own()
    {
        var gpu = Assert.Single(NvidiaSmiXmlParser.Parse(SharedFixtures.Read("nvidia-smi-q-x__netdata__rtx-4090-driver-535.xml")).Value);
        Assert.Equal(3, gpu.Link.MaxGen);
        Assert.Equal(4, gpu.Link.CardMaxGen);
        Assert.Equal(1, gpu.Link.CurrentGen);
        Assert.Equal(450, gpu.PowerLimit!.Value.Value);
        Assert.Equal(GpuLoad.Idle, gpu.Load);
    }

    [SkippableFact]
    public void Four_k80s_out_of_order_keep_their_vm_domains_and_loads()
    {
        var gpus = NvidiaSmiXmlParser.Parse(SharedFixtures.Read("nvidia-smi-q-x__openpai__4x-tesla-k80.xml")).Value;
        Assert.Equal(4, gpus.Count);
        Assert.Equal("1580:00:00.0", gpus[0].BusId);
        Assert.Equal(149, gpus[0].PowerLimit!.Value.Value);
        Assert.Equal(GpuLoad.Loaded, gpus[0].Load);
        Assert.Equal(GpuLoad.Idle, gpus[2].Load);
    }

    [SkippableFact]
    public void Trimmed_log_says_it_lists_fewer_gpus_than_attached()
    {
        var result = NvidiaSmiXmlParser.Parse(SharedFixtures.Read("nvidia-smi-q-x__telegraf__a100-sxm4-v12.xml"));
        Assert.Single(result.Value);
        Assert.Contains(result.Problems, p => p.Message.Contains("attached_gpus says 4", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Truncated_xml_keeps_the_complete_gpus_and_says_so()
    {
        var text = SharedFixtures.Read("nvidia-smi-q-x__openpai__2x-rtx2080ti.xml");
        var second = text.LastIndexOf("<gpu id", StringComparison.Ordinal);
        var result = NvidiaSmiXmlParser.Parse(text[..(second + 200)]);
        var gpu = Assert.Single(result.Value);
        Assert.Equal("GeForce RTX 2080 Ti", gpu.Name);
        Assert.Equal(22, gpu.FanSpeed!.Value.Value);
        Assert.NotEmpty(result.Problems);
    }

    [Fact]
    public void Garbage_gives_no_gpu_and_a_problem()
    {
        var result = NvidiaSmiXmlParser.Parse("<nvidia_smi_log><gpu id=\"zz\"><product_name>x</gpu>");
        Assert.Empty(result.Value);
        Assert.NotEmpty(result.Problems);
    }

    [SkippableTheory]
    [MemberData(nameof(CsvFixtures))]
    public void Every_csv_capture_gives_its_gpus(string name)
    {
        var result = NvidiaSmiCsvParser.Parse(SharedFixtures.Read(name));
        Assert.NotEmpty(result.Value);
        Assert.Empty(result.Problems);
    }

    [SkippableFact]
    public void Rtx_4080_super_under_load_is_at_gen4_x16_with_its_320_w_limit()
    {
        var gpu = Assert.Single(NvidiaSmiCsvParser.Parse(SharedFixtures.Read("nvidia-smi-query-gpu-csv__nvidia_gpu_exporter__linux-x86_64__nvidia-geforce-rtx-4080-super__595.71.05__load.csv")).Value);
        Assert.Equal("NVIDIA GeForce RTX 4080 SUPER", gpu.Name);
        Assert.Equal("0000:01:00.0", gpu.BusId);
        Assert.Equal(new LinkState(4, 16, 4, 16, 4), gpu.Link);
        Assert.Equal(320, gpu.PowerLimit!.Value.Value);
        Assert.Equal(46, gpu.Temperature!.Value.Value);
        Assert.Equal(0, gpu.FanSpeed!.Value.Value);
        Assert.Equal(GpuLoad.Loaded, gpu.Load);
    }

    [SkippableFact]
    public void Idle_capture_reads_as_idle_at_gen1()
    {
        var gpu = Assert.Single(NvidiaSmiCsvParser.Parse(SharedFixtures.Read("nvidia-smi-query-gpu-csv__nvidia_gpu_exporter__linux-x86_64__nvidia-geforce-rtx-2080-super__610.57.04__idle.csv")).Value);
        Assert.Equal(1, gpu.Link.CurrentGen);
        Assert.Equal(3, gpu.Link.MaxGen);
        Assert.Equal(38, gpu.FanSpeed!.Value.Value);
        Assert.Equal(GpuLoad.Idle, gpu.Load);
    }

    [SkippableFact]
    public void Egpu_in_a_thunderbolt_enclosure_runs_at_x4()
    {
        var gpus = NvidiaSmiCsvParser.Parse(SharedFixtures.Read("nvidia-smi-query-gpu-csv__baseline-snapshot__2gpu-gtx1060-egpu-x4.csv")).Value;
        Assert.Equal(4, gpus[1].Link.CurrentWidth);
        Assert.Equal("0000:0f:00.0", gpus[1].BusId);
        Assert.Equal("NVIDIA GeForce GTX 1060 6GB", gpus[1].Name);
    }

    [SkippableFact]
    public void Nounits_csv_reads_values_and_skips_na()
    {
        var gpu = Assert.Single(NvidiaSmiCsvParser.Parse(SharedFixtures.Read("nvidia-smi-query-gpu-csv__netdata__tesla-p100.csv")).Value);
        Assert.Null(gpu.FanSpeed);
        Assert.Equal(37, gpu.Temperature!.Value.Value);
        Assert.Equal(28.16, gpu.PowerDraw!.Value.Value);
    }

    [SkippableFact]
    public void Truncated_csv_row_reads_the_columns_it_has_and_says_so()
    {
        var text = SharedFixtures.Read("nvidia-smi-query-gpu-csv__buildlog__2gpu-a6000-rtx3090-idle-gen1.csv");
        var result = NvidiaSmiCsvParser.Parse(text[..text.LastIndexOf(',')]);
        Assert.Equal(2, result.Value.Count);
        Assert.Equal("NVIDIA GeForce RTX 3090", result.Value[1].Name);
        Assert.Null(result.Value[1].Link.CurrentWidth);
        Assert.Contains(result.Problems, p => p.Line == 3);
    }

    [SkippableFact]
    public void Topology_matrix_is_found_inside_a_whole_capture_with_terminal_escapes()
    {
        var result = NvidiaSmiTopoParser.Parse(SharedFixtures.Read("nvidia-smi-capture__nvidia_gpu_exporter__linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01.txt"));
        Assert.Equal(["GPU0"], result.Value.Gpus);
        Assert.Equal("0-19", result.Value.CpuAffinity["GPU0"]);
    }

    [Fact]
    public void Two_gpu_topology_gives_the_path_between_them()
    {
        var result = NvidiaSmiTopoParser.Parse("\tGPU0\tGPU1\tCPU Affinity\tNUMA Affinity\nGPU0\t X \tPHB\t0-15\t0\nGPU1\tPHB\t X \t0-15\t0\n");
        Assert.Contains(new GpuPath("GPU0", "GPU1", "PHB"), result.Value.Paths);
        Assert.Empty(result.Problems);
    }
}
