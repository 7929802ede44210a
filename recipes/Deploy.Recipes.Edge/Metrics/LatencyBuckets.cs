namespace Deploy.Recipes.Edge.Metrics;

/// <summary>
/// The latency histogram's bucket bounds, shared by every histogram the edge keeps. Dense between 1 s and 10 s, where
/// a release's latency limit (the recipe's <c>max-latency</c>) usually lies, so the recipe can judge "slower than the
/// limit" from the histogram.
/// </summary>
internal static class LatencyBuckets
{
    /// <summary>Upper bounds in ms; a last bucket catches everything slower (+inf, sent as -1).</summary>
    public static readonly double[] BoundsMs = [1, 2, 5, 10, 25, 50, 100, 250, 500, 750, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 7500, 10000, 15000, 20000, 30000, 60000];

    /// <summary>The bounds as sent: <see cref="BoundsMs"/> then -1 for +inf.</summary>
    public static readonly IReadOnlyList<double> WireBoundsMs = [.. BoundsMs, -1];

    /// <summary>The bucket a duration of <paramref name="elapsedMs"/> falls in.</summary>
    public static int IndexOf(double elapsedMs)
    {
        var bucket = 0;
        while (bucket < BoundsMs.Length && elapsedMs > BoundsMs[bucket])
            bucket++;
        return bucket;
    }
}
