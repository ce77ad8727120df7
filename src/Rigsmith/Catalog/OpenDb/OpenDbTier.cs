using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace Rigsmith.Catalog.OpenDb;

/// <summary>How a broad-tier part is listed without reading it: id, category, names, and the curated part it duplicates.</summary>
/// <param name="Twin">The curated part that is the same product (matched by the importer); null when none.</param>
public sealed record BroadEntry(string Id, PartCategory Category, string Name, string Vendor, string Reference, IReadOnlyList<string> Aliases, string? Twin);

/// <summary>
/// The compiled broad tier (<c>catalog/opendb/parts.rsdb</c>): the OpenDB parts in rigsmith's form, made by
/// <c>rigsmith catalog import-opendb</c> and committed. A command never reads more of it than it needs: the header names
/// each block's first id, so finding one part reads the header and one compressed block of 64 parts; listing and search
/// read the directory (ids, names, aliases) without decoding any part; only <see cref="ReadAll"/> decodes every block.
/// </summary>
/// <remarks>
/// Layout (little-endian): "RSODB" 1, header length, header (commit, content hash, part count, block table, directory
/// offset and length, corrections), the directory (Brotli), then the blocks (Brotli, each part as
/// <see cref="PartCodec"/> bytes). The content hash covers the uncompressed directory and blocks, so a re-import that
/// gives the same parts gives the same hash whatever the compressor's version does to the bytes.
/// </remarks>
public sealed class OpenDbTier
{
    public const string FileName = "parts.rsdb";
    public const string Folder = "opendb";
    private const int FormatVersion = 1;
    private const int BlockSize = 64;
    private static readonly byte[] Magic = "RSODB"u8.ToArray();

    private readonly string _path;
    private readonly string[] _blockFirstIds;
    private readonly long[] _blockOffsets;
    private readonly int[] _blockLengths;
    private readonly long _directoryOffset;
    private readonly int _directoryLength;
    private readonly Dictionary<string, Part>?[] _blocks;
    private IReadOnlyList<BroadEntry>? _directory;

    private OpenDbTier(string path, string commit, string contentHash, int count, string[] firstIds, long[] offsets, int[] lengths,
        long directoryOffset, int directoryLength, IReadOnlyList<OpenDbCorrection> corrections, IReadOnlyList<(PartCategory, string, int)> skipped)
    {
        _path = path;
        Commit = commit;
        ContentHash = contentHash;
        Count = count;
        _blockFirstIds = firstIds;
        _blockOffsets = offsets;
        _blockLengths = lengths;
        _directoryOffset = directoryOffset;
        _directoryLength = directoryLength;
        _blocks = new Dictionary<string, Part>?[firstIds.Length];
        Corrections = corrections;
        Skipped = skipped;
    }

    public string Path => _path;

    /// <summary>The OpenDB commit the tier was made from.</summary>
    public string Commit { get; }

    /// <summary>A hash of the tier's uncompressed content: two imports of the same parts have the same one.</summary>
    public string ContentHash { get; }

    public int Count { get; }

    /// <summary>OpenDB values a platform fact overrode at import (catalog lint lists them).</summary>
    public IReadOnlyList<OpenDbCorrection> Corrections { get; }

    /// <summary>Records the importer left out, counted by category and reason.</summary>
    public IReadOnlyList<(PartCategory Category, string Reason, int Count)> Skipped { get; }

    /// <summary>The tier in <paramref name="catalogDirectory"/>'s <c>opendb/</c> folder, or null when there is none.</summary>
    public static OpenDbTier? OpenIn(string catalogDirectory)
    {
        var path = System.IO.Path.Combine(catalogDirectory, Folder, FileName);
        return File.Exists(path) ? Open(path) : null;
    }

