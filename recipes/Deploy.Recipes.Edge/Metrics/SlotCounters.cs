using System.Diagnostics;

namespace Deploy.Recipes.Edge.Metrics;

/// <summary>
/// Live counters of one slot process. Updated on every proxied request, so only Interlocked operations: no locks,
/// no allocation. Read as a snapshot that may be a few requests apart between fields, which metrics tolerate.
/// </summary>
internal sealed class SlotCounters
{
    /// <summary>Upper bounds of the latency buckets in ms; a last bucket catches everything slower (+inf, sent as -1).</summary>
    private static readonly double[] BoundsMs = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

    private static readonly IReadOnlyList<double> WireBoundsMs = [.. BoundsMs, -1];

    private readonly long[] _latencyCounts = new long[BoundsMs.Length + 1];
    private long _requests;
    private long _errors;
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    public void RequestStarted() => Interlocked.Increment(ref _inFlight);

    public void RequestEnded(int statusCode, long startedTimestamp)
    {
        var elapsedMs = Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds;
        var bucket = 0;
        while (bucket < BoundsMs.Length && elapsedMs > BoundsMs[bucket])
            bucket++;
        Interlocked.Increment(ref _latencyCounts[bucket]);
        Interlocked.Increment(ref _requests);
        if (statusCode >= 500)
            Interlocked.Increment(ref _errors);
        Interlocked.Decrement(ref _inFlight);
    }

    public Contract.SlotMetrics Snapshot()
    {
        var counts = new long[_latencyCounts.Length];
        for (var i = 0; i < counts.Length; i++)
            counts[i] = Interlocked.Read(ref _latencyCounts[i]);
        return new Contract.SlotMetrics(Interlocked.Read(ref _requests), Interlocked.Read(ref _errors), InFlight, WireBoundsMs, counts);
    }
}
