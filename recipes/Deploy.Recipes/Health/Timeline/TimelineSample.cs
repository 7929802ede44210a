namespace Deploy.Recipes.Health.Timeline;

/// <summary>
/// What one host's edge said at one moment of a release: a line of a release timeline. Counters are cumulative since
/// each slot's process started, as the edge keeps them; the report takes differences between samples.
/// </summary>
/// <param name="TimeUtc">When the edge was asked.</param>
/// <param name="Host">The host's name (<c>local</c>, or <c>user@address:port</c>).</param>
/// <param name="Slots">Each slot as it was then.</param>
public sealed record TimelineSample(DateTimeOffset TimeUtc, string Host, IReadOnlyList<TimelineSlot> Slots);

/// <summary>One slot of a <see cref="TimelineSample"/>.</summary>
/// <param name="Slot">The slot's name (<c>blue</c>, <c>green</c>).</param>
/// <param name="Release">The release it runs, if any.</param>
/// <param name="Version">That release's version.</param>
/// <param name="Status">The slot's status (<c>running</c>, <c>empty</c>, ...).</param>
/// <param name="Role"><c>stable</c>, <c>canary</c>, or null.</param>
/// <param name="Weight">Its share of customers' traffic, 0-100.</param>
/// <param name="Requests">Customers' responses since its process started (all requests from an edge too old to tell).</param>
/// <param name="Errors">Of those, 5xx.</param>
/// <param name="LatencyBucketsMs">Upper bounds of the latency histogram's buckets in ms (-1 = +inf).</param>
/// <param name="LatencyCounts">Responses per bucket (customers' non-5xx responses).</param>
public sealed record TimelineSlot(
    string Slot,
    string? Release,
    string? Version,
    string Status,
    string? Role,
    int Weight,
    long Requests,
    long Errors,
    IReadOnlyList<double> LatencyBucketsMs,
    IReadOnlyList<long> LatencyCounts);
