using System.Globalization;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Health.Analysis;

/// <summary>
/// The precise definition of a canary verdict, as a pure function of one window's numbers (README: "Canary analysis:
/// the precise definition of a verdict"). Checked in this order, every broken limit named:
/// <list type="number">
/// <item>Errors: the canary's 5xx answers divided by the larger of its customer requests and <c>min-requests</c> exceed
/// <c>max-error-rate</c>. Above <c>min-requests</c> that is the plain 5xx share; below it, errors that would break the
/// limit even if the rest of the <c>min-requests</c> all succeeded fail the canary at once, so a release that answers
/// every request 5xx is stopped without waiting for traffic.</item>
/// <item>A hang: the canary's oldest customer request in flight is older than <c>max-latency</c>.</item>
/// <item>Absolute latency (canary with at least <c>min-requests</c>): its p95 above <c>max-p95-latency</c>, its p99
/// above <c>max-p99-latency</c>. Fewer requests make no percentile worth judging.</item>
/// <item>Latency against stable (both sides with at least <c>min-requests</c>): the canary's p95 or p99 is more than
/// <c>max-latency-ratio</c> times the stable release's AND more than <c>latency-tolerance</c> slower.</item>
/// </list>
/// No limit broken: inconclusive when either side has fewer than <c>min-requests</c> customer requests, else pass.
/// </summary>
public static class CanaryAnalysis
{
    /// <summary>Judges <paramref name="window"/> against <paramref name="limits"/>.</summary>
    public static AnalysisVerdict Judge(WindowMeasurement window, AnalysisLimits limits)
    {
        var canary = window.Canary;
        var stable = window.Stable;
        var broken = new List<string>();

        if (ErrorsBreak(canary, limits))
        {
            broken.Add(canary.Requests >= limits.MinRequests
                ? $"canary 5xx share {Percent(canary.ErrorRate)} > max-error-rate {Percent(limits.MaxErrorRate)}"
                : $"canary answered {canary.Errors} of {canary.Requests} customer requests 5xx, more than max-error-rate {Percent(limits.MaxErrorRate)} of min-requests {limits.MinRequests} even if all others succeed");
        }

        if (Hangs(canary, limits))
            broken.Add($"canary request in flight for {Time(canary.OldestInFlight)} > max-latency {Time(limits.MaxInFlightAge)} (hung)");

        if (canary.Requests >= limits.MinRequests)
        {
            if (canary.P95 > limits.MaxP95)
                broken.Add($"canary p95 {Time(canary.P95)} > max-p95-latency {Time(limits.MaxP95)}");
            if (canary.P99 > limits.MaxP99)
                broken.Add($"canary p99 {Time(canary.P99)} > max-p99-latency {Time(limits.MaxP99)}");
            if (stable.Requests >= limits.MinRequests)
            {
                if (SlowerThanStable(canary.P95, stable.P95, limits) is { } p95)
                    broken.Add($"canary p95 {p95}");
                if (SlowerThanStable(canary.P99, stable.P99, limits) is { } p99)
                    broken.Add($"canary p99 {p99}");
            }
        }

        var numbers = $"canary {Side(canary)}; stable {Side(stable)}; over {Durations.Describe(window.Length)} ({window.Provider})";
        if (broken.Count > 0)
            return new AnalysisVerdict(AnalysisOutcome.Fail, window, $"{string.Join("; ", broken)} | {numbers}");

        var short_ = new List<string>();
        if (canary.Requests < limits.MinRequests)
            short_.Add($"canary {canary.Requests}");
        if (stable.Requests < limits.MinRequests)
            short_.Add($"stable {stable.Requests}");
        if (short_.Count > 0)
            return new AnalysisVerdict(AnalysisOutcome.Inconclusive, window,
                $"too little traffic to judge: {string.Join(", ", short_)} customer requests < min-requests {limits.MinRequests} | {numbers}");

        return new AnalysisVerdict(AnalysisOutcome.Pass, window, $"every limit held | {numbers}");
    }

    /// <summary>
    /// True when the canary breaks a limit that needs no percentile (its errors, a hang): what can be checked on every
    /// sample between verdicts without judging latency on a handful of requests.
    /// </summary>
    public static bool FailsWithoutPercentiles(SideMeasurement canary, AnalysisLimits limits) => ErrorsBreak(canary, limits) || Hangs(canary, limits);

    private static bool ErrorsBreak(SideMeasurement canary, AnalysisLimits limits) =>
        canary.Errors > 0 && (double)canary.Errors / Math.Max(canary.Requests, limits.MinRequests) > limits.MaxErrorRate;

    private static bool Hangs(SideMeasurement canary, AnalysisLimits limits) => canary.OldestInFlight > limits.MaxInFlightAge;

    /// <summary>The verdict for a window whose numbers could not be read.</summary>
    public static AnalysisVerdict Unavailable(string provider, string why) =>
        new(AnalysisOutcome.Error, null, $"metrics unavailable ({provider}): {why}");

    /// <summary>One side's numbers as verdicts quote them.</summary>
    public static string Side(SideMeasurement side) =>
        $"{side.Requests.ToString("N0", CultureInfo.InvariantCulture)} requests, {Percent(side.ErrorRate)} 5xx, p95 {Time(side.P95)}, p99 {Time(side.P99)}, oldest in flight {Time(side.OldestInFlight)}";

    private static string? SlowerThanStable(TimeSpan? canary, TimeSpan? stable, AnalysisLimits limits)
    {
        if (canary is not { } c || stable is not { } s)
            return null;
        var ratio = s > TimeSpan.Zero ? c / s : double.PositiveInfinity;
        return ratio > limits.MaxLatencyRatio && c - s > limits.LatencyTolerance
            ? $"{Time(c)} is {Ratio(ratio)} x stable's {Time(s)} > max-latency-ratio {Ratio(limits.MaxLatencyRatio)} (and {Time(c - s)} > latency-tolerance {Time(limits.LatencyTolerance)})"
            : null;
    }

    private static string Time(TimeSpan? span) => span is { } s ? Durations.Describe(s) : "n/a";

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Ratio(double ratio) => double.IsInfinity(ratio) ? "inf" : ratio.ToString("0.##", CultureInfo.InvariantCulture);
}
