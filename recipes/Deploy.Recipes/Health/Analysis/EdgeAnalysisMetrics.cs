using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Health.Analysis;

/// <summary>
/// The <c>edge</c> analysis provider: reads each host's edge directly (its customer counters only, so the recipe's
/// own probes and pinned requests never count). A window is the difference between the counters at its start and
/// now, summed over hosts: stable slots make the stable side, canary slots the canary side. Percentiles come from the
/// difference of the latency histograms, interpolated as Prometheus's <c>histogram_quantile</c> does
/// (<see cref="HistogramQuantile"/>); the edge's customer histogram holds the answers that were not 5xx, so these are
/// the percentiles of the successful and 4xx answers. A slot whose counters went down restarted in the window: its
/// counters are then taken as they are (all since the restart).
/// </summary>
public sealed class EdgeAnalysisMetrics : IAnalysisMetrics
{
    /// <inheritdoc />
    public string Name => "edge";

    /// <inheritdoc />
    /// <remarks>The edge's counters are live; four reads a second per host cost the edge nothing worth measuring.</remarks>
    public TimeSpan? SampleEvery => TimeSpan.FromMilliseconds(250);

    /// <inheritdoc />
    public async Task<IAnalysisWindow> BeginAsync(IReadOnlyList<AnalysisHost> hosts, CancellationToken cancel)
    {
        var start = await ReadAsync(hosts, cancel);
        return new Window(hosts, start, DateTimeOffset.UtcNow);
    }

    /// <inheritdoc />
    public async Task<SideMeasurement> LookBackAsync(IReadOnlyList<AnalysisHost> hosts, TimeSpan length, CancellationToken cancel)
    {
        var now = await ReadAsync(hosts, cancel);
        return Sum(hosts.Select((host, i) => Delta(null, now[i].Stable)));
    }

    private static async Task<HostCounters[]> ReadAsync(IReadOnlyList<AnalysisHost> hosts, CancellationToken cancel) =>
        await Task.WhenAll(hosts.Select(host => ReadAsync(host, cancel)));

    private static async Task<HostCounters> ReadAsync(AnalysisHost host, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        EdgeMetrics metrics;
        try
        {
            metrics = await host.Edge.MetricsAsync().WaitAsync(cancel);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            throw new AnalysisMetricsUnavailableException($"the edge of host {host.Name} did not give its metrics: {e.Message}", e);
        }

        return new HostCounters(Slot(host, metrics, host.StableSlot), host.CanarySlot is { } canary ? Slot(host, metrics, canary) : null);
    }

    private static SlotCounters Slot(AnalysisHost host, EdgeMetrics metrics, string slot)
    {
        if (!metrics.Slots.TryGetValue(slot, out var found))
            throw new AnalysisMetricsUnavailableException($"the edge of host {host.Name} reports no metrics for slot {slot}");
        if (found.Customers is not { } customers)
            throw new AnalysisMetricsUnavailableException($"the edge of host {host.Name} is too old to count customer requests apart (restart it with this recipe)");
        return new SlotCounters(customers, found.LatencyBucketsMs);
    }

    // The counts of a slot between two readings (from = null: since its process started).
    internal static SideCounts Delta(SlotCounters? from, SlotCounters now)
    {
        var c = now.Customers;
        var start = from?.Customers;
        if (start != null && Restarted(start, c))
            start = null;
        var latency = new long[c.LatencyCounts.Count];
        for (var i = 0; i < latency.Length; i++)
            latency[i] = c.LatencyCounts[i] - (start != null && i < start.LatencyCounts.Count ? start.LatencyCounts[i] : 0);
        return new SideCounts(c.Requests - (start?.Requests ?? 0), c.Errors - (start?.Errors ?? 0), now.BoundsMs, latency, TimeSpan.FromMilliseconds(c.OldestInFlightMs));
    }

    private static bool Restarted(CustomerMetrics start, CustomerMetrics now) =>
        now.Requests < start.Requests || now.Errors < start.Errors ||
        start.LatencyCounts.Where((count, i) => i >= now.LatencyCounts.Count || now.LatencyCounts[i] < count).Any();

    internal static SideMeasurement Sum(IEnumerable<SideCounts> sides)
    {
        var list = sides.ToList();
        if (list.Count == 0)
            return SideMeasurement.None;
        var bounds = list[0].BoundsMs;
        var latency = new long[bounds.Count];
        foreach (var side in list)
        {
            if (!side.BoundsMs.SequenceEqual(bounds))
                throw new AnalysisMetricsUnavailableException("the edges use different latency buckets (edges of different recipe versions); restart them with one version");
            for (var i = 0; i < latency.Length && i < side.Latency.Count; i++)
                latency[i] += side.Latency[i];
        }

        return new SideMeasurement(
            list.Sum(s => s.Requests), list.Sum(s => s.Errors),
            HistogramQuantile.Of(bounds, latency, 0.95), HistogramQuantile.Of(bounds, latency, 0.99),
            list.Max(s => s.OldestInFlight));
    }

    internal sealed record SlotCounters(CustomerMetrics Customers, IReadOnlyList<double> BoundsMs);

    private sealed record HostCounters(SlotCounters Stable, SlotCounters? Canary);

    internal sealed record SideCounts(long Requests, long Errors, IReadOnlyList<double> BoundsMs, IReadOnlyList<long> Latency, TimeSpan OldestInFlight);

    private sealed class Window(IReadOnlyList<AnalysisHost> hosts, HostCounters[] start, DateTimeOffset startedUtc) : IAnalysisWindow
    {
        public async Task<WindowMeasurement> MeasureAsync(CancellationToken cancel)
        {
            var now = await ReadAsync(hosts, cancel);
            var stable = Sum(now.Select((host, i) => Delta(start[i].Stable, host.Stable)));
            var canary = Sum(now.Select((host, i) => (Start: start[i].Canary, Now: host.Canary))
                .Where(pair => pair.Now != null)
                .Select(pair => Delta(pair.Start, pair.Now!)));
            return new WindowMeasurement(stable, canary, DateTimeOffset.UtcNow - startedUtc, "edge");
        }
    }
}
