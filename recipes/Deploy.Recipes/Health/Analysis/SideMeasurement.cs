namespace Deploy.Recipes.Health.Analysis;

/// <summary>What customers got from one side (stable or canary, summed over hosts) in an analysis window.</summary>
/// <param name="Requests">Customer requests completed in the window (operator and pinned requests never count).</param>
/// <param name="Errors">Of those, answered 5xx (the edge's own 502/504 included).</param>
/// <param name="P95">95th percentile latency of those requests; null when none completed.</param>
/// <param name="P99">99th percentile latency; null when none completed.</param>
/// <param name="OldestInFlight">How long the oldest customer request still in flight has waited (zero when none).</param>
public sealed record SideMeasurement(long Requests, long Errors, TimeSpan? P95, TimeSpan? P99, TimeSpan OldestInFlight)
{
    /// <summary>Nothing measured.</summary>
    public static SideMeasurement None { get; } = new(0, 0, null, null, TimeSpan.Zero);

    /// <summary>The share of requests answered 5xx (0 when there were none).</summary>
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;
}
