using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Rigsmith.Input;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rigsmith.Catalog;

/// <summary>
/// Loads the catalog through an index of where each part's entry lies in its file, so a command reads only the parts
/// it looks up. The YAML stays the source of truth: the index is keyed by a hash of every catalog file's path and bytes
/// (and of this build's reader), so an edited file changes the key and the index is never stale. Without an index for
/// that key the strict full load runs, reporting every problem exactly as <see cref="CatalogLoader.LoadDirectory"/>
/// does, and only a catalog that loads cleanly gets an index: written to the cache directory (temporary file, then
/// rename), or kept in memory for this process when that directory cannot be written.
/// </summary>
public static class CatalogSnapshot
{
    /// <summary>The folder beside the catalog's files where the build puts the shipped catalog's index.</summary>
    public const string IndexFolder = ".index";

    // Indexes this process made but could not write, by key: a catalog whose cache directory cannot be written is
    // still loaded in full only once per process.
    private static readonly ConcurrentDictionary<string, CatalogIndex> Known = new(StringComparer.Ordinal);

    /// <summary>
    /// The catalog in <paramref name="directory"/>, from its index when one is found for its content (in
    /// <c>DIR/.index</c>, then <paramref name="shippedIndexDirectory"/>, then <paramref name="cacheDirectory"/>), else by
    /// the strict full load, which then writes the index to <paramref name="cacheDirectory"/> (null: none).
    /// </summary>
    public static LoadResult<PartCatalog> Load(string directory, string? cacheDirectory, string? shippedIndexDirectory = null)
    {
        if (!Directory.Exists(directory))
            return CatalogLoader.NotFound(directory);
        IReadOnlyList<string> paths;
        try
        {
            paths = CatalogLoader.FilesOf(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CatalogLoader.LoadDirectory(directory);
        }

        // Files whose names, sizes and modification times are as they were when their content was last hashed have
        // that content's key: the index is found without reading the catalog (a stamp, as version control checks a
        // working tree). Any difference, or no stamp, and the content is read and hashed, which is the truth.
        var stamp = CatalogStamp.Of(directory, paths);
        if (stamp is not null && FindIndex(stamp.ContentKey(cacheDirectory), directory, cacheDirectory, shippedIndexDirectory, CatalogFiles.Unread(directory, paths)) is { } stamped)
            return stamped;

        if (Read(directory, paths) is not { } files)
            return CatalogLoader.LoadDirectory(directory);
        var key = KeyOf(files);
        var result = FindIndex(key, directory, cacheDirectory, shippedIndexDirectory, files);
        if (result is null)
        {
            (result, var built) = FullLoad(files, key);
            if (built is null)
                return result;
            if (cacheDirectory is null || !TryWrite(cacheDirectory, built))
                Known.TryAdd(key, built);
        }

        // Stamped only when the files did not change while they were read and hashed.
        if (stamp is not null && CatalogStamp.Of(directory, paths) is { } after && after.Key == stamp.Key)
            stamp.Remember(key, cacheDirectory);
        return result;
    }

    /// <summary>The indexed catalog for <paramref name="key"/>, when this process or one of the index folders has its index.</summary>
    private static LoadResult<PartCatalog>? FindIndex(string? key, string directory, string? cacheDirectory, string? shippedIndexDirectory, CatalogFiles files)
    {
        if (key is null)
            return null;
        var name = FileName(key);
        var index = Known.GetValueOrDefault(key)
            ?? ReadIndex(Path.Combine(directory, IndexFolder, name), key, files)
            ?? (shippedIndexDirectory is null ? null : ReadIndex(Path.Combine(shippedIndexDirectory, name), key, files))
            ?? (cacheDirectory is null ? null : ReadIndex(Path.Combine(cacheDirectory, name), key, files));
        return index is null ? null : LoadResult<PartCatalog>.Success(PartCatalog.Indexed(new IndexedParts(index, files)));
    }

    /// <summary>
    /// The strict full load of <paramref name="directory"/>; when it succeeds, writes its index to
    /// <paramref name="indexDirectory"/> and removes any other index there (the build's shipped index). Returns the load.
    /// </summary>
    public static LoadResult<PartCatalog> WriteIndex(string directory, string indexDirectory)
    {
        if (Directory.Exists(indexDirectory))
        {
            foreach (var old in Directory.EnumerateFiles(indexDirectory, "catalog-*.*"))
                File.Delete(old);
        }

        if (!Directory.Exists(directory))
            return CatalogLoader.NotFound(directory);
        if (Read(directory) is not { } files)
            return CatalogLoader.LoadDirectory(directory);
        var (result, built) = FullLoad(files, KeyOf(files));
        if (built is not null)
            Write(indexDirectory, built);
        return result;
    }

    /// <summary>The name of the index file of a catalog whose files hash to <paramref name="key"/>.</summary>
    internal static string FileName(string key) => $"catalog-{key}.index";

    /// <summary>The key of the catalog in <paramref name="directory"/> as it is now (null when a file cannot be read).</summary>
    internal static string? KeyOf(string directory) => Read(directory) is { } files ? KeyOf(files) : null;

    /// <summary>Every catalog file's bytes, in load order; null when one cannot be read (the full load then says why).</summary>
    private static CatalogFiles? Read(string directory) => Read(directory, null);

    private static CatalogFiles? Read(string directory, IReadOnlyList<string>? paths)
    {
        try
        {
            paths ??= CatalogLoader.FilesOf(directory);
            return CatalogFiles.ReadAll(directory, paths);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string KeyOf(CatalogFiles files)
    {
        var hash = new XxHash128();
        hash.Append(Encoding.UTF8.GetBytes(CatalogIndex.Header + "\n"));
        // The reader is part of the key: a build that reads parts differently never trusts another build's index.
        hash.Append(typeof(CatalogSnapshot).Module.ModuleVersionId.ToByteArray());
        Span<byte> length = stackalloc byte[8];
        for (var i = 0; i < files.Paths.Count; i++)
        {
            var relative = Path.GetRelativePath(files.Directory, files.Paths[i]).Replace('\\', '/');
            hash.Append(Encoding.UTF8.GetBytes(relative));
            var content = files.Content(i);
            BinaryPrimitives.WriteInt64LittleEndian(length, content.Length);
            hash.Append(length);
            hash.Append(content);
        }

        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    /// <summary>The strict load from the bytes already read, and the index of the catalog when it loads cleanly.</summary>
    private static (LoadResult<PartCatalog> Result, CatalogIndex? Index) FullLoad(CatalogFiles files, string key)
    {
        var texts = new string?[files.Paths.Count];
        var roots = new YamlMappingNode?[files.Paths.Count];
        var result = CatalogLoader.Load(files.Directory, files.Paths, (i, sink) =>
        {
            texts[i] = TextFiles.Decode(files.Content(i), sink);
            roots[i] = texts[i] is { } text ? YamlInput.ParseRootMapping(text, sink) : null;
            return roots[i];
        });
        return (result, result.Ok ? CatalogIndex.Build(key, files.All, texts!, roots!) : null);
    }

    private static CatalogIndex? ReadIndex(string path, string key, CatalogFiles files)
    {
        byte[] text;
        try
        {
            if (!File.Exists(path))
                return null;
            // Parsed as the UTF-8 bytes it is written in: no string of the whole text, which would double its size.
            text = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // A damaged or foreign file is as good as none: the full load runs and writes a new one. (Damaged encoded parts only
        // mean those entries are parsed from their text.)
        return CatalogIndex.Parse(text) is { } index && index.Key == key && index.FileCategories.Count == files.Paths.Count
            ? new CatalogIndex(index.Key, index.FileCategories, index.Parts) { EncodedPath = CatalogIndex.EncodedPathOf(path) }
            : null;
    }

    /// <summary>
    /// How long an index in the cache directory is kept after it was written. Each edit of a catalog leaves its old
    /// index behind; one still in use is simply rebuilt (one full load) after this long.
    /// </summary>
    internal static readonly TimeSpan CacheLifetime = TimeSpan.FromDays(30);

    private static bool TryWrite(string directory, CatalogIndex index)
    {
        try
        {
            Write(directory, index);
            Prune(directory, index.Key, DateTime.UtcNow - CacheLifetime);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Not writable (or not a directory): the index stays in memory for this process, silently.
            return false;
        }
    }

    /// <summary>
    /// Removes the cached indexes, other than <paramref name="keep"/>'s, and the stamps last written before
    /// <paramref name="writtenBefore"/>.
    /// </summary>
    internal static void Prune(string directory, string keep, DateTime writtenBefore)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "catalog-*.index").Concat(Directory.EnumerateFiles(directory, CatalogStamp.FileName("*"))))
        {
            if (Path.GetFileName(file) == FileName(keep) || File.GetLastWriteTimeUtc(file) >= writtenBefore)
                continue;
            try
            {
                File.Delete(file);
                if (file.EndsWith(".index", StringComparison.Ordinal))
                    File.Delete(CatalogIndex.EncodedPathOf(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another process may be reading or replacing it; the next write tries again.
            }
        }
    }

    private static void Write(string directory, CatalogIndex index)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName(index.Key));
        // The encoded parts first, so an index is never found without the parts it points into.
        WriteAtomically(CatalogIndex.EncodedPathOf(path), temporary => File.WriteAllBytes(temporary, index.Encoded ?? []));
        WriteAtomically(path, temporary => File.WriteAllText(temporary, index.Format()));
    }

    /// <summary>Writes a temporary file beside <paramref name="path"/>, then renames it: a reader sees the old file or the new one, whole.</summary>
    internal static void WriteAtomically(string path, Action<string> write)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Path.GetRandomFileName()}.tmp");
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}

/// <summary>
/// The catalog files of one directory: their paths (as the load names them) and bytes, read up front when the content
/// is hashed, or file by file when first needed when a stamp vouched for the content.
/// </summary>
internal sealed class CatalogFiles
{
    private readonly byte[]?[] _contents;

