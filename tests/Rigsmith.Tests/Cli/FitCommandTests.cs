using System.Text.Json;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Cli;

public class FitCommandTests
{
    private const string ReferenceRig = "4x3090-x299-dark.rig.yaml";

    [Fact]
    public void Reference_workload_does_not_fit_a_24_gb_card_under_ddp_and_search_finds_what_does()
    {
        var result = CliRunner.Run("fit", Repo.Example(ReferenceRig), "--parallel", "ddp", "--search", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.False(root.GetProperty("fits").GetBoolean());
        var gpu = root.GetProperty("per_gpu")[0];
        Assert.True(gpu.GetProperty("peak_gib").GetDouble() > gpu.GetProperty("usable_gib").GetDouble());
        Assert.Contains(gpu.GetProperty("breakdown").EnumerateArray(), l => l.GetProperty("key").GetString() == "communication_buckets");

        var candidates = root.GetProperty("candidates").EnumerateArray().ToList();
        Assert.NotEmpty(candidates);
        foreach (var c in candidates)
        {
            Assert.True(c.GetProperty("fits").GetBoolean());
            Assert.NotEmpty(c.GetProperty("changes").EnumerateArray());
            Assert.NotEmpty(c.GetProperty("per_gpu")[0].GetProperty("breakdown").EnumerateArray());
        }

        var compromises = candidates.Select(c => c.GetProperty("compromise").GetDouble()).ToList();
        Assert.Equal(compromises.Order(), compromises);
    }

    [Fact]
    public void Without_sharding_the_search_must_give_up_quality_to_fit()
    {
        // Plain DDP keeps a full copy of weights, gradients, optimizer states and DDP's gradient buckets on every card:
        // the compromises that remain are frozen blocks, frozen text encoders, a lower resolution or a leaner optimizer.
        var result = CliRunner.Run("fit", Repo.Example(ReferenceRig), "--parallel", "ddp", "--search", "--top", "20", "--format", "json");
        using var json = JsonDocument.Parse(result.Out);
        var ddpOnly = json.RootElement.GetProperty("candidates").EnumerateArray()
            .Where(c => c.GetProperty("settings").GetProperty("parallel").GetString() == "ddp").ToList();
        Assert.NotEmpty(ddpOnly);
        Assert.All(ddpOnly, c => Assert.True(c.GetProperty("compromise").GetDouble() > 0.05, string.Join(", ", c.GetProperty("changes").EnumerateArray())));
    }

    [Fact]
    public void Flags_override_the_workload()
    {
        var result = CliRunner.Run("fit", Repo.Example(ReferenceRig), "--method", "lora", "--lora-rank", "16", "--format", "json");
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("lora", json.RootElement.GetProperty("settings").GetProperty("method").GetString());
        Assert.True(json.RootElement.GetProperty("fits").GetBoolean());
        Assert.True(json.RootElement.GetProperty("trainable_parameters").GetInt64() < 100_000_000);
    }

    [Theory]
    [InlineData("--optimizer", "adamw9bit", "did you mean 'adamw8bit'?")]
    [InlineData("--model", "sdxl-turbo", "unknown model 'sdxl-turbo'")]
    [InlineData("--batch", "0", "is not a whole number")]
    [InlineData("--gpus", "8", "8 GPUs asked for; the rig has 4")]
    public void Bad_settings_exit_2_with_one_message(string flag, string value, string expected)
    {
        var result = CliRunner.Run("fit", Repo.Example(ReferenceRig), flag, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_workload_in_the_rig_file_names_its_line()
    {
        var yaml = Repo.ReferenceYaml(("  optimizer: adamw8bit", "  optimiser: adamw8bit"));
        var result = CliRunner.Run("check", CliRunner.TempFile(yaml));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("workload.optimiser: unknown workload setting (did you mean 'optimizer'?)", result.Error, StringComparison.Ordinal);
        Assert.Matches(@"\.yaml:\d+:\d+:", result.Error);
    }

    [Fact]
    public void Validate_reports_every_measured_case()
    {
        var result = CliRunner.Run("fit", "--validate", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.True(json.RootElement.GetProperty("cases").GetArrayLength() >= 15);
        // Per family: memory relative and in GiB, throughput (images/s or tokens/s), and step time.
        var figures = json.RootElement.GetProperty("summary").EnumerateArray()
            .Select(s => $"{s.GetProperty("family").GetString()} {s.GetProperty("figure").GetString()} {s.GetProperty("unit").GetString()}").ToList();
        Assert.Equal(
            ["diffusion memory relative", "diffusion memory GiB", "diffusion images/s relative", "diffusion step time relative",
             "llm memory relative", "llm memory GiB", "llm tokens/s relative", "llm step time relative"], figures);
    }
}

public class FitCostTests
{
    [Fact]
    public void The_cost_of_a_run_carries_the_currency_of_the_price()
    {
        var result = CliRunner.Run("fit", Repo.Example("4x3090-x299-dark.rig.yaml"), "--electricity-price", "0.30 EUR/kWh", "--format", "json");

        Assert.True(result.ExitCode is 0 or 1, result.Error);
        using var doc = System.Text.Json.JsonDocument.Parse(result.Out);
        var estimate = doc.RootElement;
        Assert.Equal("EUR", estimate.GetProperty("cost_currency").GetString());
        // cost = energy × price: the JSON's own energy figure, priced, within the cost's rounding to cents (a tolerance,
        // not rounding both to one decimal, which splits 2.0502 and 2.05 across a .05 boundary).
        var priced = estimate.GetProperty("energy_kwh").GetDouble() * 0.30;
        Assert.InRange(Math.Abs(priced - estimate.GetProperty("cost").GetDouble()), 0, 0.006);
    }

    [Theory]
    [InlineData("0.30 EURO/kWh")]
    [InlineData("0.30 E1R/kWh")]
    [InlineData("5000 USD/kWh")]
    public void A_price_that_is_not_a_price_per_kwh_is_refused(string price)
    {
        var result = CliRunner.Run("fit", Repo.Example("4x3090-x299-dark.rig.yaml"), "--electricity-price", price);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("electricity_price", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_currency_code_in_lower_case_is_read_as_the_code()
    {
        var result = CliRunner.Run("fit", Repo.Example("4x3090-x299-dark.rig.yaml"), "--electricity-price", "0.30 eur/kWh", "--format", "json");

        Assert.Contains("\"cost_currency\": \"EUR\"", result.Out, StringComparison.Ordinal);
    }
}
