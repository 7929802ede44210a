using Deploy.Recipes.Health.Analysis;
using Deploy.Recipes.Health.Timeline;

namespace Deploy.Recipes.Audit.Report;

/// <summary>
/// Turns a release's timeline samples (cumulative counters) into the report's charts: for each host and slot, between
/// each sample and the one before it, requests per second, the error rate (5xx over responses, in %) and the p99
/// latency of the responses in that interval (from the histogram's differences, as <see cref="HistogramQuantile"/>
/// reads it), plus the slot's traffic weight at each sample. A counter that went down means the slot's process was
/// restarted: the interval then counts from zero. Time runs in seconds from the first sample; a pause of more than
/// <see cref="LongestGap"/> between samples (a canary waiting for Promote, say) is drawn as <see cref="GapDrawnAs"/>.
/// Where both slots of a host served customers, an <c>all</c> line adds them up: what customers saw, whichever slot
/// answered (a failed release's errors rise on its slot, then the <c>all</c> line falls back when traffic returns).
/// </summary>
public static class TimelineSeries
{
    /// <summary>Gaps between samples longer than this are shortened.</summary>
    public static readonly TimeSpan LongestGap = TimeSpan.FromSeconds(30);

    /// <summary>What a shortened gap is drawn as.</summary>
    public static readonly TimeSpan GapDrawnAs = TimeSpan.FromSeconds(5);

    /// <summary>The four charts of <paramref name="samples"/>: requests, error-rate, p99, weights.</summary>
    public static IReadOnlyList<ReportChart> Charts(IReadOnlyList<TimelineSample> samples)
    {
        var clock = Clock(samples);
        var severalHosts = samples.Select(s => s.Host).Distinct().Count() > 1;
        var requests = new SortedDictionary<string, List<ReportPoint>>(StringComparer.Ordinal);
        var errors = new SortedDictionary<string, List<ReportPoint>>(StringComparer.Ordinal);
        var p99 = new SortedDictionary<string, List<ReportPoint>>(StringComparer.Ordinal);
        var weights = new SortedDictionary<string, List<ReportPoint>>(StringComparer.Ordinal);
        var versions = new Dictionary<string, List<string>>(StringComparer.Ordinal);

        foreach (var host in samples.GroupBy(s => s.Host))
        {
            TimelineSample? before = null;
            foreach (var sample in host.OrderBy(s => s.TimeUtc))
            {
                var x = clock[sample.TimeUtc];
                var all = severalHosts ? $"{host.Key} {AllSlots}" : AllSlots;
                long allRequests = 0, allErrors = 0;
                long[]? allLatency = null;
                IReadOnlyList<double>? bounds = null;
                var serving = 0;
                foreach (var slot in sample.Slots)
                {
                    var name = severalHosts ? $"{host.Key} {slot.Slot}" : slot.Slot;
                    if (slot.Version != null)
                    {
                        var seen = versions.TryGetValue(name, out var list) ? list : versions[name] = [];
                        if (seen.Count == 0 || seen[^1] != slot.Version)
                            seen.Add(slot.Version);
                    }

                    Add(weights, name, x, slot.Weight);
                    var previous = before?.Slots.FirstOrDefault(s => s.Slot == slot.Slot);
                    // A slot stopped since the sample before still holds its counters (the edge resets them only when it
                    // starts the slot again): its last requests count, or a release switched back within one interval
                    // would show no errors at all. That holds when the slot was emptied before either sample was taken
                    // (a release started, failed and stopped within one interval): its counters grew all the same.
                    if (previous == null || (slot.Release == null && previous.Release == null && slot.Requests == previous.Requests))
                        continue;
                    var seconds = (sample.TimeUtc - before!.TimeUtc).TotalSeconds;
                    if (seconds <= 0)
                        continue;
                    var restarted = (slot.Release != null && previous.Release != slot.Release) || slot.Requests < previous.Requests || slot.Errors < previous.Errors;
                    var requestCount = slot.Requests - (restarted ? 0 : previous.Requests);
                    var errorCount = slot.Errors - (restarted ? 0 : previous.Errors);
                    Add(requests, name, x, requestCount / seconds);
                    if (requestCount > 0)
                        Add(errors, name, x, 100.0 * errorCount / requestCount);
                    var latency = Interval(slot, restarted ? null : previous);
                    if (latency != null && HistogramQuantile.Of(slot.LatencyBucketsMs, latency, 0.99) is { } quantile)
                        Add(p99, name, x, quantile.TotalMilliseconds);

                    serving++;
                    allRequests += requestCount;
                    allErrors += errorCount;
                    if (latency != null && (bounds == null || bounds.SequenceEqual(slot.LatencyBucketsMs)))
                    {
                        bounds = slot.LatencyBucketsMs;
                        allLatency ??= new long[latency.Length];
                        for (var i = 0; i < latency.Length; i++)
                            allLatency[i] += latency[i];
                    }
                }

                if (serving > 0 && before != null && (sample.TimeUtc - before.TimeUtc).TotalSeconds is > 0 and var span)
                {
                    Add(requests, all, x, allRequests / span);
                    if (allRequests > 0)
                        Add(errors, all, x, 100.0 * allErrors / allRequests);
                    if (bounds != null && HistogramQuantile.Of(bounds, allLatency!, 0.99) is { } quantile)
                        Add(p99, all, x, quantile.TotalMilliseconds);
                }

                before = sample;
            }
        }

        // An "all" line that repeats the host's only serving slot says nothing more.
        var hostsServedBySeveral = requests.Keys.Where(k => !IsAll(k)).GroupBy(HostOf).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        ReportChart Chart(string id, string title, string unit, SortedDictionary<string, List<ReportPoint>> series) =>
            new(id, title, unit, series
                .Where(s => !IsAll(s.Key) || hostsServedBySeveral.Contains(HostOf(s.Key)))
                .OrderBy(s => IsAll(s.Key))
                .Select(s => new ReportSeries(s.Key, versions.GetValueOrDefault(s.Key) ?? [], s.Value)).ToList());

        return
        [
            Chart("requests", "Customer requests per second", "req/s", requests),
            Chart("error-rate", "Error rate (5xx)", "%", errors),
            Chart("p99", "p99 latency", "ms", p99),
            Chart("weights", "Traffic weight", "%", weights),
        ];
    }

