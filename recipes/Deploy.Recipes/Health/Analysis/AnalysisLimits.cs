using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Health.Analysis;

/// <summary>The limits a canary is judged against (all from settings; see <see cref="From"/>).</summary>
/// <param name="MaxErrorRate">Largest 5xx share of the canary's customer requests (<c>max-error-rate</c>).</param>
/// <param name="MaxLatencyRatio">Largest ratio of the canary's p95 and p99 to the stable release's (<c>max-latency-ratio</c>).</param>
/// <param name="LatencyTolerance">Differences below this never break the ratio (<c>latency-tolerance</c>).</param>
/// <param name="MaxP95">Absolute p95 limit (<c>max-p95-latency</c>).</param>
/// <param name="MaxP99">Absolute p99 limit (<c>max-p99-latency</c>).</param>
/// <param name="MaxInFlightAge">Longest a canary customer request may be in flight (<c>max-latency</c>).</param>
/// <param name="MinRequests">Fewest customer requests on each side for a verdict (<c>min-requests</c>).</param>
public sealed record AnalysisLimits(
    double MaxErrorRate, double MaxLatencyRatio, TimeSpan LatencyTolerance, TimeSpan MaxP95, TimeSpan MaxP99, TimeSpan MaxInFlightAge, long MinRequests)
{
    /// <summary>The limits the settings define.</summary>
    public static AnalysisLimits From(DeploySettings settings) => new(
        settings.MaxErrorRate, settings.MaxLatencyRatio, settings.LatencyTolerance, settings.MaxP95Latency, settings.MaxP99Latency,
        settings.MaxLatency, settings.MinRequests);
}