    private CatalogFiles(string directory, IReadOnlyList<string> paths, byte[]?[] contents) =>
        (Directory, Paths, _contents) = (directory, paths, contents);

    public string Directory { get; }

    public IReadOnlyList<string> Paths { get; }

    public static CatalogFiles ReadAll(string directory, IReadOnlyList<string> paths)
    {
        var contents = new byte[]?[paths.Count];
        for (var i = 0; i < paths.Count; i++)
            contents[i] = File.ReadAllBytes(paths[i]);
        return new CatalogFiles(directory, paths, contents);
    }

    public static CatalogFiles Unread(string directory, IReadOnlyList<string> paths) => new(directory, paths, new byte[]?[paths.Count]);

    /// <summary>The bytes of file <paramref name="i"/>, read now if they have not been.</summary>
    public byte[] Content(int i)
    {
        if (Volatile.Read(ref _contents[i]) is { } read)
            return read;
        var bytes = File.ReadAllBytes(Paths[i]);
        return Interlocked.CompareExchange(ref _contents[i], bytes, null) ?? bytes;
    }

    /// <summary>Every file's bytes.</summary>
    public IReadOnlyList<byte[]> All => Enumerable.Range(0, Paths.Count).Select(Content).ToList();
}

/// <summary>
/// What a catalog's files look like from outside: the directory, and each file's relative path, size and time of last
/// change, hashed with the reader's build, as <see cref="Key"/>. A stamp file in the cache directory
/// (<c>stamp-KEY</c>) records the content key those files hashed to; while nothing about them changes, a command finds
/// the index without reading them. A file changed in the last two seconds gives no stamp, since a second change within
/// the file system's time resolution might not change its time (version control's "racily clean" files).
/// </summary>
internal sealed class CatalogStamp
{
    private const string Header = "rigsmith catalog stamp 1";

