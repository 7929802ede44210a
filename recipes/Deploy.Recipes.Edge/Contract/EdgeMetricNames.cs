namespace Deploy.Recipes.Edge.Contract;

/// <summary>
/// The series the edge exports on <c>GET /metrics</c> (Prometheus text format 0.0.4), compiled into the edge and the
/// recipe so the Prometheus analysis provider's queries can never drift from what the edge writes. Every series carries
/// <c>environment</c>; per-slot series carry <c>slot</c> (blue, green) and <c>role</c> (stable, canary, or idle). A slot's
/// counters start again at zero when a new process starts in it, which Prometheus's <c>rate()</c> reads as a reset.
/// </summary>
public static class EdgeMetricNames
{
    /// <summary>
    /// Counter: completed requests by <c>slot</c>, <c>role</c>, <c>class</c> (1xx-5xx, the edge's own 502/504
    /// included) and <c>source</c> (<c>customer</c>, <c>operator</c> for the recipe's checks, <c>pinned</c> for requests
    /// pinned with <see cref="EdgeFiles.PinHeader"/>).
    /// </summary>
    public const string Requests = "deploy_edge_requests_total";

    /// <summary>
    /// Histogram (<c>_bucket</c> with <c>le</c> in seconds, <c>_sum</c>, <c>_count</c>): customers' request durations
    /// by <c>slot</c> and <c>role</c>, 5xx answers included.
    /// </summary>
    public const string Duration = "deploy_edge_request_duration_seconds";

    /// <summary>Gauge: customer requests in flight by <c>slot</c> and <c>role</c>.</summary>
    public const string InFlight = "deploy_edge_in_flight_requests";

    /// <summary>Gauge: age in seconds of the oldest customer request in flight, by <c>slot</c> and <c>role</c> (0 when none).</summary>
    public const string OldestInFlight = "deploy_edge_oldest_in_flight_seconds";

    /// <summary>Gauge: traffic weight 0-100 by <c>slot</c> and <c>role</c>.</summary>
    public const string Weight = "deploy_edge_traffic_weight";

    /// <summary>Gauge, always 1: which release runs in each slot, with <c>slot</c>, <c>role</c>, <c>release</c>, <c>version</c>.</summary>
    public const string ReleaseInfo = "deploy_edge_release_info";
}
