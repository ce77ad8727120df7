using Rigsmith.Planning.Pcie;

namespace Rigsmith.Tests.Planning;

/// <summary>The ring's GPU order: the best of every order, found without trying every order where the links are alike.</summary>
public class RingOrderTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void The_search_finds_the_order_that_trying_every_order_finds(int gpus)
    {
        var random = new Random(gpus * 7919);
        for (var rig = 0; rig < 40; rig++)
        {
            // Links drawn from a few speeds, so ties are common, staged through host memory or not.
            var hops = new (double Bandwidth, bool Staged)[gpus, gpus];
            for (var i = 0; i < gpus; i++)
            {
                for (var j = i + 1; j < gpus; j++)
                    hops[i, j] = hops[j, i] = (new[] { 8.0, 16.0, 25.0, 32.0, 50.0 }[random.Next(5)], random.Next(3) == 0);
            }

            var found = GpuInterconnect.BestRingOrder(gpus, (i, j) => hops[i, j], out _);

            Assert.Equal(EveryOrder(gpus, (i, j) => hops[i, j]), found);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Alike_links_settle_the_order_without_trying_every_order(bool staged)
    {
        // Eight GPUs on equal links (all PCIe peer to peer, or all through host memory): 5,040 orders to try in full.
        GpuInterconnect.BestRingOrder(8, (_, _) => (25.0, staged), out var visited);

        Assert.True(visited <= 8, $"{visited} partial rings looked at");
    }

    /// <summary>The reference: every order with the first GPU fixed, in order, keeping the first of equal rings.</summary>
    private static int[] EveryOrder(int gpus, Func<int, int, (double Bandwidth, bool Staged)> hop)
    {
        int[]? best = null;
        var bestScore = double.NegativeInfinity;
        foreach (var tail in Orders(Enumerable.Range(1, gpus - 1).ToList()))
        {
            int[] order = [0, .. tail];
            var ring = Enumerable.Range(0, gpus).Select(k => hop(order[k], order[(k + 1) % gpus])).ToList();
            var score = ring.Min(h => h.Bandwidth) * Interconnect.RingEfficiency * (ring.Any(h => h.Staged) ? Interconnect.HostMemoryFactor : 1);
            if (score > bestScore + 1e-12)
                (best, bestScore) = (order, score);
        }

        return best!;
    }

    private static IEnumerable<List<int>> Orders(List<int> items)
    {
        if (items.Count <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var others = items.Where((_, k) => k != i).ToList();
            foreach (var tail in Orders(others))
                yield return [items[i], .. tail];
        }
    }
}