    /// <summary>How recently a file may have changed and still be stamped.</summary>
    internal static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    // Stamps this process made but could not write, by stamp key.
    private static readonly ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);

    private CatalogStamp(string key) => Key = key;

    public string Key { get; }

    /// <summary>The stamp of the files as they are now; null when one cannot be read or changed too recently to trust.</summary>
    public static CatalogStamp? Of(string directory, IReadOnlyList<string> paths)
    {
        try
        {
            var hash = new XxHash128();
            hash.Append(Encoding.UTF8.GetBytes(Header + "\n" + CatalogIndex.Header + "\n" + Path.GetFullPath(directory) + "\n"));
            // The build that reads the parts, as the file it runs from: the core library beside it (a managed build), else
            // the native executable. A rebuilt or reinstalled rigsmith is a new file time, so it never trusts another
            // build's stamp. (The module's version id would say the same but costs a cold start reflection, 0.1 ms.)
            var core = Path.Combine(AppContext.BaseDirectory, "Rigsmith.Core.dll");
            var build = new FileInfo(File.Exists(core) ? core : Environment.ProcessPath ?? core);
            if (!build.Exists)
                return null;
            hash.Append(Encoding.UTF8.GetBytes(build.FullName));
            var settled = DateTime.UtcNow - Settle;
            Span<byte> numbers = stackalloc byte[16];
            BinaryPrimitives.WriteInt64LittleEndian(numbers, build.Length);
            BinaryPrimitives.WriteInt64LittleEndian(numbers[8..], build.LastWriteTimeUtc.Ticks);
            hash.Append(numbers);
            foreach (var path in paths)
            {
                var info = new FileInfo(path);
                if (!info.Exists || info.LastWriteTimeUtc > settled)
                    return null;
                // The files were listed under the directory, so the relative path is what follows it.
                var relative = path.StartsWith(directory, StringComparison.Ordinal) && path.Length > directory.Length && path[directory.Length] is '/' or '\\'
                    ? path[(directory.Length + 1)..]
                    : Path.GetRelativePath(directory, path);
                hash.Append(Encoding.UTF8.GetBytes(relative.Replace('\\', '/')));
                BinaryPrimitives.WriteInt64LittleEndian(numbers, info.Length);
                BinaryPrimitives.WriteInt64LittleEndian(numbers[8..], info.LastWriteTimeUtc.Ticks);
                hash.Append(numbers);
            }

            return new CatalogStamp(Convert.ToHexStringLower(hash.GetCurrentHash()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    internal static string FileName(string key) => $"stamp-{key}";

    /// <summary>The content key recorded for these files, if any.</summary>
    public string? ContentKey(string? cacheDirectory)
    {
        if (Known.GetValueOrDefault(Key) is { } known)
            return known;
        if (cacheDirectory is null)
            return null;
        try
        {
            var path = Path.Combine(cacheDirectory, FileName(Key));
            if (!File.Exists(path))
                return null;
            // Three lines: the header, this stamp's key, the content key (32 hex digits). Read as bytes: the file is
            // ASCII, and a text reader is code a cold check runs nowhere else.
            return Encoding.UTF8.GetString(File.ReadAllBytes(path)).Split('\n') is [Header, var key, var content, ""] && key == Key && content.Length == 32
                && content.All(char.IsAsciiHexDigitLower) ? content : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Records that these files hold the content of <paramref name="contentKey"/>: in the cache directory, else in memory.</summary>
    public void Remember(string contentKey, string? cacheDirectory)
    {
        if (ContentKey(cacheDirectory) == contentKey)
            return;
        try
        {
            if (cacheDirectory is not null)
            {
                System.IO.Directory.CreateDirectory(cacheDirectory);
                CatalogSnapshot.WriteAtomically(Path.Combine(cacheDirectory, FileName(Key)), temporary => File.WriteAllText(temporary, $"{Header}\n{Key}\n{contentKey}\n"));
                return;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Not writable: remembered for this process only, as the index itself is.
        }

        Known[Key] = contentKey;
    }
}

/// <summary>One part in the index: its id, file, place in that file's list, and its entry's characters and first line.</summary>
/// <param name="Start">The entry's first byte in its UTF-8 file, at the start of its line; -1 when the part is read by
/// reading its whole file (an entry that does not start its own lines, a file in UTF-16).</param>
/// <param name="Needs">The places of the earlier entries of its file whose anchors it names (<c>assumed: *blower</c>):
/// they are parsed with it, each on its own lines.</param>
/// <param name="EncodedOffset">Where the entry's part in its binary form (<see cref="PartCodec"/>) lies in the index's
/// encoded parts; -1 when it has none and the entry's text is parsed.</param>
/// <param name="EncodedHash">The XxHash64 of those bytes, so a damaged file is noticed and the text parsed instead.</param>
internal sealed record IndexedPart(string Id, int File, int Position, int Line, int Start, int Length, IReadOnlyList<int> Needs,
    long EncodedOffset = -1, int EncodedLength = -1, ulong EncodedHash = 0);

/// <summary>
/// The index of one catalog: the category of each file, and where each part's entry lies. A versioned text file of
/// tab-separated lines, read without YAML.
/// </summary>
internal sealed class CatalogIndex(string key, IReadOnlyList<PartCategory> fileCategories, IReadOnlyList<IndexedPart> parts, byte[]? encoded = null)
{
    public const string Header = "rigsmith catalog index 3";

    public string Key { get; } = key;
    public IReadOnlyList<PartCategory> FileCategories { get; } = fileCategories;
    public IReadOnlyList<IndexedPart> Parts { get; } = parts;

    /// <summary>Every entry's part in its binary form, as just built (null for an index read from a file).</summary>
    public byte[]? Encoded { get; } = encoded;

    /// <summary>The file the encoded parts of an index read from a file are in (beside the index); null when built in memory.</summary>
    public string? EncodedPath { get; init; }

    /// <summary>The encoded parts' file of the index file at <paramref name="indexPath"/>.</summary>
    public static string EncodedPathOf(string indexPath) => Path.ChangeExtension(indexPath, ".parts");

    private SafeFileHandle? _encodedHandle;

    /// <summary>
    /// The encoded parts' file, opened at the first part read and kept open: a check reads a dozen parts from it, and the file
    /// never changes under its name (a different catalog is a different file).
    /// </summary>
    private SafeFileHandle EncodedHandle()
    {
        if (Volatile.Read(ref _encodedHandle) is { } open)
            return open;
        var handle = File.OpenHandle(EncodedPath!);
        if (Interlocked.CompareExchange(ref _encodedHandle, handle, null) is { } other)
        {
            handle.Dispose();
            return other;
        }

        return handle;
    }

    /// <summary>
    /// The binary form of <paramref name="part"/> (its first <see cref="IndexedPart.EncodedLength"/> bytes) in a buffer
    /// rented from <see cref="ArrayPool{T}.Shared"/>, which the caller returns; null when it has none or it cannot be read.
    /// </summary>
    /// <remarks>Rented, not allocated: a check decodes a dozen parts of a kilobyte or two each, and every fresh page of
    /// heap is a page fault on a cold start (docs/architecture.md, "The native binary").</remarks>
    public byte[]? RentEncoded(IndexedPart part)
    {
        if (part.EncodedOffset < 0 || part.EncodedLength <= 0)
            return null;
        var bytes = ArrayPool<byte>.Shared.Rent(part.EncodedLength);
        var read = false;
        if (Encoded is not null)
        {
            if (part.EncodedOffset + part.EncodedLength <= Encoded.Length)
            {
                Encoded.AsSpan((int)part.EncodedOffset, part.EncodedLength).CopyTo(bytes);
                read = true;
            }
        }
        else if (EncodedPath is not null)
        {
            try
            {
                read = RandomAccess.Read(EncodedHandle(), bytes.AsSpan(0, part.EncodedLength), part.EncodedOffset) == part.EncodedLength;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                read = false;
            }
        }

        if (read && XxHash64.HashToUInt64(bytes.AsSpan(0, part.EncodedLength)) == part.EncodedHash)
            return bytes;
        ArrayPool<byte>.Shared.Return(bytes);
        return null;
    }

    /// <summary>The index of a catalog that has just loaded cleanly from <paramref name="texts"/>, decoded from <paramref name="contents"/>.</summary>
    public static CatalogIndex Build(string key, IReadOnlyList<byte[]> contents, IReadOnlyList<string> texts, IReadOnlyList<YamlMappingNode> roots)
    {
        var categories = new List<PartCategory>();
        var parts = new List<IndexedPart>();
        for (var file = 0; file < texts.Count; file++)
        {
            var root = roots[file];
            var category = MapReader.EnumValues<PartCategory>()
                .First(c => string.Equals(MapReader.EnumName(c), ((YamlScalarNode)root.Children[new YamlScalarNode("category")]).Value, StringComparison.OrdinalIgnoreCase));
            categories.Add(category);
            var sequence = (YamlSequenceNode)root.Children[new YamlScalarNode("parts")];
            var items = sequence.Children.Cast<YamlMappingNode>().ToList();
            var spans = Spans(texts[file], sequence, items);
            var bytes = spans is null ? null : InBytes(texts[file], contents[file], spans);
            for (var i = 0; i < items.Count; i++)
            {
                var id = ((YamlScalarNode)items[i].Children[new YamlScalarNode("id")]).Value!;
                var needs = bytes is null ? null : Needs(spans!, items[i], i);
                var (start, length) = needs is null ? (-1, -1) : bytes![i];
                parts.Add(new IndexedPart(id, file, i, (int)items[i].Start.Line, start, length, needs ?? []));
            }
        }

        // Each entry's part in its binary form (PartCodec), as the entry reads on its own; kept only when it reads back to
        // the same bytes. An entry without one is read from its text.
        var byPlace = parts.ToDictionary(p => (p.File, p.Position));
        using var encodedParts = new MemoryStream();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (IndexedParts.Snippet(part, contents[part.File], byPlace) is not { } snippet
                || IndexedParts.ReadSnippet(new Parser(new StringReader(snippet)), part, categories[part.File], "index") is not { } read)
                continue;
            var encoded = PartCodec.Encode(read);
            if (!PartCodec.Encode(PartCodec.Decode(encoded, read.DefinedIn)).AsSpan().SequenceEqual(encoded))
                continue;
            parts[i] = part with { EncodedOffset = encodedParts.Position, EncodedLength = encoded.Length, EncodedHash = XxHash64.HashToUInt64(encoded) };
            encodedParts.Write(encoded);
        }

        return new CatalogIndex(key, categories, parts, encodedParts.ToArray());
    }

    /// <summary>
    /// Each entry's characters: from the start of its line to the start of the next entry's line (the last one to the
    /// end of the line where its last value ends), so the entry parses alone with its own lines and columns. Null when
    /// the file's layout does not allow that (a flow-style list, an entry that does not start its own line, line breaks
    /// other than \n or \r\n).
    /// </summary>
    private static (int Start, int Length)[]? Spans(string text, YamlSequenceNode sequence, List<YamlMappingNode> items)
    {
        if (sequence.Style == YamlDotNet.Core.Events.SequenceStyle.Flow)
            return null;
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
                lineStarts.Add(i + 1);
        }

        int? LineStartOf(Mark mark)
        {
            if (mark.Line < 1 || mark.Line > lineStarts.Count)
                return null;
            var lineStart = lineStarts[(int)mark.Line - 1];
            // The parser's own position must agree with this count of lines, else its line breaks differ from ours.
            return lineStart + mark.Column - 1 == mark.Index ? lineStart : null;
        }

        var starts = new List<int>();
        foreach (var item in items)
        {
            if (LineStartOf(item.Start) is not { } start || text.AsSpan(start, (int)item.Start.Index - start).ContainsAnyExcept(' ', '-'))
                return null;
            starts.Add(start);
        }

        // A node's End is where its first event ends, so the last entry ends with the last of its values. (Should a
        // multi-line flow list close on a later line, that entry does not parse alone and is read with its whole file.)
        var last = (int)items[^1].AllNodes.Max(n => n.End.Index);
        var lineEnd = last >= text.Length ? -1 : text.IndexOf('\n', Math.Max(last - 1, 0));
        starts.Add(lineEnd < 0 ? text.Length : lineEnd + 1);
        var spans = new (int, int)[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (starts[i + 1] <= starts[i])
                return null;
            spans[i] = (starts[i], starts[i + 1] - starts[i]);
        }

        return spans;
    }

    /// <summary>
    /// The spans in bytes of the file, so a part is decoded from its own bytes alone; null unless the file is UTF-8 (with
    /// or without a byte-order mark).
    /// </summary>
    private static (int Start, int Length)[]? InBytes(string text, byte[] content, (int Start, int Length)[] spans)
    {
        ReadOnlySpan<byte> data = content;
        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || data.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || data.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
            return null;
        var offset = data.StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var at = 0;
        var result = new (int, int)[spans.Length];
        for (var i = 0; i < spans.Length; i++)
        {
            offset += Encoding.UTF8.GetByteCount(text.AsSpan(at, spans[i].Start - at));
            var length = Encoding.UTF8.GetByteCount(text.AsSpan(spans[i].Start, spans[i].Length));
            result[i] = (offset, length);
            offset += length;
            at = spans[i].Start + spans[i].Length;
        }

        return offset + Encoding.UTF8.GetByteCount(text.AsSpan(at)) == content.Length ? result : null;
    }

    /// <summary>
    /// The earlier entries that an entry's aliases point into: an aliased node is the anchored node itself, so it starts
    /// in the entry that defines the anchor. Null when one points outside every entry (the entry is read with its file).
    /// </summary>
    private static List<int>? Needs((int Start, int Length)[] spans, YamlMappingNode item, int position)
    {
        var needs = new SortedSet<int>();
        foreach (var node in item.AllNodes)
        {
            var at = (int)node.Start.Index;
            if (at >= spans[position].Start && at < spans[position].Start + spans[position].Length)
                continue;
            var owner = Array.FindIndex(spans, s => at >= s.Start && at < s.Start + s.Length);
            if (owner < 0 || owner >= position)
                return null;
            needs.Add(owner);
        }

        return [.. needs];
    }

    public string Format()
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("key\t").Append(Key).Append('\n');
        foreach (var category in FileCategories)
            text.Append("file\t").Append(MapReader.EnumName(category)).Append('\n');
        foreach (var p in Parts)
        {
            var needs = p.Needs.Count == 0 ? "-" : string.Join(',', p.Needs);
            text.Append(CultureInfo.InvariantCulture, $"part\t{p.File}\t{p.Position}\t{p.Line}\t{p.Start}\t{p.Length}\t{needs}\t{p.EncodedOffset}\t{p.EncodedLength}\t{p.EncodedHash:x16}\t{p.Id}").Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"end\t{Parts.Count}").Append('\n');
        return text.ToString();
    }

    /// <summary>The index in the UTF-8 <paramref name="utf8"/>, or null when it is not a complete index of this version.</summary>
    /// <remarks>
    /// Read field by field from the bytes, not split into strings: every command reads the whole index (a line a
    /// part), and only the ids become strings.
    /// </remarks>
    public static CatalogIndex? Parse(ReadOnlySpan<byte> utf8)
    {
        var rest = utf8;
        if (!NextLine(ref rest, out var header) || !Ascii.Equals(header, Header) || !NextLine(ref rest, out var keyLine)
            || !keyLine.StartsWith("key\t"u8))
            return null;
        var key = Encoding.UTF8.GetString(keyLine["key\t"u8.Length..]);
        var categories = new List<PartCategory>();
        var parts = new List<IndexedPart>();
        // The most fields a line has (a part's 11); Fields counts one more for a line with too many.
        Span<Range> f = stackalloc Range[11];
        while (NextLine(ref rest, out var line))
        {
            var count = Fields(line, f);
            var kind = line[f[0]];
            if (kind.SequenceEqual("file"u8) && count == 2 && parts.Count == 0 && CategoryNamed(line[f[1]]) is { } category)
            {
                categories.Add(category);
            }
            else if (kind.SequenceEqual("part"u8) && count == 11 && ReadPart(line, f, categories.Count) is { } part)
            {
                parts.Add(part);
            }
            else if (kind.SequenceEqual("end"u8) && count == 2 && Int(line[f[1]]) == parts.Count)
            {
                // The end line is the last; the text ends with its line break.
                return rest.IsEmpty ? new CatalogIndex(key, categories, parts) : null;
            }
            else
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The tab-separated fields of <paramref name="line"/> into <paramref name="f"/>; one more than its length
    /// when the line has more fields than it holds.</summary>
    private static int Fields(ReadOnlySpan<byte> line, Span<Range> f)
    {
        var count = 0;
        foreach (var range in line.Split((byte)'\t'))
        {
            if (count == f.Length)
                return count + 1;
            f[count++] = range;
        }

        return count;
    }

    private static IndexedPart? ReadPart(ReadOnlySpan<byte> line, ReadOnlySpan<Range> f, int files)
    {
        if (Int(line[f[1]]) is not { } file || file >= files || Int(line[f[2]]) is not { } position || Int(line[f[3]]) is not { } number || number <= 0
            || Int(line[f[4]], -1) is not { } start || Int(line[f[5]], -1) is not { } length || (start < 0) != (length < 0)
            || Positions(line[f[6]], position) is not { } before
            || !long.TryParse(line[f[7]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var encodedOffset) || encodedOffset < -1
            || Int(line[f[8]], -1) is not { } encodedLength || (encodedOffset < 0) != (encodedLength < 0)
            || !ulong.TryParse(line[f[9]], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var encodedHash))
            return null;
        var id = Encoding.UTF8.GetString(line[f[10]]);
        return MapReader.IsValidId(id) ? new IndexedPart(id, file, position, number, start, length, before, encodedOffset, encodedLength, encodedHash) : null;
    }

    /// <summary>The next line (without its break); false at the end of the text or on a last line with no break.</summary>
    private static bool NextLine(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> line)
    {
        var end = rest.IndexOf((byte)'\n');
        if (end < 0)
        {
            line = default;
            return false;
        }

        line = rest[..end];
        rest = rest[(end + 1)..];
        return true;
    }

    /// <summary>"-", or places before <paramref name="position"/> in increasing order, like "0,3".</summary>
    private static IReadOnlyList<int>? Positions(ReadOnlySpan<byte> text, int position)
    {
        if (text.SequenceEqual("-"u8))
            return Array.Empty<int>();
        var positions = new List<int>();
        foreach (var range in text.Split((byte)','))
        {
            if (Int(text[range]) is not { } p || p >= position || (positions.Count > 0 && p <= positions[^1]))
                return null;
            positions.Add(p);
        }

        return positions;
    }

    private static int? Int(ReadOnlySpan<byte> text, int min = 0) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min ? value : null;

    // The names Format writes (MapReader.EnumName), read back through the same generated table.
    internal static PartCategory? CategoryNamed(ReadOnlySpan<byte> name) => MapReader.EnumNamed<PartCategory>(Encoding.UTF8.GetString(name));
}

/// <summary>
/// The parts of an indexed catalog, each read from its entry's characters when first asked for, with the same reader
/// as the full load and the entry's own line numbers, so it is the same part (its <c>DefinedIn</c> included).
/// </summary>
internal sealed class IndexedParts(CatalogIndex index, CatalogFiles files)
{
    private readonly Dictionary<string, Part>?[] _wholeFiles = new Dictionary<string, Part>?[files.Paths.Count];
    // Only an entry read from its text needs the entries it names anchors in: built at the first such read, not for the
    // usual check, whose parts all come from their binary form.
    private readonly Lazy<Dictionary<(int File, int Position), IndexedPart>> _byPlace = new(() => index.Parts.ToDictionary(p => (p.File, p.Position)));
    private int _read;
    private int _wholeFilesRead;
    private int _decoded;

    public int Count => index.Parts.Count;

    /// <summary>How many parts have been read.</summary>
    public int PartsRead => Volatile.Read(ref _read);

    /// <summary>How many files have been read whole, for an entry that would not parse alone.</summary>
    public int WholeFilesRead => Volatile.Read(ref _wholeFilesRead);

    /// <summary>How many parts were read from their binary form.</summary>
    public int PartsDecoded => Volatile.Read(ref _decoded);

    public string IdOf(int i) => index.Parts[i].Id;

    public PartCategory CategoryOf(int i) => index.FileCategories[index.Parts[i].File];

    public Part Read(int i)
    {
        Interlocked.Increment(ref _read);
        var entry = index.Parts[i];
        return (entry.Start >= 0 ? ReadEntry(entry) : null) ?? ReadFromWholeFile(entry);
    }

    private Part? ReadEntry(IndexedPart entry)
    {
        // The part's binary form first: it skips YAML altogether. Should it be missing or damaged, the entry's text.
        if (index.RentEncoded(entry) is { } encoded)
        {
            try
            {
                var part = PartCodec.Decode(encoded.AsSpan(0, entry.EncodedLength), $"{files.Paths[entry.File]}:{entry.Line}");
                if (part.Id == entry.Id && part.Category == CategoryOf(entry))
                {
                    Interlocked.Increment(ref _decoded);
                    return part;
                }
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException)
            {
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(encoded);
            }
        }

        if (Snippet(entry, files.Content(entry.File), _byPlace.Value) is not { } snippet)
            return null;
        return ReadSnippet(new Parser(new StringReader(snippet)), entry, CategoryOf(entry), files.Paths[entry.File]);
    }

    /// <summary>
    /// The text an entry parses from: the entries it names anchors in, then itself, each on its own lines. Blank lines
    /// fill the gaps, so the parser counts the file's own line numbers, and each entry starts at the start of its line,
    /// so columns agree too. Null when the spans do not fit the file.
    /// </summary>
    internal static string? Snippet(IndexedPart entry, byte[] content, IReadOnlyDictionary<(int File, int Position), IndexedPart> byPlace)
    {
        var snippet = new StringBuilder();
        var line = 1;
        foreach (var span in entry.Needs.Select(p => byPlace.GetValueOrDefault((entry.File, p))).Append(entry))
        {
            if (span is null || span.Start < 0 || span.Line < line || span.Start + span.Length > content.Length)
                return null;
            var text = Encoding.UTF8.GetString(content, span.Start, span.Length);
            snippet.Append('\n', span.Line - line).Append(text);
            line = span.Line + text.AsSpan().Count('\n');
        }

        return snippet.ToString();
    }

    /// <summary>
    /// The part an entry's snippet reads as, from its parsing events; null when it does not
    /// read as it did in its file, so the whole file is read instead.
    /// </summary>
    internal static Part? ReadSnippet(IParser events, IndexedPart entry, PartCategory category, string file)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(events);
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlSequenceNode list
                || list.Children.Count != entry.Needs.Count + 1 || list.Children[^1] is not YamlMappingNode map || map.Start.Line != entry.Line)
                return null;
            var sink = new ProblemSink(file);
            var part = PartReaders.Read(category, new MapReader(map, $"parts[{entry.Position}]", sink));
            return part is not null && !sink.Any && part.Id == entry.Id ? part : null;
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            return null;
        }
    }

    private PartCategory CategoryOf(IndexedPart entry) => index.FileCategories[entry.File];

    private Part ReadFromWholeFile(IndexedPart entry)
    {
        var parts = Volatile.Read(ref _wholeFiles[entry.File]);
        if (parts is null)
        {
            Interlocked.Increment(ref _wholeFilesRead);
            var sink = new ProblemSink(files.Paths[entry.File]);
            var root = TextFiles.Decode(files.Content(entry.File), sink) is { } text ? YamlInput.ParseRootMapping(text, sink) : null;
            parts = (root is null ? [] : CatalogLoader.ReadFile(root, sink)).ToDictionary(p => p.Id, StringComparer.Ordinal);
            Volatile.Write(ref _wholeFiles[entry.File], parts);
        }

        // The file's bytes are those the index was made from (the key says so), and they loaded cleanly then.
        return parts.GetValueOrDefault(entry.Id)
            ?? throw new InvalidDataException($"{files.Paths[entry.File]}: '{entry.Id}' is in the catalog index but not in the file");
    }
}