    /// <summary>Reads the header only; <see cref="InvalidDataException"/> when the file is not a tier of this format.</summary>
    public static OpenDbTier Open(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[Magic.Length + 6];
        file.ReadExactly(start);
        if (!start[..Magic.Length].SequenceEqual(Magic) || BinaryPrimitives.ReadUInt16LittleEndian(start[Magic.Length..]) != FormatVersion)
            throw new InvalidDataException($"{path}: not a rigsmith OpenDB tier of format {FormatVersion}; run `rigsmith catalog import-opendb` again");
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(start[(Magic.Length + 2)..]);
        var header = new byte[headerLength];
        file.ReadExactly(header);
        using var r = new BinaryReader(new MemoryStream(header), Encoding.UTF8);
        var commit = r.ReadString();
        var hash = r.ReadString();
        var count = r.ReadInt32();
        var blocks = r.ReadInt32();
        var firstIds = new string[blocks];
        var offsets = new long[blocks];
        var lengths = new int[blocks];
        for (var i = 0; i < blocks; i++)
        {
            firstIds[i] = r.ReadString();
            offsets[i] = r.ReadInt64();
            lengths[i] = r.ReadInt32();
        }

        var directoryOffset = r.ReadInt64();
        var directoryLength = r.ReadInt32();
        var corrections = new OpenDbCorrection[r.ReadInt32()];
        for (var i = 0; i < corrections.Length; i++)
            corrections[i] = new OpenDbCorrection(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString());
        var skipped = new (PartCategory, string, int)[r.ReadInt32()];
        for (var i = 0; i < skipped.Length; i++)
            skipped[i] = ((PartCategory)r.ReadByte(), r.ReadString(), r.ReadInt32());
        return new OpenDbTier(path, commit, hash, count, firstIds, offsets, lengths, directoryOffset, directoryLength, corrections, skipped);
    }

    /// <summary>Every part's listing entry, in id order (reads the directory once).</summary>
    public IReadOnlyList<BroadEntry> Directory
    {
        get
        {
            if (_directory is { } known)
                return known;
            var bytes = Decompress(ReadAt(_directoryOffset, _directoryLength));
            using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            var entries = new BroadEntry[r.ReadInt32()];
            for (var i = 0; i < entries.Length; i++)
            {
                var id = r.ReadString();
                var category = (PartCategory)r.ReadByte();
                var name = r.ReadString();
                var vendor = r.ReadString();
                var reference = r.ReadString();
                var aliases = new string[r.ReadInt32()];
                for (var k = 0; k < aliases.Length; k++)
                    aliases[k] = r.ReadString();
                var twin = r.ReadString();
                entries[i] = new BroadEntry(id, category, name, vendor, reference, aliases, twin.Length == 0 ? null : twin);
            }

            return _directory = entries;
        }
    }


    /// <summary>One part by id: the block that would hold it, decoded once and kept.</summary>
    public Part? Find(string id)
    {
        var lo = 0;
        var hi = _blockFirstIds.Length - 1;
        var block = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(_blockFirstIds[mid], id) <= 0)
            {
                block = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return block < 0 ? null : Block(block).GetValueOrDefault(id);
    }

    /// <summary>Every part, in id order (decodes every block).</summary>
    public IEnumerable<Part> ReadAll()
    {
        for (var i = 0; i < _blockFirstIds.Length; i++)
        {
            foreach (var part in Block(i).Values)
                yield return part;
        }
    }

