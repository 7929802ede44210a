using System.Globalization;
using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Health;

/// <summary>The limits a release is judged against after the switch.</summary>
/// <param name="MaxErrorRate">Largest share of failed customer requests (0.01 = 1%).</param>
/// <param name="MaxLatency">A customer request slower than this, or in flight longer than this, counts as failed.</param>
public sealed record VerificationLimits(double MaxErrorRate, TimeSpan MaxLatency);

/// <summary>What the gate has seen of the new slot so far.</summary>
/// <param name="Baseline">The slot's customer counters when verification began.</param>
/// <param name="Now">The slot's customer counters now.</param>
/// <param name="LatencyBucketsMs">The histogram's upper bounds in ms (the last, -1, is +inf).</param>
/// <param name="ReadinessFailures">Readiness probes that did not answer 2xx within the latency limit.</param>
/// <param name="LastReadinessFailure">What the last failed probe got, for the verdict.</param>
/// <param name="SinceWindowEnded">Null while the window runs; afterwards, how long ago it ended.</param>
/// <param name="OperatorRequests">The gate's own probes in the window: reported, never judged.</param>
/// <param name="ReadyPath">The ready path the probes GET, for the verdict.</param>
public sealed record VerificationSample(
    CustomerMetrics Baseline,
    CustomerMetrics Now,
    IReadOnlyList<double> LatencyBucketsMs,
    int ReadinessFailures,
    string? LastReadinessFailure,
    TimeSpan? SinceWindowEnded,
    long OperatorRequests = 0,
    string ReadyPath = ReleaseHealth.DefaultReadyPath);

/// <summary>Where verification stands.</summary>
public enum VerificationState
{
    /// <summary>Nothing wrong yet; keep watching.</summary>
    Watching,

    /// <summary>The window is over and every customer request in it was judged: the release is good.</summary>
    Passed,

    /// <summary>A limit was broken: switch back.</summary>
    Failed,
}

/// <summary>The judgement of one sample.</summary>
/// <param name="State">See <see cref="VerificationState"/>.</param>
/// <param name="CustomerRequests">Customer requests judged: completed in the window plus those in flight past the latency limit.</param>
/// <param name="Errors">Of those, answered 5xx (the edge's own 502/504 included).</param>
/// <param name="Slow">Of those, answered (not 5xx) slower than the latency limit.</param>
/// <param name="Hung">Of those, still in flight longer than the latency limit.</param>
/// <param name="ReadinessFailures">Readiness probes that failed.</param>
/// <param name="Description">One line: what was judged and, on failure, which limit broke.</param>
public sealed record VerificationVerdict(VerificationState State, long CustomerRequests, long Errors, long Slow, long Hung, int ReadinessFailures, string Description)
{
    /// <summary>Customer requests that count as failed.</summary>
    public long Failed => Errors + Slow + Hung;
}

/// <summary>
/// The precise definition of "healthy" after a switch, as a pure function of the counters the edge keeps for the new
/// slot. Customers' requests only: the gate's own probes are counted apart by the edge and never dilute the rate.
/// A customer request fails when it is answered 5xx, answered slower than <c>max-latency</c>, or still in flight
/// longer than <c>max-latency</c> (a hung release fails while its requests hang, not only when they time out).
/// The release fails as soon as the failed share exceeds <c>max-error-rate</c> or a readiness probe fails. It passes
/// only after the window ended and every customer request that started in the window has been judged: finished, or
/// in flight longer than the limit.
/// Latency is read from the edge's histogram: with a limit between two bucket bounds, the bucket that straddles the
/// limit counts as slow (the stricter reading); at a bound (such as the default 5 s) it is exact.
/// </summary>
public static class VerificationJudgement
{
    /// <summary>Judges <paramref name="sample"/> against <paramref name="limits"/>.</summary>
    public static VerificationVerdict Judge(VerificationSample sample, VerificationLimits limits)
    {
        var limitMs = limits.MaxLatency.TotalMilliseconds;
        var errors = sample.Now.Errors - sample.Baseline.Errors;
        long slow = 0, hung = 0;
        for (var i = 0; i < sample.LatencyBucketsMs.Count; i++)
        {
            if (!CanExceed(sample.LatencyBucketsMs[i], limitMs))
                continue;
            slow += At(sample.Now.LatencyCounts, i) - At(sample.Baseline.LatencyCounts, i);
            hung += At(sample.Now.InFlightAgeCounts, i);
        }

        if (hung == 0 && sample.Now.OldestInFlightMs > limitMs)
            hung = 1; // an edge without age buckets still reports the oldest
        var judged = sample.Now.Requests - sample.Baseline.Requests + hung;
        var failed = errors + slow + hung;
        var limit = Seconds(limits.MaxLatency);
        var counts = $"{failed} of {judged} customer requests failed ({errors} answered 5xx, {slow} answered slower than {limit}, {hung} in flight longer than {limit})";

        if (sample.ReadinessFailures > 0)
        {
            return new VerificationVerdict(VerificationState.Failed, judged, errors, slow, hung, sample.ReadinessFailures,
                $"the new release did not answer {sample.ReadyPath} with 2xx within {limit} ({sample.LastReadinessFailure ?? "no answer"}); {counts}");
        }

        if (failed > 0 && (double)failed / judged > limits.MaxErrorRate)
        {
            return new VerificationVerdict(VerificationState.Failed, judged, errors, slow, hung, 0,
                $"{counts}: {Percent((double)failed / judged)} > {Percent(limits.MaxErrorRate)} allowed");
        }

        var state = sample.SinceWindowEnded is { } since && AllWindowRequestsJudged(sample.Now, since, limits.MaxLatency)
            ? VerificationState.Passed
            : VerificationState.Watching;
        var rate = judged == 0 ? "no customer traffic, so readiness alone was judged" : $"{Percent((double)failed / judged)} <= {Percent(limits.MaxErrorRate)} allowed";
        return new VerificationVerdict(state, judged, errors, slow, hung, 0,
            $"judged {judged} customer requests: {failed} failed ({errors} answered 5xx, {slow} slower than {limit}, {hung} in flight longer than {limit}); {rate}; " +
            $"every readiness probe answered; {sample.OperatorRequests} operator probes not counted");
    }

    // A request still in flight that started before the window ended is judged once it finishes or outlives the limit.
    private static bool AllWindowRequestsJudged(CustomerMetrics now, TimeSpan sinceWindowEnded, TimeSpan maxLatency) =>
        now.InFlight == 0 || sinceWindowEnded >= maxLatency || now.OldestInFlightMs < sinceWindowEnded.TotalMilliseconds;

    // The bucket's upper bound is above the limit, so a request in it may be slower than the limit (-1 is +inf).
    private static bool CanExceed(double upperBoundMs, double limitMs) => upperBoundMs < 0 || upperBoundMs > limitMs;

    private static long At(IReadOnlyList<long> counts, int index) => index < counts.Count ? counts[index] : 0;

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
