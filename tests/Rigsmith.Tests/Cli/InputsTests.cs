using System.Text;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Cli;

/// <summary>Inputs people really have: text in other encodings, piped lists, an empty catalog directory.</summary>
public class InputsTests
{
    private static string TempBytes(byte[] bytes, string extension = ".rig.yaml")
    {
        var path = CliRunner.TempFile("", extension);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void A_latin1_rig_file_names_the_first_bad_byte_and_its_line()
    {
        var yaml = File.ReadAllText(Repo.Example("4x3090-x299-dark.rig.yaml")).Replace("name: Small", "name: Sm\u00e9ll", StringComparison.Ordinal);
        var path = TempBytes(Encoding.Latin1.GetBytes(yaml));
        var line = yaml[..yaml.IndexOf('\u00e9', StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        var result = CliRunner.Run("check", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}: is not valid UTF-8: byte 0xE9 at line {line}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\ufffd", result.Out + result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    public void A_file_whose_byte_order_mark_names_its_encoding_reads_the_same(string encoding)
    {
        var yaml = File.ReadAllText(Repo.Example("4x3090-x299-dark.rig.yaml")).Replace("name: Small", "name: Sm\u00e9ll", StringComparison.Ordinal);
        var e = Encoding.GetEncoding(encoding);
        var path = TempBytes([.. e.Preamble, .. e.GetBytes(yaml)]);

        var result = CliRunner.Run("check", path, "--format", "json");

        Assert.True(result.ExitCode is 0 or 1, result.Error);
        Assert.Contains("\"name\": \"Sm\u00e9ll 4x RTX 3090 AI training rig\"", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_catalog_directory_says_so_instead_of_unknown_parts()
    {
        var empty = Path.Combine(Path.GetTempPath(), "rigsmith-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(empty);

        var result = CliRunner.Run("check", Repo.Example("4x3090-x299-dark.rig.yaml"), "--catalog", empty);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {empty}: no parts found in this catalog directory (point --catalog or RIGSMITH_CATALOG at a directory of catalog .yaml files)", result.Error.Trim());
    }

    [Fact]
    public void Catalog_paths_are_shown_as_given_not_relative_to_the_working_directory()
    {
        var result = CliRunner.Run("part", "i9-7960x");

        Assert.Contains($"Defined in {Path.Combine(Repo.CatalogDirectory, "cpus.yaml")}:", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("../", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_reads_a_list_piped_on_standard_input()
    {
        var file = Path.Combine(Repo.Root, "tests", "Rigsmith.Tests", "Publishing", "Fixtures", "leading-pipes.md");
        var fromFile = CliRunner.Run("import", file);
        var piped = CliRunner.RunWithInput(File.ReadAllText(file), "import", "-");

        Assert.Equal(0, piped.ExitCode);
        Assert.Equal(fromFile.Out.Replace(Path.GetFileName(file), "<stdin>", StringComparison.Ordinal), piped.Out);
    }

    [Theory]
    [InlineData("power")]
    [InlineData("fit")]
    [InlineData("export")]
    public void Every_command_that_takes_a_rig_reads_it_from_standard_input(string command)
    {
        var path = Repo.Example("4x3090-x299-dark.rig.yaml");
        var fromFile = CliRunner.Run(command, path);
        var piped = CliRunner.RunWithInput(File.ReadAllText(path), command, "-");

        Assert.Equal(fromFile.ExitCode, piped.ExitCode);
        Assert.Equal(fromFile.Out.Replace(path, "<stdin>", StringComparison.Ordinal), piped.Out);
    }

    [Fact]
    public void Piped_bytes_are_decoded_as_strictly_as_a_file()
    {
        var yaml = File.ReadAllText(Repo.Example("4x3090-x299-dark.rig.yaml")).Replace("name: Small", "name: Sm\u00e9ll", StringComparison.Ordinal);

        var latin1 = CliRunner.RunWithBytes(Encoding.Latin1.GetBytes(yaml), "check", "-");
        var bom = CliRunner.RunWithBytes([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(yaml)], "check", "-", "--format", "json");

        Assert.Equal(2, latin1.ExitCode);
        Assert.Contains("<stdin>: is not valid UTF-8: byte 0xE9", latin1.Error, StringComparison.Ordinal);
        Assert.True(bom.ExitCode is 0 or 1, bom.Error);
        Assert.Contains("Sm\u00e9ll", bom.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_does_not_excuse_bytes_that_break_its_encoding()
    {
        var yaml = File.ReadAllText(Repo.Example("4x3090-x299-dark.rig.yaml"));
        var path = TempBytes([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(yaml), 0xE9, (byte)'\n']);

        var result = CliRunner.Run("check", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not valid UTF-8: byte 0xE9", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_in_the_parts_and_in_the_workload_come_in_one_pass()
    {
        var yaml = Repo.ReferenceYaml(("cpu: i9-7960x", "cpu: i9-7960"));
        yaml += "\n";
        var path = CliRunner.TempFile(yaml.Replace("model: sdxl", "model: sdxll", StringComparison.Ordinal));

        var result = CliRunner.Run("check", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown cpu 'i9-7960'", result.Error, StringComparison.Ordinal);
        Assert.Contains("unknown model 'sdxll'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_flag_is_reported_with_the_rig_files_problems()
    {
        var path = CliRunner.TempFile(Repo.ReferenceYaml(("cpu: i9-7960x", "cpu: i9-7960")));

        var result = CliRunner.Run("fit", path, "--optimizer", "adamw9bit");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown cpu 'i9-7960'", result.Error, StringComparison.Ordinal);
        Assert.Contains("adamw9bit", result.Error, StringComparison.Ordinal);
    }
}