    private Dictionary<string, Part> Block(int index)
    {
        if (Volatile.Read(ref _blocks[index]) is { } known)
            return known;
        var bytes = Decompress(ReadAt(_blockOffsets[index], _blockLengths[index]));
        var parts = new Dictionary<string, Part>(BlockSize, StringComparer.Ordinal);
        var at = 0;
        var definedIn = $"{System.IO.Path.Combine(Folder, FileName)} (BuildCores OpenDB {Commit[..7]})";
        while (at < bytes.Length)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at));
            Part part;
            try
            {
                part = PartCodec.Decode(bytes.AsSpan(at + 4, length), definedIn);
            }
            catch (InvalidDataException e)
            {
                // The parts are in this build's binary form; a build that changed the form needs the tier made again
                // (the reproduction test fails first, in CI).
                throw new InvalidDataException($"{_path}: {e.Message}; run 'rigsmith catalog import-opendb' again with this build", e);
            }

            parts[part.Id] = part;
            at += 4 + length;
        }

        Interlocked.CompareExchange(ref _blocks[index], parts, null);
        return _blocks[index]!;
    }

    private byte[] ReadAt(long offset, int length)
    {
        var buffer = new byte[length];
        using var handle = File.OpenHandle(_path);
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(handle, buffer.AsSpan(read), offset + read);
            if (n == 0)
                throw new InvalidDataException($"{_path}: truncated");
            read += n;
        }

        return buffer;
    }

    private static byte[] Decompress(byte[] compressed)
    {
        using var input = new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Compress(byte[] raw)
    {
        // Quality 5 with a 1 MiB window: 3.06 MB for the tier against 2.80 MB at quality 11, in 3 s instead of 27 (each
        // block is compressed on its own, and higher qualities allocate their large match tables afresh for each).
        var output = System.Buffers.ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(raw.Length));
        try
        {
            if (!BrotliEncoder.TryCompress(raw, output, out var written, quality: 5, window: 20))
                throw new InvalidOperationException("Brotli could not compress a block");
            return output[..written];
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(output);
        }
    }

    /// <summary>Writes the tier for <paramref name="import"/>; <paramref name="twins"/> maps OpenDB ids to the curated parts they duplicate.</summary>
    /// <returns>The content hash.</returns>
    public static string Write(string path, OpenDbImport import, IReadOnlyDictionary<string, string> twins, string commit)
    {
        var parts = import.Parts.OrderBy(p => p.Part.Id, StringComparer.Ordinal).ToList();
        var hash = new XxHash128();

        var directory = new MemoryStream();
        using (var w = new BinaryWriter(directory, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(parts.Count);
            foreach (var p in parts)
            {
                w.Write(p.Part.Id);
                w.Write((byte)p.Part.Category);
                w.Write(p.Part.Name);
                w.Write(p.Part.Vendor);
                w.Write(p.Reference);
                w.Write(p.Aliases.Count);
                foreach (var a in p.Aliases)
                    w.Write(a);
                w.Write(twins.GetValueOrDefault(p.Part.Id) ?? "");
            }
        }

        var directoryBytes = directory.ToArray();
        hash.Append(directoryBytes);
        var blocks = new List<(string FirstId, byte[] Compressed)>();
        Span<byte> length = stackalloc byte[4];
        for (var i = 0; i < parts.Count; i += BlockSize)
        {
            var raw = new MemoryStream();
            foreach (var p in parts.Skip(i).Take(BlockSize))
            {
                var encoded = PartCodec.Encode(p.Part);
                BinaryPrimitives.WriteInt32LittleEndian(length, encoded.Length);
                raw.Write(length);
                raw.Write(encoded);
            }

            var rawBytes = raw.ToArray();
            hash.Append(rawBytes);
            blocks.Add((parts[i].Part.Id, Compress(rawBytes)));
        }

        var compressedDirectory = Compress(directoryBytes);
        var contentHash = Convert.ToHexStringLower(hash.GetCurrentHash());

        // The header's size decides the offsets it holds; its length does not change with the offsets' values.
        byte[] Header(long firstBlockOffset)
        {
            var header = new MemoryStream();
            using var w = new BinaryWriter(header, Encoding.UTF8, leaveOpen: true);
            w.Write(commit);
            w.Write(contentHash);
            w.Write(parts.Count);
            w.Write(blocks.Count);
            var offset = firstBlockOffset;
            foreach (var (firstId, compressed) in blocks)
            {
                w.Write(firstId);
                w.Write(offset);
                w.Write(compressed.Length);
                offset += compressed.Length;
            }

            w.Write(offset);
            w.Write(compressedDirectory.Length);
            w.Write(import.Corrections.Count);
            foreach (var c in import.Corrections)
            {
                w.Write(c.PartId);
                w.Write(c.Field);
                w.Write(c.Given);
                w.Write(c.Used);
                w.Write(c.Rule);
            }

            var skipped = import.Skipped.GroupBy(s => (s.Category, s.Reason)).OrderBy(g => g.Key.Category).ThenBy(g => g.Key.Reason, StringComparer.Ordinal).ToList();
            w.Write(skipped.Count);
            foreach (var g in skipped)
            {
                w.Write((byte)g.Key.Category);
                w.Write(g.Key.Reason);
                w.Write(g.Count());
            }

            w.Flush();
            return header.ToArray();
        }

        var prefix = Magic.Length + 6;
        var headerBytes = Header(0);
        headerBytes = Header(prefix + headerBytes.Length);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        {
            file.Write(Magic);
            Span<byte> versionAndLength = stackalloc byte[6];
            BinaryPrimitives.WriteUInt16LittleEndian(versionAndLength, FormatVersion);
            BinaryPrimitives.WriteInt32LittleEndian(versionAndLength[2..], headerBytes.Length);
            file.Write(versionAndLength);
            file.Write(headerBytes);
            foreach (var (_, compressed) in blocks)
                file.Write(compressed);
            file.Write(compressedDirectory);
        }

        File.Move(temporary, path, overwrite: true);
        return contentHash;
    }
}
