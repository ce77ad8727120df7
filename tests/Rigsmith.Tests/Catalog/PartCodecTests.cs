using Rigsmith.Catalog;
using Rigsmith.Tests.Support;
using Rigsmith.Units;

namespace Rigsmith.Tests.Catalog;

/// <summary>
/// The binary form of a part in the catalog index: every part reads back as the same part, values the shipped catalog
/// never sets (a user's own price, a second socket, absent optional values) included, and damaged bytes are refused as
/// data errors, never read as another part or thrown as anything the index reader does not catch.
/// </summary>
public sealed class PartCodecTests
{
    private static Part RoundTrip(Part part) => PartCodec.Decode(PartCodec.Encode(part), part.DefinedIn);

    [Fact]
    public void Every_shipped_part_reads_back_as_itself()
    {
        foreach (var part in Repo.Catalog.All)
            Assert.Equivalent(part, RoundTrip(part), strict: true);
    }

    [Fact]
    public void Values_the_shipped_catalog_does_not_use_read_back_too()
    {
        var board = Repo.Catalog.OfType<Motherboard>().First();
        var twoSockets = board with
        {
            Sockets = 2,
            Notes = null,
            Slots = [.. board.Slots.Select(s => s with { Socket = 2, WidthByCpuLanes = new Dictionary<int, int> { [-3] = 0, [int.MaxValue] = int.MinValue } })],
            Prices = [new PriceObservation(Money.Of(-1234567.891m, "EUR"), new DateOnly(1999, 12, 31), PriceCondition.Used, "my invoice", "née ✓") { Own = true }],
        };
        Assert.Equivalent(twoSockets, RoundTrip(twoSockets), strict: true);

        var gpu = Repo.Catalog.OfType<Gpu>().First(g => g.TensorBf16 is not null);
        var bare = gpu with { TensorBf16 = null, NvlinkBandwidth = null, Notes = "a note", Provenance = ProvenanceMap.Empty, Prices = [] };
        Assert.Equivalent(bare, RoundTrip(bare), strict: true);

        var psu = Repo.Catalog.OfType<Psu>().First();
        var noAtx = psu with { AtxVersion = null, WattageLowLine = Watts.From(1800) };
        Assert.Equivalent(noAtx, RoundTrip(noAtx), strict: true);
    }

    [Fact]
    public void The_file_where_the_part_was_defined_comes_from_the_reader_not_the_bytes()
    {
        var part = Repo.Catalog.Find("evga-x299-dark")!;
        Assert.Equal("/elsewhere/motherboards.yaml:7", PartCodec.Decode(PartCodec.Encode(part), "/elsewhere/motherboards.yaml:7").DefinedIn);
    }

    [Fact]
    public void An_enum_value_no_member_declares_is_a_data_error()
    {
        var gpu = Repo.Catalog.OfType<Gpu>().First() with { Cooler = (Cooler)200 };
        var thrown = Assert.Throws<InvalidDataException>(() => PartCodec.Decode(PartCodec.Encode(gpu), gpu.DefinedIn));
        Assert.Contains("Cooler", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_bytes_are_data_errors()
    {
        var random = new Random(11);
        foreach (var part in Repo.Catalog.All.Where((_, i) => i % 7 == 0))
        {
            var bytes = PartCodec.Encode(part);
            // Every shorter length, one byte more, and a few hundred single-byte changes.
            var damaged = Enumerable.Range(0, bytes.Length).Select(n => bytes[..n])
                .Append([.. bytes, 0])
                .Concat(Enumerable.Range(0, 300).Select(_ =>
                {
                    var copy = (byte[])bytes.Clone();
                    copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
                    return copy;
                }));
            foreach (var data in damaged)
            {
                // A change inside a string or a number can still be a well-formed part (then simply another part); anything
                // else must be one of the two errors the index reader catches, to read the entry from its text instead.
                var thrown = Record.Exception(() => PartCodec.Decode(data, part.DefinedIn));
                Assert.True(thrown is null or InvalidDataException or ArgumentException, $"{part.Id}: {thrown?.GetType().Name}: {thrown?.Message}");
            }
        }
    }
}
