using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Cli;
using Rigsmith.Planning;
using Rigsmith.Reporting;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Catalog;

/// <summary>
/// The catalog snapshot: an index keyed by the catalog's content, from which a part is read only when asked for. It
/// gives the same parts as the full load, is never stale, works without a writable cache, and leaves a catalog with
/// problems to the full load's messages.
/// </summary>
public sealed class CatalogSnapshotTests
{
    private static string TempDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "rigsmith-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>A copy of the shipped catalog with a comment of its own at the end of one file, so its key is its own.</summary>
    private static string CopyOfCatalog()
    {
        var directory = TempDirectory();
        foreach (var file in Directory.EnumerateFiles(Repo.CatalogDirectory, "*.yaml"))
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        File.AppendAllText(Path.Combine(directory, "psus.yaml"), $"# {Guid.NewGuid():N}\n");
        return directory;
    }

    private static PartCatalog Load(string catalog, string? cache)
    {
        var result = CatalogSnapshot.Load(catalog, cache);
        Assert.True(result.Ok, string.Join("\n", result.Problems));
        return result.Value!;
    }

    private static void AssertSamePart(Part expected, Part? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.DefinedIn, actual.DefinedIn);
        Assert.Equivalent(expected, actual, strict: true);
    }

    [Fact]
    public void Every_shipped_part_read_from_the_index_equals_the_part_from_the_full_load()
    {
        var cache = TempDirectory();
        Assert.False(Load(Repo.CatalogDirectory, cache).IsIndexed);
        var key = CatalogSnapshot.KeyOf(Repo.CatalogDirectory)!;
        Assert.True(File.Exists(Path.Combine(cache, CatalogSnapshot.FileName(key))));

        var indexed = Load(Repo.CatalogDirectory, cache);
        Assert.True(indexed.IsIndexed);
        Assert.Equal(0, indexed.PartsRead);
        Assert.Equal(Repo.CuratedCatalog.Count, indexed.Count);
        Assert.Equal(Repo.CuratedCatalog.All.Select(p => p.Id), indexed.Ids);
        foreach (var category in Enum.GetValues<PartCategory>())
            Assert.Equal(Repo.CuratedCatalog.IdsOf(category), indexed.IdsOf(category));
        foreach (var part in Repo.CuratedCatalog.All)
            AssertSamePart(part, indexed.Find(part.Id));

        // Every shipped entry parses alone: no file had to be read whole, and each was read from its binary form.
        Assert.Equal(Repo.CuratedCatalog.Count, indexed.PartsRead);
        Assert.Equal(0, indexed.WholeFilesRead);
        Assert.Equal(Repo.CuratedCatalog.Count, indexed.PartsDecoded);
        Assert.Null(indexed.Find("no-such-part"));
    }

    [Fact]
    public void The_index_reads_back_every_category_name_it_writes()
    {
        foreach (var category in Enum.GetValues<PartCategory>())
            Assert.Equal(category, CatalogIndex.CategoryNamed(System.Text.Encoding.UTF8.GetBytes(Rigsmith.Input.MapReader.EnumName(category))));
        Assert.Null(CatalogIndex.CategoryNamed("gpus"u8));
    }

    [Fact]
    public void Damaged_or_missing_encoded_parts_only_mean_the_entries_are_parsed_from_their_text()
    {
        var cache = TempDirectory();
        Load(Repo.CatalogDirectory, cache);
        var encoded = CatalogIndex.EncodedPathOf(Path.Combine(cache, CatalogSnapshot.FileName(CatalogSnapshot.KeyOf(Repo.CatalogDirectory)!)));
        var bytes = File.ReadAllBytes(encoded);
        // Every other byte flipped in the second half, then the file cut short, then no file at all.
        foreach (var damage in new Action[]
        {
            () => File.WriteAllBytes(encoded, [.. bytes.Select((b, i) => i > bytes.Length / 2 && i % 2 == 0 ? (byte)(b ^ 0xFF) : b)]),
            () => File.WriteAllBytes(encoded, bytes[..(bytes.Length / 3)]),
            () => File.Delete(encoded),
        })
        {
            damage();
            var indexed = Load(Repo.CatalogDirectory, cache);
            Assert.True(indexed.IsIndexed);
            foreach (var part in Repo.CuratedCatalog.All)
                AssertSamePart(part, indexed.Find(part.Id));
            Assert.True(indexed.PartsDecoded < Repo.CuratedCatalog.Count);
            Assert.Equal(0, indexed.WholeFilesRead);
        }
    }

    [Fact]
    public void A_check_of_the_reference_rig_reads_only_the_parts_it_names()
    {
        var cache = TempDirectory();
        Load(Repo.CatalogDirectory, cache);
        var data = new DataSources(Repo.CatalogDirectory, Path.Combine(Repo.Root, "models"), cache);

        var loaded = RigInput.Load(RigSource.File(Repo.Example("4x3090-x299-dark.rig.yaml")), data);
        Assert.True(loaded.Ok, string.Join("\n", loaded.Problems));
        var catalog = data.Catalog.Value!;
        Assert.True(catalog.IsIndexed);
        var named = loaded.Value!.Rig.AllParts.Select(p => p.Id).ToList();
        Assert.Equal(named.Count, catalog.PartsRead);

        // The plan, every analysis and the renderers never go back to the catalog.
        JsonReport.Render(Analyzer.Check(loaded.Value.Rig, loaded.Value.Job));
        Assert.Equal(named.Count, catalog.PartsRead);
    }

    [Fact]
    public void An_edited_file_changes_the_key_and_the_edit_is_seen()
    {
        var catalog = CopyOfCatalog();
        var cache = TempDirectory();
        var before = Load(catalog, cache).Find("zotac-rtx-3090-blower")!;
        var oldKey = CatalogSnapshot.KeyOf(catalog);
        Assert.True(Load(catalog, cache).IsIndexed);

        // A new name, and a line above the part, which moves it down one line.
        var gpus = Directory.EnumerateFiles(catalog).Single(f => File.ReadAllText(f).Contains("id: zotac-rtx-3090-blower", StringComparison.Ordinal));
        var text = File.ReadAllText(gpus);
        text = text.Replace("parts:\n", "parts:\n  # an edit\n", StringComparison.Ordinal).Replace($"name: {before.Name}\n", "name: Edited blower\n", StringComparison.Ordinal);
        File.WriteAllText(gpus, text);
        Assert.NotEqual(oldKey, CatalogSnapshot.KeyOf(catalog));

        var edited = Load(catalog, cache);
        Assert.False(edited.IsIndexed);
        var after = edited.Find("zotac-rtx-3090-blower")!;
        Assert.Equal("Edited blower", after.Name);
        Assert.Equal(MoveDown(before.DefinedIn), after.DefinedIn);

        var again = Load(catalog, cache);
        Assert.True(again.IsIndexed);
        AssertSamePart(after, again.Find("zotac-rtx-3090-blower"));
    }

    [Fact]
    public void An_index_beside_the_catalog_is_used_and_never_stale()
    {
        var catalog = CopyOfCatalog();
        var cache = TempDirectory();
        Assert.True(CatalogSnapshot.WriteIndex(catalog, Path.Combine(catalog, CatalogSnapshot.IndexFolder)).Ok);
        Assert.Single(Directory.GetFiles(Path.Combine(catalog, CatalogSnapshot.IndexFolder), "*.index"));
        Assert.True(Load(catalog, cache).IsIndexed);
        Assert.Empty(Directory.GetFiles(cache));

        var psus = Path.Combine(catalog, "psus.yaml");
        File.WriteAllText(psus, File.ReadAllText(psus).Replace("vendor: Seasonic\n", "vendor: Seasonic Edited\n", StringComparison.Ordinal));
        var edited = Load(catalog, cache);
        Assert.False(edited.IsIndexed);
        Assert.Contains(edited.All, p => p.Vendor == "Seasonic Edited");
    }

    [Fact]
    public void The_build_writes_one_index_beside_the_catalog_and_none_for_a_catalog_with_problems()
    {
        var catalog = CopyOfCatalog();
        var index = Path.Combine(catalog, CatalogSnapshot.IndexFolder);
        Directory.CreateDirectory(index);
        File.WriteAllText(Path.Combine(index, CatalogSnapshot.FileName("0123456789abcdef0123456789abcdef")), "an older build's");

        var output = new StringWriter();
        Assert.Equal(0, RigsmithApp.WriteCatalogIndex(catalog, output));
        var written = Path.Combine(index, CatalogSnapshot.FileName(CatalogSnapshot.KeyOf(catalog)!));
        Assert.Equal([written, CatalogIndex.EncodedPathOf(written)], Directory.GetFiles(index).Order(StringComparer.Ordinal));
        Assert.Contains($"indexed the {Repo.CuratedCatalog.Count} parts", output.ToString(), StringComparison.Ordinal);

        var psus = Path.Combine(catalog, "psus.yaml");
        File.WriteAllText(psus, File.ReadAllText(psus).Replace("vendor: Seasonic\n", "vendor: [Seasonic]\n", StringComparison.Ordinal));
        Assert.Equal(0, RigsmithApp.WriteCatalogIndex(catalog, output));
        Assert.Empty(Directory.GetFiles(index));
        Assert.Contains("has problems", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cache_directory_that_cannot_be_written_keeps_the_index_in_memory()
    {
        // A directory under a file cannot be made, whoever runs the tests.
        var file = Path.Combine(TempDirectory(), "not-a-directory");
        File.WriteAllText(file, "");
        var cache = Path.Combine(file, "cache");
        var catalog = CopyOfCatalog();

        var full = Load(catalog, cache);
        Assert.False(full.IsIndexed);
        var again = Load(catalog, cache);
        Assert.True(again.IsIndexed);
        foreach (var part in full.All)
            AssertSamePart(part, again.Find(part.Id));
        Assert.False(Directory.Exists(cache));

        // A command reads the same either way.
        var writable = TempDirectory();
        Assert.Equal(Check(catalog, writable), Check(catalog, cache));
        Assert.Equal(Check(catalog, writable), Check(catalog, cache));
    }

    private static string Check(string catalog, string cache)
    {
        var loaded = RigInput.Load(RigSource.File(Repo.Example("4x3090-x299-dark.rig.yaml")), new DataSources(catalog, Path.Combine(Repo.Root, "models"), cache));
        Assert.True(loaded.Ok, string.Join("\n", loaded.Problems));
        return JsonReport.Render(Analyzer.Check(loaded.Value!.Rig, loaded.Value.Job));
    }

    [Fact]
    public void A_damaged_index_is_ignored_and_written_again()
    {
        var cache = TempDirectory();
        Load(Repo.CatalogDirectory, cache);
        var index = Path.Combine(cache, CatalogSnapshot.FileName(CatalogSnapshot.KeyOf(Repo.CatalogDirectory)!));
        var whole = File.ReadAllText(index);
        File.WriteAllText(index, whole[..(whole.Length / 2)]);

        Assert.False(Load(Repo.CatalogDirectory, cache).IsIndexed);
        Assert.Equal(whole, File.ReadAllText(index));
        Assert.True(Load(Repo.CatalogDirectory, cache).IsIndexed);
    }

    [Fact]
    public void A_catalog_with_a_problem_reports_it_as_the_full_load_does_and_gets_no_index()
    {
        var catalog = CopyOfCatalog();
        var cache = TempDirectory();
        var gpus = Directory.EnumerateFiles(catalog).First(f => File.ReadAllText(f).Contains("board_power: 350 W", StringComparison.Ordinal));
        File.WriteAllText(gpus, File.ReadAllText(gpus).Replace("board_power: 350 W", "board_power: 35000 W", StringComparison.Ordinal));

        var strict = CatalogLoader.LoadDirectory(catalog);
        Assert.False(strict.Ok);
        for (var run = 0; run < 2; run++)
        {
            var snapshot = CatalogSnapshot.Load(catalog, cache);
            Assert.False(snapshot.Ok);
            Assert.Equal(strict.Problems, snapshot.Problems);
            Assert.Empty(Directory.GetFiles(cache));
        }

        var missing = Path.Combine(catalog, "missing");
        Assert.Equal(CatalogLoader.LoadDirectory(missing).Problems, CatalogSnapshot.Load(missing, cache).Problems);
    }

    [Fact]
    public void An_entry_that_names_an_anchor_is_read_with_the_entry_that_defines_it_or_with_its_file()
    {
        // The third part's notes are an alias of the first's: it is read with the first. The fourth's alias names an anchor
        // outside every entry (on the category): it is read with its whole file.
        var catalog = TempDirectory();
        var text = File.ReadAllText(Path.Combine(Repo.CatalogDirectory, "chassis-more.yaml"));
        text = ReplaceLine(text, "    notes: Dual-chamber", "    notes: *shared");
        text = ReplaceLine(text, "    notes: Ten expansion slots", "    notes: *category");
        text = text.Replace("    notes: Nine horizontal", "    notes: &shared Nine horizontal", StringComparison.Ordinal)
            .Replace("category: chassis", "category: &category chassis", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(catalog, "chassis-more.yaml"), text);
        var cache = TempDirectory();
        var full = Load(catalog, cache);
        Assert.Equal("chassis", full.Find("thermaltake-core-w100")!.Notes);
        var indexed = Load(catalog, cache);
        Assert.True(indexed.IsIndexed);
        AssertSamePart(full.Find("corsair-carbide-air-540")!, indexed.Find("corsair-carbide-air-540"));
        Assert.Equal(0, indexed.WholeFilesRead);
        AssertSamePart(full.Find("thermaltake-core-w100")!, indexed.Find("thermaltake-core-w100"));
        Assert.Equal(1, indexed.WholeFilesRead);
        foreach (var part in full.All)
            AssertSamePart(part, indexed.Find(part.Id));
    }

    private static string ReplaceLine(string text, string start, string line)
    {
        var at = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(at >= 0, start);
        return text[..at] + line + text[text.IndexOf('\n', at)..];
    }

    [Fact]
    public void Files_with_a_byte_order_mark_and_other_encodings_read_the_same()
    {
        // Non-ASCII text before a part moves its bytes away from its characters; a UTF-8 mark moves them all by three;
        // a UTF-16 file is read whole.
        var catalog = CopyOfCatalog();
        var gpus = Path.Combine(catalog, "gpus.yaml");
        File.WriteAllText(gpus, File.ReadAllText(gpus).Replace("parts:\n", "parts:\n  # ––– « Grafikkarten » –––\n", StringComparison.Ordinal),
            new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var psus = Path.Combine(catalog, "psus.yaml");
        File.WriteAllText(psus, File.ReadAllText(psus), new System.Text.UnicodeEncoding(bigEndian: false, byteOrderMark: true));
        var cache = TempDirectory();
        var full = Load(catalog, cache);
        var indexed = Load(catalog, cache);
        Assert.True(indexed.IsIndexed);
        foreach (var part in full.All.Where(p => p.DefinedIn.StartsWith(gpus, StringComparison.Ordinal)))
            AssertSamePart(part, indexed.Find(part.Id));
        Assert.Equal(0, indexed.WholeFilesRead);
        foreach (var part in full.All)
            AssertSamePart(part, indexed.Find(part.Id));
        Assert.Equal(1, indexed.WholeFilesRead);
    }

    /// <summary>Sets every file of <paramref name="catalog"/> to have last changed a minute ago, past the stamp's settling time.</summary>
    private static void Settle(string catalog)
    {
        foreach (var file in Directory.EnumerateFiles(catalog, "*.yaml"))
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow - TimeSpan.FromMinutes(1));
    }

    /// <summary>Replaces "vendor: Seasonic" by a word of the same length, leaving the file's size and time as they were.</summary>
    private static void EditKeepingSizeAndTime(string file)
    {
        var time = File.GetLastWriteTimeUtc(file);
        var text = File.ReadAllText(file);
        File.WriteAllText(file, text.Replace("vendor: Seasonic\n", "vendor: Seasoni_\n", StringComparison.Ordinal));
        Assert.Equal(text.Length, File.ReadAllText(file).Length);
        File.SetLastWriteTimeUtc(file, time);
    }

    [Fact]
    public void Unchanged_files_are_found_by_their_stamp_without_being_read()
    {
        var catalog = CopyOfCatalog();
        Settle(catalog);
        var cache = TempDirectory();
        Assert.False(Load(catalog, cache).IsIndexed);
        Assert.Single(Directory.GetFiles(cache, CatalogStamp.FileName("*")));

        // Same names, sizes and times: the stamp vouches for the content, so the index is used and the files are not
        // read (the edit below is not seen). This is the stamp's whole bargain, as in version control.
        EditKeepingSizeAndTime(Path.Combine(catalog, "psus.yaml"));
        var stamped = Load(catalog, cache);
        Assert.True(stamped.IsIndexed);
        Assert.DoesNotContain(stamped.All, p => p.Vendor == "Seasoni_");

        // Any change of time is seen: the content is hashed, and the edit read.
        File.SetLastWriteTimeUtc(Path.Combine(catalog, "psus.yaml"), DateTime.UtcNow - TimeSpan.FromSeconds(30));
        var edited = Load(catalog, cache);
        Assert.False(edited.IsIndexed);
        Assert.Contains(edited.All, p => p.Vendor == "Seasoni_");
        Assert.True(Load(catalog, cache).IsIndexed);
    }

    [Fact]
    public void Files_changed_in_the_last_seconds_are_not_stamped()
    {
        var catalog = CopyOfCatalog();
        var cache = TempDirectory();
        Load(catalog, cache);
        Assert.True(Load(catalog, cache).IsIndexed);
        Assert.Empty(Directory.GetFiles(cache, CatalogStamp.FileName("*")));

        // So a second change within the same tick of the file system's clock, same size, is still seen.
        var psus = Path.Combine(catalog, "psus.yaml");
        var time = File.GetLastWriteTimeUtc(psus);
        var text = File.ReadAllText(psus);
        File.WriteAllText(psus, text.Replace("vendor: Seasonic\n", "vendor: Seasoni_\n", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(psus, time);
        Assert.Contains(Load(catalog, cache).All, p => p.Vendor == "Seasoni_");
    }

    [Fact]
    public void Without_a_writable_cache_the_stamp_is_kept_in_memory()
    {
        var file = Path.Combine(TempDirectory(), "not-a-directory");
        File.WriteAllText(file, "");
        var catalog = CopyOfCatalog();
        Settle(catalog);
        Assert.False(Load(catalog, Path.Combine(file, "cache")).IsIndexed);

        EditKeepingSizeAndTime(Path.Combine(catalog, "psus.yaml"));
        var stamped = Load(catalog, Path.Combine(file, "cache"));
        Assert.True(stamped.IsIndexed);
        Assert.DoesNotContain(stamped.All, p => p.Vendor == "Seasoni_");
    }

    [Theory]
    [InlineData("")]
    [InlineData("rigsmith catalog stamp 1\nwrong\n0123456789abcdef0123456789abcdef\n")]
    [InlineData("rigsmith catalog stamp 1\n{key}\nnot a key\n")]
    public void A_damaged_stamp_is_ignored(string damaged)
    {
        var catalog = CopyOfCatalog();
        Settle(catalog);
        var cache = TempDirectory();
        Load(catalog, cache);
        var stamp = Directory.GetFiles(cache, CatalogStamp.FileName("*")).Single();
        File.WriteAllText(stamp, damaged.Replace("{key}", Path.GetFileName(stamp)["stamp-".Length..], StringComparison.Ordinal));

        // The content is hashed instead, and the stamp written again.
        EditKeepingSizeAndTime(Path.Combine(catalog, "psus.yaml"));
        var loaded = Load(catalog, cache);
        Assert.False(loaded.IsIndexed);
        Assert.Contains(loaded.All, p => p.Vendor == "Seasoni_");
        Assert.StartsWith("rigsmith catalog stamp 1\n", File.ReadAllText(stamp), StringComparison.Ordinal);
    }

    [Fact]
    public void The_index_reads_back_as_written_and_any_damaged_line_rejects_it()
    {
        var cache = TempDirectory();
        Load(Repo.CatalogDirectory, cache);
        var text = File.ReadAllText(Directory.GetFiles(cache, "catalog-*.index").Single());
        var index = CatalogIndex.Parse(System.Text.Encoding.UTF8.GetBytes(text));
        Assert.NotNull(index);
        Assert.Equal(text, index.Format());

        var lines = text.Split('\n');
        var part = Array.FindIndex(lines, l => l.StartsWith("part\t", StringComparison.Ordinal));
        string[] damaged =
        [
            text[..^1],
            text + "extra\n",
            text.Replace("\nend\t", "\nend\t1", StringComparison.Ordinal),
            string.Join('\n', lines.Select((l, i) => i == part ? l + "\tmore" : l)),
            string.Join('\n', lines.Select((l, i) => i == part ? l[..l.LastIndexOf('\t')] : l)),
            string.Join('\n', lines.Select((l, i) => i == part ? l.Replace("part\t0\t", "part\tx\t", StringComparison.Ordinal) : l)),
            string.Join('\n', lines.Select((l, i) => i == part ? l + "!" : l)),
            string.Join('\n', lines.Select((l, i) => i == 0 ? l + " " : l)),
        ];
        foreach (var d in damaged)
            Assert.Null(CatalogIndex.Parse(System.Text.Encoding.UTF8.GetBytes(d)));
    }

    private static string MoveDown(string definedIn)
    {
        var colon = definedIn.LastIndexOf(':');
        return $"{definedIn[..colon]}:{int.Parse(definedIn[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture) + 1}";
    }

    [Fact]
    public void Writing_an_index_prunes_the_cached_indexes_of_old_catalog_versions_but_not_recent_ones()
    {
        var cache = TempDirectory();
        var stale = Path.Combine(cache, CatalogSnapshot.FileName("00000000000000000000000000000001"));
        var recent = Path.Combine(cache, CatalogSnapshot.FileName("00000000000000000000000000000002"));
        var unrelated = Path.Combine(cache, "notes.txt");
        foreach (var file in new[] { stale, recent, unrelated })
            File.WriteAllText(file, "x");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow - CatalogSnapshot.CacheLifetime - TimeSpan.FromDays(1));
        File.SetLastWriteTimeUtc(unrelated, DateTime.UtcNow - CatalogSnapshot.CacheLifetime - TimeSpan.FromDays(1));

        Load(CopyOfCatalog(), cache);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(unrelated));
        Assert.Equal(2, Directory.EnumerateFiles(cache, "catalog-*.index").Count());
    }
}
