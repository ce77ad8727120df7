namespace Rigsmith.Input;

/// <summary>"Did you mean …": the closest known names to a misspelt one.</summary>
public static class Suggestions
{
    /// <summary>The candidate nearest to <paramref name="input"/> by edit distance, if it is near enough to be a typo.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var d = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (candidate.Contains(input, StringComparison.OrdinalIgnoreCase) || input.Contains(candidate, StringComparison.OrdinalIgnoreCase))
                d = Math.Min(d, Math.Abs(candidate.Length - input.Length) / 2 + 1);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }

        // A third of the name may differ: 'rtx-3090-blowr' finds 'rtx-3090-blower', 'gpu' does not find 'psu-2000'.
        return best is not null && bestDistance <= Math.Max(2, input.Length / 3) ? best : null;
    }

    public static string? DidYouMean(string input, IEnumerable<string> candidates)
    {
        var closest = Closest(input, candidates);
        return closest is null ? null : $"did you mean '{closest}'?";
    }

    /// <summary>Levenshtein distance.</summary>
    internal static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