    /// <summary>The name of the line that adds up a host's slots.</summary>
    public const string AllSlots = "all";

    private static bool IsAll(string name) => name == AllSlots || name.EndsWith(" " + AllSlots, StringComparison.Ordinal);

    private static string HostOf(string name) => name.Contains(' ') ? name[..name.LastIndexOf(' ')] : "";

    /// <summary>Seconds into the release of each sample time, long pauses shortened.</summary>
    public static IReadOnlyDictionary<DateTimeOffset, double> Clock(IReadOnlyList<TimelineSample> samples)
    {
        var clock = new Dictionary<DateTimeOffset, double>();
        DateTimeOffset? last = null;
        double x = 0;
        foreach (var time in samples.Select(s => s.TimeUtc).Distinct().Order())
        {
            if (last is { } before)
            {
                var gap = time - before;
                x += (gap > LongestGap ? GapDrawnAs : gap).TotalSeconds;
            }

            clock[time] = Math.Round(x, 3);
            last = time;
        }

        return clock;
    }

    // The latency histogram of the interval: this sample's counts less the previous one's.
    private static long[]? Interval(TimelineSlot slot, TimelineSlot? previous)
    {
        var counts = slot.LatencyCounts;
        if (counts.Count == 0 || slot.LatencyBucketsMs.Count != counts.Count)
            return null;
        var interval = new long[counts.Count];
        for (var i = 0; i < counts.Count; i++)
            interval[i] = counts[i] - (previous != null && previous.LatencyCounts.Count == counts.Count ? previous.LatencyCounts[i] : 0);
        return interval.Any(c => c < 0) ? null : interval;
    }

    private static void Add(SortedDictionary<string, List<ReportPoint>> series, string name, double x, double value)
    {
        if (!series.TryGetValue(name, out var points))
            series[name] = points = [];
        points.Add(new ReportPoint(x, Math.Round(value, 3)));
    }
}
