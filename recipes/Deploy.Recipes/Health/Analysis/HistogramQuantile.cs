namespace Deploy.Recipes.Health.Analysis;

/// <summary>
/// A quantile of a latency histogram, computed the way Prometheus's <c>histogram_quantile</c> does, so the edge
/// provider and the Prometheus provider read the same number from the same counts: find the bucket the rank falls in,
/// then interpolate linearly between its lower bound (the previous bucket's upper bound, 0 for the first) and its upper
/// bound. A rank in the +inf bucket gives the largest finite bound (the histogram cannot say more).
/// </summary>
public static class HistogramQuantile
{
    /// <summary>
    /// The <paramref name="quantile"/> (0-1) of the requests counted in <paramref name="counts"/> (per bucket, not
    /// cumulative) under the upper bounds <paramref name="boundsMs"/> (ms, -1 = +inf); null when nothing was counted.
    /// </summary>
    public static TimeSpan? Of(IReadOnlyList<double> boundsMs, IReadOnlyList<long> counts, double quantile)
    {
        long total = 0;
        for (var i = 0; i < counts.Count; i++)
            total += counts[i];
        if (total == 0)
            return null;

        var rank = quantile * total;
        long below = 0;
        double lower = 0, largestFinite = 0;
        for (var i = 0; i < boundsMs.Count && i < counts.Count; i++)
        {
            var upper = boundsMs[i];
            if (upper < 0)
                return TimeSpan.FromMilliseconds(largestFinite);
            largestFinite = upper;
            if (counts[i] > 0 && below + counts[i] >= rank)
                return TimeSpan.FromMilliseconds(lower + (upper - lower) * (rank - below) / counts[i]);
            below += counts[i];
            lower = upper;
        }

        return TimeSpan.FromMilliseconds(largestFinite);
    }
}
